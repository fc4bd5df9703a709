"""The audit as a Nornir task, and a processor that judges the whole fleet inside any ``nr.run``.

Usage in a script of your own::

    fabric = load_fabric(Path("inventory"))
    audit = OpticsAuditProcessor(fabric)
    nr.with_processors([audit]).run(task=optics_audit, fabric=fabric)
    print(audit.report.to_dict())

The task gathers one host and reports the findings that host alone shows; the processor
collects every host's facts and, when the run ends, audits the fleet as a whole (duplicate
serials, far ends, causes on one device and their symptoms on another).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from nornir.core.task import Result, Task

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.findings import Report
from nornir_optics.tasks.gather import classify, optics_gather

if TYPE_CHECKING:
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult

    from nornir_optics.fabric import Fabric


def optics_audit(task: Task, *, fabric: Fabric) -> Result:
    """Gather a host and audit it against the intent.

    Arguments:
        task: the Nornir task of one host
        fabric: the intent, inventory and catalogues (``load_fabric``)

    Returns:
        Result object with the following attributes set:
          * result (``dict``): ``facts`` (DeviceFacts) and ``findings`` (this host's findings
            in the findings contract; the fleet-wide view is the processor's)
    """
    facts = task.run(task=optics_gather, severity_level=10).result
    report = audit_live(fabric, Fleet(facts={task.host.name: facts}))
    own = [f.to_dict() for f in report.findings if f.device == task.host.name]
    return Result(host=task.host, result={"facts": facts, "findings": own})


class OpticsAuditProcessor:
    """Collects facts across hosts during a run and audits the fleet when it ends."""

    def __init__(self, fabric: Fabric, *, db: str | None = None) -> None:
        """Audit against this fabric; with ``db`` (a history store), with trends, recorded."""
        self.fabric = fabric
        self.db = db
        self.run_id: int | None = None
        self.facts: dict[str, object] = {}
        self.errors: dict[str, tuple[str, str]] = {}
        self.report: Report = Report(findings=(), devices=0, ports=0)
        self._lock = threading.Lock()

    def task_started(self, task: Task) -> None:
        """A run starts: forget the previous one."""
        del task
        with self._lock:
            self.facts, self.errors = {}, {}

    def task_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do when a host starts."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Keep what the host's audit gathered, or why it could not."""
        del task
        with self._lock:
            if result.failed:
                failed = next((r for r in result if r.failed), result[0])
                self.errors[host.name] = classify(failed.exception)
            else:
                self.facts[host.name] = result[0].result["facts"]

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do for subtasks."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Nothing to do for subtasks."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """The run is over: audit the fleet."""
        del task, result
        with self._lock:
            fleet = Fleet(facts=dict(self.facts), errors=dict(self.errors))  # type: ignore[arg-type]
        if self.db is None:
            self.report = audit_live(self.fabric, fleet)
            return
        from nornir_optics.history import open_store  # noqa: PLC0415
        from nornir_optics.history.job import audit_and_record  # noqa: PLC0415

        with open_store(self.db) as store:
            self.report, self.run_id = audit_and_record(self.fabric, fleet, store)
