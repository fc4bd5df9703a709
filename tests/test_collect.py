"""The fleet gather's logging: secrets of the inventory masked, -v levels, handlers put back."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import pytest
from labtools import free_port
from rich.logging import RichHandler
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.collect import init_nornir
from nornir_optics.redact import SESSION_LOGS, inventory_secrets

if TYPE_CHECKING:
    from pathlib import Path

SECRETS = ("Default-Password-0", "enable-Secret-1", "napalm-Secret-2")


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """One EOS host nothing listens for, with a password, an enable secret and NAPALM's."""
    folder = tmp_path / "inventory"
    folder.mkdir()
    (folder / "hosts.yaml").write_text(
        f"""\
ghost:
  hostname: 127.0.0.1
  port: {free_port()}
  platform: arista_eos
  data: {{model: DCS-7060DX5-64S}}
  connection_options:
    netmiko:
      extras: {{secret: {SECRETS[1]}}}
    napalm:
      extras: {{optional_args: {{secret: {SECRETS[2]}}}}}
""",
        encoding="utf-8",
    )
    (folder / "groups.yaml").write_text("{}\n", encoding="utf-8")
    (folder / "defaults.yaml").write_text(
        f"username: admin\npassword: {SECRETS[0]}\n", encoding="utf-8"
    )
    return folder


def test_the_inventorys_secrets_are_masked_on_every_handler(inventory: Path) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("nornir_optics.test_collect")
    logger.addHandler(handler)
    try:
        nr = init_nornir(inventory)
        logger.warning("login with %s, enable %s", SECRETS[0], SECRETS[1])
        logger.warning("napalm %r", {"optional_args": {"secret": SECRETS[2]}})
    finally:
        logger.removeHandler(handler)
    assert inventory_secrets(nr) == set(SECRETS)
    assert stream.getvalue() == (
        "login with ********, enable ********\nnapalm {'optional_args': {'secret': '********'}}\n"
    )


def _run(inventory: Path, *options: str) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": "300"}).invoke(
        app, [*options, "inventory", "-i", str(inventory), "-f", "json"]
    )
    return result.exit_code, result.stderr


def test_without_verbose_only_warnings_reach_stderr(inventory: Path) -> None:
    code, stderr = _run(inventory)
    assert code == 3
    assert "WARNING  ghost: unreachable: connection refused (" in stderr
    assert "INFO" not in stderr


def test_one_v_shows_the_gather_device_by_device_without_debug(inventory: Path) -> None:
    code, stderr = _run(inventory, "-v")
    assert code == 3
    assert "INFO     gathering 1 device(s)" in stderr
    assert "INFO     ghost: gather started (platform arista_eos)" in stderr
    assert "gathered in " in stderr
    assert "DEBUG" not in stderr
    assert not any(secret in stderr for secret in SECRETS)


def test_the_cli_puts_the_loggers_back_when_the_command_ends(inventory: Path) -> None:
    names = ("nornir_optics", "netmiko", "napalm", "paramiko")
    before = {name: logging.getLogger(name).level for name in names}
    _run(inventory, "-vv", "--log-dir", str(inventory.parent / "logs"))
    assert {name: logging.getLogger(name).level for name in names} == before
    for name in names:
        assert not any(isinstance(h, RichHandler) for h in logging.getLogger(name).handlers)
    assert (inventory.parent / "logs" / "ghost.log").is_file()
    assert SESSION_LOGS.folder is None
