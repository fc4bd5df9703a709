"""Remediation planning (pure): config findings become ordered changes; the rest work orders."""

from __future__ import annotations

from labtools import DC1_LAB, facts_from_lab

from nornir_optics.checks.live import audit_live
from nornir_optics.checks.remediation import plan_remediation
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import load_lab


def _plans() -> tuple[dict[str, list[tuple[str, str, str]]], list[tuple[str, str]]]:
    lab = load_lab(DC1_LAB)
    recompute(lab)
    plans, orders = plan_remediation(lab.fabric, audit_live(lab.fabric, facts_from_lab(lab)))
    return (
        {p.device: [(c.interface, c.setting, c.want) for c in p.changes] for p in plans},
        [(o.device, o.port) for o in orders],
    )


def test_dc1_plans_the_five_config_fixes_and_nothing_else() -> None:
    changes, _ = _plans()
    assert set(changes) == {"leaf1", "leaf2", "leaf3", "leaf4"}
    assert changes["leaf2"] == [("Ethernet1/63", "fec", "rs544")]
    assert changes["leaf3"] == [("Ethernet2", "fec", "rs544")]
    assert changes["leaf4"] == [("et-0/0/30", "admin", "up")]
    leaf1 = changes["leaf1"]
    assert leaf1[:2] == [
        ("Ethernet1/1", "breakout", "4x100G"),
        ("Ethernet2/1", "breakout", "4x100G"),
    ]
    assert ("Ethernet2/7", "speed", "100G") in leaf1
    assert ("Ethernet1/3", "description", "srv102:eth0") in leaf1
    assert all(setting != "breakout" for _, setting, _ in leaf1[2:])


def test_physical_causes_become_work_orders() -> None:
    _, orders = _plans()
    assert ("leaf2", "Ethernet1/64") in orders
    assert ("spine1", "Ethernet3/1") in orders
    assert all(device != "leaf1" or port != "Ethernet2/1" for device, port in orders)


def test_a_port_shut_by_intent_is_never_enabled() -> None:
    lab = load_lab(DC1_LAB)
    lab.devices["spine1"].interfaces["Ethernet5/1"].admin_up = True  # someone enabled the spare
    recompute(lab)
    plans, _ = plan_remediation(lab.fabric, audit_live(lab.fabric, facts_from_lab(lab)))
    spine1 = next(p for p in plans if p.device == "spine1")
    assert [(c.interface, c.setting, c.want) for c in spine1.changes] == [
        ("Ethernet5/1", "admin", "down")
    ]
