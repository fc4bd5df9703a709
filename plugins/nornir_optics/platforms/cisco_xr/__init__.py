"""Cisco IOS-XR: gather commands and parsers, config syntax and the push transaction."""

from nornir_optics.platforms.cisco_xr import gather, parse
from nornir_optics.platforms.cisco_xr.config import config_diff, config_lines
from nornir_optics.platforms.cisco_xr.gather import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PORT_COMMANDS,
    PRIVILEGED_PORT_COMMANDS,
    facts_from_outputs,
)
from nornir_optics.platforms.cisco_xr.parse import PLATFORM
from nornir_optics.platforms.cisco_xr.push import push, recover, running_config

PARSERS = {**parse.PARSERS, **gather.PARSERS}
"""Parse function per command: the saved-output parsers and the gather's port commands."""

__all__ = [
    "DOM_COMMANDS",
    "MODULE_COMMANDS",
    "PARSERS",
    "PLATFORM",
    "PORT_COMMANDS",
    "PRIVILEGED_PORT_COMMANDS",
    "config_diff",
    "config_lines",
    "facts_from_outputs",
    "push",
    "recover",
    "running_config",
]
