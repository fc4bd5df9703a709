"""The ``optics`` command line: thin wrappers that load input, call checks and print reports.

Exit codes (for cron and CI):

* 0: nothing at or above ``--fail-on``
* 1: findings at or above ``--fail-on``
* 2: bad input or usage (one ``file:line: what`` line per problem, no traceback)
* 3: partial: some device could not be read (takes precedence over 1)
* 4: the history store could not be opened, read or written (``--record``, ``history``)
"""

from __future__ import annotations

import json
import logging
import sys
import time
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler

from nornir_optics import __version__
from nornir_optics.checks.plan import audit_plan
from nornir_optics.cli.exporter import exporter_command
from nornir_optics.cli.guard import Interrupts, interrupts
from nornir_optics.cli.history import STORE_ERROR, DbOption, drift_command, history_app
from nornir_optics.cli.render import print_table, report_json
from nornir_optics.exceptions import InputError, OpticsError
from nornir_optics.history import DEFAULT_DB
from nornir_optics.models import Severity
from nornir_optics.session import Session, open_session, read_fabric
from nornir_optics.yamlfile import DEFAULT_MAX_MB

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric
    from nornir_optics.findings import Report
    from nornir_optics.shards.dispatch import CeleryOptions


class ExitCode(IntEnum):
    """What the process tells its caller."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    PARTIAL = 3
    STORE = STORE_ERROR


class RecoverAction(StrEnum):
    """What ``remediate --recover`` does with a change a crash left unconfirmed."""

    ROLLBACK = "rollback"
    CONFIRM = "confirm"


class FailOn(StrEnum):
    """The lowest severity that makes the run fail."""

    WARNING = "warning"
    ERROR = "error"
    NEVER = "never"

    def threshold(self) -> Severity | None:
        """The severity it stands for; None for never."""
        return None if self is FailOn.NEVER else Severity(self.value)


class Format(StrEnum):
    """Report formats of the plan audit."""

    TABLE = "table"
    JSON = "json"


app = typer.Typer(
    name="optics",
    help=(
        "Transceiver inventory, per-lane DOM and cabling-plan audits for 400G fabrics.\n\n"
        "Every command that reads a fabric takes --inventory/-i DIR (a Nornir SimpleInventory "
        "folder, default ./inventory), --config FILE (a Nornir config.yaml, default "
        "DIR/config.yaml when it exists) and --intent FILE (default DIR/intent.yaml).\n\n"
        "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input, 3 partial."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
intent_app = typer.Typer(help="Check the intent file (the cabling plan).", no_args_is_help=True)
lab_app = typer.Typer(
    help="Run the embedded lab: simulated EOS, NX-OS, Junos and SONiC switches on 127.0.0.1.",
    no_args_is_help=True,
)
plan_app = typer.Typer(
    help="Audit the cabling plan before anything is plugged in.", no_args_is_help=True
)
app.add_typer(intent_app, name="intent")
app.add_typer(plan_app, name="plan")
app.add_typer(lab_app, name="lab")
app.add_typer(history_app, name="history")
app.command("drift")(drift_command)
app.command("exporter")(exporter_command)

InventoryOption = Annotated[
    Path,
    typer.Option(
        "--inventory",
        "-i",
        help="Nornir SimpleInventory folder (hosts.yaml with platform and data.model).",
    ),
]
IntentOption = Annotated[
    Path | None,
    typer.Option(
        "--intent",
        help="Intent file. Default: intent.yaml beside --config, else INVENTORY/intent.yaml.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help=(
            "Nornir config.yaml (inventory plugin and options, transform function, runner). "
            "Default: INVENTORY/config.yaml when it exists, else the SimpleInventory folder."
        ),
    ),
]
AskPassOption = Annotated[
    bool,
    typer.Option(
        "--ask-pass",
        help="Prompt for the devices' password (beats OPTICS_PASSWORD and the inventory).",
    ),
]
MaxIntentMbOption = Annotated[
    float,
    typer.Option(
        "--max-intent-mb", help="Refuse an intent file larger than this many MB.", min=0.001
    ),
]
FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on", help="Exit 1 when a finding is at or above this severity (never: always 0)."
    ),
]


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 150)
    return console


def _bad_input(exc: InputError) -> typer.Exit:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for problem in exc.problems:
        err.print(problem, markup=False)
    return typer.Exit(ExitCode.BAD_INPUT)


def _load(
    inventory: Path, intent: Path | None, max_intent_mb: float, config: Path | None = None
) -> Fabric:
    """The fabric alone (no device is contacted); bad input exits 2."""
    try:
        return read_fabric(inventory, config=config, intent=intent, max_intent_mb=max_intent_mb)
    except InputError as exc:
        raise _bad_input(exc) from None


def _session(
    inventory: Path,
    *,
    config: Path | None,
    intent: Path | None = None,
    max_intent_mb: float = DEFAULT_MAX_MB,
    workers: int | None = None,
    filters: list[str] | None = None,
    ask_pass: bool = False,
    with_fabric: bool = True,
) -> Session:
    """The command's Nornir, targets and fabric; bad input exits 2."""
    password = typer.prompt("Device password", hide_input=True, err=True) if ask_pass else None
    try:
        return open_session(
            inventory,
            config=config,
            intent=intent,
            max_intent_mb=max_intent_mb,
            workers=workers,
            filters=filters,
            password=password,
            with_fabric=with_fabric,
        )
    except InputError as exc:
        raise _bad_input(exc) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nornir-optics {__version__}")
        raise typer.Exit


LIBRARY_LOGGERS = ("netmiko", "napalm", "paramiko")
"""Third-party loggers shown at -vv (warnings of theirs always)."""


def _logging(verbose: int) -> Callable[[], None]:
    """Log to stderr through Rich: warnings; -v INFO of nornir_optics; -vv DEBUG, libraries too.

    Returns what puts the loggers back as they were (the CLI runs it when the command ends).
    """
    handler = RichHandler(
        console=Console(stderr=True, highlight=False), show_path=False, markup=False
    )
    levels = {
        "nornir_optics": (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)],
        **dict.fromkeys(LIBRARY_LOGGERS, logging.DEBUG if verbose >= 2 else logging.WARNING),  # noqa: PLR2004
    }
    before = {name: logging.getLogger(name).level for name in levels}
    for name, level in levels.items():
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(level)

    def restore() -> None:
        for name, level in before.items():
            logging.getLogger(name).removeHandler(handler)
            logging.getLogger(name).setLevel(level)

    return restore


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            help=(
                "Log to stderr: -v the gather device by device, -vv debug (commands, Netmiko, "
                "NAPALM, paramiko) and a Netmiko session log per device in --log-dir. "
                "Passwords and secrets of the inventory are masked."
            ),
        ),
    ] = 0,
    log_dir: Annotated[
        Path,
        typer.Option("--log-dir", help="Folder of the -vv session logs (made 0700, files 0600)."),
    ] = Path(".optics/logs"),
) -> None:
    """Transceiver inventory, DOM and cabling-plan audits for 400G fabrics."""
    del version  # handled by its eager callback
    ctx.call_on_close(_logging(verbose))
    if verbose >= 2:  # noqa: PLR2004 - -vv
        from nornir_optics.redact import keep_session_logs

        keep_session_logs(log_dir)
        ctx.call_on_close(lambda: keep_session_logs(None))


@intent_app.command("check")
def intent_check(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
    config: ConfigOption = None,
) -> None:
    """Validate the intent against the inventory and the catalogues; exit 2 on any problem.

    Checks keys, values, optic types, cable connectors, port names on managed devices (every
    port must exist on the device's model), ports used twice and breakout leg counts. Each
    problem is printed as one line, ``file:line: what is wrong``.
    """
    fabric = _load(inventory, intent, max_intent_mb, config)
    managed = sorted(
        {end.device for link in fabric.links for end in (link.a, *link.z) if end.managed}
    )
    _console().print(
        f"[green]{fabric.document.path}: ok[/] — {len(fabric.links)} link(s), "
        f"{len(managed)} managed device(s) of {len(fabric.managed.devices)} in "
        f"{config or inventory}"
    )


@plan_app.command("audit")
def plan_audit(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Report format.")
    ] = Format.TABLE,
    fail_on: FailOnOption = FailOn.ERROR,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Judge every link of the plan (cabled or planned) without touching a device.

    Per link: the port exists and its cage takes the module, the platform runs that optic and
    breakout mode there, the two ends (or each breakout leg) are compatible, the run is within
    reach, fibre and connectors match the optics, and each end's FEC suits its optic.
    """
    fabric = _load(inventory, intent, max_intent_mb, config)
    report = audit_plan(fabric)
    if output_format is Format.JSON:
        text = report_json(report)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        console = (
            Console(file=output.open("w", encoding="utf-8"), width=160) if output else _console()
        )
        print_table(console, report, f"Plan audit of {fabric.document.path}")
    raise typer.Exit(ExitCode.FINDINGS if report.reaches(fail_on.threshold()) else ExitCode.OK)


@app.command("parse")
def parse_command(
    file: Annotated[
        Path | None, typer.Argument(help="Saved output (from a show tech, a ticket); - for stdin.")
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            "-p",
            help="arista_eos, cisco_nxos, juniper_junos, sonic, cisco_xr, linux_ethtool.",
        ),
    ] = None,
    command: Annotated[
        str | None,
        typer.Option(
            "--command", "-c", help='The command as typed, e.g. "show int transceiver | json".'
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.JSON,
    list_commands: Annotated[
        bool, typer.Option("--list", help="Show the platforms and commands it reads.")
    ] = False,
) -> None:
    """Read saved device output into the optics model: inventory, per-lane DOM, thresholds, ports.

    Lanes are numbered from 1; a dark lane is `no_light` (never 0.0 or -40), lanes that carry no
    signal by design are `unused`; types are catalogue names (400GBASE-DR4).
    """
    from nornir_optics.cli.render import facts_json, print_commands, print_facts
    from nornir_optics.platforms import PARSE_PLATFORMS
    from nornir_optics.platforms.commands import parse

    if list_commands:
        table = {name: sorted(platform.PARSERS) for name, platform in PARSE_PLATFORMS.items()}
        print_commands(_console(), table)
        return
    err = Console(stderr=True, highlight=False)
    if file is None or platform is None or command is None:
        err.print("optics parse needs FILE, --platform and --command (or --list)", markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT)
    try:
        text = (
            sys.stdin.read()
            if str(file) == "-"
            else file.read_text(encoding="utf-8", errors="replace")
        )
    except OSError as exc:
        err.print(f"{file}: cannot read: {exc.strerror or exc}", markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    try:
        facts = parse(platform, command, text)
    except OpticsError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        err.print(
            f"{file}: not {platform} `{command}` output ({type(exc).__name__}: {exc})", markup=False
        )
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    if output_format is Format.JSON:
        sys.stdout.write(facts_json(facts))
    else:
        print_facts(_console(), facts)


class InventoryFormat(StrEnum):
    """Formats of the inventory report."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MD = "md"


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        help="Devices gathered in parallel (a threaded runner; default: the config's runner).",
        min=1,
    ),
]


class Transport(StrEnum):
    """How the gather reaches a device."""

    NETMIKO = "netmiko"
    NAPALM = "napalm"


TransportOption = Annotated[
    Transport | None,
    typer.Option(
        "--transport",
        help=(
            "netmiko (SSH) or napalm (the host's NAPALM driver: EOS eAPI, Junos NETCONF, "
            "NX-OS NX-API or SSH; not SONiC). Default: each host's optics_transport data, "
            "else netmiko."
        ),
    ),
]
FarEndsOption = Annotated[
    bool,
    typer.Option(
        "--far-ends/--no-far-ends",
        help=(
            "With --filter: also gather (read-only) the managed far ends of the filtered "
            "devices' links, so symptoms are attributed to their causes there."
        ),
    ),
]


@app.command("inventory")
def inventory_command(
    inventory: InventoryOption = Path("inventory"),
    output_format: Annotated[
        InventoryFormat, typer.Option("--format", "-f", help="Report format.")
    ] = InventoryFormat.TABLE,
    workers: WorkersOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    config: ConfigOption = None,
    filters: FilterOption = None,
    ask_pass: AskPassOption = False,
    push_to_nautobot: Annotated[
        str | None,
        typer.Option(
            "--push-to-nautobot",
            help="Record the modules found as Nautobot inventory items (URL; --token-env).",
        ),
    ] = None,
    token_env: Annotated[
        str, typer.Option("--token-env", help="Environment variable holding the API token.")
    ] = "NAUTOBOT_TOKEN",  # noqa: S107 - a variable's name, not a token
    transport: TransportOption = None,
) -> None:
    """The fleet's transceiver inventory: one row per module, with its worst lane.

    Gathers every device of the inventory (one SSH session each) and lists device, port, type,
    vendor, part number, serial, firmware, temperature and the worst lane's Rx with its margin
    to the module's low-warning threshold. A device that cannot be read is an error row; the
    exit code is then 3 (partial).
    """
    from nornir_optics.cli.render import inventory_rows, print_inventory, write_inventory
    from nornir_optics.session import gather_fleet

    session = _session(
        inventory,
        config=config,
        workers=workers,
        filters=filters,
        ask_pass=ask_pass,
        with_fabric=False,
    )
    fleet = gather_fleet(
        session,
        show_progress=sys.stderr.isatty(),
        transport=transport.value if transport else None,
    )
    rows = inventory_rows(fleet)
    errors = [
        {"device": name, "error": message} for name, (_, message) in sorted(fleet.errors.items())
    ]
    if output_format is InventoryFormat.TABLE:
        console = (
            Console(file=output.open("w", encoding="utf-8"), width=180) if output else _console()
        )
        print_inventory(console, rows, errors)
    else:
        text = write_inventory(rows, errors, output_format.value)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if push_to_nautobot:
        _push_to_nautobot(push_to_nautobot, token_env, fleet)
    raise typer.Exit(ExitCode.PARTIAL if errors else ExitCode.OK)


def _push_to_nautobot(url: str, token_env: str, fleet: Fleet) -> None:
    from nornir_optics.sot.nautobot import api_error, connect, push_inventory

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        result = push_inventory(connect(url, token_env), fleet)
    except InputError as exc:
        raise _bad_input(exc) from None
    except Exception as exc:  # noqa: BLE001 - the API's failures, one line (no token in it)
        raise _bad_input(api_error(exc)) from None
    for verb, items in (
        ("created", result.created),
        ("updated", result.updated),
        ("left as they were", result.unchanged),
        ("left in Nautobot, no module found now", result.stale),
    ):
        shown = f": {', '.join(items)}" if items and verb != "left as they were" else ""
        err.print(f"Nautobot {url}: {len(items)} inventory item(s) {verb}{shown}", markup=False)
    if result.unknown_devices:
        err.print(
            f"Nautobot {url}: no device named {', '.join(result.unknown_devices)}: not recorded",
            markup=False,
        )


class Engine(StrEnum):
    """Where the audit's gather runs."""

    LOCAL = "local"
    CELERY = "celery"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help=(
            "local: this process gathers every device; celery: shards of the fleet go to "
            "Celery workers (docs/celery.md), the report is the same."
        ),
    ),
]
ShardsOption = Annotated[
    int | None,
    typer.Option(
        "--shards",
        help="--engine celery: shards per queue (default: the worker processes consuming it).",
        min=1,
    ),
]
BrokerOption = Annotated[
    str | None,
    typer.Option(
        "--broker",
        envvar="OPTICS_CELERY_BROKER",
        show_envvar=True,
        help=(
            "--engine celery: the Redis broker URL (default: the one of make celery-up). "
            "Prefer the environment variable for a URL with a password."
        ),
    ),
]
QueueByOption = Annotated[
    str | None,
    typer.Option(
        "--queue-by",
        help=(
            "--engine celery: route each host's shard to queue optics.<VALUE> of this data "
            "key (site=par1: queue optics.par1, for workers at that site)."
        ),
    ),
]
ShardTimeoutOption = Annotated[
    float,
    typer.Option(
        "--shard-timeout",
        help="--engine celery: seconds to wait for all shards (late ones: unreachable).",
        min=1.0,
    ),
]


class AuditFormat(StrEnum):
    """Formats of the audit report."""

    TABLE = "table"
    JSON = "json"
    MD = "md"
    JUNIT = "junit"
    HTML = "html"
    PROMETHEUS = "prometheus"


FilterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--filter",
        help=(
            "Only hosts with KEY=VALUE (repeatable): name=leaf1, platform=sonic, groups=dc1, "
            "role=leaf (data keys, dotted for nested data)."
        ),
    ),
]


@app.command("audit")
def audit_command(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
    output_format: Annotated[AuditFormat, typer.Option("--format", "-f", help="Report format.")] = (
        AuditFormat.TABLE
    ),
    fail_on: FailOnOption = FailOn.ERROR,
    workers: WorkersOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    filters: FilterOption = None,
    config: ConfigOption = None,
    ask_pass: AskPassOption = False,
    far_ends: FarEndsOption = True,
    record: Annotated[
        bool, typer.Option("--record", help="Record this run in the history store (--db).")
    ] = False,
    db: DbOption = DEFAULT_DB,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Take the run as of this time (ISO 8601; default now)."),
    ] = None,
    transport: TransportOption = None,
    engine: EngineOption = Engine.LOCAL,
    shards: ShardsOption = None,
    broker: BrokerOption = None,
    queue_by: QueueByOption = None,
    shard_timeout: ShardTimeoutOption = 900.0,
) -> None:
    """Audit live state against the intent: the plan checks plus everything the devices report.

    Module present, of the planned type, approved, serial unique; breakout, speed, FEC and admin
    state as planned; link state; per-lane DOM against the module's thresholds and policy;
    per-lane link budget when both ends are managed. One cause per fault, with its symptoms
    marked and linked to it, and a remedy for each cause: `config` (optics remediate fixes it),
    `physical` (a work order) or `intent` (the plan must change). Exit 3 when a device could not
    be read (it gets an `unreachable` or `parse-error` finding; the rest is audited).

    With a history store (`--record`, or an existing `--db`), each lane's Rx is also judged
    over the recorded runs (`dom-trend`: a fading lane and when it crosses its thresholds).
    `--record` stores the run (exit 4 if the store cannot be written; the report is still out).

    `--engine celery` splits the fleet into shards gathered by Celery workers (a Redis broker:
    `make celery-up`); the workers read inventory and credentials themselves, the checks run
    here on the merged facts, and the report is the one of a single process.
    """
    from nornir_optics.metrics import exposition, write_textfile
    from nornir_optics.reports import to_html, to_junit, to_markdown

    when = _run_time(at)
    started = time.monotonic()
    session, fabric, fleet = _gathered(
        inventory,
        config=config,
        intent=intent,
        max_intent_mb=max_intent_mb,
        workers=workers,
        filters=filters,
        ask_pass=ask_pass,
        far_ends=far_ends,
        transport=transport.value if transport else None,
        engine=_engine_options(engine, shards, broker, queue_by, shard_timeout, ask_pass),
    )
    gathered = time.monotonic() - started
    report, store_error = _remembering_audit(
        fabric, fleet, db, (when, gathered), record=record, scope=session.scope
    )
    title = f"Optics audit of {config or inventory}"
    if output_format is AuditFormat.TABLE:
        console = (
            Console(file=output.open("w", encoding="utf-8"), width=180) if output else _console()
        )
        print_table(console, report, title)
    else:
        checked = sorted(
            {
                (end.device, end.interface)
                for link in fabric.links
                for end in (link.a, *link.z)
                if end.managed and (session.scope is None or end.device in session.scope)
            }
        )
        text = {
            AuditFormat.JSON: lambda: report_json(report),
            AuditFormat.MD: lambda: to_markdown(report, title),
            AuditFormat.JUNIT: lambda: to_junit(report, checked),
            AuditFormat.HTML: lambda: to_html(
                report, fleet, title, _history_html(db, fleet), _shut_ports(fabric)
            ),
            AuditFormat.PROMETHEUS: lambda: exposition(
                fleet, report.findings, at=when, gather_seconds=gathered
            ),
        }[output_format]()
        if output and output_format is AuditFormat.PROMETHEUS:
            write_textfile(output, text)  # atomic, for node_exporter's textfile collector
        elif output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if store_error:
        raise typer.Exit(ExitCode.STORE)
    if _partial(fleet, session):
        raise typer.Exit(ExitCode.PARTIAL)
    raise typer.Exit(ExitCode.FINDINGS if report.reaches(fail_on.threshold()) else ExitCode.OK)


def _shut_ports(fabric: Fabric) -> frozenset[tuple[str, str]]:
    """The managed cages of links the intent shuts on purpose."""
    return frozenset(
        (end.device, end.interface)
        for link in fabric.links
        if link.link.shut
        for end in (link.a, *link.z)
        if end.managed
    )


def _history_html(db: str, fleet: Fleet) -> str:
    """The HTML report's history part, where a store exists (empty otherwise)."""
    from nornir_optics.history import HistoryError, open_store
    from nornir_optics.reports_history import history_html

    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        return ""
    try:
        with open_store(db) as store:
            return history_html(store, fleet)
    except HistoryError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(str(exc), markup=False)
        return ""


def _run_time(at: str | None) -> float:
    from nornir_optics.history.job import parse_time

    if at is None:
        return time.time()
    try:
        return parse_time(at)
    except OpticsError as exc:
        Console(stderr=True).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None


def _remembering_audit(
    fabric: Fabric,
    fleet: Fleet,
    db: str,
    at: tuple[float, float],
    *,
    record: bool,
    scope: Collection[str] | None = None,
) -> tuple[Report, bool]:
    """The audit with the store's history where there is a store; the run recorded if asked.

    A store error is one line on stderr; the audit is then done without history, so the
    report still comes out.
    """
    from nornir_optics.checks.live import audit_live
    from nornir_optics.history import HistoryError, open_store
    from nornir_optics.history.job import audit_and_record

    local = not db.startswith(("postgresql://", "postgres://"))
    if not record and local and not Path(db).exists():
        return audit_live(fabric, fleet, scope=scope), False
    try:
        with open_store(db) as store:
            report, _ = audit_and_record(
                fabric, fleet, store, at=at[0], record=record, gather_seconds=at[1], scope=scope
            )
    except HistoryError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(str(exc), markup=False)
        return audit_live(fabric, fleet, scope=scope), True
    return report, False


def _engine_options(
    engine: Engine,
    shards: int | None,
    broker: str | None,
    queue_by: str | None,
    timeout: float,
    ask_pass: bool,
) -> CeleryOptions | None:
    """The Celery options of ``--engine celery`` (None: gather in this process)."""
    if engine is Engine.LOCAL:
        return None
    try:
        from nornir_optics.shards.dispatch import CeleryOptions
    except ImportError as exc:
        msg = f"--engine celery needs Celery: pip install 'nornir-optics[celery]' ({exc})"
        raise _bad_input(InputError([msg])) from None
    if ask_pass:
        raise _bad_input(
            InputError(
                [
                    (
                        "--ask-pass cannot be used with --engine celery: a password is never "
                        "sent to the workers; give each worker its credentials (OPTICS_PASSWORD "
                        "in its environment or its inventory, docs/celery.md)"
                    )
                ]
            )
        )
    return CeleryOptions(broker=broker, shards=shards, queue_by=queue_by, timeout=timeout)


def _gathered(
    inventory: Path,
    *,
    config: Path | None,
    intent: Path | None,
    max_intent_mb: float,
    workers: int | None,
    filters: list[str] | None,
    ask_pass: bool,
    far_ends: bool,
    transport: str | None = None,
    engine: CeleryOptions | None = None,
) -> tuple[Session, Fabric, Fleet]:
    """Open the command's fabric and gather it (the targets and the far ends they need)."""
    from dataclasses import replace

    from nornir_optics.session import gather_fleet, gather_names

    session = _session(
        inventory,
        config=config,
        intent=intent,
        max_intent_mb=max_intent_mb,
        workers=workers,
        filters=filters,
        ask_pass=ask_pass,
    )
    assert session.fabric is not None  # noqa: S101 - opened with_fabric
    if engine is None:
        fleet = gather_fleet(
            session, far_ends=far_ends, show_progress=sys.stderr.isatty(), transport=transport
        )
        return session, session.fabric, fleet
    from nornir_optics.shards.dispatch import EngineError, gather_on_celery

    try:
        fleet = gather_on_celery(
            session.nr,
            gather_names(session, far_ends=far_ends),
            (session.source.directory, session.source.config_file),
            replace(engine, workers=workers, transport=transport),
            show_progress=sys.stderr.isatty(),
        )
    except EngineError as exc:
        raise _bad_input(InputError([str(exc)])) from None
    return session, session.fabric, fleet


def _partial(fleet: Fleet, session: Session) -> bool:
    """Whether a targeted device could not be read (a far end read only for context is not)."""
    scope = session.scope
    return any(scope is None or name in scope for name in fleet.errors)


@app.command("remediate")
def remediate_command(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
    commit: Annotated[
        bool, typer.Option("--commit", help="Apply the changes (default: a dry run).")
    ] = False,
    filters: FilterOption = None,
    max_devices: Annotated[
        int,
        typer.Option(
            "--max-devices", help="Refuse to touch more devices than this without --force."
        ),
    ] = 10,
    force: Annotated[
        bool, typer.Option("--force", help="Allow more than --max-devices devices.")
    ] = False,
    confirm_timeout: Annotated[
        int,
        typer.Option(
            "--confirm-timeout", help="Seconds before an unconfirmed commit reverts itself."
        ),
    ] = 120,
    settle: Annotated[
        float,
        typer.Option("--settle", help="Seconds to let links settle before verifying a commit."),
    ] = 3.0,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Report format.")
    ] = Format.TABLE,
    log_dir: Annotated[
        Path,
        typer.Option("--log-dir", help="Change log, change journal (JSON lines), config backups."),
    ] = Path(".optics/changes"),
    workers: WorkersOption = None,
    config: ConfigOption = None,
    ask_pass: AskPassOption = False,
    far_ends: FarEndsOption = True,
    recover: Annotated[
        bool,
        typer.Option(
            "--recover",
            help="Finish the commits the journal shows open after a crash or kill, then stop.",
        ),
    ] = False,
    recover_action: Annotated[
        RecoverAction,
        typer.Option("--recover-action", help="With --recover: roll back (default) or confirm."),
    ] = RecoverAction.ROLLBACK,
    break_lock: Annotated[
        bool,
        typer.Option(
            "--break-lock",
            help="Remove a stale fabric lock (its process gone on this host) before starting.",
        ),
    ] = False,
) -> None:
    """Fix what the audit marks `config`: plan, dry-run diff, or commit, verify and roll back.

    A dry run unless `--commit`. For each device: the ordered config lines in its own syntax
    (breakout first, then speed, FEC, description, admin state), whether they are disruptive,
    and the diff the device computes. With `--commit`: back up the running config, load, commit
    with a confirm timer where the platform has one (EOS session, Junos commit confirmed; NX-OS
    checkpoint; SONiC saves only after verification), gather again, and confirm only when the
    device's config findings are gone and nothing new appeared, else roll back. A device that
    rejects a line gets its previous config back. Ports the intent shuts are never enabled.
    `physical` causes are printed as work orders. Every commit is journaled before its first
    line (`--log-dir`/journal.jsonl); `--recover` finishes the ones a crash or kill left open.
    A commit or a recovery holds the fabric's lock (`<inventory>/.optics-remediate.lock`): a
    second one refuses, naming the owner. SIGINT/SIGTERM roll back what is not yet verified
    and exit 130/143. Exit: 0 done, 1 a device failed or was rolled back, 2 refused or bad
    input, 3 a device could not be read.
    """
    from nornir_optics.lock import LockedError, fabric_lock

    def run(caught: Interrupts | None) -> None:
        _remediate(
            inventory,
            intent,
            max_intent_mb,
            filters,
            max_devices,
            force,
            confirm_timeout,
            settle,
            output_format,
            log_dir,
            workers,
            caught,
            (config, ask_pass, far_ends),
        )

    if not commit and not recover:
        run(None)
        return
    try:
        with fabric_lock(inventory, break_lock=break_lock):
            if recover:
                _recover(
                    inventory,
                    filters,
                    log_dir,
                    workers,
                    output_format,
                    recover_action,
                    (config, ask_pass),
                )
            with interrupts() as caught:
                run(caught)
    except LockedError as exc:
        Console(stderr=True, highlight=False).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None


def _recover(
    inventory: Path,
    filters: list[str] | None,
    log_dir: Path,
    workers: int | None,
    output_format: Format,
    action: RecoverAction,
    access: tuple[Path | None, bool],
) -> None:
    """``remediate --recover``: finish the open transactions, say what was done per device."""
    from nornir_optics.remediate import recover

    config, ask_pass = access
    nr = _session(
        inventory,
        config=config,
        workers=workers,
        filters=filters,
        ask_pass=ask_pass,
        with_fabric=False,
    ).targets
    done = recover(nr, log_dir, confirm=action is RecoverAction.CONFIRM)
    if output_format is Format.JSON:
        sys.stdout.write(json.dumps([r.to_dict() for r in done], indent=2) + "\n")
    else:
        console = _console()
        if not done:
            console.print("nothing to recover: the journal has no open transaction", markup=False)
        for item in done:
            verdict = f"FAILED: {item.error}" if item.error else "ok"
            console.print(
                f"{item.device}: {item.txn} (left {item.state}): {item.action}: {verdict}",
                markup=False,
            )
    raise typer.Exit(ExitCode.FINDINGS if any(r.error for r in done) else ExitCode.OK)


def _remediate(
    inventory: Path,
    intent: Path | None,
    max_intent_mb: float,
    filters: list[str] | None,
    max_devices: int,
    force: bool,
    confirm_timeout: int,
    settle: float,
    output_format: Format,
    log_dir: Path,
    workers: int | None,
    caught: Interrupts | None,
    access: tuple[Path | None, bool, bool],
) -> None:
    """Plan, then dry-run (``caught`` None) or commit under the lock and the signal handlers.

    ``access``: the config file, whether to ask for the password, whether to read far ends.
    """
    from nornir_optics.cli.render import print_remediation
    from nornir_optics.journal import open_transactions
    from nornir_optics.remediate import execute, plan

    commit = caught is not None
    config, ask_pass, far_ends = access
    session, fabric, fleet = _gathered(
        inventory,
        config=config,
        intent=intent,
        max_intent_mb=max_intent_mb,
        workers=workers,
        filters=filters,
        ask_pass=ask_pass,
        far_ends=far_ends,
    )
    nr = session.targets
    left = [e for e in open_transactions(log_dir) if e.device in nr.inventory.hosts]
    if left:
        listed = ", ".join(f"{e.device} ({e.txn}, left {e.state})" for e in left)
        Console(stderr=True).print(
            f"the journal {log_dir / 'journal.jsonl'} has open transactions: {listed}; "
            + ("refused: run `optics remediate --recover` first" if commit else "see --recover"),
            markup=False,
        )
        if commit:
            raise typer.Exit(ExitCode.BAD_INPUT)
    remediation = plan(fabric, fleet)
    remediation.devices = [
        run for run in remediation.devices if run.plan.device in nr.inventory.hosts
    ]
    remediation.work_orders = [
        order for order in remediation.work_orders if order.device in nr.inventory.hosts
    ]
    if len(remediation.devices) > max_devices and not force:
        Console(stderr=True).print(
            f"{len(remediation.devices)} devices to change, more than --max-devices {max_devices}: "
            "refused (add --force, or narrow with --filter)",
            markup=False,
        )
        raise typer.Exit(ExitCode.BAD_INPUT)
    execute(
        nr,
        fabric,
        remediation,
        fleet,
        commit=commit,
        confirm_timeout=confirm_timeout,
        settle=settle,
        log_dir=log_dir,
        stop=caught.stop if caught else None,
    )
    if output_format is Format.JSON:
        sys.stdout.write(json.dumps(remediation.to_dict(), indent=2) + "\n")
    else:
        print_remediation(_console(), remediation, commit=commit)
    if caught is not None and caught.exit_code is not None:
        raise typer.Exit(caught.exit_code)
    if _partial(fleet, session):
        raise typer.Exit(ExitCode.PARTIAL)
    raise typer.Exit(ExitCode.OK if remediation.ok else ExitCode.FINDINGS)


LabFileArgument = Annotated[
    Path, typer.Argument(help="Lab scenario (format: shared/reference/dc1/lab.yaml).", exists=True)
]
LabDirOption = Annotated[
    Path, typer.Option("--out", "-o", help="Folder for the lab's inventory, pid file and log.")
]


@lab_app.command("up")
def lab_up(
    lab_file: LabFileArgument,
    out: LabDirOption = Path(".lab"),
    procs: Annotated[
        int, typer.Option("--procs", min=1, help="Worker processes to spread the devices over.")
    ] = 1,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help="Seconds to wait for the lab (default: 30 s plus 50 ms per device).",
        ),
    ] = None,
) -> None:
    """Start the lab in the background; return once every device accepts connections.

    Writes a ready-to-use Nornir inventory into OUT (hosts on 127.0.0.1 with their ports,
    credentials, platform, data.model and napalm/netmiko connection options) and the lab's
    intent as OUT/intent.yaml, so `optics ... -i OUT` works at once. Stop it with
    `optics lab down OUT`. A large lab shows its progress (devices loaded, listening).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from nornir_optics.lab.control import LabError, up

    started = time.monotonic()
    with Progress(
        TextColumn("lab: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
        console=Console(stderr=True),
    ) as progress:
        bar = progress.add_task("starting", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(bar, description=stage, completed=done, total=total or None)

        try:
            info = up(lab_file, out, timeout=timeout, procs=procs, progress=report)
        except (LabError, InputError) as exc:
            progress.stop()
            Console(stderr=True, highlight=False).print(str(exc), markup=False)
            raise typer.Exit(ExitCode.BAD_INPUT) from None
    ports = info["ports"]
    count = len(ports) if isinstance(ports, dict) else 0
    workers = f", {procs} processes" if procs > 1 else ""
    _console().print(
        f"[green]lab up[/]: {count} device(s) from {lab_file} in "
        f"{time.monotonic() - started:.1f} s{workers}; inventory in {out} (pid {info['pid']})"
    )


@lab_app.command("generate")
def lab_generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the fabric into.")],
    leaves: Annotated[int, typer.Option("--leaves", min=1, help="Leaf switches.")] = 1000,
    faults: Annotated[int, typer.Option("--faults", min=0, help="Faults to plant.")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed: same seed, same fabric.")] = 1,
    uplinks: Annotated[int, typer.Option("--uplinks", min=1, help="Uplinks a leaf.")] = 2,
    servers: Annotated[
        int, typer.Option("--servers", min=0, help="Server links a leaf (half broken out).")
    ] = 16,
    latency_ms: Annotated[
        int, typer.Option("--latency-ms", min=0, help="Latency every device adds per command.")
    ] = 0,
) -> None:
    """Write a leaf-spine fabric in the reference format of shared/reference/dc1.

    OUT gets intent.yaml, lab.yaml (devices, modules, seeded faults), expected.yaml (the cause
    every fault must produce) and a Nornir inventory (hosts, groups, defaults). Serve it with
    `optics lab up OUT/lab.yaml`.
    """
    from nornir_optics.lab.generate import generate

    try:
        made = generate(
            out,
            leaves=leaves,
            faults=faults,
            seed=seed,
            uplinks=uplinks,
            servers=servers,
            latency_ms=latency_ms,
        )
    except ValueError as exc:
        Console(stderr=True, highlight=False).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    _console().print(
        f"[green]generated[/] {out}: {made.spines} spines, {made.leaves} leaves, "
        f"{made.links} links, {made.faults} fault(s) ({made.expected} expected finding(s))"
    )


@lab_app.command("down")
def lab_down(
    out: Annotated[Path, typer.Argument(help="The folder given to `lab up --out`.")] = Path(".lab"),
) -> None:
    """Stop the lab started into OUT: no process and no listener stays behind."""
    from nornir_optics.lab.control import down

    if down(out):
        _console().print(f"[green]lab down[/]: stopped the lab of {out}")
    else:
        _console().print(f"no lab running from {out}")


@lab_app.command("run")
def lab_run(lab_file: LabFileArgument, out: LabDirOption = Path(".lab")) -> None:
    """Run the lab in the foreground until Ctrl-C (inventory written to OUT as with `up`)."""
    from nornir_optics.lab.server import run

    try:
        run(lab_file, out)
    except InputError as exc:
        Console(stderr=True, highlight=False).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None


LabOutArgument = Annotated[Path, typer.Argument(help="The folder given to `lab up --out`.")]


@lab_app.command("advance")
def lab_advance(
    out: LabOutArgument,
    days: Annotated[float, typer.Option("--days", help="How many lab days to move forward.")],
) -> None:
    """Move the running lab's time forward: fades (`fade_db_per_day`) deepen, readings wobble."""
    from nornir_optics.history.job import when
    from nornir_optics.lab.control import LabError, advance

    try:
        answer = advance(out, days)
    except LabError as exc:
        Console(stderr=True, highlight=False).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    _console().print(
        f"lab time: day {answer['days']:g} ({when(float(answer['clock']))}); "
        f"--at {float(answer['clock']):.0f}"
    )


@lab_app.command("set")
def lab_set(
    out: LabOutArgument,
    port: Annotated[str, typer.Argument(help="DEVICE:PORT of a lab switch's cage.")],
    changes: Annotated[
        list[str],
        typer.Argument(help="module=none|<optic type>, serial=..., vendor=..., firmware=..."),
    ],
) -> None:
    """Swap, remove or insert a module in the running lab (a new module gets a new serial)."""
    from nornir_optics.lab.control import LabError, set_module

    pairs = dict(item.partition("=")[::2] for item in changes)
    if any(not key or not value for key, value in pairs.items()):
        Console(stderr=True).print("lab set takes KEY=VALUE pairs", markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT)
    try:
        answer = set_module(out, port, pairs)
    except LabError as exc:
        Console(stderr=True, highlight=False).print(str(exc), markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    module = answer.get("module")
    _console().print(
        f"{port}: " + (f"{module} serial {answer['serial']}" if module else "no module")
    )


def main() -> None:
    """Entry point of the ``optics`` script."""
    app()


# The intent's write-back commands (import, diff, accept) live in a module of their own.
from nornir_optics.cli import intent_commands as _intent_commands  # noqa: E402

del _intent_commands
