"""Remediation of a fleet: audit, plan, then per device dry-run or commit, verify, roll back.

Devices are handled in parallel by Nornir; one failing never stops the others. Every push
(dry runs included) is appended to a change log of JSON lines (time, user, device, lines,
device diff, result, backup file) in ``log_dir``; the running config taken before each commit
is kept there too. Credentials never appear in the log.
"""

from __future__ import annotations

import getpass
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from nornir_optics.catalog import load_catalog
from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.checks.remediation import DevicePlan, WorkOrder, plan_remediation
from nornir_optics.models import RemedyKind
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import Outcome
from nornir_optics.tasks.gather import optics_gather

if TYPE_CHECKING:
    from pathlib import Path

    from nornir.core import Nornir

    from nornir_optics.fabric import Fabric
    from nornir_optics.findings import Report


Verifier: TypeAlias = Callable[[Task], str | None]


@dataclass
class DeviceRun:
    """The plan of one device and what came of it."""

    plan: DevicePlan
    lines: list[str]
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        """The device's entry of the remediation JSON contract."""
        note = load_catalog().platforms[self.plan.platform].breakout_note
        return {
            "device": self.plan.device,
            "platform": self.plan.platform,
            "lines": self.lines,
            "disruptive": self.plan.disruptive,
            "disruption": note if self.plan.disruptive else "",
            "diff": self.outcome.diff if self.outcome else "",
            "result": self.outcome.result if self.outcome else "planned",
            "error": self.outcome.error if self.outcome else None,
        }


@dataclass
class Remediation:
    """A whole run: the audit it started from, each device's run, the work orders."""

    report: Report
    devices: list[DeviceRun] = field(default_factory=list)
    work_orders: list[WorkOrder] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The remediation JSON contract."""
        return {
            "devices": [run.to_dict() for run in self.devices],
            "work_orders": [
                {"device": order.device, "port": order.port, "action": order.action}
                for order in self.work_orders
            ],
        }

    @property
    def ok(self) -> bool:
        """Whether no device failed or had to be rolled back."""
        return all(
            run.outcome is None or run.outcome.result in {"planned", "committed", "unchanged"}
            for run in self.devices
        )


def plan(fabric: Fabric, fleet: Fleet) -> Remediation:
    """Audit the fleet and plan each device's config lines."""
    report = audit_live(fabric, fleet)
    plans, orders = plan_remediation(fabric, report)
    runs = []
    for device_plan in plans:
        lines = get_platform(device_plan.platform).config_lines(device_plan.changes)
        runs.append(DeviceRun(device_plan, lines))
    return Remediation(report=report, devices=runs, work_orders=orders)


def _config_causes(report: Report, device: str) -> set[tuple[str, str]]:
    return {
        (f.port, f.category)
        for f in report.findings
        if f.device == device and not f.symptom and f.remedy.kind is RemedyKind.CONFIG
    }


def _causes(report: Report, device: str) -> set[tuple[str, str]]:
    return {(f.port, f.category) for f in report.findings if f.device == device and not f.symptom}


def make_verifier(
    fabric: Fabric, fleet: Fleet, remediation: Remediation, settle: float
) -> Verifier:
    """A check run on a device after a commit: None when it now matches the intent.

    Judged on the ports the plan touched: their config findings must be gone and no new cause
    may appear on them. LLDP is not judged yet (a neighbour is heard only at its next frame).
    """
    before = remediation.report
    touched = {
        run.plan.device: {c.interface for c in run.plan.changes}
        | {c.cage for c in run.plan.changes if c.cage}
        for run in remediation.devices
    }

    def verify(task: Task) -> str | None:
        if settle:
            time.sleep(settle)
        try:
            facts = task.run(task=optics_gather, severity_level=10).result
        except NornirSubTaskError as exc:
            inner = exc.result[0].exception if exc.result else None
            return f"the device could not be gathered again: {type(inner).__name__}: {inner}"
        after = audit_live(
            fabric, Fleet(facts={**fleet.facts, task.host.name: facts}, errors=fleet.errors)
        )
        ports = touched.get(task.host.name, set())
        left = {c for c in _config_causes(after, task.host.name) if c[0] in ports}
        new = {
            c
            for c in _causes(after, task.host.name) - _causes(before, task.host.name)
            if c[0] in ports and c[1] != "far-end-mismatch"
        }
        if left:
            return "still wrong after the change: " + ", ".join(f"{p} {c}" for p, c in sorted(left))
        if new:
            return "new problems after the change: " + ", ".join(f"{p} {c}" for p, c in sorted(new))
        return None

    return verify


def optics_remediate(
    task: Task,
    *,
    lines: list[str],
    commit: bool,
    confirm_timeout: int,
    verify: Verifier,
) -> Result:
    """Dry-run or push one device's planned lines through its platform's push path.

    Arguments:
        task: the Nornir task of one host
        lines: the config lines planned for the host
        commit: apply them (otherwise only show the device's diff)
        confirm_timeout: seconds before an unconfirmed commit reverts itself
        verify: called on the task after a commit; None when the device matches the intent

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``result``, ``diff``, ``error`` of the push
          * changed (``bool``): whether the device was changed and kept the change
    """
    outcome = get_platform(task.host.platform).push(
        task, lines, commit=commit, confirm_timeout=confirm_timeout, verify=verify
    )
    data = {
        "result": outcome.result,
        "diff": outcome.diff,
        "error": outcome.error,
        "backup": outcome.backup,
    }
    return Result(host=task.host, result=data, changed=outcome.result == "committed")


def execute(  # noqa: PLR0913 - one argument per option of the command
    nr: Nornir,
    fabric: Fabric,
    remediation: Remediation,
    fleet: Fleet,
    *,
    commit: bool,
    confirm_timeout: int,
    settle: float,
    log_dir: Path,
) -> Remediation:
    """Run every device's plan (in parallel), fill in the outcomes and write the change log."""
    by_device = {run.plan.device: run for run in remediation.devices}
    if not by_device:
        return remediation
    verify = make_verifier(fabric, fleet, remediation, settle)
    targets = nr.filter(filter_func=lambda host: host.name in by_device)
    lines = {name: run.lines for name, run in by_device.items()}
    result = targets.run(
        task=_device_task,
        lines=lines,
        commit=commit,
        confirm_timeout=confirm_timeout,
        verify=verify,
    )
    for name, multi in result.items():
        run = by_device[name]
        exc = multi[0].exception
        if exc is not None or not isinstance(multi[0].result, dict):
            run.outcome = Outcome(result="failed", error=f"{type(exc).__name__}: {str(exc)[:300]}")
        else:
            data = multi[0].result
            run.outcome = Outcome(
                result=data["result"], diff=data["diff"], error=data["error"], backup=data["backup"]
            )
    _log(remediation, log_dir)
    return remediation


def _device_task(
    task: Task,
    *,
    lines: dict[str, list[str]],
    commit: bool,
    confirm_timeout: int,
    verify: Verifier,
) -> Result:
    return optics_remediate(
        task,
        lines=lines[task.host.name],
        commit=commit,
        confirm_timeout=confirm_timeout,
        verify=verify,
    )


def _log(remediation: Remediation, log_dir: Path) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_dir.chmod(0o700)  # backups hold the devices' configs, secrets included
    stamp = datetime.now(tz=UTC)
    user = getpass.getuser()
    with (log_dir / "changes.jsonl").open("a", encoding="utf-8") as log:
        for run in remediation.devices:
            if run.outcome is None:
                continue
            backup_file = ""
            if run.outcome.backup and run.outcome.result != "planned":
                path = log_dir / f"{run.plan.device}-{stamp.strftime('%Y%m%dT%H%M%S')}.cfg"
                path.touch(mode=0o600)
                path.write_text(run.outcome.backup, encoding="utf-8")
                backup_file = str(path)
            entry = {
                "time": stamp.isoformat(timespec="seconds"),
                "user": user,
                "device": run.plan.device,
                "lines": run.lines,
                "diff": run.outcome.diff,
                "result": run.outcome.result,
                "error": run.outcome.error,
                "backup": backup_file,
            }
            log.write(json.dumps(entry) + "\n")
