"""SONiC config syntax: the ``sudo config interface`` commands of a remediation plan."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from nornir_optics.platforms.base import ConfigDiff
from nornir_optics.platforms.common import vendor_word
from nornir_optics.platforms.sonic.parse import PLATFORM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.remediation import Change


def config_diff(changes: Sequence[Change], running: str = "") -> ConfigDiff:
    """SONiC commands for remediation; no rollback lines (``config reload -y`` restores).

    SONiC keeps its command builder: hier_config has no SONiC driver, and the running config is
    not read (the commands name each setting whatever it was).
    """
    del running
    return ConfigDiff(lines=config_lines(changes), rollback=[])


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """SONiC `sudo config interface` commands for remediation (saved only after verification)."""
    del running
    lines: list[str] = []
    for change in changes:
        name = change.interface
        if change.setting == "breakout":
            word = vendor_word(PLATFORM, "breakout", change.want, model=change.model)
            mode = shlex.quote(str(word))
            lines.append(f"sudo config interface breakout {name} {mode} -y -f")
        elif change.setting == "speed":
            speed = vendor_word(PLATFORM, "speed", change.want)
            lines.append(f"sudo config interface speed {name} {speed}")
        elif change.setting == "fec":
            lines.append(
                f"sudo config interface fec {name} {vendor_word(PLATFORM, 'fec', change.want)}"
            )
        elif change.setting == "admin":
            verb = "startup" if change.want == "up" else "shutdown"
            lines.append(f"sudo config interface {verb} {name}")
        elif change.setting == "description":
            lines.append(f"sudo config interface description {name} {shlex.quote(change.want)}")
    return lines
