"""A fabric: the managed devices, the intent checked against them, its links resolved."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netutils.interface import canonical_interface_name
from pydantic import ValidationError

from nornir_optics.catalog import (
    CableAssembly,
    CagePort,
    Catalog,
    OpticType,
    breakout_legs,
    load_catalog,
)
from nornir_optics.devices import Device, ManagedDevices, devices_from_nornir, load_devices
from nornir_optics.exceptions import InputError
from nornir_optics.intent import KNOWN_KEYS, End, Intent, Link
from nornir_optics.models import Breakout, Fec
from nornir_optics.yamlfile import (
    DEFAULT_MAX_MB,
    Path_,
    YamlDocument,
    format_path,
    load_yaml,
    validation_problems,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from nornir.core.inventory import Inventory as NornirInventory


@dataclass(frozen=True, slots=True)
class PlanEnd:
    """One end of a planned link, resolved: where it is, which optic, which FEC it should run."""

    device: str
    interface: str
    managed: Device | None
    cage: CagePort | None
    optic: OpticType
    fec: Fec
    fec_explicit: bool
    where: Path_

    @property
    def ref(self) -> str:
        """``device:port`` as the tool reports it."""
        return f"{self.device}:{self.interface}"


@dataclass(frozen=True, slots=True)
class PlanLink:
    """A link of the intent with both ends resolved."""

    index: int
    link: Link
    a: PlanEnd
    z: tuple[PlanEnd, ...]
    assembly: CableAssembly

    @property
    def where(self) -> Path_:
        """Location of the link in the intent file."""
        return ("links", self.index)

    def leg_port(self, leg: int) -> str:
        """Name of the a-end port that feeds leg ``leg`` (1-based), as its platform names it."""
        if self.link.breakout is Breakout.NONE or self.a.managed is None:
            return self.a.interface
        name = self.a.managed.model.layout.leg_name(self.a.interface, self.link.breakout, leg)
        return name or self.a.interface


@dataclass(frozen=True, slots=True)
class Fabric:
    """Everything a plan audit needs, validated."""

    managed: ManagedDevices
    intent: Intent
    document: YamlDocument
    catalog: Catalog
    links: tuple[PlanLink, ...]

    def line(self, where: Path_) -> int:
        """Line of a location of the intent file."""
        return self.document.line(where)


def load_fabric(
    inventory_dir: Path, intent_path: Path | None = None, *, max_intent_mb: float = DEFAULT_MAX_MB
) -> Fabric:
    """Load an inventory folder and its intent; raise InputError with one line per problem.

    A thin wrapper of :func:`load_fabric_from_nornir` for a SimpleInventory folder: problems in
    ``hosts.yaml`` name their line.
    """
    managed = load_devices(inventory_dir, load_catalog())
    return load_intent(intent_path or inventory_dir / "intent.yaml", managed, max_mb=max_intent_mb)


def load_fabric_from_nornir(
    inventory: NornirInventory,
    intent_path: Path,
    *,
    model: str | None = None,
    max_intent_mb: float = DEFAULT_MAX_MB,
    problem: Callable[[Path_, str], str] | None = None,
) -> Fabric:
    """A fabric from any Nornir inventory (SimpleInventory, NautobotInventory, NetBox, ...).

    Arguments:
        inventory: the loaded Nornir inventory (``nr.inventory``)
        intent_path: the intent file
        model: dotted data key of each host's catalogue model (default: ``model``, then
            ``device_type.model`` as nornir_netbox has it, then
            ``pynautobot_dictionary.device_type.model`` as nornir_nautobot has it)
        max_intent_mb: refuse a larger intent file
        problem: how an inventory problem is located (``file:line`` for a hosts.yaml)

    Platforms are accepted under their Netmiko, NAPALM, netutils or slug names.
    """
    managed = devices_from_nornir(
        inventory, load_catalog(), model_key=model, problem=problem, directory=intent_path.parent
    )
    return load_intent(intent_path, managed, max_mb=max_intent_mb)


def load_intent(
    intent_path: Path, managed: ManagedDevices, *, max_mb: float = DEFAULT_MAX_MB
) -> Fabric:
    """Load an intent file (at most ``max_mb`` MB) against managed devices already known."""
    catalog = load_catalog()
    document = load_yaml(intent_path, max_mb=max_mb)
    if not isinstance(document.data, dict):
        raise InputError(
            [document.problem((), "the intent must be a mapping with version and links")]
        )
    try:
        intent = Intent.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(validation_problems(document, exc, KNOWN_KEYS)) from None
    document = document.without_data()  # the models hold it now
    resolver = _Resolver(catalog, managed, intent, document)
    links = resolver.resolve()
    if resolver.problems:
        raise InputError(resolver.problems)
    return Fabric(managed, intent, document, catalog, links)


class _Resolver:
    """Checks the references of a schema-valid intent and resolves them."""

    def __init__(
        self, catalog: Catalog, managed: ManagedDevices, intent: Intent, document: YamlDocument
    ) -> None:
        self.catalog = catalog
        self.managed = managed
        self.intent = intent
        self.document = document
        self.problems: list[str] = []
        self._used: dict[tuple[str, str], Path_] = {}
        self._folded = {name.casefold(): name for name in managed.devices}

    def complain(self, where: Path_, text: str) -> None:
        self.problems.append(self.document.problem(where, text))

    def resolve(self) -> tuple[PlanLink, ...]:
        resolved = []
        for index, link in enumerate(self.intent.links):
            plan = self._link(index, link)
            if plan is not None:
                resolved.append(plan)
        return tuple(resolved)

    def _optic(self, name: str, where: Path_) -> OpticType | None:
        optic = self.catalog.optic(name)
        if optic is None:
            near = difflib.get_close_matches(name, list(self.catalog.optics), n=1, cutoff=0.5)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            self.complain(where, f"{format_path(where)}: unknown optic type {name!r}{hint}")
        return optic

    def _link(self, index: int, link: Link) -> PlanLink | None:
        here: Path_ = ("links", index)
        optic = self._optic(link.optic, (*here, "optic"))
        assembly = self.catalog.cable_assemblies.get(link.cable.connector)
        if assembly is None:
            known = ", ".join(self.catalog.cable_assemblies)
            self.complain(
                (*here, "cable", "connector"),
                f"{format_path((*here, 'cable', 'connector'))} must be one of {known}, "
                f"not {link.cable.connector!r}",
            )
        legs = breakout_legs(link.breakout)
        if len(link.z) != legs:
            wanted = (
                f"breakout {link.breakout.value} needs {legs}"
                if legs > 1
                else "an unbroken link has 1"
            )
            self.complain(
                (*here, "z"),
                f"{format_path((*here, 'z'))} has {len(link.z)} far end(s); {wanted}",
            )
        a = self._end(link.a, optic, (*here, "a"), link, is_leg=False)
        zs = [
            self._end(
                end,
                optic,
                (*here, "z", number) if len(link.z) > 1 else (*here, "z"),
                link,
                is_leg=link.breakout is not Breakout.NONE,
            )
            for number, end in enumerate(link.z)
        ]
        if (
            a is not None
            and a.managed is None
            and all(z is not None and z.managed is None for z in zs)
        ):
            managed = ", ".join(sorted(self.managed.devices)) or "none"
            self.complain(
                here, f"{format_path(here)}: neither end is a managed device (managed: {managed})"
            )
        if optic is None or assembly is None or a is None or any(z is None for z in zs):
            return None
        return PlanLink(index, link, a, tuple(z for z in zs if z is not None), assembly)

    def _end(
        self, end: End, link_optic: OpticType | None, where: Path_, link: Link, *, is_leg: bool
    ) -> PlanEnd | None:
        optic = link_optic
        if end.optic is not None:
            optic = self._optic(end.optic, (*where, "optic"))
        elif is_leg:
            self.complain(where, f"{format_path(where)}: a breakout leg needs its own optic")
            return None
        name = sys.intern(end.device)
        device = self.managed.get(name)
        if device is None and name.casefold() in self._folded:
            self.complain(
                where,
                f"{format_path(where)}: no managed device {name!r} "
                f"(did you mean {self._folded[name.casefold()]!r}? names are case-sensitive)",
            )
            return None
        interface = sys.intern(end.interface)
        cage = None
        if device is not None:
            interface, cage = self._port(device, end.interface, where)
            if cage is None:
                return None
        key = (name, interface)
        if key in self._used:
            first = self._used[key]
            self.complain(
                where,
                f"{format_path(where)}: {name}:{interface} is already used by "
                f"{format_path(first)} (line {self.document.line(first)})",
            )
        else:
            self._used[key] = where
        if optic is None:
            return None
        explicit = end.fec or link.fec
        if explicit is not None:
            fec = explicit
        elif self.intent.policy.fec in optic.host_fec:
            fec = self.intent.policy.fec
        else:
            fec = optic.host_fec[0]
        return PlanEnd(
            device=name,
            interface=interface,
            managed=device,
            cage=cage,
            optic=optic,
            fec=fec,
            fec_explicit=explicit is not None,
            where=where,
        )

    def _port(self, device: Device, name: str, where: Path_) -> tuple[str, CagePort | None]:
        layout = device.model.layout
        for candidate in (name, canonical_interface_name(name)):
            cage = layout.cage(candidate)
            if cage is not None:
                return cage.name, cage
        located = layout.locate(name) or layout.locate(canonical_interface_name(name))
        if located is not None:
            parent, mode, leg = located
            self.complain(
                where,
                f"{format_path(where)}: {device.name}:{name} is leg {leg} of {parent.name} "
                f"in {mode.value} breakout; links name the cage port ({device.name}:{parent.name})",
            )
        else:
            first, last = layout.first_and_last()
            self.complain(
                where,
                f"{format_path(where)}: {device.name} ({device.model.name}) has no port {name!r} "
                f"(ports run {first} … {last})",
            )
        return name, None
