"""One command's view of a fabric: its Nornir, its intent, the hosts it targets, the gather.

What every command that reads a fabric does first, in one place:

1. :func:`open_session`: the Nornir of ``--config`` / ``DIR`` (:mod:`nornir_optics.nornir_config`),
   the password of ``--ask-pass`` applied to every host, the fabric loaded from that inventory
   and the intent, ``--filter`` applied (a filter that matches no host is an error naming the
   fields that can be filtered).
2. :func:`gather_fleet`: the targets gathered, plus the managed far ends of their links
   (read-only: a gather never changes a device), so that a symptom on a target whose cause
   lies on a far end is still attributed; hosts without credentials are not contacted and
   get an ``auth-failed`` error, as do hosts that reject the login.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nornir_optics.catalog import platform_key
from nornir_optics.checks.live import Fleet, far_ends_of
from nornir_optics.collect import collect
from nornir_optics.credentials import (
    AUTH_CATEGORY,
    apply_credentials,
    missing_credentials,
    rejected_message,
)
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric, load_fabric_from_nornir
from nornir_optics.nornir_config import config_file_for, open_nornir
from nornir_optics.transform import host_value
from nornir_optics.yamlfile import DEFAULT_MAX_MB, load_yaml

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from pathlib import Path

    from nornir.core import Nornir
    from nornir.core.inventory import Host

    from nornir_optics.fabric import Fabric
    from nornir_optics.nornir_config import Source

HOST_FIELDS = ("name", "hostname", "platform", "groups")
HIDDEN_DATA = frozenset({"pynautobot_object"})


@dataclass
class Session:
    """A command's Nornir (every host), the hosts it targets, and the fabric."""

    nr: Nornir
    source: Source
    targets: Nornir
    fabric: Fabric | None = None
    filtered: bool = False

    @property
    def scope(self) -> set[str] | None:
        """The targeted hosts when a filter narrowed them, else None (the whole fabric)."""
        return set(self.targets.inventory.hosts) if self.filtered else None


def intent_path_for(directory: Path, config: Path | None, intent: Path | None) -> Path:
    """``--intent``; else the intent.yaml beside ``--config`` when there is one; else DIR's."""
    if intent is not None:
        return intent
    if config is not None and (config.parent / "intent.yaml").is_file():
        return config.parent / "intent.yaml"
    return directory / "intent.yaml"


def open_session(  # noqa: PLR0913 - one argument per CLI option
    directory: Path,
    *,
    config: Path | None = None,
    intent: Path | None = None,
    max_intent_mb: float = DEFAULT_MAX_MB,
    workers: int | None = None,
    filters: list[str] | None = None,
    password: str | None = None,
    with_fabric: bool = True,
) -> Session:
    """Open a command's fabric; every problem is an :class:`InputError` (exit 2)."""
    intent_path = intent_path_for(directory, config, intent)
    fabric = None
    if with_fabric and config_file_for(directory, config) is None:
        fabric = load_fabric(directory, intent_path, max_intent_mb=max_intent_mb)  # file:line
    nr, source = open_nornir(directory, config=config, workers=workers)
    if password:
        for host in nr.inventory.hosts.values():
            apply_credentials(host, password=password)
    if with_fabric and fabric is None:
        fabric = load_fabric_of(nr, source, intent_path, max_intent_mb)
    targets = filter_hosts(nr, filters or [])
    return Session(nr=nr, source=source, targets=targets, fabric=fabric, filtered=bool(filters))


def read_fabric(
    directory: Path,
    *,
    config: Path | None = None,
    intent: Path | None = None,
    max_intent_mb: float = DEFAULT_MAX_MB,
) -> Fabric:
    """The fabric alone, for commands that contact no device (plan audit, intent check)."""
    intent_path = intent_path_for(directory, config, intent)
    if config_file_for(directory, config) is None:
        return load_fabric(directory, intent_path, max_intent_mb=max_intent_mb)
    nr, source = open_nornir(directory, config=config)
    return load_fabric_of(nr, source, intent_path, max_intent_mb)


def load_fabric_of(nr: Nornir, source: Source, intent: Path, max_intent_mb: float) -> Fabric:
    """The fabric of a session's inventory: ``file:line`` problems for a SimpleInventory."""
    if source.config_file is None:
        return load_fabric(source.directory, intent, max_intent_mb=max_intent_mb)
    problem: Callable[[Any, str], str] | None = None
    host_file = source.host_file
    if host_file is not None and host_file.is_file():
        problem = load_yaml(host_file).problem
    return load_fabric_from_nornir(
        nr.inventory, intent, model=source.model_key, max_intent_mb=max_intent_mb, problem=problem
    )


def filter_fields(nr: Nornir) -> list[str]:
    """What ``--filter`` can match: host fields, then every data key the hosts have."""
    keys: set[str] = set()
    for host in nr.inventory.hosts.values():
        keys |= {str(key) for key in host.keys() if key not in HIDDEN_DATA}  # noqa: SIM118 - Host is no dict
    return [*HOST_FIELDS, *sorted(keys)]


def _matches(host: Host, key: str, wanted: str) -> bool:
    fields = {
        "name": lambda: host.name == wanted,
        "hostname": lambda: host.hostname == wanted,
        "platform": lambda: platform_key(host.platform) == platform_key(wanted),
        "groups": lambda: any(group.name == wanted for group in host.extended_groups()),
    }
    test = fields.get("groups" if key == "group" else key)
    if test is not None:
        return test()
    value = host_value(host, key)
    if isinstance(value, list | tuple | set):
        return wanted in {str(item) for item in value}
    if isinstance(value, bool):
        return str(value).lower() == wanted.lower()
    return value is not None and str(value) == wanted


def filter_hosts(nr: Nornir, filters: list[str]) -> Nornir:
    """The hosts matching every ``KEY=VALUE`` (dotted data keys allowed); none is an error."""
    rules: list[tuple[str, str]] = []
    for item in filters:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            msg = f"--filter takes KEY=VALUE, not {item!r}"
            raise InputError([msg])
        rules.append((key.strip(), value.strip()))
    if not rules:
        return nr
    narrowed = nr.filter(
        filter_func=lambda host: all(_matches(host, key, value) for key, value in rules)
    )
    if not narrowed.inventory.hosts:
        shown = " ".join(f"{key}={value}" for key, value in rules)
        fields = ", ".join(filter_fields(nr))
        msg = (
            f"--filter {shown} matches none of the {len(nr.inventory.hosts)} host(s); "
            f"fields that can be filtered: {fields}"
        )
        raise InputError([msg])
    return narrowed


def gather_names(session: Session, *, far_ends: bool = True) -> list[str]:
    """The hosts a gather reads, in inventory order: the targets and the far ends they need."""
    names = set(session.targets.inventory.hosts)
    if far_ends and session.fabric is not None and session.filtered:
        names |= far_ends_of(session.fabric, names) & set(session.nr.inventory.hosts)
    return [name for name in session.nr.inventory.hosts if name in names]


def gather_hosts(
    nr: Nornir,
    names: Collection[str],
    *,
    show_progress: bool = False,
    transport: str | None = None,
) -> Fleet:
    """Gather ``names`` of ``nr``: no connection without credentials, refused logins named.

    ``transport`` (``netmiko``, ``napalm``) overrides each host's ``optics_transport`` data.

    What one process does for the whole fleet, and what each Celery worker does for its shard
    (:mod:`nornir_optics.shards`), with the credentials of its own inventory and environment.
    """
    hosts = nr.inventory.hosts
    wanted = set(names)
    errors: dict[str, tuple[str, str]] = {}
    for name in sorted(wanted):
        problem = missing_credentials(hosts[name])
        if problem is not None:
            errors[name] = (AUTH_CATEGORY, problem)
    reachable = nr.filter(filter_func=lambda host: host.name in wanted - set(errors))
    fleet = (
        collect(reachable, show_progress=show_progress, transport=transport)
        if reachable.inventory.hosts
        else Fleet(facts={})
    )
    for name, (category, message) in fleet.errors.items():
        errors[name] = (
            (category, rejected_message(hosts[name]))
            if category == AUTH_CATEGORY
            else (category, message)
        )
    return Fleet(facts=fleet.facts, errors=dict(sorted(errors.items())))


def gather_fleet(
    session: Session,
    *,
    far_ends: bool = True,
    show_progress: bool = False,
    transport: str | None = None,
) -> Fleet:
    """Gather the targets (and the far ends they need, read-only); see the module docstring."""
    names = gather_names(session, far_ends=far_ends)
    return gather_hosts(session.nr, names, show_progress=show_progress, transport=transport)
