"""Remediation of a fleet: audit, plan, then per device dry-run or commit, verify, roll back.

The fleet is gathered once and audited as a whole (causes on one device, symptoms on another);
each planned device then runs :func:`~nornir_optics.tasks.optics_remediate` with those facts,
in parallel under Nornir; one failing never stops the others. Every push (dry runs included) is
appended to a change log of JSON lines (time, user, device, lines, the lines that would undo
them, device diff, result, backup file) in ``log_dir``; the running config taken before each
commit is kept there too. Credentials never appear in the log.
"""

from __future__ import annotations

import getpass
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nornir.core.task import Result, Task

from nornir_optics import journal
from nornir_optics.catalog import load_catalog
from nornir_optics.checks.live import audit_live
from nornir_optics.checks.remediation import DevicePlan, WorkOrder, plan_remediation
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import Outcome
from nornir_optics.tasks.remediate import optics_remediate

if TYPE_CHECKING:
    import threading
    from pathlib import Path

    from nornir.core import Nornir

    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric
    from nornir_optics.findings import Report

logger = logging.getLogger(__name__)


@dataclass
class DeviceRun:
    """The plan of one device and what came of it."""

    plan: DevicePlan
    lines: list[str] = field(default_factory=list)
    outcome: Outcome | None = None
    rollback: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The device's entry of the remediation JSON contract."""
        note = load_catalog().platforms[self.plan.platform].breakout_note
        return {
            "device": self.plan.device,
            "platform": self.plan.platform,
            "lines": self.lines,
            "rollback": self.rollback,
            "disruptive": self.plan.disruptive,
            "disruption": note if self.plan.disruptive else "",
            "notes": self.plan.notes,
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
    """Audit the fleet and plan each device's changes (its lines come from the device's task)."""
    report = audit_live(fabric, fleet)
    plans, orders = plan_remediation(fabric, report)
    for device_plan in plans:
        logger.info(
            "%s: %d change(s) planned%s",
            device_plan.device,
            len(device_plan.changes),
            " (disruptive)" if device_plan.disruptive else "",
        )
    runs = [DeviceRun(device_plan) for device_plan in plans]
    return Remediation(report=report, devices=runs, work_orders=orders)


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
    stop: threading.Event | None = None,
) -> Remediation:
    """Run :func:`~nornir_optics.tasks.optics_remediate` on every planned device (in parallel).

    The task gets the fleet gathered beforehand (no second gather; verification sees the whole
    fleet). Each device's outcome is filled in from its Result and the change log is written.
    """
    by_device = {run.plan.device: run for run in remediation.devices}
    if not by_device:
        logger.info("nothing to change")
        return remediation
    logger.info(
        "%s on %d device(s): %s",
        "committing" if commit else "dry run",
        len(by_device),
        ", ".join(sorted(by_device)),
    )
    targets = nr.filter(filter_func=lambda host: host.name in by_device)
    result = targets.run(
        task=optics_remediate,
        fabric=fabric,
        fleet=fleet,
        dry_run=not commit,
        confirm_timeout=confirm_timeout,
        settle=settle,
        log_dir=log_dir if commit else None,
        stop=stop,
    )
    for name, multi in result.items():
        _fill(by_device[name], multi[0])
    _log(remediation, log_dir)
    return remediation


def _fill(run: DeviceRun, result: Result) -> None:
    """A device's outcome from its task Result (an exception without data: ``failed``)."""
    data = result.result
    if not isinstance(data, dict):
        exc = result.exception
        run.outcome = Outcome(result="failed", error=f"{type(exc).__name__}: {str(exc)[:300]}")
        return
    run.lines = list(data["lines"]) or run.lines
    run.rollback = list(data.get("rollback", []))
    result_word = data["result"]
    run.outcome = Outcome(
        result=result_word,
        diff=str(result.diff),
        error=data["error"],
        backup=str(getattr(result, "backup", "")),
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
                "rollback": run.rollback,
                "diff": run.outcome.diff,
                "result": run.outcome.result,
                "error": run.outcome.error,
                "backup": backup_file,
            }
            log.write(json.dumps(entry) + "\n")


@dataclass(frozen=True)
class Recovered:
    """What ``--recover`` did for one open transaction of the journal."""

    device: str
    txn: str
    state: str
    action: str
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        """The entry of the recovery JSON contract."""
        return {
            "device": self.device,
            "txn": self.txn,
            "state": self.state,
            "action": self.action,
            "error": self.error,
        }


def recover(nr: Nornir, log_dir: Path, *, confirm: bool) -> list[Recovered]:
    """Finish every transaction the journal shows open, on the devices of ``nr``.

    Per device (in parallel), each open transaction, oldest first: the platform's ``recover``
    compares the running config with the backup and rolls back to it (or, with ``confirm``,
    confirms the change); the outcome is appended to the journal (``rolled-back``, ``confirmed``
    or ``failed``, marked ``recovered``).
    """
    entries = [e for e in journal.open_transactions(log_dir) if e.device in nr.inventory.hosts]
    by_device: dict[str, list[journal.Entry]] = {}
    for entry in entries:
        by_device.setdefault(entry.device, []).append(entry)
    if not by_device:
        return []

    def task(task: Task) -> Result:
        done: list[Recovered] = []
        platform = get_platform(task.host.platform)
        for entry in by_device[task.host.name]:
            backup = entry.backup()
            error: str | None
            if not backup:
                action, error = "nothing", f"the backup file {entry.backup_file} is missing"
            else:
                action, error = platform.recover(task, entry.handle, backup, confirm=confirm)
            transaction = journal.Transaction(
                log_dir, entry.device, entry.platform, entry.lines, txn=entry.txn
            )
            end = "failed" if error else ("confirmed" if confirm else "rolled-back")
            transaction.append(end, recovered=True, action=action, error=error)
            logger.info(
                "%s: %s: %s%s", entry.device, entry.txn, action, f": {error}" if error else ""
            )
            done.append(Recovered(entry.device, entry.txn, entry.state, action, error))
        return Result(host=task.host, result=done)

    targets = nr.filter(filter_func=lambda host: host.name in by_device)
    result = targets.run(task=task)
    recovered: list[Recovered] = []
    for name, multi in sorted(result.items()):
        if isinstance(multi[0].result, list):
            recovered += multi[0].result
        else:
            exc = multi[0].exception
            reason = f"{type(exc).__name__}: {str(exc)[:300]}"
            for entry in by_device[name]:
                recovered.append(Recovered(name, entry.txn, entry.state, "nothing", reason))
    return recovered
