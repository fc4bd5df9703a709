"""The state of one simulated switch, shared by every protocol that serves it.

Config (breakout per cage, and admin/speed/FEC/description per interface) is the only thing a
client can change; modules, light and link state follow from config and the lab's physics
(``lab/physics.py``). Running config is always rendered from this state by the platform's
vendor module, never kept as text, so a rollback to a snapshot is byte-identical.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from nornir_optics.catalog import CagePort, Model

_CHILDREN: dict[tuple[str, tuple[str, Breakout]], tuple[str, ...]] = {}
"""Interface names of a cage in a breakout mode, per model (they follow from the layout)."""


@dataclass
class Levels:
    """Four thresholds of one quantity, in the order modules store them."""

    high_alarm: float
    high_warning: float
    low_warning: float
    low_alarm: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        """High alarm, high warning, low warning, low alarm."""
        return (self.high_alarm, self.high_warning, self.low_warning, self.low_alarm)


@dataclass
class Thresholds:
    """A module's own alarm and warning thresholds."""

    temperature_c: Levels
    voltage_v: Levels
    tx_power_dbm: Levels
    rx_power_dbm: Levels
    tx_bias_ma: Levels


@dataclass
class Lane:
    """One lane as the module reports it. None means "no reading" (no light, laser off)."""

    number: int
    used: bool
    tx_power_dbm: float | None = None
    rx_power_dbm: float | None = None
    tx_bias_ma: float | None = None


@dataclass
class Module:
    """A plugged transceiver: identity, environment, thresholds and per-lane DOM."""

    optic: str
    form_factor: str
    vendor: str
    part_number: str
    serial: str
    revision: str
    firmware: str
    media_lanes: int
    wavelength_nm: float | None
    temperature_c: float
    voltage_v: float
    thresholds: Thresholds
    lanes: list[Lane]
    tx_enabled: bool = True

    def lane(self, number: int) -> Lane:
        """Lane ``number`` (1-based)."""
        return self.lanes[number - 1]


@dataclass
class InterfaceConfig:
    """Config of one interface (an unbroken port, or one breakout child)."""

    name: str
    admin_up: bool = True
    speed: str | None = None
    fec: Fec | None = None
    description: str = ""


@dataclass
class ConfigSnapshot:
    """Everything config-mode can change, for checkpoints, sessions and rollback."""

    breakouts: dict[str, Breakout]
    interfaces: dict[str, InterfaceConfig]
    hostname: str


@dataclass
class Neighbor:
    """An LLDP neighbour heard on a local interface."""

    system: str
    port: str


@dataclass
class Oper:
    """Operational state of an interface, with the lab's reason when it is down."""

    up: bool = False
    reason: str = "not connected"
    fec: Fec | None = None
    speed: str | None = None


@dataclass
class Knobs:
    """Test knobs of a device: failures a real network has."""

    login_fails: bool = False
    latency_ms: int = 0
    drop_after_commands: int | None = None
    reject_config: tuple[str, ...] = ()
    garbage: bool = False
    hang_s: float = 0.0
    timer_scale: float = 1.0
    shifted: bool = False


@dataclass
class DeviceState:
    """One simulated switch."""

    name: str
    platform: str
    model: Model
    serial: str
    mac: str
    version: str
    breakouts: dict[str, Breakout]
    interfaces: dict[str, InterfaceConfig]
    modules: dict[str, Module | None]
    knobs: Knobs = field(default_factory=Knobs)
    hostname: str = ""
    oper: dict[str, Oper] = field(default_factory=dict)
    lldp: dict[str, Neighbor] = field(default_factory=dict)
    startup: ConfigSnapshot | None = None
    checkpoints: dict[str, ConfigSnapshot] = field(default_factory=dict)
    history: list[ConfigSnapshot] = field(default_factory=list)
    boot_time: float = 0.0
    sessions_opened: int = 0
    flaps: dict[str, int] = field(default_factory=dict)
    """Times each interface went down (the flapping-link fault); it came up again after each
    but the one it may be down for now."""
    flapped_at: dict[str, float] = field(default_factory=dict)
    """When each flapping interface last went down or up (epoch seconds)."""

    def link_changes(self, name: str) -> int:
        """Link state changes since boot as EOS counts them: the first up, then each down and up."""
        flaps = self.flaps.get(name, 0)
        oper = self.oper.get(name)
        down_now = oper is not None and oper.reason == "link flap"
        return 1 + 2 * flaps - (1 if down_now and flaps else 0)

    def last_change(self, name: str) -> float:
        """When the interface's link last went up or down (a minute after boot, unless it flaps)."""
        return self.flapped_at.get(name, self.boot_time + 60)

    def __post_init__(self) -> None:
        """Hostname defaults to the inventory name; startup config to the initial config."""
        self.hostname = self.hostname or self.name
        if self.startup is None:
            self.startup = self.snapshot()

    def cage(self, name: str) -> CagePort | None:
        """The cage a parent port name denotes."""
        return self.model.layout.cage(name)

    def children(self, parent: str, mode: Breakout | None = None) -> list[str]:
        """Interface names a cage has in ``mode`` (default: its current breakout)."""
        mode = self.breakouts[parent] if mode is None else mode
        key = (parent, mode)
        names = _CHILDREN.get((self.model.name, key))
        if names is None:
            count = 1 if mode is Breakout.NONE else int(mode.value.split("x", 1)[0])
            legs = (self.model.layout.leg_name(parent, mode, leg) for leg in range(1, count + 1))
            names = tuple(name for name in legs if name is not None)
            _CHILDREN[(self.model.name, key)] = names
        return list(names)

    def parent_of(self, interface: str) -> tuple[str, int] | None:
        """The cage (parent name) and leg (1-based) of a current interface."""
        layout = self.model.layout
        found: list[tuple[str, int]] = []
        for mode in dict.fromkeys(self.breakouts.values()):
            leg = layout.leg_of(interface, mode)
            if leg is not None and self.breakouts.get(leg[0].name) is mode:
                found.append((leg[0].name, leg[1]))
        if len(found) > 1:  # the first cage in the device's order, as a scan would find it
            order = {name: index for index, name in enumerate(self.breakouts)}
            found.sort(key=lambda item: order[item[0]])
        return found[0] if found else None

    def snapshot(self) -> ConfigSnapshot:
        """A deep copy of the config."""
        return ConfigSnapshot(
            breakouts=dict(self.breakouts),
            interfaces={name: replace(config) for name, config in self.interfaces.items()},
            hostname=self.hostname,
        )

    def restore(self, snapshot: ConfigSnapshot) -> None:
        """Put the config back exactly as in ``snapshot``."""
        self.breakouts = dict(snapshot.breakouts)
        self.interfaces = copy.deepcopy(snapshot.interfaces)
        self.hostname = snapshot.hostname

    def set_breakout(self, parent: str, mode: Breakout) -> None:
        """Change a cage's breakout: its old interfaces go, the new ones come with defaults."""
        for name in self.children(parent):
            self.interfaces.pop(name, None)
        self.breakouts[parent] = mode
        for name in self.children(parent, mode):
            self.interfaces[name] = InterfaceConfig(name=name)
