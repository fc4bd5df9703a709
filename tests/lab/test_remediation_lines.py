"""The remediation's config lines, typed at each simulated platform's CLI, fix what they should."""

from __future__ import annotations

import pytest
from labtools import DC1_LAB, facts_from_lab, lab_running_config

from nornir_optics.checks.live import audit_live
from nornir_optics.checks.remediation import Change, plan_remediation
from nornir_optics.lab.personality import Session
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.models import Breakout, Fec
from nornir_optics.platforms import get_platform

ENTER = {
    "arista_eos": (["enable", "configure"], ["end"]),
    "cisco_nxos": (["configure terminal"], ["end"]),
    "juniper_junos": (["configure"], ["commit", "exit"]),
    "sonic": ([], []),
}
ERRORS = ("% Invalid", "% Incomplete", "syntax error", "Error:", "error:", "ERROR")


def _apply(runtime: LabRuntime, device: str, lines: list[str]) -> list[str]:
    personality = runtime.personalities[device]
    session = Session(device=runtime.device(device), user="admin")
    before, after = ENTER[runtime.device(device).platform]
    outputs = [personality.handle(session, line) for line in (*before, *lines, *after)]
    return [text for text in outputs if any(marker in text for marker in ERRORS)]


def test_dc1_plan_applied_at_the_cli_clears_every_config_finding() -> None:
    runtime = LabRuntime(load_lab(DC1_LAB))
    lab = runtime.lab
    report = audit_live(lab.fabric, facts_from_lab(lab))
    plans, _ = plan_remediation(lab.fabric, report)
    assert {plan.platform for plan in plans} == {
        "arista_eos",
        "cisco_nxos",
        "juniper_junos",
        "sonic",
    }
    for plan in plans:
        driver = get_platform(plan.platform)
        lines = driver.config_lines(plan.changes, lab_running_config(runtime, plan.device))
        assert lines, plan.device
        assert _apply(runtime, plan.device, lines) == [], (plan.device, lines)
    after = audit_live(lab.fabric, facts_from_lab(lab))
    causes = {(f.device, f.port, f.category) for f in after.findings if not f.symptom}
    assert not {
        c
        for c in causes
        if c[2] in {"fec-mismatch", "breakout-mismatch", "admin-state", "speed-mismatch"}
    }
    assert not [
        f
        for f in after.findings
        if f.category == "link-down"
        and f.caused_by is not None
        and f.caused_by.category in {"fec-mismatch", "breakout-mismatch"}
    ]
    for device, port in (
        ("leaf2", "Ethernet1/63"),
        ("leaf3", "Ethernet2"),
        ("leaf4", "et-0/0/30"),
        ("leaf1", "Ethernet2/5"),
        ("leaf1", "Ethernet1/7"),
        ("spine1", "Ethernet2/1"),
    ):
        assert lab.devices[device].oper[port].up, (device, port)
    plans_again, _ = plan_remediation(lab.fabric, after)
    assert plans_again == []


@pytest.mark.parametrize(
    ("platform", "changes", "running", "expected"),
    [
        (
            "arista_eos",
            [Change("Ethernet2/1", "fec", "none")],
            "interface Ethernet2/1\n",
            ["interface Ethernet2/1", "   no error-correction encoding"],
        ),
        (
            "arista_eos",
            [Change("Ethernet2/1", "fec", "rs544", "none")],
            "interface Ethernet2/1\n   no error-correction encoding\n",
            ["interface Ethernet2/1", "   error-correction encoding reed-solomon"],
        ),
        (
            "arista_eos",
            [Change("Ethernet3/1", "admin", "up", "down")],
            "interface Ethernet3/1\n   shutdown\n   speed 400g-8\n",
            ["interface Ethernet3/1", "   no shutdown"],
        ),
        (
            "cisco_nxos",
            [Change("Ethernet1/5", "breakout", "4x100G", "none")],
            "interface Ethernet1/5\n",
            ["interface breakout module 1 port 5 map 100g-4x"],
        ),
        (
            "cisco_nxos",
            [Change("Ethernet2/5", "breakout", "4x100G", "2x200G")],
            "interface breakout module 2 port 1-5 map 200g-2x\n",
            ["interface breakout module 2 port 5 map 100g-4x"],
        ),
        (
            "cisco_nxos",
            [Change("Ethernet1/5", "breakout", "none", "4x100G")],
            "interface breakout module 1 port 5,7 map 100g-4x\n",
            ["no interface breakout module 1 port 5 map 100g-4x"],
        ),
        (
            "cisco_nxos",
            [Change("Ethernet1/63", "fec", "rs544", "none")],
            "interface Ethernet1/63\n  fec off\n",
            ["interface Ethernet1/63", "  no fec"],
        ),
        (
            "juniper_junos",
            [Change("et-0/0/3", "breakout", "none", "4x100G")],
            "set interfaces et-0/0/3 number-of-sub-ports 4\nset interfaces et-0/0/3 speed 100g\n",
            [
                "delete interfaces et-0/0/3 number-of-sub-ports 4",
                "delete interfaces et-0/0/3 speed 100g",
            ],
        ),
        (
            "juniper_junos",
            [Change("et-0/0/3", "fec", "rs528")],
            "",
            ["set interfaces et-0/0/3 ether-options fec fec91"],
        ),
        (
            "juniper_junos",
            [Change("et-0/0/3", "fec", "rs528", "none")],
            (
                "interfaces {\n    et-0/0/3 {\n        ether-options {\n            fec none;\n"
                "        }\n    }\n}\n"
            ),
            ["set interfaces et-0/0/3 ether-options fec fec91"],
        ),
        (
            "sonic",
            [Change("Ethernet8", "breakout", "4x100G", "none")],
            "",
            ["sudo config interface breakout Ethernet8 '4x100G[50G,25G,10G,1G]' -y -f"],
        ),
        (
            "sonic",
            [Change("Ethernet2", "admin", "down")],
            "",
            ["sudo config interface shutdown Ethernet2"],
        ),
    ],
)
def test_config_lines_per_platform(
    platform: str, changes: list[Change], running: str, expected: list[str]
) -> None:
    driver = get_platform(platform)
    assert driver.config_lines(changes, running) == expected


LAB800 = DC1_LAB.parent / "lab800.yaml"
CONFIG = {"fec-mismatch", "breakout-mismatch", "admin-state", "speed-mismatch"}


def _plant_800g_config_faults(runtime: LabRuntime) -> None:
    """One config fault more on each of the five 800G models, beside lab800's own three."""
    devices = runtime.lab.devices
    devices["spine2"].set_breakout("et-0/0/9", Breakout.NONE)  # QFX5240: 2 x 400G undone
    devices["leaf1"].interfaces["Ethernet63/1"].fec = Fec.NONE  # 7060X6-64DE: 800G FEC off
    devices["leaf4"].interfaces["Ethernet64/1"].admin_up = False  # 7060X6-64PE: uplink shut
    devices["leaf2"].set_breakout("Ethernet1/20", Breakout.NONE)  # 9364E-SG2: 2 x 400G undone
    devices["leaf3"].set_breakout("Ethernet16", Breakout.NONE)  # SN5600: 2 x 400G undone
    recompute(runtime.lab)


def test_lab800_plan_applied_at_the_cli_of_all_five_800g_models_clears_its_config_rows() -> None:
    runtime = LabRuntime(load_lab(LAB800))
    _plant_800g_config_faults(runtime)
    lab = runtime.lab
    report = audit_live(lab.fabric, facts_from_lab(lab))
    plans, _ = plan_remediation(lab.fabric, report)
    models = {lab.devices[plan.device].model.name for plan in plans}
    assert models == {
        "DCS-7060X6-64PE",
        "DCS-7060X6-64DE",
        "N9K-C9364E-SG2",
        "QFX5240-64OD",
        "MSN5600",
    }
    for plan in plans:
        driver = get_platform(plan.platform)
        lines = driver.config_lines(plan.changes, lab_running_config(runtime, plan.device))
        assert _apply(runtime, plan.device, lines) == [], (plan.device, lines)
    after = audit_live(lab.fabric, facts_from_lab(lab))
    assert not {
        (f.device, f.port, f.category)
        for f in after.findings
        if not f.symptom and f.category in CONFIG
    }
    for device, port in (
        ("spine2", "et-0/0/9:1"),
        ("leaf1", "Ethernet63/1"),
        ("leaf4", "Ethernet64/1"),
        ("leaf2", "Ethernet1/20/2"),
        ("leaf3", "Ethernet20"),
        ("spine1", "Ethernet9/5"),
        ("leaf2", "Ethernet1/5/2"),
    ):
        assert lab.devices[device].oper[port].up, (device, port, lab.devices[device].oper[port])
    assert plan_remediation(lab.fabric, after)[0] == []
