"""Helpers for lab and driver tests: a device's CLI in-process, client arguments, facts from
lab state, real outputs read in place, gathers on the served lab checked against its state."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from nornir_optics.checks.live import Fleet
from nornir_optics.collect import init_nornir
from nornir_optics.drivers.common import lane_reading
from nornir_optics.facts import FACTS, DeviceFacts, Port, Transceiver
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.models import Fec

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir.core.task import Result, Task

    from nornir_optics.facts import LaneReading
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState

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
                heard = state.lldp.get(child)
                if heard is not None:
                    ports[child]["neighbor"] = {"system": heard.system, "port": heard.port}
            ports.setdefault(parent, {"name": parent})
            ports[parent]["breakout"] = mode.value
            ports[parent]["children"] = children
        fleet[name] = FACTS.validate_python({"transceivers": transceivers, "ports": ports})
    return Fleet(facts=fleet)


# ---------------------------------------------------------------- real outputs in ../shared


def skip_without_real(real: Path) -> None:
    """Skip the test when the real outputs of a platform (third-party data) are not there."""
    if not real.is_dir():
        pytest.skip(f"{real} is absent: the real outputs are third-party data kept in ../shared")


def real_output(real: Path, expected: Path, suffixes: tuple[str, ...] = (".raw",)) -> Path:
    """The real output an expected-facts file stands for: same folder and name, read in place."""
    skip_without_real(real)
    folder = real / expected.parent.name
    for suffix in suffixes:
        if (path := folder / f"{expected.stem}{suffix}").is_file():
            return path
    pytest.fail(f"no real output for {expected}")


def real_outputs(real: Path, suffixes: tuple[str, ...]) -> set[tuple[str, str]]:
    """(folder, name) of every real output with one of these suffixes, not the expected ones."""
    return {
        (path.parent.name, path.stem)
        for path in real.glob("*/*")
        if path.suffix in suffixes and ".expected" not in path.name
    }


# ---------------------------------------------------------------- gather on the served dc1 lab


def lab_devices(names: set[str]) -> dict[str, DeviceState]:
    """The dc1 lab in-process: the state the served (read-only) lab was started with."""
    runtime = LabRuntime(load_lab(DC1_LAB))
    return {name: runtime.device(name) for name in names}


def run_task(
    lab: dict[str, Any], platform: str, devices: set[str], task: Callable[[Task], Result]
) -> dict[str, DeviceFacts]:
    """Run a gather task on a platform's devices of a served lab; their validated facts."""
    nr = init_nornir(lab["dir"]).filter(filter_func=lambda host: host.platform == platform)
    assert set(nr.inventory.hosts) == devices
    try:
        result = nr.run(task=task)
    finally:
        nr.close_connections()
    assert not result.failed, {name: multi[0].exception for name, multi in result.items()}
    return {name: FACTS.validate_python(multi[0].result) for name, multi in result.items()}


def assert_thresholds_match(xcvr: Transceiver, module: Any) -> None:
    """Every threshold level of every quantity is the lab module's."""
    for quantity in ("temperature_c", "voltage_v", "tx_power_dbm", "rx_power_dbm", "tx_bias_ma"):
        levels = getattr(module.thresholds, quantity)
        have = xcvr["thresholds"][quantity]  # type: ignore[literal-required]
        for level in ("high_alarm", "high_warning", "low_warning", "low_alarm"):
            assert have[level] == pytest.approx(getattr(levels, level), abs=0.01)


def assert_rx_matches(lane: LaneReading, truth: Any) -> None:
    """A lane's state and Rx power are the lab lane's (no light: no reading)."""
    if truth.rx_power_dbm is None:
        assert lane["state"] == "no_light"
        assert "rx_power_dbm" not in lane
    else:
        assert lane["state"] == "ok"
        assert lane["rx_power_dbm"] == pytest.approx(truth.rx_power_dbm, abs=0.01)


def assert_tx_and_bias_match(lane: LaneReading, truth: Any) -> None:
    """A lane's Tx power (absent where the laser is off) and bias are the lab lane's."""
    if truth.tx_power_dbm is None:
        assert "tx_power_dbm" not in lane
    else:
        assert lane["tx_power_dbm"] == pytest.approx(truth.tx_power_dbm, abs=0.01)
    assert lane.get("tx_bias_ma", 0.0) == pytest.approx(truth.tx_bias_ma or 0.0, abs=0.01)


def assert_modules_match(
    gathered: dict[str, DeviceFacts],
    lab_state: dict[str, DeviceState],
    module_matches: Callable[[Transceiver, Any], None],
) -> None:
    """Each device's transceivers are its lab cages: empty ones absent, the rest matching."""
    for name, state in lab_state.items():
        transceivers = gathered[name]["transceivers"]
        assert set(transceivers) == set(state.modules), name
        for cage, module in state.modules.items():
            if module is None:
                assert transceivers[cage] == {"port": cage, "present": False}
            else:
                module_matches(transceivers[cage], module)


def assert_port_state_matches(port: Port, state: DeviceState, interface: str) -> None:
    """A port's admin and oper state, description and LLDP neighbour are the lab's."""
    config = state.interfaces[interface]
    assert port["admin"] == ("up" if config.admin_up else "down"), interface
    oper = state.oper.get(interface)
    assert port["oper"] == ("up" if oper is not None and oper.up else "down"), interface
    assert port.get("description", "") == config.description, interface
    neighbor = state.lldp.get(interface)
    if neighbor is None:
        assert "neighbor" not in port
    else:
        assert port["neighbor"] == {"system": neighbor.system, "port": neighbor.port}


def assert_breakouts_match(ports: dict[str, Port], state: DeviceState) -> None:
    """Every lab breakout is on its cage's port, with the lab's children."""
    for parent, mode in state.breakouts.items():
        assert ports[parent]["breakout"] == mode.value, parent
        assert ports[parent]["children"] == state.children(parent), parent


RUNNING_CONFIG = {
    "arista_eos": "show running-config",
    "cisco_nxos": "show running-config",
    "juniper_junos": "show configuration | display set",
    "sonic": "show runningconfiguration all",
}


def running_config(lab: dict[str, Any], device: str) -> str:
    """The device's running config, fetched by an independent Netmiko session."""
    from netmiko import ConnectHandler  # noqa: PLC0415

    platform = lab["hosts"][device]["platform"]
    connection = ConnectHandler(**connect_args(lab, device))
    try:
        if platform == "arista_eos":
            connection.enable()
        return str(connection.send_command(RUNNING_CONFIG[platform], read_timeout=30))
    finally:
        connection.disconnect()
