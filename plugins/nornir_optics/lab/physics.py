"""Light, link state and LLDP across the lab, recomputed from config after every change.

Rx of a lane = the far end's Tx on that lane - (length x fibre loss + connectors x connector
loss + the fault's extra loss on the receiving port). No light when the far end has no module,
is shut, or cannot exchange light with this end (DR4 against FR4). A link is up when both ends
are present and optically compatible, receive light on every lane the link needs, and each
end's breakout, speed and FEC are what its optic requires. Readings carry small, seeded,
reproducible noise.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from nornir_optics.lab.state import Module, Neighbor, Oper
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from nornir_optics.catalog import Catalog
    from nornir_optics.fabric import PlanEnd, PlanLink
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState

TX_NOMINAL_DBM = 1.0
MONITOR_FLOOR_DBM = -30.0
BIAS_NOMINAL_MA = 7.2


def noise(seed: int, *key: object, spread: float = 0.3) -> float:
    """A reproducible offset in [-spread, +spread] for one reading."""
    value = zlib.crc32(":".join(str(part) for part in (seed, *key)).encode()) / 0xFFFFFFFF
    return (value * 2 - 1) * spread


def clock(lab: Lab) -> tuple[str, ...]:
    """The noise key of lab time: readings wobble from one lab day to the next, reproducibly.

    Empty at the start, so a lab that is never advanced reads as it always did.
    """
    return (f"t{lab.days:.6f}",) if lab.days else ()


def recompute(lab: Lab) -> None:
    """Bring every device's lanes, oper state and LLDP in line with config and cabling."""
    for state in lab.devices.values():
        state.oper = {name: Oper(up=False, reason="notconnect") for name in state.interfaces}
        state.lldp = {}
        for port, module in state.modules.items():
            if module is not None:
                _transmit(lab, state, port, module)
    for module in lab.far_modules.values():
        for lane in module.lanes:
            lane.tx_power_dbm = TX_NOMINAL_DBM if lane.used else None
            lane.tx_bias_ma = BIAS_NOMINAL_MA if lane.used else None
    for link in lab.links:
        _link(lab, link)


def _transmit(lab: Lab, state: DeviceState, port: str, module: Module) -> None:
    mode = state.breakouts.get(port, Breakout.NONE)
    names = state.children(port, mode)
    for lane in module.lanes:
        lane.rx_power_dbm = None
        if not lane.used:
            lane.tx_power_dbm = lane.tx_bias_ma = None
            continue
        interface = _interface_of_lane(names, module.media_lanes, lane.number)
        config = state.interfaces.get(interface) if interface else None
        on = module.tx_enabled and config is not None and config.admin_up
        seed = lab.spec.seed
        lane.tx_power_dbm = (
            round(TX_NOMINAL_DBM + noise(seed, state.name, port, lane.number, "tx", *clock(lab)), 2)
            if on
            else None
        )
        lane.tx_bias_ma = (
            round(
                BIAS_NOMINAL_MA
                + noise(seed, state.name, port, lane.number, "bias", *clock(lab), spread=0.6),
                2,
            )
            if on
            else None
        )


def _interface_of_lane(names: list[str], media_lanes: int, lane: int) -> str | None:
    """The interface whose data a media lane carries (leg k takes lanes of its share)."""
    if not names:
        return None
    share = max(media_lanes // len(names), 1)
    index = min((lane - 1) // share, len(names) - 1)
    return names[index]


def _module(lab: Lab, end: PlanEnd) -> Module | None:
    if end.managed is None:
        return lab.far_modules.get((end.device, end.interface))
    return lab.devices[end.device].modules.get(end.interface)


def _loss(lab: Lab, link: PlanLink) -> float:
    budget = lab.fabric.intent.policy.link_budget
    cable = link.link.cable
    return (
        cable.length_m or 0.0
    ) / 1000 * budget.fiber_loss_db_per_km + cable.connectors * budget.connector_loss_db


def _light(
    lab: Lab, path: tuple[Module, int, Module, int], at: tuple[str, str], loss: float
) -> None:
    """Carry light from a lane of a sender to a lane of a receiver (at: device, port)."""
    sender, s_lane, receiver, r_lane = path
    tx = sender.lane(s_lane).tx_power_dbm if s_lane <= len(sender.lanes) else None
    lane = receiver.lane(r_lane)
    if tx is None or not lane.used:
        return
    key = (at[0], at[1], r_lane)
    extra = lab.extra_loss.get(key, 0.0) + lab.fade.get(key, 0.0) * lab.days
    wobble = noise(lab.spec.seed, *key, "rx", *clock(lab), spread=0.15)
    received = tx - loss - extra + wobble
    # Below the monitor's floor the module reads no light at all (0 mW), as a cut or a
    # polarity mistake does.
    lane.rx_power_dbm = round(received, 2) if received > MONITOR_FLOOR_DBM else None


def _compatible(catalog: Catalog, a: Module, z: Module, mode: Breakout) -> bool:
    if mode is Breakout.NONE:
        verdict = catalog.link_verdict(a.optic, z.optic)
    else:
        verdict = catalog.leg_verdict(a.optic, mode, z.optic)
    return verdict.status != "incompatible"


def _link(lab: Lab, link: PlanLink) -> None:
    catalog = lab.catalog
    mode = link.link.breakout
    loss = _loss(lab, link)
    a_module = _module(lab, link.a)
    a_at = (link.a.device, link.a.interface)
    for leg, far in enumerate(link.z, start=1):
        z_at = (far.device, far.interface)
        z_module = _module(lab, far)
        light = (
            a_module is not None
            and z_module is not None
            and _compatible(catalog, a_module, z_module, mode)
        )
        if light and a_module is not None and z_module is not None:
            for a_lane, z_lane in _lane_pairs(a_module, mode, leg):
                if (*a_at, a_lane) in lab.crossed or (*z_at, z_lane) in lab.crossed:
                    continue
                _light(lab, (z_module, z_lane, a_module, a_lane), a_at, loss)
                _light(lab, (a_module, a_lane, z_module, z_lane), z_at, loss)
            pairs = _lane_pairs(a_module, mode, leg)
            light = _lit(a_module, [a for a, _ in pairs]) and _lit(z_module, [z for _, z in pairs])
        a_name = _a_interface(lab, link, leg)
        a_ok, a_why = _end_ok(lab, link.a, a_name, a_module, mode)
        z_ok, z_why = _end_ok(lab, far, far.interface, z_module, Breakout.NONE)
        # only a link that would be up can flap: a shut or dark one stays down as it is
        flapping = (
            a_ok and z_ok and light and bool(lab.down_now & {a_at, z_at, (link.a.device, a_name)})
        )
        up = a_ok and z_ok and light and not flapping
        reason = a_why or z_why or ("no light" if not light else "connected")
        if flapping:
            reason = "link flap"
        a_state = lab.devices.get(link.a.device)
        if a_state is not None and a_name in a_state.oper:
            a_state.oper[a_name] = Oper(
                up=up,
                reason="connected" if up else reason,
                fec=_effective_fec(catalog, a_state, a_name, a_module),
                speed=a_state.interfaces[a_name].speed,
            )
        z_state = lab.devices.get(far.device)
        if z_state is not None and far.interface in z_state.oper:
            z_state.oper[far.interface] = Oper(
                up=up,
                reason="connected" if up else reason,
                fec=_effective_fec(catalog, z_state, far.interface, z_module),
                speed=z_state.interfaces[far.interface].speed,
            )
        if up and a_state is not None and z_state is not None:
            a_state.lldp[a_name] = Neighbor(system=z_state.hostname, port=far.interface)
            z_state.lldp[far.interface] = Neighbor(system=a_state.hostname, port=a_name)
        if mode is Breakout.NONE:
            break


def _lane_pairs(a_module: Module, mode: Breakout, leg: int) -> list[tuple[int, int]]:
    """The (a-end lane, far-end lane) pairs one leg of a link carries.

    Unbroken, lane n meets lane n; broken out, leg k takes the k-th share of the a-end's lanes
    (lanes 5-8 for the second half of a 2 x 400G twin-port, lane k for 8 x 100G), which meet
    the far module's lanes from 1.
    """
    if mode is Breakout.NONE:
        return [(lane, lane) for lane in range(1, a_module.media_lanes + 1)]
    legs = int(mode.value.split("x", 1)[0])
    share = max(a_module.media_lanes // legs, 1)
    first = (leg - 1) * share + 1
    return [(first + offset, offset + 1) for offset in range(share)]


def _lit(module: Module, lanes: list[int]) -> bool:
    """Whether a receiver has light on every lane of ``lanes`` its link uses.

    A 400G link needs all its lanes: one dark lane (a broken fibre of the trunk, a polarity
    mistake) keeps it down, even when its config is right.
    """
    used = [module.lane(lane) for lane in lanes if lane <= len(module.lanes)]
    return all(x.rx_power_dbm is not None for x in used if x.used)


def _a_interface(lab: Lab, link: PlanLink, leg: int) -> str:
    state = lab.devices.get(link.a.device)
    if state is None or link.link.breakout is Breakout.NONE:
        return link.a.interface
    names = state.children(link.a.interface)
    return names[leg - 1] if leg <= len(names) else ""


def _effective_fec(
    catalog: Catalog, state: DeviceState, interface: str, module: Module | None
) -> Fec | None:
    config = state.interfaces.get(interface)
    if config is None:
        return None
    if config.fec is not None:
        return config.fec
    optic = catalog.optic(module.optic) if module else None
    return catalog.default_fec(state.platform, optic)


def _end_ok(  # noqa: PLR0911 - one return per reason a port stays down
    lab: Lab, end: PlanEnd, interface: str, module: Module | None, mode: Breakout
) -> tuple[bool, str]:
    """Whether one end is fit to carry the link (servers are assumed right)."""
    state = lab.devices.get(end.device)
    if state is None:
        return module is not None, "" if module is not None else "far end has no module"
    if module is None:
        return False, "xcvr not inserted"
    optic = lab.catalog.optic(module.optic)
    if optic is None:
        return False, "unknown module"
    parent = state.parent_of(interface) if interface else None
    actual = state.breakouts.get(parent[0] if parent else end.interface, Breakout.NONE)
    if not interface or actual is not mode:
        return False, f"breakout {actual.value}, cabling needs {mode.value}"
    config = state.interfaces[interface]
    if not config.admin_up:
        return False, "admin down"
    speed = optic.speed if mode is Breakout.NONE else mode.value.split("x", 1)[1]
    if config.speed not in {None, speed}:
        return False, f"speed {config.speed}, optic needs {speed}"
    fec = _effective_fec(lab.catalog, state, interface, module)
    if fec not in optic.host_fec:
        return False, f"fec {fec.value if fec else 'auto'}, optic needs {optic.host_fec[0].value}"
    return True, ""
