"""The intent: the cabling plan and the port settings it implies, as strict pydantic models.

``shared/reference/dc1/intent.yaml`` is the format contract. A link joins an a-end (a managed
switch port, written ``device:port``) to one z-end, or, when ``breakout`` is set, to one z-end
per leg. Names missing from the Nornir inventory are unmanaged far ends (servers, routers).
"""

from __future__ import annotations

import fnmatch
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from nornir_optics.models import Breakout, Fec, Frozen

PORT_REF_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*:\S+$"
PortRef = Annotated[str, StringConstraints(pattern=PORT_REF_PATTERN)]
NonNegative = Annotated[float, Field(ge=0)]

THRESHOLD_FIELDS = tuple(
    f"{quantity}_{level}_{unit}"
    for quantity, unit in (
        ("temperature", "c"),
        ("voltage", "v"),
        ("tx_power", "dbm"),
        ("rx_power", "dbm"),
        ("tx_bias", "ma"),
    )
    for level in ("high_alarm", "high_warning", "low_warning", "low_alarm")
)


class DomOverride(Frozen):
    """Thresholds that replace a module's own, for part numbers matching a glob."""

    part_number: str
    temperature_high_alarm_c: float | None = None
    temperature_high_warning_c: float | None = None
    temperature_low_warning_c: float | None = None
    temperature_low_alarm_c: float | None = None
    voltage_high_alarm_v: float | None = None
    voltage_high_warning_v: float | None = None
    voltage_low_warning_v: float | None = None
    voltage_low_alarm_v: float | None = None
    tx_power_high_alarm_dbm: float | None = None
    tx_power_high_warning_dbm: float | None = None
    tx_power_low_warning_dbm: float | None = None
    tx_power_low_alarm_dbm: float | None = None
    rx_power_high_alarm_dbm: float | None = None
    rx_power_high_warning_dbm: float | None = None
    rx_power_low_warning_dbm: float | None = None
    rx_power_low_alarm_dbm: float | None = None
    tx_bias_high_alarm_ma: float | None = None
    tx_bias_high_warning_ma: float | None = None
    tx_bias_low_warning_ma: float | None = None
    tx_bias_low_alarm_ma: float | None = None

    def matches(self, part_number: str) -> bool:
        """Whether the override applies to a module of that part number (case-insensitive)."""
        return fnmatch.fnmatch(part_number.casefold(), self.part_number.casefold())

    def thresholds(self) -> dict[str, float]:
        """The thresholds this override sets, by field name."""
        return {
            name: value for name in THRESHOLD_FIELDS if (value := getattr(self, name)) is not None
        }


class DomPolicy(Frozen):
    """How gathered DOM is judged."""

    rx_margin_db: NonNegative = 2.0
    lane_spread_db: Annotated[float, Field(gt=0)] = 3.0
    temperature_max_c: float | None = None
    ignore_admin_down: bool = True
    overrides: tuple[DomOverride, ...] = ()


class LinkBudget(Frozen):
    """What a cable should lose: fibre loss per km and loss per mated connector pair."""

    fiber_loss_db_per_km: NonNegative = 0.4
    connector_loss_db: NonNegative = 0.5
    margin_db: NonNegative = 1.0


class ApprovedOptic(Frozen):
    """A vendor and part-number glob pair (case-insensitive) a module must match."""

    vendor: str = "*"
    part_number: str = "*"

    def matches(self, vendor: str, part_number: str) -> bool:
        """Whether a module of that vendor and part number is approved by this entry."""
        return fnmatch.fnmatch(vendor.casefold(), self.vendor.casefold()) and fnmatch.fnmatch(
            part_number.casefold(), self.part_number.casefold()
        )


class DriftPolicy(Frozen):
    """What `optics drift` reports as a change between two runs."""

    rx_db: Annotated[float, Field(gt=0)] = 1.0


class TrendPolicy(Frozen):
    """When a lane's Rx over the recorded runs is a fade (`dom-trend`, checks/trend.py)."""

    rx_db_per_day: Annotated[float, Field(lt=0)] = -0.05
    runs: Annotated[int, Field(ge=3)] = 14
    min_runs: Annotated[int, Field(ge=3)] = 5
    min_days: NonNegative = 3.0
    min_drop_db: NonNegative = 0.5
    step_db: Annotated[float, Field(gt=0)] = 1.0


class Policy(Frozen):
    """Fabric-wide settings and limits."""

    fec: Fec = Fec.RS544
    dom: DomPolicy = DomPolicy()
    link_budget: LinkBudget = LinkBudget()
    approved_optics: tuple[ApprovedOptic, ...] = ()
    drift: DriftPolicy = DriftPolicy()
    trend: TrendPolicy = TrendPolicy()


class End(Frozen):
    """One end of a link: a port and, where it differs from the link's, its optic."""

    port: PortRef
    optic: str | None = None
    fec: Fec | None = None

    @property
    def device(self) -> str:
        """The device part of ``device:port``."""
        return self.port.split(":", 1)[0]

    @property
    def interface(self) -> str:
        """The port part of ``device:port``."""
        return self.port.split(":", 1)[1]


class Cable(Frozen):
    """The cable between the ends: fibre, connector assembly, length and mated pairs."""

    fiber: Literal["smf", "mmf", "copper"]
    connector: str
    length_m: Annotated[float, Field(gt=0)]
    connectors: Annotated[int, Field(ge=0)] = 2


class Link(Frozen):
    """One cabled (or planned) link of the plan."""

    a: End
    z: tuple[End, ...]
    optic: str
    breakout: Breakout = Breakout.NONE
    cable: Cable
    admin: Literal["up", "down"] = "up"
    state: Literal["cabled", "planned"] = "cabled"
    fec: Fec | None = None
    description: str | None = None
    note: str | None = None

    @field_validator("a", mode="before")
    @classmethod
    def _end_from_string(cls, value: object) -> object:
        return {"port": value} if isinstance(value, str) else value

    @field_validator("z", mode="before")
    @classmethod
    def _ends_from_string(cls, value: object) -> object:
        if isinstance(value, str):
            return [{"port": value}]
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list):
            return [{"port": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def planned(self) -> bool:
        """Not built yet: its ports are empty on purpose."""
        return self.state == "planned"

    @property
    def shut(self) -> bool:
        """Cabled but shut on purpose: nothing may enable it."""
        return self.admin == "down"


class Intent(Frozen):
    """The whole intent file."""

    version: Literal[1]
    policy: Policy = Policy()
    links: tuple[Link, ...] = ()


KNOWN_KEYS = frozenset(
    name
    for model in (
        Intent,
        Policy,
        DomPolicy,
        DomOverride,
        LinkBudget,
        ApprovedOptic,
        DriftPolicy,
        TrendPolicy,
        Link,
        End,
        Cable,
    )
    for name in model.model_fields
)
