"""Run the gather over a fleet: Nornir from an inventory folder, progress, errors per device.

Logging: the run's start and end at INFO on ``nornir_optics.collect`` (each device's on
``nornir_optics.tasks.gather``); secrets never in a record (:mod:`nornir_optics.redact`).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nornir_optics.checks.live import Fleet
from nornir_optics.nornir_config import open_nornir
from nornir_optics.tasks.gather import classify, optics_gather

if TYPE_CHECKING:
    from pathlib import Path

    from nornir.core import Nornir
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult, Task

logger = logging.getLogger(__name__)


def init_nornir(
    inventory_dir: Path, *, workers: int | None = 20, config: Path | None = None
) -> Nornir:
    """A Nornir over an inventory folder or a config.yaml, every host readied for the gather.

    See :func:`nornir_optics.nornir_config.open_nornir` (``optics_defaults`` does what this
    function did: Netmiko and NAPALM names and timeouts per platform, now also credentials).
    """
    nr = open_nornir(inventory_dir, config=config, workers=workers)[0]
    logger.info("inventory %s: %d host(s)", inventory_dir, len(nr.inventory.hosts))
    return nr


class _Progress:
    """A Nornir processor that advances a Rich progress bar as hosts finish."""

    def __init__(self, progress: Progress, task_id: Any) -> None:  # noqa: ANN401 - Rich's TaskID
        self.progress = progress
        self.task_id = task_id

    def task_started(self, task: Task) -> None:
        """Nothing to do when the run starts."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """Nothing to do when the run ends."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do when a host starts."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """One more host done."""
        del task, host, result
        self.progress.advance(self.task_id)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do for subtasks."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Nothing to do for subtasks."""


def collect(nr: Nornir, *, show_progress: bool = True, transport: str | None = None) -> Fleet:
    """Gather every host; a device that cannot be read becomes an error, the rest go on.

    ``transport`` (``netmiko`` or ``napalm``) overrides each host's ``optics_transport``.
    """
    facts: dict[str, Any] = {}
    errors: dict[str, tuple[str, str]] = {}
    started = time.monotonic()
    logger.info("gathering %d device(s)", len(nr.inventory.hosts))
    with Progress(
        TextColumn("gathering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not show_progress,
    ) as progress:
        task_id = progress.add_task("gather", total=len(nr.inventory.hosts))
        result = nr.with_processors([_Progress(progress, task_id)]).run(
            task=optics_gather, connection=transport
        )
    for name, multi in result.items():
        if multi.failed:
            errors[name] = classify(multi[0].exception)
        else:
            facts[name] = multi[0].result
    nr.close_connections()
    logger.info(
        "gathered in %.1f s: %d device(s) read, %d not%s",
        time.monotonic() - started,
        len(facts),
        len(errors),
        f" ({', '.join(sorted(errors))})" if errors else "",
    )
    return Fleet(facts=facts, errors=errors)
