"""Pre-change audit for CI: the proposed plan against the live fleet, JUnit XML for the pipeline.

Usage: python playbooks/pre_change_audit.py [INVENTORY_DIR] [PROPOSED_INTENT] [JUNIT_FILE]
Exit: 0 the change can go ahead, 1 errors (plan or live), 2 bad input, 3 a device unreadable.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nornir_optics.checks.live import audit_live
from nornir_optics.collect import collect, init_nornir
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric
from nornir_optics.models import Severity
from nornir_optics.reports import to_junit


def main(argv: list[str]) -> int:
    """Audit the proposed intent against the fleet; return the exit code."""
    inventory = Path(argv[0]) if argv else Path("inventory")
    intent = Path(argv[1]) if len(argv) > 1 else None
    junit = Path(argv[2]) if len(argv) > 2 else Path("optics-junit.xml")  # noqa: PLR2004
    try:
        fabric = load_fabric(inventory, intent)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    fleet = collect(init_nornir(inventory), show_progress=False)
    report = audit_live(fabric, fleet)
    checked = sorted(
        {(e.device, e.interface) for link in fabric.links for e in (link.a, *link.z) if e.managed}
    )
    junit.write_text(to_junit(report, checked), encoding="utf-8")
    print(f"{len(report.findings)} finding(s); JUnit in {junit}")
    if fleet.errors:
        return 3
    return 1 if report.reaches(Severity.ERROR) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
