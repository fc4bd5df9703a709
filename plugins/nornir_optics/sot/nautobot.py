"""Nautobot as the source of truth: the fabric loaded into it, plans read from it, gathers recorded.

The model (docs/sources-of-truth.md has the full table):

* a managed switch is a Device with its Platform (``network_driver`` the netutils name, which
  nornir_nautobot makes the host's platform), DeviceType (``model`` a catalogue model), Role
  and the tag ``optics`` (what ``filter_parameters: {tag: [optics]}`` selects); its SSH port and
  NAPALM options live in the custom field ``optics_connection`` (JSON: ``port``,
  ``connection_options``, read by ``optics_defaults`` with
  ``connection_key: pynautobot_dictionary.custom_fields.optics_connection``); its address is the
  primary IPv4 of a ``mgmt0`` interface;
* a port of the plan is an Interface (``enabled: false`` for ``admin: down``); a breakout's
  legs are the interfaces the platform names (``Ethernet1/1``, ``Ethernet1/3``, ... on EOS;
  ``et-0/0/0:0`` ... on Junos), each cabled, their type the leg speed (``100gbase-x-qsfp28``
  for 4x100G, ``200gbase-x-qsfp56`` for 2x200G, ``50gbase-x-sfp56`` for 8x50G); the import
  finds the cage and leg from the model's port naming (Nautobot allows child interfaces only
  for virtual ones, which cannot be cabled);
* the planned optic is a Module in a ModuleBay named as the port: its ModuleType's ``model`` is
  the catalogue optic type (``400GBASE-DR4``); a far end (server, storage) is a Device too, with
  the module of its NIC;
* a link is a Cable (one per leg of a breakout): ``type`` the fibre (``smf``), ``label`` the
  cable assembly (``mpo12-apc``), ``length`` in ``m`` (whole metres: Nautobot stores an
  integer), status ``Planned`` for ``state: planned``;
* what a gather finds is an InventoryItem per module, named as its port: ``manufacturer``,
  ``part_id``, ``serial``, ``description`` the media type, custom field ``optics_firmware``,
  ``discovered: true``.

pynautobot is imported only here, and only when used (``pip install nornir-optics[nautobot]``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nornir_optics.catalog import breakout_leg_speed, load_catalog
from nornir_optics.exceptions import InputError
from nornir_optics.models import Breakout
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.catalog import Catalog, Model
    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric, PlanEnd, PlanLink

TAG = "optics"
PAGE = 1000
CONNECTION_FIELD = "optics_connection"
FIRMWARE_FIELD = "optics_firmware"
SERVER_TYPE = "server"
GENERIC = "Generic"
CAGE_TYPES = {
    "QSFP-DD": "400gbase-x-qsfpdd",
    "OSFP": "400gbase-x-osfp",
    "QSFP112": "400gbase-x-qsfp112",
    "QSFP28": "100gbase-x-qsfp28",
}
LEG_TYPES = {"100G": "100gbase-x-qsfp28", "200G": "200gbase-x-qsfp56", "50G": "50gbase-x-sfp56"}
LEG_SPEEDS = {value: key for key, value in LEG_TYPES.items()}
FIBRE_TYPES = {"smf": "smf", "mmf": "mmf", "copper": "dac-passive"}
LinkData = dict[str, Any]


def connect(url: str, token_env: str) -> Any:
    """A pynautobot API for ``url``, the token read from the environment variable ``token_env``."""
    token = os.environ.get(token_env)
    if not token:
        msg = f"--token-env {token_env}: the variable is not set (it holds the Nautobot API token)"
        raise InputError([msg])
    try:
        import pynautobot  # noqa: PLC0415 - an optional dependency
    except ImportError:
        msg = "Nautobot needs pynautobot: pip install 'nornir-optics[nautobot]'"
        raise InputError([msg]) from None
    return pynautobot.api(url, token=token)


def api_error(exc: BaseException) -> InputError:
    """A Nautobot API failure as one line (the token is never part of it)."""
    text = str(exc).strip().splitlines()
    return InputError([f"Nautobot: {type(exc).__name__}: {text[0][:300] if text else ''}"])


@dataclass
class _Ids:
    """Objects created or found, by name, so each is asked for once."""

    api: Any
    cache: dict[tuple[str, str], Any] = field(default_factory=dict)

    def get_or_create(self, endpoint: Any, key: str, lookup: dict[str, Any], **extra: Any) -> Any:
        """The object of ``endpoint`` matching ``lookup``, created with ``extra`` when absent."""
        cache_key = (str(endpoint.url), key)
        if cache_key not in self.cache:
            found = endpoint.get(**lookup)
            self.cache[cache_key] = found or endpoint.create(**lookup, **extra)
        return self.cache[cache_key]


def _custom_field(ids: _Ids, key: str, kind: str, content_types: list[str]) -> None:
    cache_key = ("custom-field", key)
    if cache_key in ids.cache:
        return
    endpoint = ids.api.extras.custom_fields
    found = next((cf for cf in endpoint.all() if getattr(cf, "key", None) == key), None)
    ids.cache[cache_key] = found or endpoint.create(
        key=key, label=key.replace("_", " "), type=kind, content_types=content_types
    )


def _role(ids: _Ids, name: str) -> Any:
    return ids.get_or_create(
        ids.api.extras.roles, f"role:{name}", {"name": name}, content_types=["dcim.device"]
    )


@dataclass
class _Plan:
    """Every object the fabric needs in Nautobot, collected first, then created in bulk."""

    fabric: Fabric
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    interfaces: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    modules: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    cables: list[tuple[tuple[str, str], tuple[str, str], PlanLink]] = field(default_factory=list)

    def interface(self, end: PlanEnd, name: str, kind: str | None, *, enabled: bool) -> None:
        cage_kind = end.cage.range.cage if end.cage is not None else None
        self.devices.setdefault(end.device, {})
        self.interfaces.setdefault(
            (end.device, name),
            {"type": kind or CAGE_TYPES.get(str(cage_kind), "other"), "enabled": enabled},
        )

    def link(self, link: PlanLink) -> None:
        planned, enabled = link.link.planned, not link.link.shut
        self.modules[(link.a.device, link.a.interface)] = (link.a.optic.name, planned)
        kind = None
        if link.link.breakout is not Breakout.NONE:
            kind = LEG_TYPES[str(breakout_leg_speed(link.link.breakout))]
        for number, far in enumerate(link.z, start=1):
            near = link.leg_port(number) if kind else link.a.interface
            self.interface(link.a, near, kind, enabled=enabled)
            self.interface(far, far.interface, None, enabled=enabled)
            self.modules[(far.device, far.interface)] = (far.optic.name, planned)
            self.cables.append(((link.a.device, near), (far.device, far.interface), link))


@dataclass
class _Loader:
    """Puts a fabric into Nautobot: shared objects one by one, the rest in bulk."""

    ids: _Ids
    fabric: Fabric
    hosts: dict[str, dict[str, Any]]
    site: str

    @property
    def api(self) -> Any:
        return self.ids.api

    def status(self, name: str) -> str:
        return str(
            self.ids.get_or_create(self.api.extras.statuses, f"status:{name}", {"name": name}).id
        )

    def base(self) -> None:
        api = self.api
        self.ids.get_or_create(api.extras.tags, "tag", {"name": TAG}, content_types=["dcim.device"])
        _custom_field(self.ids, CONNECTION_FIELD, "json", ["dcim.device"])
        _custom_field(self.ids, FIRMWARE_FIELD, "text", ["dcim.inventoryitem"])
        kind = self.ids.get_or_create(
            api.dcim.location_types, "site-type", {"name": "Site"}, content_types=["dcim.device"]
        )
        self.location = self.ids.get_or_create(
            api.dcim.locations,
            "site",
            {"name": self.site},
            location_type=kind.id,
            status=self.status("Active"),
        )
        namespace = api.ipam.namespaces.get(name="Global")
        self.ids.get_or_create(
            api.ipam.prefixes,
            "loopback",
            {"prefix": "127.0.0.0/8", "namespace": namespace.id},
            status=self.status("Active"),
            type="network",
        )
        self.address = self.ids.get_or_create(
            api.ipam.ip_addresses,
            "localhost",
            {"address": "127.0.0.1/32", "namespace": namespace.id},
            status=self.status("Active"),
            type="host",
        )

    def _device_spec(self, name: str) -> dict[str, Any]:
        api = self.api
        spec: dict[str, Any] = {
            "name": name,
            "location": self.location.id,
            "status": self.status("Active"),
        }
        managed = self.fabric.managed.get(name)
        if managed is None:
            maker = self.ids.get_or_create(api.dcim.manufacturers, GENERIC, {"name": GENERIC})
            kind = self.ids.get_or_create(
                api.dcim.device_types, SERVER_TYPE, {"model": SERVER_TYPE}, manufacturer=maker.id
            )
            return {**spec, "device_type": kind.id, "role": _role(self.ids, SERVER_TYPE).id}
        host = self.hosts.get(name, {})
        vendor = self.fabric.catalog.platforms[managed.platform].vendor
        maker = self.ids.get_or_create(api.dcim.manufacturers, vendor, {"name": vendor})
        kind = self.ids.get_or_create(
            api.dcim.device_types,
            managed.model.name,
            {"model": managed.model.name},
            manufacturer=maker.id,
        )
        platform = self.ids.get_or_create(
            api.dcim.platforms,
            managed.platform,
            {"name": managed.platform},
            network_driver=managed.platform,
        )
        connection = {key: host[key] for key in ("port", "connection_options") if key in host}
        role = str((host.get("data") or {}).get("role") or "switch")
        return {
            **spec,
            "device_type": kind.id,
            "role": _role(self.ids, role).id,
            "platform": platform.id,
            "tags": [{"name": TAG}],
            "custom_fields": {CONNECTION_FIELD: connection} if connection else {},
        }

    def load(self, plan: _Plan) -> dict[str, int]:
        api = self.api
        names = list(dict.fromkeys([*self.fabric.managed.devices, *plan.devices]))
        created = api.dcim.devices.create([self._device_spec(name) for name in names])
        device_id = {str(d.name): d.id for d in created}
        managed = [name for name in names if name in self.fabric.managed.devices]
        active = self.status("Active")
        mgmt = api.dcim.interfaces.create(
            [
                {"device": device_id[n], "name": "mgmt0", "type": "virtual", "status": active}
                for n in managed
            ]
        )
        api.ipam.ip_address_to_interface.create(
            [{"ip_address": self.address.id, "interface": m.id} for m in mgmt]
        )
        api.dcim.devices.update(
            [{"id": device_id[n], "primary_ip4": self.address.id} for n in managed]
        )
        ports = api.dcim.interfaces.create(
            [
                {"device": device_id[d], "name": n, "status": active, **spec}
                for (d, n), spec in plan.interfaces.items()
            ]
        )
        by_device = {value: key for key, value in device_id.items()}
        port_id = {(by_device[_id(p.device)], str(p.name)): p.id for p in ports}
        bays = api.dcim.module_bays.create(
            [{"parent_device": device_id[d], "name": n} for d, n in plan.modules]
        )
        bay_id = {(by_device[_id(b.parent_device)], str(b.name)): b.id for b in bays}
        maker = self.ids.get_or_create(api.dcim.manufacturers, GENERIC, {"name": GENERIC})
        api.dcim.modules.create(
            [
                {
                    "module_type": self.ids.get_or_create(
                        api.dcim.module_types,
                        f"optic:{optic}",
                        {"model": optic},
                        manufacturer=maker.id,
                    ).id,
                    "parent_module_bay": bay_id[key],
                    "status": self.status("Planned" if planned else "Active"),
                }
                for key, (optic, planned) in plan.modules.items()
            ]
        )
        api.dcim.cables.create(
            [self._cable(port_id, near, far, link) for near, far, link in plan.cables]
        )
        return {"devices": len(names), "interfaces": len(ports), "cables": len(plan.cables)}

    def _cable(
        self,
        port_id: dict[tuple[str, str], Any],
        near: tuple[str, str],
        far: tuple[str, str],
        link: PlanLink,
    ) -> dict[str, Any]:
        cable = link.link.cable
        length = (
            {"length": round(cable.length_m), "length_unit": "m"}
            if cable.length_m is not None
            else {}
        )
        return {
            "termination_a_type": "dcim.interface",
            "termination_a_id": port_id[near],
            "termination_b_type": "dcim.interface",
            "termination_b_id": port_id[far],
            "status": self.status("Planned" if link.link.planned else "Connected"),
            "type": FIBRE_TYPES[cable.fiber],
            "label": cable.connector,
            **length,
        }


def load_fabric_into_nautobot(
    api: Any,
    fabric: Fabric,
    hosts: dict[str, dict[str, Any]] | None = None,
    *,
    site: str = "dc1",
) -> dict[str, int]:
    """Create the fabric's devices, ports, planned optics and cables in an empty Nautobot.

    Arguments:
        api: a pynautobot API (its token may write)
        fabric: the inventory and intent (``load_fabric``)
        hosts: SimpleInventory hosts (a served lab's ``hosts.yaml``): each managed device's
            ``port`` and ``connection_options`` go into its ``optics_connection`` field
        site: the Location the devices stand in
    """
    plan = _Plan(fabric)
    for link in fabric.links:
        plan.link(link)
    loader = _Loader(_Ids(api), fabric, hosts or {}, site)
    loader.base()
    return loader.load(plan)


def _name(record: Any) -> str | None:
    if record is None:
        return None
    value = record.get("name") if isinstance(record, dict) else getattr(record, "name", None)
    return str(value) if value is not None else None


def _value(field_value: Any) -> str | None:
    if isinstance(field_value, dict):
        return str(field_value.get("value")) if field_value.get("value") is not None else None
    return str(field_value) if field_value is not None else None


def _id(record: Any) -> str | None:
    if record is None:
        return None
    if isinstance(record, dict):
        return str(record.get("id")) if record.get("id") is not None else None
    return str(getattr(record, "id", record))


@dataclass
class _Reader:
    """What Nautobot knows, read once: devices and models, interfaces, optics in bays, cables."""

    api: Any
    catalog: Catalog
    models: dict[str, Model] = field(default_factory=dict)
    interfaces: dict[str, dict[str, Any]] = field(default_factory=dict)
    optics: dict[tuple[str, str], str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)

    def read(self) -> list[dict[str, Any]]:
        api = self.api
        self.statuses = {str(status.id): str(status.name) for status in api.extras.statuses.all()}
        kinds = {str(k.id): str(k.model) for k in api.dcim.device_types.all(limit=PAGE)}
        names: dict[str, str] = {}
        for device in api.dcim.devices.all(limit=PAGE):
            names[str(device.id)] = str(device.name)
            model = self.catalog.model(kinds.get(_id(device.device_type) or "", ""))
            if model is not None:
                self.models[str(device.name)] = model
        for item in api.dcim.interfaces.all(limit=PAGE):
            data = dict(item)
            data["device"] = {"name": names.get(_id(data.get("device")) or "")}
            self.interfaces[str(data["id"])] = data
        module_types = {str(k.id): str(k.model) for k in api.dcim.module_types.all(limit=PAGE)}
        bays = {str(bay.id): bay for bay in api.dcim.module_bays.all(limit=PAGE)}
        for module in api.dcim.modules.all(limit=PAGE):
            bay = bays.get(_id(module.parent_module_bay) or "")
            optic = module_types.get(_id(module.module_type) or "")
            if bay is not None and optic:
                device = names.get(_id(bay.parent_device) or "", "")
                self.optics[(device, str(bay.name))] = optic
        return [dict(cable) for cable in api.dcim.cables.all(limit=PAGE)]

    def end(self, cable: dict[str, Any], side: str) -> dict[str, Any] | None:
        termination = cable.get(f"termination_{side}_id") or _id(cable.get(f"termination_{side}"))
        return self.interfaces.get(str(termination)) if termination else None

    def leg(self, interface: dict[str, Any]) -> tuple[str, Breakout, int] | None:
        """Cage, mode and leg of an interface whose type is a breakout leg's, else None."""
        speed = LEG_SPEEDS.get(_value(interface.get("type")) or "")
        model = self.models.get(_device_of(interface))
        if speed is None or model is None:
            return None
        for mode in load_catalog().breakout_modes:
            if mode is Breakout.NONE or breakout_leg_speed(mode) != speed:
                continue
            found = model.layout.leg_of(str(interface["name"]), mode)
            if found is not None:
                return found[0].name, mode, found[1]
        return None


def _device_of(interface: dict[str, Any]) -> str:
    return str(_name(interface["device"]))


def _cable_data(cable: dict[str, Any]) -> dict[str, Any]:
    kind = _value(cable.get("type")) or "smf"
    fiber = "smf" if kind.startswith("smf") else "mmf" if kind.startswith("mmf") else "copper"
    length = cable.get("length")
    unit = _value(cable.get("length_unit")) or "m"
    metres = None if length is None else float(length) * {"km": 1000.0, "cm": 0.01}.get(unit, 1.0)
    return {
        "fiber": fiber,
        "connector": cable.get("label") or "",
        "length_m": int(metres) if metres is not None and metres.is_integer() else metres,
    }


def _state(
    reader: _Reader, data: LinkData, cable: dict[str, Any], near: dict[str, Any]
) -> LinkData:
    if near.get("enabled") is False:
        data["admin"] = "down"
    if reader.statuses.get(_id(cable.get("status")) or "", "").lower() == "planned":
        data["state"] = "planned"
    data["cable"] = _cable_data(cable)
    return data


def links_from_nautobot(api: Any, catalog: Catalog) -> list[LinkData]:
    """The plan Nautobot's cables describe, as intent links (see the module docstring)."""
    reader = _Reader(api, catalog)
    cables = reader.read()
    links: list[LinkData] = []
    breakouts: dict[
        tuple[str, str], dict[int, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]
    ] = {}
    modes: dict[tuple[str, str], Breakout] = {}
    for cable in cables:
        a, b = reader.end(cable, "a"), reader.end(cable, "b")
        if a is None or b is None:
            continue
        leg = reader.leg(a)
        if leg is None and reader.leg(b) is not None:
            a, b = b, a
            leg = reader.leg(a)
        if leg is not None:
            cage, mode, number = leg
            key = (_device_of(a), cage)
            breakouts.setdefault(key, {})[number] = (cable, a, b)
            modes[key] = mode
            continue
        device, far_device = _device_of(a), _device_of(b)
        near_optic = reader.optics.get((device, str(a["name"])))
        far_optic = reader.optics.get((far_device, str(b["name"])))
        z: Any = f"{far_device}:{b['name']}"
        if far_optic and far_optic != near_optic:
            z = {"port": z, "optic": far_optic}
        data: LinkData = {"a": f"{device}:{a['name']}", "z": z, "optic": near_optic}
        links.append(_state(reader, data, cable, a))
    for (device, cage), legs in breakouts.items():
        ordered = [legs[number] for number in sorted(legs)]
        far = [
            {
                "port": f"{_device_of(remote)}:{remote['name']}",
                "optic": reader.optics.get((_device_of(remote), str(remote["name"]))),
            }
            for _, _, remote in ordered
        ]
        data = {
            "a": f"{device}:{cage}",
            "optic": reader.optics.get((device, cage)),
            "breakout": modes[(device, cage)].value,
            "z": far,
        }
        links.append(_state(reader, data, ordered[0][0], ordered[0][1]))
    return sorted(links, key=lambda link: natural_key(str(link["a"])))


@dataclass
class PushResult:
    """What ``--push-to-nautobot`` did, item by item (``device:port``)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    unknown_devices: list[str] = field(default_factory=list)


def push_inventory(api: Any, fleet: Fleet) -> PushResult:
    """Record each gathered module as an InventoryItem of its device (see the module docstring)."""
    result = PushResult()
    ids = _Ids(api)
    _custom_field(ids, FIRMWARE_FIELD, "text", ["dcim.inventoryitem"])
    for device_name, facts in sorted(fleet.facts.items()):
        device = api.dcim.devices.get(name=device_name)
        if device is None:
            result.unknown_devices.append(device_name)
            continue
        existing = {
            str(item.name): item for item in api.dcim.inventory_items.filter(device=device.id)
        }
        present = {
            port: module
            for port, module in (facts.get("transceivers") or {}).items()
            if module.get("present")
        }
        for port, module in sorted(present.items(), key=lambda item: natural_key(item[0])):
            vendor = module.get("vendor") or GENERIC
            maker = ids.get_or_create(api.dcim.manufacturers, vendor, {"name": vendor})
            wanted = {
                "part_id": module.get("part_number", ""),
                "serial": module.get("serial", ""),
                "description": module.get("media_type", module.get("media_type_raw", "")),
                "discovered": True,
            }
            firmware = module.get("firmware", "")
            item = existing.get(port)
            ref = f"{device_name}:{port}"
            if item is None:
                api.dcim.inventory_items.create(
                    device=device.id,
                    name=port,
                    manufacturer=maker.id,
                    custom_fields={FIRMWARE_FIELD: firmware},
                    **wanted,
                )
                result.created.append(ref)
                continue
            now = {key: getattr(item, key) for key in wanted}
            now_maker = _name(item.manufacturer)
            now_firmware = (item.custom_fields or {}).get(FIRMWARE_FIELD) or ""
            if now == wanted and now_maker == vendor and now_firmware == firmware:
                result.unchanged.append(ref)
                continue
            item.update(
                {**wanted, "manufacturer": maker.id, "custom_fields": {FIRMWARE_FIELD: firmware}}
            )
            result.updated.append(ref)
        result.stale += [
            f"{device_name}:{name}" for name in sorted(existing) if name not in present
        ]
    return result
