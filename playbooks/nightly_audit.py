"""Nightly audit for cron: gather the fleet, audit it, write reports, exit with a CI code.

Usage: python playbooks/nightly_audit.py [INVENTORY_DIR] [REPORT_DIR] [DB]
Exit: 0 clean, 1 errors found, 2 bad input, 3 some device could not be read, 4 the run could
not be recorded (the reports are written all the same).
Records the run in the history store DB (default .optics/history.db, or a postgresql:// URL),
so the audit judges each lane's trend; writes audit.json, audit.html, audit.md and optics.prom
(for node_exporter's textfile collector) into REPORT_DIR (default: reports/).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nornir_optics.checks.live import audit_live
from nornir_optics.cli.render import report_json
from nornir_optics.collect import collect, init_nornir
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric
from nornir_optics.history import DEFAULT_DB, HistoryError, open_store
from nornir_optics.history.job import audit_and_record
from nornir_optics.metrics import exposition, write_textfile
from nornir_optics.models import Severity
from nornir_optics.reports import to_html, to_markdown


def main(argv: list[str]) -> int:
    """Audit the fleet and return the exit code."""
    inventory = Path(argv[0]) if argv else Path("inventory")
    reports = Path(argv[1]) if len(argv) > 1 else Path("reports")
    try:
        fabric = load_fabric(inventory)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    at, started = time.time(), time.monotonic()
    fleet = collect(init_nornir(inventory), show_progress=False)
    gathered = time.monotonic() - started
    recorded = True
    try:
        with open_store(argv[2] if len(argv) > 2 else DEFAULT_DB) as store:  # noqa: PLR2004
            report, _ = audit_and_record(fabric, fleet, store, at=at, gather_seconds=gathered)
    except HistoryError as exc:
        print(exc, file=sys.stderr)
        report, recorded = audit_live(fabric, fleet), False
    reports.mkdir(parents=True, exist_ok=True)
    write_textfile(
        reports / "optics.prom",
        exposition(fleet, report.findings, at=at, gather_seconds=gathered),
    )
    (reports / "audit.json").write_text(report_json(report), encoding="utf-8")
    (reports / "audit.html").write_text(
        to_html(report, fleet, "Nightly optics audit"), encoding="utf-8"
    )
    (reports / "audit.md").write_text(to_markdown(report, "Nightly optics audit"), encoding="utf-8")
    print(f"{len(report.findings)} finding(s); reports in {reports}")
    if not recorded:
        return 4
    if fleet.errors:
        return 3
    return 1 if report.reaches(Severity.ERROR) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
