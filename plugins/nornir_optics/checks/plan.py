"""Pre-change audit of the cabling plan: can every link work as written? Pure, no device.

Per link, in this order:

* each managed end: the module fits the cage (``port-incompatible``), the platform runs it on
  that port (``optic-unsupported``), the breakout mode exists on the port, its port group and the
  optic (``breakout-unsupported``, ``port-conflict``), the planned FEC suits the optic's host
  interface (``fec-mismatch``). The first of these that fails is the end's cause; the rest of that
  end is not judged, since it would only restate it.
* the far ends: the two optics link, whole or leg by leg (``far-end-incompatible``, at the a-end
  port, or at the breakout child that feeds the leg).
* the cable: fibre type, connectors and fan-out legs match the optics (``cable-mismatch``; a
  twin-port module has two connectors), the run is within every optic's reach
  (``reach-exceeded``), and its loss (fibre and mated pairs, by the policy's link budget) within
  the optic's channel insertion-loss budget where the catalogue knows it (``loss-exceeded``);
  reported at the a-end.
* each managed end, also: a module whose host lanes are faster than the cage drives fits but
  cannot run (``optic-unsupported``: a QSFP-DD800 module in a 400G QSFP-DD cage), and a module
  drawing more than its port supplies and cools (``power-exceeded``).

FEC is judged per end, never as an equality between ends: a DR4 and each of its 100G breakout
legs need RS(544,514) on the switch host, while a QSFP28 100G-DR terminates KP4 inside the module
and takes no host FEC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nornir_optics.catalog import Verdict, breakout_leg_speed, breakout_legs
from nornir_optics.findings import Finding, Report, finding
from nornir_optics.models import Breakout, Severity

if TYPE_CHECKING:
    from nornir_optics.catalog import Catalog, OpticType
    from nornir_optics.fabric import Fabric, PlanEnd, PlanLink


def audit_plan(fabric: Fabric) -> Report:
    """Judge every link of the plan, cabled or planned; one finding per problem."""
    used = {(end.device, end.interface) for link in fabric.links for end in (link.a, *link.z)}
    findings: list[Finding] = []
    ports: set[tuple[str, str]] = set()
    budget = fabric.intent.policy.link_budget
    for link in fabric.links:
        findings.extend(check_link(fabric.catalog, link, used))
        length = link.link.cable.length_m
        if length is not None:  # unknown (an as-built stub): judged once it is filled in
            loss = length / 1000 * budget.fiber_loss_db_per_km + (
                link.link.cable.connectors * budget.connector_loss_db
            )
            findings.extend(_loss_findings(link, loss))
        ports.update((end.device, end.interface) for end in (link.a, *link.z) if end.managed)
    return Report.of(findings, devices=len(fabric.managed.devices), ports=len(ports))


def check_link(catalog: Catalog, link: PlanLink, used: set[tuple[str, str]]) -> list[Finding]:
    """Findings for one link of the plan (``used``: every device:port the plan cables)."""
    mode = link.link.breakout
    findings = _end_findings(catalog, link.a, mode, None, used)
    legs = breakout_legs(mode)
    # An optic with no application for the mode already has its cause; its legs would only echo it.
    judge_legs = legs == 1 or mode in link.a.optic.breakouts
    for number, far in enumerate(link.z, start=1):
        if far.managed is not None:
            findings.extend(
                _end_findings(catalog, far, Breakout.NONE, breakout_leg_speed(mode), used)
            )
        if legs > 1:
            verdict = catalog.leg_verdict(link.a.optic.name, mode, far.optic.name)
            port = link.leg_port(number)
            subject = f"leg {number} of {link.a.ref} ({mode.value}) to {far.ref}"
        else:
            verdict = catalog.link_verdict(link.a.optic.name, far.optic.name)
            port = link.a.interface
            subject = f"{link.a.ref} to {far.ref}"
        if verdict.status != "supported" and judge_legs:
            findings.append(_far_end_finding(catalog, link, far, (port, subject), verdict))
    findings.extend(_cable_findings(catalog, link))
    return findings


def _end_findings(
    catalog: Catalog,
    end: PlanEnd,
    mode: Breakout,
    leg_speed: str | None,
    used: set[tuple[str, str]],
) -> list[Finding]:
    """The first problem of one managed end, in the order of the module docstring."""
    if end.managed is None or end.cage is None:
        return []
    problem = (
        _fit_problem(catalog, end)
        or _lane_problem(catalog, end)
        or _speed_problem(catalog, end, leg_speed)
        or (_breakout_problem(catalog, end, mode, used) if mode is not Breakout.NONE else None)
        or _power_problem(end)
        or _fec_problem(end)
    )
    return [problem] if problem is not None else []


def _fit_problem(catalog: Catalog, end: PlanEnd) -> Finding | None:
    device, cage, optic = end.managed, end.cage, end.optic
    if device is None or cage is None or catalog.cage_accepts(cage.range.cage, optic):
        return None
    fits = ", ".join(
        o.name for o in catalog.optics.values() if catalog.cage_accepts(cage.range.cage, o)
    )
    return finding(
        "port-incompatible",
        device.name,
        end.interface,
        f"{optic.name} is a {'/'.join(optic.form_factors)} module; {end.ref} is a "
        f"{cage.range.cage} cage ({device.model.name})",
        f"move the link to a port whose cage takes {optic.form_factors[0]}, or plan an "
        f"optic that fits {cage.range.cage} ({fits})",
        expected=cage.range.cage,
        actual="/".join(optic.form_factors),
    )


def _speed_problem(catalog: Catalog, end: PlanEnd, leg_speed: str | None) -> Finding | None:
    device, cage, optic = end.managed, end.cage, end.optic
    if device is None or cage is None:
        return None
    model = device.model
    speed = leg_speed or optic.speed
    if speed in cage.range.speeds and catalog.model_supports(model, optic):
        return None
    return finding(
        "optic-unsupported",
        device.name,
        end.interface,
        f"{model.name} does not run {optic.name} at {speed} on {end.interface} "
        f"(port speeds: {', '.join(cage.range.speeds)})",
        f"plan an optic {model.name} supports on {end.interface}, or another port",
        expected=", ".join(cage.range.speeds),
        actual=speed,
    )


def _fec_problem(end: PlanEnd) -> Finding | None:
    device, optic = end.managed, end.optic
    if device is None or end.fec in optic.host_fec:
        return None
    wanted = " or ".join(fec.value for fec in optic.host_fec)
    return finding(
        "fec-mismatch",
        device.name,
        end.interface,
        f"{end.ref} is planned with FEC {end.fec.value}; {optic.name} needs {wanted} on the host",
        f"set fec: {optic.host_fec[0].value} on this link (or drop its fec: to take the "
        "policy's where the optic allows it)",
        expected=optic.host_fec[0].value,
        actual=end.fec.value,
    )


def _lane_problem(catalog: Catalog, end: PlanEnd) -> Finding | None:
    """A module that fits but whose host lanes are faster than the cage drives.

    A QSFP-DD800 module is mechanically a QSFP-DD and fits a 400G QSFP-DD cage, but its
    800GAUI-8 needs 100G host lanes where the cage drives 8 x 50G (400GAUI-8).
    """
    device, cage, optic = end.managed, end.cage, end.optic
    if device is None or cage is None:
        return None
    kind = catalog.cages[cage.range.cage]
    if kind.lane_gbps is None or kind.lane_gbps.value is None:
        return None
    if optic.host_lane_gbps <= kind.lane_gbps.value:
        return None
    drives = f"{int(kind.host_lanes.value or 0)} x {kind.lane_gbps.value:g}G"
    return finding(
        "optic-unsupported",
        device.name,
        end.interface,
        f"{optic.name} fits {end.ref} ({cage.range.cage} cage of {device.model.name}) but needs "
        f"{optic.host_interface} host lanes of {optic.host_lane_gbps:g}G; the cage drives "
        f"{drives}: it cannot run {optic.speed} there (a slower application would have to be "
        "advertised by the module: UNVERIFIED)",
        f"plan an optic of the cage's generation on {end.interface}, or move the link to a port "
        f"whose cage drives {optic.host_lane_gbps:g}G lanes",
        expected=f"<= {kind.lane_gbps.value:g}G host lanes",
        actual=f"{optic.host_lane_gbps:g}G host lanes",
    )


def _power_problem(end: PlanEnd) -> Finding | None:
    """A module whose maximum power is above what its port supplies and cools."""
    device, cage, optic = end.managed, end.cage, end.optic
    limit = cage.range.max_module_power_w if cage is not None else None
    if device is None or limit is None or limit.value is None or optic.max_power_w is None:
        return None
    power = optic.max_power_w.value
    if power is None or power <= limit.value:
        return None
    return finding(
        "power-exceeded",
        device.name,
        end.interface,
        f"{optic.name} draws up to {power:g} W; {device.model.name} port {end.interface} "
        f"supplies and cools {limit.value:g} W",
        f"plan a lower-power optic on {end.interface} (at most {limit.value:g} W)",
        expected=f"<= {limit.value:g} W",
        actual=f"{power:g} W",
    )


def _loss_findings(link: PlanLink, loss: float) -> list[Finding]:
    """The planned channel's loss against the insertion-loss budget of each optic's PMD."""
    if link.link.cable.fiber == "copper":
        return []
    budgets = [
        (optic.channel_il_db.value, optic)
        for optic in (link.a.optic, *(z.optic for z in link.z))
        if optic.channel_il_db is not None and optic.channel_il_db.value is not None
    ]
    if not budgets:
        return []
    budget, optic = min(budgets, key=lambda item: item[0])
    if loss <= budget:
        return []
    return [
        finding(
            "loss-exceeded",
            link.a.device,
            link.a.interface,
            f"{link.a.ref}: the planned channel loses {loss:.2f} dB (fibre and "
            f"{link.link.cable.connectors} mated pair(s)); {optic.name} allows {budget:g} dB",
            "shorten the run or remove mated connector pairs (patch panels) from the channel",
            expected=f"<= {budget:g} dB",
            actual=f"{loss:.2f} dB",
        )
    ]


def _breakout_problem(
    catalog: Catalog, end: PlanEnd, mode: Breakout, used: set[tuple[str, str]]
) -> Finding | None:
    device, cage, optic = end.managed, end.cage, end.optic
    if device is None or cage is None:
        return None
    model = device.model
    if mode not in cage.range.breakouts:
        modes = ", ".join(m.value for m in cage.range.breakouts if m is not Breakout.NONE) or "none"
        return finding(
            "breakout-unsupported",
            device.name,
            end.interface,
            f"{model.name} port {end.interface} has no {mode.value} breakout (it offers: {modes})",
            f"use a breakout mode {end.interface} offers, or a port that offers {mode.value}",
            expected=modes,
            actual=mode.value,
        )
    if mode not in optic.breakouts:
        modes = ", ".join(m.value for m in optic.breakouts) or "none"
        return finding(
            "breakout-unsupported",
            device.name,
            end.interface,
            f"{optic.name} has no {mode.value} breakout application (it offers: {modes})",
            f"plan an optic with a {mode.value} application (e.g. "
            f"{', '.join(o.name for o in catalog.optics.values() if mode in o.breakouts)}) "
            "or no breakout",
            expected=mode.value,
            actual=modes,
        )
    for rule in model.constraints:
        if rule.mode is not mode:
            continue
        if rule.cages != "all" and (cage.n % 2 == 1) != (rule.cages == "odd"):
            return finding(
                "breakout-unsupported",
                device.name,
                end.interface,
                f"{model.name} allows {mode.value} only on {rule.cages} front-panel ports; "
                f"{end.interface} is port {cage.n}",
                f"move the {mode.value} breakout to an {rule.cages} port",
                expected=f"{rule.cages} port",
                actual=str(cage.n),
            )
        blocked = model.layout.cage_number(cage.n + 1)
        if rule.blocks_next and blocked is not None and (device.name, blocked.name) in used:
            return finding(
                "port-conflict",
                device.name,
                end.interface,
                f"{mode.value} on {end.interface} disables {blocked.name}, "
                "which the plan also cables",
                f"move one of the links: {blocked.name} must stay empty while {end.interface} "
                f"runs {mode.value}",
                expected=f"{blocked.name} unused",
                actual=f"{blocked.name} cabled",
            )
    return None


def _far_end_finding(
    catalog: Catalog, link: PlanLink, far: PlanEnd, at: tuple[str, str], verdict: Verdict
) -> Finding:
    port, subject = at
    mode = link.link.breakout
    if mode is Breakout.NONE:
        fix = f"plan {link.a.optic.name} at {far.ref} too"
    else:
        legs = catalog.supported_legs(link.a.optic.name, mode) or ["a documented leg optic"]
        fix = f"plan {' or '.join(legs)} at {far.ref}"
    if verdict.status == "unverified":
        message = (
            f"{subject}: {link.a.optic.name} with {far.optic.name} "
            "works in practice but is undocumented"
        )
        if verdict.reason:
            message += f" ({verdict.reason})"
        return finding(
            "far-end-incompatible",
            link.a.device,
            port,
            message,
            fix,
            expected=link.a.optic.name if mode is Breakout.NONE else None,
            actual=far.optic.name,
            severity=Severity.WARNING,
        )
    return finding(
        "far-end-incompatible",
        link.a.device,
        port,
        f"{subject}: {far.optic.name} cannot link with {link.a.optic.name}: {verdict.reason}",
        fix,
        expected=(catalog.supported_legs(link.a.optic.name, mode) or [link.a.optic.name])[0],
        actual=far.optic.name,
    )


def _cable_findings(catalog: Catalog, link: PlanLink) -> list[Finding]:
    findings: list[Finding] = []
    cable, assembly = link.link.cable, link.assembly
    problems: list[str] = []
    optics = [link.a.optic, *(z.optic for z in link.z)]
    fibers = {optic.fiber for optic in optics}
    if cable.fiber not in fibers or len(fibers) > 1:
        problems.append(
            f"the optics need {'/'.join(sorted(fibers))} fibre, the cable is {cable.fiber}"
        )
    elif cable.fiber not in assembly.fibers:
        problems.append(f"a {cable.connector} assembly is not made of {cable.fiber}")
    if link.a.optic.connector != assembly.a:
        problems.append(
            f"{link.a.optic.name} takes {link.a.optic.connector}, the cable ends in {assembly.a}"
        )
    far_connectors = sorted({z.optic.connector for z in link.z} - {assembly.z})
    if far_connectors:
        problems.append(
            f"the far end takes {', '.join(far_connectors)}, the cable ends in {assembly.z}"
        )
    if assembly.a_count != link.a.optic.connectors:
        problems.append(
            f"{cable.connector} has {assembly.a_count} connector(s) at the a-end, "
            f"{link.a.optic.name} has {link.a.optic.connectors}"
        )
    far_count = _far_connectors(link)
    if assembly.legs != far_count:
        problems.append(
            f"{cable.connector} has {assembly.legs} leg(s), the link has {far_count} far-end "
            "connector(s)"
        )
    if problems:
        right = _assembly_for(catalog, link)
        findings.append(
            finding(
                "cable-mismatch",
                link.a.device,
                link.a.interface,
                f"cable of {link.a.ref}: " + "; ".join(problems),
                f"use a {right} cable" if right else "use a cable whose ends match the optics",
                expected=right,
                actual=cable.connector,
            )
        )
    reach = _reach_finding(catalog, link)
    if reach is not None:
        findings.append(reach)
    return findings


def _assembly_for(catalog: Catalog, link: PlanLink) -> str | None:
    return catalog.assembly_for(link.a.optic, [z.optic for z in link.z])


def _far_connectors(link: PlanLink) -> int:
    """Connectors the far end(s) of a link have: one per leg, two on a twin-port module."""
    return sum(z.optic.connectors for z in link.z)


def _reach_finding(catalog: Catalog, link: PlanLink) -> Finding | None:
    length = link.link.cable.length_m
    if length is None:
        return None  # unknown (an as-built stub): judged once it is filled in
    optics: list[OpticType] = [link.a.optic, *(z.optic for z in link.z)]
    shortest = min(optics, key=lambda optic: optic.max_reach_m)
    longest_minimum = max(optics, key=lambda optic: optic.reach_m.min or 0.0)
    if length > shortest.max_reach_m:
        return finding(
            "reach-exceeded",
            link.a.device,
            link.a.interface,
            f"{link.a.ref}: {_metres(length)} of cable, "
            f"{shortest.name} reaches {_metres(shortest.max_reach_m)}",
            _reach_action(catalog, shortest, length),
            expected=f"<= {_metres(shortest.max_reach_m)}",
            actual=_metres(length),
        )
    minimum = longest_minimum.reach_m.min or 0.0
    if length < minimum:
        return finding(
            "reach-exceeded",
            link.a.device,
            link.a.interface,
            f"{link.a.ref}: {_metres(length)} of cable is below the {_metres(minimum)} minimum "
            f"of {longest_minimum.name}",
            f"use a cable of at least {_metres(minimum)}",
            expected=f">= {_metres(minimum)}",
            actual=_metres(length),
        )
    return None


def _reach_action(catalog: Catalog, optic: OpticType, length: float) -> str:
    candidates = catalog.alternatives_for_reach(optic, length)
    same_cable = [o for o in candidates if o.connector == optic.connector] or candidates
    shorten = f"shorten the run to <= {_metres(optic.max_reach_m)}"
    if not same_cable:
        return shorten
    names = " or ".join(f"{o.name} ({_metres(o.max_reach_m)})" for o in same_cable[:2])
    return f"use {names} or {shorten}"


def _metres(value: float) -> str:
    """``650 m``, ``2 km``, ``2.5 km``.

    >>> _metres(650), _metres(2000), _metres(2500.0)
    ('650 m', '2 km', '2.5 km')
    """
    if value >= 1000:  # noqa: PLR2004 - metres in a kilometre
        return f"{value / 1000:g} km"
    return f"{value:g} m"
