"""The NAPALM transport on the served dc1 lab: the same facts as Netmiko, over the device's API.

Every EOS (eAPI over HTTPS), NX-OS (NX-API over HTTPS, and ``nxos_ssh``) and Junos (NETCONF)
device is gathered over both transports; the validated facts models are compared whole. The
lab's session counts show which transport each gather used.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from labtools import free_port

from nornir_optics.collect import init_nornir
from nornir_optics.facts import FACTS
from nornir_optics.napalm_optics import (
    TRANSPORT_KEY,
    get_optics_detail,
    napalm_platforms,
    to_napalm_optics,
)
from nornir_optics.tasks.gather import classify, optics_gather

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from nornir.core import Nornir
    from nornir.core.inventory import Host

    from nornir_optics.facts import DeviceFacts

pytestmark = pytest.mark.lab

PLATFORMS = ("arista_eos", "cisco_nxos", "juniper_junos")
API = {"eos": "eapi", "nxos": "nxapi", "nxos_ssh": "ssh", "junos": "netconf"}
"""The lab's session counter each NAPALM driver's gather moves."""
Counts = dict[str, dict[str, int]]


def _nornir(lab: dict[str, Any], platform: str) -> Nornir:
    return init_nornir(lab["dir"]).filter(filter_func=lambda host: host.platform == platform)


def _on_nxapi(lab: dict[str, Any]) -> Callable[[Host], None]:
    """Point a host's NAPALM connection at NAPALM ``nxos`` on the device's NX-API (HTTPS)."""

    def change(host: Host) -> None:
        options = host.connection_options["napalm"]
        options.platform = "nxos"
        port = lab["info"]["ports"][host.name]["https"]
        options.extras = {"optional_args": {"transport": "https", "port": port}}

    return change


def _gather(nr: Nornir, connection: str | None) -> dict[str, DeviceFacts]:
    try:
        result = nr.run(task=optics_gather, connection=connection)
    finally:
        nr.close_connections()
    assert not result.failed, {name: classify(multi[0].exception) for name, multi in result.items()}
    return {name: FACTS.validate_python(multi[0].result) for name, multi in result.items()}


def _steady(facts: DeviceFacts) -> dict[str, Any]:
    """The facts without the clock: ``last_flap_s`` (seconds since the last flap) grows between
    two gathers, so only its presence is compared."""
    ports = {
        name: {key: (True if key == "last_flap_s" else value) for key, value in port.items()}
        for name, port in facts["ports"].items()
    }
    return {**facts, "ports": ports}


def _sessions(lab: dict[str, Any]) -> Counts:
    path: Path = lab["dir"] / "sessions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _moved(before: Counts, after: Counts, name: str) -> set[str]:
    """The transports whose session count on the device went up."""
    return {
        transport
        for transport, count in after.get(name, {}).items()
        if count > before.get(name, {}).get(transport, 0)
    }


@pytest.fixture(scope="module")
def netmiko_facts(dc1_lab: dict[str, Any]) -> dict[str, DeviceFacts]:
    facts: dict[str, DeviceFacts] = {}
    for platform in PLATFORMS:
        facts |= _gather(_nornir(dc1_lab, platform), "netmiko")
    return facts


@pytest.mark.parametrize(
    ("platform", "driver"),
    [
        ("arista_eos", "eos"),
        ("cisco_nxos", "nxos"),
        ("cisco_nxos", "nxos_ssh"),
        ("juniper_junos", "junos"),
    ],
)
def test_napalm_facts_equal_netmiko_facts(
    dc1_lab: dict[str, Any], netmiko_facts: dict[str, DeviceFacts], platform: str, driver: str
) -> None:
    nr = _nornir(dc1_lab, platform)
    if driver == "nxos":
        for host in nr.inventory.hosts.values():
            _on_nxapi(dc1_lab)(host)
    assert {h.connection_options["napalm"].platform for h in nr.inventory.hosts.values()} == {
        driver
    }
    before = _sessions(dc1_lab)
    napalm = _gather(nr, "napalm")
    after = _sessions(dc1_lab)
    assert napalm
    for name, facts in napalm.items():
        assert _steady(facts) == _steady(netmiko_facts[name]), name
        assert facts["transceivers"], name
        assert _moved(before, after, name) == {API[driver]}, name


def test_host_data_picks_napalm_and_an_api_only_host_is_gathered(
    dc1_lab: dict[str, Any], netmiko_facts: dict[str, DeviceFacts]
) -> None:
    """An EOS with no SSH (its port refuses) and a Junos, both ``optics_transport: napalm``."""
    nr = init_nornir(dc1_lab["dir"]).filter(
        filter_func=lambda host: host.name in {"spine1", "leaf4"}
    )
    dead = free_port()
    for host in nr.inventory.hosts.values():
        host.data[TRANSPORT_KEY] = "napalm"
    nr.inventory.hosts["spine1"].port = dead
    nr.inventory.hosts["spine1"].connection_options["netmiko"].port = dead
    gathered = _gather(nr, None)
    assert {name: _steady(facts) for name, facts in gathered.items()} == {
        name: _steady(netmiko_facts[name]) for name in ("spine1", "leaf4")
    }


def test_sonic_over_napalm_is_platform_unsupported_naming_the_platforms(
    dc1_lab: dict[str, Any],
) -> None:
    nr = _nornir(dc1_lab, "sonic")
    result = nr.run(task=optics_gather, connection="napalm")
    nr.close_connections()
    category, message = classify(result["leaf3"][0].exception)
    assert category == "platform-unsupported"
    assert message.startswith("sonic has no NAPALM core driver")
    for platform in PLATFORMS:
        assert platform in message
    # IOS-XR has NAPALM's iosxr driver (the XML agent, which the lab does not serve)
    assert napalm_platforms() == sorted([*PLATFORMS, "cisco_xr"])


def test_get_optics_detail_and_its_napalm_shape(
    dc1_lab: dict[str, Any], netmiko_facts: dict[str, DeviceFacts]
) -> None:
    """The getter on an open driver gives the gather's facts; NAPALM's own get_optics agrees
    with the converted facts on every reading it has (EOS: one channel per cage)."""
    from labtools import napalm_driver  # noqa: PLC0415

    with napalm_driver(dc1_lab, "spine1") as device:
        facts = get_optics_detail(device)
        theirs = device.get_optics()
    assert _steady(facts) == _steady(netmiko_facts["spine1"])
    ours = to_napalm_optics(facts)
    assert set(ours) <= set(facts["transceivers"])
    compared = 0
    for name, optics in theirs.items():
        if name not in ours:
            continue
        first = ours[name]["physical_channels"]["channel"][0]["state"]
        for key in ("input_power", "output_power", "laser_bias_current"):
            want = optics["physical_channels"]["channel"][0]["state"][key]["instant"]
            if first[key]["instant"] != float("-inf"):
                assert first[key]["instant"] == pytest.approx(want, abs=0.01), (name, key)
                compared += 1
    assert compared


def test_audit_transport_napalm_gives_the_netmiko_audit(dc1_lab: dict[str, Any]) -> None:
    """``optics audit --transport napalm`` on an EOS and a Junos: the same findings."""
    from typer.testing import CliRunner  # noqa: PLC0415

    from nornir_optics.cli import app  # noqa: PLC0415

    def audit(transport: str) -> tuple[int, list[Any]]:
        arguments = ["audit", "-i", str(dc1_lab["dir"]), "-f", "json", "--no-far-ends"]
        arguments += ["--filter", "platform=arista_eos", "--transport", transport]
        result = CliRunner().invoke(app, arguments)
        return result.exit_code, json.loads(result.stdout)["findings"]

    code, findings = audit("napalm")
    assert (code, findings) == audit("netmiko")
    assert code == 1
    assert findings
    assert not [f for f in findings if f["category"] in {"parse-error", "platform-unsupported"}]
