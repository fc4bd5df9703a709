"""``optics_defaults``: the Nornir transform function that readies any inventory for the gather.

Registered as an entry point (``nornir.plugins.transform_function``), so a user's own
``config.yaml`` names it::

    inventory:
      plugin: NautobotInventory
      options: {...}
      transform_function: optics_defaults
      transform_function_options:
        connection_key: pynautobot_dictionary.custom_fields.optics_connection

Per host it

1. normalises the platform once (``catalog.platform_key``: ``eos``, ``arista-eos``, ``nxos_ssh``
   all become the netutils key), leaving platforms it does not know alone;
2. applies the mapping found at ``connection_key`` in the host's data, if any: ``hostname``,
   ``port`` and ``connection_options`` in the shape of a SimpleInventory host (how a source of
   truth says "SSH on port 2201, eAPI over http on 8080");
3. fills in each optics platform's Netmiko and NAPALM driver names and the timeouts the gather
   needs, merged under what the inventory sets at defaults, group and host level (a group's
   ``extras`` are kept, not hidden by a host-level entry);
4. resolves credentials from the environment (:mod:`nornir_optics.credentials`) unless
   ``credentials: false``.

Nornir allows one transform function per inventory: one that loads credentials of its own can
stay, and ``optics`` applies these defaults after it (they are idempotent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nornir.core.inventory import ConnectionOptions

from nornir_optics.catalog import load_catalog, platform_key
from nornir_optics.credentials import apply_credentials

if TYPE_CHECKING:
    from nornir.core.inventory import Host

NETMIKO_DEFAULTS: dict[str, Any] = {"fast_cli": False, "conn_timeout": 10, "auth_timeout": 10}
"""Netmiko extras every optics host gets unless the inventory says otherwise."""

CONNECTIONS = ("netmiko", "napalm")


def lookup(data: Any, key: str | None) -> Any:
    """The value at a dotted ``key`` of nested mappings (or objects); None when absent.

    >>> lookup({"device_type": {"model": "MSN4700"}}, "device_type.model")
    'MSN4700'
    >>> lookup({"model": None}, "model") is None, lookup({}, "a.b") is None
    (True, True)
    """
    if not key:
        return None
    node = data
    for part in key.split("."):
        if node is None:
            return None
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
    return node


def host_value(host: Host, key: str) -> Any:
    """A dotted key of a host's data, its first part inherited from groups and defaults."""
    first, _, rest = key.partition(".")
    try:
        value = host.get(first)
    except (KeyError, AttributeError):
        return None
    return lookup(value, rest) if rest else value


def merged_options(host: Host, connection: str) -> ConnectionOptions:
    """A host's options for one connection: defaults < groups (first wins) < host, extras merged.

    NAPALM's ``optional_args`` are merged one level deeper, so a group's ``transport`` and a
    host's ``port`` both survive.
    """
    layers = [host.defaults.connection_options.get(connection)]
    layers += [g.connection_options.get(connection) for g in reversed(host.extended_groups())]
    layers.append(host.connection_options.get(connection))
    merged = ConnectionOptions()
    extras: dict[str, Any] = {}
    for layer in layers:
        if layer is None:
            continue
        for name in ("hostname", "port", "username", "password", "platform"):
            value = getattr(layer, name)
            if value is not None:
                setattr(merged, name, value)
        for name, value in (layer.extras or {}).items():
            if isinstance(value, dict) and isinstance(extras.get(name), dict):
                extras[name] = {**extras[name], **value}
            else:
                extras[name] = value
    merged.extras = extras
    return merged


def apply_connection_data(host: Host, data: Any) -> None:
    """Hostname, port and connection options from a mapping in a source of truth's data."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("hostname"), str):
        host.hostname = data["hostname"]
    if isinstance(data.get("port"), int):
        host.port = data["port"]
    options = data.get("connection_options")
    if not isinstance(options, dict):
        return
    for name, spec in options.items():
        if not isinstance(spec, dict):
            continue
        current = host.connection_options.get(name) or ConnectionOptions()
        for field in ("hostname", "port", "username", "password", "platform"):
            if spec.get(field) is not None:
                setattr(current, field, spec[field])
        if isinstance(spec.get("extras"), dict):
            current.extras = {**(current.extras or {}), **spec["extras"]}
        host.connection_options[name] = current


def apply_connection_defaults(host: Host) -> None:
    """Netmiko and NAPALM driver names and timeouts for an optics platform; others untouched."""
    key = platform_key(host.platform) or ""
    spec = load_catalog().platforms.get(key)
    if spec is None:
        return  # not an optics platform: the gather reports it as a device error
    host.platform = key
    drivers = {"netmiko": spec.netmiko, "napalm": spec.napalm}
    for connection in CONNECTIONS:
        driver = drivers[connection]
        if driver is None and connection not in host.connection_options:
            continue
        options = merged_options(host, connection)
        if options.platform is None:
            options.platform = driver  # else Nornir would hand the driver the netutils key
        if connection == "netmiko":
            options.extras = {**NETMIKO_DEFAULTS, **(options.extras or {})}
        host.connection_options[connection] = options


def optics_defaults(
    host: Host,
    *,
    connection_key: str | None = None,
    credentials: bool = True,
    **options: Any,  # noqa: ARG001 - other optics options (model_key) are read elsewhere
) -> None:
    """Ready one host for the optics gather (see the module's docstring).

    Arguments:
        host: the Nornir host, changed in place
        connection_key: dotted key of the host's data holding ``hostname``, ``port`` and
            ``connection_options`` (e.g. a Nautobot custom field)
        credentials: resolve username, password and enable secret from the environment
        options: further optics options of ``transform_function_options`` (``model_key``)
    """
    if connection_key:
        apply_connection_data(host, host_value(host, connection_key))
    apply_connection_defaults(host)
    if credentials:
        apply_credentials(host)
