"""Every NAPALM getter of ``junos``, ``nxos`` (NX-API) and ``nxos_ssh`` on the served dc1 lab.

A getter returns data, or the NAPALM driver itself does not implement it (NotImplementedError
raised by NAPALM, not by the lab). The getters the lab does not answer yet are listed in
``MISSING`` as strict expected failures, so the list shrinks as the lab grows (and a getter
that starts working fails the test until it is taken off the list).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from labtools import napalm_driver

if TYPE_CHECKING:
    from collections.abc import Iterator

GETTERS = (
    "get_arp_table", "get_bgp_config", "get_bgp_neighbors", "get_bgp_neighbors_detail",
    "get_config", "get_environment", "get_facts", "get_interfaces", "get_interfaces_counters",
    "get_interfaces_ip", "get_ipv6_neighbors_table", "get_lldp_neighbors",
    "get_lldp_neighbors_detail", "get_mac_address_table", "get_network_instances",
    "get_ntp_peers", "get_ntp_servers", "get_ntp_stats", "get_optics", "get_probes_config",
    "get_probes_results", "get_route_to", "get_snmp_information", "get_users", "get_vlans",
    "is_alive",
)  # fmt: skip
DEVICES = {"junos": "leaf4", "nxos": "spine2", "nxos_ssh": "spine2"}
NOT_IN_NAPALM = {
    "nxos": {
        "get_bgp_config", "get_bgp_neighbors_detail", "get_interfaces_counters",
        "get_ipv6_neighbors_table", "get_optics", "get_probes_config", "get_probes_results",
        "get_route_to",
    },
    "nxos_ssh": {
        "get_bgp_config", "get_bgp_neighbors_detail", "get_ipv6_neighbors_table",
        "get_ntp_stats", "get_probes_config", "get_probes_results",
    },
}  # fmt: skip
MISSING: dict[str, dict[str, str]] = {}
"""Getters the lab does not answer yet, with the command or RPC it lacks."""


@pytest.fixture(scope="module", params=sorted(DEVICES))
def driver(request: pytest.FixtureRequest, dc1_lab: dict[str, Any]) -> Iterator[Any]:
    with open_driver(dc1_lab, request.param) as device:
        yield request.param, device


@contextmanager
def open_driver(lab: dict[str, Any], name: str) -> Iterator[Any]:
    """The driver ``name`` open on its dc1 device; ``nxos`` on the device's NX-API (HTTPS)."""
    if name != "nxos":
        with napalm_driver(lab, DEVICES[name], timeout=10) as device:
            yield device
        return
    from napalm import get_network_driver  # noqa: PLC0415

    port = lab["info"]["ports"][DEVICES[name]]["https"]
    options = {"transport": "https", "port": port}
    device = get_network_driver("nxos")(
        "127.0.0.1", lab["username"], lab["password"], timeout=10, optional_args=options
    )
    device.open()
    try:
        yield device
    finally:
        device.close()


@pytest.mark.parametrize("getter", GETTERS)
def test_napalm_getter(driver: Any, getter: str, request: pytest.FixtureRequest) -> None:
    name, device = driver
    if getter in MISSING.get(name, {}):
        request.applymarker(
            pytest.mark.xfail(strict=True, reason=f"the lab lacks {MISSING[name][getter]}")
        )
    arguments = {"destination": "0.0.0.0/0"} if getter == "get_route_to" else {}
    if getter in NOT_IN_NAPALM.get(name, set()):
        with pytest.raises(NotImplementedError):
            getattr(device, getter)(**arguments)
        return
    result = getattr(device, getter)(**arguments)
    assert isinstance(result, dict | list)
    assert not {"^", "%"} & set(result if isinstance(result, dict) else [])  # an error parsed


@pytest.mark.parametrize("name", ["nxos", "nxos_ssh"])
def test_nxos_getters_give_the_lab_s_values(dc1_lab: dict[str, Any], name: str) -> None:
    """Facts, environment, NTP, SNMP and mgmt0 as the lab models them, on both NX-OS drivers."""
    with open_driver(dc1_lab, name) as device:
        facts = device.get_facts()
        environment = device.get_environment()
        ntp = device.get_ntp_servers()
        snmp = device.get_snmp_information()
        users = device.get_users()
    assert facts["hostname"] == "spine2"
    assert facts["os_version"] == "10.3(4a)"
    assert "Ethernet1/1" in facts["interface_list"]
    assert environment["temperature"]
    assert all(not sensor["is_critical"] for sensor in environment["temperature"].values())
    assert 0 < environment["cpu"][next(iter(environment["cpu"]))]["%usage"] < 100
    assert set(ntp) == {"192.0.2.123", "192.0.2.124"}
    assert snmp["location"] == "DC1 hall 2 row B"
    assert "lab-ro" in snmp["community"]
    assert users["admin"]["level"] == 15


def test_nxos_ssh_counters_move_and_arp_has_the_gateway(dc1_lab: dict[str, Any]) -> None:
    with open_driver(dc1_lab, "nxos_ssh") as device:
        first = device.get_interfaces_counters()
        second = device.get_interfaces_counters()
        arp = device.get_arp_table()
        addresses = device.get_interfaces_ip()
    up = "Ethernet1/1"
    assert second[up]["rx_octets"] > first[up]["rx_octets"] > 0
    assert second[up]["tx_unicast_packets"] >= first[up]["tx_unicast_packets"]
    assert [(entry["ip"], entry["interface"]) for entry in arp] == [("192.0.2.254", "mgmt0")]
    assert addresses["mgmt0"]["ipv4"]


def test_junos_environment_lldp_detail_and_moving_counters(dc1_lab: dict[str, Any]) -> None:
    with open_driver(dc1_lab, "junos") as device:
        environment = device.get_environment()
        detail = device.get_lldp_neighbors_detail()
        first = device.get_interfaces_counters()
        second = device.get_interfaces_counters()
        arp = device.get_arp_table()
        mac_table = device.get_mac_address_table()
    assert set(environment["power"]) == {"Power Supply 0", "Power Supply 1"}
    assert all(psu["status"] and psu["capacity"] > 0 for psu in environment["power"].values())
    assert environment["temperature"]
    assert environment["memory"]["available_ram"] > 0
    assert detail["et-0/0/31"][0]["remote_system_name"] == "spine2"
    assert detail["et-0/0/31"][0]["remote_port"] == "Ethernet1/4"
    assert second["et-0/0/31"]["rx_octets"] > first["et-0/0/31"]["rx_octets"] > 0
    assert [(entry["ip"], entry["interface"]) for entry in arp] == [("192.0.2.254", "re0:mgmt-0.0")]
    assert mac_table == []  # the l2-learning subsystem is not running
