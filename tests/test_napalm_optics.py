"""NAPALM's ``get_optics`` shape from facts, checked against the installed napalm's models."""

from __future__ import annotations

import math
from typing import Any, get_type_hints

import pytest
from napalm.base import models
from napalm.base.test import helpers
from typing_extensions import is_typeddict

from nornir_optics.facts import FACTS
from nornir_optics.napalm_optics import (
    UnsupportedTransportError,
    check_transport,
    cli_form,
    to_napalm_optics,
)

FACTS_800G = FACTS.validate_python(
    {
        "transceivers": {
            "Ethernet1/1": {
                "port": "Ethernet1/1",
                "present": True,
                "media_type": "400GBASE-DR4",
                "thresholds": {"rx_power_dbm": {"low_alarm": -10.0}},
                "temperature_c": 41.2,
                "lanes": [
                    {
                        "lane": 1,
                        "state": "ok",
                        "rx_power_dbm": -0.35,
                        "tx_power_dbm": 1.02,
                        "tx_bias_ma": 7.1,
                    },
                    {"lane": 2, "state": "no_light", "tx_power_dbm": 0.98, "tx_bias_ma": 7.05},
                    {"lane": 3, "state": "no_light"},
                    {"lane": 4, "state": "not_supported"},
                    *({"lane": n, "state": "unused"} for n in range(5, 9)),
                ],
            },
            "Ethernet2/1": {"port": "Ethernet2/1", "present": False},
            "Ethernet3/1": {"port": "Ethernet3/1", "present": True, "serial": "X1"},
        },
        "ports": {"Ethernet1/1": {"name": "Ethernet1/1", "admin": "up", "oper": "up"}},
    }
)


def _conforms(model: Any, data: Any) -> None:
    """``data`` has exactly the model's keys, nested TypedDicts checked in turn, leaves with
    napalm's own ``helpers.test_model`` (its isinstance check cannot take a nested model)."""
    hints = get_type_hints(model)
    assert set(data) == set(hints), (model.__name__, sorted(data))
    if not any(is_typeddict(hint) for hint in hints.values()):
        assert helpers.test_model(model, data)
    for key, hint in hints.items():
        if is_typeddict(hint):
            _conforms(hint, data[key])


def _assert_napalm_model(optics: dict[str, Any]) -> None:
    """Every level against napalm.base.models; ``physical_channels`` as napalm's drivers and
    getter test have it (a ``channel`` list; see the test on the models' disagreement)."""
    for name, interface in optics.items():
        assert isinstance(name, str)
        assert set(interface) == set(get_type_hints(models.OpticsDict))
        assert set(interface["physical_channels"]) == {"channel"}
        assert isinstance(interface["physical_channels"]["channel"], list)
        for channel in interface["physical_channels"]["channel"]:
            _conforms(models.OpticsPerChannelDict, channel)
            assert isinstance(channel["index"], int)


def test_lanes_become_channels_from_zero_and_pass_napalm_s_models() -> None:
    optics = to_napalm_optics(FACTS_800G)
    _assert_napalm_model(optics)
    assert set(optics) == {"Ethernet1/1"}  # no module, no lanes: not in NAPALM's view
    channels = optics["Ethernet1/1"]["physical_channels"]["channel"]
    assert [channel["index"] for channel in channels] == [0, 1, 2]  # lanes 1-3
    first, second, third = (channel["state"] for channel in channels)
    assert first == {
        "input_power": {"instant": -0.35, "avg": 0.0, "min": 0.0, "max": 0.0},
        "output_power": {"instant": 1.02, "avg": 0.0, "min": 0.0, "max": 0.0},
        "laser_bias_current": {"instant": 7.1, "avg": 0.0, "min": 0.0, "max": 0.0},
    }
    assert second["input_power"]["instant"] == -math.inf
    assert second["output_power"]["instant"] == 0.98
    assert third["output_power"]["instant"] == -math.inf
    assert third["laser_bias_current"]["instant"] == 0.0


def test_no_light_value_can_be_chosen() -> None:
    optics = to_napalm_optics(FACTS_800G, no_light=-40.0)
    _assert_napalm_model(optics)
    states = [c["state"] for c in optics["Ethernet1/1"]["physical_channels"]["channel"]]
    assert [state["input_power"]["instant"] for state in states] == [-0.35, -40.0, -40.0]


def test_napalm_s_own_physical_channels_model_disagrees_with_its_drivers() -> None:
    """NAPALM 5.2 types ``physical_channels`` as ``{"channels": <one channel>}``; its drivers
    and its getter test use ``{"channel": [...]}``, which is what we give (docs/gather.md)."""
    annotations = models.OpticsPhysicalChannelsDict.__annotations__
    assert set(annotations) in ({"channels"}, {"channel"})
    assert set(to_napalm_optics(FACTS_800G)["Ethernet1/1"]["physical_channels"]) == {"channel"}


@pytest.mark.parametrize(
    ("driver", "command", "sent"),
    [
        ("eos", "show interfaces transceiver | json", ("show interfaces transceiver", "json")),
        ("eos", "show running-config", ("show running-config", "text")),
        ("junos", "show chassis hardware | display xml", ("show chassis hardware", "xml")),
        (
            "junos",
            "show configuration interfaces | display set",
            ("show configuration interfaces | display set", "text"),
        ),
        ("nxos", "show interface status | json", ("show interface status | json", "text")),
        ("nxos_ssh", "show lldp neighbors detail", ("show lldp neighbors detail", "text")),
    ],
)
def test_cli_form_per_driver(driver: str, command: str, sent: tuple[str, str]) -> None:
    assert cli_form(driver, command) == sent


def test_transports_and_platforms_checked() -> None:
    check_transport("netmiko", "sonic")
    check_transport("napalm", "juniper_junos")
    with pytest.raises(UnsupportedTransportError, match="known: netmiko, napalm"):
        check_transport("scrapli", "arista_eos")
    with pytest.raises(UnsupportedTransportError, match="supports arista_eos, cisco_nxos"):
        check_transport("napalm", "sonic")
