"""Reports for people (Rich tables) and for programs (JSON)."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from nornir_optics.models import Severity

if TYPE_CHECKING:
    from rich.console import Console

    from nornir_optics.facts import DeviceFacts, LaneReading
    from nornir_optics.findings import Report

PORTS_SHOWN = 12
SEVERITY_STYLE = {
    Severity.INFO: "cyan",
    Severity.WARNING: "yellow",
    Severity.ERROR: "red",
    Severity.CRITICAL: "bold white on red",
}


def report_json(report: Report) -> str:
    """The report as the findings JSON contract, indented."""
    return json.dumps(report.to_dict(), indent=2) + "\n"


def print_table(console: Console, report: Report, title: str) -> None:
    """Findings grouped by device, coloured by severity, then a one-line summary."""
    if not report.findings:
        console.print(f"[green]{title}: no findings[/] ({_audited(report)})")
        return
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("Device", style="bold")
    table.add_column("Port")
    table.add_column("Severity")
    table.add_column("Category")
    table.add_column("Finding", overflow="fold", ratio=3)
    table.add_column("Remedy", overflow="fold", ratio=2)
    for device, rows in groupby(report.findings, key=lambda f: f.device):
        for index, item in enumerate(rows):
            table.add_row(
                Text(device if index == 0 else ""),
                Text(item.port),
                Text(item.severity.value, style=SEVERITY_STYLE[item.severity]),
                Text(item.category + (" (symptom)" if item.symptom else "")),
                Text(item.message),
                Text(f"[{item.remedy.kind.value}] {item.remedy.action}"),
            )
        table.add_section()
    console.print(table)
    counts = report.summary()["by_severity"]
    parts = [f"{count} {level}" for level, count in counts.items() if count]
    console.print(f"{len(report.findings)} finding(s): {', '.join(parts)} ({_audited(report)})")


def _audited(report: Report) -> str:
    return f"{report.devices} device(s), {report.ports} port(s) audited"


def facts_json(facts: DeviceFacts) -> str:
    """Parsed facts as JSON (infinite values, which the model never holds, would be null)."""
    return json.dumps(facts, indent=2) + "\n"


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _lane_text(lanes: list[LaneReading], key: str) -> str:
    cells = []
    for lane in lanes:
        if lane["state"] == "ok":
            value = lane.get(key)
            cells.append(_number(value if isinstance(value, float | int) else None))
        else:
            cells.append({"no_light": "dark", "unused": "-", "not_supported": "n/a"}[lane["state"]])
    return " ".join(cells)


def print_facts(console: Console, facts: DeviceFacts) -> None:
    """Transceivers of parsed output, one row per module, lanes side by side."""
    table = Table(title=f"{facts.get('platform', '')}: {facts.get('command', '')}")
    for column in ("Port", "Type", "Vendor", "Part number", "Serial", "Temp C", "Volt V"):
        table.add_column(column)
    for column in ("Rx dBm per lane", "Tx dBm per lane", "Bias mA per lane"):
        table.add_column(column, overflow="fold")
    for port, module in (facts.get("transceivers") or {}).items():
        lanes = module.get("lanes", [])
        table.add_row(
            Text(port),
            Text(
                module.get("media_type") or module.get("media_type_raw", "")
                if module["present"]
                else "(empty)"
            ),
            Text(module.get("vendor", "")),
            Text(module.get("part_number", "")),
            Text(module.get("serial", "")),
            _number(module.get("temperature_c"), 1),
            _number(module.get("voltage_v"), 3),
            _lane_text(lanes, "rx_power_dbm"),
            _lane_text(lanes, "tx_power_dbm"),
            _lane_text(lanes, "tx_bias_ma"),
        )
    console.print(table)
    ports = list(facts.get("ports") or {})
    if ports:
        shown = ", ".join(ports[:PORTS_SHOWN]) + (" ..." if len(ports) > PORTS_SHOWN else "")
        console.print(f"{len(ports)} port(s) with state: {shown}")


def print_commands(console: Console, commands: dict[str, list[str]]) -> None:
    """The platforms and commands ``optics parse`` reads."""
    table = Table(title="optics parse: supported commands")
    table.add_column("Platform", style="bold")
    table.add_column("Commands")
    for platform, known in commands.items():
        table.add_row(platform, Text("\n".join(known) or "(none yet)"))
    console.print(table)
