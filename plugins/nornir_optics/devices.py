"""The managed switches of a fabric: read from a Nornir inventory, checked against the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nornir.plugins.inventory.simple import SimpleInventory

from nornir_optics.catalog import platform_key
from nornir_optics.exceptions import InputError
from nornir_optics.transform import host_value
from nornir_optics.yamlfile import load_yaml

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir.core.inventory import Host as NornirHost
    from nornir.core.inventory import Inventory as NornirInventory

    from nornir_optics.catalog import Catalog, Model
    from nornir_optics.yamlfile import Path_


@dataclass(frozen=True, slots=True)
class Device:
    """A managed switch: its inventory name, platform key and catalogue model."""

    name: str
    platform: str
    model: Model
    hostname: str | None = None


@dataclass(frozen=True, slots=True)
class ManagedDevices:
    """The managed switches of a fabric, by name, and the folder they came from."""

    directory: Path
    devices: dict[str, Device]

    def get(self, name: str) -> Device | None:
        """The managed device of that name, or None for an unmanaged far end."""
        return self.devices.get(name)


def load_nornir_inventory(directory: Path) -> NornirInventory:
    """Load ``hosts.yaml`` (and ``groups.yaml``, ``defaults.yaml`` when present) as Nornir does."""
    hosts = directory / "hosts.yaml"
    if not hosts.is_file():
        raise InputError([f"{hosts}: no such file (the inventory folder needs a hosts.yaml)"])
    for name in ("hosts.yaml", "groups.yaml", "defaults.yaml"):
        if (directory / name).is_file():
            load_yaml(directory / name)  # syntax errors, with their line
    try:
        return SimpleInventory(
            host_file=str(hosts),
            group_file=str(directory / "groups.yaml"),
            defaults_file=str(directory / "defaults.yaml"),
        ).load()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError([f"{hosts}:1: not a Nornir SimpleInventory: {exc}"]) from None


MODEL_KEYS = ("model", "device_type.model", "pynautobot_dictionary.device_type.model")
"""Where a host's catalogue model is looked for, in order, unless a key is configured:
``data.model`` (SimpleInventory), ``device_type.model`` (nornir_netbox puts the NetBox device
in the host's data), ``pynautobot_dictionary.device_type.model`` (nornir_nautobot)."""


def host_model(host: NornirHost, model_key: str | None = None) -> object:
    """A host's model name from its data (the configured key, or the first of MODEL_KEYS)."""
    for key in (model_key,) if model_key else MODEL_KEYS:
        value = host_value(host, key)
        if value is not None:
            return value
    return None


def devices_from_nornir(
    nornir_inventory: NornirInventory,
    catalog: Catalog,
    *,
    model_key: str | None = None,
    problem: Callable[[Path_, str], str] | None = None,
    directory: Path | None = None,
) -> ManagedDevices:
    """The managed switches of any Nornir inventory (SimpleInventory, Nautobot, NetBox, ...).

    Arguments:
        nornir_inventory: the loaded inventory
        catalog: the catalogues
        model_key: dotted data key of the model (default: the first of :data:`MODEL_KEYS` set)
        problem: turns a location in hosts.yaml and a text into a ``file:line`` line; without
            it problems read ``host NAME: ...``
        directory: the folder the fabric belongs to (intent, reports)
    """
    devices: dict[str, Device] = {}
    problems: list[str] = []
    where_model = ("data", *model_key.split(".")) if model_key else ("data", "model")
    shown_key = f"data.{model_key}" if model_key else "data.model"

    def complain(where: Path_, text: str) -> None:
        problems.append(problem(where, text) if problem else f"host {where[0]}: {text}")

    for name, host in nornir_inventory.hosts.items():
        platform = platform_key(host.platform)
        model_name = host_model(host, model_key)
        if platform not in catalog.platforms:
            known = ", ".join(catalog.platforms)
            complain(
                (name, "platform"),
                f"{name}: platform must be one of {known} (or their NAPALM, Netmiko or "
                f"slug names), not {host.platform!r}",
            )
            continue
        model = catalog.model(str(model_name)) if model_name is not None else None
        if model is None:
            known = ", ".join(m for m, spec in catalog.models.items() if spec.platform == platform)
            complain(
                (name, *where_model),
                f"{name}: {shown_key} must be a known {platform} model ({known}), "
                f"not {model_name!r}",
            )
            continue
        if model.platform != platform:
            complain((name,), f"{name}: model {model.name} runs {model.platform}, not {platform}")
            continue
        devices[name] = Device(name=name, platform=platform, model=model, hostname=host.hostname)
    if problems:
        raise InputError(problems)
    return ManagedDevices(directory=directory or Path(), devices=devices)


def load_devices(directory: Path, catalog: Catalog) -> ManagedDevices:
    """Read the managed switches of an inventory folder; every problem names its file and line."""
    nornir_inventory = load_nornir_inventory(directory)
    document = load_yaml(directory / "hosts.yaml")
    return devices_from_nornir(
        nornir_inventory, catalog, problem=document.problem, directory=directory
    )
