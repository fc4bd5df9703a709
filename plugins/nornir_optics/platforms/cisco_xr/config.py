"""Cisco IOS-XR config syntax: controller and interface sections, diffed by hier_config.

A breakout is set under the cage's optics controller (``controller Optics0/0/0/5`` /
`` breakout 4x100``), FEC, description and shutdown under the interface. IOS-XR names
interfaces with short type words (``FourHundredGigE0/0/0/1``, ``HundredGigE0/0/0/5/0``), which
the canonical names of the facts and the plan (``FourHundredGigabitEthernet0/0/0/1``) are turned
back into. The lines are typed in a config session and committed (:mod:`.push`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from hier_config import HConfig
from hier_config.platforms.cisco_xr.driver import HConfigDriverCiscoIOSXR

from nornir_optics.platforms import hconfig
from nornir_optics.platforms.cisco_xr.gather import location
from nornir_optics.platforms.cisco_xr.parse import PLATFORM
from nornir_optics.platforms.common import vendor_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hier_config.platforms.driver_base import HConfigDriverRules

    from nornir_optics.checks.remediation import Change
    from nornir_optics.platforms.base import ConfigDiff

XR_TYPES = {
    "FourHundredGigabitEthernet": "FourHundredGigE",
    "TwoHundredGigabitEthernet": "TwoHundredGigE",
    "HundredGigabitEthernet": "HundredGigE",
    "FiftyGigabitEthernet": "FiftyGigE",
    "FortyGigabitEthernet": "FortyGigE",
    "TwentyFiveGigabitEthernet": "TwentyFiveGigE",
    "TenGigabitEthernet": "TenGigE",
}
"""Canonical (netutils) interface type -> the word IOS-XR configures and prints."""


def xr_name(name: str) -> str:
    """The interface name as IOS-XR writes it.

    >>> xr_name("FourHundredGigabitEthernet0/0/0/1"), xr_name("HundredGigabitEthernet0/0/0/5/0")
    ('FourHundredGigE0/0/0/1', 'HundredGigE0/0/0/5/0')
    """
    for long, short in XR_TYPES.items():
        if name.startswith(long):
            return short + name.removeprefix(long)
    return name


def controller(cage: str) -> str:
    """The optics controller section of a cage.

    >>> controller("FourHundredGigabitEthernet0/0/0/5")
    'controller Optics0/0/0/5'
    """
    where = location(cage)
    if where is None:
        msg = f"not an IOS-XR cage name: {cage!r} (expected <type>R/S/I/P)"
        raise ValueError(msg)
    return f"controller Optics{where}"


class CiscoXRDriver(HConfigDriverCiscoIOSXR):
    """hier_config's IOS-XR driver with the rules of ``data/hier_config.yaml``."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return hconfig.with_ours(HConfigDriverCiscoIOSXR._instantiate_rules(), PLATFORM)  # noqa: SLF001


@cache
def driver() -> CiscoXRDriver:
    """The platform's hier_config driver (made once per process)."""
    return CiscoXRDriver()


def intended_config(changes: Sequence[Change], running: str) -> tuple[HConfig, HConfig]:
    """The running config's sections of the touched controllers and interfaces, and their aim."""
    tree = hconfig.parse(driver(), running)
    excerpt = HConfig(tree.driver)
    sections = [controller(c.interface) for c in changes if c.setting == "breakout"]
    sections += [f"interface {xr_name(c.interface)}" for c in changes if c.setting != "breakout"]
    sections = list(dict.fromkeys(sections))
    for text in sections:  # a section the config lacks is there empty: nothing to delete
        found = tree.get_child(equals=text)
        if found is not None:
            excerpt.add_deep_copy_of(found)
        else:
            excerpt.add_child(text)
    intended = excerpt.deep_copy()
    for change in changes:
        if change.setting == "breakout":
            text, lines = controller(change.interface), _breakout_lines(change)
        else:
            text, lines = f"interface {xr_name(change.interface)}", _lines(change)
        section = intended.get_child(equals=text) or intended.add_child(text)
        prefixes = hconfig.setting_prefixes(PLATFORM, change.setting)
        hconfig.replace_lines(section, prefixes, lines)
    return excerpt, intended


def config_diff(changes: Sequence[Change], running: str) -> ConfigDiff:
    """IOS-XR remediation lines and their rollback, from the plan and the running config."""
    return hconfig.diff_of(*intended_config(changes, running))


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """IOS-XR remediation lines: controller breakouts first, then interface sections."""
    return config_diff(changes, running).lines


def _breakout_lines(change: Change) -> list[str]:
    keyword = vendor_word(PLATFORM, "breakout", change.want)
    return [keyword] if change.want != "none" and keyword else []


def _lines(change: Change) -> list[str]:
    """The running-config lines of one wanted setting (no line: the default)."""
    if change.setting == "fec":
        keyword = vendor_word(PLATFORM, "fec", change.want)
        return [keyword] if keyword else []
    if change.setting == "admin":
        return [] if change.want == "up" else ["shutdown"]
    if change.setting == "description":
        return [f"description {change.want}"]
    return []  # speed: IOS-XR sets it on the controller; the plan's breakout carries it
