"""Helpers for lab tests: type at a device's CLI in-process, and connection arguments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from nornir_optics.lab.personality import Session

if TYPE_CHECKING:
    from nornir_optics.lab.runtime import LabRuntime

ROOT = Path(__file__).resolve().parents[2]
DC1_LAB = ROOT / "inventory" / "lab.yaml"
REAL = ROOT.parent / "shared" / "fixtures" / "real"


def run_cli(runtime: LabRuntime, device: str, *lines: str, mode: str | None = None) -> str:
    """Type lines at a device's CLI in one session; returns the output of the last one."""
    personality = runtime.personalities[device]
    session = Session(device=runtime.device(device), user="admin")
    if mode is not None:
        session.modes = [mode]
    output = ""
    for line in lines:
        output = personality.handle(session, line)
    return output


def connect_args(lab: dict[str, Any], device: str) -> dict[str, Any]:
    """Netmiko ConnectHandler arguments for a device of a served lab (see the lab fixtures)."""
    host = lab["hosts"][device]
    return {
        "device_type": host["connection_options"]["netmiko"]["platform"],
        "host": host["hostname"],
        "port": host["port"],
        "username": lab["username"],
        "password": lab["password"],
        "secret": lab["password"],
        "fast_cli": False,
    }


def napalm_args(lab: dict[str, Any], device: str) -> dict[str, Any]:
    """NAPALM driver name and constructor arguments for a device of a served lab."""
    host = lab["hosts"][device]
    napalm = host["connection_options"]["napalm"]
    return {
        "driver": napalm["platform"],
        "hostname": host["hostname"],
        "username": lab["username"],
        "password": lab["password"],
        "optional_args": dict(napalm["extras"]["optional_args"]),
    }
