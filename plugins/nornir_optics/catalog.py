"""The optics and platform catalogues: validated data shipped in the package.

The catalogues live in ``nornir_optics/data/*.yaml``; this module defines their schema, checks
their cross-references on load, and answers the questions checks ask of them (does this optic
fit that port, which far ends link with it, how is the third leg of that cage named).
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Literal

from netutils.lib_mapper import ANSIBLE_LIB_MAPPER, NAPALM_LIB_MAPPER, NETMIKO_LIB_MAPPER
from pydantic import BeforeValidator, Field, ValidationError, model_validator
from ruamel.yaml import YAML

from nornir_optics.exceptions import CatalogError
from nornir_optics.models import Breakout, Fec, Frozen

if TYPE_CHECKING:
    from collections.abc import Iterable

UNVERIFIED = "UNVERIFIED"
Speed = str
"""A port speed in the intent's words (``400G``); the speeds are catalogue data (``speeds``)."""


class Sourced(Frozen):
    """A fact with the key of its source (sources.yaml), or UNVERIFIED."""

    source: str
    note: str | None = None


class Quantity(Sourced):
    """A sourced number, or range of numbers."""

    value: float | None = None
    nominal: float | None = None
    min: float | None = None
    max: float | None = None


def spec_levels(limits: Quantity | None) -> dict[str, float] | None:
    """Power thresholds from an optic's spec, where a module's own are missing.

    Warnings sit at the spec's limits, alarms 2 dB above and 3 dB below (a planning convention).

    >>> spec_levels(Quantity(min=-5.9, max=4.0, source="S10"))
    {'high_alarm': 6.0, 'high_warning': 4.0, 'low_warning': -5.9, 'low_alarm': -8.9}
    """
    if limits is None or limits.min is None or limits.max is None:
        return None
    return {
        "high_alarm": limits.max + 2.0,
        "high_warning": limits.max,
        "low_warning": limits.min,
        "low_alarm": round(limits.min - 3.0, 2),
    }


class Limit(Sourced):
    """The range a physical quantity can take at all: outside it, a number is a typing error."""

    min: float
    max: float
    unit: str

    @model_validator(mode="after")
    def _ordered(self) -> Limit:
        if self.min >= self.max:
            msg = f"min {self.min} must be below max {self.max}"
            raise ValueError(msg)
        return self

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the range (bounds included).

        >>> Limit(min=-40, max=8.2, unit="dBm", source="R31").contains(-41)
        False
        """
        return self.min <= value <= self.max

    def describe(self) -> str:
        """The range as messages show it.

        >>> Limit(min=-40, max=8.2, unit="dBm", source="R31").describe()
        '-40 .. 8.2 dBm'
        """
        return f"{self.min:.10g} .. {self.max:.10g} {self.unit}"


class MediaCodes(Sourced):
    """SFF-8024 codes a module advertises for this type."""

    cmis_smf: int | None = None
    cmis_mmf: int | None = None
    sff8636: int | None = None


class BreakoutApplication(Frozen):
    """One breakout an optic supports: what each leg runs."""

    leg_speed: Speed
    leg_host_interface: str
    leg_optic_class: str


class OpticType(Frozen):
    """One transceiver type of the optics catalogue."""

    name: str = ""
    description: str
    speed: Speed
    form_factors: tuple[str, ...]
    host_interface: str
    host_lanes: Quantity
    media_lanes: Quantity
    lane_rate_gbps: Quantity
    modulation: Literal["PAM4", "NRZ"]
    wavelength_plan: Literal["1311", "cwdm4", "lwdm4", "850", "copper"]
    wavelength_nm: Quantity | None = None
    fiber: Literal["smf", "mmf", "copper"]
    connector: str
    connector_count: Quantity | None = None
    """Connectors on the module (2 on a twin-port: one per 400G half); 1 when absent."""
    reach_m: Quantity
    channel_il_db: Quantity | None = None
    """The channel insertion-loss budget of the PMD (fibre + connections), where known."""
    host_fec: tuple[Fec, ...]
    optic_class: str | None = None
    breakouts: dict[Breakout, BreakoutApplication] = Field(default_factory=dict)
    tx_power_dbm: Quantity | None = None
    rx_power_dbm: Quantity | None = None
    rx_damage_dbm: Quantity | None = None
    max_power_w: Quantity | None = None
    typical_power_w: Quantity | None = None
    media_codes: MediaCodes | None = None
    aliases: tuple[str, ...] = ()

    @property
    def connectors(self) -> int:
        """How many connectors the module has (a twin-port module: two)."""
        return int(self.connector_count.value or 1) if self.connector_count else 1

    @property
    def host_lane_gbps(self) -> float:
        """The rate of each host lane the module needs at its full speed (800G on 8: 100).

        >>> load_catalog().optics["400GBASE-DR4"].host_lane_gbps
        50.0
        """
        lanes = int(self.host_lanes.value or 1)
        return speed_gbps(self.speed) / lanes

    def leg_lanes(self, mode: Breakout, leg: int) -> list[int]:
        """The media lanes (1-based) that carry leg ``leg`` of this optic broken out in ``mode``.

        A 2 x 400G twin-port carries leg 1 on lanes 1-4 and leg 2 on 5-8; a DR4 or a DR8 broken
        out to 100G legs carries leg n on lane n; unbroken, every lane.

        >>> optic = load_catalog().optics["800G-2xDR4"]
        >>> optic.leg_lanes(Breakout("2x400G"), 2), optic.leg_lanes(Breakout.NONE, 1)[-1]
        ([5, 6, 7, 8], 8)
        """
        legs = breakout_legs(mode)
        share = max(self.lanes // legs, 1)
        first = (leg - 1) * share + 1
        return [lane for lane in range(first, first + share) if lane <= max(self.lanes, 1)]

    @property
    def max_reach_m(self) -> float:
        """Longest supported run, in metres."""
        return self.reach_m.max or 0.0

    @property
    def lanes(self) -> int:
        """Media lanes that carry light (or signal, on copper)."""
        return int(self.media_lanes.value or 0)


class Connector(Frozen):
    """A physical connector a module or cable end can have."""

    description: str


class CableAssembly(Sourced):
    """A cable a plan can name: connectors at both ends and the number of far-end connectors.

    ``a_count`` connectors at the a-end (2: the two cords of a twin-port module), ``legs``
    connectors at the far end(s), whether on one module or one per breakout leg.
    """

    a: str
    z: str
    legs: int
    a_count: int = 1
    fibers: tuple[Literal["smf", "mmf", "copper"], ...]


class CompatibilityRule(Frozen):
    """Two optic types that link, whole (symmetric) or as a breakout leg (a = parent)."""

    a: str
    z: str
    breakout: Breakout | None = None
    status: Literal["supported", "unverified"]
    source: str | None = None
    note: str | None = None


class Cage(Frozen):
    """A kind of cage, the module shells it takes and how fast its host lanes run."""

    accepts: tuple[str, ...]
    host_lanes: Quantity
    lane_gbps: Quantity | None = None
    """The fastest host lane the cage's electrical interface drives (50: 400GAUI-8)."""
    note: str | None = None


class Keyword(Sourced):
    """How a platform writes one word of the intent vocabulary (null: the platform default).

    ``caveat``: what is not confirmed about this keyword; a remediation that uses it says so.
    ``unconfirmed_at``: speeds at which the keyword is not confirmed (the caveat applies there).
    """

    keyword: str | None
    lanes: int | None = None
    """For a speed: the host lanes the keyword runs it on (EOS ``400g-8`` vs ``400g-4``)."""
    caveat: str | None = None
    unconfirmed_at: tuple[Speed, ...] = ()

    def caveat_at(self, speed: Speed | None = None) -> str | None:
        """What a remediation using this keyword must say (None: nothing).

        >>> Keyword(keyword="fec x", source="UNVERIFIED", note="not seen").caveat_at()
        'not seen'
        """
        if self.source == UNVERIFIED:
            return self.caveat or self.note or "keyword UNVERIFIED"
        if self.caveat and (not self.unconfirmed_at or speed in self.unconfirmed_at):
            return self.caveat
        return None


def _one_or_many(value: object) -> object:
    """A speed's keyword written as one mapping, or a list of them (one per lane count)."""
    return [value] if isinstance(value, dict) else value


Modulation = Literal["PAM4", "NRZ"]


class DefaultFec(Sourced):
    """What a port runs when its config names no FEC (or ``auto``).

    ``optic``: the first host FEC of the module's type (the code its PMD requires);
    ``none``: no FEC at all.
    """

    follows: Literal["optic", "none"]


class ShownFec(Sourced):
    """How a platform's operational state names the FEC a port runs (Junos ``FEC119``).

    The first word listed for a code is the one the platform prints for it.
    """

    words: dict[str, Fec]


class OtherKeywords(Sourced):
    """Words a platform's CLI accepts that name nothing of the intent's vocabulary."""

    fec: tuple[str, ...] = ()
    breakout: tuple[str, ...] = ()


class Platform(Frozen):
    """One network OS: its library names and its config vocabulary."""

    vendor: str
    napalm: str | None
    netmiko: str
    breakout_note: str = ""
    default_fec: DefaultFec
    fec: dict[Fec, Keyword]
    fec_shown: ShownFec | None = None
    other_keywords: OtherKeywords | None = None
    speed: dict[Speed, Annotated[tuple[Keyword, ...], BeforeValidator(_one_or_many)]] = Field(
        default_factory=dict
    )
    """Per speed, its keyword(s): one per host-lane count where the platform names the lanes."""
    breakout: dict[Breakout, Keyword] = Field(default_factory=dict)


class RsCode(Sourced):
    """The Reed-Solomon code a lane modulation runs."""

    fec: Fec


class LaneSignalling(Frozen):
    """How a lane's rate tells its modulation, and which RS code each modulation runs."""

    pam4_from_lane_gbps: Quantity
    rs_code: dict[Modulation, RsCode]


class CageCount(Sourced):
    """How many cages of one kind a model has."""

    count: int


class PortRange(Frozen):
    """A run of identical cages on a model, with how its ports and breakout legs are named."""

    cages: CageCount
    cage: str
    name: str
    child: str
    speeds: tuple[Speed, ...]
    breakouts: tuple[Breakout, ...]
    max_module_power_w: Quantity | None = None
    """The module power each cage of the range can supply and cool, where known."""


class Thermal(Sourced):
    """A platform's temperature limits for the modules in its cages (Junos yellow/red/shutdown)."""

    yellow_c: float | None = None
    red_c: float | None = None
    shutdown_c: float | None = None


class ModelKeywords(Frozen):
    """Words of a model that differ from its platform's (SONiC breakout modes: platform.json)."""

    breakout: dict[Breakout, Keyword] = Field(default_factory=dict)


class Constraint(Sourced):
    """A port-group rule: which cages may break out in a mode, and if it blocks the next one."""

    mode: Breakout
    cages: Literal["odd", "even", "all"] = "all"
    blocks_next: bool = False


class Model(Frozen):
    """A switch model and its front panel."""

    name: str = ""
    platform: str
    description: str
    ports: tuple[PortRange, ...]
    constraints: tuple[Constraint, ...] = ()
    supported_optics: tuple[str, ...] = ("*",)
    keywords: ModelKeywords | None = None
    thermal: Thermal | None = None

    @cached_property
    def layout(self) -> PortLayout:
        """Every port and breakout leg of the model, by name."""
        return PortLayout.build(self)


@dataclass(frozen=True, slots=True)
class CagePort:
    """A front-panel cage of a model (``n`` counts from 1) and the range it belongs to."""

    n: int
    name: str
    range: PortRange


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether two optics link: supported, unverified (works, undocumented) or incompatible."""

    status: Literal["supported", "unverified", "incompatible"]
    reason: str


def breakout_legs(mode: Breakout) -> int:
    """Number of ports a breakout mode makes of one cage (catalogue ``breakout_modes``).

    >>> breakout_legs(Breakout("4x100G")), breakout_legs(Breakout.NONE)
    (4, 1)
    """
    return load_catalog().breakout_modes[mode].legs


def breakout_leg_speed(mode: Breakout) -> str | None:
    """Speed of each leg of a breakout mode, None when unbroken.

    >>> breakout_leg_speed(Breakout("2x200G")), breakout_leg_speed(Breakout.NONE) is None
    ('200G', True)
    """
    return load_catalog().breakout_modes[mode].leg_speed


class PortLayout:
    """Name lookups over a model's cages and breakout legs."""

    def __init__(
        self, cages: dict[str, CagePort], legs: dict[tuple[Breakout, str], tuple[int, int]]
    ) -> None:
        """Keep the parent names and the (mode, child name) -> (cage, leg) map."""
        self.cages = cages
        self._by_n = {cage.n: cage for cage in cages.values()}
        self._legs = legs
        self._leg_names = {
            key: name for (mode, name), key2 in legs.items() for key in [(mode, key2)]
        }

    @classmethod
    def build(cls, model: Model) -> PortLayout:
        """Expand a model's port ranges into names."""
        cages: dict[str, CagePort] = {}
        legs: dict[tuple[Breakout, str], tuple[int, int]] = {}
        n = 0
        catalog = load_catalog()
        for port_range in model.ports:
            host_lanes = int(catalog.cages[port_range.cage].host_lanes.value or 0)
            for _ in range(port_range.cages.count):
                n += 1
                name = _port_name(port_range.name, n, host_lanes, lane=1, leg=1)
                cages[name] = CagePort(n=n, name=name, range=port_range)
                for mode in port_range.breakouts:
                    spec = catalog.breakout_modes[mode]
                    count = spec.legs
                    width = max(min(spec.lanes_per_leg or host_lanes, host_lanes // count), 1)
                    for leg in range(1, count + 1):
                        lane = 1 + (leg - 1) * width
                        template = port_range.name if mode is Breakout.NONE else port_range.child
                        child = _port_name(template, n, host_lanes, lane=lane, leg=leg)
                        legs[(mode, child)] = (n, leg)
        return cls(cages, legs)

    def cage(self, name: str) -> CagePort | None:
        """The cage a parent port name denotes, or None."""
        return self.cages.get(name)

    def cage_number(self, n: int) -> CagePort | None:
        """The cage with front-panel number ``n``, or None."""
        return self._by_n.get(n)

    def leg_name(self, parent: str, mode: Breakout, leg: int) -> str | None:
        """Name of leg ``leg`` (1-based) of ``parent`` broken out in ``mode``, or None."""
        cage = self.cages.get(parent)
        if cage is None:
            return None
        return self._leg_names.get((mode, (cage.n, leg)))

    def leg_of(self, name: str, mode: Breakout) -> tuple[CagePort, int] | None:
        """Cage and leg (1-based) of a port name that is a leg in breakout ``mode``, or None."""
        found = self._legs.get((mode, name))
        return (self._by_n[found[0]], found[1]) if found is not None else None

    def locate(self, name: str) -> tuple[CagePort, Breakout, int] | None:
        """Cage, breakout mode and leg of a breakout child (or parent) name.

        A name that is a leg in several modes resolves to the first mode listed for its range.
        """
        for (mode, child), (n, leg) in self._legs.items():
            if child == name:
                return self._by_n[n], mode, leg
        return None

    def first_and_last(self) -> tuple[str, str]:
        """Names of the first and the last cage, for messages."""
        names = list(self.cages)
        return names[0], names[-1]


def _port_name(template: str, n: int, host_lanes: int, *, lane: int, leg: int) -> str:
    return template.format(
        n=n,
        i=n - 1,
        lane=lane,
        abslane=(n - 1) * host_lanes + lane - 1,
        leg=leg,
        leg0=leg - 1,
    )


class BreakoutMode(Sourced):
    """One way to split a cage: how many ports it makes, what each runs, on how many lanes."""

    legs: Annotated[int, Field(ge=1)]
    leg_speed: Speed | None = None
    lanes_per_leg: Annotated[int, Field(ge=1)] | None = None


class FormFactor(Sourced):
    """A module shell: its host lanes and the SFF-8024 identifier it reports."""

    host_lanes: Annotated[int, Field(ge=1)]
    management: Literal["cmis", "sff8636"]
    """The memory map of its EEPROM: CMIS (8-lane and 100G-lane shells) or SFF-8636."""
    identifier: int | None = None
    name: str | None = None
    """The identifier's name in SFF-8024 (as SONiC's xcvrd prints it)."""


class Catalog(Frozen):
    """Both catalogues and their sources, cross-checked."""

    sources: dict[str, str]
    optics: dict[str, OpticType]
    connectors: dict[str, Connector]
    cable_assemblies: dict[str, CableAssembly]
    compatibility: tuple[CompatibilityRule, ...]
    speeds: tuple[Speed, ...]
    breakout_modes: dict[Breakout, BreakoutMode]
    form_factors: dict[str, FormFactor]
    cages: dict[str, Cage]
    platforms: dict[str, Platform]
    lane_signalling: LaneSignalling
    models: dict[str, Model]
    limits: dict[str, Limit]

    @model_validator(mode="before")
    @classmethod
    def _names_from_keys(cls, data: object) -> object:
        if isinstance(data, dict):
            for section in ("optics", "models"):
                for key, entry in (data.get(section) or {}).items():
                    if isinstance(entry, dict):
                        entry.setdefault("name", key)
        return data

    @model_validator(mode="after")
    def _check_references(self) -> Catalog:
        problems = list(self._reference_problems())
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _reference_problems(self) -> list[str]:
        problems: list[str] = []
        for name, optic in self.optics.items():
            if optic.connector not in self.connectors:
                problems.append(f"optics.{name}.connector: unknown connector {optic.connector!r}")
        for name, assembly in self.cable_assemblies.items():
            problems.extend(
                f"cable_assemblies.{name}: unknown connector {end!r}"
                for end in (assembly.a, assembly.z)
                if end not in self.connectors
            )
        for index, rule in enumerate(self.compatibility):
            problems.extend(
                f"compatibility[{index}]: unknown optic {optic!r}"
                for optic in (rule.a, rule.z)
                if optic not in self.optics
            )
            if rule.source is not None and rule.source not in self.sources:
                problems.append(f"compatibility[{index}]: unknown source {rule.source!r}")
        for name, model in self.models.items():
            if model.platform not in self.platforms:
                problems.append(f"models.{name}.platform: unknown platform {model.platform!r}")
            problems.extend(
                f"models.{name}: unknown cage {port_range.cage!r}"
                for port_range in model.ports
                if port_range.cage not in self.cages
            )
        problems.extend(
            f"{where}: unknown source {key!r}"
            for where, key in _source_keys(self)
            if key != UNVERIFIED and key not in self.sources
        )
        problems.extend(self._vocabulary_problems())
        return problems

    def _vocabulary_problems(self) -> list[str]:
        """Every speed, breakout mode and form factor named anywhere is one the catalogue has."""
        known: dict[str, set[str]] = {
            "speed": set(self.speeds),
            "breakout mode": set(self.breakout_modes),
            "form factor": set(self.form_factors),
        }
        problems = [
            f"{where}: unknown {kind} {value!r}"
            for where, kind, value in self._vocabulary_uses()
            if value not in known[kind]
        ]
        if Breakout.NONE not in known["breakout mode"]:
            problems.append("breakout_modes: the unbroken mode `none` is missing")
        return problems

    def _vocabulary_uses(self) -> list[tuple[str, str, str]]:
        """(where, kind, word) for every use of the vocabulary in the catalogue."""
        uses: list[tuple[str, str, str]] = [
            (f"breakout_modes.{key}.leg_speed", "speed", spec.leg_speed)
            for key, spec in self.breakout_modes.items()
            if spec.leg_speed is not None
        ]
        for key, optic in self.optics.items():
            uses.append((f"optics.{key}.speed", "speed", optic.speed))
            uses += [(f"optics.{key}.form_factors", "form factor", ff) for ff in optic.form_factors]
            uses += [(f"optics.{key}.breakouts", "breakout mode", m) for m in optic.breakouts]
            uses += [
                (f"optics.{key}.breakouts.{m}", "speed", app.leg_speed)
                for m, app in optic.breakouts.items()
            ]
        uses += [
            (f"cages.{key}.accepts", "form factor", ff)
            for key, cage in self.cages.items()
            for ff in cage.accepts
        ]
        uses += [
            (f"compatibility[{index}].breakout", "breakout mode", rule.breakout)
            for index, rule in enumerate(self.compatibility)
            if rule.breakout is not None
        ]
        for key, platform in self.platforms.items():
            uses += [(f"platforms.{key}.speed", "speed", s) for s in platform.speed]
            uses += [(f"platforms.{key}.breakout", "breakout mode", m) for m in platform.breakout]
        for key, model in self.models.items():
            if model.keywords is not None:
                uses += [
                    (f"models.{key}.keywords.breakout", "breakout mode", m)
                    for m in model.keywords.breakout
                ]
            for ports in model.ports:
                uses += [(f"models.{key}.speeds", "speed", s) for s in ports.speeds]
                uses += [(f"models.{key}.breakouts", "breakout mode", m) for m in ports.breakouts]
        return uses

    def breakout_mode(self, name: str) -> BreakoutMode | None:
        """The breakout mode of that name, or None."""
        return self.breakout_modes.get(Breakout(name))

    def limit(self, quantity: str) -> Limit:
        """The physical range of a quantity (``length_m``, ``rx_power_dbm``, ...).

        >>> load_catalog().limit("temperature_c").describe()
        '-128 .. 128 C'
        """
        return self.limits[quantity]

    def optic(self, name: str) -> OpticType | None:
        """The optic type of that catalogue name, or None."""
        return self.optics.get(name)

    @cached_property
    def _aliases(self) -> dict[str, str]:
        return {
            alias.casefold(): optic.name
            for optic in self.optics.values()
            for alias in (optic.name, *optic.aliases)
        }

    def optic_for_alias(self, text: str) -> OpticType | None:
        """The optic type a vendor string names (case-insensitive), or None.

        >>> load_catalog().optic_for_alias("qdd-400g-dr4").name
        '400GBASE-DR4'
        """
        name = self._aliases.get(text.strip().casefold())
        return self.optics.get(name) if name else None

    def model(self, name: str) -> Model | None:
        """The switch model of that name, or None."""
        return self.models.get(name)

    def cage_accepts(self, cage: str, optic: OpticType) -> bool:
        """Whether a module of that type physically fits a cage of that kind."""
        kind = self.cages.get(cage)
        return kind is not None and any(ff in kind.accepts for ff in optic.form_factors)

    def model_supports(self, model: Model, optic: OpticType) -> bool:
        """Whether the model's supported-optics list admits the optic type."""
        return any(fnmatch.fnmatchcase(optic.name, pattern) for pattern in model.supported_optics)

    def link_verdict(self, a: str, z: str) -> Verdict:
        """Whether an unbroken link with optic ``a`` at one end and ``z`` at the other works."""
        for rule in self.compatibility:
            if rule.breakout is None and {rule.a, rule.z} == {a, z}:
                return Verdict(rule.status, rule.note or "")
        return Verdict("incompatible", self._why_not(a, z))

    def leg_verdict(self, parent: str, mode: Breakout, leg: str) -> Verdict:
        """Whether a leg optic links with one leg of ``parent`` broken out in ``mode``."""
        for rule in self.compatibility:
            if rule.breakout is mode and rule.a == parent and rule.z == leg:
                return Verdict(rule.status, rule.note or "")
        return Verdict("incompatible", self._why_not(parent, leg))

    def supported_legs(self, parent: str, mode: Breakout) -> list[str]:
        """Leg optics documented to work with ``parent`` broken out in ``mode``."""
        return [
            rule.z
            for rule in self.compatibility
            if rule.breakout is mode and rule.a == parent and rule.status == "supported"
        ]

    def _why_not(self, a: str, z: str) -> str:
        one, two = self.optics[a], self.optics[z]
        if one.fiber != two.fiber:
            return f"{a} runs on {one.fiber}, {z} on {two.fiber}"
        if one.wavelength_plan != two.wavelength_plan:
            return f"{a} uses {_plan_words(one)}, {z} uses {_plan_words(two)}"
        if one.modulation != two.modulation:
            return f"{a} signals {one.modulation}, {z} {two.modulation}"
        if one.connector != two.connector:
            return f"{a} has {one.connector} optics, {z} has {two.connector}"
        return f"{a} and {z} are not a documented pairing"

    def default_fec(self, platform: str, optic: OpticType | None) -> Fec | None:
        """The FEC a port runs when its config names none (None: not known without the optic).

        The drivers (reading a config without a FEC line) and the lab (deciding whether a link
        comes up) both ask this, so they follow the same data.

        >>> catalog = load_catalog()
        >>> catalog.default_fec("cisco_nxos", catalog.optics["400GBASE-DR4"])
        <Fec.RS544: 'rs544'>
        >>> catalog.default_fec("cisco_nxos", catalog.optics["100GBASE-LR4"])
        <Fec.NONE: 'none'>
        """
        rule = self.platforms[platform].default_fec.follows
        if rule == "none":
            return Fec.NONE
        return optic.host_fec[0] if optic is not None else None

    def lane_modulation(
        self, optic: OpticType | None, *, gbps: float | None = None, lanes: int | None = None
    ) -> Modulation | None:
        """How a port's lanes signal: its optic's modulation, else its rate per lane.

        Without a lane count, 50G and speeds of 200G and up are PAM4 (no NRZ PMD runs them);
        other speeds are taken as NRZ.

        >>> catalog = load_catalog()
        >>> catalog.lane_modulation(None, gbps=400, lanes=8)
        'PAM4'
        >>> catalog.lane_modulation(None, gbps=100)
        'NRZ'
        >>> catalog.lane_modulation(None, gbps=100, lanes=2), catalog.lane_modulation(None) is None
        ('PAM4', True)
        """
        if optic is not None:
            return optic.modulation
        if gbps is None:
            return None
        threshold = self.lane_signalling.pam4_from_lane_gbps.value or 0.0
        if lanes:
            return "PAM4" if gbps / lanes >= threshold else "NRZ"
        return "PAM4" if gbps == threshold or gbps >= 4 * threshold else "NRZ"

    def fec_for_keyword(
        self,
        platform: str,
        keyword: str,
        *,
        optic: OpticType | None = None,
        modulation: Modulation | None = None,
    ) -> Fec | None:
        """The intent's FEC a platform keyword sets (None: not one of the platform's words).

        A keyword that names two codes (EOS ``reed-solomon``, SONiC ``rs``: RS(544,514) and
        RS(528,514)) means the one the optic takes, else the one of the lane modulation;
        without either it is not known.

        >>> catalog = load_catalog()
        >>> catalog.fec_for_keyword("sonic", "rs", modulation="PAM4")
        <Fec.RS544: 'rs544'>
        >>> catalog.fec_for_keyword("sonic", "rs", modulation="NRZ")
        <Fec.RS528: 'rs528'>
        >>> catalog.fec_for_keyword("sonic", "rs") is None, catalog.fec_for_keyword("sonic", "fc")
        (True, <Fec.FC: 'fc'>)
        """
        words = self.platforms[platform].fec
        wanted = keyword.strip().lower()
        matches = [fec for fec, entry in words.items() if (entry.keyword or "").lower() == wanted]
        if len(matches) <= 1:
            return matches[0] if matches else None
        if optic is not None:
            taken = [fec for fec in optic.host_fec if fec in matches]
            if taken:
                return taken[0]
            modulation = modulation or optic.modulation
        if modulation is not None:
            code = self.lane_signalling.rs_code[modulation].fec
            if code in matches:
                return code
        return None

    def assembly_for(self, a: OpticType, zs: list[OpticType]) -> str | None:
        """The cable assembly (``cable.connector``) that joins optic ``a`` to the ``zs``."""
        for name, assembly in self.cable_assemblies.items():
            if (
                assembly.a == a.connector
                and {z.connector for z in zs} == {assembly.z}
                and assembly.legs == sum(z.connectors for z in zs)
                and assembly.a_count == a.connectors
                and a.fiber in assembly.fibers
            ):
                return name
        return None

    def keyword(
        self,
        platform: str,
        setting: Literal["speed", "breakout"],
        value: str,
        *,
        lanes: int | None = None,
        model: str | None = None,
    ) -> Keyword | None:
        """The platform's (or the model's) entry for a speed or breakout mode, or None.

        A speed a platform names per lane count (EOS ``400g-8`` and ``400g-4``) takes the entry
        of ``lanes``; without it, or with no entry for it, the first one listed.

        >>> catalog = load_catalog()
        >>> catalog.keyword("arista_eos", "speed", "400G", lanes=4).keyword
        'speed 400g-4'
        >>> catalog.keyword("arista_eos", "speed", "400G").keyword
        'speed 400g-8'
        >>> catalog.keyword("sonic", "breakout", "none", model="MSN5600").keyword
        '1x800G[400G,200G,100G,50G,40G,25G,10G]'
        """
        if setting == "breakout":
            mode = Breakout(value)
            found = self.models.get(model or "")
            own = found.keywords.breakout.get(mode) if found and found.keywords else None
            return own or self.platforms[platform].breakout.get(mode)
        entries = self.platforms[platform].speed.get(value, ())
        exact = [entry for entry in entries if lanes is not None and entry.lanes == lanes]
        chosen = exact or list(entries)
        return chosen[0] if chosen else None

    def speed_of_keyword(self, platform: str, word: str) -> tuple[Speed, int | None] | None:
        """The speed (and host lanes) a platform's speed keyword sets, or None.

        >>> load_catalog().speed_of_keyword("arista_eos", "speed 800g-8")
        ('800G', 8)
        """
        wanted = " ".join(word.lower().split())
        for speed, entries in self.platforms[platform].speed.items():
            for entry in entries:
                if entry.keyword is not None and entry.keyword.lower() == wanted:
                    return speed, entry.lanes
        return None

    def interface_lanes(self, cage: str, mode: Breakout) -> int:
        """Host lanes of each interface of a cage of that kind broken out in ``mode``.

        >>> catalog = load_catalog()
        >>> catalog.interface_lanes("OSFP800", Breakout("2x400G")), catalog.interface_lanes(
        ...     "QSFP-DD", Breakout.NONE)
        (4, 8)
        """
        host = int(self.cages[cage].host_lanes.value or 1)
        spec = self.breakout_modes[mode]
        return min(spec.lanes_per_leg or host, host) if spec.legs > 1 else host

    def alternatives_for_reach(self, optic: OpticType, length_m: float) -> list[OpticType]:
        """Optics that can replace ``optic`` on a run of ``length_m`` (same speed and form)."""
        return sorted(
            (
                other
                for other in self.optics.values()
                if other.speed == optic.speed
                and other.max_reach_m >= length_m
                and set(other.form_factors) & set(optic.form_factors)
                and other.breakouts.keys() >= optic.breakouts.keys()
            ),
            key=lambda other: other.max_reach_m,
        )


def _plan_words(optic: OpticType) -> str:
    return {
        "1311": "one 1311 nm wavelength per fibre pair",
        "cwdm4": "four CWDM wavelengths",
        "lwdm4": "four LAN-WDM wavelengths",
        "850": "850 nm multimode",
        "copper": "copper",
    }[optic.wavelength_plan]


def _source_keys(node: object, where: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, Sourced):
        found.append((where, node.source))
    if isinstance(node, Frozen):
        for field in type(node).model_fields:
            found.extend(_source_keys(getattr(node, field), f"{where}.{field}".lstrip(".")))
    elif isinstance(node, dict):
        for key, value in node.items():
            found.extend(_source_keys(value, f"{where}.{key}".lstrip(".")))
    elif isinstance(node, tuple | list):
        for index, value in enumerate(node):
            found.extend(_source_keys(value, f"{where}[{index}]"))
    return found


DATA_FILES = ("sources.yaml", "optics.yaml", "platforms.yaml", "limits.yaml")


def read_data_file(name: str) -> dict[str, object]:
    """Load one catalogue YAML file shipped in the package."""
    text = resources.files("nornir_optics").joinpath("data", name).read_text(encoding="utf-8")
    loaded = YAML(typ="safe", pure=True).load(text)
    if not isinstance(loaded, dict):
        msg = f"{name}: expected a mapping at the top"
        raise CatalogError(msg)
    return loaded


@cache
def load_catalog() -> Catalog:
    """Load and validate the catalogues shipped in the package (once per process)."""
    merged: dict[str, object] = {}
    for name in DATA_FILES:
        merged.update(read_data_file(name))
    try:
        return Catalog.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        msg = f"catalogue: {where}: {first['msg']}"
        raise CatalogError(msg) from exc


def speed_gbps(speed: str) -> int:
    """The rate of a speed word of the catalogue, in Gb/s.

    >>> speed_gbps("800G"), speed_gbps("25G")
    (800, 25)
    """
    return int(speed.upper().removesuffix("G"))


def one_of(value: str, known: Iterable[str]) -> str:
    """``must be 'a', 'b' or 'c', not 'x'`` (with a did-you-mean), for a word outside a vocabulary.

    >>> one_of("4x100g", ["none", "4x100G", "2x200G"])
    "must be 'none', '4x100G' or '2x200G', not '4x100g' (did you mean '4x100G'?)"
    """
    words = list(known)
    listed = ", ".join(repr(word) for word in words[:-1]) + f" or {words[-1]!r}"
    folded = {word.casefold(): word for word in words}
    near = [folded[value.casefold()]] if value.casefold() in folded else []
    if not near:
        ratios = sorted(
            ((difflib.SequenceMatcher(None, value, word).ratio(), word) for word in words),
            reverse=True,
        )
        unique = len(ratios) == 1 or ratios[0][0] > ratios[1][0]
        near = [ratios[0][1]] if ratios and unique and ratios[0][0] >= 0.75 else []  # noqa: PLR2004
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"must be {listed}, not {value!r}{hint}"


def platform_key(name: str | None) -> str | None:
    """The platform key (netutils' name) of a Nornir, NAPALM, Netmiko, Ansible or SoT platform name.

    Names are looked up as given, lower-cased, and with ``-`` read as ``_`` (NetBox and Nautobot
    slugs), in netutils' NAPALM, Netmiko and Ansible mappers (``netutils.lib_mapper``); a name
    none of them knows comes back normalised (``sonic``).

    >>> platform_key("eos"), platform_key("nxos_ssh"), platform_key("sonic"), platform_key(None)
    ('arista_eos', 'cisco_nxos', 'sonic', None)
    >>> platform_key("arista-eos"), platform_key("nxos"), platform_key("Juniper_Junos")
    ('arista_eos', 'cisco_nxos', 'juniper_junos')
    """
    if name is None:
        return None
    text = name.strip()
    candidates = dict.fromkeys((text, text.lower(), text.lower().replace("-", "_")))
    for candidate in candidates:
        for mapper in (NAPALM_LIB_MAPPER, NETMIKO_LIB_MAPPER, ANSIBLE_LIB_MAPPER):
            found = mapper.get(candidate)
            if found is not None:
                return found
    return text.lower().replace("-", "_")
