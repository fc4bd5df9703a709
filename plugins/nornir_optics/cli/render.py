"""Reports for people (Rich tables) and for programs (JSON)."""

from __future__ import annotations

import csv
import io
import json
from itertools import groupby
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from nornir_optics.models import Severity

if TYPE_CHECKING:
    from rich.console import Console

    from nornir_optics.checks.live import Fleet
    from nornir_optics.facts import DeviceFacts, LaneReading
    from nornir_optics.findings import Report
    from nornir_optics.remediate import Remediation

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
    table.add_column("Id", style="dim", no_wrap=True)
    table.add_column("Device", style="bold")
    table.add_column("Port")
    table.add_column("Severity")
    table.add_column("Category")
    table.add_column("Finding", overflow="fold", ratio=3)
    table.add_column("Remedy", overflow="fold", ratio=2)
    for device, rows in groupby(report.findings, key=lambda f: f.device):
        for index, item in enumerate(rows):
            table.add_row(
                Text(item.id),
                Text(device if index == 0 else "", style="bold"),
                Text(item.port),
                Text(item.severity.value, style=SEVERITY_STYLE[item.severity]),
                Text(item.category + (" (symptom)" if item.symptom else "")),
                Text(item.message),
                Text(f"[{item.remedy.kind.value}] {item.remedy.action}"),
                style="dim" if item.symptom else None,
            )
        table.add_section()
    console.print(table)
    counts = report.summary()["by_severity"]
    parts = [f"{count} {level}" for level, count in counts.items() if count]
    console.print(f"{len(report.findings)} finding(s): {', '.join(parts)} ({_audited(report)})")
    print_thermal(console, report)


def print_thermal(console: Console, report: Report) -> None:
    """One line per device with a module near its warning: how many, and the hottest."""
    for entry in report.thermal:
        if not entry["near_warning"] or not entry["hottest"]:
            continue
        hottest = entry["hottest"][0]
        console.print(
            Text(
                f"thermal {entry['device']}: {entry['near_warning']} of {entry['modules']} "
                f"module(s) within {entry['within_c']:g} C of their warning; hottest "
                f"{hottest['port']} at {hottest['temperature_c']:.1f} C "
                f"(warning {hottest['warning_c']:g} C, margin {hottest['margin_c']:+.1f} C)",
                style="yellow",
            )
        )


def _audited(report: Report) -> str:
    text = f"{report.devices} device(s), {report.ports} port(s) audited"
    if report.far_ends_read:
        text += f"; far ends read only: {', '.join(report.far_ends_read)}"
    if report.far_ends_not_read:
        text += f"; far ends not read: {', '.join(report.far_ends_not_read)}"
    return text


def facts_json(facts: DeviceFacts) -> str:
    """Parsed facts as JSON (infinite values, which the model never holds, would be null)."""
    return json.dumps(facts, indent=2) + "\n"


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _lane_text(lanes: list[LaneReading], key: str) -> str:
    """One quantity of every lane: its reading wherever there is one, else the lane's state.

    A lane with no light still has its Tx and bias readings; only its Rx is ``dark``.
    """
    cells = []
    for lane in lanes:
        value = lane.get(key)
        if isinstance(value, float | int) or lane["state"] == "ok":
            cells.append(_number(value if isinstance(value, float | int) else None))
        elif lane["state"] == "no_light":
            cells.append("dark" if key == "rx_power_dbm" else "-")
        else:
            cells.append({"unused": "-", "not_supported": "n/a"}[lane["state"]])
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


INVENTORY_COLUMNS = (
    "device",
    "port",
    "media_type",
    "vendor",
    "part_number",
    "serial",
    "firmware",
    "temperature_c",
    "worst_lane",
    "worst_rx_dbm",
    "rx_margin_db",
)


def inventory_rows(fleet: Fleet) -> list[dict[str, object]]:
    """One row per installed module, with its worst lane's Rx and margin to low-warning."""
    rows: list[dict[str, object]] = []
    for device in sorted(fleet.facts):
        for port, module in (fleet.facts[device].get("transceivers") or {}).items():
            if not module.get("present"):
                continue
            lanes = [lane for lane in module.get("lanes", []) if lane["state"] != "unused"]
            readings = [lane for lane in lanes if "rx_power_dbm" in lane]
            dark = [lane for lane in lanes if lane["state"] == "no_light"]
            low_warning = module.get("thresholds", {}).get("rx_power_dbm", {}).get("low_warning")
            worst_lane: object = None
            worst_rx: object = None
            if dark:
                worst_lane, worst_rx = dark[0]["lane"], "no light"
            elif readings:
                worst = min(readings, key=lambda lane: lane.get("rx_power_dbm", 0.0))
                worst_lane, worst_rx = worst["lane"], worst.get("rx_power_dbm")
            margin = (
                round(worst_rx - low_warning, 2)
                if isinstance(worst_rx, float) and low_warning is not None
                else None
            )
            rows.append(
                {
                    "device": device,
                    "port": port,
                    "media_type": module.get("media_type") or module.get("media_type_raw"),
                    "vendor": module.get("vendor"),
                    "part_number": module.get("part_number"),
                    "serial": module.get("serial"),
                    "firmware": module.get("firmware"),
                    "temperature_c": module.get("temperature_c"),
                    "worst_lane": worst_lane,
                    "worst_rx_dbm": worst_rx,
                    "rx_margin_db": margin,
                    "lanes": lanes,
                }
            )
    return rows


def write_inventory(rows: list[dict[str, object]], errors: list[dict[str, str]], fmt: str) -> str:
    """The inventory as JSON, CSV or Markdown."""
    if fmt == "json":
        return json.dumps({"modules": rows, "errors": errors}, indent=2) + "\n"
    cells = [[_cell(row.get(column)) for column in INVENTORY_COLUMNS] for row in rows]
    cells += [[error["device"], "", "ERROR", error["error"]] + [""] * 7 for error in errors]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(INVENTORY_COLUMNS)
        writer.writerows(cells)
        return buffer.getvalue()
    lines = ["| " + " | ".join(INVENTORY_COLUMNS) + " |", "|" + "---|" * len(INVENTORY_COLUMNS)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in cells]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def print_inventory(
    console: Console, rows: list[dict[str, object]], errors: list[dict[str, str]]
) -> None:
    """The inventory as a Rich table, margins coloured, then error rows."""
    table = Table(title=f"Transceiver inventory: {len(rows)} module(s)")
    for column in (
        "Device",
        "Port",
        "Type",
        "Vendor",
        "Part number",
        "Serial",
        "FW",
        "Temp C",
        "Worst lane",
        "Rx dBm",
        "Margin dB",
    ):
        table.add_column(column)
    for row in rows:
        margin = row["rx_margin_db"]
        style = (
            "red"
            if row["worst_rx_dbm"] == "no light"
            else (
                "yellow" if isinstance(margin, float) and margin < 2.0 else "green"  # noqa: PLR2004
            )
        )
        table.add_row(
            *(Text(_cell(row[key])) for key in INVENTORY_COLUMNS[:8]),
            Text(_cell(row["worst_lane"])),
            Text(_cell(row["worst_rx_dbm"]), style=style),
            Text(_cell(margin), style=style),
        )
    for error in errors:
        table.add_row(
            Text(error["device"]), "", Text("ERROR", style="bold red"), Text(error["error"])
        )
    console.print(table)


RESULT_STYLE = {
    "planned": "cyan",
    "committed": "green",
    "unchanged": "green",
    "rolled-back": "yellow",
    "failed": "bold red",
}


def _print_diff(console: Console, diff: str) -> None:
    if not diff:
        return
    console.print(Text("  device diff:", style="dim"))
    for line in diff.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
        console.print(Text(f"    {line}", style=style))


def print_remediation(console: Console, remediation: Remediation, *, commit: bool) -> None:
    """Each device's lines, disruption, device diff and result; then the work orders."""
    if not remediation.devices:
        console.print("[green]nothing to change[/]: every config finding is already fixed")
    for run in remediation.devices:
        data = run.to_dict()
        title = Text(f"{data['device']} ({data['platform']}): ", style="bold")
        title.append(data["result"], style=RESULT_STYLE.get(data["result"], ""))
        console.print(title)
        if data["disruptive"]:
            console.print(Text(f"  DISRUPTIVE: {data['disruption']}", style="bold yellow"))
        for line in data["lines"]:
            console.print(Text(f"  {line}"))
        for note in data["notes"]:
            console.print(Text(f"  UNVERIFIED: {note}", style="yellow"))
        _print_diff(console, str(data["diff"]))
        if data["error"]:
            console.print(Text(f"  error: {data['error']}", style="red"))
    if remediation.work_orders:
        table = Table(title="Work orders (physical: for a person on site)")
        table.add_column("Device", style="bold")
        table.add_column("Port")
        table.add_column("Action", overflow="fold")
        for order in remediation.work_orders:
            table.add_row(Text(order.device), Text(order.port), Text(order.action))
        console.print(table)
    if not commit and remediation.devices:
        console.print("dry run: nothing was changed; add --commit to apply")
