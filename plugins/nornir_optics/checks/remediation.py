"""What to change on each device so its config matches the intent. Pure: no I/O.

Only findings whose remedy is ``config`` are acted on; ``physical`` ones become work orders and
``intent`` ones are left to the planner. A breakout change comes first on its cage (it destroys
or creates interfaces), then the settings of the interfaces it leaves, then admin state. A port
the intent shuts on purpose is never enabled.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from nornir_optics.catalog import breakout_leg_speed, breakout_legs
from nornir_optics.models import Breakout, Fec, RemedyKind
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.catalog import Catalog, Keyword
    from nornir_optics.fabric import Fabric, PlanEnd, PlanLink
    from nornir_optics.findings import Finding, Report

Setting = Literal["breakout", "speed", "fec", "admin", "description"]
ORDER: dict[str, int] = {"breakout": 0, "speed": 1, "fec": 2, "description": 3, "admin": 4}


@dataclass(frozen=True)
class Change:
    """One setting of one interface (or cage, for breakout) to bring in line with the intent."""

    interface: str
    setting: Setting
    want: str
    have: str | None = None
    cage: str | None = None
    lanes: int | None = None
    """Host lanes the interface runs on (EOS names a speed with them: ``400g-4``)."""
    model: str | None = None
    """The switch model (SONiC's breakout words are the model's platform.json keys)."""
    caveat: str | None = None
    """What is not confirmed about the keyword this change needs (the plan says so)."""

    @property
    def disruptive(self) -> bool:
        """Whether applying it bounces the port (a breakout destroys and creates interfaces)."""
        return self.setting == "breakout"


@dataclass
class DevicePlan:
    """The changes of one device, in the order they must be applied."""

    device: str
    platform: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def disruptive(self) -> bool:
        """Whether any change bounces a port."""
        return any(change.disruptive for change in self.changes)

    @property
    def notes(self) -> list[str]:
        """What is UNVERIFIED about the keywords the changes use, one note per keyword."""
        seen: dict[str, str] = {}
        for change in self.changes:
            if change.caveat:
                seen.setdefault(change.caveat, f"{change.interface} {change.setting} {change.want}")
        return [f"{where}: {caveat}" for caveat, where in seen.items()]


@dataclass(frozen=True)
class WorkOrder:
    """A physical fix for a person on site."""

    device: str
    port: str
    action: str


def plan_remediation(fabric: Fabric, report: Report) -> tuple[list[DevicePlan], list[WorkOrder]]:
    """Per device, the ordered changes for the report's config findings; and the work orders."""
    ends = _ends(fabric)
    plans: dict[str, DevicePlan] = {}
    for finding in report.findings:
        if finding.symptom or finding.remedy.kind is not RemedyKind.CONFIG:
            continue
        device = fabric.managed.get(finding.device)
        if device is None:
            continue
        plan = plans.setdefault(finding.device, DevicePlan(finding.device, device.platform))
        plan.findings.append(finding)
        for change in _changes(finding, ends, fabric.catalog):
            if change not in plan.changes:
                plan.changes.append(change)
    for plan in plans.values():
        plan.changes.sort(key=_apply_order)
    orders = [
        WorkOrder(device=f.device, port=f.port, action=f.remedy.action)
        for f in report.findings
        if not f.symptom and f.remedy.kind is RemedyKind.PHYSICAL
    ]
    return sorted(plans.values(), key=lambda plan: plan.device), orders


def _apply_order(change: Change) -> tuple[bool, tuple[object, ...], tuple[object, ...], int]:
    """Breakouts first; then interface by interface, each in setting order (admin state last)."""
    return (
        change.setting != "breakout",
        natural_key(change.cage or change.interface),
        natural_key(change.interface),
        ORDER[change.setting],
    )


def _ends(fabric: Fabric) -> dict[tuple[str, str], tuple[PlanLink, PlanEnd, Breakout]]:
    """Every managed interface the intent configures: its link, its end and the end's mode."""
    found: dict[tuple[str, str], tuple[PlanLink, PlanEnd, Breakout]] = {}
    for link in fabric.links:
        if link.link.planned:
            continue
        for end in (link.a, *link.z):
            if end.managed is None:
                continue
            mode = link.link.breakout if end is link.a else Breakout.NONE
            found[(end.device, end.interface)] = (link, end, mode)
            for leg in range(1, breakout_legs(mode) + 1):
                child = end.managed.model.layout.leg_name(end.interface, mode, leg)
                if child:
                    found[(end.device, child)] = (link, end, mode)
    return found


def _changes(
    finding: Finding,
    ends: dict[tuple[str, str], tuple[PlanLink, PlanEnd, Breakout]],
    catalog: Catalog,
) -> list[Change]:
    where = ends.get((finding.device, finding.port))
    if where is None:
        return []
    _link, end, mode = where
    return [_with_keyword(catalog, end, mode, change) for change in _bare_changes(finding, where)]


def _with_keyword(catalog: Catalog, end: PlanEnd, mode: Breakout, change: Change) -> Change:
    """The change with what its keyword depends on (lanes, model) and any caveat on it."""
    if end.managed is None or end.cage is None:
        return change
    platform, model = end.managed.platform, end.managed.model.name
    lanes = catalog.interface_lanes(end.cage.range.cage, mode)
    speed = breakout_leg_speed(mode) or end.optic.speed
    entry: Keyword | None = None
    if change.setting in {"speed", "breakout"}:
        kind: Literal["speed", "breakout"] = "speed" if change.setting == "speed" else "breakout"
        entry = catalog.keyword(platform, kind, change.want, lanes=lanes, model=model)
    elif change.setting == "fec":
        entry = catalog.platforms[platform].fec[Fec(change.want)]
    caveat = entry.caveat_at(speed) if entry is not None else None
    return replace(change, lanes=lanes, model=model, caveat=caveat)


def _bare_changes(finding: Finding, where: tuple[PlanLink, PlanEnd, Breakout]) -> list[Change]:
    link, end, mode = where
    speed = breakout_leg_speed(mode) or end.optic.speed
    admin = "down" if link.link.shut else "up"
    if finding.category == "breakout-mismatch":
        changes = [
            Change(end.interface, "breakout", mode.value, _text(finding.actual), cage=end.interface)
        ]
        layout = end.managed.model.layout if end.managed else None
        for leg in range(1, breakout_legs(mode) + 1):
            child = layout.leg_name(end.interface, mode, leg) if layout else None
            if child is None:
                continue
            far = link.z[leg - 1] if mode is not Breakout.NONE and leg <= len(link.z) else link.z[0]
            changes += [
                Change(child, "speed", speed, cage=end.interface),
                Change(child, "fec", end.fec.value, cage=end.interface),
                Change(
                    child,
                    "description",
                    far.ref if end is link.a else link.a.ref,
                    cage=end.interface,
                ),
                Change(child, "admin", admin, cage=end.interface),
            ]
        return changes
    if finding.category == "fec-mismatch":
        return [
            Change(
                finding.port, "fec", Fec(end.fec).value, _text(finding.actual), cage=end.interface
            )
        ]
    if finding.category == "speed-mismatch":
        return [Change(finding.port, "speed", speed, _text(finding.actual), cage=end.interface)]
    if finding.category == "admin-state":
        return [Change(finding.port, "admin", admin, _text(finding.actual), cage=end.interface)]
    return []


def _text(value: object) -> str | None:
    return None if value is None else str(value)
