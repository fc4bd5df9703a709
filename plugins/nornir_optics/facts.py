"""Device facts: the one contract every driver fills and every check reads.

Plain ``TypedDict``s, so facts stay JSON-serialisable inside Nornir results; a key is absent
where the source (a command, a device) does not carry it. Validate with :data:`FACTS`::

    FACTS.validate_python({"transceivers": {...}, "ports": {...}})

Conventions:

* lanes are numbered from 1 everywhere, even where the vendor counts from 0;
* a lane's ``state`` is ``ok`` (a reading), ``no_light`` (the module says there is no light:
  -inf, -40 dBm, ``- Inf``, LOS), ``unused`` (a lane that carries no signal by design, such as
  lanes 5-8 of a 4-lane DR4 or lanes 2-4 of a single-wavelength QSFP28) or ``not_supported``
  (the module reports no DOM for it: N/A); readings are absent rather than 0.0 or -40 when
  there is no light;
* ``media_type`` is a catalogue name (``400GBASE-DR4``) when the vendor's string or code maps
  to one; ``media_type_raw`` keeps the vendor's words;
* interface names are canonical (netutils).
"""

from __future__ import annotations

from typing import Literal, NotRequired

from pydantic import TypeAdapter
from typing_extensions import TypedDict

LaneState = Literal["ok", "no_light", "unused", "not_supported"]


class Levels(TypedDict, total=False):
    """Alarm and warning thresholds of one quantity."""

    high_alarm: float
    high_warning: float
    low_warning: float
    low_alarm: float


class Thresholds(TypedDict, total=False):
    """A module's thresholds, by quantity."""

    temperature_c: Levels
    voltage_v: Levels
    tx_power_dbm: Levels
    rx_power_dbm: Levels
    tx_bias_ma: Levels


class LaneReading(TypedDict):
    """DOM of one media lane."""

    lane: int
    state: LaneState
    rx_power_dbm: NotRequired[float]
    tx_power_dbm: NotRequired[float]
    tx_bias_ma: NotRequired[float]


class Transceiver(TypedDict):
    """A transceiver cage and what is plugged in it."""

    port: str
    present: bool
    form_factor: NotRequired[str]
    media_type: NotRequired[str]
    media_type_raw: NotRequired[str]
    vendor: NotRequired[str]
    part_number: NotRequired[str]
    serial: NotRequired[str]
    revision: NotRequired[str]
    firmware: NotRequired[str]
    wavelength_nm: NotRequired[float]
    temperature_c: NotRequired[float]
    voltage_v: NotRequired[float]
    thresholds: NotRequired[Thresholds]
    lanes: NotRequired[list[LaneReading]]
    media_lanes: NotRequired[int]
    host_lanes: NotRequired[int]


class Neighbor(TypedDict):
    """An LLDP neighbour."""

    system: str
    port: str


class Port(TypedDict):
    """An interface: config and operational state."""

    name: str
    admin: NotRequired[Literal["up", "down"]]
    oper: NotRequired[Literal["up", "down"]]
    speed: NotRequired[str]
    fec: NotRequired[str]
    description: NotRequired[str]
    breakout: NotRequired[str]
    children: NotRequired[list[str]]
    parent: NotRequired[str]
    media_lanes: NotRequired[list[int]]
    neighbor: NotRequired[Neighbor]
    reason: NotRequired[str]
    link_flaps: NotRequired[int]
    """Times the link went down since the device's counters were last cleared, as the device
    counts them (EOS: half its link status changes; NX-OS: interface resets)."""
    last_flap_s: NotRequired[float]
    """Seconds since the link last went up or down (EOS, NX-OS "Last link flapped", Junos
    "Last flapped")."""


class DeviceFacts(TypedDict):
    """What a gather (or a parse of saved output) knows about a device."""

    platform: NotRequired[str]
    command: NotRequired[str]
    transceivers: NotRequired[dict[str, Transceiver]]
    ports: NotRequired[dict[str, Port]]


FACTS: TypeAdapter[DeviceFacts] = TypeAdapter(DeviceFacts)
