r"""Remediation lines by config diff: hier_config's ``WorkflowRemediation`` with our rules as data.

For EOS, NX-OS and Junos a remediation is no longer a list of lines written per setting: the
platform's ``config.py`` takes the running config (or an excerpt of it), keeps only the
interfaces the plan touches, builds the intended config of those interfaces from the plan's
changes, and hier_config works out the lines that get from one to the other (the remediation)
and back (the rollback). Each of those packages extends hier_config's driver of its OS in its
``config.py`` (a subclass whose ``_instantiate_rules`` adds ours, :func:`with_ours`); what
hier_config must know about our lines (which lines replace each
other, how a FEC line is removed, breakout lines first, which lines carry a setting) is data in
``data/hier_config.yaml``, validated by hier_config's own models on load.

>>> from nornir_optics.platforms.cisco_nxos.config import driver
>>> diff = config_diff(driver(), "interface Ethernet1/63\n  fec off\n", "interface Ethernet1/63\n")
>>> diff.lines, diff.rollback
(['interface Ethernet1/63', '  no fec'], ['interface Ethernet1/63', '  fec off'])
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from hier_config import HConfig, HConfigChild, Platform, WorkflowRemediation, get_hconfig
from hier_config.platforms.driver_base import HConfigDriverRules
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from nornir_optics.catalog import read_data_file
from nornir_optics.checks.remediation import Setting
from nornir_optics.exceptions import CatalogError
from nornir_optics.platforms.base import ConfigDiff

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hier_config.platforms.driver_base import HConfigDriverBase

RULES_FILE = "hier_config.yaml"


def _platform_by_name(value: object) -> object:
    """hier_config's ``Platform`` from its name (``arista_eos``); other values as they are."""
    if isinstance(value, str) and value.upper() in Platform.__members__:
        return Platform[value.upper()]
    return value


class PlatformRules(BaseModel):
    """One platform's entry of ``data/hier_config.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    extends: Annotated[Platform, BeforeValidator(_platform_by_name)]
    """The hier_config driver the rules are added to (its ``Platform`` name, lower case)."""
    settings: dict[Setting, tuple[str, ...]]
    """Per setting of a change, the prefixes of the lines that carry it."""
    rules: HConfigDriverRules
    """Rules added before the driver's own (hier_config's shapes)."""


class RulesFile(BaseModel):
    """``data/hier_config.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platforms: dict[str, PlatformRules]


@cache
def load_rules() -> RulesFile:
    """The rules of ``data/hier_config.yaml``, validated (once per process)."""
    try:
        return RulesFile.model_validate(read_data_file(RULES_FILE))
    except ValidationError as exc:
        msg = f"{RULES_FILE}: {exc}"
        raise CatalogError(msg) from None


def platform_rules(platform: str) -> PlatformRules:
    """One platform's rules; a platform without any is an error naming those that have them."""
    found = load_rules().platforms.get(platform)
    if found is None:
        known = ", ".join(load_rules().platforms)
        msg = f"no hier_config rules for platform {platform!r}; known: {known}"
        raise CatalogError(msg)
    return found


def with_ours(theirs: HConfigDriverRules, platform: str) -> HConfigDriverRules:
    """A driver's rules with ours added: our rule lists first, our single values instead."""
    ours = platform_rules(platform).rules
    update: dict[str, Any] = {}
    for name in ours.model_fields_set:
        mine = getattr(ours, name)
        update[name] = [*mine, *getattr(theirs, name)] if isinstance(mine, list) else mine
    return theirs.model_copy(update=update)


def parse(driver: HConfigDriverBase, text: str) -> HConfig:
    """A config text (running config, excerpt or intended snippet) as a hier_config tree."""
    return get_hconfig(driver, text)


def setting_prefixes(platform: str, setting: Setting) -> tuple[str, ...]:
    """The prefixes of the lines that carry one setting on a platform (data)."""
    return platform_rules(platform).settings.get(setting, ())


def diff_of(running: HConfig, intended: HConfig) -> ConfigDiff:
    """The remediation and the rollback between two trees, by ``WorkflowRemediation``."""
    workflow = WorkflowRemediation(running, intended)
    return ConfigDiff(
        lines=_lines(workflow.remediation_config.all_children_sorted()),
        rollback=_lines(workflow.rollback_config.all_children_sorted()),
    )


def config_diff(driver: HConfigDriverBase, running: str, intended: str) -> ConfigDiff:
    """The remediation and the rollback between two config texts of one driver."""
    return diff_of(parse(driver, running), parse(driver, intended))


def _lines(children: Iterable[Any]) -> list[str]:
    return [child.cisco_style_text() for child in children]


def sections(running: HConfig, names: Iterable[str]) -> HConfig:
    """An excerpt of a running config: copies of the ``interface <name>`` sections it has."""
    excerpt = HConfig(running.driver)
    for name in names:
        found = running.get_child(equals=f"interface {name}")
        if found is not None:
            excerpt.add_deep_copy_of(found)
    return excerpt


def replace_lines(
    parent: HConfig | HConfigChild, prefixes: Iterable[str], lines: Iterable[str]
) -> None:
    """Drop the children of ``parent`` that start with one of ``prefixes``; add ``lines``."""
    starts = tuple(prefixes)
    for child in [child for child in parent.children if child.text.startswith(starts)]:
        child.delete()
    for line in lines:
        parent.add_child(line, return_if_present=True)
