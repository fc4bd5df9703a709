"""Cisco NX-OS config syntax: breakout maps and interface sections, diffed by hier_config.

A breakout is a global line, ``interface breakout module <m> port <p> map <map>``; the module
and the port are read from the cage's name (``Ethernet2/5`` is module 2, port 5). NX-OS prints
ports that share a map as one line (``port 1-2,5``); the excerpt of the running config gives
each touched cage its own line, and the remediation names each port alone.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from hier_config import HConfig
from hier_config.platforms.cisco_nxos.driver import HConfigDriverCiscoNXOS

from nornir_optics.platforms import hconfig
from nornir_optics.platforms.cisco_nxos.parse import BREAKOUT_LINE, PLATFORM, port_numbers
from nornir_optics.platforms.common import vendor_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hier_config.platforms.driver_base import HConfigDriverRules

    from nornir_optics.checks.remediation import Change
    from nornir_optics.platforms.base import ConfigDiff

_CAGE = re.compile(r"^Ethernet(?P<module>\d+)/(?P<port>\d+)$")


def module_port(cage: str) -> tuple[int, int]:
    """The module and port numbers of a cage, from its name.

    >>> module_port("Ethernet1/5"), module_port("Ethernet2/31")
    ((1, 5), (2, 31))
    """
    found = _CAGE.match(cage)
    if found is None:
        msg = f"not an NX-OS cage name: {cage!r} (expected Ethernet<module>/<port>)"
        raise ValueError(msg)
    return int(found["module"]), int(found["port"])


def breakout_line(cage: str, keyword: str) -> str:
    """The breakout line of one cage.

    >>> breakout_line("Ethernet2/5", "100g-4x")
    'interface breakout module 2 port 5 map 100g-4x'
    """
    module, port = module_port(cage)
    return f"interface breakout module {module} port {port} map {keyword}"


class CiscoNXOSDriver(HConfigDriverCiscoNXOS):
    """hier_config's NX-OS driver with the rules of ``data/hier_config.yaml``."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        return hconfig.with_ours(HConfigDriverCiscoNXOS._instantiate_rules(), PLATFORM)  # noqa: SLF001


@cache
def driver() -> CiscoNXOSDriver:
    """The platform's hier_config driver (made once per process)."""
    return CiscoNXOSDriver()


def intended_config(changes: Sequence[Change], running: str) -> tuple[HConfig, HConfig]:
    """The running config's lines of the touched cages and interfaces, and what they become."""
    tree = hconfig.parse(driver(), running)
    cages = [c.interface for c in changes if c.setting == "breakout"]
    names = list(dict.fromkeys(c.interface for c in changes if c.setting != "breakout"))
    excerpt = HConfig(tree.driver)
    maps = _maps(tree)
    for cage in cages:
        if (mapped := maps.get(module_port(cage))) is not None:
            excerpt.add_child(breakout_line(cage, mapped))
    for child in hconfig.sections(tree, names).children:
        excerpt.add_deep_copy_of(child)
    intended = excerpt.deep_copy()
    for change in changes:
        if change.setting == "breakout":
            old = maps.get(module_port(change.interface))
            if old is not None:
                intended.children.delete(breakout_line(change.interface, old))
            keyword = vendor_word(PLATFORM, "breakout", change.want)
            if change.want != "none" and keyword:
                intended.add_child(breakout_line(change.interface, keyword))
            continue
        section = intended.get_child(equals=f"interface {change.interface}")
        if section is None:
            section = intended.add_child(f"interface {change.interface}")
        prefixes = hconfig.setting_prefixes(PLATFORM, change.setting)
        hconfig.replace_lines(section, prefixes, _lines(change))
    return excerpt, intended


def config_diff(changes: Sequence[Change], running: str) -> ConfigDiff:
    """NX-OS remediation lines and their rollback, from the plan and the running config."""
    return hconfig.diff_of(*intended_config(changes, running))


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """NX-OS remediation lines: breakout maps first, then interface sections."""
    return config_diff(changes, running).lines


def _maps(tree: HConfig) -> dict[tuple[int, int], str]:
    """The breakout map of every (module, port) the running config breaks out."""
    found: dict[tuple[int, int], str] = {}
    for child in tree.children:
        line = BREAKOUT_LINE.match(child.text)
        if line is not None:
            for port in port_numbers(line["ports"]):
                found[int(line["module"]), port] = line["map"]
    return found


def _lines(change: Change) -> list[str]:
    """The running-config lines of one wanted setting (no line: the default)."""
    if change.setting == "speed":
        return [str(vendor_word(PLATFORM, "speed", change.want, lanes=change.lanes))]
    if change.setting == "fec":
        keyword = vendor_word(PLATFORM, "fec", change.want)
        return [keyword] if keyword else []
    if change.setting == "admin":
        return [] if change.want == "up" else ["shutdown"]
    if change.setting == "description":
        return [f"description {change.want}"]
    return []
