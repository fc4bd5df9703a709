"""Junos config syntax: the set/delete statements that carry out a remediation plan."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from nornir_optics.platforms.common import vendor_word
from nornir_optics.platforms.juniper_junos.parse import PLATFORM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.remediation import Change


def config_lines(changes: Sequence[Change]) -> list[str]:
    """Junos set/delete statements for remediation, loaded into the candidate and committed."""
    lines: list[str] = []
    for change in changes:
        base = f"interfaces {change.interface}"
        if change.setting == "breakout":
            if change.have not in {None, "none"}:
                lines += [f"delete {base} number-of-sub-ports", f"delete {base} speed"]
            channels = (
                vendor_word(PLATFORM, "breakout", change.want) if change.want != "none" else None
            )
            if channels:
                lines.append(f"set {base} {channels}")
        elif change.setting == "speed":
            if ":" not in change.interface:
                lines.append(f"set {base} speed {change.want.lower()}")
        elif change.setting == "fec":
            fec = vendor_word(PLATFORM, "fec", change.want)
            lines.append(
                f"set {base} ether-options fec {fec}" if fec else f"delete {base} ether-options fec"
            )
        elif change.setting == "admin":
            lines.append(f"delete {base} disable" if change.want == "up" else f"set {base} disable")
        elif change.setting == "description":
            lines.append(f"set {base} description {shlex.quote(change.want)}")
    return lines
