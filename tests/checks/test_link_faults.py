"""Live-audit checks of two lab faults over facts alone: a flapping link (``link-flap``) and a
module whose thresholds are out of order (``thresholds-invalid``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labtools import facts_from_lab

from nornir_optics.catalog import spec_levels
from nornir_optics.checks.live import audit_live, disordered_levels
from nornir_optics.intent import DomOverride
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from nornir_optics.checks.live import Fleet
    from nornir_optics.fabric import Fabric
    from nornir_optics.findings import Finding

DC1_LAB = Path(__file__).resolve().parents[2] / "inventory" / "lab.yaml"
EOS_END, NXOS_END = ("leaf1", "Ethernet64/1"), ("spine2", "Ethernet1/1")
"""A clean EOS - NX-OS link of dc1 (spine2:Ethernet1/1 - leaf1:Ethernet64/1)."""
JUNOS_END = ("leaf4", "et-0/0/31")
"""The Junos end of spine2:Ethernet1/4 (whose spine2 end runs hot: an independent cause)."""


def _dc1() -> tuple[Fabric, Fleet]:
    lab = load_lab(DC1_LAB)
    recompute(lab)
    return lab.fabric, facts_from_lab(lab)


def _port(fleet: Fleet, at: tuple[str, str]) -> Any:
    return fleet.facts[at[0]]["ports"][at[1]]


def _at(findings: list[Finding], at: tuple[str, str], category: str) -> list[Finding]:
    return [f for f in findings if (f.device, f.port) == at and f.category == category]


def test_a_port_that_flapped_recently_and_often_is_a_link_flap() -> None:
    fabric, fleet = _dc1()
    _port(fleet, EOS_END).update(link_flaps=3, last_flap_s=12.0)
    _port(fleet, NXOS_END).update(link_flaps=1, last_flap_s=12.0)  # one flap: under the policy
    findings = audit_live(fabric, fleet).findings
    (flap,) = _at(findings, EOS_END, "link-flap")
    assert not flap.symptom
    assert flap.remedy.kind.value == "physical"
    assert flap.severity.value == "warning"
    assert flap.details == {"flaps": 3, "last_flap_s": 12.0}
    assert "3 flaps since its counters were last cleared, the last 12 s ago" in flap.message
    assert not _at(findings, NXOS_END, "link-flap")


def test_old_flaps_and_a_link_that_came_up_once_are_no_flap() -> None:
    fabric, fleet = _dc1()
    _port(fleet, EOS_END).update(link_flaps=40, last_flap_s=86400.0 * 30)  # long ago
    _port(fleet, NXOS_END).update(link_flaps=0, last_flap_s=5.0)  # just came up
    findings = audit_live(fabric, fleet).findings
    assert not [f for f in findings if f.category == "link-flap"]


def test_junos_shows_only_the_last_flap_and_that_decides_for_an_up_link() -> None:
    fabric, fleet = _dc1()
    _port(fleet, JUNOS_END)["last_flap_s"] = 30.0
    (flap,) = _at(audit_live(fabric, fleet).findings, JUNOS_END, "link-flap")
    assert flap.details == {"last_flap_s": 30.0}
    _port(fleet, JUNOS_END)["oper"] = "down"  # went down 30 s ago and stays down: no flap
    assert not _at(audit_live(fabric, fleet).findings, JUNOS_END, "link-flap")


def test_a_link_caught_down_while_it_flaps_is_the_flap_not_a_link_down() -> None:
    fabric, fleet = _dc1()
    for end in (EOS_END, NXOS_END):
        _port(fleet, end).update(link_flaps=5, last_flap_s=1.0, oper="down")
    findings = audit_live(fabric, fleet).findings
    for end in (EOS_END, NXOS_END):
        assert [f.symptom for f in _at(findings, end, "link-flap")] == [False]
        assert not _at(findings, end, "link-down")  # the flap on this very port says why


def test_a_flap_with_low_light_on_the_port_is_a_symptom_of_the_light() -> None:
    fabric, fleet = _dc1()
    _port(fleet, EOS_END).update(link_flaps=3, last_flap_s=12.0)
    module = fleet.facts["leaf1"]["transceivers"]["Ethernet64/1"]
    for lane in module["lanes"]:
        lane["rx_power_dbm"] = -9.0  # 9 dB more loss than the 90 m trunk should have
    findings = audit_live(fabric, fleet).findings
    (flap,) = _at(findings, EOS_END, "link-flap")
    assert flap.symptom
    assert flap.caused_by is not None
    assert flap.caused_by.category == "budget-exceeded"
    assert flap.remedy.kind.value == "physical"


def test_policy_sets_the_flap_thresholds() -> None:
    fabric, fleet = _dc1()
    _port(fleet, EOS_END).update(link_flaps=3, last_flap_s=1200.0)
    assert not _at(audit_live(fabric, fleet).findings, EOS_END, "link-flap")
    policy = fabric.intent.policy
    relaxed = policy.model_copy(
        update={"link_flap": policy.link_flap.model_copy(update={"window_s": 3600.0})}
    )
    intent = fabric.intent.model_copy(update={"policy": relaxed})
    wider = dataclasses.replace(fabric, intent=intent)
    assert _at(audit_live(wider, fleet).findings, EOS_END, "link-flap")


def _disorder(fleet: Fleet, at: tuple[str, str]) -> dict[str, float]:
    """Swap the module's Rx alarms and warnings, as the lab's fault does."""
    rx = fleet.facts[at[0]]["transceivers"][at[1]]["thresholds"]["rx_power_dbm"]
    rx["high_alarm"], rx["high_warning"] = rx["high_warning"], rx["high_alarm"]
    rx["low_alarm"], rx["low_warning"] = rx["low_warning"], rx["low_alarm"]
    return dict(rx)


def test_disordered_levels_name_each_pair() -> None:
    assert disordered_levels({"high_alarm": 2.0, "high_warning": 4.0, "low_warning": -10.0}) == [
        "high_warning 4 > high_alarm 2"
    ]
    assert disordered_levels({"high_alarm": 4.0, "high_warning": 2.0, "low_alarm": -9.0}) == []
    assert disordered_levels({}) == []


def test_thresholds_out_of_order_are_a_finding_and_rx_falls_back_to_the_catalogue() -> None:
    fabric, fleet = _dc1()
    rx = _disorder(fleet, NXOS_END)
    module = fleet.facts["spine2"]["transceivers"]["Ethernet1/1"]
    optic = fabric.catalog.optic("400GBASE-DR4")
    assert optic is not None
    catalogue = spec_levels(optic.rx_power_dbm)
    assert catalogue is not None
    for lane in module["lanes"]:
        lane["rx_power_dbm"] = catalogue["high_warning"] + 1.0  # high by the catalogue only
    assert lane["rx_power_dbm"] < rx["high_warning"]  # the disordered "warning" says fine
    findings = audit_live(fabric, fleet).findings
    (invalid,) = _at(findings, NXOS_END, "thresholds-invalid")
    assert invalid.severity.value == "warning"
    assert invalid.details is not None
    assert invalid.details["out_of_order"] == {
        "rx_power_dbm": [
            f"high_warning {rx['high_warning']:g} > high_alarm {rx['high_alarm']:g}",
            f"low_alarm {rx['low_alarm']:g} > low_warning {rx['low_warning']:g}",
        ]
    }
    assert "catalogue limits" in invalid.details["fallback"]["rx_power_dbm"]
    assert "Rx is judged against the 400GBASE-DR4 catalogue limits" in invalid.message
    high = _at(findings, NXOS_END, "dom-rx-high")
    assert high
    assert all(f"high-warning {catalogue['high_warning']:.1f} dBm" in f.message for f in high)
    assert [
        f.category for f in findings if f.device == "spine2" and f.category == "parse-error"
    ] == []


def test_an_override_for_the_part_number_is_named_as_the_fallback() -> None:
    fabric, fleet = _dc1()
    _disorder(fleet, NXOS_END)
    part = fleet.facts["spine2"]["transceivers"]["Ethernet1/1"]["part_number"]
    policy = fabric.intent.policy
    override = DomOverride.model_validate(
        {"part_number": part, "thresholds": {"rx_power_dbm": {"low_warning": -7.0}}}
    )
    dom = policy.dom.model_copy(update={"overrides": (override,)})
    intent = fabric.intent.model_copy(update={"policy": policy.model_copy(update={"dom": dom})})
    overridden = dataclasses.replace(fabric, intent=intent)
    (invalid,) = _at(audit_live(overridden, fleet).findings, NXOS_END, "thresholds-invalid")
    assert invalid.details is not None
    assert invalid.details["fallback"] == {"rx_power_dbm": "override"}


def test_plain_dc1_has_neither_finding() -> None:
    fabric, fleet = _dc1()
    categories = {f.category for f in audit_live(fabric, fleet).findings}
    assert not categories & {"link-flap", "thresholds-invalid"}
