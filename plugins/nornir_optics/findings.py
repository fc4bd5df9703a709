"""Findings: the one contract every audit reports in, and the category vocabulary behind it.

JSON shape (``Report.to_dict``)::

    {"findings": [{"device", "port", "category", "severity", "message", "expected", "actual",
                   "remedy": {"kind", "action"}, "symptom", "caused_by"}],
     "summary": {"by_severity": {...}, "by_category": {...}, "devices": N, "ports": N}}

``expected``/``actual`` are JSON scalars or null; a symptom has ``symptom: true`` and
``caused_by: {device, port, category}``. A finding may carry ``details`` (a mapping) where the
cause has consequences worth listing (e.g. the children a wrong breakout mode implies).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any, Literal

from pydantic import Field

from nornir_optics.catalog import read_data_file
from nornir_optics.models import Frozen, RemedyKind, Severity
from nornir_optics.names import natural_key

Scalar = str | int | float | bool | None


Phase = Literal["plan", "live"]
Group = Literal["device", "config", "module", "light", "independent"]


class Category(Frozen):
    """One entry of the finding vocabulary."""

    name: str = ""
    severity: Severity
    remedy: RemedyKind
    phase: Phase
    live_remedy: RemedyKind | None = None
    group: Group | None = None
    summary: str
    escalates: str | None = None

    def remedy_in(self, phase: Phase) -> RemedyKind:
        """Who fixes it when an audit of that phase finds it."""
        if phase == "live" and self.live_remedy is not None:
            return self.live_remedy
        return self.remedy


@cache
def categories() -> dict[str, Category]:
    """The documented finding categories, by name (data/categories.yaml)."""
    raw = read_data_file("categories.yaml")["categories"]
    if not isinstance(raw, dict):
        msg = "categories.yaml: categories must be a mapping"
        raise TypeError(msg)
    return {name: Category.model_validate({**spec, "name": name}) for name, spec in raw.items()}


def categories_of(*, phase: Phase | None = None, group: Group | None = None) -> tuple[str, ...]:
    """The category names of a phase or of a live-audit group, in vocabulary order.

    >>> categories_of(group="module")
    ('optic-missing', 'optic-mismatch')
    >>> "fec-mismatch" in categories_of(phase="plan") and "fec-mismatch" in categories_of(
    ...     group="config"
    ... )
    True
    """
    return tuple(
        name
        for name, spec in categories().items()
        if (phase is None or spec.phase == phase) and (group is None or spec.group == group)
    )


class Remedy(Frozen):
    """What fixes a finding and who does it."""

    kind: RemedyKind
    action: str


class CausedBy(Frozen):
    """The cause finding a symptom follows from."""

    device: str
    port: str
    category: str


class Finding(Frozen):
    """One thing an audit found on one port (or device)."""

    device: str
    port: str
    category: str
    severity: Severity
    message: str
    expected: Scalar = None
    actual: Scalar = None
    remedy: Remedy
    symptom: bool = False
    caused_by: CausedBy | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON contract has it."""
        data = self.model_dump(mode="json", exclude={"details"})
        if self.details:
            data["details"] = self.details
        return data

    def sort_key(self) -> tuple[str, tuple[object, ...], int, str]:
        """Device, port in natural order, worst severity first, category."""
        return (self.device, natural_key(self.port), -self.severity.rank, self.category)


def finding(  # noqa: PLR0913 - every field of the contract is a keyword
    category: str,
    device: str,
    port: str,
    message: str,
    action: str,
    *,
    expected: Scalar = None,
    actual: Scalar = None,
    severity: Severity | None = None,
    remedy: RemedyKind | None = None,
    details: dict[str, Any] | None = None,
    phase: Phase | None = None,
) -> Finding:
    """A cause finding with the category's default severity and its remedy kind in ``phase``."""
    spec = categories()[category]
    return Finding(
        device=device,
        port=port,
        category=category,
        severity=severity or spec.severity,
        message=message,
        expected=expected,
        actual=actual,
        remedy=Remedy(kind=remedy or spec.remedy_in(phase or spec.phase), action=action),
        details=details or {},
    )


class Report(Frozen):
    """The findings of one audit, sorted, with what was audited."""

    findings: tuple[Finding, ...]
    devices: int
    ports: int
    thermal: tuple[dict[str, Any], ...] = ()
    """Per device read live: its hottest modules and how many run near their warning."""

    @classmethod
    def of(
        cls,
        findings: list[Finding],
        *,
        devices: int,
        ports: int,
        thermal: tuple[dict[str, Any], ...] = (),
    ) -> Report:
        """A report with its findings in device, port, severity order."""
        return cls(
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            devices=devices,
            ports=ports,
            thermal=thermal,
        )

    def summary(self) -> dict[str, Any]:
        """Counts by severity and category, and what was audited."""
        by_severity = Counter(f.severity.value for f in self.findings)
        return {
            "by_severity": {level.value: by_severity.get(level.value, 0) for level in Severity},
            "by_category": dict(sorted(Counter(f.category for f in self.findings).items())),
            "devices": self.devices,
            "ports": self.ports,
        }

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON contract has it."""
        data = {"findings": [f.to_dict() for f in self.findings], "summary": self.summary()}
        if self.thermal:
            data["thermal"] = list(self.thermal)
        return data

    def worst(self) -> Severity | None:
        """The highest severity among the findings, None when there are none."""
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def reaches(self, threshold: Severity | None) -> bool:
        """Whether any finding is at or above ``threshold`` (never, for None)."""
        worst = self.worst()
        return threshold is not None and worst is not None and worst.rank >= threshold.rank
