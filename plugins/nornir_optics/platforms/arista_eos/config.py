"""Arista EOS config syntax: the interface lines that carry out a remediation plan."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from nornir_optics.platforms.arista_eos.parse import PLATFORM
from nornir_optics.platforms.common import vendor_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.remediation import Change


def config_lines(changes: Sequence[Change]) -> list[str]:
    """EOS config lines for remediation: a breakout is the speed of its lane interfaces."""
    lines: list[str] = []
    for interface, group in groupby(changes, key=lambda change: change.interface):
        body: list[str] = []
        for change in group:
            if change.setting == "speed":
                body.append(f"   {vendor_word(PLATFORM, 'speed', change.want, lanes=change.lanes)}")
            elif change.setting == "fec":
                body.append(f"   {vendor_word(PLATFORM, 'fec', change.want)}")
            elif change.setting == "admin":
                body.append("   no shutdown" if change.want == "up" else "   shutdown")
            elif change.setting == "description":
                body.append(f"   description {change.want}")
        if body:
            lines += [f"interface {interface}", *body]
    return lines
