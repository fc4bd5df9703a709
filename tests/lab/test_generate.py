"""`optics lab generate`: large fabrics in the reference format, with their expected findings.

Offline, the audit of a perfect gather of a generated lab must give exactly the planted faults;
served (two worker processes, real SSH, eAPI and NETCONF), `optics audit` must too, and
`lab down` must leave no process behind.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest
from labtools import facts_from_lab
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.checks.live import audit_live
from nornir_optics.cli import app
from nornir_optics.lab.control import down, up
from nornir_optics.lab.generate import FAULT_KINDS, check_findings, generate
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from pathlib import Path


def _expected(folder: Path) -> list[dict[str, object]]:
    return list(YAML(typ="safe").load((folder / "expected.yaml").read_text())["findings"])


def test_same_seed_same_fabric_other_seed_other_faults(tmp_path: Path) -> None:
    generate(tmp_path / "a", leaves=12, faults=9, seed=4)
    generate(tmp_path / "b", leaves=12, faults=9, seed=4)
    generate(tmp_path / "c", leaves=12, faults=9, seed=5)
    for name in ("intent.yaml", "lab.yaml", "expected.yaml", "hosts.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "lab.yaml").read_bytes() != (tmp_path / "c" / "lab.yaml").read_bytes()


def test_the_fabric_has_the_asked_shape(tmp_path: Path) -> None:
    made = generate(tmp_path, leaves=100, faults=0, uplinks=2, servers=16)
    assert (made.leaves, made.spines, made.links, made.expected) == (100, 4, 1800, 0)
    lab = load_lab(tmp_path / "lab.yaml")
    platforms = {state.platform for state in lab.devices.values()}
    assert platforms == {"arista_eos", "cisco_nxos", "sonic", "juniper_junos"}
    assert len(lab.devices) == 104


def test_a_perfect_gather_of_the_generated_lab_shows_every_planted_fault_and_no_other(
    tmp_path: Path,
) -> None:
    made = generate(tmp_path, leaves=60, faults=4 * len(FAULT_KINDS), seed=11)
    expected = _expected(tmp_path)
    assert made.faults == 4 * len(FAULT_KINDS)
    assert len(expected) == made.faults + 4  # four cloned serials name two ports each
    lab = load_lab(tmp_path / "lab.yaml")
    recompute(lab)
    report = audit_live(lab.fabric, facts_from_lab(lab))
    missing, false = check_findings(expected, [f.to_dict() for f in report.findings])
    assert missing == []
    assert false == []


def test_a_fault_free_fabric_audits_clean(tmp_path: Path) -> None:
    generate(tmp_path, leaves=24, faults=0, seed=2)
    lab = load_lab(tmp_path / "lab.yaml")
    recompute(lab)
    assert not audit_live(lab.fabric, facts_from_lab(lab)).findings


def test_generate_command_writes_the_reference_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["lab", "generate", str(tmp_path), "--leaves", "8", "--faults", "3", "--seed", "9"]
    )
    assert result.exit_code == 0, result.output
    assert "8 leaves" in result.stdout
    names = {path.name for path in tmp_path.iterdir()}
    assert names >= {"intent.yaml", "lab.yaml", "expected.yaml", "hosts.yaml", "groups.yaml"}
    plan = CliRunner().invoke(app, ["plan", "audit", "-i", str(tmp_path), "--fail-on", "never"])
    assert plan.exit_code == 0, plan.output


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.lab
def test_audit_of_a_served_generated_lab_on_two_processes(tmp_path: Path) -> None:
    generate(tmp_path, leaves=48, faults=len(FAULT_KINDS) * 2, seed=21, latency_ms=5)
    out = tmp_path / "run"
    info = up(tmp_path / "lab.yaml", out, procs=2)
    pids = [int(pid) for pid in info["pids"]]  # type: ignore[attr-defined]
    try:
        assert len(pids) == 2
        assert len(info["ports"]) == 50  # type: ignore[arg-type]
        result = CliRunner().invoke(app, ["audit", "-i", str(out), "--format", "json"])
    finally:
        down(out)
    assert result.exit_code == 1, result.output
    missing, false = check_findings(_expected(tmp_path), json.loads(result.stdout)["findings"])
    assert missing == []
    assert false == []
    assert not [pid for pid in pids if _alive(pid)]
    assert not (out / "lab.pid").exists()
