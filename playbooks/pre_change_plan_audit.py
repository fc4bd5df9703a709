"""Pre-change audit of a cabling plan, for CI: exit 1 when the plan has errors, 2 on bad input.

Usage: python playbooks/pre_change_plan_audit.py [INVENTORY_DIR] [INTENT_FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from nornir_optics.checks.plan import audit_plan
from nornir_optics.cli.render import report_json
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric
from nornir_optics.models import Severity


def main(argv: list[str]) -> int:
    """Load the fabric, audit the plan, print JSON; return the CI exit code."""
    inventory = Path(argv[0]) if argv else Path("inventory")
    intent = Path(argv[1]) if len(argv) > 1 else None
    try:
        fabric = load_fabric(inventory, intent)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    report = audit_plan(fabric)
    sys.stdout.write(report_json(report))
    return 1 if report.reaches(Severity.ERROR) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
