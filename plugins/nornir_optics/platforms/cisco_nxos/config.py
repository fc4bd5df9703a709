"""Cisco NX-OS config syntax: breakout maps and interface lines for a remediation plan."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from nornir_optics.platforms.cisco_nxos.parse import PLATFORM
from nornir_optics.platforms.common import vendor_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.checks.remediation import Change


def config_lines(changes: Sequence[Change]) -> list[str]:
    """NX-OS config lines for remediation: module-level breakout maps, then interface settings."""
    lines: list[str] = []
    for change in (c for c in changes if c.setting == "breakout"):
        port = change.interface.rsplit("/", 1)[-1]
        old = (
            vendor_word(PLATFORM, "breakout", change.have)
            if change.have not in {None, "none"}
            else None
        )
        new = vendor_word(PLATFORM, "breakout", change.want) if change.want != "none" else None
        if old:
            lines.append(f"no interface breakout module 1 port {port} map {old}")
        if new:
            lines.append(f"interface breakout module 1 port {port} map {new}")
    settings = (c for c in changes if c.setting != "breakout")
    for interface, group in groupby(settings, key=lambda change: change.interface):
        lines += [f"interface {interface}", *(f"  {_nxos_line(change)}" for change in group)]
    return lines


def _nxos_line(change: Change) -> str:
    if change.setting == "speed":
        return str(vendor_word(PLATFORM, "speed", change.want, lanes=change.lanes))
    if change.setting == "fec":
        return vendor_word(PLATFORM, "fec", change.want) or "no fec"
    if change.setting == "admin":
        return "no shutdown" if change.want == "up" else "shutdown"
    return f"description {change.want}"
