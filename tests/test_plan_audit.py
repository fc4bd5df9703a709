"""The pre-change audit of the plan: reference fabrics, and one planted fault per rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.checks.plan import audit_plan
from nornir_optics.cli import app
from nornir_optics.fabric import load_fabric
from nornir_optics.findings import categories, finding_id
from nornir_optics.models import RemedyKind

ROOT = Path(__file__).resolve().parent.parent
FABRICS = ROOT / "tests" / "fabrics"

HOSTS = {
    "ar1": {"platform": "arista_eos", "data": {"model": "DCS-7060DX5-64S"}},
    "ar2": {"platform": "arista_eos", "data": {"model": "DCS-7060DX5-64S"}},
    "cx1": {"platform": "arista_eos", "data": {"model": "DCS-7060CX-32S"}},
    "nx1": {"platform": "cisco_nxos", "data": {"model": "N9K-C9364D-GX2A"}},
    "fx1": {"platform": "cisco_nxos", "data": {"model": "N9K-C9336C-FX2"}},
    "sn1": {"platform": "sonic", "data": {"model": "MSN4700"}},
    "jx1": {"platform": "juniper_junos", "data": {"model": "QFX5220-32CD"}},
}
DR4_TRUNK = {"fiber": "smf", "connector": "mpo12-apc", "length_m": 100}
HARNESS = {"fiber": "smf", "connector": "mpo12-apc-4xlc", "length_m": 10}


def _legs(*optics: str) -> list[dict[str, str]]:
    return [{"port": f"srv{n}:eth0", "optic": optic} for n, optic in enumerate(optics, start=1)]


DR_LEGS = _legs(*["100GBASE-DR"] * 4)


def _write(
    tmp_path: Path, links: list[dict[str, object]], policy: dict[str, object] | None = None
) -> Path:
    yaml = YAML()
    with (tmp_path / "hosts.yaml").open("w") as stream:
        yaml.dump(HOSTS, stream)
    intent: dict[str, object] = {"version": 1, "links": links}
    if policy is not None:
        intent["policy"] = policy
    with (tmp_path / "intent.yaml").open("w") as stream:
        yaml.dump(intent, stream)
    return tmp_path


def _rows(
    tmp_path: Path, links: list[dict[str, object]], **kwargs: object
) -> list[tuple[str, str, str]]:
    report = audit_plan(load_fabric(_write(tmp_path, links, **kwargs)))  # type: ignore[arg-type]
    return [(f.device, f.port, f.category) for f in report.findings]


CLEAN_LINKS: list[dict[str, object]] = [
    {"a": "ar1:Ethernet1/1", "z": "nx1:Ethernet1/1", "optic": "400GBASE-DR4", "cable": DR4_TRUNK},
    {
        "a": "nx1:Ethernet1/2",
        "z": "sn1:Ethernet0",
        "optic": "400G-XDR4",
        "cable": {**DR4_TRUNK, "length_m": 1500},
    },
    {
        "a": "jx1:et-0/0/0",
        "z": "ar1:Ethernet2/1",
        "optic": "400GBASE-FR4",
        "cable": {"fiber": "smf", "connector": "lc-duplex", "length_m": 1900},
    },
    {
        "a": "ar1:Ethernet3/1",
        "breakout": "4x100G",
        "optic": "400GBASE-DR4",
        "z": DR_LEGS,
        "cable": HARNESS,
    },
    {
        "a": "nx1:Ethernet1/3",
        "breakout": "4x100G",
        "optic": "400GBASE-DR4",
        "z": [{"port": f"web{n}:eth0", "optic": "100GBASE-DR"} for n in range(4)],
        "cable": HARNESS,
    },
    {
        "a": "sn1:Ethernet8",
        "breakout": "4x100G",
        "optic": "400GBASE-DR4",
        "z": [{"port": f"db{n}:eth0", "optic": "100GBASE-DR"} for n in range(4)],
        "cable": HARNESS,
    },
    {
        "a": "jx1:et-0/0/1",
        "breakout": "4x100G",
        "optic": "400GBASE-DR4",
        "z": [
            {"port": "fx1:Ethernet1/1", "optic": "100GBASE-DR"},
            {"port": "fx1:Ethernet1/2", "optic": "100GBASE-DR"},
            {"port": "cx1:Ethernet1/1", "optic": "100GBASE-DR"},
            {"port": "cx1:Ethernet2/1", "optic": "100GBASE-DR"},
        ],
        "cable": HARNESS,
    },
    {
        "a": "fx1:Ethernet1/10",
        "z": "cx1:Ethernet10/1",
        "optic": "100GBASE-LR4",
        "cable": {"fiber": "smf", "connector": "lc-duplex", "length_m": 8000},
    },
    {
        "a": "fx1:Ethernet1/11",
        "z": "cx1:Ethernet11/1",
        "optic": "100GBASE-SR4",
        "cable": {"fiber": "mmf", "connector": "mpo12-upc", "length_m": 70},
    },
    {
        "a": "ar2:Ethernet1/1",
        "z": "ar2:Ethernet2/1",
        "optic": "400G-QSFPDD-DAC",
        "cable": {"fiber": "copper", "connector": "dac", "length_m": 2},
    },
    {
        "a": "ar2:Ethernet3/1",
        "z": "nx1:Ethernet1/9",
        "optic": "400GBASE-SR8",
        "cable": {"fiber": "mmf", "connector": "mpo16-apc", "length_m": 90},
    },
    {
        "a": "ar2:Ethernet5/1",
        "z": "stor:eth0",
        "optic": "400GBASE-DR4",
        "state": "planned",
        "cable": DR4_TRUNK,
    },
    {
        "a": "ar2:Ethernet6/1",
        "z": "nx1:Ethernet1/10",
        "optic": "400GBASE-DR4",
        "admin": "down",
        "cable": DR4_TRUNK,
    },
]


def test_a_correct_plan_on_every_platform_has_no_finding(tmp_path: Path) -> None:
    assert _rows(tmp_path, CLEAN_LINKS) == []


def _with(index: int, **changes: object) -> list[dict[str, object]]:
    links = [dict(link) for link in CLEAN_LINKS]
    links[index] = {**links[index], **changes}
    return links


PLANTED = {
    "dr4-in-qsfp28-cage": (
        _with(0, z="cx1:Ethernet5/1"),
        [("cx1", "Ethernet5/1", "port-incompatible")],
    ),
    "qsfp28-optic-in-qsfp-dd-cage-is-fine": (
        _with(
            0,
            a="ar1:Ethernet9/1",
            z="fx1:Ethernet1/20",
            optic="100GBASE-DR",
            cable={"fiber": "smf", "connector": "lc-duplex", "length_m": 10},
        ),
        [],
    ),
    "breakout-on-qsfp28-port": (
        _with(6, a="fx1:Ethernet1/30"),
        [("fx1", "Ethernet1/30", "port-incompatible")],
    ),
    "breakout-mode-the-port-lacks": (
        _with(
            5,
            breakout="8x50G",
            z=[{"port": f"db{n}:eth0", "optic": "100GBASE-DR"} for n in range(8)],
        ),
        [("sn1", "Ethernet8", "breakout-unsupported"), ("sn1", "Ethernet8", "cable-mismatch")],
    ),
    "breakout-the-optic-lacks": (
        _with(3, optic="400GBASE-FR4"),
        [("ar1", "Ethernet3/1", "breakout-unsupported"), ("ar1", "Ethernet3/1", "cable-mismatch")],
    ),
    "dr4-against-fr4": (
        _with(0, z={"port": "nx1:Ethernet1/1", "optic": "400GBASE-FR4"}),
        [("ar1", "Ethernet1/1", "cable-mismatch"), ("ar1", "Ethernet1/1", "far-end-incompatible")],
    ),
    "cwdm4-leg-on-dr4-breakout": (
        _with(3, z=_legs("100GBASE-DR", "100GBASE-DR", "100G-CWDM4", "100GBASE-DR")),
        [("ar1", "Ethernet3/5", "far-end-incompatible")],
    ),
    "cwdm4-leg-on-junos-breakout": (
        _with(
            6,
            z=[
                {"port": f"gpu{n}:eth0", "optic": "100G-CWDM4" if n == 0 else "100GBASE-DR"}
                for n in range(4)
            ],
        ),
        [("jx1", "et-0/0/1:0", "far-end-incompatible")],
    ),
    "lc-cable-on-dr4-trunk": (
        _with(0, cable={**DR4_TRUNK, "connector": "lc-duplex"}),
        [("ar1", "Ethernet1/1", "cable-mismatch")],
    ),
    "straight-trunk-on-breakout": (
        _with(5, cable=DR4_TRUNK),
        [("sn1", "Ethernet8", "cable-mismatch")],
    ),
    "multimode-fibre-on-dr4": (
        _with(0, cable={**DR4_TRUNK, "fiber": "mmf"}),
        [("ar1", "Ethernet1/1", "cable-mismatch")],
    ),
    "dr4-too-long": (
        _with(0, cable={**DR4_TRUNK, "length_m": 650}),
        [("ar1", "Ethernet1/1", "reach-exceeded")],
    ),
    "fr4-too-long-planned": (
        _with(
            2, state="planned", cable={"fiber": "smf", "connector": "lc-duplex", "length_m": 2500}
        ),
        [("jx1", "et-0/0/0", "reach-exceeded")],
    ),
    "dac-too-long": (
        _with(9, cable={"fiber": "copper", "connector": "dac", "length_m": 5}),
        [("ar2", "Ethernet1/1", "reach-exceeded")],
    ),
    "sr8-too-long": (
        _with(10, cable={"fiber": "mmf", "connector": "mpo16-apc", "length_m": 150}),
        [("ar2", "Ethernet3/1", "reach-exceeded")],
    ),
    "explicit-fec-the-optic-cannot-take": (
        _with(0, fec="rs528"),
        [("ar1", "Ethernet1/1", "fec-mismatch"), ("nx1", "Ethernet1/1", "fec-mismatch")],
    ),
    "explicit-fec-on-one-end": (
        _with(0, z={"port": "nx1:Ethernet1/1", "fec": "none"}),
        [("nx1", "Ethernet1/1", "fec-mismatch")],
    ),
    "fr1-legs-on-dr4-are-undocumented": (
        _with(3, z=_legs("100G-FR1", *["100GBASE-DR"] * 3)),
        [("ar1", "Ethernet3/1", "far-end-incompatible")],
    ),
}


@pytest.mark.parametrize(("links", "expected"), PLANTED.values(), ids=PLANTED.keys())
def test_planted_problem_gives_its_findings(
    tmp_path: Path, links: list[dict[str, object]], expected: list[tuple[str, str, str]]
) -> None:
    assert _rows(tmp_path, links) == sorted(expected)


def test_undocumented_pairing_is_a_warning(tmp_path: Path) -> None:
    report = audit_plan(
        load_fabric(_write(tmp_path, PLANTED["fr1-legs-on-dr4-are-undocumented"][0]))
    )
    assert [f.severity.value for f in report.findings] == ["warning"]


def test_policy_fec_applies_only_where_the_optic_takes_it(tmp_path: Path) -> None:
    """rs544 policy: DR4 ports run rs544, a QSFP28 LR4 runs none, and neither is a finding."""
    fabric = load_fabric(_write(tmp_path, CLEAN_LINKS, policy={"fec": "rs544"}))
    fec = {end.ref: end.fec.value for link in fabric.links for end in (link.a, *link.z)}
    assert fec["ar1:Ethernet1/1"] == "rs544"
    assert fec["fx1:Ethernet1/10"] == "none"
    assert fec["fx1:Ethernet1/11"] == "rs528"
    assert audit_plan(fabric).findings == ()


def test_port_group_rule_blocks_the_next_cage(tmp_path: Path) -> None:
    from nornir_optics.catalog import Constraint, load_catalog  # noqa: PLC0415

    model = load_catalog().models["QFX5220-32CD"]
    rule = Constraint(
        mode="4x100G", cages="odd", blocks_next=True, source="UNVERIFIED", note="test"
    )
    object.__setattr__(model, "constraints", (rule,))
    try:
        rows = _rows(tmp_path, _with(6, a="jx1:et-0/0/2"))  # front-panel 3: odd, blocks et-0/0/3
        assert rows == []
        links = _with(6, a="jx1:et-0/0/2")
        links.append({"a": "jx1:et-0/0/3", "z": "x:y", "optic": "400GBASE-DR4", "cable": DR4_TRUNK})
        assert _rows(tmp_path, links) == [("jx1", "et-0/0/2", "port-conflict")]
        assert _rows(tmp_path, _with(6, a="jx1:et-0/0/3")) == [
            ("jx1", "et-0/0/3", "breakout-unsupported")
        ]
    finally:
        object.__setattr__(model, "constraints", ())


def _expected_rows(path: Path) -> list[tuple[str, str, list[str], str]]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return [
        (row["device"], row["port"], row["category"], row["remedy"]) for row in data["findings"]
    ]


def test_dc1_plan_has_exactly_one_finding_reach_exceeded_on_leaf1() -> None:
    result = CliRunner().invoke(
        app, ["plan", "audit", "-i", str(ROOT / "inventory"), "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [
        (f["device"], f["port"], f["category"], f["remedy"]["kind"]) for f in data["findings"]
    ] == [("leaf1", "Ethernet4/1", "reach-exceeded", "intent")]
    finding = data["findings"][0]
    assert "400G-XDR4" in finding["remedy"]["action"]
    assert "500 m" in finding["remedy"]["action"]
    assert finding["symptom"] is False
    assert finding["caused_by"] is None
    assert data["summary"]["by_category"] == {"reach-exceeded": 1}
    assert data["summary"]["devices"] == 6


def test_dc1_copy_in_inventory_is_the_reference(shared: Path) -> None:
    for name in ("intent.yaml", "lab.yaml"):
        assert (ROOT / "inventory" / name).read_bytes() == (
            shared / "reference" / "dc1" / name
        ).read_bytes()


def test_reference_intent_is_accepted_unchanged(shared: Path) -> None:
    fabric = load_fabric(ROOT / "inventory", shared / "reference" / "dc1" / "intent.yaml")
    assert len(fabric.links) == 19


def test_pod7_second_fabric_gets_one_correct_finding_per_planted_problem() -> None:
    fabric = load_fabric(FABRICS / "pod7")
    found = audit_plan(fabric).findings
    expected = _expected_rows(FABRICS / "pod7" / "expected_plan.yaml")
    assert len(found) == len(expected)
    for device, port, accepted, remedy in expected:
        matches = [f for f in found if (f.device, f.port) == (device, port)]
        assert len(matches) == 1, (device, port, matches)
        assert matches[0].category in accepted
        assert matches[0].remedy.kind.value == remedy


def test_findings_json_contract_keys(tmp_path: Path) -> None:
    report = audit_plan(load_fabric(_write(tmp_path, PLANTED["dr4-too-long"][0])))
    data = report.to_dict()
    assert set(data) == {"findings", "summary"}
    assert set(data["summary"]) == {"by_severity", "by_category", "devices", "ports"}
    assert set(data["summary"]["by_severity"]) == {"info", "warning", "error", "critical"}
    row = data["findings"][0]
    assert set(row) == {
        "id",
        "device",
        "port",
        "category",
        "severity",
        "message",
        "expected",
        "actual",
        "remedy",
        "symptom",
        "caused_by",
    }
    assert set(row["remedy"]) == {"kind", "action"}
    assert row["id"] == finding_id(row["device"], row["port"], row["category"])
    assert len(row["id"]) == 8
    for key in ("expected", "actual"):
        assert row[key] is None or isinstance(row[key], str | int | float | bool)


def test_every_category_is_documented() -> None:
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    for name, spec in categories().items():
        assert f"`{name}`" in doc, name
        assert spec.severity.value in doc


def test_fail_on_never_exits_0_and_warning_threshold_counts_warnings(tmp_path: Path) -> None:
    runner = CliRunner()
    inventory = str(ROOT / "inventory")
    assert (
        runner.invoke(app, ["plan", "audit", "-i", inventory, "--fail-on", "never"]).exit_code == 0
    )
    folder = _write(tmp_path, PLANTED["fr1-legs-on-dr4-are-undocumented"][0])
    assert runner.invoke(app, ["plan", "audit", "-i", str(folder)]).exit_code == 0
    assert (
        runner.invoke(app, ["plan", "audit", "-i", str(folder), "--fail-on", "warning"]).exit_code
        == 1
    )


def test_missing_inventory_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(tmp_path)])
    assert result.exit_code == 2
    assert "hosts.yaml: no such file" in result.output
    assert "Traceback" not in result.output


def test_report_can_be_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    args = ["plan", "audit", "-i", str(ROOT / "inventory"), "-f", "json", "-o", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 1
    assert json.loads(out.read_text())["summary"]["by_category"] == {"reach-exceeded": 1}


def test_pre_change_playbook_exit_code() -> None:
    import runpy  # noqa: PLC0415

    playbook = runpy.run_path(str(ROOT / "playbooks" / "pre_change_plan_audit.py"))
    assert playbook["main"]([str(ROOT / "inventory")]) == 1
    assert playbook["main"]([str(FABRICS / "pod7")]) == 1


def test_every_live_category_has_an_attribution_group() -> None:
    for name, spec in categories().items():
        if spec.phase == "live":
            assert spec.group is not None, name
    fec = categories()["fec-mismatch"]
    assert (fec.remedy_in("plan"), fec.remedy_in("live")) == (RemedyKind.INTENT, RemedyKind.CONFIG)
