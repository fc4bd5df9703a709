"""Cause attribution on generated fabrics: one planted fault, one cause, the rest symptoms.

Each case builds a fresh fabric of four switches (one per platform) with random ports, plants
one fault in the lab's reality, takes the facts a perfect gather would report, and audits. The
fault must come back as exactly one cause (two for a cloned serial) at the right port, and
every other finding must be a symptom linked to it.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pytest
from labtools import facts_from_lab
from ruamel.yaml import YAML

from nornir_optics.checks.live import audit_live
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from pathlib import Path

SWITCHES = {
    "sw-a": ("arista_eos", "DCS-7060DX5-64S", "Ethernet{n}/1", 64, "Ethernet{n}/{lane}"),
    "sw-c": ("cisco_nxos", "N9K-C9364D-GX2A", "Ethernet1/{n}", 64, "Ethernet1/{n}/{leg}"),
    "sw-s": ("sonic", "MSN4700", "Ethernet{abs}", 32, "Ethernet{abs_leg}"),
    "sw-j": ("juniper_junos", "QFX5220-32CD", "et-0/0/{i}", 32, "et-0/0/{i}:{leg0}"),
}
MODULES = {
    "arista_eos": {"vendor": "Arista Networks", "part_number": "QDD-400G-DR4"},
    "cisco_nxos": {"vendor": "CISCO-INNOLIGHT", "part_number": "QDD-400G-DR4-S"},
    "sonic": {"vendor": "NVIDIA", "part_number": "MMS1V00-WM"},
    "juniper_junos": {"vendor": "Juniper Networks", "part_number": "QDD-400G-DR4"},
}


def _port(name: str, n: int) -> str:
    template = SWITCHES[name][2]
    return template.format(n=n, i=n - 1, abs=(n - 1) * 8)


def _child(name: str, n: int, leg: int) -> str:
    template = SWITCHES[name][4]
    return template.format(
        n=n,
        i=n - 1,
        lane=1 + (leg - 1) * 2,
        leg=leg,
        leg0=leg - 1,
        abs_leg=(n - 1) * 8 + (leg - 1) * 2,
    )


def build(folder: Path, seed: int) -> dict[str, Any]:
    """A random four-switch fabric: a full mesh of DR4 uplinks and one breakout per switch."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test fabrics, not secrets
    free = {name: rng.sample(range(1, spec[3] + 1), 6) for name, spec in SWITCHES.items()}
    names = list(SWITCHES)
    links: list[dict[str, Any]] = []
    uplinks: list[tuple[str, str, str, str]] = []
    for i, a in enumerate(names):
        for z in names[i + 1 :]:
            pa, pz = _port(a, free[a].pop()), _port(z, free[z].pop())
            uplinks.append((a, pa, z, pz))
            links.append(
                {
                    "a": f"{a}:{pa}",
                    "z": f"{z}:{pz}",
                    "optic": "400GBASE-DR4",
                    "cable": {
                        "fiber": "smf",
                        "connector": "mpo12-apc",
                        "length_m": rng.randint(30, 400),
                    },
                }
            )
    breakouts: list[tuple[str, int]] = []
    for name in names:
        n = free[name].pop()
        breakouts.append((name, n))
        links.append(
            {
                "a": f"{name}:{_port(name, n)}",
                "optic": "400GBASE-DR4",
                "breakout": "4x100G",
                "z": [
                    {"port": f"{name}-srv{leg}:eth0", "optic": "100GBASE-DR"} for leg in range(4)
                ],
                "cable": {
                    "fiber": "smf",
                    "connector": "mpo12-apc-4xlc",
                    "length_m": rng.randint(3, 30),
                },
            }
        )
    intent = {
        "version": 1,
        "policy": {
            "fec": "rs544",
            "dom": {"rx_margin_db": 2.0, "lane_spread_db": 3.0, "temperature_max_c": 65.0},
            "approved_optics": [
                {"vendor": v["vendor"], "part_number": v["part_number"] + "*"}
                for v in MODULES.values()
            ],
        },
        "links": links,
    }
    yaml = YAML()
    with (folder / "intent.yaml").open("w") as stream:
        yaml.dump(intent, stream)
    devices = {name: {"platform": spec[0], "model": spec[1]} for name, spec in SWITCHES.items()}
    modules = {platform: {"400GBASE-DR4": module} for platform, module in MODULES.items()}
    return {
        "devices": devices,
        "modules": modules,
        "uplinks": uplinks,
        "breakouts": breakouts,
        "rng": rng,
    }


def plant(
    kind: str, fabric: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[tuple[str, str, set[str]]]]:
    """The faults for one kind and the causes the audit must report for them."""
    rng = fabric["rng"]
    a, pa, z, pz = rng.choice(fabric["uplinks"])
    device, port = rng.choice([(a, pa), (z, pz)])
    bdev, bn = rng.choice(fabric["breakouts"])
    parent = _port(bdev, bn)
    leg = rng.randint(1, 4)
    light = {"lane-imbalance", "dom-rx-low", "budget-exceeded"}
    plans: dict[str, tuple[list[dict[str, Any]], list[tuple[str, str, set[str]]]]] = {
        "fec-off": (
            [{"port": f"{device}:{port}", "set": {"fec": "none"}}],
            [(device, port, {"fec-mismatch"})],
        ),
        "leg-fec": (
            [{"port": f"{bdev}:{_child(bdev, bn, leg)}", "set": {"fec": "fc"}}],
            [(bdev, _child(bdev, bn, leg), {"fec-mismatch"})],
        ),
        "unbroken": (
            [{"port": f"{bdev}:{parent}", "set": {"breakout": "none"}}],
            [(bdev, parent, {"breakout-mismatch"})],
        ),
        "wrong-mode": (
            [{"port": f"{bdev}:{parent}", "set": {"breakout": "2x200G"}}],
            [(bdev, parent, {"breakout-mismatch"})],
        ),
        "shut": (
            [{"port": f"{device}:{port}", "set": {"admin": "down"}}],
            [(device, port, {"admin-state"})],
        ),
        "fr4": (
            [{"port": f"{device}:{port}", "module": "400GBASE-FR4"}],
            [(device, port, {"optic-mismatch"})],
        ),
        "lr4-qsfp28": (
            [{"port": f"{device}:{port}", "module": "100GBASE-LR4"}],
            [(device, port, {"optic-mismatch"})],
        ),
        "pulled": (
            [{"port": f"{device}:{port}", "module": "none"}],
            [(device, port, {"optic-missing"})],
        ),
        "hot": (
            [{"port": f"{device}:{port}", "module": {"temperature_c": 72.0}}],
            [(device, port, {"dom-temperature"})],
        ),
        "unapproved": (
            [
                {
                    "port": f"{device}:{port}",
                    "module": {"vendor": "Grey Box", "part_number": "GB-400-DR4"},
                }
            ],
            [(device, port, {"optic-unapproved"})],
        ),
        "cloned": (
            [
                {"port": f"{a}:{pa}", "module": {"serial": "CLONE1"}},
                {"port": f"{bdev}:{parent}", "module": {"serial": "CLONE1"}},
            ],
            [(a, pa, {"serial-duplicate"}), (bdev, parent, {"serial-duplicate"})],
        ),
        "dirty-lane": (
            [{"port": f"{device}:{port}", "lane": rng.randint(1, 4), "extra_loss_db": 4.5}],
            [(device, port, light)],
        ),
        "low-lane": (
            [{"port": f"{device}:{port}", "lane": rng.randint(1, 4), "extra_loss_db": 8.0}],
            [(device, port, light)],
        ),
        "polarity": (
            [{"port": f"{device}:{port}", "lane": "all", "extra_loss_db": 60.0}],
            [(device, port, {"no-light"})],
        ),
    }
    return plans[kind]


KINDS = [
    "fec-off",
    "leg-fec",
    "unbroken",
    "wrong-mode",
    "shut",
    "fr4",
    "lr4-qsfp28",
    "pulled",
    "hot",
    "unapproved",
    "cloned",
    "dirty-lane",
    "low-lane",
    "polarity",
]


@pytest.mark.parametrize("seed", [11, 23, 47])
@pytest.mark.parametrize("kind", KINDS)
def test_one_fault_one_cause(tmp_path: Path, kind: str, seed: int) -> None:
    fabric = build(tmp_path, seed)
    faults, causes = plant(kind, fabric)
    lab_file = tmp_path / "lab.yaml"
    with lab_file.open("w") as stream:
        YAML().dump(
            {"devices": fabric["devices"], "modules": fabric["modules"], "faults": faults}, stream
        )
    lab = load_lab(lab_file)
    recompute(lab)
    report = audit_live(lab.fabric, facts_from_lab(lab))
    found = [f for f in report.findings if not f.symptom]
    for device, port, categories in causes:
        hits = [
            f for f in found if (f.device, f.port) == (device, port) and f.category in categories
        ]
        assert hits, (kind, device, port, [(f.device, f.port, f.category) for f in found])
    allowed = {(device, port) for device, port, _ in causes}
    stray = [(f.device, f.port, f.category) for f in found if (f.device, f.port) not in allowed]
    assert stray == [], (kind, stray)
    for symptom in (f for f in report.findings if f.symptom):
        assert symptom.caused_by is not None
        assert (symptom.caused_by.device, symptom.caused_by.port) in allowed | {
            (s.device, s.port) for s in found
        }
