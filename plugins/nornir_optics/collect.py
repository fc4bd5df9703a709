"""Run the gather over a fleet: Nornir from an inventory folder, progress, errors per device."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from nornir import InitNornir
from nornir.core.inventory import ConnectionOptions
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nornir_optics.catalog import load_catalog, platform_key
from nornir_optics.checks.live import Fleet
from nornir_optics.tasks.gather import classify, optics_gather

if TYPE_CHECKING:
    from pathlib import Path

    from nornir.core import Nornir
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult, Task


def init_nornir(inventory_dir: Path, *, workers: int = 20) -> Nornir:
    """A Nornir over an inventory folder, with Netmiko set up for every host's platform."""
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(inventory_dir / "hosts.yaml"),
                "group_file": str(inventory_dir / "groups.yaml"),
                "defaults_file": str(inventory_dir / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
    # Nornir logs a failed task's traceback; without a handler Python prints it to stderr.
    logging.getLogger("nornir").addHandler(logging.NullHandler())
    platforms = load_catalog().platforms
    for host in nr.inventory.hosts.values():
        _netmiko_defaults(host, platforms)
    return nr


def _netmiko_defaults(host: Host, platforms: dict[str, Any]) -> None:
    key = platform_key(host.platform)
    spec = platforms.get(key or "")
    napalm = host.connection_options.get("napalm")
    if spec is not None and spec.napalm:
        if napalm is None:
            host.connection_options["napalm"] = ConnectionOptions(platform=spec.napalm)
        elif not napalm.platform:
            napalm.platform = spec.napalm
    options = host.connection_options.get("netmiko")
    if spec is None and options is None:
        return  # not an optics platform: the gather reports it as a device error
    if spec is not None and (options is None or not options.platform):
        extras = options.extras if options is not None and options.extras else {}
        host.connection_options["netmiko"] = ConnectionOptions(platform=spec.netmiko, extras=extras)
    netmiko = host.connection_options["netmiko"]
    extras = dict(netmiko.extras or {})
    extras.setdefault("fast_cli", False)
    extras.setdefault("conn_timeout", 10)
    extras.setdefault("auth_timeout", 10)
    netmiko.extras = extras


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


def collect(nr: Nornir, *, show_progress: bool = True) -> Fleet:
    """Gather every host; a device that cannot be read becomes an error, the rest go on."""
    facts: dict[str, Any] = {}
    errors: dict[str, tuple[str, str]] = {}
    with Progress(
        TextColumn("gathering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not show_progress,
    ) as progress:
        task_id = progress.add_task("gather", total=len(nr.inventory.hosts))
        result = nr.with_processors([_Progress(progress, task_id)]).run(task=optics_gather)
    for name, multi in result.items():
        if multi.failed:
            errors[name] = classify(multi[0].exception)
        else:
            facts[name] = multi[0].result
    nr.close_connections()
    return Fleet(facts=facts, errors=errors)
