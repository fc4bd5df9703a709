"""Findings: the one contract every audit reports in, and the category vocabulary behind it.

JSON shape (``Report.to_dict``)::

    {"findings": [{"id", "device", "port", "category", "severity", "message", "expected", "actual",
                   "remedy": {"kind", "action"}, "symptom", "caused_by"}],
     "summary": {"by_severity": {...}, "by_category": {...}, "devices": N, "ports": N}}

``id`` is a stable short name of the finding: the first 8 hex digits of the BLAKE2s hash of
``device|port|category`` (:func:`finding_id`), the same in every run and every format, so
``optics intent accept ID`` and suppressions can name it. A filtered audit adds
``summary.far_ends_read`` (managed far ends gathered read-only to attribute symptoms) and
``summary.far_ends_not_read`` (those it did not gather), each only when not empty.

``expected``/``actual`` are JSON scalars or null; a symptom has ``symptom: true`` and
``caused_by: {device, port, category}``. A finding may carry ``details`` (a mapping) where the
cause has consequences worth listing (e.g. the children a wrong breakout mode implies).
"""

from __future__ import annotations

import hashlib
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

    @property
    def id(self) -> str:
        """The finding's stable id (:func:`finding_id`)."""
        return finding_id(self.device, self.port, self.category)

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON contract has it."""
        data = {"id": self.id, **self.model_dump(mode="json", exclude={"details"})}
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


ID_DIGITS = 8


def finding_id(device: str, port: str, category: str) -> str:
    """A short, stable id of the finding about ``category`` on ``device:port``.

    >>> finding_id("leaf1", "Ethernet4/1", "reach-exceeded")
    '2a11eff3'
    """
    digest = hashlib.blake2s(f"{device}|{port}|{category}".encode(), digest_size=ID_DIGITS // 2)
    return digest.hexdigest()


class Report(Frozen):
    """The findings of one audit, sorted, with what was audited."""

    findings: tuple[Finding, ...]
    devices: int
    ports: int
    far_ends_read: tuple[str, ...] = ()
    far_ends_not_read: tuple[str, ...] = ()
    thermal: tuple[dict[str, Any], ...] = ()
    """Per device read live: its hottest modules and how many run near their warning."""

    @classmethod
    def of(  # noqa: PLR0913 - the report's keyword fields
        cls,
        findings: list[Finding],
        *,
        devices: int,
        ports: int,
        far_ends_read: tuple[str, ...] = (),
        far_ends_not_read: tuple[str, ...] = (),
        thermal: tuple[dict[str, Any], ...] = (),
    ) -> Report:
        """A report with its findings in device, port, severity order."""
        return cls(
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            devices=devices,
            ports=ports,
            far_ends_read=far_ends_read,
            far_ends_not_read=far_ends_not_read,
            thermal=thermal,
        )

    def by_id(self, finding_ids: list[str]) -> tuple[list[Finding], list[str]]:
        """The findings of these ids (a unique prefix will do), and the ids that match none."""
        found: list[Finding] = []
        unknown: list[str] = []
        for wanted in finding_ids:
            hits = [f for f in self.findings if f.id.startswith(wanted.lower())]
            if hits:
                found.extend(f for f in hits if f not in found)
            else:
                unknown.append(wanted)
        return found, unknown

    def summary(self) -> dict[str, Any]:
        """Counts by severity and category, and what was audited."""
        by_severity = Counter(f.severity.value for f in self.findings)
        return {
            "by_severity": {level.value: by_severity.get(level.value, 0) for level in Severity},
            "by_category": dict(sorted(Counter(f.category for f in self.findings).items())),
            "devices": self.devices,
            "ports": self.ports,
            **({"far_ends_read": list(self.far_ends_read)} if self.far_ends_read else {}),
            **(
                {"far_ends_not_read": list(self.far_ends_not_read)}
                if self.far_ends_not_read
                else {}
            ),
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
