"""Cumulus Linux on the served pod12 lab: gather, audit, remediate (dry run, commit, rollback).

One lab serves the module; the tests that change config run in one function, in order.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from labtools import ROOT, push_on_device, run_task, running_config
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.control import down, up
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.cumulus import push
from nornir_optics.tasks import gather

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POD12 = ROOT / "tests" / "fabrics" / "pod12"
DEVICES = {"cl1", "cl2"}
REJECTED = "description REJECT-ME"


@pytest.fixture(scope="module")
def pod12(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """pod12 served, cl1 refusing one description (the rejected-line test)."""
    folder = tmp_path_factory.mktemp("pod12")
    yaml = YAML()
    lab = yaml.load((POD12 / "lab.yaml").read_text())
    lab["intent"] = str(POD12 / "intent.yaml")
    lab["devices"]["cl1"]["knobs"] = {"reject_config": [REJECTED]}
    lab_file = folder / "lab.yaml"
    with lab_file.open("w") as stream:
        yaml.dump(lab, stream)
    out = folder / "run"
    up(lab_file, out)
    safe = YAML(typ="safe")
    try:
        yield {
            "dir": out,
            "file": lab_file,
            "hosts": safe.load((out / "hosts.yaml").read_text()),
            **safe.load((out / "defaults.yaml").read_text()),
        }
    finally:
        down(out)


def _causes(lab_dir: Path) -> set[tuple[str, str, str]]:
    result = CliRunner().invoke(
        app, ["audit", "-i", str(lab_dir), "--format", "json", "--fail-on", "never"]
    )
    findings = json.loads(result.stdout)["findings"]
    return {(f["device"], f["port"], f["category"]) for f in findings if not f["symptom"]}


def _remediate(lab_dir: Path, log: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app,
        ["remediate", "-i", str(lab_dir), "--format", "json", "--settle", "0", "--log-dir",
         str(log), *extra],
    )  # fmt: skip
    text = result.stdout.strip()
    return result.exit_code, json.loads(text) if text.startswith("{") else {}


def _expected() -> list[dict[str, Any]]:
    return list(YAML(typ="safe").load((POD12 / "expected.yaml").read_text())["findings"])


@pytest.mark.lab
def test_pod12_cumulus_gather_audit_remediate(pod12: dict[str, Any], tmp_path: Path) -> None:
    truth = LabRuntime(load_lab(pod12["file"]))
    facts = run_task(pod12, "cumulus", DEVICES, gather.optics_gather)
    for name in DEVICES:
        state = truth.device(name)
        for cage, module in state.modules.items():
            xcvr = facts[name]["transceivers"][cage]
            assert xcvr["present"] is (module is not None)
            if module is not None:
                assert (xcvr["serial"], xcvr["part_number"]) == (module.serial, module.part_number)
                assert xcvr["media_type"] == "400GBASE-DR4"
                assert [lane["state"] for lane in xcvr["lanes"]][4:] == ["unused"] * 4
    weak = facts["cl2"]["transceivers"]["swp3"]["lanes"][2]
    lane = truth.device("cl2").modules["swp3"].lane(3)  # type: ignore[union-attr]
    assert weak["rx_power_dbm"] == pytest.approx(lane.rx_power_dbm, abs=0.01)
    ports = facts["cl1"]["ports"]
    assert ports["swp5"]["breakout"] == "2x200G"
    assert ports["swp5"]["children"] == ["swp5s0", "swp5s1"]
    assert ports["swp1"]["fec"] == "none"
    assert ports["swp3"]["neighbor"] == {"system": "cl2", "port": "swp3"}
    assert facts["cl2"]["ports"]["swp2"]["admin"] == "down"

    # the audit: every planted cause where expected.yaml says, and no other cause
    causes = _causes(pod12["dir"])
    for row in _expected():
        assert any((d, p) == (row["device"], row["port"]) and c in row["category"]
                   for d, p, c in causes), row  # fmt: skip
    allowed = {(row["device"], row["port"]) for row in _expected()}
    assert {(d, p) for d, p, _ in causes} <= allowed

    # a refused line: failed, the switch byte-identical, nothing pending left behind
    before = running_config(pod12, "cl1")
    refused = push_on_device(
        pod12, "cl1", push, [f"nv set interface swp4 {REJECTED}"], commit=True,
        confirm_timeout=60, verify=lambda _: None,
    )  # fmt: skip
    assert refused.result == "failed"
    assert "REJECT-ME" in (refused.error or "")
    assert running_config(pod12, "cl1") == before

    # verification fails: NVUE's --confirm-no puts the previous revision back
    lines = ["nv set interface swp4 description spare"]
    undone = push_on_device(
        pod12, "cl1", push, lines, commit=True, confirm_timeout=60,
        verify=lambda _: "the link did not come up",
    )  # fmt: skip
    assert undone.result == "rolled-back"
    assert running_config(pod12, "cl1") == before

    # dry run: planned NVUE diffs, nothing applied
    configs = {name: running_config(pod12, name) for name in DEVICES}
    code, dry = _remediate(pod12["dir"], tmp_path / "dry")
    assert code == 0, dry
    planned = {d["device"]: d for d in dry["devices"]}
    assert set(planned) == DEVICES
    assert "nv set interface swp5 link breakout 4x lanes-per-port 2" in planned["cl1"]["diff"]
    assert "nv set interface swp2 link state up" in planned["cl2"]["diff"]
    assert {name: running_config(pod12, name) for name in DEVICES} == configs

    # commit: both switches committed, only the physical cause left, then nothing to do
    code, done = _remediate(pod12["dir"], tmp_path / "commit", "--commit")
    assert {d["device"]: d["result"] for d in done["devices"]} == dict.fromkeys(
        DEVICES, "committed"
    ), done
    assert _causes(pod12["dir"]) <= {("cl2", "swp3", c) for c in _expected()[3]["category"]}
    code, again = _remediate(pod12["dir"], tmp_path / "again")
    assert code == 0
    assert again["devices"] == []


def test_cumulus_is_a_gathered_platform() -> None:
    assert get_platform("cumulus").push is push
