"""The lab's simulated platforms, one package each, and the registry the lab looks them up in.

The lab imports nothing from :mod:`nornir_optics.platforms`: it is their independent oracle,
written from the vendors' real outputs, so a parser and the lab agree only when both are right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nornir_optics.exceptions import UnsupportedPlatformError
from nornir_optics.lab.vendors.arista_eos.cli import AristaEos
from nornir_optics.lab.vendors.cisco_nxos.nxapi import NxosApiPersonality
from nornir_optics.lab.vendors.cisco_xr.cli import XrPersonality
from nornir_optics.lab.vendors.cumulus.cli import CumulusPersonality
from nornir_optics.lab.vendors.juniper_junos.cli import JunosPersonality
from nornir_optics.lab.vendors.sonic.shell import SonicShellPersonality

if TYPE_CHECKING:
    from nornir_optics.lab.personality import Personality

PERSONALITIES: dict[str, type[Personality]] = {
    "arista_eos": AristaEos,
    "cisco_nxos": NxosApiPersonality,
    "cisco_xr": XrPersonality,
    "juniper_junos": JunosPersonality,
    "sonic": SonicShellPersonality,
    "cumulus": CumulusPersonality,
}
"""The simulated device class of each platform key."""


def personality_class(platform: str) -> type[Personality]:
    """The simulated device class of a platform; an unknown one names the known ones."""
    try:
        return PERSONALITIES[platform]
    except KeyError:
        known = ", ".join(PERSONALITIES)
        msg = f"the lab simulates no platform {platform!r} (known: {known})"
        raise UnsupportedPlatformError(msg) from None
