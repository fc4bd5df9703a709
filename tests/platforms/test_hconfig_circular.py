"""Circular tests of the remediation lines, in hier_config's style, for every dc1 and pod9 fix.

The table is every remediation the two labs need on EOS, NX-OS and Junos: each device's whole
plan and, where a plan touches several cages, each cage's changes alone. The running config of
each row is the lab device's own, as its CLI prints it (rendered in-process: no server). For each
row: the remediation applied to the running excerpt gives the intended config, the rollback
applied to that gives the excerpt back, and the intended config needs no further line. Then
the same lines are typed at the lab's CLI: the device takes them, its new running config needs
nothing more, and the rollback lines put the running config back byte for byte.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hier_config import WorkflowRemediation, get_hconfig_driver
from pydantic import ValidationError

from nornir_optics.checks.live import audit_live
from nornir_optics.checks.remediation import Change, plan_remediation
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms import hconfig

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hier_config import HConfig

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "lab"))
from labtools import facts_from_lab, lab_running_config  # noqa: E402

LABS = {
    "dc1": ROOT / "inventory" / "lab.yaml",
    "pod9": ROOT / "tests" / "fabrics" / "pod9" / "lab.yaml",
    "xr1": ROOT / "tests" / "fabrics" / "xr1" / "lab.yaml",
}
ENTER = {
    "arista_eos": (["enable", "configure"], ["end"]),
    "cisco_nxos": (["configure terminal"], ["end"]),
    "juniper_junos": (["configure"], ["commit", "exit"]),
    "cisco_xr": (["configure"], ["commit", "end"]),
}
ERRORS = ("% Invalid", "% Incomplete", "syntax error", "Error:", "error:", "ERROR")


@dataclass(frozen=True)
class Row:
    """One remediation: a lab device, the changes, the running config they are diffed against."""

    lab: str
    device: str
    platform: str
    scope: str
    changes: tuple[Change, ...]
    running: str

    @property
    def id(self) -> str:
        """The test id: lab, device, scope."""
        return f"{self.lab}-{self.device}-{self.scope}"


def _table() -> list[Row]:
    """Every remediation of the two labs on a diffed platform: whole plans, and per cage."""
    rows: list[Row] = []
    for lab_name, path in LABS.items():
        runtime = LabRuntime(load_lab(path))
        lab = runtime.lab
        plans, _ = plan_remediation(lab.fabric, audit_live(lab.fabric, facts_from_lab(lab)))
        for plan in plans:
            if plan.platform not in DIFFED:
                continue
            running = lab_running_config(runtime, plan.device)
            changes = tuple(plan.changes)
            rows.append(Row(lab_name, plan.device, plan.platform, "plan", changes, running))
            cages = sorted({c.cage or c.interface for c in changes})
            if len(cages) > 1:
                for cage, group in groupby(
                    sorted(changes, key=lambda c: c.cage or c.interface),
                    key=lambda c: c.cage or c.interface,
                ):
                    rows.append(
                        Row(lab_name, plan.device, plan.platform, cage, tuple(group), running)
                    )
    return rows


DIFFED = tuple(hconfig.load_rules().platforms)
"""The platforms whose remediation is a hier_config diff (those with rules in the data)."""
TABLE = _table()

EOS_RUNNING = (
    "interface Ethernet3/1\n   description old\n   shutdown\n   speed 200g-4\n"
    "   no error-correction encoding\ninterface Ethernet4/1\n   speed 400g-8\n"
)
NXOS_RUNNING = (
    "interface breakout module 2 port 1-5,7 map 200g-2x\n"
    "interface Ethernet2/5/1\n  speed 200000\n  fec off\ninterface Ethernet1/9\n  shutdown\n"
)
JUNOS_RUNNING = (
    "set interfaces et-0/0/3 number-of-sub-ports 4\nset interfaces et-0/0/3 speed 100g\n"
    "set interfaces et-0/0/3:0 description srv1:eth0\nset interfaces et-0/0/4 disable\n"
    "set interfaces et-0/0/4 ether-options fec fec74\n"
)
MORE = [
    Row(
        "more",
        "eos",
        "arista_eos",
        "settings",
        (
            Change("Ethernet3/1", "speed", "400G", "200G"),
            Change("Ethernet3/1", "fec", "rs544", "none"),
            Change("Ethernet3/1", "description", "spine1:Ethernet1/1"),
            Change("Ethernet3/1", "admin", "up", "down"),
            Change("Ethernet4/1", "fec", "fc"),
            Change("Ethernet4/1", "admin", "down", "up"),
        ),
        EOS_RUNNING,
    ),
    Row(
        "more",
        "nxos",
        "cisco_nxos",
        "map-to-map",
        (
            Change("Ethernet2/5", "breakout", "4x100G", "2x200G", cage="Ethernet2/5"),
            Change("Ethernet2/5/1", "speed", "100G", cage="Ethernet2/5"),
            Change("Ethernet2/5/1", "fec", "rs544", "none", cage="Ethernet2/5"),
        ),
        NXOS_RUNNING,
    ),
    Row(
        "more",
        "nxos",
        "cisco_nxos",
        "unbreak-and-admin",
        (
            Change("Ethernet2/7", "breakout", "none", "2x200G", cage="Ethernet2/7"),
            Change("Ethernet2/7", "speed", "400G", cage="Ethernet2/7"),
            Change("Ethernet1/9", "admin", "up", "down"),
        ),
        NXOS_RUNNING,
    ),
    Row(
        "more",
        "junos",
        "juniper_junos",
        "unbreak",
        (
            Change("et-0/0/3", "breakout", "none", "4x100G", cage="et-0/0/3"),
            Change("et-0/0/3", "speed", "400G", cage="et-0/0/3"),
            Change("et-0/0/3", "description", "to spine 1", cage="et-0/0/3"),
        ),
        JUNOS_RUNNING,
    ),
    Row(
        "more",
        "junos",
        "juniper_junos",
        "break-fec-admin",
        (
            Change("et-0/0/5", "breakout", "2x200G", "none", cage="et-0/0/5"),
            Change("et-0/0/5:0", "speed", "200G", cage="et-0/0/5"),
            Change("et-0/0/4", "fec", "rs544", "fc"),
            Change("et-0/0/4", "admin", "up", "down"),
        ),
        JUNOS_RUNNING,
    ),
]
"""Remediations beyond the labs' (map to map, unbreaking, admin down, every FEC removal)."""


def _config(platform: str) -> object:
    return importlib.import_module(f"nornir_optics.platforms.{platform}.config")


def _trees(row: Row, running: str | None = None) -> tuple[HConfig, HConfig]:
    module = _config(row.platform)
    trees: tuple[HConfig, HConfig] = module.intended_config(  # type: ignore[attr-defined]
        row.changes, row.running if running is None else running
    )
    return trees


def test_the_table_covers_every_platform_of_both_labs() -> None:
    per_platform = {
        platform: sum(1 for row in TABLE if row.platform == platform) for platform in DIFFED
    }
    assert all(per_platform.values()), per_platform
    assert {row.lab for row in TABLE} == set(LABS)


def _future(platform: str, config: HConfig, change: HConfig) -> HConfig:
    """The config after a change: hier_config's ``future``; on Junos, set/delete semantics.

    hier_config's ``future`` does not model Junos's ``delete <path>`` (it keeps the line), so
    for Junos the change is applied as the device does: ``delete`` removes every statement under
    its path, ``set`` adds one and replaces the line an idempotent rule of ours pairs it with.
    """
    if platform != "juniper_junos":
        return config.future(change)
    future = config.deep_copy()
    for line in change.all_children_sorted():
        if line.text.startswith("delete "):
            path = "set " + line.text.removeprefix("delete ")
            for old in [
                c for c in future.children if c.text == path or c.text.startswith(path + " ")
            ]:
                old.delete()
            continue
        if (old := future.driver.idempotent_for(line, future.children)) is not None:
            old.delete()
        future.add_child(line.text, return_if_present=True)
    return future


def _paths(config: HConfig) -> list[tuple[str, ...]]:
    """A config as the sorted paths of its lines (siblings' order does not count)."""
    return sorted(tuple(child.path()) for child in config.all_children())


@pytest.mark.parametrize("row", [*TABLE, *MORE], ids=lambda row: row.id)
def test_remediation_and_rollback_are_circular(row: Row) -> None:
    excerpt, intended = _trees(row)
    workflow = WorkflowRemediation(excerpt, intended)
    assert workflow.remediation_config.children, "a planned fix needs lines"
    future = _future(row.platform, excerpt, workflow.remediation_config)
    assert _paths(future) == _paths(intended)
    assert _paths(_future(row.platform, future, workflow.rollback_config)) == _paths(excerpt)
    assert not WorkflowRemediation(intended, future).remediation_config.children


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.id)
def test_the_lab_takes_the_lines_and_the_rollback_restores_it(row: Row) -> None:
    runtime = LabRuntime(load_lab(LABS[row.lab]))
    before = lab_running_config(runtime, row.device)
    diff = hconfig.diff_of(*_trees(row, before))
    assert _type(runtime, row.device, row.platform, diff.lines) == []
    after = lab_running_config(runtime, row.device)
    assert hconfig.diff_of(*_trees(row, after)).lines == []
    refused = _type(runtime, row.device, row.platform, diff.rollback)
    assert lab_running_config(runtime, row.device) == before
    # The only lines a device may refuse: removing a breakout leg (NX-OS), or a leg's section
    # (IOS-XR: the header and its lines), that the rollback of its breakout (typed before it)
    # has already taken away.
    assert all(
        (line.startswith("no interface ") and line[3:] not in before)
        or (line.startswith("interface ") and line.split(" > ")[0] + "\n" not in before)
        for line in refused
    )


def _type(runtime: LabRuntime, device: str, platform: str, lines: Sequence[str]) -> list[str]:
    """Type lines in config mode at a lab device's CLI; the lines it refused."""
    personality = runtime.personalities[device]
    session = Session(device=runtime.device(device), user="admin")
    enter, leave = ENTER[platform]
    for line in enter:
        personality.handle(session, line)
    refused: list[str] = []
    header = ""  # a refused section header: the lines under it are refused with it
    for line in lines:
        failed = any(marker in personality.handle(session, line) for marker in ERRORS)
        if not line.startswith(" "):
            header = line.strip() if failed else ""
        if failed:
            refused.append(f"{header} > {line.strip()}" if line.startswith(" ") else line.strip())
    for line in leave:
        assert not any(marker in personality.handle(session, line) for marker in ERRORS)
    return refused


def test_the_rules_are_validated_by_hier_configs_models() -> None:
    assert set(DIFFED) == {"arista_eos", "cisco_nxos", "cisco_xr", "juniper_junos"}
    for platform, rules in hconfig.load_rules().platforms.items():
        made = _config(platform).driver()  # type: ignore[attr-defined]
        assert isinstance(made, get_hconfig_driver(rules.extends).__class__), platform
    with pytest.raises(ValidationError, match="idempotent_comands"):
        hconfig.RulesFile.model_validate(
            {
                "platforms": {
                    "arista_eos": {
                        "extends": "arista_eos",
                        "settings": {},
                        "rules": {"idempotent_comands": []},
                    }
                }
            }
        )
    with pytest.raises(ValidationError, match="extends"):
        hconfig.PlatformRules.model_validate({"extends": "acme_os", "settings": {}, "rules": {}})


def test_our_rules_come_before_the_drivers_own() -> None:
    rules = _config("cisco_nxos").driver().rules  # type: ignore[attr-defined]
    ours = hconfig.platform_rules("cisco_nxos").rules
    assert rules.negate_with[: len(ours.negate_with)] == ours.negate_with
    assert rules.idempotent_commands[: len(ours.idempotent_commands)] == ours.idempotent_commands
    assert len(rules.idempotent_commands) > len(ours.idempotent_commands)  # the driver's kept
    assert _config("arista_eos").driver().rules.indentation == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cage", "expected"),
    [
        ("Ethernet1/5", "interface breakout module 1 port 5 map 100g-4x"),
        ("Ethernet2/5", "interface breakout module 2 port 5 map 100g-4x"),
    ],
)
def test_the_nxos_breakout_module_comes_from_the_port_name(cage: str, expected: str) -> None:
    lines = _config("cisco_nxos").config_lines(  # type: ignore[attr-defined]
        [Change(cage, "breakout", "4x100G", "none", cage=cage)], ""
    )
    assert lines == [expected]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            MORE[0],
            [
                "interface Ethernet3/1",
                "   speed 400g-8",
                "   error-correction encoding reed-solomon",
                "   description spine1:Ethernet1/1",
                "   no shutdown",
                "interface Ethernet4/1",
                "   error-correction encoding fire-code",
                "   shutdown",
            ],
        ),
        (
            MORE[1],
            [
                "interface breakout module 2 port 5 map 100g-4x",
                "interface Ethernet2/5/1",
                "  no fec",
                "  speed 100000",
            ],
        ),
        (
            MORE[4],
            [
                "set interfaces et-0/0/5 number-of-sub-ports 2",
                "set interfaces et-0/0/5 speed 200g",
                "delete interfaces et-0/0/4 ether-options fec fec74",
                "delete interfaces et-0/0/4 disable",
            ],
        ),
    ],
    ids=lambda value: value.id if isinstance(value, Row) else "",
)
def test_breakout_comes_first_and_admin_state_last(row: Row, expected: list[str]) -> None:
    assert hconfig.diff_of(*_trees(row)).lines == expected
