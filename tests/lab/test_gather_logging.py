"""-vv on a served lab: debug logs on stderr and a Netmiko session log per device, no password."""

from __future__ import annotations

import json
import stat
from typing import TYPE_CHECKING, Any

import pytest
from labtools import connect_args
from netmiko import ConnectHandler
from typer.testing import CliRunner

from nornir_optics.cli import app

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.lab
def test_debug_logs_and_session_logs_carry_no_password(
    fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    password = fresh_lab["password"]  # the lab's defaults.yaml
    # Make the device print it (a description, then in the status and the running config):
    # what Netmiko reads is logged at -vv and recorded in the session log.
    leaf1 = ConnectHandler(**connect_args(fresh_lab, "leaf1"))
    leaf1.enable()
    leaf1.send_config_set(["interface Ethernet1/1", f"description {password}"])
    leaf1.disconnect()
    logs = tmp_path / "logs"
    result = CliRunner(env={"COLUMNS": "400"}).invoke(
        app,
        ["-vv", "--log-dir", str(logs), "inventory", "-i", str(fresh_lab["dir"]), "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == []
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    files = sorted(logs.iterdir())
    assert [path.name for path in files] == sorted(f"{name}.log" for name in fresh_lab["hosts"])
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        text = path.read_text(encoding="utf-8")
        assert "show " in text, path  # the session was recorded
        assert password not in text, path
    assert "description ********" in (logs / "leaf1.log").read_text(encoding="utf-8")
    stderr = result.stderr
    assert password not in stderr
    assert "description ********" in stderr  # read at -vv, masked
    assert "leaf1: `show interfaces status | json`" in stderr  # our DEBUG
    assert "read_channel" in stderr  # Netmiko's DEBUG
    assert "leaf1: gather finished" in stderr  # our INFO
