"""Clients of the lab's EOS: eAPI over HTTPS, every NAPALM ``eos`` getter, ANTA's ``anta nrfu``."""

from __future__ import annotations

import base64
import json
import shutil
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from labtools import napalm_driver

if TYPE_CHECKING:
    from collections.abc import Iterator

GETTERS: dict[str, dict[str, Any]] = {
    "get_facts": {},
    "get_interfaces": {},
    "get_lldp_neighbors": {},
    "get_interfaces_counters": {},
    "get_bgp_neighbors": {},
    "get_environment": {},
    "get_lldp_neighbors_detail": {},
    "get_bgp_config": {},
    "get_arp_table": {},
    "get_ntp_servers": {},
    "get_ntp_stats": {},
    "get_interfaces_ip": {},
    "get_mac_address_table": {},
    "get_route_to": {"destination": "0.0.0.0/0"},
    "get_snmp_information": {},
    "get_users": {},
    "get_bgp_neighbors_detail": {},
    "get_optics": {},
    "get_config": {},
    "get_network_instances": {},
    "get_vlans": {},
    "is_alive": {},
}
NOT_IN_NAPALM = {"get_ntp_peers"}
"""Getters NAPALM's eos driver itself does not implement (NotImplementedError in NAPALM)."""


def _eapi(lab: dict[str, Any], device: str, body: object, method: str = "POST") -> Any:
    port = lab["hosts"][device]["connection_options"]["napalm"]["extras"]["optional_args"]["port"]
    token = base64.b64encode(f"{lab['username']}:{lab['password']}".encode()).decode()
    request = urllib.request.Request(
        f"https://127.0.0.1:{port}/command-api",
        data=json.dumps(body).encode() if method == "POST" else None,
        method=method,
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    context = ssl.create_default_context(cafile=str(lab["dir"] / "lab-cert.pem"))
    with urllib.request.urlopen(request, context=context, timeout=10) as response:  # noqa: S310
        return response.status, response.read()


def _run(lab: dict[str, Any], cmds: list[Any], fmt: str = "json") -> dict[str, Any]:
    body = {
        "jsonrpc": "2.0",
        "method": "runCmds",
        "id": 1,
        "params": {"version": 1, "cmds": cmds, "format": fmt},
    }
    _, data = _eapi(lab, "spine1", body)
    return dict(json.loads(data))


def test_inventory_gives_napalm_eos_https(dc1_lab: dict[str, Any]) -> None:
    for name, host in dc1_lab["hosts"].items():
        if host["platform"] == "arista_eos":
            optional = host["connection_options"]["napalm"]["extras"]["optional_args"]
            assert optional["transport"] == "https", name
            assert optional["port"] == dc1_lab["info"]["ports"][name]["https"]


def test_eapi_over_verified_https_head_get_and_post(dc1_lab: dict[str, Any]) -> None:
    status, body = _eapi(dc1_lab, "spine1", None, method="HEAD")
    assert (status, body) == (200, b"")
    status, body = _eapi(dc1_lab, "spine1", None, method="GET")
    assert status == 200
    assert b"Command API" in body
    reply = _run(dc1_lab, ["enable", "show hostname"])
    assert reply["result"][1] == {"hostname": "spine1", "fqdn": "spine1"}


def test_eapi_error_codes_and_text_format(dc1_lab: dict[str, Any]) -> None:
    invalid = _run(dc1_lab, ["enable", "show hostname", "show foo"])["error"]
    assert invalid["code"] == 1002
    assert invalid["message"] == "CLI command 3 of 3 'show foo' failed: invalid command"
    assert invalid["data"][2]["errors"] == ["Invalid input (at token 1: 'foo')"]
    unconverted = _run(dc1_lab, ["enable", "show interfaces transceiver detail"])["error"]
    assert unconverted["code"] == 1003
    assert unconverted["message"].endswith("failed: unconverted command")
    text = _run(dc1_lab, ["enable", "show interfaces transceiver detail"], fmt="text")
    assert "High Alarm" in text["result"][1]["output"]
    section = _run(dc1_lab, ["enable", "show running-config | section ntp"], fmt="text")
    assert section["result"][1]["output"].splitlines() == [
        "ntp server 192.0.2.123 prefer iburst",
        "ntp server 192.0.2.124 iburst",
    ]


@pytest.fixture(scope="module")
def eos_driver(dc1_lab: dict[str, Any]) -> Iterator[Any]:
    with napalm_driver(dc1_lab, "spine1") as driver:
        yield driver


@pytest.mark.parametrize("getter", sorted(GETTERS))
def test_every_napalm_eos_getter_returns_data(eos_driver: Any, getter: str) -> None:
    result = getattr(eos_driver, getter)(**GETTERS[getter])
    assert isinstance(result, dict | list)
    if getter not in {"get_bgp_neighbors", "get_bgp_config", "get_bgp_neighbors_detail"}:
        assert result, getter  # the lab runs no BGP: those three are rightly empty


def test_napalm_eos_counters_move(eos_driver: Any) -> None:
    first = eos_driver.get_interfaces_counters()["Ethernet1/1"]["rx_octets"]
    second = eos_driver.get_interfaces_counters()["Ethernet1/1"]["rx_octets"]
    assert second > first > 0


def test_napalm_eos_getters_the_driver_lacks(eos_driver: Any) -> None:
    for getter in NOT_IN_NAPALM:
        with pytest.raises(NotImplementedError):
            getattr(eos_driver, getter)()


CATALOG = """
anta.tests.interfaces:
  - VerifyInterfaceErrors:
  - VerifyInterfaceDiscards:
  - VerifyInterfaceErrDisabled:
  - VerifyInterfaceUtilization:
  - VerifyL3MTU: {mtu: 9214}
  - VerifyInterfacesOpticsReceivePower:
  - VerifyInterfacesOpticsTemperature:
anta.tests.hardware:
  - VerifyTransceiversManufacturers: {manufacturers: [Not Present, Arista Networks]}
  - VerifyTemperature:
  - VerifyTransceiversTemperature:
  - VerifyEnvironmentSystemCooling:
  - VerifyEnvironmentCooling: {states: [ok]}
  - VerifyEnvironmentPower: {states: [ok]}
  - VerifyInventory:
anta.tests.system:
  - VerifyUptime: {minimum: 86400}
  - VerifyReloadCause:
  - VerifyCoredump:
  - VerifyCPUUtilization:
  - VerifyMemoryUtilization:
  - VerifyNTP:
anta.tests.software:
  - VerifyEOSVersion: {versions: [4.31.2F]}
"""
PER_DEVICE = {
    # the intent's links of each device: up, with the planned neighbour and speed
    "spine1": """
anta.tests.interfaces:
  - VerifyInterfacesStatus:
      interfaces: [{name: Ethernet1/1, status: up}, {name: Ethernet3/1, status: up},
                   {name: Ethernet5/1, status: adminDown}]
anta.tests.connectivity:
  - VerifyLLDPNeighbors:
      neighbors:
        - {port: Ethernet1/1, neighbor_device: leaf1, neighbor_port: Ethernet63/1}
        - {port: Ethernet3/1, neighbor_device: leaf3, neighbor_port: Ethernet240}
anta.tests.services:
  - VerifyHostname: {hostname: spine1}
""",
    "leaf1": """
anta.tests.interfaces:
  - VerifyInterfacesStatus:
      interfaces: [{name: Ethernet63/1, status: up}, {name: Ethernet1/1, status: up}]
  - VerifyInterfacesSpeed:
      interfaces: [{name: Ethernet1/1, speed: 100, lanes: 2}, {name: Ethernet63/1, speed: 400}]
anta.tests.connectivity:
  - VerifyLLDPNeighbors:
      neighbors: [{port: Ethernet63/1, neighbor_device: spine1, neighbor_port: Ethernet1/1}]
anta.tests.services:
  - VerifyHostname: {hostname: leaf1}
""",
}
CAUGHT = {
    # dc1's planted faults (inventory/lab.yaml) that ANTA's tests can see
    ("spine1", "VerifyInterfacesStatus"): "Ethernet3/1",  # FR4 where the plan says DR4: down
    ("spine1", "VerifyLLDPNeighbors"): "Ethernet3/1",  # ... so no neighbour
    ("leaf1", "VerifyInterfacesStatus"): "Ethernet1/1",  # 2x200G instead of 4x100G
    ("leaf1", "VerifyInterfacesSpeed"): "Ethernet1/1",  # ... at 200G on 4 lanes
}


@pytest.fixture(scope="module")
def anta_results(dc1_lab: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Any:
    anta = shutil.which("anta", path=str(Path(sys.executable).parent))
    if anta is None:
        pytest.skip("anta[cli] is not installed (dev dependency group)")
    folder = tmp_path_factory.mktemp("anta")
    results: list[dict[str, Any]] = []
    for device, extra in PER_DEVICE.items():
        port = dc1_lab["info"]["ports"][device]["https"]
        inventory = folder / f"{device}-inventory.yaml"
        inventory.write_text(
            f"anta_inventory:\n  hosts:\n    - {{host: 127.0.0.1, name: {device}, port: {port}}}\n"
        )
        catalog = folder / f"{device}-catalog.yaml"
        catalog.write_text(_merge(CATALOG, extra))
        output = folder / f"{device}.json"
        subprocess.run(  # noqa: S603 - ANTA's own CLI from this venv
            [
                anta,
                "nrfu",
                "-u",
                dc1_lab["username"],
                "-p",
                dc1_lab["password"],
                "-i",
                str(inventory),
                "-c",
                str(catalog),
                "--enable",
                "--insecure",
                "json",
                "-o",
                str(output),
            ],
            check=False,
            capture_output=True,
            timeout=120,
        )  # exits 1 when a test fails, as some must here
        results += json.loads(output.read_text())
    return results


def _merge(common: str, extra: str) -> str:
    from ruamel.yaml import YAML  # noqa: PLC0415

    yaml = YAML(typ="safe")
    merged = yaml.load(common)
    for module, tests in yaml.load(extra).items():
        merged.setdefault(module, []).extend(tests)
    import io  # noqa: PLC0415

    stream = io.StringIO()
    YAML().dump(merged, stream)
    return stream.getvalue()


def test_anta_nrfu_reaches_the_lab_and_no_test_errors(anta_results: list[dict[str, Any]]) -> None:
    assert {r["name"] for r in anta_results} == set(PER_DEVICE)
    errors = [(r["name"], r["test"], r["messages"]) for r in anta_results if r["result"] == "error"]
    assert errors == []


def test_anta_passes_what_is_right_and_catches_the_planted_faults(
    anta_results: list[dict[str, Any]],
) -> None:
    for result in anta_results:
        key = (result["name"], result["test"])
        if key in CAUGHT:
            assert result["result"] == "failure", key
            assert all(CAUGHT[key] in message for message in result["messages"]), result
        else:
            assert result["result"] == "success", (key, result["messages"])
