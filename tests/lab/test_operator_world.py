"""The operator's world on the served dc1 lab: config.yaml, aliases, credentials, filters."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app

if TYPE_CHECKING:
    from pathlib import Path

CONFIG_CATEGORIES = {"fec-mismatch", "breakout-mismatch", "admin-state", "speed-mismatch"}
CLEAN_ENV = {"OPTICS_PASSWORD": None, "OPTICS_USERNAME": None, "OPTICS_PASSWORD_LAB": None}


def _json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _invoke(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env={**CLEAN_ENV, **(env or {})}, input=stdin)


def _copy_lab(lab: dict[str, Any], tmp_path: Path, *, password: bool = True) -> Path:
    """The lab's inventory in a folder of its own, hosts in group ``lab``, the password optional."""
    folder = tmp_path / "inventory"
    folder.mkdir()
    yaml = YAML()
    hosts = yaml.load((lab["dir"] / "hosts.yaml").read_text())
    for host in hosts.values():
        host["groups"] = ["lab"]
    with (folder / "hosts.yaml").open("w") as stream:
        yaml.dump(hosts, stream)
    defaults = {"username": lab["username"], **({"password": lab["password"]} if password else {})}
    with (folder / "defaults.yaml").open("w") as stream:
        yaml.dump(defaults, stream)
    shutil.copy(lab["dir"] / "groups.yaml", folder / "groups.yaml")
    shutil.copy(lab["dir"] / "intent.yaml", folder / "intent.yaml")
    return folder


def test_a_config_yaml_audit_equals_the_folder_audit(
    dc1_lab: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    config = folder / "config.yaml"
    config.write_text(
        "inventory:\n"
        "  plugin: SimpleInventory\n"
        "  options:\n"
        f"    host_file: {dc1_lab['dir'] / 'hosts.yaml'}\n"
        f"    group_file: {dc1_lab['dir'] / 'groups.yaml'}\n"
        f"    defaults_file: {dc1_lab['dir'] / 'defaults.yaml'}\n"
        "  transform_function: optics_defaults\n"
        "runner:\n  plugin: threaded\n  options: {num_workers: 3}\n",
        encoding="utf-8",
    )
    plain = _invoke("audit", "-i", str(dc1_lab["dir"]), "-f", "json")
    configured = _invoke(
        "audit",
        "--config",
        str(config),
        "--intent",
        str(dc1_lab["dir"] / "intent.yaml"),
        "-f",
        "json",
    )
    assert plain.exit_code == configured.exit_code == 1, configured.output
    assert _json(configured) == _json(plain)


def test_eos_junos_nxos_ssh_and_arista_eos_gather_audit_and_push(
    fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    before = _json(_invoke("audit", "-i", str(fresh_lab["dir"]), "-f", "json"))
    yaml = YAML()
    path = fresh_lab["dir"] / "hosts.yaml"
    hosts = yaml.load(path.read_text())
    aliases = {"spine1": "eos", "leaf1": "arista-eos", "spine2": "nxos_ssh", "leaf2": "nxos_ssh"}
    aliases["leaf4"] = "junos"
    for name, platform in aliases.items():
        hosts[name]["platform"] = platform
        for options in hosts[name]["connection_options"].values():
            options.pop("platform", None)  # the transform names the drivers
    with path.open("w") as stream:
        yaml.dump(hosts, stream)
    audit = _invoke("audit", "-i", str(fresh_lab["dir"]), "-f", "json")
    assert audit.exit_code == 1, audit.output
    assert _json(audit) == before
    log = tmp_path / "log"
    pushed = _invoke(
        "remediate",
        "-i",
        str(fresh_lab["dir"]),
        "--commit",
        "--settle",
        "0",
        "-f",
        "json",
        "--log-dir",
        str(log),
    )
    assert pushed.exit_code == 0, pushed.output
    results = {run["device"]: run["result"] for run in _json(pushed)["devices"]}
    assert results == dict.fromkeys(("leaf1", "leaf2", "leaf3", "leaf4"), "committed")
    after = _json(_invoke("audit", "-i", str(fresh_lab["dir"]), "-f", "json", "--fail-on", "never"))
    left = {f["category"] for f in after["findings"] if not f["symptom"]}
    assert not left & CONFIG_CATEGORIES


def test_the_password_from_the_environment(dc1_lab: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy_lab(dc1_lab, tmp_path, password=False)
    result = _invoke(
        "audit", "-i", str(folder), "-f", "json", env={"OPTICS_PASSWORD": dc1_lab["password"]}
    )
    assert result.exit_code == 1, result.output
    assert not [f for f in _json(result)["findings"] if f["port"] == "-"]


def test_a_group_password_and_the_prompt(dc1_lab: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy_lab(dc1_lab, tmp_path, password=False)
    env = {"OPTICS_PASSWORD": "wrong", "OPTICS_PASSWORD_LAB": dc1_lab["password"]}
    result = _invoke("inventory", "-i", str(folder), "-f", "json", env=env)
    assert result.exit_code == 0, result.output
    prompted = _invoke(
        "inventory",
        "-i",
        str(folder),
        "-f",
        "json",
        "--ask-pass",
        env={"OPTICS_PASSWORD": "wrong"},
        stdin=f"{dc1_lab['password']}\n",
    )
    assert prompted.exit_code == 0, prompted.output
    assert dc1_lab["password"] not in prompted.output


def test_no_password_is_auth_failed_before_connecting(
    dc1_lab: dict[str, Any], tmp_path: Path
) -> None:
    folder = _copy_lab(dc1_lab, tmp_path, password=False)
    result = _invoke("audit", "-i", str(folder), "-f", "json")
    assert result.exit_code == 3
    device = {f["device"]: f for f in _json(result)["findings"] if f["port"] == "-"}
    assert set(device) == set(dc1_lab["hosts"])
    assert device["leaf1"]["category"] == "auth-failed"
    assert device["leaf1"]["message"] == "no password for leaf1 (set OPTICS_PASSWORD or --ask-pass)"


def test_a_rejected_password_is_auth_failed(dc1_lab: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy_lab(dc1_lab, tmp_path, password=False)
    result = _invoke(
        "audit",
        "-i",
        str(folder),
        "-f",
        "json",
        "--filter",
        "name=leaf3",
        env={"OPTICS_PASSWORD_LAB": "not-the-password"},
    )
    assert result.exit_code == 3
    leaf3 = [f for f in _json(result)["findings"] if f["device"] == "leaf3" and f["port"] == "-"]
    assert [f["category"] for f in leaf3] == ["auth-failed"]
    assert "leaf3 rejected the login of user 'admin'" in leaf3[0]["message"]
    assert "not-the-password" not in result.output


def test_a_filtered_audit_attributes_symptoms_to_far_ends(dc1_lab: dict[str, Any]) -> None:
    lab = str(dc1_lab["dir"])
    json_of = ("-f", "json", "--fail-on", "never")
    whole = _json(_invoke("audit", "-i", lab, *json_of))
    result = _invoke("audit", "-i", lab, *json_of, "--filter", "name=spine1")
    assert result.exit_code == 0, result.output
    report = _json(result)
    assert {f["device"] for f in report["findings"]} == {"spine1"}
    assert report["summary"]["devices"] == 1
    assert report["summary"]["far_ends_read"] == ["leaf1", "leaf2", "leaf3", "leaf4"]
    assert report["findings"] == [f for f in whole["findings"] if f["device"] == "spine1"]
    far = [f for f in report["findings"] if f["symptom"] and f["caused_by"]["device"] != "spine1"]
    assert far, "a symptom on spine1 caused on a leaf"
    alone = _json(_invoke("audit", "-i", lab, *json_of, "--filter", "name=spine1", "--no-far-ends"))
    assert alone["summary"]["devices"] == 1
    assert alone["summary"]["far_ends_not_read"] == ["leaf1", "leaf2", "leaf3", "leaf4"]
    table = _invoke("audit", "-i", lab, "--filter", "name=spine1", "--no-far-ends")
    assert "far ends not read: leaf1, leaf2, leaf3, leaf4" in table.stdout


def test_as_built_intent_audits_without_config_breakout_or_optic_findings(
    dc1_lab: dict[str, Any], tmp_path: Path
) -> None:
    built = tmp_path / "as-built.yaml"
    result = _invoke(
        "intent", "import", "--as-built", "-i", str(dc1_lab["dir"]), "--output", str(built)
    )
    assert result.exit_code == 0, result.output
    assert "+links:" not in result.stdout or "4 link(s) added" in result.stderr
    links = YAML(typ="safe").load(built.read_text())["links"]
    assert {(link["a"], link["z"]) for link in links} == {
        ("spine1:Ethernet1/1", "leaf1:Ethernet63/1"),
        ("spine2:Ethernet1/1", "leaf1:Ethernet64/1"),
        ("spine2:Ethernet1/3", "leaf3:Ethernet248"),
        ("spine2:Ethernet1/4", "leaf4:et-0/0/31"),
    }
    audit = _invoke(
        "audit",
        "-i",
        str(dc1_lab["dir"]),
        "--intent",
        str(built),
        "-f",
        "json",
        "--fail-on",
        "never",
    )
    assert audit.exit_code == 0, audit.output
    ports = {end for link in links for end in (link["a"], link["z"])}
    wrong = {"optic-mismatch", "breakout-mismatch", "fec-mismatch", "speed-mismatch", "admin-state"}
    found = [
        f
        for f in _json(audit)["findings"]
        if f"{f['device']}:{f['port']}" in ports and f["category"] in wrong
    ]
    assert found == []
    again = _invoke(
        "intent", "import", "--as-built", "-i", str(dc1_lab["dir"]), "--output", str(built)
    )
    assert "no change" in again.stderr


def test_as_built_marks_unknown_lengths(dc1_lab: dict[str, Any], tmp_path: Path) -> None:
    folder = _copy_lab(dc1_lab, tmp_path)
    text = (folder / "intent.yaml").read_text()
    head, _, _ = text.partition("links:")
    (folder / "intent.yaml").write_text(
        head + "links:\n  - {a: leaf1:Ethernet3/1, z: stor1:eth0, optic: 400GBASE-DR4, "
        "cable: {fiber: smf, connector: mpo12-apc, length_m: 30}}\n"
    )
    result = _invoke("intent", "import", "--as-built", "-i", str(folder), "--dry-run")
    assert result.exit_code == 0, result.output
    added = [line for line in result.stdout.splitlines() if line.startswith("+  - ")]
    assert len(added) == 4
    assert all(line.endswith("length_m: null}}  # TODO length") for line in added)
    assert "(dry run: nothing written)" in result.stderr
    written = _invoke("intent", "import", "--as-built", "-i", str(folder))
    assert written.exit_code == 0
    checked = _invoke("intent", "check", "-i", str(folder))
    assert checked.exit_code == 0, checked.output
