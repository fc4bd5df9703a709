"""`optics remediate` on served labs: dry run, commit, verify, idempotence, rejection, limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from labtools import DC1_LAB, ROOT, running_config
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.control import down, up

CONFIG_CATEGORIES = {"fec-mismatch", "breakout-mismatch", "admin-state", "speed-mismatch"}


def _run(lab_dir: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["remediate", "-i", str(lab_dir), "--format", "json", "--settle", "0", *args]
    )
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip().startswith(
        "{"
    ) else {}


def _audit(lab_dir: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["audit", "-i", str(lab_dir), "--format", "json", "--fail-on", "never"]
    )
    return list(json.loads(result.stdout)["findings"])


def _causes(findings: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(f["device"], f["port"], f["category"]) for f in findings if not f["symptom"]}


def _served(lab_file: Path, out: Path) -> dict[str, Any]:
    up(lab_file, out)
    yaml = YAML(typ="safe")
    return {
        "dir": out,
        "hosts": yaml.load((out / "hosts.yaml").read_text()),
        **yaml.load((out / "defaults.yaml").read_text()),
    }


def test_dry_run_changes_nothing(fresh_lab: dict[str, Any], tmp_path: Path) -> None:
    before = {name: running_config(fresh_lab, name) for name in fresh_lab["hosts"]}
    code, data = _run(fresh_lab["dir"], "--log-dir", str(tmp_path / "log"))
    assert code == 0, data
    planned = {device["device"]: device for device in data["devices"]}
    assert set(planned) == {"leaf1", "leaf2", "leaf3", "leaf4"}
    assert all(device["result"] == "planned" and device["diff"] for device in planned.values())
    assert planned["leaf1"]["disruptive"] is True
    assert planned["leaf2"]["disruptive"] is False
    assert {(w["device"], w["port"]) for w in data["work_orders"]} >= {("leaf2", "Ethernet1/64")}
    after = {name: running_config(fresh_lab, name) for name in fresh_lab["hosts"]}
    assert after == before


def test_commit_clears_the_config_rows_and_a_second_run_plans_nothing(
    fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    before = _causes(_audit(fresh_lab["dir"]))
    log = tmp_path / "log"
    code, data = _run(fresh_lab["dir"], "--commit", "--log-dir", str(log))
    assert code == 0, data
    assert {d["device"]: d["result"] for d in data["devices"]} == dict.fromkeys(
        ("leaf1", "leaf2", "leaf3", "leaf4"), "committed"
    )
    findings = _audit(fresh_lab["dir"])
    after = _causes(findings)
    assert not {c for c in after if c[2] in CONFIG_CATEGORIES}
    assert after <= before, after - before
    assert not [
        f
        for f in findings
        if f["category"] == "link-down"
        and f["caused_by"]
        and f["caused_by"]["category"] in CONFIG_CATEGORIES
    ]
    code, again = _run(fresh_lab["dir"], "--log-dir", str(log))
    assert code == 0
    assert again["devices"] == []
    entries = [json.loads(line) for line in (log / "changes.jsonl").read_text().splitlines()]
    assert {e["device"] for e in entries} == {"leaf1", "leaf2", "leaf3", "leaf4"}
    assert all(Path(e["backup"]).exists() for e in entries)
    assert fresh_lab["password"] not in (log / "changes.jsonl").read_text()


@pytest.mark.lab
def test_a_rejected_line_restores_the_device_exactly(tmp_path: Path) -> None:
    yaml = YAML()
    lab = yaml.load(DC1_LAB.read_text())
    lab["intent"] = str(DC1_LAB.parent / "intent.yaml")
    lab["devices"]["leaf2"]["knobs"] = {"reject_config": ["no fec"]}
    lab_file = tmp_path / "lab.yaml"
    with lab_file.open("w") as stream:
        yaml.dump(lab, stream)
    served = _served(lab_file, tmp_path / "run")
    try:
        before = running_config(served, "leaf2")
        code, data = _run(served["dir"], "--commit", "--log-dir", str(tmp_path / "log"))
        assert code == 1, data
        results = {d["device"]: d for d in data["devices"]}
        assert results["leaf2"]["result"] == "failed"
        assert results["leaf2"]["error"]
        assert {results[name]["result"] for name in ("leaf1", "leaf3", "leaf4")} == {"committed"}
        assert running_config(served, "leaf2") == before
    finally:
        down(served["dir"])


def test_more_devices_than_allowed_are_refused(fresh_lab: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "remediate",
            "-i",
            str(fresh_lab["dir"]),
            "--max-devices",
            "2",
            "--log-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "more than --max-devices 2" in result.output


@pytest.mark.lab
def test_pod9_is_corrected_on_all_four_platforms(tmp_path: Path) -> None:
    served = _served(ROOT / "tests" / "fabrics" / "pod9" / "lab.yaml", tmp_path / "run")
    try:
        before = _causes(_audit(served["dir"]))
        configs = {name: running_config(served, name) for name in served["hosts"]}
        code, dry = _run(served["dir"], "--log-dir", str(tmp_path / "log"))
        assert code == 0, dry
        assert {d["result"] for d in dry["devices"]} == {"planned"}
        assert {name: running_config(served, name) for name in served["hosts"]} == configs
        code, data = _run(served["dir"], "--commit", "--log-dir", str(tmp_path / "log"))
        assert code == 0, data
        assert {d["platform"] for d in data["devices"]} == {
            "arista_eos",
            "cisco_nxos",
            "juniper_junos",
            "sonic",
        }
        after = _causes(_audit(served["dir"]))
        assert not {c for c in after if c[2] in CONFIG_CATEGORIES}
        assert after <= before, after - before
        assert _run(served["dir"], "--log-dir", str(tmp_path / "log"))[1]["devices"] == []
    finally:
        down(served["dir"])
