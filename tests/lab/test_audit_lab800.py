"""The 800G reference lab (inventory/lab800.yaml) served: audit, remediation, audit again.

The lab, its intent and its expected findings were written blind before the 800G code; this
test holds the code to them: every planted fault found as exactly one accepted cause with the
right remedy kind, no other cause, symptoms only behind a cause, and a committed remediation
that clears the config rows, breaks nothing, and leaves nothing to plan the second time.
"""

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
    from collections.abc import Iterator
    from pathlib import Path

LAB800 = ROOT / "inventory" / "lab800.yaml"
EXPECTED = ROOT / "inventory" / "lab800-expected.yaml"

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lab800(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The lab800 lab served for this module (the remediation test changes its config last)."""
    out = tmp_path_factory.mktemp("lab800")
    up(LAB800, out)
    try:
        yield out
    finally:
        down(out)


def _audit(lab: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["audit", "-i", str(lab), "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["findings"])


def _remediate(lab: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app,
        ["remediate", "-i", str(lab), "--format", "json", "--settle", "1", *args],
    )
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def _expected() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load(EXPECTED.read_text())["findings"])


def _check_against_expected(findings: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    causes = [f for f in findings if not f["symptom"]]
    for row in rows:
        hits = [
            f
            for f in causes
            if (f["device"], f["port"]) == (row["device"], row["port"])
            and f["category"] in row["category"]
        ]
        assert len(hits) == 1, (row, hits)
        assert hits[0]["remedy"]["kind"] == row["remedy"], row
    allowed = {(row["device"], row["port"]) for row in rows}
    assert [f for f in causes if (f["device"], f["port"]) not in allowed] == []
    named = {f["category"] for f in causes}
    for symptom in (f for f in findings if f["symptom"]):
        assert symptom["caused_by"]["category"] in named, symptom


def test_lab800_audit_finds_every_planted_fault_once_and_no_other(lab800: Path) -> None:
    findings = _audit(lab800)
    _check_against_expected(findings, _expected())
    quiet = {
        ("leaf3", "Ethernet16"),
        ("leaf2", "Ethernet1/5/1"),
        ("spine1", "Ethernet6/1"),
        ("leaf1", "Ethernet62/1"),
        ("spine1", "Ethernet33/1"),
        *(("leaf4", f"Ethernet3/{child}") for child in (1, 2, 3, 4, 5, 7, 8)),
    }
    assert [f for f in findings if (f["device"], f["port"]) in quiet] == []
    copper = {("leaf4", "Ethernet20/1"), ("leaf3", "Ethernet64"), ("leaf4", "Ethernet9/1")}
    assert [f for f in findings if (f["device"], f["port"]) in copper] == []


def test_lab800_remediation_clears_the_config_rows_and_plans_nothing_twice(
    lab800: Path, tmp_path: Path
) -> None:
    rows = _expected()
    config_rows = [row for row in rows if row["remedy"] == "config"]
    before = _audit(lab800)
    committed = _remediate(lab800, "--commit", "--log-dir", str(tmp_path / "log"))
    results = {device["device"]: device["result"] for device in committed["devices"]}
    assert results == {row["device"]: "committed" for row in config_rows}
    after = _audit(lab800)
    _check_against_expected(after, [row for row in rows if row["remedy"] != "config"])
    old = {(f["device"], f["port"], f["category"]) for f in before}
    assert [f for f in after if (f["device"], f["port"], f["category"]) not in old] == []
    again = _remediate(lab800, "--log-dir", str(tmp_path / "log"))
    assert again["devices"] == []
