"""``optics intent import | diff | accept``: the plan written back, from where the truth is.

Registered on the ``intent`` sub-command of :mod:`nornir_optics.cli`. Each keeps the file's
comments, order and formatting (:mod:`nornir_optics.intent_write`), prints the diff before it
writes, and with ``--dry-run`` prints only the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from nornir_optics.cli import (
    AskPassOption,
    ConfigOption,
    ExitCode,
    IntentOption,
    InventoryOption,
    MaxIntentMbOption,
    WorkersOption,
    _bad_input,
    _load,
    _session,
    intent_app,
)
from nornir_optics.exceptions import InputError
from nornir_optics.intent_write import merge_links, open_intent, write_intent
from nornir_optics.session import intent_path_for
from nornir_optics.yamlfile import DEFAULT_MAX_MB

if TYPE_CHECKING:
    from nornir_optics.intent_write import LinkData, Merge

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the diff only; write nothing.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="The intent file to write (default: the command's intent)."
    ),
]
UrlOption = Annotated[
    str | None,
    typer.Option("--from-nautobot", help="Nautobot URL: read the plan from its cables."),
]
TokenEnvOption = Annotated[
    str,
    typer.Option("--token-env", help="Environment variable holding the Nautobot API token."),
]


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _report(merge: Merge, diff: str, *, dry_run: bool, target: Path) -> None:
    if diff:
        sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
    verb = "would change" if dry_run else "changed"
    summary = (
        f"{target}: {len(merge.added)} link(s) added, {len(merge.changed)} {verb}, "
        f"{len(merge.unchanged)} unchanged, {len(merge.left)} of the file left as they are"
    )
    if not diff:
        summary = f"{target}: no change ({len(merge.unchanged)} link(s) already as planned)"
    elif dry_run:
        summary += " (dry run: nothing written)"
    _err().print(summary, markup=False)


def _nautobot_links(url: str, token_env: str) -> list[LinkData]:
    from nornir_optics.catalog import load_catalog
    from nornir_optics.sot.nautobot import api_error, connect, links_from_nautobot

    api = connect(url, token_env)
    try:
        return links_from_nautobot(api, load_catalog())
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - the API's failures, one line (no token in it)
        raise api_error(exc) from None


@intent_app.command("import")
def intent_import(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    config: ConfigOption = None,
    output: OutputOption = None,
    from_nautobot: UrlOption = None,
    token_env: TokenEnvOption = "NAUTOBOT_TOKEN",  # noqa: S107 - a variable's name
    as_built: Annotated[
        bool,
        typer.Option(
            "--as-built",
            help="Gather the devices and write the links LLDP shows between managed devices.",
        ),
    ] = False,
    dry_run: DryRunOption = False,
    workers: WorkersOption = None,
    ask_pass: AskPassOption = False,
) -> None:
    """Write the plan from Nautobot's cables, or from the gathered state (as built).

    `--from-nautobot URL --token-env VAR`: every cable becomes a link (its ends, fibre type,
    length, the optic from each end's module, breakouts from the legs). `--as-built -i DIR`:
    links from LLDP between managed devices, optics and breakouts from what is installed, a
    cable length of `null` (`# TODO length`) unless the file knows it. Links already in the
    file are edited in place where they differ; others are appended; the rest is left alone.
    """
    if bool(from_nautobot) == as_built:
        _err().print("intent import needs one of --from-nautobot URL or --as-built", markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT)
    target = output or intent_path_for(inventory, config, intent)
    try:
        if from_nautobot:
            links = _nautobot_links(from_nautobot, token_env)
            source = f"Nautobot {from_nautobot}"
        else:
            links = _as_built(inventory, config, intent, workers=workers, ask_pass=ask_pass)
            source = f"as built, gathered from {config or inventory}"
        tree, text, before = open_intent(target, source)
        after, merge = merge_links(tree, text, links)
    except InputError as exc:
        raise _bad_input(exc) from None
    diff = write_intent(target, before, after, dry_run=dry_run)
    _report(merge, diff, dry_run=dry_run, target=target)


def _as_built(
    inventory: Path,
    config: Path | None,
    intent: Path | None,
    *,
    workers: int | None,
    ask_pass: bool,
) -> list[LinkData]:
    from nornir_optics.intent_build import as_built_links
    from nornir_optics.session import gather_fleet

    session = _session(inventory, config=config, intent=intent, workers=workers, ask_pass=ask_pass)
    assert session.fabric is not None  # noqa: S101 - opened with_fabric
    fleet = gather_fleet(session, show_progress=sys.stderr.isatty())
    for name, (category, message) in sorted(fleet.errors.items()):
        _err().print(f"{name}: not read ({category}): {message}", markup=False)
    return as_built_links(session.fabric, fleet, list(session.nr.inventory.hosts))


@intent_app.command("diff")
def intent_diff(
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    config: ConfigOption = None,
    from_nautobot: UrlOption = None,
    token_env: TokenEnvOption = "NAUTOBOT_TOKEN",  # noqa: S107 - a variable's name
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
) -> None:
    """Show where the YAML plan and Nautobot disagree: link by link, field by field.

    Exit 0 when they agree, 1 when they do not, 2 on bad input.
    """
    if not from_nautobot:
        _err().print("intent diff needs --from-nautobot URL", markup=False)
        raise typer.Exit(ExitCode.BAD_INPUT)
    _load(inventory, intent, max_intent_mb, config)  # the plan must be valid first
    target = intent_path_for(inventory, config, intent)
    try:
        links = _nautobot_links(from_nautobot, token_env)
        tree, text, _ = open_intent(target, "")
        _, merge = merge_links(tree, text, links)
    except InputError as exc:
        raise _bad_input(exc) from None
    out = Console(highlight=False, soft_wrap=True)
    for link, changes in merge.changed.items():
        for change in changes:
            field, _, values = change.partition(": ")
            yaml_value, _, nautobot_value = values.partition(" -> ")
            out.print(
                f"{link}: {field}: YAML {yaml_value} | Nautobot {nautobot_value}", markup=False
            )
    for link in merge.added:
        out.print(f"{link}: only in Nautobot", markup=False)
    for link in merge.left:
        out.print(f"{link}: only in {target}", markup=False)
    agree = not (merge.changed or merge.added or merge.left)
    if agree:
        out.print(f"{target} and {from_nautobot} agree ({len(merge.unchanged)} link(s))")
    else:
        _err().print(
            "optics intent import --from-nautobot URL writes Nautobot's view into the file",
            markup=False,
        )
    raise typer.Exit(ExitCode.OK if agree else ExitCode.FINDINGS)


@intent_app.command("accept")
def intent_accept(
    finding_ids: Annotated[
        list[str],
        typer.Argument(help="Finding ids (as audits show them; a unique prefix will do)."),
    ],
    inventory: InventoryOption = Path("inventory"),
    intent: IntentOption = None,
    config: ConfigOption = None,
    max_intent_mb: MaxIntentMbOption = DEFAULT_MAX_MB,
    dry_run: DryRunOption = False,
) -> None:
    """Apply intent-remedy findings of the plan audit to the intent file.

    `reach-exceeded` takes the optic of the catalogue that covers the run (400G-XDR4 for 650 m
    of DR4), `fec-mismatch` the FEC the optic needs, `cable-mismatch` the assembly the optics
    need; any other finding needs a person and is refused with its action (exit 2).
    """
    from nornir_optics.checks.plan import audit_plan
    from nornir_optics.intent_build import accepted_links

    fabric = _load(inventory, intent, max_intent_mb, config)
    report = audit_plan(fabric)
    found, unknown = report.by_id(finding_ids)
    if unknown:
        known = ", ".join(f"{f.id} ({f.category})" for f in report.findings) or "none"
        _err().print(
            f"no plan finding {', '.join(unknown)}; the plan audit has: {known}", markup=False
        )
        raise typer.Exit(ExitCode.BAD_INPUT)
    try:
        links, said = accepted_links(fabric, found)
        target = fabric.document.path
        tree, text, before = open_intent(target, "")
        after, merge = merge_links(tree, text, links)
    except InputError as exc:
        raise _bad_input(exc) from None
    for line in said:
        _err().print(line, markup=False)
    diff = write_intent(target, before, after, dry_run=dry_run)
    _report(merge, diff, dry_run=dry_run, target=target)
