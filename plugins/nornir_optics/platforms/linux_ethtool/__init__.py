"""Linux ``ethtool -m``: module EEPROM and DOM of a NIC or a Linux switch (:mod:`.parse`)."""

from nornir_optics.platforms.linux_ethtool.parse import PARSERS, PLATFORM

__all__ = ["PARSERS", "PLATFORM"]
