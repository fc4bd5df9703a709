"""Plan checks at 800G, as a table: (links of an intent -> expected findings), no lab needed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from ruamel.yaml import YAML

from nornir_optics import catalog
from nornir_optics.checks.plan import audit_plan
from nornir_optics.fabric import load_fabric

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HOSTS = {
    "pe": {"platform": "arista_eos", "data": {"model": "DCS-7060X6-64PE"}},
    "de": {"platform": "arista_eos", "data": {"model": "DCS-7060X6-64DE"}},
    "nx": {"platform": "cisco_nxos", "data": {"model": "N9K-C9364E-SG2"}},
    "qfx": {"platform": "juniper_junos", "data": {"model": "QFX5240-64OD"}},
    "sn": {"platform": "sonic", "data": {"model": "MSN5600"}},
    "dx5": {"platform": "arista_eos", "data": {"model": "DCS-7060DX5-64S"}},
}
TWIN = {"fiber": "smf", "connector": "2xmpo12-apc", "length_m": 60}
MPO16 = {"fiber": "smf", "connector": "mpo16-apc", "length_m": 60}


def _legs(optic: str, count: int) -> list[dict[str, str]]:
    return [{"port": f"srv{n}:eth0", "optic": optic} for n in range(1, count + 1)]


CASES: dict[str, tuple[dict[str, Any], set[tuple[str, str, str]]]] = {
    "2xdr4-twin-port-straight-cords": (
        {"a": "pe:Ethernet1/1", "z": "qfx:et-0/0/0", "optic": "800G-2xDR4", "cable": TWIN},
        set(),
    ),
    "2xdr4-on-one-mpo16-trunk": (
        {"a": "pe:Ethernet1/1", "z": "sn:Ethernet0", "optic": "800G-2xDR4", "cable": MPO16},
        {("pe", "Ethernet1/1", "cable-mismatch")},
    ),
    "dr8-on-an-mpo12-trunk": (
        {
            "a": "qfx:et-0/0/7",
            "z": "pe:Ethernet61/1",
            "optic": "800GBASE-DR8",
            "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": 100},
        },
        {("qfx", "et-0/0/7", "cable-mismatch")},
    ),
    "dr8-8x100g-harness-to-100g-dr": (
        {
            "a": "pe:Ethernet1/1",
            "optic": "800GBASE-DR8",
            "breakout": "8x100G",
            "z": _legs("100GBASE-DR", 8),
            "cable": {"fiber": "smf", "connector": "mpo16-apc-8xlc", "length_m": 15},
        },
        set(),
    ),
    "dr8-8x100g-on-an-even-cage": (
        {
            "a": "pe:Ethernet2/1",
            "optic": "800GBASE-DR8",
            "breakout": "8x100G",
            "z": _legs("100GBASE-DR", 8),
            "cable": {"fiber": "smf", "connector": "mpo16-apc-8xlc", "length_m": 15},
        },
        {("pe", "Ethernet2/1", "breakout-unsupported")},
    ),
    "8x100g-on-the-qsfp-dd800-7060x6": (
        {
            "a": "de:Ethernet1/1",
            "optic": "800GBASE-DR8",
            "breakout": "8x100G",
            "z": _legs("100GBASE-DR", 8),
            "cable": {"fiber": "smf", "connector": "mpo16-apc-8xlc", "length_m": 15},
        },
        {("de", "Ethernet1/1", "breakout-unsupported")},
    ),
    "twin-port-2x400g-to-two-dr4": (
        {
            "a": "nx:Ethernet1/5",
            "optic": "800G-2xDR4",
            "breakout": "2x400G",
            "z": _legs("400GBASE-DR4", 2),
            "cable": TWIN,
        },
        set(),
    ),
    "twin-port-2x400g-to-fr4-halves": (
        {
            "a": "qfx:et-0/0/9",
            "optic": "800G-2xDR4",
            "breakout": "2x400G",
            "z": _legs("400GBASE-FR4", 2),
            "cable": TWIN,
        },
        {
            ("qfx", "et-0/0/9:0", "far-end-incompatible"),
            ("qfx", "et-0/0/9:1", "far-end-incompatible"),
        }
        | {("qfx", "et-0/0/9", "cable-mismatch")},
    ),
    "2xfr4-twin-port-over-two-lc-pairs": (
        {
            "a": "pe:Ethernet3/1",
            "z": "sn:Ethernet8",
            "optic": "800G-2xFR4",
            "cable": {"fiber": "smf", "connector": "2xlc-duplex", "length_m": 60},
        },
        set(),
    ),
    "qsfp-dd800-module-in-a-400g-qsfp-dd-cage": (
        {"a": "dx5:Ethernet1/1", "z": "de:Ethernet1/1", "optic": "800G-2xDR4", "cable": TWIN},
        {("dx5", "Ethernet1/1", "optic-unsupported")},
    ),
    "400g-dr4-in-a-qsfp-dd800-cage-at-400g": (
        {
            "a": "nx:Ethernet1/1",
            "z": "dx5:Ethernet1/1",
            "optic": "400GBASE-DR4",
            "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": 60},
        },
        set(),
    ),
    "dr8-channel-over-its-3-db-budget": (
        {
            "a": "pe:Ethernet5/1",
            "z": "qfx:et-0/0/5",
            "optic": "800GBASE-DR8",
            "cable": {"fiber": "smf", "connector": "mpo16-apc", "length_m": 450, "connectors": 6},
        },
        {("pe", "Ethernet5/1", "loss-exceeded")},
    ),
    "dr8-2-at-1600-m": (
        {
            "a": "pe:Ethernet33/1",
            "z": "dci1:Ethernet1/1",
            "optic": "800GBASE-DR8-2",
            "state": "planned",
            "cable": {"fiber": "smf", "connector": "mpo16-apc", "length_m": 1600},
        },
        set(),
    ),
}


def _audit(tmp_path: Path, links: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    yaml = YAML()
    with (tmp_path / "hosts.yaml").open("w") as stream:
        yaml.dump(HOSTS, stream)
    with (tmp_path / "intent.yaml").open("w") as stream:
        yaml.dump({"version": 1, "policy": {"fec": "rs544"}, "links": links}, stream)
    report = audit_plan(load_fabric(tmp_path))
    return {(f.device, f.port, f.category) for f in report.findings}


@pytest.mark.parametrize("case", list(CASES))
def test_plan_at_800g(tmp_path: Path, case: str) -> None:
    link, expected = CASES[case]
    assert _audit(tmp_path, [link]) == expected


@pytest.fixture
def port_power_15w(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The SN5600's per-port module power lowered to 15 W in the data, for one test."""
    read = catalog.read_data_file

    def patched(name: str) -> dict[str, object]:
        data: Any = read(name)
        if name == "platforms.yaml":
            ports = data["models"]["MSN5600"]["ports"][0]
            ports["max_module_power_w"] = {"value": 15, "source": "UNVERIFIED"}
        return dict(data)

    monkeypatch.setattr(catalog, "read_data_file", patched)
    catalog.load_catalog.cache_clear()
    yield
    monkeypatch.undo()
    catalog.load_catalog.cache_clear()


@pytest.mark.usefixtures("port_power_15w")
def test_a_module_over_the_ports_power_is_found(tmp_path: Path) -> None:
    link = {"a": "pe:Ethernet1/1", "z": "sn:Ethernet0", "optic": "800G-2xDR4", "cable": TWIN}
    assert _audit(tmp_path, [link]) == {("sn", "Ethernet0", "power-exceeded")}
