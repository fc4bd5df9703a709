"""The audit inside a user's own Nornir run: task per host, processor for the fleet."""

from __future__ import annotations

import runpy
from typing import TYPE_CHECKING, Any

from labtools import ROOT

from nornir_optics.collect import init_nornir
from nornir_optics.fabric import load_fabric
from nornir_optics.tasks import OpticsAuditProcessor, optics_audit

if TYPE_CHECKING:
    from pathlib import Path


def test_processor_audits_the_fleet_inside_nr_run(dc1_lab: dict[str, Any]) -> None:
    fabric = load_fabric(dc1_lab["dir"])
    audit = OpticsAuditProcessor(fabric)
    nr = init_nornir(dc1_lab["dir"], workers=6)
    result = nr.with_processors([audit]).run(task=optics_audit, fabric=fabric)
    nr.close_connections()
    assert not result.failed
    leaf2 = result["leaf2"][0].result
    assert {f["category"] for f in leaf2["findings"]} >= {"fec-mismatch", "optic-missing"}
    assert "transceivers" in leaf2["facts"]
    causes = {(f.device, f.port, f.category) for f in audit.report.findings if not f.symptom}
    assert ("leaf1", "Ethernet3/1", "serial-duplicate") in causes  # needs two hosts' facts
    assert ("leaf4", "et-0/0/1", "serial-duplicate") in causes
    symptoms = [f for f in audit.report.findings if f.symptom and f.device == "spine2"]
    assert any(f.caused_by is not None and f.caused_by.device == "leaf2" for f in symptoms)


def test_playbooks_exit_codes(dc1_lab: dict[str, Any], tmp_path: Path) -> None:
    nightly = runpy.run_path(str(ROOT / "playbooks" / "nightly_audit.py"))
    assert nightly["main"]([str(dc1_lab["dir"]), str(tmp_path / "reports")]) == 1
    assert (tmp_path / "reports" / "audit.html").exists()
    pre_change = runpy.run_path(str(ROOT / "playbooks" / "pre_change_audit.py"))
    junit = tmp_path / "junit.xml"
    assert (
        pre_change["main"]([str(dc1_lab["dir"]), str(dc1_lab["dir"] / "intent.yaml"), str(junit)])
        == 1
    )
    assert "<testsuite" in junit.read_text()
