"""The managed switches of a fabric: read from a Nornir inventory, checked against the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nornir.plugins.inventory.simple import SimpleInventory

from nornir_optics.catalog import platform_key
from nornir_optics.exceptions import InputError
from nornir_optics.yamlfile import load_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from nornir.core.inventory import Inventory as NornirInventory

    from nornir_optics.catalog import Catalog, Model


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


def load_devices(directory: Path, catalog: Catalog) -> ManagedDevices:
    """Read the managed switches of an inventory folder; every problem names its file and line."""
    nornir_inventory = load_nornir_inventory(directory)
    document = load_yaml(directory / "hosts.yaml")
    devices: dict[str, Device] = {}
    problems: list[str] = []
    for name, host in nornir_inventory.hosts.items():
        platform = platform_key(host.platform)
        model_name = host.get("model")
        where = (name,)
        if platform not in catalog.platforms:
            known = ", ".join(catalog.platforms)
            problems.append(
                document.problem(
                    (name, "platform"),
                    f"{name}: platform must be one of {known}, not {platform!r}",
                )
            )
            continue
        model = catalog.model(str(model_name)) if model_name is not None else None
        if model is None:
            known = ", ".join(m for m, spec in catalog.models.items() if spec.platform == platform)
            problems.append(
                document.problem(
                    (name, "data", "model"),
                    f"{name}: data.model must be a known {platform} model ({known}), "
                    f"not {model_name!r}",
                )
            )
            continue
        if model.platform != platform:
            problems.append(
                document.problem(
                    where, f"{name}: model {model.name} runs {model.platform}, not {platform}"
                )
            )
            continue
        devices[name] = Device(name=name, platform=platform, model=model, hostname=host.hostname)
    if problems:
        raise InputError(problems)
    return ManagedDevices(directory=directory, devices=devices)
