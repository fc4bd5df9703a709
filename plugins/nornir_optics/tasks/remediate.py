"""The remediation of one host as a Nornir task: gather, audit, plan, then dry-run or commit.

Usage in a script of your own::

    fabric = load_fabric(Path("inventory"))
    nr = InitNornir(config_file="config.yaml", dry_run=True)
    result = nr.run(task=optics_remediate, fabric=fabric)
    print_result(result)  # per host: the device's diff, changed, failed

The task is self-contained: it gathers its host (an ``optics_gather`` sub-step), audits it
against the fabric, plans the config changes of its ``config`` causes
(:mod:`nornir_optics.checks.remediation`), reads the running config and renders the changes in
the platform's syntax (its ``config.py``: a hier_config diff of the touched interfaces on EOS,
NX-OS and Junos) and dry-runs or commits them through the platform's push (its ``push.py``),
which verifies a commit by gathering the host again before it confirms it. ``fleet=`` takes facts
gathered beforehand for the whole fleet (as ``optics remediate`` does, for fleet-wide
attribution of causes): the host is then not gathered again before planning, and the audits see
the other devices too.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.checks.remediation import DevicePlan, plan_remediation
from nornir_optics.exceptions import OpticsError
from nornir_optics.journal import Transaction
from nornir_optics.models import RemedyKind
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import Outcome, no_record, run_step
from nornir_optics.tasks.gather import optics_gather

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from pathlib import Path

    from nornir_optics.fabric import Fabric
    from nornir_optics.facts import DeviceFacts
    from nornir_optics.findings import Report
    from nornir_optics.journal import State

logger = logging.getLogger(__name__)


class RemediationError(OpticsError):
    """A host's remediation failed or was rolled back; ``outcome`` says how and why."""

    def __init__(self, host: str, outcome: Outcome) -> None:
        """Name the host, the result and the reason."""
        super().__init__(f"{host}: {outcome.result}: {outcome.error or 'no reason given'}")
        self.outcome = outcome


def optics_remediate(  # noqa: PLR0913 - keyword options of one task
    task: Task,
    *,
    fabric: Fabric,
    dry_run: bool | None = None,
    fleet: Fleet | None = None,
    confirm_timeout: int = 120,
    settle: float = 3.0,
    log_dir: Path | None = None,
    stop: threading.Event | None = None,
) -> Result:
    """Bring the host's config in line with the intent: the fixes of its ``config`` causes.

    Arguments:
        task: the Nornir task of one host
        fabric: the intent, inventory and catalogues (``load_fabric``)
        dry_run: only show what would change (default: the Nornir run's dry-run setting)
        fleet: facts gathered beforehand for the whole fleet; without it, the host is gathered
        confirm_timeout: seconds before an unconfirmed commit reverts itself on the device
        settle: seconds to let links settle after a commit before verifying it
        log_dir: where the change journal is kept (:mod:`nornir_optics.journal`): with it, a
            commit is journaled (``planned`` with the lines, the backup file and the rollback
            handle before the first line, then ``pushed``, ``verified`` and how it ended)
        stop: set by a signal handler: a commit not yet verified is then rolled back (its
            verification reports the interrupt) and a host not yet started is not touched

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``result`` (``planned``, ``committed``, ``unchanged``,
            ``rolled-back`` or ``failed``), ``lines`` (the config lines, in order),
            ``rollback`` (the lines that would undo them, from hier_config; the push itself
            undoes a change by the platform's own mechanism),
            ``disruptive``, ``error`` (why it failed or was rolled back, else None)
          * diff (``str``): the device's own diff where it has one (EOS session diff, Junos
            ``show | compare``; after a commit on NX-OS and SONiC, the running config before
            and after), else the planned remediation
          * changed (``bool``): something would change (dry run) or changed and was kept
          * failed (``bool``): the push failed or was rolled back; ``exception`` is then a
            :class:`RemediationError` with the outcome
          * backup (``str``): the running config taken before a commit (it may hold secrets:
            never print it; ``optics remediate`` stores it with mode 0600)
    """
    name = task.host.name
    dry = task.is_dry_run(dry_run)
    context = _context(task, fleet)
    report = audit_live(fabric, context)
    device_plan = run_step(task, "plan", lambda: _plan(fabric, report, name), _described)
    if device_plan is None:
        logger.info("%s: nothing to change", name)
        data = {"result": "unchanged", "lines": [], "rollback": [], "disruptive": False}
        return Result(host=task.host, result={**data, "error": None}, changed=False, diff="")
    platform = get_platform(task.host.platform)
    running = run_step(
        task, "running config", lambda: platform.running_config(task), lambda t: f"{len(t)} chars"
    )
    config = platform.config_diff(device_plan.changes, running)
    lines = config.lines
    if not lines:
        logger.info("%s: the running config already has the intended lines", name)
        data = {"result": "unchanged", "lines": [], "rollback": [], "disruptive": False}
        return Result(host=task.host, result={**data, "error": None}, changed=False, diff="")
    logger.info(
        "%s: %s %d line(s)%s",
        name,
        "dry run of" if dry else "committing",
        len(lines),
        " (disruptive)" if device_plan.disruptive else "",
    )
    logger.debug("%s: lines %s", name, lines)
    if stop is not None and stop.is_set() and not dry:
        outcome = Outcome("failed", error="interrupted before the push started")
        return _result(task, outcome, (lines, config.rollback), device_plan)
    journal = Transaction(log_dir, name, platform.PLATFORM, lines) if log_dir and not dry else None
    verify = _journaled(_verifier(fabric, context, report, device_plan, settle), journal, stop)
    try:
        outcome = platform.push(
            task,
            lines,
            commit=not dry,
            confirm_timeout=confirm_timeout,
            verify=verify,
            record=journal.record if journal else no_record,
        )
    except BaseException:
        if journal is not None:
            journal.record("interrupted")
        raise
    if journal is not None:
        journal.record(ENDS[outcome.result], error=outcome.error)
    return _result(task, outcome, (lines, config.rollback), device_plan)


ENDS: dict[str, State] = {
    "committed": "confirmed",
    "rolled-back": "rolled-back",
    "failed": "failed",
    "planned": "failed",
    "unchanged": "confirmed",
}
"""The journal's final state of a commit, from the push's result."""


def _journaled(
    verify: Callable[[Task], str | None],
    journal: Transaction | None,
    stop: threading.Event | None,
) -> Callable[[Task], str | None]:
    """The verification, journaling ``pushed`` and ``verified``; an interrupt fails it.

    The push calls it once the lines are on the device, so ``pushed`` is written then; a
    verification failing because of an interrupt makes the push roll back.
    """

    def journaled(task: Task) -> str | None:
        if journal is not None:
            journal.record("pushed")
        if stop is not None and stop.is_set():
            return "interrupted: rolled back"
        problem = verify(task)
        if stop is not None and stop.is_set():
            return "interrupted: rolled back"
        if problem is None and journal is not None:
            journal.record("verified")
        return problem

    return journaled


def _result(
    task: Task, outcome: Outcome, lines: tuple[list[str], list[str]], device_plan: DevicePlan
) -> Result:
    """The task's Result from the push's outcome (``lines``: the change and its rollback)."""
    name = task.host.name
    failed = outcome.result in {"failed", "rolled-back"}
    (logger.warning if failed else logger.info)(
        "%s: %s%s", name, outcome.result, f": {outcome.error}" if outcome.error else ""
    )
    data = {
        "result": outcome.result,
        "lines": lines[0],
        "rollback": lines[1],
        "disruptive": device_plan.disruptive,
        "error": outcome.error,
    }
    return Result(
        host=task.host,
        result=data,
        diff=outcome.diff,
        changed=outcome.result in {"planned", "committed"},
        failed=failed,
        exception=RemediationError(name, outcome) if failed else None,
        backup=outcome.backup,
    )


def _context(task: Task, fleet: Fleet | None) -> Fleet:
    """The fleet the host is audited in: the given one, with the host gathered if it is not."""
    if fleet is not None and task.host.name in fleet.facts:
        return fleet
    facts: DeviceFacts = task.run(
        task=optics_gather, name="gather", severity_level=logging.DEBUG
    ).result
    known = fleet or Fleet(facts={})
    errors = {key: value for key, value in known.errors.items() if key != task.host.name}
    return Fleet(facts={**known.facts, task.host.name: facts}, errors=errors)


def _plan(fabric: Fabric, report: Report, device: str) -> DevicePlan | None:
    """The device's plan from the fleet's report; None when it has nothing to change."""
    plans, _ = plan_remediation(fabric, report)
    return next((plan for plan in plans if plan.device == device), None)


def _described(plan: DevicePlan | None) -> list[dict[str, Any]]:
    """A plan as the plan step's (JSON-serialisable) result: its changes."""
    return [asdict(change) for change in plan.changes] if plan else []


def _verifier(
    fabric: Fabric, fleet: Fleet, before: Report, plan: DevicePlan, settle: float
) -> Callable[[Task], str | None]:
    """The check a push runs after a commit: None when the touched ports now match the intent.

    Judged on the ports the plan touched: their config findings must be gone and no new cause
    may appear on them. LLDP is not judged (a neighbour is heard only at its next frame).
    """
    touched = {c.interface for c in plan.changes} | {c.cage for c in plan.changes if c.cage}

    def judge(name: str, facts: DeviceFacts) -> str | None:
        after = audit_live(fabric, Fleet(facts={**fleet.facts, name: facts}, errors=fleet.errors))
        left = {c for c in _causes(after, name, config_only=True) if c[0] in touched}
        new = {
            c
            for c in _causes(after, name) - _causes(before, name)
            if c[0] in touched and c[1] != "far-end-mismatch"
        }
        if left:
            return "still wrong after the change: " + ", ".join(f"{p} {c}" for p, c in sorted(left))
        if new:
            return "new problems after the change: " + ", ".join(f"{p} {c}" for p, c in sorted(new))
        return None

    def verify(task: Task) -> str | None:
        if settle:
            time.sleep(settle)
        try:
            facts = task.run(
                task=optics_gather, name="gather again", severity_level=logging.DEBUG
            ).result
        except NornirSubTaskError as exc:
            inner = exc.result[0].exception if exc.result else None
            return f"the device could not be gathered again: {type(inner).__name__}: {inner}"
        return run_step(task, "verify", lambda: judge(task.host.name, facts))

    return verify


def _causes(report: Report, device: str, *, config_only: bool = False) -> set[tuple[str, str]]:
    return {
        (f.port, f.category)
        for f in report.findings
        if f.device == device
        and not f.symptom
        and (not config_only or f.remedy.kind is RemedyKind.CONFIG)
    }
