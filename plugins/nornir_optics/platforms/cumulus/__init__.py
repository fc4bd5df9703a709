"""Cumulus Linux (NVUE): gather commands and parsers, config syntax and the push transaction."""

from nornir_optics.platforms.cumulus.config import config_diff, config_lines
from nornir_optics.platforms.cumulus.parse import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PARSERS,
    PLATFORM,
    PORT_COMMANDS,
    PRIVILEGED_PORT_COMMANDS,
    facts_from_outputs,
)
from nornir_optics.platforms.cumulus.push import push, recover, running_config

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
