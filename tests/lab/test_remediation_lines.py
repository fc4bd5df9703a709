"""The remediation's config lines, typed at each simulated platform's CLI, fix what they should."""

from __future__ import annotations

import pytest
from labtools import DC1_LAB, facts_from_lab, lab_running_config

from nornir_optics.checks.live import audit_live
from nornir_optics.checks.remediation import Change, plan_remediation
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
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
