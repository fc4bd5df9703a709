"""Lab scenarios: which switches to simulate, which modules to plug, how reality deviates.

``shared/reference/dc1/lab.yaml`` is the format contract. Reality = the intent's links and
settings with the faults applied; links with ``state: planned`` are not built.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from nornir_optics.catalog import Catalog, OpticType, load_catalog, one_of, spec_levels
from nornir_optics.devices import Device, ManagedDevices
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import Fabric, PlanEnd, PlanLink, load_intent
from nornir_optics.intent import PortRef
from nornir_optics.lab.state import (
    DeviceState,
    InterfaceConfig,
    Knobs,
    Lane,
    Levels,
    Module,
    Thresholds,
)
from nornir_optics.lab.vendors import PERSONALITIES, personality_class
from nornir_optics.models import Breakout, Fec, Frozen
from nornir_optics.yamlfile import load_yaml, validation_problems

if TYPE_CHECKING:
    from pathlib import Path


class LabKnobs(Frozen):
    """Failures to simulate on a device."""

    login_fails: bool = False
    latency_ms: Annotated[int, Field(ge=0)] = 0
    drop_after_commands: Annotated[int, Field(ge=1)] | None = None
    reject_config: tuple[str, ...] = ()
    garbage: bool = False
    hang_s: Annotated[float, Field(ge=0)] = 0.0
    timer_scale: Annotated[float, Field(gt=0, le=1)] = 1.0
    """Device timers (commit timers, commit confirmed, config-replace commit-timeout, systemd
    timers) run this much of their time: a test knob, so a 30 s timer can fire in 3 s."""
    shifted: bool = False
    """A desynchronised CLI: each show command gets the output of the show command before it."""


class LabDevice(Frozen):
    """A simulated switch."""

    platform: str
    model: str
    knobs: LabKnobs = LabKnobs()


class ModuleSpec(Frozen):
    """The module the lab plugs for an optic type on a platform."""

    vendor: str
    part_number: str
    revision: str | None = None
    firmware: str | None = None


class ModuleOverride(Frozen):
    """A fault on a module: another type, or other identity or environment values."""

    type: str | None = None
    vendor: str | None = None
    part_number: str | None = None
    serial: str | None = None
    revision: str | None = None
    firmware: str | None = None
    temperature_c: float | None = None
    voltage_v: float | None = None


MODULE_ATTRIBUTES = tuple(name for name in ModuleOverride.model_fields if name != "type")
"""What a fault (or ``optics lab set``) may change on a module besides its type."""


class SetFault(Frozen):
    """Config that differs from the intent."""

    fec: Fec | None = None
    breakout: Breakout | None = None
    speed: str | None = None
    admin: Literal["up", "down"] | None = None

    @model_validator(mode="after")
    def _known_words(self) -> SetFault:
        catalog = load_catalog()
        if self.breakout is not None and self.breakout not in catalog.breakout_modes:
            raise ValueError("breakout " + one_of(self.breakout, catalog.breakout_modes))
        if self.speed is not None and self.speed not in catalog.speeds:
            raise ValueError("speed " + one_of(self.speed, catalog.speeds))
        return self


class Fault(Frozen):
    """One deviation of reality from the intent, on one port (or two cables: ``swap``)."""

    port: PortRef | None = None
    swap: tuple[PortRef, PortRef] | None = None
    flap_every_s: Annotated[float, Field(gt=0)] | None = None
    thresholds: Literal["out-of-order"] | None = None
    set: SetFault | None = None
    module: str | ModuleOverride | None = None
    lane: int | Literal["all"] | None = None
    extra_loss_db: Annotated[float, Field(ge=0)] | None = None
    swap_polarity: bool | None = None
    """The Tx and Rx fibres of ``lane`` crossed between the two modules: neither end sees it."""
    fade_db_per_day: Annotated[float, Field(ge=0)] | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _note_with_commas(cls, data: object) -> object:
        # `{..., note: cloned EEPROM, same serial as below}`: in a flow mapping the comma ends
        # the note and leaves "same serial as below" as a key without value. Keep it in the note.
        if not isinstance(data, dict):
            return data
        known = set(cls.model_fields)
        stray = [key for key, value in data.items() if key not in known and value is None]
        if not stray:
            return data
        kept = {key: value for key, value in data.items() if key not in stray}
        kept["note"] = ", ".join(str(part) for part in (data.get("note"), *stray) if part)
        return kept


class LabFile(Frozen):
    """A lab scenario file."""

    intent: str = "intent.yaml"
    seed: int = 1
    devices: dict[str, LabDevice]
    modules: dict[str, dict[str, ModuleSpec]] = Field(default_factory=dict)
    faults: tuple[Fault, ...] = ()


@dataclass
class Lab:
    """A loaded scenario: the devices' states, the built links and the losses on them."""

    path: Path
    spec: LabFile
    fabric: Fabric
    devices: dict[str, DeviceState]
    links: list[PlanLink]
    far_modules: dict[tuple[str, str], Module] = field(default_factory=dict)
    extra_loss: dict[tuple[str, str, int], float] = field(default_factory=dict)
    flapping: dict[tuple[str, str], float] = field(default_factory=dict)
    """Ports whose link goes down for a moment every so many seconds (device, port)."""
    down_now: set[tuple[str, str]] = field(default_factory=set)
    """Flapping ports that are in their down moment."""
    crossed: set[tuple[str, str, int]] = field(default_factory=set)
    """Lanes whose fibre pair is crossed (device, port, lane): dark at this end and the far one."""
    fade: dict[tuple[str, str, int], float] = field(default_factory=dict)
    """dB per lab day that the light a lane receives loses (a connector fouling, a laser ageing)."""
    days: float = 0.0
    """Lab time: days advanced from outside (``optics lab advance``); 0 at start."""
    inserted: int = 0
    """Modules inserted at run time so far, for fresh serials."""

    @property
    def catalog(self) -> Catalog:
        """The catalogues."""
        return self.fabric.catalog


def load_lab(path: Path) -> Lab:
    """Read a lab file and its intent, and build the initial state of every device."""
    document = load_yaml(path)
    try:
        spec = LabFile.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(validation_problems(document, exc)) from None
    catalog = load_catalog()
    problems: list[str] = []
    managed: dict[str, Device] = {}
    for name, device in spec.devices.items():
        if device.platform not in PERSONALITIES:
            known = ", ".join(PERSONALITIES)
            problems.append(
                document.problem(
                    ("devices", name, "platform"),
                    f"devices.{name}.platform must be one of {known}, not {device.platform!r}",
                )
            )
            continue
        model = catalog.model(device.model)
        if model is None or model.platform != device.platform:
            problems.append(
                document.problem(
                    ("devices", name, "model"),
                    f"devices.{name}: unknown {device.platform} model {device.model!r}",
                )
            )
            continue
        managed[name] = Device(name=name, platform=device.platform, model=model)
    if problems:
        raise InputError(problems)
    fabric = load_intent(
        path.parent / spec.intent, ManagedDevices(directory=path.parent, devices=managed)
    )
    lab = Lab(
        path=path,
        spec=spec,
        fabric=fabric,
        devices={name: _device(name, device, spec, catalog) for name, device in managed.items()},
        links=[link for link in fabric.links if not link.link.planned],
    )
    _configure_from_intent(lab)
    _plug_modules(lab)
    _apply_faults(lab, document)
    for state in lab.devices.values():
        state.startup = state.snapshot()
    return lab


def _device(name: str, device: Device, spec: LabFile, catalog: Catalog) -> DeviceState:
    del catalog
    knobs = spec.devices[name].knobs
    digest = hashlib.sha256(f"{spec.seed}:{name}".encode()).hexdigest()
    state = DeviceState(
        name=name,
        platform=device.platform,
        model=device.model,
        serial=f"LAB{int(digest[:8], 16) % 10**8:08d}",
        mac=":".join(["02", "1c", *(digest[i : i + 2] for i in range(0, 8, 2))]),
        version=personality_class(device.platform).os_version,
        breakouts={},
        interfaces={},
        modules={},
        knobs=Knobs(
            login_fails=knobs.login_fails,
            latency_ms=knobs.latency_ms,
            drop_after_commands=knobs.drop_after_commands,
            reject_config=knobs.reject_config,
            garbage=knobs.garbage,
            hang_s=knobs.hang_s,
            timer_scale=knobs.timer_scale,
            shifted=knobs.shifted,
        ),
        boot_time=time.time() - 86400 * 12,
    )
    for cage in device.model.layout.cages:
        state.breakouts[cage] = Breakout.NONE
        state.interfaces[cage] = InterfaceConfig(name=cage)
        state.modules[cage] = None
    return state


def _configure_from_intent(lab: Lab) -> None:
    for link in lab.fabric.links:
        mode = link.link.breakout
        a = lab.devices.get(link.a.device)
        if a is not None:
            a.set_breakout(link.a.interface, mode)
            for leg, name in enumerate(a.children(link.a.interface), start=1):
                far = link.z[leg - 1] if len(link.z) >= leg else link.z[0]
                config = a.interfaces[name]
                config.admin_up = not link.link.shut
                config.fec = link.a.fec
                config.speed = _speed(link.a.optic, mode)
                config.description = far.ref
        for far in link.z:
            z = lab.devices.get(far.device)
            if z is None:
                continue
            config = z.interfaces[far.interface]
            config.admin_up = not link.link.shut
            config.fec = far.fec
            config.speed = far.optic.speed if mode is Breakout.NONE else (mode.value.split("x")[1])
            config.description = link.a.ref


def _speed(optic: OpticType, mode: Breakout) -> str:
    return optic.speed if mode is Breakout.NONE else mode.value.split("x", 1)[1]


def _plug_modules(lab: Lab) -> None:
    for link in lab.links:
        for end in (link.a, *link.z):
            if end.managed is None:
                lab.far_modules[(end.device, end.interface)] = make_module(
                    lab, end.device, end.interface, end.optic, None
                )
                continue
            state = lab.devices[end.device]
            state.modules[end.interface] = make_module(
                lab, end.device, end.interface, end.optic, state.platform
            )


def make_module(lab: Lab, device: str, port: str, optic: OpticType, platform: str | None) -> Module:
    """A module of that type as the lab plugs it on that platform (None: a server's).

    The lab file's entry for the switch's model wins over its platform's; the module's shell
    is the first of the optic's form factors that the cage takes.
    """
    state = lab.devices.get(device) if platform else None
    model = state.model.name if state is not None else ""
    spec = lab.spec.modules.get(model, {}).get(optic.name) or lab.spec.modules.get(
        platform or "", {}
    ).get(optic.name)
    vendor = (
        spec.vendor
        if spec
        else (personality_class(platform).module_vendor if platform else "Generic")
    )
    part = spec.part_number if spec else _part_number(optic)
    seed = zlib.crc32(f"{lab.spec.seed}:{device}:{port}".encode())
    host_lanes = int(optic.host_lanes.value or 4)
    cage = state.cage(port) if state is not None else None
    accepts = lab.catalog.cages[cage.range.cage].accepts if cage is not None else ()
    shell = next((form for form in optic.form_factors if form in accepts), optic.form_factors[0])
    reported = lab.catalog.form_factors[shell].host_lanes
    reported = max(reported, min(host_lanes, 8))
    media = optic.lanes
    lanes = [Lane(number=n, used=n <= media) for n in range(1, reported + 1)]
    return Module(
        optic=optic.name,
        form_factor=shell,
        vendor=vendor,
        part_number=part,
        serial=f"{vendor[:2].upper()}{seed % 10**9:09d}",
        revision=(spec.revision if spec and spec.revision else "A1"),
        firmware=(spec.firmware if spec and spec.firmware else "2.8"),
        media_lanes=media,
        wavelength_nm=optic.wavelength_nm.nominal if optic.wavelength_nm else None,
        temperature_c=round(38.0 + (seed % 80) / 10, 1),
        voltage_v=round(3.27 + (seed % 5) / 100, 3),
        thresholds=default_thresholds(optic),
        lanes=lanes,
    )


def _part_number(optic: OpticType) -> str:
    part = _PART_NUMBERS.get(optic.name)
    if part is None:
        coded = [alias for alias in optic.aliases if alias.upper().startswith(("QDD-", "QSFP-"))]
        part = _PART_NUMBERS[optic.name] = coded[0] if coded else optic.name
    return part


_PART_NUMBERS: dict[str, str] = {}
"""The part number the lab gives a module of an optic type with no module spec, by type."""


def default_thresholds(optic: OpticType) -> Thresholds:
    """Thresholds a module of that type carries: its Tx/Rx spec as warnings, wider alarms."""
    tx = spec_levels(optic.tx_power_dbm) or {
        "high_alarm": 6.0,
        "high_warning": 4.0,
        "low_warning": -3.0,
        "low_alarm": -6.0,
    }
    rx = spec_levels(optic.rx_power_dbm) or {
        "high_alarm": 6.0,
        "high_warning": 4.0,
        "low_warning": -6.0,
        "low_alarm": -9.0,
    }
    return Thresholds(
        temperature_c=Levels(75.0, 70.0, 0.0, -5.0),
        voltage_v=Levels(3.63, 3.465, 3.135, 2.97),
        tx_power_dbm=Levels(**tx),
        rx_power_dbm=Levels(**rx),
        tx_bias_ma=Levels(13.0, 11.0, 3.0, 2.0),
    )


def _apply_faults(lab: Lab, document: object) -> None:
    del document
    catalog = lab.catalog
    for fault in lab.spec.faults:
        if fault.swap is not None:
            _swap(lab, *fault.swap)
            continue
        if fault.port is None:
            msg = f"{lab.path}: a fault needs a port (or swap: [a, b])"
            raise InputError([msg])
        device_name, port = fault.port.split(":", 1)
        state = lab.devices.get(device_name)
        if state is None:
            msg = f"{lab.path}: fault on {fault.port}: {device_name} is not a lab device"
            raise InputError([msg])
        _apply_fault(lab, fault, state, port, catalog)


def _apply_fault(lab: Lab, fault: Fault, state: DeviceState, port: str, catalog: Catalog) -> None:
    """One fault's deviations on one port, in the order the lab file lists its keys."""
    if fault.set is not None:
        _apply_set(state, port, fault.set)
    if fault.module is not None:
        _apply_module(lab, state, port, fault.module, catalog)
    if fault.thresholds == "out-of-order":
        _disorder(state, port)
    if fault.flap_every_s is not None:
        lab.flapping[(state.name, port)] = fault.flap_every_s
    if fault.extra_loss_db is not None or fault.fade_db_per_day is not None:
        _apply_loss(lab, state, port, fault)
    if fault.swap_polarity:
        _cross(lab, fault, state.name, port)


def _cross(lab: Lab, fault: Fault, device: str, port: str) -> None:
    """A lane whose Tx and Rx fibres are crossed: no light either way on that lane pair."""
    if not isinstance(fault.lane, int):
        msg = f"{lab.path}: swap_polarity on {fault.port} needs one lane number"
        raise InputError([msg])
    lab.crossed.add((device, port, fault.lane))


def _apply_loss(lab: Lab, state: DeviceState, port: str, fault: Fault) -> None:
    module = state.modules.get(port)
    lanes = range(1, (module.media_lanes if module else 8) + 1)
    targets = list(lanes) if fault.lane is None or fault.lane == "all" else [fault.lane]
    for lane in targets:
        if fault.extra_loss_db is not None:
            lab.extra_loss[(state.name, port, lane)] = float(fault.extra_loss_db)
        if fault.fade_db_per_day is not None:
            lab.fade[(state.name, port, lane)] = fault.fade_db_per_day


def _apply_set(state: DeviceState, port: str, change: SetFault) -> None:
    if change.breakout is not None:
        state.set_breakout(port, change.breakout)
        for name in state.children(port):
            state.interfaces[name].speed = (
                change.breakout.value.split("x")[1] if "x" in change.breakout.value else None
            )
    if change.fec is None and change.speed is None and change.admin is None:
        return
    config = state.interfaces.get(port)
    if config is None:
        msg = f"fault: {state.name} has no interface {port}"
        raise InputError([msg])
    if change.fec is not None:
        config.fec = change.fec
    if change.speed is not None:
        config.speed = change.speed
    if change.admin is not None:
        config.admin_up = change.admin == "up"


def _apply_module(
    lab: Lab, state: DeviceState, port: str, change: str | ModuleOverride, catalog: Catalog
) -> None:
    if change == "none":
        state.modules[port] = None
        return
    if isinstance(change, str):
        change = ModuleOverride(type=change)
    current = state.modules.get(port)
    if change.type is not None:
        optic = catalog.optic(change.type)
        if optic is None:
            msg = f"{lab.path}: unknown optic type {change.type!r} in a module fault"
            raise InputError([msg])
        current = make_module(lab, state.name, port, optic, state.platform)
    if current is None:
        msg = f"{lab.path}: {state.name}:{port} has no module to change"
        raise InputError([msg])
    for attribute in MODULE_ATTRIBUTES:
        value = getattr(change, attribute)
        if value is not None:
            setattr(current, attribute, value)
    state.modules[port] = current


def _swap(lab: Lab, first: str, second: str) -> None:
    """Miscabling: the far ends of the cables plugged into two ports are exchanged.

    Light, link state and LLDP follow the real cables (``lab.links``); the intent is untouched.
    """
    found: dict[str, tuple[int, str]] = {}
    for index, link in enumerate(lab.links):
        if link.link.breakout is not Breakout.NONE:
            continue
        for side, end in (("a", link.a), ("z", link.z[0])):
            if end.ref in {first, second}:
                found[end.ref] = (index, side)
    missing = [ref for ref in (first, second) if ref not in found]
    if missing or found[first][0] == found[second][0]:
        msg = f"{lab.path}: swap needs two ports on two different unbroken links, not {missing}"
        raise InputError([msg])
    (i, side_i), (j, side_j) = found[first], found[second]
    link_i, link_j = lab.links[i], lab.links[j]
    # each port keeps its own end; the far ends of the two cables trade places
    far_i = link_i.z[0] if side_i == "a" else link_i.a
    far_j = link_j.z[0] if side_j == "a" else link_j.a
    lab.links[i] = _with_far(link_i, side_i, far_j)
    lab.links[j] = _with_far(link_j, side_j, far_i)


def _with_far(link: PlanLink, side: str, far: PlanEnd) -> PlanLink:
    if side == "a":
        return dataclasses.replace(link, z=(far,))
    return dataclasses.replace(link, a=far)


def _disorder(state: DeviceState, port: str) -> None:
    """A module whose EEPROM lists its Rx thresholds out of order (warnings outside alarms)."""
    module = state.modules.get(port)
    if module is None:
        msg = f"fault: {state.name}:{port} has no module to carry thresholds"
        raise InputError([msg])
    rx = module.thresholds.rx_power_dbm
    rx.high_alarm, rx.high_warning = rx.high_warning, rx.high_alarm
    rx.low_alarm, rx.low_warning = rx.low_warning, rx.low_alarm


__all__ = ["Lab", "load_lab", "make_module"]
