"""Cumulus Linux config syntax: the ``nv set`` / ``nv unset`` commands of a remediation plan."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from nornir_optics.platforms.base import ConfigDiff
from nornir_optics.platforms.common import vendor_word
from nornir_optics.platforms.cumulus.parse import PLATFORM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.remediation import Change


def config_diff(changes: Sequence[Change], running: str = "") -> ConfigDiff:
    """NVUE commands for a remediation; no rollback lines (the push rolls back a revision).

    hier_config has no NVUE driver: the commands name each setting whatever it was, and NVUE's
    own ``nv config apply --confirm`` / ``--confirm-no`` undoes them.
    """
    del running
    return ConfigDiff(lines=config_lines(changes), rollback=[])


def config_lines(changes: Sequence[Change], running: str = "") -> list[str]:
    """``nv set`` / ``nv unset`` commands for a remediation, applied together by the push."""
    del running
    lines: list[str] = []
    for change in changes:
        name = change.interface
        if change.setting == "breakout":
            word = vendor_word(PLATFORM, "breakout", change.want, model=change.model)
            if change.want == "none" or word in {None, "1x"}:
                lines.append(f"nv unset interface {name} link breakout")
            else:
                lines.append(f"nv set interface {name} link breakout {word}")
        elif change.setting == "speed":
            speed = vendor_word(PLATFORM, "speed", change.want)
            lines.append(f"nv set interface {name} link speed {speed}")
        elif change.setting == "fec":
            word = vendor_word(PLATFORM, "fec", change.want)
            lines.append(
                f"nv set interface {name} link fec {word}"
                if word
                else f"nv unset interface {name} link fec"
            )
        elif change.setting == "admin":
            lines.append(f"nv set interface {name} link state {change.want}")
        elif change.setting == "description":
            lines.append(f"nv set interface {name} description {shlex.quote(change.want)}")
    return lines
