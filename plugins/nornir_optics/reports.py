"""Reports of an audit for tickets (Markdown), CI (JUnit XML) and people (self-contained HTML)."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from nornir_optics.findings import natural_key
from nornir_optics.models import Severity

if TYPE_CHECKING:
    from nornir_optics.checks.live import Fleet
    from nornir_optics.findings import Finding, Report

SEVERITY_COLOUR = {
    Severity.INFO: "#2f7fc1",
    Severity.WARNING: "#c98a00",
    Severity.ERROR: "#c62828",
    Severity.CRITICAL: "#7b1020",
}


def to_markdown(report: Report, title: str = "Optics audit") -> str:
    """Findings as a Markdown table (causes first), then work orders, for a ticket."""
    summary = report.summary()
    counts = ", ".join(
        f"{count} {level}" for level, count in summary["by_severity"].items() if count
    )
    lines = [
        f"# {title}",
        "",
        (
            f"{len(report.findings)} finding(s) ({counts or 'none'}) on {report.devices} "
            f"device(s), {report.ports} port(s)."
        ),
        "",
    ]
    if report.findings:
        lines += [
            "| device | port | severity | category | finding | remedy |",
            "|---|---|---|---|---|---|",
        ]
        for item in sorted(report.findings, key=lambda f: (f.symptom, *f.sort_key())):
            category = item.category + (" (symptom)" if item.symptom else "")
            lines.append(
                f"| {item.device} | {item.port} | {item.severity.value} | {category} | "
                f"{_md(item.message)} | {item.remedy.kind.value}: {_md(item.remedy.action)} |"
            )
    orders = [f for f in report.findings if not f.symptom and f.remedy.kind.value == "physical"]
    if orders:
        lines += ["", "## Work orders", ""]
        lines += [f"- [ ] **{f.device} {f.port}**: {_md(f.remedy.action)}" for f in orders]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_junit(report: Report, checked: list[tuple[str, str]], name: str = "optics-audit") -> str:
    """JUnit XML: one testcase per checked port; a port with a cause finding fails."""
    by_port: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for item in report.findings:
        by_port[(item.device, item.port)].append(item)
    ports = sorted(set(checked) | set(by_port), key=lambda p: (p[0], natural_key(p[1])))
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(len(ports)),
        failures=str(sum(1 for p in ports if any(not f.symptom for f in by_port[p]))),
        errors="0",
        timestamp=datetime.now(tz=UTC).isoformat(timespec="seconds"),
    )
    for device, port in ports:
        case = ET.SubElement(suite, "testcase", classname=device, name=port)
        causes = [f for f in by_port[(device, port)] if not f.symptom]
        for item in causes:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{item.category}: {item.message}",
                type=item.severity.value,
            )
            failure.text = f"remedy ({item.remedy.kind.value}): {item.remedy.action}"
        symptoms = [f for f in by_port[(device, port)] if f.symptom]
        if symptoms and not causes:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"symptom {f.category}: {f.message}" for f in symptoms)
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def _margin_colour(margin: float | None, state: str) -> str:
    if state == "no_light":
        return "#3a0d12"
    if state in {"unused", "not_supported"} or margin is None:
        return "#e8e8e8"
    if margin < 0:
        return "#c62828"
    if margin < 2:  # noqa: PLR2004 - dB of margin that still worries
        return "#f0a202"
    if margin < 4:  # noqa: PLR2004
        return "#9ccc65"
    return "#2e7d32"


def heat_map(fleet: Fleet, shut: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Per-lane Rx margin of every module of the fleet: one row per port, one cell per lane.

    Cells show the margin to the module's low-warning threshold (dB), as the legend says;
    ports the intent shuts on purpose (``shut``) are drawn grey and hatched, not as faults.
    """
    rows = []
    width = 1
    for device in sorted(fleet.facts):
        for port, module in sorted(
            (fleet.facts[device].get("transceivers") or {}).items(),
            key=lambda item: natural_key(item[0]),
        ):
            if not module.get("present"):
                continue
            low = module.get("thresholds", {}).get("rx_power_dbm", {}).get("low_warning")
            cells = []
            lanes = module.get("lanes", [])
            width = max(width, len(lanes))
            for lane in lanes:
                rx = lane.get("rx_power_dbm")
                margin = None if rx is None or low is None else rx - low
                label = {"no_light": "dark", "unused": "", "not_supported": "n/a"}.get(
                    lane["state"]
                )
                text = label if label is not None else ("" if margin is None else f"{margin:+.1f}")
                tip = f"{device} {port} lane {lane['lane']}: " + (
                    f"Rx {rx:.2f} dBm, margin {margin:.1f} dB"
                    if margin is not None and rx is not None
                    else lane["state"]
                )
                if (device, port) in shut:
                    cells.append(
                        f'<td class="lane shut" title="{html.escape(tip)} (shut by intent)">'
                        "shut</td>"
                    )
                    continue
                cells.append(
                    f'<td class="lane" style="background:{_margin_colour(margin, lane["state"])}" '
                    f'title="{html.escape(tip)}">{html.escape(text)}</td>'
                )
            rows.append(
                f"<tr><th>{html.escape(device)}</th><th>{html.escape(port)}</th>"
                f"<td>{html.escape(str(module.get('media_type', '')))}</td>{''.join(cells)}</tr>"
            )
    head = "".join(f"<th>L{n}</th>" for n in range(1, width + 1))
    return (
        '<table id="heatmap" class="heat"><thead><tr><th>device</th><th>port</th><th>type</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def to_html(
    report: Report,
    fleet: Fleet | None,
    title: str = "Optics audit",
    history: str = "",
    shut: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """A self-contained HTML page: summary, findings with work orders, per-lane Rx heat map.

    ``history``: the recorded runs' fragment (reports_history.history_html), placed last.
    """
    summary = report.summary()
    tiles = "".join(
        f'<div class="tile" style="border-color:{SEVERITY_COLOUR[Severity(level)]}">'
        f"<b>{count}</b><span>{level}</span></div>"
        for level, count in summary["by_severity"].items()
    )
    rows = []
    for item in sorted(report.findings, key=lambda f: (f.symptom, *f.sort_key())):
        caused = (
            f"<br><small>caused by {html.escape(item.caused_by.category)} at "
            f"{html.escape(item.caused_by.device)}:{html.escape(item.caused_by.port)}</small>"
            if item.caused_by
            else ""
        )
        rows.append(
            f'<tr class="{"symptom" if item.symptom else "cause"}">'
            f"<td>{html.escape(item.device)}</td><td>{html.escape(item.port)}</td>"
            f'<td><span class="sev" style="background:{SEVERITY_COLOUR[item.severity]}">'
            f"{item.severity.value}</span></td><td>{html.escape(item.category)}</td>"
            f"<td>{html.escape(item.message)}{caused}</td>"
            f"<td><b>{item.remedy.kind.value}</b>: {html.escape(item.remedy.action)}</td></tr>"
        )
    orders = [f for f in report.findings if not f.symptom and f.remedy.kind.value == "physical"]
    order_items = "".join(
        f"<li><b>{html.escape(f.device)} {html.escape(f.port)}</b>: "
        f"{html.escape(f.remedy.action)}</li>"
        for f in orders
    )
    heat = (
        heat_map(fleet, shut) if fleet is not None else "<p>No device facts (plan audit only).</p>"
    )
    stamp = datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body{{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1d2330;
background:#fafbfc}}
h1{{margin-bottom:.2rem}} .meta{{color:#667}}
.tiles{{display:flex;gap:1rem;margin:1rem 0}}
.tile{{border-left:6px solid;background:#fff;padding:.6rem 1rem;box-shadow:0 1px 3px #0002;
min-width:6rem}} .tile b{{font-size:1.6rem;display:block}}
table{{border-collapse:collapse;background:#fff;box-shadow:0 1px 3px #0002;
margin-bottom:2rem}}
th,td{{padding:.35rem .6rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}}
tr.symptom td{{color:#667}}
.sev{{color:#fff;border-radius:3px;padding:.05rem .4rem;font-size:.8rem}}
table.heat td.lane{{width:3.2rem;text-align:center;font-size:.75rem;color:#fff;
border:1px solid #fff}}
table.heat td.shut{{color:#555;background:repeating-linear-gradient(45deg,#ddd,#ddd 4px,
#f4f4f4 4px,#f4f4f4 8px)}}
.legend span{{display:inline-block;padding:.1rem .5rem;color:#fff;margin-right:.3rem;
font-size:.8rem}}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="meta">{report.devices} device(s), {report.ports} port(s) audited; generated {stamp}</p>
<div class="tiles">{tiles}</div>
<h2>Findings</h2>
<table id="findings"><thead><tr><th>device</th><th>port</th><th>severity</th><th>category</th>
<th>finding</th><th>remedy</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>Work orders</h2><ol id="work-orders">{order_items or "<li>none</li>"}</ol>
<h2>Per-lane Rx margin</h2>
<p class="legend">margin to the module's low-warning threshold:
<span style="background:#2e7d32">&ge; 4 dB</span><span style="background:#9ccc65">2-4 dB</span>
<span style="background:#f0a202">0-2 dB</span><span style="background:#c62828">&lt; 0 dB</span>
<span style="background:#3a0d12">no light</span>
<span style="background:#bbb;color:#333">shut by intent</span></p>
{heat}
{history}
</body></html>
"""
