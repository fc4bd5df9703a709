"""Live audit: gathered device facts against the intent. Pure: no Nornir, no I/O.

One cause finding per fault, attributed along the dependency chain module -> port -> link ->
far end, with this precedence when one fault explains another:

1. the device could not be read (``unreachable``, ``auth-failed``, ``parse-error``,
   ``platform-unsupported``): nothing else on it;
2. config (``breakout-mismatch``, ``speed-mismatch``, ``fec-mismatch``, ``admin-state``): the tool
   can fix it; a wrong breakout mode is one finding on the parent, its speed and child
   differences go into the finding's details;
3. module (``optic-missing``, ``optic-mismatch``);
4. light and cable (``no-light``, ``budget-exceeded``, ``lane-imbalance``, ``dom-rx-low``,
   ``dom-rx-high``);
5. independent faults, always causes: ``dom-temperature``, ``dom-voltage``, ``dom-bias``,
   ``dom-tx``, ``optic-unapproved``, ``serial-duplicate``, ``far-end-mismatch``.

A consequence elsewhere (the far end of a pulled module sees no light; a link is down because
of a FEC mismatch at one end) is a symptom: ``symptom: true`` with ``caused_by``. Ports of
planned links get no finding; ports the intent shuts (``admin: down``) get none but
``admin-state`` when they are up. Lane spread is judged only across lanes fed by one far-end
module, never across the legs of a breakout.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nornir_optics.catalog import breakout_leg_speed, breakout_legs, spec_levels
from nornir_optics.checks.plan import audit_plan
from nornir_optics.checks.thermal import device_thermal, heat
from nornir_optics.checks.trend import Fade, fade_finding, fading_rx, fit
from nornir_optics.findings import CausedBy, Finding, Report, categories_of, finding
from nornir_optics.models import Breakout, Severity

if TYPE_CHECKING:
    from collections.abc import Collection

    from nornir_optics.catalog import Catalog, OpticType
    from nornir_optics.checks.trend import History
    from nornir_optics.fabric import Fabric, PlanEnd, PlanLink
    from nornir_optics.facts import DeviceFacts, LaneReading, Levels, Port, Transceiver
    from nornir_optics.intent import Policy

NO_PORT = "-"
DEVICE_ACTIONS = {
    "unreachable": "check reachability, credentials and the device's CLI",
    "auth-failed": "set the device's credentials (environment, --ask-pass or the inventory)",
    "parse-error": "check reachability, credentials and the device's CLI",
    "platform-unsupported": "correct the host's platform (or Netmiko device_type) in the inventory",
}
"""The categories of a device the gather could not read, with what to do about each."""
CONFIG_CATEGORIES = categories_of(group="config")
MODULE_CATEGORIES = categories_of(group="module")
PLAN_CATEGORIES = categories_of(phase="plan")
LIGHT_CATEGORIES = categories_of(group="light")


@dataclass(frozen=True)
class Fleet:
    """What a gather brought back: facts per device, and the devices it could not read."""

    facts: dict[str, DeviceFacts]
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _Audit:
    fabric: Fabric
    fleet: Fleet
    history: History | None = None
    findings: list[Finding] = field(default_factory=list)
    causes: dict[tuple[str, str], list[Finding]] = field(default_factory=lambda: defaultdict(list))
    ports: set[tuple[str, str]] = field(default_factory=set)

    @property
    def catalog(self) -> Catalog:
        return self.fabric.catalog

    @property
    def policy(self) -> Policy:
        return self.fabric.intent.policy

    def add(self, item: Finding, *, cage: str | None = None) -> Finding:
        self.findings.append(item)
        if not item.symptom:
            self.causes[(item.device, cage or item.port)].append(item)
        return item

    def cause_at(self, device: str, port: str, categories: tuple[str, ...]) -> Finding | None:
        return next(
            (f for f in self.causes.get((device, port), []) if f.category in categories), None
        )

    def symptom(self, cause: Finding, category: str, device: str, port: str, message: str) -> None:
        if (cause.device, cause.port) == (device, port):
            return  # the cause already says it, on this very port
        self.symptom_here(cause, category, (device, port), message)

    def symptom_here(
        self, cause: Finding, category: str, at: tuple[str, str], message: str
    ) -> None:
        """A symptom even on the cause's own port (where the cause does not say it)."""
        device, port = at
        spec = finding(
            category, device, port, message, f"fix {cause.category} at {cause.device}:{cause.port}"
        )
        self.findings.append(
            spec.model_copy(
                update={
                    "symptom": True,
                    "caused_by": CausedBy(
                        device=cause.device, port=cause.port, category=cause.category
                    ),
                    "remedy": spec.remedy.model_copy(update={"kind": cause.remedy.kind}),
                }
            )
        )


def audit_live(
    fabric: Fabric,
    fleet: Fleet,
    history: History | None = None,
    *,
    scope: Collection[str] | None = None,
) -> Report:
    """Plan checks plus live checks of every managed device the gather could read.

    With ``history`` (past runs from the store, as data) each lane's Rx is also judged over
    time: a fading lane is a ``dom-trend`` with its forecast (checks/trend.py).

    With ``scope`` (a filtered audit), only the findings on those devices are reported and
    counted; the other gathered devices serve only as far ends (to attribute a symptom on a
    device of the scope to its cause at the far end), and the report names them, and the
    managed far ends of the scope's links that were not gathered.
    """
    audit = _Audit(fabric, fleet, history)
    for planned in audit_plan(fabric).findings:
        audit.add(planned)
    for device, (category, message) in sorted(fleet.errors.items()):
        audit.add(
            finding(
                category,
                device,
                NO_PORT,
                message,
                DEVICE_ACTIONS[category],
            )
        )
    built = [link for link in fabric.links if not link.link.planned]
    ends = [(link, end) for link in built for end in (link.a, *link.z) if _readable(audit, end)]
    for link, end in ends:
        _module_checks(audit, link, end)
        _config_checks(audit, link, end)
        _threshold_order(audit, end)
    _serials(audit)
    for link in (link for link in built if not link.link.shut):
        _light_and_link(audit, link)
        _far_ends(audit, link)
    for link, end in ends:
        if not link.link.shut:
            _environment(audit, end)
    if scope is None:
        devices = len([name for name in fabric.managed.devices if name in fleet.facts])
        return Report.of(
            audit.findings, devices=devices, ports=len(audit.ports), thermal=_thermal(audit, None)
        )
    wanted = set(scope)
    far = far_ends_of(fabric, wanted)
    return Report.of(
        [f for f in audit.findings if f.device in wanted],
        devices=len([name for name in fabric.managed.devices if name in wanted & set(fleet.facts)]),
        ports=len([port for port in audit.ports if port[0] in wanted]),
        far_ends_read=tuple(sorted(far & set(fleet.facts))),
        far_ends_not_read=tuple(sorted(far - set(fleet.facts))),
        thermal=_thermal(audit, wanted),
    )


def _thermal(audit: _Audit, scope: set[str] | None) -> tuple[dict[str, Any], ...]:
    """The thermal summary of every device read (of the scope, where there is one)."""
    policy_max = audit.policy.dom.temperature_max_c
    return tuple(
        device_thermal(name, audit.fleet.facts[name], managed.model, policy_max).to_dict()
        for name, managed in sorted(audit.fabric.managed.devices.items())
        if name in audit.fleet.facts and (scope is None or name in scope)
    )


def far_ends_of(fabric: Fabric, devices: Collection[str]) -> set[str]:
    """The managed devices outside ``devices`` at the far end of their links."""
    inside = set(devices)
    far: set[str] = set()
    for link in fabric.links:
        names = {end.device for end in (link.a, *link.z) if end.managed is not None}
        if names & inside:
            far |= names - inside
    return far


def _readable(audit: _Audit, end: PlanEnd) -> bool:
    return end.managed is not None and end.device in audit.fleet.facts


def _transceiver(audit: _Audit, end: PlanEnd) -> Transceiver | None:
    return (audit.fleet.facts[end.device].get("transceivers") or {}).get(end.interface)


def _port(audit: _Audit, device: str, name: str) -> Port | None:
    return (audit.fleet.facts[device].get("ports") or {}).get(name)


def _part_hint(audit: _Audit, optic: OpticType) -> str:
    approved = [
        entry.part_number.rstrip("*")
        for entry in audit.policy.approved_optics
        if audit.catalog.optic_for_alias(entry.part_number.rstrip("*")) is optic
    ]
    return f" ({approved[0]})" if approved else ""


def _module_checks(audit: _Audit, link: PlanLink, end: PlanEnd) -> None:
    audit.ports.add((end.device, end.interface))
    module = _transceiver(audit, end)
    want = end.optic
    if module is None or not module.get("present"):
        audit.add(
            finding(
                "optic-missing",
                end.device,
                end.interface,
                f"no module in {end.ref}; the plan has a {want.name} there",
                f"insert a {want.name}{_part_hint(audit, want)} in {end.device} {end.interface}",
                expected=want.name,
                actual=None,
            )
        )
        return
    have = module.get("media_type")
    if have is not None and have != want.name:
        audit.add(
            finding(
                "optic-mismatch",
                end.device,
                end.interface,
                f"{end.ref} holds a {have}; the plan has a {want.name}",
                f"replace the module in {end.device} {end.interface} with a "
                f"{want.name}{_part_hint(audit, want)}",
                expected=want.name,
                actual=have,
            )
        )
    # A platform that does not show the vendor (Junos shows it only per PIC) is judged on the
    # part number alone: what the tool cannot see is no breach.
    part = module.get("part_number", "")
    vendor = module.get("vendor")
    approved = audit.policy.approved_optics
    if approved and not any(entry.matches(vendor or entry.vendor, part) for entry in approved):
        mismatch = audit.cause_at(end.device, end.interface, ("optic-mismatch",))
        if mismatch is not None:
            audit.findings.append(
                finding(
                    "optic-unapproved",
                    end.device,
                    end.interface,
                    f"{end.ref}: {vendor or ''} {part} matches no approved_optics entry",
                    f"fix optic-mismatch at {end.ref}",
                ).model_copy(
                    update={
                        "symptom": True,
                        "caused_by": CausedBy(
                            device=end.device, port=end.interface, category="optic-mismatch"
                        ),
                    }
                )
            )
            return
        audit.add(
            finding(
                "optic-unapproved",
                end.device,
                end.interface,
                f"{end.ref}: {vendor or ''} {part} matches no approved_optics entry",
                f"replace the module in {end.device} {end.interface} with an approved {want.name}"
                f"{_part_hint(audit, want)}",
                expected="approved vendor/part number",
                actual=f"{vendor or ''} {part}".strip(),
            )
        )
    del link


def _intended_children(end: PlanEnd, mode: Breakout) -> list[str]:
    if end.managed is None:
        return []
    layout = end.managed.model.layout
    names = [layout.leg_name(end.interface, mode, leg) for leg in range(1, breakout_legs(mode) + 1)]
    return [name for name in names if name]


def _config_checks(audit: _Audit, link: PlanLink, end: PlanEnd) -> None:
    if audit.cause_at(end.device, end.interface, PLAN_CATEGORIES):
        return  # the plan itself is wrong here: the device cannot be judged against it
    is_a = end is link.a
    mode = link.link.breakout if is_a else Breakout.NONE
    parent = _port(audit, end.device, end.interface)
    actual_mode = (
        Breakout(parent.get("breakout", "none"))
        if parent and parent.get("breakout") in audit.fabric.catalog.breakout_modes
        else None
    )
    children = _intended_children(end, mode)
    if actual_mode is not None and actual_mode is not mode:
        actual_children = parent.get("children", []) if parent else []
        audit.add(
            finding(
                "breakout-mismatch",
                end.device,
                end.interface,
                f"{end.ref} is broken out {actual_mode.value}; the plan has {mode.value}",
                f"set {end.interface} to breakout {mode.value} (bounces the port; "
                f"interfaces afterwards: {', '.join(children)})",
                expected=mode.value,
                actual=actual_mode.value,
                details={
                    "expected_children": children,
                    "actual_children": list(actual_children),
                    "expected_speed": breakout_leg_speed(mode) or end.optic.speed,
                },
            )
        )
        return
    speed = breakout_leg_speed(mode) or end.optic.speed
    for name in children:
        port = _port(audit, end.device, name)
        if port is not None:
            _child_checks(audit, link, end, (name, port), speed)


def _child_checks(
    audit: _Audit, link: PlanLink, end: PlanEnd, child: tuple[str, Port], speed: str
) -> None:
    """Admin state, speed and FEC of one interface of a cage."""
    name, port = child
    if link.link.shut:
        if port.get("admin") == "up":
            audit.add(_admin_finding(end, name, "down", "up"))
        return
    if port.get("admin") == "down":
        audit.add(_admin_finding(end, name, "up", "down"))
    if audit.cause_at(end.device, end.interface, MODULE_CATEGORIES):
        return  # speed and FEC follow the module: judged once the planned one is in
    have_speed = port.get("speed")
    if have_speed and have_speed != speed:
        audit.add(
            finding(
                "speed-mismatch",
                end.device,
                name,
                f"{end.device}:{name} runs {have_speed}; {end.optic.name} needs {speed}",
                f"set speed {speed} on {end.device} {name}",
                expected=speed,
                actual=have_speed,
            )
        )
    have_fec = port.get("fec")
    if have_fec and have_fec != end.fec.value:
        audit.add(
            finding(
                "fec-mismatch",
                end.device,
                name,
                f"{end.device}:{name} runs FEC {have_fec}; the plan has {end.fec.value} "
                f"for its {end.optic.name}",
                f"set FEC {end.fec.value} on {end.device} {name}",
                expected=end.fec.value,
                actual=have_fec,
                phase="live",
            )
        )


def _admin_finding(end: PlanEnd, name: str, want: str, have: str) -> Finding:
    verb = "enable (no shutdown)" if want == "up" else "shut down"
    return finding(
        "admin-state",
        end.device,
        name,
        f"{end.device}:{name} is admin {have}; the plan has it {want}",
        f"{verb} {end.device} {name}",
        expected=want,
        actual=have,
    )


def _serials(audit: _Audit) -> None:
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for device, facts in sorted(audit.fleet.facts.items()):
        for port, module in (facts.get("transceivers") or {}).items():
            serial = module.get("serial")
            if module.get("present") and serial:
                seen[serial].append((device, port))
    for serial, places in seen.items():
        if len(places) < 2:  # noqa: PLR2004 - a duplicate needs two
            continue
        for device, port in places:
            others = ", ".join(f"{d}:{p}" for d, p in places if (d, p) != (device, port))
            audit.add(
                finding(
                    "serial-duplicate",
                    device,
                    port,
                    f"serial {serial} of {device}:{port} is also reported by {others}",
                    f"replace the module in {device} {port}: a cloned or counterfeit EEPROM "
                    f"(serial {serial} also at {others})",
                    expected="unique serial",
                    actual=serial,
                )
            )


def _lanes(module: Transceiver | None) -> list[LaneReading]:
    return list(module.get("lanes", [])) if module else []


def _light_and_link(audit: _Audit, link: PlanLink) -> None:
    mode = link.link.breakout
    for number, far in enumerate(link.z, start=1):
        pairs: list[tuple[PlanEnd, PlanEnd, list[int], list[int]]]
        if mode is Breakout.NONE:
            lanes = list(range(1, link.a.optic.lanes + 1))
            pairs = [(link.a, far, lanes, lanes), (far, link.a, lanes, lanes)]
        else:
            # leg k of a broken-out module rides its share of the module's lanes (lanes 5-8 for
            # the second half of a 2 x 400G twin-port, lane k for 8 x 100G), which meet the far
            # module's lanes from 1
            mine = link.a.optic.leg_lanes(mode, number)
            theirs = list(range(1, min(len(mine), max(far.optic.lanes, 1)) + 1))
            mine = mine[: len(theirs)]
            pairs = [(link.a, far, mine, theirs), (far, link.a, theirs, mine)]
        a_port = link.leg_port(number)
        ports = {id(link.a): a_port, id(far): far.interface}
        for near, remote, near_lanes, remote_lanes in pairs:
            if _readable(audit, near):
                _receive(
                    audit,
                    link,
                    (near, remote),
                    (near_lanes, remote_lanes),
                    (ports[id(near)], ports[id(remote)]),
                )
        for near, remote in ((link.a, far), (far, link.a)):
            if _readable(audit, near):
                _link_flap(audit, (near, ports[id(near)]), (remote, ports[id(remote)]))
        _link_state(audit, link, far, number)


def _blocking_cause(audit: _Audit, end: PlanEnd, port: str) -> Finding | None:
    """What keeps light from an end: module or plan at its cage, admin state at its port."""
    return audit.cause_at(
        end.device, end.interface, (*MODULE_CATEGORIES, *PLAN_CATEGORIES)
    ) or audit.cause_at(end.device, port, ("admin-state",))


def _unread_far_end(audit: _Audit, remote: PlanEnd) -> tuple[bool, Finding | None]:
    """Whether the far end is managed but was not gathered, and its device finding if any."""
    if remote.managed is None or remote.device in audit.fleet.facts:
        return False, None
    return True, audit.cause_at(remote.device, NO_PORT, tuple(DEVICE_ACTIONS))


def _receive(
    audit: _Audit,
    link: PlanLink,
    ends: tuple[PlanEnd, PlanEnd],
    lanes: tuple[list[int], list[int]],
    ports: tuple[str, str],
) -> None:
    near, remote = ends
    near_lanes, remote_lanes = lanes
    where = ports[0]  # the port owning these lanes: a broken-out a-end's child, else the cage
    module = _transceiver(audit, near)
    if module is None or not module.get("present") or _admin_down(audit, near.device, ports[0]):
        return
    readings = {lane["lane"]: lane for lane in _lanes(module)}
    mine = [readings[n] for n in near_lanes if n in readings]
    dark = [lane["lane"] for lane in mine if lane["state"] == "no_light"]
    if dark:
        blocking = _blocking_cause(audit, remote, ports[1]) or _blocking_cause(
            audit, near, ports[0]
        )
        unread, device_error = _unread_far_end(audit, remote)
        blocking = blocking or device_error
        what = f"no light on lane(s) {', '.join(map(str, dark))} of {near.device}:{where}"
        if blocking is None and unread:
            return  # the far end was not audited: the dark lanes cannot be pinned on anything
        if blocking is not None:
            audit.symptom(blocking, "no-light", near.device, where, f"{what}: {blocking.message}")
        else:
            audit.add(
                finding(
                    "no-light",
                    near.device,
                    where,
                    f"{what} while {remote.ref} should transmit",
                    _dark_action(near, remote),
                    expected="light on every lane",
                    actual=f"dark lanes {dark}",
                )
            )
        return
    if audit.cause_at(near.device, near.interface, MODULE_CATEGORIES):
        return
    thresholds = _thresholds(audit, near, module)
    loss = _expected_loss(audit, link)
    remote_module = _transceiver(audit, remote) if _readable(audit, remote) else None
    remote_readings = {lane["lane"]: lane for lane in _lanes(remote_module)}
    budget: list[tuple[int, float]] = []
    for lane, remote_lane in zip(near_lanes, remote_lanes, strict=False):
        reading = readings.get(lane)
        remote_reading = remote_readings.get(remote_lane)
        tx = remote_reading.get("tx_power_dbm") if remote_reading else None
        rx = reading.get("rx_power_dbm") if reading else None
        if (
            rx is not None
            and tx is not None
            and tx - rx > loss + audit.policy.link_budget.margin_db
        ):
            budget.append((lane, round(tx - rx - loss, 1)))
    cause: Finding | None = None
    if budget:
        worst = max(budget, key=lambda item: item[1])
        cause = audit.add(
            finding(
                "budget-exceeded",
                near.device,
                where,
                f"{link.a.ref} - {(remote if near is link.a else near).ref}: lane(s) "
                f"{', '.join(str(lane) for lane, _ in budget)} lose {worst[1]} dB more than the "
                f"{loss:.1f} dB the cable should",
                f"clean the MPO connectors at both ends of {link.a.ref} - "
                f"{(remote if near is link.a else near).ref}: lane {worst[0]} is {worst[1]} dB "
                "over budget",
                expected=f"<= {loss + audit.policy.link_budget.margin_db:.1f} dB",
                actual=f"{worst[1] + loss:.1f} dB",
            )
        )
    if link.link.breakout is Breakout.NONE and len(mine) > 1:
        cause = _imbalance(audit, (near, remote), mine, cause)
    _rx_levels(audit, (near, where), mine, thresholds, cause)
    _trend(audit, ends, lanes, thresholds)


def _trend(
    audit: _Audit,
    ends: tuple[PlanEnd, PlanEnd],
    lanes: tuple[list[int], list[int]],
    thresholds: dict[str, Levels],
) -> None:
    """A fading lane, unless a light cause on the port already sends someone to clean it."""
    near, remote = ends
    history = audit.history
    if history is None or audit.cause_at(near.device, near.interface, LIGHT_CATEGORIES):
        return
    module = _transceiver(audit, near)
    readings = {lane["lane"]: lane for lane in _lanes(module)}
    remote_module = _transceiver(audit, remote) if _readable(audit, remote) else None
    remote_readings = {lane["lane"]: lane for lane in _lanes(remote_module)}
    policy = audit.policy.trend
    fades = []
    for lane, remote_lane in zip(*lanes, strict=False):
        reading, remote_reading = readings.get(lane), remote_readings.get(remote_lane)
        rx = reading.get("rx_power_dbm") if reading else None
        if rx is None:
            continue
        now = (history.now, rx, module.get("serial", "") if module else "")
        rx_fit = fading_rx(history.lanes.get((near.device, near.interface, lane)), now, policy)
        if rx_fit is None:
            continue
        far_tx = remote_reading.get("tx_power_dbm") if remote_reading else None
        far_series = history.lanes.get((remote.device, remote.interface, remote_lane))
        far_serial = remote_module.get("serial", "") if remote_module else ""
        far_fit = (
            fit(far_series, far_series.tx, (history.now, far_tx, far_serial), policy)
            if far_series is not None and far_tx is not None
            else None
        )
        fades.append(Fade(lane=lane, rx=rx_fit, far_tx=far_fit))
    if fades:
        audit.add(
            fade_finding(
                fades,
                at=history.now,
                ends=(near.ref, remote.ref),
                where=(near.device, near.interface),
                levels=thresholds.get("rx_power_dbm", {}),  # type: ignore[arg-type]
                policy=policy,
            )
        )


def _parallel(end: PlanEnd) -> bool:
    """Whether the optic sends its lanes over separate fibres (an MPO), not wavelengths."""
    return end.optic.connector.startswith("mpo")


def _dark_action(near: PlanEnd, remote: PlanEnd) -> str:
    if _parallel(near):
        return (
            f"check the fibre between {near.ref} and {remote.ref}: MPO polarity (Type-B for a "
            "direct trunk), patching, and clean both connectors"
        )
    return (
        f"check the fibre between {near.ref} and {remote.ref}: duplex polarity (Tx to Rx), "
        "patching, and clean both LC connectors"
    )


def _imbalance(
    audit: _Audit,
    ends: tuple[PlanEnd, PlanEnd],
    lanes: list[LaneReading],
    cause: Finding | None,
) -> Finding | None:
    near, remote = ends
    values = {lane["lane"]: lane["rx_power_dbm"] for lane in lanes if "rx_power_dbm" in lane}
    if len(values) < 2:  # noqa: PLR2004 - a spread needs two lanes
        return cause
    spread = round(max(values.values()) - min(values.values()), 1)
    if spread <= audit.policy.dom.lane_spread_db:
        return cause
    middle = statistics.median(values.values())
    odd = max(values, key=lambda n: abs(values[n] - middle))
    others = [n for n in values if n != odd]
    gap = round(abs(values[odd] - statistics.mean(values[n] for n in others)), 1)
    side = "below" if values[odd] < middle else "above"
    text = f"{near.ref}: Rx of lane {odd} is {gap} dB {side} lanes {', '.join(map(str, others))}"
    if cause is not None:
        audit.symptom(cause, "lane-imbalance", near.device, near.interface, text)
        return cause
    return audit.add(
        finding(
            "lane-imbalance",
            near.device,
            near.interface,
            text,
            (
                f"clean the MPO connectors at both ends of {near.ref} - {remote.ref}: lane {odd} "
                f"is {gap} dB {side} the others"
            )
            if _parallel(near)
            else f"check the lane {odd} laser of the module at {remote.ref} (one wavelength is "
            f"{gap} dB {side} the others), then clean the LC connectors",
            expected=f"<= {audit.policy.dom.lane_spread_db} dB spread",
            actual=f"{spread} dB",
        )
    )


def _rx_levels(
    audit: _Audit,
    at: tuple[PlanEnd, str],
    lanes: list[LaneReading],
    levels: dict[str, Levels],
    cause: Finding | None,
) -> None:
    """Rx of each lane against the module's thresholds, reported at the port owning the lanes."""
    near, where = at
    rx = levels.get("rx_power_dbm", {})
    low_warning, low_alarm = rx.get("low_warning"), rx.get("low_alarm")
    high_warning = rx.get("high_warning")
    damage = near.optic.rx_damage_dbm.value if near.optic.rx_damage_dbm else None
    for lane in lanes:
        value = lane.get("rx_power_dbm")
        if value is None:
            continue
        if low_warning is not None and value < low_warning + audit.policy.dom.rx_margin_db:
            text = (
                f"{near.ref} lane {lane['lane']}: Rx {value:.2f} dBm, under the low-warning "
                f"{low_warning:.1f} dBm + {audit.policy.dom.rx_margin_db:g} dB margin"
            )
            if cause is not None:
                audit.symptom(cause, "dom-rx-low", near.device, where, text)
            else:
                severity = Severity.ERROR if low_alarm is not None and value < low_alarm else None
                audit.add(
                    finding(
                        "dom-rx-low",
                        near.device,
                        where,
                        text,
                        f"clean and inspect the connectors of {near.ref}, then the far end's laser",
                        expected=f">= {low_warning + audit.policy.dom.rx_margin_db:.1f} dBm",
                        actual=f"{value:.2f} dBm",
                        severity=severity,
                    )
                )
        elif high_warning is not None and value > high_warning:
            critical = damage is not None and value >= damage
            audit.add(
                finding(
                    "dom-rx-high",
                    near.device,
                    where,
                    f"{near.ref} lane {lane['lane']}: Rx {value:.2f} dBm over the high-warning "
                    f"{high_warning:.1f} dBm" + (" (receiver damage level)" if critical else ""),
                    f"add an attenuator in front of {near.ref} or check the far end's optic type",
                    expected=f"<= {high_warning:.1f} dBm",
                    actual=f"{value:.2f} dBm",
                    severity=Severity.CRITICAL if critical else None,
                )
            )


def _link_state(audit: _Audit, link: PlanLink, far: PlanEnd, number: int) -> None:
    a_port = link.leg_port(number)
    for device, port_name, cage, end in (
        (link.a.device, a_port, link.a.interface, link.a),
        (far.device, far.interface, far.interface, far),
    ):
        if not _readable(audit, end):
            continue
        port = _port(audit, device, port_name)
        if port is None or port.get("oper") != "down":
            continue
        blocking = (*CONFIG_CATEGORIES, *MODULE_CATEGORIES, *PLAN_CATEGORIES)
        cause = None
        # This leg's own port, then the cages (breakout, module, plan), then the far end.
        for where in (
            (link.a.device, a_port),
            (link.a.device, link.a.interface),
            (far.device, far.interface),
        ):
            found = audit.causes.get(where, [])
            cause = next((f for f in found if f.category in blocking), None)
            if cause:
                break
        if cause is None:
            unread, cause = _unread_far_end(audit, far if end is link.a else link.a)
            if unread and cause is None:
                continue  # the far end was not audited: nothing to pin the link state on
        if cause is None:
            cause = _down_cause(audit, link, (far, number), (device, port_name, cage, end))
        text = f"{device}:{port_name} is down"
        if cause is not None:
            audit.symptom(cause, "link-down", device, port_name, f"{text}: {cause.message}")
        else:
            audit.add(
                finding(
                    "link-down",
                    device,
                    port_name,
                    f"{text} with light, config and module as planned",
                    f"check both ends of {link.a.ref} - {far.ref}: FEC and speed as the device "
                    "reports them, then swap the modules",
                    expected="up",
                    actual="down",
                ),
                cage=cage,
            )


def _flapping(audit: _Audit, port: Port) -> tuple[int | None, float | None] | None:
    """The port's flaps and seconds since the last, when they make it a flapping link."""
    policy = audit.policy.link_flap
    flaps, ago = port.get("link_flaps"), port.get("last_flap_s")
    if flaps is None and ago is None:
        return None
    if flaps is not None and flaps < policy.flaps:
        return None
    if ago is not None and ago > policy.window_s:
        return None
    if flaps is None and port.get("oper") != "up":
        return None  # only the time of the last change: a link that stays down is link-down
    return flaps, ago


def _link_flap(audit: _Audit, near: tuple[PlanEnd, str], remote: tuple[PlanEnd, str]) -> None:
    """A link that goes down and up again: a symptom of a light cause at an end, else a cause."""
    end, name = near
    far, far_name = remote
    port = _port(audit, end.device, name)
    if port is None or port.get("admin") == "down":
        return
    flapping = _flapping(audit, port)
    if flapping is None:
        return
    flaps, ago = flapping
    policy = audit.policy.link_flap
    said = [f"{flaps} flaps since its counters were last cleared"] if flaps is not None else []
    if ago is not None:
        said.append(f"the last {ago:.0f} s ago")
    text = f"{end.device}:{name} flaps: {', '.join(said)}"
    light = tuple(c for c in LIGHT_CATEGORIES if c != "link-flap")
    cause = next(
        (
            c
            for d, p in ((end.device, name), (end.device, end.interface), (far.device, far_name))
            if (c := audit.cause_at(d, p, light))
        ),
        None,
    )
    if cause is not None:
        # the light cause does not say the link flaps: said even on the cause's own port
        audit.symptom_here(cause, "link-flap", (end.device, name), f"{text}: {cause.message}")
        return
    audit.add(
        finding(
            "link-flap",
            end.device,
            name,
            text,
            f"clean the connectors of {end.device}:{name} - {far.device}:{far_name} and reseat "
            "both modules (swap them if it goes on), then clear the counters and audit again",
            expected=f"< {policy.flaps} flaps, or none within {policy.window_s:g} s",
            actual=", ".join(said),
            details={
                key: value
                for key, value in (("flaps", flaps), ("last_flap_s", ago))
                if value is not None
            },
        ),
        cage=end.interface if name == end.interface else None,
    )


_LEVELS = ("high_alarm", "high_warning", "low_warning", "low_alarm")
_QUANTITY_WORDS = {
    "temperature_c": "temperature",
    "voltage_v": "supply voltage",
    "tx_power_dbm": "Tx power",
    "rx_power_dbm": "Rx power",
    "tx_bias_ma": "laser bias",
}


def disordered_levels(levels: Levels) -> list[str]:
    """Each pair of a quantity's thresholds out of order; empty when they are in order.

    Fewer than two given are in order.

    >>> disordered_levels({"high_alarm": 2.0, "high_warning": 4.0, "low_warning": -10.0})
    ['high_warning 4 > high_alarm 2']
    """
    values: dict[str, Any] = dict(levels)
    given = [
        (level, values[level]) for level in _LEVELS if isinstance(values.get(level), float | int)
    ]
    return [
        f"{lower} {low:g} > {upper} {high:g}"
        for (upper, high), (lower, low) in itertools.pairwise(given)
        if low > high
    ]


def _fallback(end: PlanEnd, quantity: str) -> str:
    """What a quantity is judged against when the module's own thresholds are no use."""
    optic = end.optic
    if quantity == "rx_power_dbm" and spec_levels(optic.rx_power_dbm) is not None:
        return f"Rx is judged against the {optic.name} catalogue limits"
    if quantity == "tx_power_dbm":
        return f"Tx is judged against the {optic.name} catalogue limits, as always"
    if quantity == "temperature_c":
        return "temperature is judged against the policy and the platform's limits"
    return f"{_QUANTITY_WORDS[quantity]} is not judged (the catalogue has no limit for it)"


def _thresholds_action(end: PlanEnd, part: str) -> str:
    where = f"{end.device} {end.interface}"
    return (
        f"replace the module in {where} or update its firmware (its EEPROM thresholds are "
        f"wrong), or give {part or 'its part number'} a policy.dom.overrides entry"
    )


def _threshold_order(audit: _Audit, end: PlanEnd) -> None:
    """A module whose thresholds are out of order: data it reports wrong, said once per module."""
    module = _transceiver(audit, end)
    if module is None or not module.get("present"):
        return
    own = module.get("thresholds") or {}
    wrong = {
        quantity: pairs
        for quantity in _QUANTITY_WORDS
        if (pairs := disordered_levels(own.get(quantity) or {}))  # type: ignore[arg-type]
    }
    if not wrong:
        return
    part = module.get("part_number", "")
    overridden = {
        quantity
        for override in audit.policy.dom.overrides
        if override.matches(part)
        for quantity in override.thresholds.by_quantity()
    }
    what = "; ".join(f"{_QUANTITY_WORDS[q]}: {', '.join(pairs)}" for q, pairs in wrong.items())
    instead = "; ".join(
        "policy.dom.overrides replace them" if quantity in overridden else _fallback(end, quantity)
        for quantity in wrong
    )
    audit.add(
        finding(
            "thresholds-invalid",
            end.device,
            end.interface,
            f"{end.ref}: the module reports its thresholds out of order ({what}); {instead}",
            _thresholds_action(end, part),
            expected="high_alarm >= high_warning >= low_warning >= low_alarm",
            actual=what,
            details={
                "out_of_order": dict(wrong),
                "fallback": {
                    quantity: "override" if quantity in overridden else _fallback(end, quantity)
                    for quantity in wrong
                },
            },
        )
    )


def _down_cause(
    audit: _Audit,
    link: PlanLink,
    leg: tuple[PlanEnd, int],
    at: tuple[str, str, str, PlanEnd],
) -> Finding | None:
    """Why a link is down: a flap at either end, else no light at either end.

    A 400G link needs all its lanes: no light at one end keeps it down at both.
    """
    far, number = leg
    device, port_name, cage, end = at
    a_port = link.leg_port(number)
    cause = _flap_cause(audit, (device, port_name), (link.a.device, a_port), far)
    if cause is not None:
        return cause
    others = (
        [(far.device, far.interface)]
        if end is link.a
        else [(link.a.device, a_port), (link.a.device, link.a.interface)]
    )
    return audit.cause_at(device, cage, ("no-light",)) or next(
        (c for d, p in others if (c := audit.cause_at(d, p, ("no-light",)))), None
    )


def _flap_cause(
    audit: _Audit, at: tuple[str, str], a_end: tuple[str, str], far: PlanEnd
) -> Finding | None:
    """A link caught while down: a flap at this port or either end of the link says why."""
    return next(
        (
            cause
            for device, port in (at, a_end, (far.device, far.interface))
            if (cause := audit.cause_at(device, port, ("link-flap",)))
        ),
        None,
    )


def _far_ends(audit: _Audit, link: PlanLink) -> None:
    """LLDP against the plan, where the far end is managed or a neighbour is heard at all."""
    if link.link.breakout is not Breakout.NONE:
        return  # the legs go to servers, which send no LLDP; a heard one is judged per leg below
    far = link.z[0]
    for near, remote in ((link.a, far), (far, link.a)):
        if not _readable(audit, near):
            continue
        port = _port(audit, near.device, near.interface)
        if port is None or port.get("oper") != "up":
            continue
        heard = port.get("neighbor")
        if heard is None:
            if remote.managed is not None:
                _far_end_finding(audit, near, remote, None)
            continue
        same_system = _system_matches(heard["system"], remote.device)
        same_port = _canonical(heard["port"]) == _canonical(remote.interface)
        if not (same_system and same_port):
            _far_end_finding(audit, near, remote, f"{heard['system']}:{heard['port']}")


def _system_matches(heard: str, planned: str) -> bool:
    """LLDP system names are often FQDNs: compare the host part, case-insensitively."""
    return heard.split(".", 1)[0].casefold() == planned.split(".", 1)[0].casefold()


def _canonical(name: str) -> str:
    from nornir_optics.platforms.common import canonical  # noqa: PLC0415 - checks stay driver-free

    return canonical(name).casefold()


def _far_end_finding(audit: _Audit, near: PlanEnd, remote: PlanEnd, heard: str | None) -> None:
    if heard is None:
        message = f"{near.ref} is up but hears no LLDP neighbour; the plan has {remote.ref}"
        action = f"check LLDP on both ends of {near.ref} - {remote.ref}, then the patching"
    else:
        message = f"{near.ref} hears {heard} over LLDP; the plan has {remote.ref}"
        action = f"re-patch {near.ref} to {remote.ref} (it is cabled to {heard}), or fix the plan"
    audit.add(
        finding(
            "far-end-mismatch",
            near.device,
            near.interface,
            message,
            action,
            expected=remote.ref,
            actual=heard,
            severity=Severity.WARNING if heard is None else None,
        )
    )


def _expected_loss(audit: _Audit, link: PlanLink) -> float:
    budget = audit.policy.link_budget
    cable = link.link.cable
    return (
        cable.length_m or 0.0
    ) / 1000 * budget.fiber_loss_db_per_km + cable.connectors * budget.connector_loss_db


def _thresholds(audit: _Audit, end: PlanEnd, module: Transceiver) -> dict[str, Levels]:
    """The module's thresholds, overridden by policy per part number, or catalogue limits."""
    own: dict[str, Any] = dict(module.get("thresholds", {}))
    for override in audit.policy.dom.overrides:
        if override.matches(module.get("part_number", "")):
            for quantity, levels in override.thresholds.by_quantity().items():
                own[quantity] = {**own.get(quantity, {}), **levels}
    # Missing or absurd thresholds (all zero, out of order) are no thresholds at all.
    own = {quantity: levels for quantity, levels in own.items() if _plausible(levels)}
    rx = own.get("rx_power_dbm") or {}
    limits = end.optic.rx_power_dbm
    plausible = (
        isinstance(rx.get("low_warning"), float | int)
        and isinstance(rx.get("high_warning"), float | int)
        and -30 < rx["low_warning"] < rx["high_warning"] < 10  # noqa: PLR2004 - sane dBm window
    )
    fallback = spec_levels(limits)
    if not plausible and fallback is not None:
        own["rx_power_dbm"] = fallback
    return own


def _plausible(levels: dict[str, float]) -> bool:
    """Whether a set of thresholds can be real: not all zero, and in order.

    >>> _plausible({"high_alarm": 0.0, "high_warning": 0.0, "low_warning": 0.0, "low_alarm": 0.0})
    False
    >>> _plausible({"high_alarm": 75.0, "high_warning": 70.0, "low_warning": 0.0})
    True
    """
    values = [
        levels[level]
        for level in ("high_alarm", "high_warning", "low_warning", "low_alarm")
        if isinstance(levels.get(level), float | int)
    ]
    if not values or all(value == 0 for value in values):
        return False
    return values == sorted(values, reverse=True) and len(set(values)) > 1


def _admin_down(audit: _Audit, device: str, port: str) -> bool:
    """Whether the policy skips DOM here: the device reports the port shut."""
    state = _port(audit, device, port)
    return audit.policy.dom.ignore_admin_down and state is not None and state.get("admin") == "down"


def _temperature(
    audit: _Audit, end: PlanEnd, temperature: float, levels: dict[str, Levels]
) -> None:
    """Over the lowest warning (policy, module, platform): a finding with every margin left."""
    model = end.managed.model if end.managed is not None else None
    hot = heat(
        (end.device, end.interface), temperature, levels, model, audit.policy.dom.temperature_max_c
    )
    warning, alarm = hot.warning_c, hot.alarm_c
    if warning is None or temperature <= warning:
        return
    left = hot.margins()
    audit.add(
        finding(
            "dom-temperature",
            end.device,
            end.interface,
            f"{end.ref}: module at {temperature:.1f} C, over {warning:g} C"
            + (f"; {left}" if left else ""),
            f"check airflow at {end.device} {end.interface} (blocked vents, failed fans); "
            "replace the module if it stays hot",
            expected=f"<= {warning:g} C",
            actual=f"{temperature:.1f} C",
            severity=Severity.CRITICAL if alarm is not None and temperature >= alarm else None,
            details={
                "limits": {limit.what: limit.celsius for limit in (*hot.warnings, *hot.alarms)},
                "margin_c": hot.margin_c,
            },
        )
    )


def _environment(audit: _Audit, end: PlanEnd) -> None:
    module = _transceiver(audit, end)
    if module is None or not module.get("present") or _admin_down(audit, end.device, end.interface):
        return
    levels = _thresholds(audit, end, module)
    temperature = module.get("temperature_c")
    if temperature is not None and not math.isnan(temperature):
        _temperature(audit, end, temperature, levels)
    voltage = module.get("voltage_v")
    volts = levels.get("voltage_v", {})
    low, high = volts.get("low_warning"), volts.get("high_warning")
    if voltage is not None and (
        (low is not None and voltage < low) or (high is not None and voltage > high)
    ):
        audit.add(
            finding(
                "dom-voltage",
                end.device,
                end.interface,
                f"{end.ref}: supply {voltage:.3f} V outside {low}-{high} V",
                f"replace the module in {end.device} {end.interface}; "
                "if it persists, the switch port",
                expected=f"{low}-{high} V",
                actual=f"{voltage:.3f} V",
            )
        )
    tx_limits = end.optic.tx_power_dbm
    bias = levels.get("tx_bias_ma", {})
    for lane in _lanes(module):
        tx = lane.get("tx_power_dbm")
        low_tx = tx_limits.min if tx_limits else None
        high_tx = tx_limits.max if tx_limits else None
        if (
            tx is not None
            and low_tx is not None
            and high_tx is not None
            and not low_tx <= tx <= high_tx
        ):
            audit.add(
                finding(
                    "dom-tx",
                    end.device,
                    end.interface,
                    f"{end.ref} lane {lane['lane']}: Tx {tx:.2f} dBm outside the "
                    f"{end.optic.name} spec {low_tx:g}..{high_tx:g} dBm",
                    f"replace the module in {end.device} {end.interface} "
                    f"(laser of lane {lane['lane']})",
                    expected=f"{low_tx:g}..{high_tx:g} dBm",
                    actual=f"{tx:.2f} dBm",
                )
            )
        current = lane.get("tx_bias_ma")
        high, low = bias.get("high_alarm"), bias.get("low_alarm")
        if current is not None and (
            (high is not None and current > high) or (low is not None and 0 < current < low)
        ):
            audit.add(
                finding(
                    "dom-bias",
                    end.device,
                    end.interface,
                    f"{end.ref} lane {lane['lane']}: bias {current:.1f} mA outside {low}-{high} mA",
                    f"replace the module in {end.device} {end.interface} "
                    f"(laser of lane {lane['lane']} ageing)",
                    expected=f"{low}-{high} mA",
                    actual=f"{current:.1f} mA",
                )
            )
