"""Cisco IOS-XR: parsers of saved output (:mod:`.parse`); not gathered yet."""

from nornir_optics.platforms.cisco_xr.parse import PARSERS, PLATFORM

__all__ = ["PARSERS", "PLATFORM"]
