"""2,000 Netmiko sessions one after another (32 at a time) on slow devices: none times out.

Each device answers every command 20 ms late, which makes Netmiko send an extra Return during
its session preparation: the typed-ahead Return that used to double the prompt
(``spine2# spine2#``) and shift or time out the next read. Every session must return exactly
the device's host name.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
from labtools import connect_args, served_dc1_variant

if TYPE_CHECKING:
    from pathlib import Path

SESSIONS = 2000
WORKERS = 32
DEVICES = ("spine1", "spine2", "leaf4", "leaf3")
COMMANDS = {
    "spine1": ("show hostname", "Hostname: spine1\nFQDN:     spine1"),
    "spine2": ("show hostname", "spine2"),
    "leaf4": ("show system uptime | match Current", None),
    "leaf3": ("hostname", "leaf3"),
}


def _session(args: dict[str, Any], device: str) -> str:
    from netmiko import ConnectHandler  # noqa: PLC0415
    from netmiko.exceptions import NetmikoTimeoutException, ReadTimeout  # noqa: PLC0415

    command, expected = COMMANDS[device]
    try:
        connection = ConnectHandler(**args)
        try:
            output = str(connection.send_command(command, read_timeout=10)).strip()
        finally:
            connection.disconnect()
    except (ReadTimeout, NetmikoTimeoutException) as exc:
        return f"timeout: {type(exc).__name__}"
    if expected is None:
        return "ok" if output.startswith("Current time:") else f"wrong output: {output!r}"
    return "ok" if output == expected else f"wrong output: {output!r}"


@pytest.mark.lab
def test_two_thousand_netmiko_sessions_without_a_timeout(tmp_path: Path) -> None:
    knobs = {device: {"latency_ms": 20} for device in DEVICES}
    with served_dc1_variant(tmp_path, knobs=knobs) as lab:
        args = {device: {**connect_args(lab, device), "fast_cli": True} for device in DEVICES}
        plan = [DEVICES[n % len(DEVICES)] for n in range(SESSIONS)]
        with ThreadPoolExecutor(WORKERS) as pool:
            results = list(pool.map(lambda device: (device, _session(args[device], device)), plan))
    outcomes = Counter(outcome for _, outcome in results)
    assert outcomes == {"ok": SESSIONS}, outcomes.most_common(5)
