"""Value parsing every driver shares: numbers with units, no-light markers, lane states."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from netutils.interface import canonical_interface_name

if TYPE_CHECKING:
    from nornir_optics.facts import LaneReading, LaneState

NO_LIGHT_DBM = -30.0
"""At or below this a reading means "no light" (modules report -40 dBm or -inf for LOS)."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_MISSING = {"", "n/a", "na", "none", "--", "-", "not supported", "unknown", "no", "null"}


def to_float(text: str | float | None) -> float | None:
    """A number from vendor text: ``'-2.39'``, ``'2.5dBm'``, ``'0.45 mW'``; None for N/A.

    ``-inf``, ``- Inf`` and ``-Inf`` come back as ``-inf`` (no light).

    >>> to_float(" -2.39 dBm"), to_float("7.50mA"), to_float("N/A"), to_float("- Inf")
    (-2.39, 7.5, None, -inf)
    >>> to_float("-infdBm")
    -inf
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = text.strip()
    if cleaned.lower() in _MISSING:
        return None
    if re.fullmatch(r"-\s*inf(inity)?\s*[a-z]*", cleaned, flags=re.IGNORECASE):
        return -math.inf
    match = _NUMBER.search(cleaned)
    return float(match.group()) if match else None


def mw_to_dbm(milliwatts: float | None) -> float | None:
    """Power in dBm from mW; ``-inf`` for 0 mW, None when unknown.

    >>> mw_to_dbm(1.0), mw_to_dbm(0.0)
    (0.0, -inf)
    """
    if milliwatts is None:
        return None
    if milliwatts <= 0:
        return -math.inf
    return round(10 * math.log10(milliwatts), 2)


def is_no_light(dbm: float | None) -> bool:
    """Whether a power reading means no light (-inf, -40 dBm and the like)."""
    return dbm is not None and (math.isinf(dbm) or dbm <= NO_LIGHT_DBM)


def lane_reading(
    lane: int,
    *,
    rx: float | None = None,
    tx: float | None = None,
    bias: float | None = None,
    unused: bool = False,
) -> LaneReading:
    """One lane with its state; no-light readings are dropped, never kept as 0.0 or -40.

    >>> lane_reading(3, rx=-40.0, tx=1.2, bias=7.1)
    {'lane': 3, 'state': 'no_light', 'tx_power_dbm': 1.2, 'tx_bias_ma': 7.1}
    >>> lane_reading(5, unused=True)
    {'lane': 5, 'state': 'unused'}
    """
    if unused:
        return {"lane": lane, "state": "unused"}
    state: LaneState
    if rx is None and tx is None and bias is None:
        state = "not_supported"
    elif is_no_light(rx):
        state = "no_light"
    else:
        state = "ok"
    reading: LaneReading = {"lane": lane, "state": state}
    if rx is not None and not is_no_light(rx):
        reading["rx_power_dbm"] = rx
    if tx is not None and not is_no_light(tx):
        reading["tx_power_dbm"] = tx
    if bias is not None:
        reading["tx_bias_ma"] = bias
    return reading


def canonical(name: str) -> str:
    """The canonical interface name (``Et1/1`` -> ``Ethernet1/1``).

    >>> canonical("Et3/17/1"), canonical("et-0/0/1"), canonical("Eth1/5/2")
    ('Ethernet3/17/1', 'et-0/0/1', 'Ethernet1/5/2')
    """
    return canonical_interface_name(name.strip())


def normalize_command(command: str) -> str:
    """A command as typed, without output pipes and with single spaces.

    >>> normalize_command("show interfaces  transceiver | json | no-more")
    'show interfaces transceiver'
    """
    return " ".join(command.split("|", 1)[0].split())
