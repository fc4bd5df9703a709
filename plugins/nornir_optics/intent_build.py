"""Plans made from what exists: the gathered state (as built), and intent-remedy findings accepted.

Both give links in the intent's own shape, merged into the file by
:func:`nornir_optics.intent_write.merge_links`.

As built (:func:`as_built_links`): a link for every LLDP adjacency between two managed devices
(each pair once, ``a`` the device listed first in the inventory), on the cage ports the
neighbours name; the optic each end has installed (the far end's ``optic`` written only when
it differs), the breakout mode the cage runs, ``admin: down`` where the port is shut, and a
cable of the fibre the optics use, the assembly that joins them, and an unknown length
(``null``, ``# TODO length``) unless the file already knows it. Ports without a managed LLDP
neighbour are not guessed at.

Accepted (:func:`accepted_links`): the change an intent-remedy finding asks for, applied to
its link: ``reach-exceeded`` takes the shortest-reaching optic of the catalogue that covers
the run (``400G-XDR4`` for 650 m of DR4), ``fec-mismatch`` the FEC the optic needs,
``cable-mismatch`` the cable assembly the optics need. Any other finding is refused, with its
action, because only a person can decide it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nornir_optics.exceptions import InputError
from nornir_optics.intent_write import plain
from nornir_optics.models import RemedyKind

if TYPE_CHECKING:
    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric, PlanLink
    from nornir_optics.findings import Finding

LinkData = dict[str, Any]


def _cage(fabric: Fabric, device: str, port: str) -> str | None:
    managed = fabric.managed.get(device)
    if managed is None:
        return None
    layout = managed.model.layout
    cage = layout.cage(port)
    if cage is not None:
        return cage.name
    located = layout.locate(port)
    return located[0].name if located is not None else None


def _optic(fleet: Fleet, device: str, cage: str) -> str | None:
    module = (fleet.facts.get(device, {}).get("transceivers") or {}).get(cage)
    if not module or not module.get("present"):
        return None
    return module.get("media_type")


def _port(fleet: Fleet, device: str, name: str) -> dict[str, Any]:
    return dict((fleet.facts.get(device, {}).get("ports") or {}).get(name) or {})


def _known_lengths(fabric: Fabric) -> dict[frozenset[str], float]:
    lengths: dict[frozenset[str], float] = {}
    for link in fabric.links:
        if link.link.cable.length_m is not None and len(link.z) == 1:
            ends = frozenset({link.a.ref, link.z[0].ref})
            lengths[ends] = link.link.cable.length_m
    return lengths


def as_built_links(fabric: Fabric, fleet: Fleet, order: list[str]) -> list[LinkData]:
    """Links of the gathered state (see the module docstring); ``order``: the inventory's."""
    catalog = fabric.catalog
    rank = {name: number for number, name in enumerate(order)}
    lengths = _known_lengths(fabric)
    seen: set[frozenset[str]] = set()
    links: list[LinkData] = []
    for device in sorted(fleet.facts, key=lambda name: rank.get(name, len(rank))):
        for name, port in sorted((fleet.facts[device].get("ports") or {}).items()):
            neighbor = port.get("neighbor")
            if not neighbor or neighbor["system"] not in fleet.facts:
                continue
            here = _cage(fabric, device, name)
            there = _cage(fabric, neighbor["system"], neighbor["port"])
            if here is None or there is None:
                continue
            a, z = f"{device}:{here}", f"{neighbor['system']}:{there}"
            if frozenset({a, z}) in seen:
                continue
            seen.add(frozenset({a, z}))
            a_optic = _optic(fleet, device, here)
            z_optic = _optic(fleet, neighbor["system"], there)
            a_type = catalog.optic(a_optic) if a_optic else None
            z_type = catalog.optic(z_optic) if z_optic else None
            if a_type is None or z_type is None:
                continue
            cage_port = _port(fleet, device, here)
            link: LinkData = {
                "a": a,
                "z": z if z_optic == a_optic else {"port": z, "optic": z_optic},
                "optic": a_optic,
            }
            if cage_port.get("breakout") and cage_port["breakout"] != "none":
                link["breakout"] = cage_port["breakout"]
            if cage_port.get("admin") == "down":
                link["admin"] = "down"
            link["cable"] = {
                "fiber": a_type.fiber,
                "connector": catalog.assembly_for(a_type, [z_type]) or a_type.connector,
                "length_m": lengths.get(frozenset({a, z})),
            }
            links.append(link)
    return links


def link_of(fabric: Fabric, item: Finding) -> PlanLink | None:
    """The link of the plan a finding is about (its port at either end, or a breakout leg)."""
    for link in fabric.links:
        for end in (link.a, *link.z):
            if end.device == item.device and end.interface == item.port:
                return link
        for leg in range(1, len(link.z) + 1):
            if link.a.device == item.device and link.leg_port(leg) == item.port:
                return link
    return None


def _document_link(fabric: Fabric, link: PlanLink) -> LinkData:
    """The link as the intent holds it, in plain data (from the models)."""
    del fabric
    data = link.link.model_dump(mode="json", exclude_defaults=True)
    data["a"] = link.link.a.port if set(data["a"]) == {"port"} else data["a"]
    zs = [end if set(end) != {"port"} else end["port"] for end in data["z"]]
    data["z"] = zs[0] if len(zs) == 1 and isinstance(zs[0], str) else zs
    data["cable"] = link.link.cable.model_dump(mode="json", exclude_defaults=True)
    data["cable"].setdefault("length_m", link.link.cable.length_m)
    return plain(data)  # type: ignore[no-any-return]


def accepted_links(fabric: Fabric, items: list[Finding]) -> tuple[list[LinkData], list[str]]:
    """The links the accepted findings change, and what each acceptance does."""
    catalog = fabric.catalog
    changed: dict[int, LinkData] = {}
    said: list[str] = []
    refused: list[str] = []
    for item in items:
        link = link_of(fabric, item)
        if item.remedy.kind is not RemedyKind.INTENT or link is None:
            refused.append(
                f"{item.id} ({item.category} on {item.device}:{item.port}) is not an intent "
                f"change: {item.remedy.action}"
            )
            continue
        data = changed.setdefault(link.index, _document_link(fabric, link))
        if item.category == "reach-exceeded" and link.link.cable.length_m is not None:
            options = catalog.alternatives_for_reach(link.a.optic, link.link.cable.length_m)
            if not options:
                refused.append(f"{item.id}: no optic of the catalogue reaches that far")
                continue
            data["optic"] = options[0].name
            said.append(f"{item.id}: {link.a.ref} optic {link.a.optic.name} -> {options[0].name}")
        elif item.category == "fec-mismatch" and isinstance(item.expected, str):
            data["fec"] = item.expected
            said.append(f"{item.id}: {link.a.ref} fec -> {item.expected}")
        elif item.category == "cable-mismatch" and isinstance(item.expected, str):
            data["cable"]["connector"] = item.expected
            said.append(f"{item.id}: {link.a.ref} cable.connector -> {item.expected}")
        else:
            refused.append(
                f"{item.id} ({item.category}) needs a person's decision: {item.remedy.action}"
            )
    if refused:
        raise InputError(refused)
    return list(changed.values()), said
