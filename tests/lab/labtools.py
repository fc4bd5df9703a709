"""Helpers for lab and driver tests: a device's CLI in-process, client arguments, facts from
lab state, real outputs read in place, gathers on the served lab checked against its state."""

from __future__ import annotations

import json
import math
import shutil
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ruamel.yaml import YAML

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.checks.remediation import plan_remediation
from nornir_optics.collect import init_nornir
from nornir_optics.facts import FACTS, DeviceFacts, Port, Transceiver
from nornir_optics.lab.control import down, up
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.models import Fec
from nornir_optics.platforms.cisco_xr.push import stable as xr_stable
from nornir_optics.platforms.common import lane_reading
from nornir_optics.tasks import gather

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from nornir.core.task import Result, Task

    from nornir_optics.facts import LaneReading
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState
    from nornir_optics.platforms.base import Outcome

ROOT = Path(__file__).resolve().parents[2]
DC1_LAB = ROOT / "inventory" / "lab.yaml"
REAL = ROOT.parent / "shared" / "fixtures" / "real"
DRIVERS = ROOT / "tests" / "platforms"


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on (a device that refuses connections)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


@contextmanager
def napalm_driver(lab: dict[str, Any], device: str, **extra: Any) -> Iterator[Any]:
    """An open NAPALM driver (the inventory's driver name and options) on a served device."""
    from napalm import get_network_driver  # noqa: PLC0415

    arguments = napalm_args(lab, device)
    driver = get_network_driver(arguments.pop("driver"))(**arguments, **extra)
    driver.open()
    try:
        yield driver
    finally:
        driver.close()


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


def driver_cases(platform: str) -> tuple[Path, list[Path]]:
    """A platform's real outputs folder and its expected-facts files (the real-output cases)."""
    return REAL / platform, sorted((DRIVERS / platform).glob("*/*.json"))


def case_id(expected: Path) -> str:
    """A real-output case's test id: the command's folder and the output's name."""
    return f"{expected.parent.name}/{expected.stem}"


def case_names(paths: Iterable[Path]) -> set[tuple[str, str]]:
    """(folder, name) of each path."""
    return {(path.parent.name, path.stem) for path in paths}


def parse_real_output(
    real: Path, expected: Path, parser: Callable[[str], Any], suffixes: tuple[str, ...] = (".raw",)
) -> Any:
    """A parser's result on the real output an expected-facts file stands for."""
    return parser(real_output(real, expected, suffixes).read_text(encoding="utf-8"))


def expected_facts(expected: Path) -> Any:
    """The facts an expected-facts file holds."""
    return json.loads(expected.read_text(encoding="utf-8"))


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


def served_dc1_lab() -> Any:
    """The session fixture serving dc1 (tests/lab/conftest.py), for test modules elsewhere."""
    import conftest as lab_conftest  # noqa: PLC0415  (tests/lab is on the pythonpath)

    assert hasattr(lab_conftest, "dc1_lab"), "expected tests/lab/conftest.py as `conftest`"
    return lab_conftest.dc1_lab


def gather_fixtures(platform: str, devices: set[str]) -> tuple[Any, Any]:
    """Module fixtures: lab_state (the devices' dc1 state) and gathered (a full gather of them)."""

    @pytest.fixture(scope="module", name="lab_state")
    def lab_state() -> dict[str, DeviceState]:
        return lab_devices(devices)

    @pytest.fixture(scope="module", name="gathered")
    def gathered(dc1_lab: dict[str, Any]) -> dict[str, DeviceFacts]:
        return run_task(dc1_lab, platform, devices, gather.optics_gather)

    return lab_state, gathered


def gather_parts(
    lab: dict[str, Any], platform: str, devices: set[str]
) -> tuple[dict[str, DeviceFacts], dict[str, DeviceFacts], dict[str, DeviceFacts]]:
    """The inventory, DOM and port tasks each run alone on a platform's devices of a served lab."""
    return (
        run_task(lab, platform, devices, gather.optics_get_inventory),
        run_task(lab, platform, devices, gather.optics_get_dom),
        run_task(lab, platform, devices, gather.optics_get_ports),
    )


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
    "cumulus": "nv config show -o commands",
}


def running_config(lab: dict[str, Any], device: str) -> str:
    """The device's running config, fetched by an independent Netmiko session."""
    platform = lab["hosts"][device]["platform"]
    enable = platform == "arista_eos"
    (output,) = show(lab, device, RUNNING_CONFIG[platform], enable=enable, read_timeout=30)
    return output


def show(
    lab: dict[str, Any], device: str, *commands: str, enable: bool = False, **send: Any
) -> list[str]:
    """Outputs of commands typed in order in a new, independent Netmiko session on a device."""
    from netmiko import ConnectHandler  # noqa: PLC0415

    connection = ConnectHandler(**connect_args(lab, device))
    try:
        if enable:
            connection.enable()
        return [str(connection.send_command(command, **send)) for command in commands]
    finally:
        connection.disconnect()


# ---------------------------------------------------------------- push on a served dc1 lab


LAB_RUNNING_CONFIG = {
    "arista_eos": (["enable"], "show running-config"),
    "cisco_nxos": ([], "show running-config"),
    "juniper_junos": ([], "show configuration | display set"),
    "sonic": ([], ""),
    "cumulus": ([], "nv config show -o commands"),
    "cisco_xr": ([], "show running-config"),
}


def lab_running_config(runtime: LabRuntime, device: str) -> str:
    """A lab device's running config as its CLI prints it, in-process (no server)."""
    from nornir_optics.lab.personality import Session  # noqa: PLC0415

    personality = runtime.personalities[device]
    session = Session(device=runtime.device(device), user="admin")
    before, command = LAB_RUNNING_CONFIG[runtime.device(device).platform]
    for line in before:
        personality.handle(session, line)
    text = personality.handle(session, command) if command else ""
    if runtime.device(device).platform == "cisco_xr":  # time stamps change on their own
        text = "\n".join(xr_stable(text)) + "\n"
    return text


def dc1_fix_lines(device: str, config_lines: Callable[[Any, str], list[str]]) -> list[str]:
    """The dc1 remediation plan's lines for one device, rendered by a driver's config_lines.

    The running config they are diffed against is the lab device's own, before any fault fix.
    """
    runtime = LabRuntime(load_lab(DC1_LAB))
    lab = runtime.lab
    plans, _ = plan_remediation(lab.fabric, audit_live(lab.fabric, facts_from_lab(lab)))
    (plan,) = (plan for plan in plans if plan.device == device)
    return config_lines(plan.changes, lab_running_config(runtime, device))


@contextmanager
def served_lab_with_knobs(
    tmp_path: Path, device: str, knobs: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """The dc1 lab with test knobs on one device, served from a copy under tmp_path until exit."""
    with served_dc1_variant(tmp_path, knobs={device: knobs}) as lab:
        yield lab


@contextmanager
def served_dc1_variant(
    tmp_path: Path,
    *,
    knobs: dict[str, dict[str, Any]] | None = None,
    faults: list[dict[str, Any]] | None = None,
) -> Iterator[dict[str, Any]]:
    """The dc1 lab with knobs per device and extra faults, served from a copy under tmp_path."""
    folder = tmp_path / "inventory"
    shutil.copytree(DC1_LAB.parent, folder, ignore=shutil.ignore_patterns(DC1_LAB.name))
    yaml = YAML()
    document = yaml.load(DC1_LAB.read_text(encoding="utf-8"))
    for device, device_knobs in (knobs or {}).items():
        document["devices"][device]["knobs"] = device_knobs
    document["faults"].extend(faults or [])
    lab_file = folder / DC1_LAB.name
    with lab_file.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
    out = tmp_path / "served"
    info = up(lab_file, out)
    safe = YAML(typ="safe")
    try:
        yield {
            "dir": out,
            "info": info,
            "hosts": safe.load((out / "hosts.yaml").read_text()),
            **safe.load((out / "defaults.yaml").read_text()),
        }
    finally:
        down(out)


def run_on_device(lab: dict[str, Any], device: str, task: Callable[[Task], Any]) -> Any:
    """Run a task on one device of a served lab through the project's Nornir; its result."""
    nr = init_nornir(lab["dir"]).filter(name=device)
    assert list(nr.inventory.hosts) == [device]
    try:
        result = nr.run(task=task)
    finally:
        nr.close_connections()
    # A push records its failed steps (a refused line, a failed commit) as failed sub-steps
    # and still returns its outcome: only the task itself must not have raised.
    assert result[device][0].exception is None, result[device][0].exception
    return result[device][0].result


def push_on_device(
    lab: dict[str, Any], device: str, push: Callable[..., Outcome], lines: list[str], **options: Any
) -> Any:
    """Run a platform's push of lines (commit, verify, confirm_timeout) on one served device."""

    def task(task: Task) -> Outcome:
        return push(task, lines, **options)

    return run_on_device(lab, device, task)
