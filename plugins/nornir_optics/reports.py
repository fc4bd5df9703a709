"""Reports of an audit for tickets (Markdown), CI (JUnit XML) and people (self-contained HTML)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from nornir_optics.models import Severity
from nornir_optics.names import natural_key

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


def _heat(fleet: Fleet, shut: frozenset[tuple[str, str]] = frozenset()) -> dict[str, Any]:
    """The heat map's rows (one per present module, one cell per lane) and its lane count.

    Cells show the margin to the module's low-warning threshold (dB), as the legend says;
    ports the intent shuts on purpose (``shut``) are drawn apart from faults.
    """
    rows: list[dict[str, Any]] = []
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
                        {
                            "colour": "",
                            "tip": f"{tip} (shut by intent)",
                            "text": "shut",
                            "shut": True,
                        }
                    )
                    continue
                cells.append(
                    {
                        "colour": _margin_colour(margin, lane["state"]),
                        "tip": tip,
                        "text": text,
                        "shut": False,
                    }
                )
            media_type = str(module.get("media_type", ""))
            rows.append({"device": device, "port": port, "media_type": media_type, "cells": cells})
    return {"rows": rows, "width": width}


@cache
def _templates() -> Environment:
    """The report templates shipped in the package, every value HTML-escaped."""
    return Environment(
        loader=PackageLoader("nornir_optics", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def heat_map(fleet: Fleet, shut: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Per-lane Rx margin of every module of the fleet: one row per port, one cell per lane."""
    return _templates().get_template("heatmap.html.j2").render(heat=_heat(fleet, shut))


def to_html(
    report: Report,
    fleet: Fleet | None,
    title: str = "Optics audit",
    history: str = "",
    shut: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """A self-contained HTML page: summary, findings with work orders, per-lane Rx heat map.

    ``history``: the recorded runs' fragment (``reports_history.history_html``, already
    escaped), placed last.

    Rendered from ``templates/report.html.j2`` (inline CSS, no script, nothing fetched); every
    value from the report or the devices is HTML-escaped by the template engine.
    """
    tiles = [
        {"colour": SEVERITY_COLOUR[Severity(level)], "count": count, "level": level}
        for level, count in report.summary()["by_severity"].items()
    ]
    return (
        _templates()
        .get_template("report.html.j2")
        .render(
            title=title,
            devices=report.devices,
            ports=report.ports,
            stamp=datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC"),
            tiles=tiles,
            colours=SEVERITY_COLOUR,
            findings=sorted(report.findings, key=lambda f: (f.symptom, *f.sort_key())),
            orders=[
                f for f in report.findings if not f.symptom and f.remedy.kind.value == "physical"
            ],
            heat=_heat(fleet, shut) if fleet is not None else None,
            history=Markup(history),  # noqa: S704 - built by reports_history, which escapes
        )
    )
