"""`optics audit` over the served dc1 lab (stock Netmiko), against the reference expectations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from labtools import ROOT
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.control import down, up

if TYPE_CHECKING:
    from pathlib import Path

EXPECTED = ROOT.parent / "shared" / "reference" / "dc1" / "expected.yaml"


def _audit(lab: dict[str, Any], *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "-i", str(lab["dir"]), *extra])
    return result.exit_code, result.stdout


def test_dc1_audit_reports_every_expected_cause_and_no_other(dc1_lab: dict[str, Any]) -> None:
    if not EXPECTED.exists():
        pytest.skip(f"{EXPECTED} is absent: the reference lives in shared/")
    code, out = _audit(dc1_lab, "--format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    causes = [f for f in findings if not f["symptom"]]
    expected = YAML(typ="safe").load(EXPECTED.read_text())["findings"]
    for row in expected:
        hits = [
            f
            for f in causes
            if (f["device"], f["port"]) == (row["device"], row["port"])
            and f["category"] in row["category"]
        ]
        assert hits, row
        assert all(f["remedy"]["kind"] == row["remedy"] for f in hits), row
    allowed = {(row["device"], row["port"]) for row in expected}
    assert [f for f in causes if (f["device"], f["port"]) not in allowed] == []
    assert not [f for f in findings if f["device"] == "spine1" and f["port"] == "Ethernet5/1"]
    for symptom in (f for f in findings if f["symptom"]):
        assert symptom["caused_by"]["category"] in {f["category"] for f in causes}


@pytest.mark.parametrize(
    ("fmt", "marker"), [("md", "## Work orders"), ("junit", "<testsuite"), ("html", "heatmap")]
)
def test_dc1_audit_report_formats(
    dc1_lab: dict[str, Any], tmp_path: Path, fmt: str, marker: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    code, _ = _audit(dc1_lab, "--format", fmt, "--output", str(out), "--fail-on", "never")
    assert code == 0
    assert marker in out.read_text(encoding="utf-8")


def test_filter_limits_the_audit_to_matching_hosts(dc1_lab: dict[str, Any]) -> None:
    code, out = _audit(dc1_lab, "--format", "json", "--filter", "name=leaf2", "--fail-on", "never")
    assert code == 0
    devices = {f["device"] for f in json.loads(out)["findings"] if not f["symptom"]}
    assert "leaf2" in devices
    assert "spine2" not in devices


POD9 = ROOT / "tests" / "fabrics" / "pod9"


@pytest.mark.lab
def test_pod9_second_lab_is_diagnosed_completely_without_false_causes(tmp_path: Path) -> None:
    out = tmp_path / "pod9"
    up(POD9 / "lab.yaml", out)
    try:
        result = CliRunner().invoke(app, ["audit", "-i", str(out), "--format", "json"])
    finally:
        down(out)
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    causes = [f for f in findings if not f["symptom"]]
    expected = YAML(typ="safe").load((POD9 / "expected.yaml").read_text())["findings"]
    for row in expected:
        hits = [
            f
            for f in causes
            if (f["device"], f["port"]) == (row["device"], row["port"])
            and f["category"] in row["category"]
        ]
        assert hits, row
        assert all(f["remedy"]["kind"] == row["remedy"] for f in hits), row
    allowed = {(row["device"], row["port"]) for row in expected}
    assert [f for f in causes if (f["device"], f["port"]) not in allowed] == []
