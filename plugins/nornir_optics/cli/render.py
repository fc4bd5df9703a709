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

    from nornir_optics.findings import Report

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
