"""The platforms nornir-optics knows: one package each, listed once, here.

:data:`PLATFORMS` holds the platforms the tool gathers, audits and remediates, each a package
module that satisfies :class:`~nornir_optics.platforms.base.Platform` (mypy checks every entry);
:data:`PARSE_PLATFORMS` adds those whose saved output it only parses. Look a platform up with
:func:`get_platform`: an unknown name is one :class:`UnsupportedPlatformError` naming the known
ones. Host platforms are accepted under their Netmiko, NAPALM or netutils names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nornir_optics.catalog import platform_key
from nornir_optics.exceptions import UnsupportedPlatformError
from nornir_optics.platforms import (
    arista_eos,
    cisco_nxos,
    cisco_xr,
    cumulus,
    juniper_junos,
    linux_ethtool,
    sonic,
)

if TYPE_CHECKING:
    from nornir_optics.platforms.base import ParsePlatform, Platform

PLATFORMS: dict[str, Platform] = {
    arista_eos.PLATFORM: arista_eos,
    cisco_nxos.PLATFORM: cisco_nxos,
    cisco_xr.PLATFORM: cisco_xr,
    juniper_junos.PLATFORM: juniper_junos,
    sonic.PLATFORM: sonic,
    cumulus.PLATFORM: cumulus,
}
"""Platforms that are gathered, audited and remediated, by netutils platform key."""

PARSE_PLATFORMS: dict[str, ParsePlatform] = {
    **PLATFORMS,
    linux_ethtool.PLATFORM: linux_ethtool,
}
"""Platforms whose saved command output ``optics parse`` reads."""


def get_platform(name: str | None) -> Platform:
    """The platform package of a host's platform name.

    >>> get_platform("eos").PLATFORM
    'arista_eos'
    >>> get_platform("ios")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nornir_optics.exceptions.UnsupportedPlatformError: no optics platform 'ios'; known: ...
    """
    found = PLATFORMS.get(platform_key(name) or "")
    if found is None:
        msg = f"no optics platform {name!r}; known: {', '.join(PLATFORMS)}"
        raise UnsupportedPlatformError(msg)
    return found


def get_parse_platform(name: str) -> ParsePlatform:
    """The platform package that parses saved output of a platform name."""
    found = PARSE_PLATFORMS.get(platform_key(name) or "")
    if found is None:
        msg = f"no parsers for platform {name!r}; known: {', '.join(PARSE_PLATFORMS)}"
        raise UnsupportedPlatformError(msg)
    return found
