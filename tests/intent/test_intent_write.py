"""The intent written back: merges keep the file's text; accept applies intent remedies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.intent_write import merge_links, open_intent, plain

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventory"
REACH_ID = "2a11eff3"  # reach-exceeded on leaf1:Ethernet4/1, the planned 650 m run


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "inv"
    shutil.copytree(INVENTORY, folder)
    return folder


def test_merging_the_file_into_itself_changes_no_byte() -> None:
    tree, text, _ = open_intent(INVENTORY / "intent.yaml", "test")
    links = [plain(node) for node in tree["links"]]
    swapped = {**links[0], "a": links[0]["z"], "z": links[0]["a"]}  # the same link, turned round
    after, merge = merge_links(tree, text, [swapped, *links[1:]])
    assert after == text
    assert (merge.added, merge.changed, merge.left) == ([], {}, [])
    assert len(merge.unchanged) == len(links)


def test_a_changed_value_is_edited_in_place_and_new_links_follow_the_files_style() -> None:
    tree, text, _ = open_intent(INVENTORY / "intent.yaml", "test")
    first = plain(tree["links"][0])
    first["cable"]["length_m"] = 95
    new = {
        "a": "leaf2:Ethernet1/5",
        "z": "spine1:Ethernet6/1",
        "optic": "400GBASE-DR4",
        "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": None},
    }
    after, merge = merge_links(tree, text, [first, new])
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert changed == [
        (
            "  - {a: spine1:Ethernet1/1, z: leaf1:Ethernet63/1, optic: 400GBASE-DR4, "
            "cable: {fiber: smf, connector: mpo12-apc, length_m: 95}}"
        ),
        (
            "  - {a: leaf2:Ethernet1/5, z: spine1:Ethernet6/1, optic: 400GBASE-DR4, "
            "cable: {fiber: smf, connector: mpo12-apc, length_m: null}}  # TODO length"
        ),
    ]
    assert merge.changed == {
        "spine1:Ethernet1/1": [
            (
                "cable: {fiber: smf, connector: mpo12-apc, length_m: 85, connectors: 2} -> "
                "{fiber: smf, connector: mpo12-apc, length_m: 95, connectors: 2}"
            )
        ]
    }
    assert "# --- spine1 (Arista) to every leaf" in after  # comments kept
    assert '"MMS1V00-*"' in after  # quoting kept


def test_an_unknown_length_is_valid_and_judged_later(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "intent.yaml"
    path.write_text(path.read_text().replace("length_m: 650}}", "length_m: null}}  # TODO length"))
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output  # the reach finding waits for a length
    assert json.loads(result.stdout)["findings"] == []


def test_accept_applies_the_reach_remedy_keeping_the_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "intent.yaml"
    before = path.read_text()
    shown = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder)])
    assert REACH_ID in shown.stdout
    dry = CliRunner().invoke(app, ["intent", "accept", REACH_ID, "-i", str(folder), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "-  - {a: leaf1:Ethernet4/1, z: spine2:Ethernet1/5, optic: 400GBASE-DR4," in dry.stdout
    assert "+  - {a: leaf1:Ethernet4/1, z: spine2:Ethernet1/5, optic: 400G-XDR4," in dry.stdout
    assert path.read_text() == before
    done = CliRunner().invoke(app, ["intent", "accept", REACH_ID[:5], "-i", str(folder)])
    assert done.exit_code == 0, done.output
    after = path.read_text()
    assert after == before.replace(
        "spine2:Ethernet1/5, optic: 400GBASE-DR4, state: planned",
        "spine2:Ethernet1/5, optic: 400G-XDR4, state: planned",
    )
    audit = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder), "-f", "json"])
    assert audit.exit_code == 0
    assert json.loads(audit.stdout)["findings"] == []


def test_accept_refuses_what_needs_a_person(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    unknown = CliRunner().invoke(app, ["intent", "accept", "ffffffff", "-i", str(folder)])
    assert unknown.exit_code == 2
    assert f"the plan audit has: {REACH_ID} (reach-exceeded)" in unknown.stderr
    path = folder / "intent.yaml"
    path.write_text(
        path.read_text().replace(
            "{a: leaf1:Ethernet3/1, z: stor1:eth0, optic: 400GBASE-DR4,",
            "{a: leaf1:Ethernet3/1, z: {port: stor1:eth0, optic: 100GBASE-DR}, "
            "optic: 400GBASE-DR4,",
        )
    )
    report = json.loads(
        CliRunner().invoke(app, ["plan", "audit", "-i", str(folder), "-f", "json"]).stdout
    )
    other = next(f for f in report["findings"] if f["category"] == "far-end-incompatible")
    refused = CliRunner().invoke(app, ["intent", "accept", other["id"], "-i", str(folder)])
    assert refused.exit_code == 2
    assert "needs a person's decision" in refused.stderr
