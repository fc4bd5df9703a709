"""A Nornir from the user's own ``config.yaml``, or from a SimpleInventory folder as before.

Every command that reads a fabric calls :func:`open_nornir`:

* ``--config FILE``: that Nornir config file; otherwise ``DIR/config.yaml`` when it exists;
  otherwise the SimpleInventory folder ``DIR`` (``hosts.yaml``, ``groups.yaml``,
  ``defaults.yaml``).
* The inventory plugin and its options, the transform function, the runner and its options
  all come from the file, so any installed inventory plugin works (``NautobotInventory``,
  ``NetBoxInventory2``, ...). ``--workers N`` replaces the runner with ``threaded`` of N.
* A relative ``*_file`` option (``host_file: hosts.yaml``) is read from the working directory
  as Nornir does, or, when it is not there, from the config file's folder (as written, or its
  file name alone: ``inventory/hosts.yaml`` works from the project and from ``inventory/``).
* Logging stays off unless the file has a ``logging`` section.
* Whatever the transform function, every host then gets ``optics_defaults`` (platform names,
  connection defaults, credentials), which is idempotent.

Problems are one ``file:line: what`` line each (:class:`~nornir_optics.exceptions.InputError`,
exit 2): a plugin that is not installed (with the installed ones named), options it rejects,
an inventory that cannot be loaded.

Options of nornir-optics itself (``model_key``, ``connection_key``) are read from
``transform_function_options`` when the transform is ``optics_defaults``, or from
``user_defined.optics``.
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.exceptions import PluginNotRegistered
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.plugins.inventory import InventoryPluginRegister, TransformFunctionRegister
from nornir.core.plugins.runners import RunnersPluginRegister
from nornir.core.state import GlobalState

from nornir_optics.exceptions import InputError
from nornir_optics.redact import prepare
from nornir_optics.transform import optics_defaults
from nornir_optics.yamlfile import YamlDocument, load_yaml

if TYPE_CHECKING:
    from nornir.core.inventory import Inventory
    from nornir.core.plugins.runners import RunnerPlugin

TRANSFORM = "optics_defaults"
SECTIONS = ("inventory", "runner", "ssh", "logging", "core", "user_defined")
_MAX_ERROR = 300
SIMPLE_FILES = ("host_file", "group_file", "defaults_file")


@dataclass(frozen=True, slots=True)
class Source:
    """Where the fabric's hosts come from: a config file or an inventory folder."""

    directory: Path
    config_file: Path | None
    plugin: str
    options: dict[str, Any] = field(default_factory=dict)
    optics: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How reports and errors name it."""
        if self.config_file is None:
            return str(self.directory)
        return f"{self.config_file} ({self.plugin})"

    @property
    def host_file(self) -> Path | None:
        """The hosts.yaml of a SimpleInventory (for file:line messages), else None."""
        if self.plugin != "SimpleInventory":
            return None
        value = self.options.get("host_file", "hosts.yaml")
        return Path(str(value))

    @property
    def model_key(self) -> str | None:
        """The data key of each host's catalogue model, when the config names one."""
        value = self.optics.get("model_key")
        return str(value) if value else None


def config_file_for(directory: Path, config: Path | None) -> Path | None:
    """The config file a command uses: ``--config``, else ``DIR/config.yaml`` if present."""
    if config is not None:
        return config
    default = directory / "config.yaml"
    return default if default.is_file() else None


def _simple(directory: Path) -> dict[str, Any]:
    return {
        "inventory": {
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(directory / "hosts.yaml"),
                "group_file": str(directory / "groups.yaml"),
                "defaults_file": str(directory / "defaults.yaml"),
            },
        },
        "runner": {"plugin": "threaded", "options": {"num_workers": 20}},
    }


def _read_config(path: Path) -> tuple[dict[str, Any], YamlDocument]:
    if not path.is_file():
        raise InputError([f"{path}: no such file (--config names a Nornir config.yaml)"])
    document = load_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise InputError([document.problem((), "a Nornir config must be a mapping")])
    unknown = [key for key in data if key not in SECTIONS]
    if unknown:
        raise InputError(
            [
                document.problem(
                    (str(unknown[0]),),
                    f"unknown section {unknown[0]!r} (a Nornir config has {', '.join(SECTIONS)})",
                )
            ]
        )
    for section in SECTIONS:
        if section in data and not isinstance(data[section], dict):
            raise InputError([document.problem((section,), f"{section} must be a mapping")])
    return data, document


def _relative_files(options: dict[str, Any], base: Path) -> dict[str, Any]:
    resolved = dict(options)
    for name, value in options.items():
        if not name.endswith("_file") or not isinstance(value, str):
            continue
        path = Path(value).expanduser()
        if path.is_absolute() or path.exists():
            continue
        for candidate in (base / path, base / path.name):
            if candidate.exists():
                resolved[name] = str(candidate)
                break
    return resolved


def describe(exc: BaseException) -> str:
    """An exception in one short line (the type and the first line of its message)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:_MAX_ERROR]}" if text else type(exc).__name__


def _registered(register: Any, kind: str) -> str:  # noqa: ANN401 - a Nornir PluginRegister
    names = sorted(register.available)
    return f"installed {kind}s: {', '.join(names) or 'none'}"


def _plugin(register: Any, name: object, kind: str, where: str) -> Any:  # noqa: ANN401
    register.auto_register()
    try:
        return register.get_plugin(str(name))
    except PluginNotRegistered:
        hint = " (pip install nornir-nautobot)" if str(name) == "NautobotInventory" else ""
        hint = " (pip install nornir-netbox)" if str(name).startswith("NetBox") else hint
        msg = f"{where}: {kind} {name!r} is not installed{hint}; {_registered(register, kind)}"
        raise InputError([msg]) from None


def _folder_source(directory: Path) -> tuple[Source, dict[str, Any]]:
    if not (directory / "hosts.yaml").is_file():
        msg = (
            f"{directory / 'hosts.yaml'}: no such file (the inventory folder needs a "
            "hosts.yaml, or a config.yaml naming an inventory plugin; see --config)"
        )
        raise InputError([msg])
    data = _simple(directory)
    for name in ("hosts.yaml", "groups.yaml", "defaults.yaml"):
        if (directory / name).is_file():
            load_yaml(directory / name)  # syntax errors, with their line
    return Source(directory, None, "SimpleInventory", data["inventory"]["options"]), data


def load_source(directory: Path, config: Path | None = None) -> tuple[Source, dict[str, Any]]:
    """The source of a command's hosts and the Nornir config it builds (not loaded yet)."""
    path = config_file_for(directory, config)
    if path is None:
        return _folder_source(directory)
    data, document = _read_config(path)
    inventory = dict(data.get("inventory") or {})
    plugin = str(inventory.get("plugin") or "SimpleInventory")
    options = inventory.get("options") or {}
    if not isinstance(options, dict):
        raise InputError([document.problem(("inventory", "options"), "options must be a mapping")])
    if plugin == "SimpleInventory":  # Nornir's defaults, found beside the config file too
        options = {
            "host_file": "hosts.yaml",
            "group_file": "groups.yaml",
            "defaults_file": "defaults.yaml",
            **options,
        }
    options = _relative_files(options, path.parent)
    inventory.update({"plugin": plugin, "options": options})
    data = {**data, "inventory": inventory}
    if plugin == "SimpleInventory":
        for name in SIMPLE_FILES:
            if isinstance(options.get(name), str) and Path(options[name]).is_file():
                load_yaml(Path(options[name]))
    optics = dict((data.get("user_defined") or {}).get("optics") or {})
    if inventory.get("transform_function") == TRANSFORM:
        optics.update(inventory.get("transform_function_options") or {})
    return Source(directory, path, plugin, options, optics), data


def _where(source: Source, *keys: str) -> str:
    if source.config_file is None:
        return str(source.directory)
    try:
        document = load_yaml(source.config_file)
        return f"{source.config_file}:{document.line(keys)}"
    except InputError:
        return str(source.config_file)


def _inventory(source: Source, nornir_config: Config) -> Inventory:
    settings = nornir_config.inventory
    plugin = _plugin(
        InventoryPluginRegister,
        settings.plugin,
        "inventory plugin",
        _where(source, "inventory", "plugin"),
    )
    where = _where(source, "inventory", "options")
    try:
        loader = plugin(**(settings.options or {}))
    except TypeError as exc:
        msg = f"{where}: inventory plugin {source.plugin} rejects its options: {describe(exc)}"
        raise InputError([msg]) from None
    except (ValueError, KeyError) as exc:
        raise InputError([f"{where}: {source.plugin}: {describe(exc)}"]) from None
    said = io.StringIO()  # a plugin that prints (nornir_nautobot) must not spoil JSON output
    where = _where(source, "inventory")
    try:
        with contextlib.redirect_stdout(said):
            return loader.load()  # type: ignore[no-any-return]
    except InputError:
        raise
    except SystemExit:
        text = " ".join(said.getvalue().split())[:_MAX_ERROR] or "no reason given"
        msg = f"{where}: {source.plugin} gave up loading the inventory: {text}"
        raise InputError([msg]) from None
    except Exception as exc:  # noqa: BLE001 - any plugin's failure to load is one clear line
        msg = f"{where}: {source.plugin} could not load the inventory: {describe(exc)}"
        raise InputError([msg]) from None


def _transform(source: Source, nornir_config: Config, inventory: Inventory) -> None:
    name = nornir_config.inventory.transform_function
    options = nornir_config.inventory.transform_function_options or {}
    if name:
        function = _plugin(
            TransformFunctionRegister,
            name,
            "transform function",
            _where(source, "inventory", "transform_function"),
        )
        for host in inventory.hosts.values():
            try:
                function(host, **options)
            except TypeError as exc:
                where = _where(source, "inventory", "transform_function_options")
                msg = f"{where}: transform function {name} rejects its options: {describe(exc)}"
                raise InputError([msg]) from None
    if name != TRANSFORM:
        for host in inventory.hosts.values():
            optics_defaults(host, connection_key=source.optics.get("connection_key"))


def _runner(source: Source, nornir_config: Config) -> RunnerPlugin:
    name = nornir_config.runner.plugin
    plugin = _plugin(RunnersPluginRegister, name, "runner", _where(source, "runner"))
    try:
        return plugin(**(nornir_config.runner.options or {}))  # type: ignore[no-any-return]
    except TypeError as exc:
        where = _where(source, "runner", "options")
        msg = f"{where}: runner {name} rejects its options: {describe(exc)}"
        raise InputError([msg]) from None


def open_nornir(
    directory: Path, *, config: Path | None = None, workers: int | None = None
) -> tuple[Nornir, Source]:
    """A Nornir over the command's hosts, every host readied by ``optics_defaults``."""
    ConnectionPluginRegister.auto_register()
    source, data = load_source(directory, config)
    if workers is not None:
        data["runner"] = {"plugin": "threaded", "options": {"num_workers": workers}}
    data.setdefault("logging", {"enabled": False})
    try:
        nornir_config = Config.from_dict(**data)
    except (TypeError, ValueError) as exc:
        raise InputError([f"{_where(source)}: not a Nornir config: {describe(exc)}"]) from None
    inventory = _inventory(source, nornir_config)
    _transform(source, nornir_config, inventory)
    runner = _runner(source, nornir_config)
    nornir_config.logging.configure()
    # Nornir logs a failed task's traceback; without a handler Python prints it to stderr.
    logging.getLogger("nornir").addHandler(logging.NullHandler())
    nr = Nornir(
        inventory=inventory, runner=runner, config=nornir_config, data=GlobalState(dry_run=False)
    )
    prepare(nr)
    return nr, source
