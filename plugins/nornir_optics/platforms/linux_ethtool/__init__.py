"""Linux ``ethtool -m``: module EEPROM and DOM of a NIC or a Linux switch (:mod:`.parse`)."""

from nornir_optics.platforms.linux_ethtool.parse import PARSERS, PLATFORM, with_command_line

__all__ = ["PARSERS", "PLATFORM", "with_command_line"]
