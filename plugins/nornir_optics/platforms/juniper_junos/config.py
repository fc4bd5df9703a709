"""Junos config syntax: the set statements of the touched interfaces, diffed by hier_config.

hier_config's Junos driver works on ``set`` lines: a running config in curly-brace text (what
NAPALM's ``get_config`` returns) is turned into ``set`` lines on load, a line that goes is
removed with ``delete``. The remediation is loaded into the candidate as it is.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from hier_config import HConfig
from hier_config.platforms.juniper_junos.driver import HConfigDriverJuniperJUNOS

from nornir_optics.platforms import hconfig
from nornir_optics.platforms.common import vendor_word
from nornir_optics.platforms.juniper_junos.parse import PLATFORM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hier_config.platforms.driver_base import HConfigDriverRules

    from nornir_optics.checks.remediation import Change
    from nornir_optics.platforms.base import ConfigDiff

_PLAIN = re.compile(r"^[^\s\"';{}#]+$")


def quote(value: str) -> str:
    """A value as Junos prints it: in double quotes when it holds spaces or special characters.

    >>> quote("srv401:eth0"), quote("to spine 1")
    ('srv401:eth0', '"to spine 1"')
    """
    return value if _PLAIN.match(value) else '"' + value.replace('"', '\\"') + '"'


class JuniperJunosDriver(HConfigDriverJuniperJUNOS):
    """hier_config's Junos (set-style lines) driver with the rules of ``data/hier_config.yaml``."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return hconfig.with_ours(HConfigDriverJuniperJUNOS._instantiate_rules(), PLATFORM)  # noqa: SLF001


@cache
def driver() -> JuniperJunosDriver:
    """The platform's hier_config driver (made once per process)."""
    return JuniperJunosDriver()


def intended_config(changes: Sequence[Change], running: str) -> tuple[HConfig, HConfig]:
    """The running config's statements of the touched interfaces, and what they should become."""
    tree = hconfig.parse(driver(), running)
    names = list(dict.fromkeys(c.interface for c in changes))
    excerpt = HConfig(tree.driver)
    for child in tree.children:
        if any(child.text.startswith(f"set interfaces {name} ") for name in names):
            excerpt.add_deep_copy_of(child)
    intended = excerpt.deep_copy()
    for change in changes:
        base = f"set interfaces {change.interface} "
        if change.setting == "speed" and ":" in change.interface:
            continue  # a channel's speed is its parent's breakout
        prefixes = [base + prefix for prefix in hconfig.setting_prefixes(PLATFORM, change.setting)]
        hconfig.replace_lines(intended, prefixes, [base + line for line in _lines(change)])
    return excerpt, intended


def config_diff(changes: Sequence[Change], running: str) -> ConfigDiff:
    """Junos set/delete statements and their rollback, from the plan and the running config."""
    return hconfig.diff_of(*intended_config(changes, running))


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """Junos set/delete statements for remediation, loaded into the candidate and committed."""
    return config_diff(changes, running).lines


def _lines(change: Change) -> list[str]:
    """The statements (after ``set interfaces <if>``) of one wanted setting; none: the default."""
    if change.setting == "breakout":
        words = (vendor_word(PLATFORM, "breakout", change.want) or "").split()
        return [" ".join(words[at : at + 2]) for at in range(0, len(words), 2)]
    if change.setting == "speed":
        return [f"speed {change.want.lower()}"]
    if change.setting == "fec":
        keyword = vendor_word(PLATFORM, "fec", change.want)
        return [f"ether-options fec {keyword}"] if keyword else []
    if change.setting == "admin":
        return [] if change.want == "up" else ["disable"]
    if change.setting == "description":
        return [f"description {quote(change.want)}"]
    return []
