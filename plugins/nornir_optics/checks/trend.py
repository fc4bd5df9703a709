"""Trends of per-lane DOM over recorded runs, and the forecast of a fading lane. Pure: no I/O.

The CLI reads the last runs from the history store and hands them to the live audit as a
:class:`History`; the audit fits each lane's Rx (with the current reading as the newest point)
by Theil-Sen, the median of the pairwise slopes: robust to a few odd readings, with no
assumption on the noise. A lane *fades* when its slope is below ``policy.trend.rx_db_per_day``
with at least ``min_runs`` points over ``min_days``, a fitted drop of ``min_drop_db`` behind it,
and a slope three standard errors below zero (the noise, from the residuals' MAD, is not a
trend). A jump larger than ``step_db`` between consecutive runs (a re-patch, a cleaned connector)
or another module serial restarts the fit: only the points after it count.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from nornir_optics.findings import finding

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from nornir_optics.findings import Finding
    from nornir_optics.intent import TrendPolicy

DAY_S = 86400.0
READING_STEP_DB = 0.01
"""The resolution devices report power in: the least noise a fit assumes."""
SIGNIFICANCE = 3.0
"""A fade must be this many standard errors below zero: noise alone is not a trend."""
LaneKey = tuple[str, str, int]
"""(device, port, lane) of a lane, the port as the facts name its cage."""


@dataclass(frozen=True, slots=True)
class LaneSeries:
    """One lane over past runs, aligned with ``times``; NaN where a run has no reading."""

    times: tuple[float, ...]
    rx: tuple[float, ...]
    tx: tuple[float, ...]
    bias: tuple[float, ...]
    serials: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """Past runs' per-lane readings, oldest first, and when the current gather ran."""

    lanes: Mapping[LaneKey, LaneSeries]
    now: float


@dataclass(frozen=True, slots=True)
class Fit:
    """A Theil-Sen fit of one quantity of one lane."""

    slope_per_day: float
    level_now: float
    runs: int
    days: float
    stderr: float = 0.0
    """Standard error of the slope, from the residuals' MAD (robust, like the fit)."""

    def days_to(self, level: float) -> float | None:
        """Days until the fitted line falls to ``level``; 0 when it is there; None never."""
        if self.level_now <= level:
            return 0.0
        if self.slope_per_day >= 0:
            return None
        return (self.level_now - level) / -self.slope_per_day


def theil_sen(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope and intercept of the Theil-Sen line through the points.

    >>> theil_sen([0, 1, 2, 3, 4], [10.0, 9.0, 8.0, 30.0, 6.0])
    (-1.0, 10.0)
    """
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] != xs[i]
    ]
    slope = statistics.median(slopes) if slopes else 0.0
    intercept = statistics.median(y - slope * x for x, y in zip(xs, ys, strict=True))
    return slope, intercept


def _segment(
    points: list[tuple[float, float, str]], step_db: float
) -> list[tuple[float, float, str]]:
    """The trailing points with the newest point's module and no step between them."""
    kept = [points[-1]]
    for point in reversed(points[:-1]):
        newer = kept[-1]
        if point[2] and newer[2] and point[2] != newer[2]:
            break  # another module: its light says nothing about this one
        if abs(newer[1] - point[1]) > step_db:
            break  # re-patched or cleaned: the fit starts again after the step
        kept.append(point)
    kept.reverse()
    return kept


def fit(
    series: LaneSeries | None,
    values: Sequence[float],
    now: tuple[float, float, str],
    policy: TrendPolicy,
) -> Fit | None:
    """Fit one quantity of a lane: its past ``values`` (of ``series``) and ``now``.

    ``now`` is (time, reading, module serial) of the current run. None when there are too few
    points or days behind the newest segment.
    """
    if series is None:
        return None
    points = [
        (at, value, serial)
        for at, value, serial in zip(series.times, values, series.serials, strict=True)
        if not math.isnan(value) and at < now[0]
    ]
    points.append(now)
    segment = _segment(points, policy.step_db)
    span = (segment[-1][0] - segment[0][0]) / DAY_S
    if len(segment) < policy.min_runs or span < policy.min_days:
        return None
    days = [(at - now[0]) / DAY_S for at, _, _ in segment]
    levels = [value for _, value, _ in segment]
    slope, intercept = theil_sen(days, levels)
    residuals = [abs(y - intercept - slope * x) for x, y in zip(days, levels, strict=True)]
    sigma = max(1.4826 * statistics.median(residuals), READING_STEP_DB)
    centre = statistics.fmean(days)
    spread = math.sqrt(sum((x - centre) ** 2 for x in days)) or 1.0
    return Fit(
        slope_per_day=slope,
        level_now=intercept,
        runs=len(segment),
        days=span,
        stderr=sigma / spread,
    )


def fading_rx(
    series: LaneSeries | None, now: tuple[float, float, str], policy: TrendPolicy
) -> Fit | None:
    """The Rx fit of a lane when the lane fades (policy.trend), else None.

    A cheap test first (half the window against the other half), so a fleet's steady lanes
    cost no fit.
    """
    if series is None:
        return None
    past = [value for value in series.rx if not math.isnan(value)]
    if len(past) + 1 < policy.min_runs:
        return None
    values = [*past, now[1]]
    half = len(values) // 2
    if statistics.fmean(values[:half]) - statistics.fmean(values[-half:]) < policy.min_drop_db / 2:
        return None
    found = fit(series, series.rx, now, policy)
    fades = found is not None and (
        found.slope_per_day <= policy.rx_db_per_day
        and -found.slope_per_day * found.days >= policy.min_drop_db
        and -found.slope_per_day >= SIGNIFICANCE * found.stderr
    )
    return found if fades else None


def crossing(at: float, days: float | None) -> str:
    """'in about N days (YYYY-MM-DD)' for a crossing ``days`` after ``at`` (epoch seconds).

    >>> crossing(1798761600.0, 12.4)
    'in about 12 days (2027-01-13)'
    >>> crossing(1798761600.0, 0.0)
    'now'
    """
    if days is None:
        return "never at this rate"
    if days <= 0:
        return "now"
    date = datetime.fromtimestamp(at, tz=UTC) + timedelta(days=days)
    return f"in about {round(days)} days ({date.date().isoformat()})"


def crossing_date(at: float, days: float | None) -> str | None:
    """The ISO date of a crossing ``days`` after ``at``; None when it never comes."""
    if days is None:
        return None
    return (datetime.fromtimestamp(at, tz=UTC) + timedelta(days=max(days, 0.0))).date().isoformat()


@dataclass(frozen=True, slots=True)
class Fade:
    """A fading lane: its Rx fit and, where the far end is managed, the far end's Tx fit."""

    lane: int
    rx: Fit
    far_tx: Fit | None = None

    @property
    def laser(self) -> bool:
        """Whether the far end's laser explains it (its Tx falls at least half as fast)."""
        return self.far_tx is not None and self.far_tx.slope_per_day <= self.rx.slope_per_day / 2


def fade_finding(  # noqa: PLR0913 - the lane, its thresholds and both ends
    fades: list[Fade],
    *,
    at: float,
    ends: tuple[str, str],
    where: tuple[str, str],
    levels: Mapping[str, float],
    policy: TrendPolicy,
) -> Finding:
    """One ``dom-trend`` finding for a port's fading lanes; the soonest crossing leads."""
    near_ref, remote_ref = ends
    low_warning, low_alarm = levels.get("low_warning"), levels.get("low_alarm")

    def soonest(fade: Fade) -> float:
        days = fade.rx.days_to(low_warning) if low_warning is not None else None
        return math.inf if days is None else days

    fades = sorted(fades, key=lambda fade: (soonest(fade), fade.lane))
    lead = fades[0]
    parts = [f"lane {lead.lane} Rx falls {-lead.rx.slope_per_day:.2f} dB/day"]
    for name, level in (("low-warning", low_warning), ("low-alarm", low_alarm)):
        if level is not None:
            parts.append(f"crosses {name} ({level:.1f} dBm) {crossing(at, lead.rx.days_to(level))}")
    others = [fade.lane for fade in fades[1:]]
    message = (
        f"{near_ref}: {'; '.join(parts)} (Theil-Sen over {lead.rx.runs} runs, "
        f"{lead.rx.days:.0f} days)"
        + (f"; lanes {', '.join(map(str, others))} fade too" if others else "")
    )
    when = crossing(at, lead.rx.days_to(low_warning)) if low_warning is not None else "soon"
    if lead.laser and lead.far_tx is not None:
        action = (
            f"replace the module at {remote_ref} before lane {lead.lane} crosses low-warning "
            f"{when}: its laser fades (Tx {-lead.far_tx.slope_per_day:.2f} dB/day)"
        )
    else:
        action = (
            f"clean and inspect the connectors of {near_ref} - {remote_ref} before lane "
            f"{lead.lane} crosses low-warning {when}"
        )
    return finding(
        "dom-trend",
        where[0],
        where[1],
        message,
        action,
        expected=f">= {policy.rx_db_per_day:g} dB/day",
        actual=f"{lead.rx.slope_per_day:.2f} dB/day",
        details={
            "lanes": [
                {
                    "lane": fade.lane,
                    "rx_db_per_day": round(fade.rx.slope_per_day, 3),
                    "rx_dbm_fitted": round(fade.rx.level_now, 2),
                    "runs": fade.rx.runs,
                    "days": round(fade.rx.days, 1),
                    "low_warning_date": crossing_date(at, fade.rx.days_to(low_warning))
                    if low_warning is not None
                    else None,
                    "low_alarm_date": crossing_date(at, fade.rx.days_to(low_alarm))
                    if low_alarm is not None
                    else None,
                    "far_tx_db_per_day": round(fade.far_tx.slope_per_day, 3)
                    if fade.far_tx
                    else None,
                }
                for fade in fades
            ]
        },
    )
