"""``optics history`` and ``optics drift``: what the recorded runs remember."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from nornir_optics.history import DEFAULT_DB, HistoryError, open_store
from nornir_optics.history.drift import drift
from nornir_optics.history.job import parse_duration, when

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.history.drift import Change
    from nornir_optics.history.store import HistoryStore, LanePoint, RunInfo

STORE_ERROR = 4
"""Exit code when the history store cannot be opened, read or written."""

DbOption = Annotated[
    str,
    typer.Option(
        "--db", help="History store: an SQLite file, or a postgresql:// URL.", envvar="OPTICS_DB"
    ),
]

history_app = typer.Typer(
    help="What the recorded runs remember: list runs, one port over time, prune.",
    invoke_without_command=True,
)


def _err(text: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(text, markup=False)


def _open(db: str) -> HistoryStore:
    try:
        return open_store(db)
    except HistoryError as exc:
        _err(str(exc))
        raise typer.Exit(STORE_ERROR) from None


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 150)
    return console


@history_app.callback()
def history_list(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    last: Annotated[int, typer.Option("--last", help="Show only the newest N runs.")] = 30,
) -> None:
    """List the recorded runs: time, devices, findings by severity, partial or not."""
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as store:
        runs = _guard(lambda: store.runs(limit=last))
    table = Table(title=f"Recorded runs in {store.target}")
    for column in ("Run", "Time", "Devices", "Critical", "Error", "Warning", "Info", "Partial"):
        table.add_column(column)
    for info in runs:
        counts = info.by_severity
        table.add_row(
            str(info.id),
            when(info.started_at),
            str(info.devices),
            *(str(counts[level]) for level in ("critical", "error", "warning", "info")),
            Text(f"yes ({info.unreachable} unread)", style="yellow") if info.partial else "no",
        )
    _console().print(table)


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except HistoryError as exc:
        _err(str(exc))
        raise typer.Exit(STORE_ERROR) from None


@history_app.command("show")
def history_show(
    where: Annotated[str, typer.Argument(help="DEVICE:PORT, the port as the intent names it.")],
    db: DbOption = DEFAULT_DB,
    lane: Annotated[int | None, typer.Option("--lane", help="Only this lane (from 1).")] = None,
    last: Annotated[int | None, typer.Option("--last", help="Only the newest N runs.")] = None,
    plot: Annotated[
        bool, typer.Option("--plot", help="A terminal plot of Rx per lane, thresholds drawn.")
    ] = False,
) -> None:
    """One port (or lane) over the recorded runs: Rx per lane, or Rx, Tx and bias of a lane."""
    device, sep, port = where.partition(":")
    if not sep:
        _err(f"optics history show takes DEVICE:PORT, not {where!r}")
        raise typer.Exit(2)
    with _open(db) as store:
        points = _guard(lambda: store.port_history(device, port, limit=last))
    if lane is not None:
        points = [point for point in points if point.lane == lane]
    if not points:
        _err(f"{store.target}: no recorded readings of {where}" + (f" lane {lane}" if lane else ""))
        raise typer.Exit(2)
    if plot:
        sys.stdout.write(plot_rx(points, f"{where} Rx (dBm)") + "\n")
    else:
        _console().print(_history_table(where, points, single=lane is not None))


def _history_table(where: str, points: list[LanePoint], *, single: bool) -> Table:
    lanes = sorted({point.lane for point in points if point.state != "unused"})
    table = Table(title=f"{where}: Rx dBm per run" if not single else f"{where} lane {lanes[0]}")
    table.add_column("Run")
    table.add_column("Time")
    table.add_column("Serial")
    by_run: dict[int, dict[int, LanePoint]] = {}
    for point in points:
        by_run.setdefault(point.run, {})[point.lane] = point
    if single:
        for column in ("Rx dBm", "Tx dBm", "Bias mA", "Low-warning"):
            table.add_column(column)
    else:
        for number in lanes:
            table.add_column(f"L{number}")
    for run, readings in by_run.items():
        first = next(iter(readings.values()))
        cells = [str(run), when(first.at), first.serial]
        if single:
            cells += [_value(first.rx, first.state), _value(first.tx), _value(first.bias)]
            cells.append(_value(first.low_warning))
        else:
            cells += [
                _value(readings[n].rx, readings[n].state) if n in readings else "" for n in lanes
            ]
        table.add_row(*cells)
    return table


def _value(value: float | None, state: str = "ok") -> str:
    if state == "no_light":
        return "dark"
    return "" if value is None else f"{value:.2f}"


def plot_rx(points: list[LanePoint], title: str) -> str:
    """Rx per lane over time as a terminal plot (plotext), with the module's thresholds."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(100, 25)
    plt.date_form("Y-m-d")
    lanes = sorted({point.lane for point in points if point.rx is not None})
    for number in lanes:
        mine = [point for point in points if point.lane == number and point.rx is not None]
        dates = [time.strftime("%Y-%m-%d", time.gmtime(point.at)) for point in mine]
        plt.plot(dates, [point.rx for point in mine], label=f"lane {number}", marker="braille")
    last = points[-1]
    for name, level in (("low-warning", last.low_warning), ("low-alarm", last.low_alarm)):
        if level is not None:
            plt.hline(level)
            plt.text(name, x=time.strftime("%Y-%m-%d", time.gmtime(points[0].at)), y=level)
    plt.title(title)
    return str(plt.build())


@history_app.command("prune")
def history_prune(
    keep: Annotated[str, typer.Option("--keep", help="Keep runs newer than this: 90d, 12w.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Forget runs older than --keep (for a retention policy in cron or a systemd timer)."""
    try:
        cutoff = time.time() - parse_duration(keep)
    except HistoryError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    with _open(db) as store:
        removed = _guard(lambda: store.prune(before=cutoff))
    _console().print(f"pruned {removed} run(s) older than {when(cutoff)} from {store.target}")


class DriftFormat(StrEnum):
    """Formats of the drift report."""

    TABLE = "table"
    JSON = "json"
    MD = "md"


def _pick(
    store: HistoryStore, runs: list[RunInfo], since: str | None, run: int | None
) -> tuple[RunInfo, RunInfo]:
    after = next((info for info in runs if info.id == run), None) if run else runs[-1]
    if after is None:
        msg = f"{store.target}: no run {run}"
        raise HistoryError(msg)
    earlier = [info for info in runs if (info.started_at, info.id) < (after.started_at, after.id)]
    if since is None:
        if not earlier:
            msg = f"{store.target}: run {after.id} is the first one: nothing to compare with"
            raise HistoryError(msg)
        return earlier[-1], after
    if since.isdigit():
        before = next((info for info in runs if info.id == int(since)), None)
        if before is None:
            msg = f"{store.target}: no run {since}"
            raise HistoryError(msg)
        return before, after
    cutoff = after.started_at - parse_duration(since)
    candidates = [info for info in earlier if info.started_at <= cutoff] or earlier[:1]
    if not candidates:
        msg = f"{store.target}: no run before run {after.id} to compare with"
        raise HistoryError(msg)
    return candidates[-1], after


def drift_command(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare with this run id, or the run this long before: 1d."),
    ] = None,
    run: Annotated[
        int | None, typer.Option("--run", help="The later run (default: the newest).")
    ] = None,
    output_format: Annotated[
        DriftFormat, typer.Option("--format", "-f", help="Report format.")
    ] = DriftFormat.TABLE,
    inventory: Annotated[
        Path | None,
        typer.Option("--inventory", "-i", help="Read policy.drift from this fabric's intent."),
    ] = None,
) -> None:
    """What changed between two recorded runs (default: the newest and the one before).

    Modules inserted, removed, swapped or moved, identity changes, findings that appeared or
    cleared, oper state, lane Rx moves over policy.drift.rx_db. Exit 0 with no change, 1 with
    changes, 4 when the store cannot be read.
    """
    from nornir_optics.intent import DriftPolicy

    rx_db = DriftPolicy().rx_db
    if inventory is not None:
        from nornir_optics.cli import _load
        from nornir_optics.yamlfile import DEFAULT_MAX_MB

        rx_db = _load(inventory, None, DEFAULT_MAX_MB).intent.policy.drift.rx_db
    with _open(db) as store:
        before, after = _guard(lambda: _pick(store, store.runs(), since, run))
        old, new = _guard(lambda: (store.snapshot(before.id), store.snapshot(after.id)))
    changes = drift(old, new, rx_db=rx_db)
    title = (
        f"Drift from run {before.id} ({when(before.started_at)}) "
        f"to run {after.id} ({when(after.started_at)})"
    )
    if output_format is DriftFormat.JSON:
        sys.stdout.write(
            json.dumps(
                {"before": before.id, "after": after.id, "changes": [c.to_dict() for c in changes]},
                indent=2,
            )
            + "\n"
        )
    elif output_format is DriftFormat.MD:
        sys.stdout.write(drift_markdown(title, changes))
    else:
        _drift_table(title, changes)
    raise typer.Exit(1 if changes else 0)


def drift_markdown(title: str, changes: list[Change]) -> str:
    """The changes as a Markdown table."""
    lines = [f"# {title}", "", f"{len(changes)} change(s).", ""]
    if changes:
        lines += [
            "| kind | device | port | lane | before | after | change |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {c.kind} | {c.device} | {c.port} | {c.lane or ''} | {_cell(c.before)} | "
            f"{_cell(c.after)} | {c.message.replace('|', '/')} |"
            for c in changes
        ]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "/")


def _drift_table(title: str, changes: list[Change]) -> None:
    console = _console()
    if not changes:
        console.print(f"[green]{title}: no change[/]")
        return
    table = Table(title=title)
    for column in ("Kind", "Device", "Port", "Lane", "Before", "After", "Change"):
        table.add_column(column, overflow="fold")
    for change in changes:
        table.add_row(
            change.kind,
            change.device,
            change.port,
            str(change.lane or ""),
            _cell(change.before),
            _cell(change.after),
            change.message,
        )
    console.print(table)


__all__ = ["STORE_ERROR", "DbOption", "Path", "drift_command", "history_app", "plot_rx"]
