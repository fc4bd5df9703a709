"""Arista EOS config syntax: the intended config of the touched interfaces, diffed by hier_config.

A breakout is the speed of its lane interfaces (``speed 100g-2`` on the first lane makes four
100G lanes), so a plan's breakout change needs no line of its own: the speed changes of its
lanes carry it out. The lines come from :mod:`nornir_optics.platforms.hconfig`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from hier_config import HConfig
from hier_config.platforms.arista_eos.driver import HConfigDriverAristaEOS

from nornir_optics.platforms import hconfig
from nornir_optics.platforms.arista_eos.parse import PLATFORM
from nornir_optics.platforms.common import vendor_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hier_config.platforms.driver_base import HConfigDriverRules

    from nornir_optics.checks.remediation import Change
    from nornir_optics.platforms.base import ConfigDiff


class AristaEOSDriver(HConfigDriverAristaEOS):
    """hier_config's EOS driver with the rules of ``data/hier_config.yaml``."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return hconfig.with_ours(HConfigDriverAristaEOS._instantiate_rules(), PLATFORM)  # noqa: SLF001


@cache
def driver() -> AristaEOSDriver:
    """The platform's hier_config driver (made once per process)."""
    return AristaEOSDriver()


def intended_config(changes: Sequence[Change], running: str) -> tuple[HConfig, HConfig]:
    """The running config's sections of the touched interfaces, and what they should become."""
    names = list(dict.fromkeys(c.interface for c in changes if c.setting != "breakout"))
    excerpt = hconfig.sections(hconfig.parse(driver(), running), names)
    intended = HConfig(excerpt.driver)
    for name in names:
        section = excerpt.get_child(equals=f"interface {name}")
        if section is None:
            intended.add_child(f"interface {name}")
        else:
            intended.add_deep_copy_of(section)
    for change in changes:
        section = intended.get_child(equals=f"interface {change.interface}")
        if section is not None:
            prefixes = hconfig.setting_prefixes(PLATFORM, change.setting)
            hconfig.replace_lines(section, prefixes, _lines(change))
    return excerpt, intended


def config_diff(changes: Sequence[Change], running: str) -> ConfigDiff:
    """EOS remediation lines and their rollback, from the plan and the running config."""
    return hconfig.diff_of(*intended_config(changes, running))


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """EOS remediation lines (interface sections), from the plan and the running config."""
    return config_diff(changes, running).lines


def _lines(change: Change) -> list[str]:
    """The running-config lines of one wanted setting (admin up is the absence of shutdown)."""
    if change.setting == "speed":
        return [str(vendor_word(PLATFORM, "speed", change.want, lanes=change.lanes))]
    if change.setting == "fec":
        return [str(vendor_word(PLATFORM, "fec", change.want))]
    if change.setting == "admin":
        return [] if change.want == "up" else ["shutdown"]
    if change.setting == "description":
        return [f"description {change.want}"]
    return []
