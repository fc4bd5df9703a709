"""HTML fragments of the recorded runs for the audit report: per-lane sparklines and drift.

Kept apart from reports.py (which is being moved to templates): each function returns a
self-contained fragment (inline SVG, no script, no external file) that the page places as is.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import TYPE_CHECKING

from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.live import Fleet
    from nornir_optics.history.drift import Change
    from nornir_optics.history.store import HistoryStore, LanePoint

WIDTH, HEIGHT, PAD = 120, 28, 2


def sparkline(values: Sequence[float | None], low_warning: float | None = None) -> str:
    """An inline SVG line of the values (None: a gap), with the low-warning level dashed.

    >>> svg = sparkline([-1.0, -1.5, None, -2.0], low_warning=-5.9)
    >>> svg.startswith("<svg") and "polyline" in svg and "stroke-dasharray" in svg
    True
    """
    known = [v for v in values if v is not None]
    if not known:
        return ""
    levels = [*known, *([low_warning] if low_warning is not None else [])]
    top, bottom = max(levels) + 0.5, min(levels) - 0.5
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return PAD + (top - value) / (top - bottom) * (HEIGHT - 2 * PAD)

    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{PAD + index * step:.1f},{y(value):.1f}")
    lines = "".join(
        f'<polyline fill="none" stroke="#2f7fc1" stroke-width="1.5" points="{" ".join(s)}"/>'
        for s in segments
        if s
    )
    floor = (
        f'<line x1="0" x2="{WIDTH}" y1="{y(low_warning):.1f}" y2="{y(low_warning):.1f}" '
        'stroke="#c62828" stroke-width="1" stroke-dasharray="3,2"/>'
        if low_warning is not None
        else ""
    )
    title = html.escape(f"{known[0]:.2f} -> {known[-1]:.2f} dBm over {len(values)} runs")
    return (
        f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img"><title>{title}</title>{floor}{lines}</svg>'
    )


def trend_section(history: dict[tuple[str, str], list[LanePoint]]) -> str:
    """Per module (device, port), one sparkline of Rx per lane over the recorded runs."""
    if not history:
        return "<p>No recorded runs (audit with --record to build a history).</p>"
    rows = []
    for (device, port), points in sorted(
        history.items(), key=lambda item: (item[0][0], natural_key(item[0][1]))
    ):
        runs = sorted({point.run for point in points})
        by_lane: dict[int, dict[int, LanePoint]] = defaultdict(dict)
        for point in points:
            if point.state != "unused":
                by_lane[point.lane][point.run] = point
        cells = []
        for lane in sorted(by_lane):
            mine = by_lane[lane]
            values = [mine[run].rx if run in mine else None for run in runs]
            low = next((p.low_warning for p in mine.values() if p.low_warning is not None), None)
            cells.append(f"<td><small>L{lane}</small> {sparkline(values, low)}</td>")
        rows.append(
            f"<tr><th>{html.escape(device)}</th><th>{html.escape(port)}</th>{''.join(cells)}</tr>"
        )
    return f'<table id="trends" class="trends"><tbody>{"".join(rows)}</tbody></table>'


def drift_section(changes: Sequence[Change], title: str = "since the previous run") -> str:
    """The drift between two recorded runs as a table."""
    if not changes:
        return f"<p>No change {html.escape(title)}.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(c.kind)}</td><td>{html.escape(c.device)}</td>"
        f"<td>{html.escape(c.port)}</td><td>{c.lane or ''}</td>"
        f"<td>{html.escape('' if c.before is None else str(c.before))}</td>"
        f"<td>{html.escape('' if c.after is None else str(c.after))}</td>"
        f"<td>{html.escape(c.message)}</td></tr>"
        for c in changes
    )
    return (
        '<table id="drift"><thead><tr><th>kind</th><th>device</th><th>port</th><th>lane</th>'
        f"<th>before</th><th>after</th><th>change</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def history_html(store: HistoryStore, fleet: Fleet, *, runs: int = 30) -> str:
    """The report's history part: sparklines of every module, drift of the newest two runs."""
    from nornir_optics.history.drift import drift  # noqa: PLC0415

    history = {
        (device, port): store.port_history(device, port, limit=runs)
        for device, facts in fleet.facts.items()
        for port, module in (facts.get("transceivers") or {}).items()
        if module.get("present")
    }
    recorded = store.runs(limit=2)
    changes = (
        drift(store.snapshot(recorded[0].id), store.snapshot(recorded[1].id), rx_db=1.0)
        if len(recorded) == 2  # noqa: PLR2004 - the newest two
        else []
    )
    return (
        f"<h2>Rx per lane over the last {runs} recorded runs</h2>"
        + trend_section({key: points for key, points in history.items() if points})
        + "<h2>Drift since the previous run</h2>"
        + drift_section(changes)
    )
