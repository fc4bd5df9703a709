"""Nightly audit for cron: gather the fleet, audit it, write reports, exit with a CI code.

Usage: python playbooks/nightly_audit.py [INVENTORY_DIR] [REPORT_DIR]
Exit: 0 clean, 1 errors found, 2 bad input, 3 some device could not be read.
Writes audit.json, audit.html and audit.md into REPORT_DIR (default: reports/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from nornir_optics.checks.live import audit_live
from nornir_optics.cli.render import report_json
from nornir_optics.collect import collect, init_nornir
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric
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
    fleet = collect(init_nornir(inventory), show_progress=False)
    report = audit_live(fabric, fleet)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "audit.json").write_text(report_json(report), encoding="utf-8")
    (reports / "audit.html").write_text(
        to_html(report, fleet, "Nightly optics audit"), encoding="utf-8"
    )
    (reports / "audit.md").write_text(to_markdown(report, "Nightly optics audit"), encoding="utf-8")
    print(f"{len(report.findings)} finding(s); reports in {reports}")
    if fleet.errors:
        return 3
    return 1 if report.reaches(Severity.ERROR) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
