"""Every NAPALM getter of ``junos`` and ``nxos_ssh`` on the served dc1 lab.

A getter returns data, or the NAPALM driver itself does not implement it (NotImplementedError
raised by NAPALM, not by the lab). The getters the lab does not answer yet are listed in
``MISSING`` as strict expected failures, so the list shrinks as the lab grows (and a getter
that starts working fails the test until it is taken off the list).
"""

from __future__ import annotations

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
DEVICES = {"junos": "leaf4", "nxos_ssh": "spine2"}
NOT_IN_NAPALM = {
    "nxos_ssh": {
        "get_bgp_config", "get_bgp_neighbors_detail", "get_ipv6_neighbors_table",
        "get_ntp_stats", "get_probes_config", "get_probes_results",
    },
}  # fmt: skip
MISSING = {
    "junos": {
        "get_arp_table": "get-arp-table-information",
        "get_bgp_neighbors": "get-instance-information",
        "get_bgp_neighbors_detail": "get-instance-information",
        "get_environment": "get-environment-information and the RE/PEM RPCs",
        "get_ipv6_neighbors_table": "get-ipv6-nd-information",
        "get_lldp_neighbors_detail": "get-lldp-interface-neighbors-information",
        "get_mac_address_table": "get-ethernet-switching-table-information",
        "get_probes_results": "get-probe-results",
        "get_route_to": "get-route-information",
    },
    "nxos_ssh": {
        "get_arp_table": "show ip arp detail vrf all",
        "get_environment": "show environment",
        "get_interfaces_counters": "show interface counters | json",
        "get_interfaces_ip": "show ip interface vrf all",
        "get_network_instances": "show vrf detail | json",
        "get_ntp_peers": "show running-config | include ntp (peer|server)",
        "get_ntp_servers": "show running-config | include ntp (peer|server)",
        "get_vlans": "show vlan brief | json",
    },
}
"""Getters the lab does not answer yet, with the command or RPC it lacks."""


@pytest.fixture(scope="module", params=sorted(DEVICES))
def driver(request: pytest.FixtureRequest, dc1_lab: dict[str, Any]) -> Iterator[Any]:
    with napalm_driver(dc1_lab, DEVICES[request.param], timeout=10) as device:
        yield request.param, device


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
