"""The remembering audit: read the trend history, audit, record.

Shared by the CLI, the processor and the playbooks, so each does the same three steps.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from nornir_optics.checks.live import audit_live
from nornir_optics.history.dialects import HistoryError

if TYPE_CHECKING:
    from collections.abc import Collection

    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric
    from nornir_optics.findings import Report
    from nornir_optics.history.store import HistoryStore

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def audit_and_record(  # noqa: PLR0913 - keywords of one run
    fabric: Fabric,
    fleet: Fleet,
    store: HistoryStore | None,
    *,
    at: float | None = None,
    record: bool = True,
    gather_seconds: float | None = None,
    scope: Collection[str] | None = None,
) -> tuple[Report, int | None]:
    """Audit the fleet with the store's history of its lanes; record the run if asked.

    With ``scope`` (a filtered audit) the report, and the run recorded, hold the findings on
    those devices only (see :func:`~nornir_optics.checks.live.audit_live`).
    """
    when = time.time() if at is None else at
    history = (
        store.history(runs=fabric.intent.policy.trend.runs, now=when) if store is not None else None
    )
    report = audit_live(fabric, fleet, history, scope=scope)
    run_id = (
        store.record(fabric, fleet, report, at=when, gather_seconds=gather_seconds)
        if store is not None and record
        else None
    )
    return report, run_id


def parse_duration(text: str) -> float:
    """Seconds in ``90d``, ``12h``, ``30m``, ``2w``, ``45s``.

    >>> parse_duration("90d"), parse_duration("1.5h")
    (7776000.0, 5400.0)
    """
    found = _DURATION.match(text.strip())
    if not found:
        msg = f"not a duration: {text!r} (use e.g. 90d, 12h, 30m, 2w)"
        raise HistoryError(msg)
    return float(found.group(1)) * _UNITS[found.group(2)]


def parse_time(text: str) -> float:
    """Epoch seconds of an ISO 8601 time (UTC unless it says) or of a number of seconds.

    >>> parse_time("2027-01-01T00:00:00Z"), parse_time("1798761600")
    (1798761600.0, 1798761600.0)
    """
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        msg = f"not a time: {text!r} (ISO 8601, e.g. 2027-01-01T02:00:00Z, or epoch seconds)"
        raise HistoryError(msg) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def when(at: float) -> str:
    """A run's time as people read it.

    >>> when(1798761600.0)
    '2027-01-01 00:00 UTC'
    """
    return datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
