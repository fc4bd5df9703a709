"""Helpers for lab tests: a device's CLI in-process, client arguments, facts from lab state."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nornir_optics.checks.live import Fleet
from nornir_optics.drivers.common import lane_reading
from nornir_optics.facts import FACTS, DeviceFacts, Port, Transceiver
from nornir_optics.lab.personality import Session
from nornir_optics.models import Fec

if TYPE_CHECKING:
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.scenario import Lab

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


def facts_from_lab(lab: Lab) -> Fleet:
    """What a perfect gather would report for every device of a lab."""
    fleet: dict[str, DeviceFacts] = {}
    for name, state in lab.devices.items():
        transceivers: dict[str, Transceiver] = {}
        for cage, module in state.modules.items():
            if module is None:
                transceivers[cage] = {"port": cage, "present": False}
                continue
            t = module.thresholds
            transceivers[cage] = {
                "port": cage,
                "present": True,
                "media_type": module.optic,
                "vendor": module.vendor,
                "part_number": module.part_number,
                "serial": module.serial,
                "temperature_c": module.temperature_c,
                "voltage_v": module.voltage_v,
                "thresholds": {
                    key: dict(
                        zip(
                            ("high_alarm", "high_warning", "low_warning", "low_alarm"),
                            getattr(t, key).as_tuple(),
                            strict=True,
                        )
                    )  # type: ignore[misc]
                    for key in (
                        "temperature_c",
                        "voltage_v",
                        "tx_power_dbm",
                        "rx_power_dbm",
                        "tx_bias_ma",
                    )
                },
                "lanes": [
                    lane_reading(
                        lane.number,
                        rx=lane.rx_power_dbm if lane.rx_power_dbm is not None else -math.inf,
                        tx=lane.tx_power_dbm,
                        bias=lane.tx_bias_ma,
                        unused=not lane.used,
                    )
                    for lane in module.lanes
                ],
            }
        ports: dict[str, Port] = {}
        for parent, mode in state.breakouts.items():
            children = state.children(parent, mode)
            for child in children:
                config, oper = state.interfaces[child], state.oper[child]
                fec = config.fec or oper.fec
                ports[child] = {
                    "name": child,
                    "admin": "up" if config.admin_up else "down",
                    "oper": "up" if oper.up else "down",
                    **({"speed": config.speed} if config.speed else {}),
                    **({"fec": fec.value} if isinstance(fec, Fec) else {}),
                }
            ports.setdefault(parent, {"name": parent})
            ports[parent]["breakout"] = mode.value
            ports[parent]["children"] = children
        fleet[name] = FACTS.validate_python({"transceivers": transceivers, "ports": ports})
    return Fleet(facts=fleet)
