"""The intent: the cabling plan and the port settings it implies, as strict pydantic models.

``shared/reference/dc1/intent.yaml`` is the format contract. A link joins an a-end (a managed
switch port, written ``device:port``) to one z-end, or, when ``breakout`` is set, to one z-end
per leg. Names missing from the Nornir inventory are unmanaged far ends (servers, routers).

Values are held to what they can physically be: numbers are numbers (not ``"85"``, not
``true``), finite and within the catalogue's limits (``data/limits.yaml``); names are plain
ASCII (a typographic quote or a Cyrillic letter is named, with the character it imitates);
free text is bounded.
"""

from __future__ import annotations

import fnmatch
import itertools
import unicodedata
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from nornir_optics.catalog import load_catalog, one_of
from nornir_optics.models import Breakout, Fec, Frozen

if TYPE_CHECKING:
    from collections.abc import Callable

NAME_MAX = 128
TEXT_MAX = 1024

LOOKALIKES: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00a0\u2007\u2009\u202f", " "),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    "\u2044": "/",
    "\u2215": "/",
    "\u2236": ":",
    **dict(
        zip(
            "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455"
            "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425"
            "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
            "\u03bf",
            "aeopcxyijsABEKMHOPCTXABEZHIKMNOPTYXo",
            strict=True,
        )
    ),
}
"""Characters that pass for ASCII in an editor or a spreadsheet, and the ASCII they imitate
(Cyrillic and Greek capitals and small letters that look Latin, typographic quotes and dashes,
invisible spaces). Other non-ASCII characters are suggested by their NFKC form where it is
ASCII (fullwidth letters)."""


def lookalike_problem(text: str) -> str | None:
    """Why a name is not plain ASCII, naming the first offending character, or None.

    >>> lookalike_problem("\u201cArista\u201d")
    'contains U+201C LEFT DOUBLE QUOTATION MARK; did you mean "?'
    >>> lookalike_problem("l\u0435af1") is not None, lookalike_problem("leaf1")
    (True, None)
    """
    if text.isascii():
        return None
    char = next(char for char in text if not char.isascii())
    name = f"U+{ord(char):04X} {unicodedata.name(char, 'an unnamed character')}"
    suggestion = LOOKALIKES.get(char)
    if suggestion is None:
        normal = unicodedata.normalize("NFKC", char)
        suggestion = normal if normal.isascii() and normal.isprintable() else None
    if suggestion is None:
        return f"contains {name}; names here are plain ASCII"
    if not suggestion:
        return f"contains {name} (invisible); remove it"
    return f"contains {name}; did you mean {'a plain space' if suggestion == ' ' else suggestion}?"


def _refuse(kind: str, template: str, **context: str) -> NoReturn:
    """Fail validation with an error of our own kind (``template`` filled from ``context``)."""
    raise PydanticCustomError(kind, template, context)


def _ascii(value: object) -> object:
    if isinstance(value, str):
        problem = lookalike_problem(value[: NAME_MAX * 4])
        if problem is not None:
            _refuse("lookalike", "{problem}", problem=problem)
    return value


def _whole(value: object) -> object:
    """A count written as a number: not text, not a boolean; ``2.0`` is 2."""
    if isinstance(value, bool | str):
        _refuse("int_type", "Input should be a valid integer")
    return value


def _exactly(expected: int) -> Callable[[object], object]:
    def check(value: object) -> object:
        if type(value) is not int:
            _refuse("literal_error", "Input should be {expected}", expected=str(expected))
        return value

    return check


def within(quantity: str) -> Callable[[float], float]:
    """A validator holding a number to the catalogue's physical range of ``quantity``."""

    def check(value: float) -> float:
        _check_limit(quantity, value)
        return value

    return check


def _check_limit(quantity: str, value: float, level: str = "") -> None:
    limit = load_catalog().limit(quantity)
    if not limit.contains(value):
        _refuse(
            "out_of_range",
            f"{level}{' ' if level else ''}must be within {{range}}, not {{value}}",
            range=limit.describe(),
            value=f"{value:.10g}",
        )


Name = Annotated[str, BeforeValidator(_ascii), StringConstraints(max_length=NAME_MAX)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX)]
PORT_REF_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*:\S+$"
PortRef = Annotated[
    str,
    BeforeValidator(_ascii),
    StringConstraints(max_length=2 * NAME_MAX, pattern=PORT_REF_PATTERN),
]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Count = Annotated[int, BeforeValidator(_whole), Field(ge=0)]
NonNegative = Annotated[Number, Field(ge=0)]
Margin = Annotated[Number, AfterValidator(within("margin_db"))]
Flag = Annotated[bool, Field(strict=True)]

LEVEL_ORDER = ("low_alarm", "low_warning", "high_warning", "high_alarm")


class Levels(Frozen):
    """Alarm and warning thresholds of one quantity (the shape of ``facts.Levels``)."""

    high_alarm: Number | None = None
    high_warning: Number | None = None
    low_warning: Number | None = None
    low_alarm: Number | None = None


def _levels_of(quantity: str) -> Callable[[Levels], Levels]:
    """A validator holding levels to the quantity's physical range and to their order."""

    def check(levels: Levels) -> Levels:
        given = [
            (name, value) for name in LEVEL_ORDER if (value := getattr(levels, name)) is not None
        ]
        for name, value in given:
            _check_limit(quantity, value, name)
        for (low, low_value), (high, high_value) in itertools.pairwise(given):
            if low_value > high_value:
                _refuse(
                    "levels_order",
                    "{low} {low_value} is above {high} {high_value}; levels run low_alarm <= "
                    "low_warning <= high_warning <= high_alarm",
                    low=low,
                    low_value=f"{low_value:g}",
                    high=high,
                    high_value=f"{high_value:g}",
                )
        return levels

    return check


class Thresholds(Frozen):
    """Thresholds by quantity, in the shape of the device facts (``facts.Thresholds``)."""

    temperature_c: Annotated[Levels, AfterValidator(_levels_of("temperature_c"))] | None = None
    voltage_v: Annotated[Levels, AfterValidator(_levels_of("voltage_v"))] | None = None
    tx_power_dbm: Annotated[Levels, AfterValidator(_levels_of("tx_power_dbm"))] | None = None
    rx_power_dbm: Annotated[Levels, AfterValidator(_levels_of("rx_power_dbm"))] | None = None
    tx_bias_ma: Annotated[Levels, AfterValidator(_levels_of("tx_bias_ma"))] | None = None

    def by_quantity(self) -> dict[str, dict[str, float]]:
        """The levels set, shaped as a module reports its own (``facts.Thresholds``).

        >>> Thresholds(rx_power_dbm=Levels(low_warning=-7.9)).by_quantity()
        {'rx_power_dbm': {'low_warning': -7.9}}
        """
        return self.model_dump(exclude_none=True)


FLAT_THRESHOLDS: dict[str, tuple[str, str]] = {
    "temperature_high_alarm_c": ("temperature_c", "high_alarm"),
    "temperature_high_warning_c": ("temperature_c", "high_warning"),
    "temperature_low_warning_c": ("temperature_c", "low_warning"),
    "temperature_low_alarm_c": ("temperature_c", "low_alarm"),
    "voltage_high_alarm_v": ("voltage_v", "high_alarm"),
    "voltage_high_warning_v": ("voltage_v", "high_warning"),
    "voltage_low_warning_v": ("voltage_v", "low_warning"),
    "voltage_low_alarm_v": ("voltage_v", "low_alarm"),
    "tx_power_high_alarm_dbm": ("tx_power_dbm", "high_alarm"),
    "tx_power_high_warning_dbm": ("tx_power_dbm", "high_warning"),
    "tx_power_low_warning_dbm": ("tx_power_dbm", "low_warning"),
    "tx_power_low_alarm_dbm": ("tx_power_dbm", "low_alarm"),
    "rx_power_high_alarm_dbm": ("rx_power_dbm", "high_alarm"),
    "rx_power_high_warning_dbm": ("rx_power_dbm", "high_warning"),
    "rx_power_low_warning_dbm": ("rx_power_dbm", "low_warning"),
    "rx_power_low_alarm_dbm": ("rx_power_dbm", "low_alarm"),
    "tx_bias_high_alarm_ma": ("tx_bias_ma", "high_alarm"),
    "tx_bias_high_warning_ma": ("tx_bias_ma", "high_warning"),
    "tx_bias_low_warning_ma": ("tx_bias_ma", "low_warning"),
    "tx_bias_low_alarm_ma": ("tx_bias_ma", "low_alarm"),
}
"""The flat override keys of the reference intent (``rx_power_low_warning_dbm``) and where each
sits in the nested form (``thresholds.rx_power_dbm.low_warning``)."""


class DomOverride(Frozen):
    """Thresholds that replace a module's own, for part numbers matching a glob.

    Written nested, as modules report them (``thresholds: {rx_power_dbm: {low_warning: -7.9}}``),
    or flat (``rx_power_low_warning_dbm: -7.9``, see :data:`FLAT_THRESHOLDS`).
    """

    part_number: Name
    thresholds: Thresholds = Thresholds()

    @model_validator(mode="before")
    @classmethod
    def _nested_from_flat(cls, data: object) -> object:
        if not isinstance(data, dict) or not FLAT_THRESHOLDS.keys() & data.keys():
            return data
        nested = data.get("thresholds", {})
        if not isinstance(nested, dict):
            return {key: value for key, value in data.items() if key not in FLAT_THRESHOLDS}
        nested = dict(nested)
        kept = {}
        for key, value in data.items():
            if key not in FLAT_THRESHOLDS:
                kept[key] = value
                continue
            quantity, level = FLAT_THRESHOLDS[key]
            levels = nested.get(quantity, {})
            if not isinstance(levels, dict):
                continue  # the nested entry is malformed: its own error says so
            if level in levels:
                msg = f"{key} and thresholds.{quantity}.{level} set the same threshold: keep one"
                raise ValueError(msg)
            nested[quantity] = {**levels, level: value}
        kept["thresholds"] = nested
        return kept

    def matches(self, part_number: str) -> bool:
        """Whether the override applies to a module of that part number (case-insensitive)."""
        return fnmatch.fnmatch(part_number.casefold(), self.part_number.casefold())


class DomPolicy(Frozen):
    """How gathered DOM is judged."""

    rx_margin_db: Annotated[NonNegative, AfterValidator(within("margin_db"))] = 2.0
    lane_spread_db: Annotated[Margin, Field(gt=0)] = 3.0
    temperature_max_c: Annotated[Number, AfterValidator(within("temperature_c"))] | None = None
    ignore_admin_down: Flag = True
    overrides: tuple[DomOverride, ...] = ()


class LinkBudget(Frozen):
    """What a cable should lose: fibre loss per km and loss per mated connector pair."""

    fiber_loss_db_per_km: Annotated[NonNegative, AfterValidator(within("fiber_loss_db_per_km"))] = (
        0.4
    )
    connector_loss_db: Annotated[NonNegative, AfterValidator(within("connector_loss_db"))] = 0.5
    margin_db: Annotated[NonNegative, AfterValidator(within("margin_db"))] = 1.0


class ApprovedOptic(Frozen):
    """A vendor and part-number glob pair (case-insensitive) a module must match."""

    vendor: Name = "*"
    part_number: Name = "*"

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


class LinkFlapPolicy(Frozen):
    """When a port's link flaps (`link-flap`).

    ``flaps`` or more since the device's counters were last cleared, the last within
    ``window_s`` seconds; where the device shows only one of the two, that one decides.
    """

    flaps: Annotated[int, Field(ge=1)] = 2
    window_s: Annotated[float, Field(gt=0)] = 600.0


class Policy(Frozen):
    """Fabric-wide settings and limits."""

    fec: Fec = Fec.RS544
    dom: DomPolicy = DomPolicy()
    link_budget: LinkBudget = LinkBudget()
    approved_optics: tuple[ApprovedOptic, ...] = ()
    drift: DriftPolicy = DriftPolicy()
    trend: TrendPolicy = TrendPolicy()
    link_flap: LinkFlapPolicy = LinkFlapPolicy()


class End(Frozen):
    """One end of a link: a port and, where it differs from the link's, its optic."""

    port: PortRef
    optic: Name | None = None
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
    connector: Name
    length_m: Annotated[Number, Field(gt=0), AfterValidator(within("length_m"))] | None
    """Metres; ``null`` when unknown (an as-built stub, ``# TODO length``): no reach or budget
    judgement until it is filled in."""
    connectors: Annotated[Count, AfterValidator(within("connector_pairs"))] = 2


class Link(Frozen):
    """One cabled (or planned) link of the plan."""

    a: End
    z: tuple[End, ...]
    optic: Name
    breakout: Breakout = Breakout.NONE
    cable: Cable
    admin: Literal["up", "down"] = "up"
    state: Literal["cabled", "planned"] = "cabled"
    fec: Fec | None = None
    description: Text | None = None
    note: Text | None = None

    @field_validator("breakout")
    @classmethod
    def _known_breakout(cls, value: Breakout) -> Breakout:
        modes = load_catalog().breakout_modes
        if value not in modes:
            raise ValueError(one_of(value, modes))
        return value

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

    version: Annotated[Literal[1], BeforeValidator(_exactly(1))]
    policy: Policy = Policy()
    links: tuple[Link, ...] = ()


KNOWN_KEYS = frozenset(
    name
    for model in (
        Intent,
        Policy,
        DomPolicy,
        DomOverride,
        Thresholds,
        Levels,
        LinkBudget,
        ApprovedOptic,
        DriftPolicy,
        TrendPolicy,
        Link,
        End,
        Cable,
    )
    for name in model.model_fields
) | frozenset(FLAT_THRESHOLDS)
