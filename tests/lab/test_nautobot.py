"""Nautobot as the source of truth, for real: a Nautobot started by `make nautobot-up`.

The session fixture starts one Nautobot (PostgreSQL, Redis, nautobot-server) for every test of
this file, from the database cached under .nautobot/cache/ (the first run on a machine pays
the install and builds the schema), loads the dc1 fabric into it from our own files, and
stops it at the end. Where Nautobot cannot be installed or started, every test here skips with
the reason tools/nautobot_server.py gave.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from labtools import ROOT
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.fabric import load_fabric

if TYPE_CHECKING:
    from collections.abc import Iterator

INSTANCE = "tests"
RUN = Path(os.environ.get("OPTICS_NAUTOBOT_DIR", ROOT / ".nautobot")).resolve() / INSTANCE
TOKEN_ENV = "OPTICS_TEST_NAUTOBOT_TOKEN"
INVENTORY = ROOT / "inventory"
CONFIG_CATEGORIES = {"fec-mismatch", "breakout-mismatch", "admin-state", "speed-mismatch"}


def _make(target: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPTICS_NAUTOBOT_INSTANCE": INSTANCE}
    return subprocess.run(  # noqa: S603
        ["make", "-s", "-C", str(ROOT), target],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


@pytest.fixture(scope="session")
def nautobot() -> Iterator[dict[str, Any]]:
    """A real Nautobot for the session: URL, token, version, seconds it took to start."""
    if shutil.which("make") is None:
        pytest.skip("Nautobot cannot start: make is not installed")
    started = time.monotonic()
    proc = _make("nautobot-up")
    if proc.returncode != 0:
        reason_file = RUN / "cannot-start"
        reason = (
            reason_file.read_text(encoding="utf-8").strip()
            if reason_file.is_file()
            else (proc.stderr.strip().splitlines() or ["make nautobot-up failed"])[-1]
        )
        pytest.skip(f"Nautobot cannot start: {reason}")
    try:
        info = json.loads((RUN / "run.json").read_text(encoding="utf-8"))
        info["startup_s"] = round(time.monotonic() - started, 1)
        yield info
    finally:
        _make("nautobot-down")


@pytest.fixture(scope="session")
def nautobot_dc1(
    nautobot: dict[str, Any], dc1_lab: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Nautobot loaded with dc1 (our inventory and intent; the served lab's ports) and a
    config.yaml whose NautobotInventory drives the tool."""
    import pynautobot  # noqa: PLC0415 - a dev dependency

    from nornir_optics.sot.nautobot import load_fabric_into_nautobot  # noqa: PLC0415

    api = pynautobot.api(nautobot["url"], token=nautobot["token"])
    started = time.monotonic()
    counts = load_fabric_into_nautobot(api, load_fabric(INVENTORY), dc1_lab["hosts"])
    folder = tmp_path_factory.mktemp("nautobot-inventory")
    config = folder / "config.yaml"
    config.write_text(
        "# Nornir over Nautobot: the token comes from NAUTOBOT_TOKEN, never from this file.\n"
        "inventory:\n"
        "  plugin: NautobotInventory\n"
        "  options:\n"
        f"    nautobot_url: {nautobot['url']}\n"
        "    nautobot_token: null\n"
        "    filter_parameters: {tags: [optics]}\n"
        "  transform_function: optics_defaults\n"
        "  transform_function_options:\n"
        "    connection_key: pynautobot_dictionary.custom_fields.optics_connection\n"
        "runner: {plugin: threaded, options: {num_workers: 6}}\n",
        encoding="utf-8",
    )
    shutil.copy(dc1_lab["dir"] / "intent.yaml", folder / "intent.yaml")
    return {
        **nautobot,
        "api": api,
        "config": config,
        "counts": counts,
        "load_s": round(time.monotonic() - started, 1),
        "env": {
            "NAUTOBOT_TOKEN": nautobot["token"],
            TOKEN_ENV: nautobot["token"],
            "OPTICS_USERNAME": dc1_lab["username"],
            "OPTICS_PASSWORD": dc1_lab["password"],
        },
    }


def _invoke(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=env)


def _from_nautobot(lab: dict[str, Any], command: str, *args: str) -> Any:
    """``optics intent COMMAND --from-nautobot URL --token-env VAR ARGS``."""
    return _invoke(
        lab["env"],
        "intent",
        command,
        "--from-nautobot",
        lab["url"],
        "--token-env",
        TOKEN_ENV,
        *args,
    )


def test_nautobot_holds_the_dc1_fabric(nautobot_dc1: dict[str, Any]) -> None:
    api = nautobot_dc1["api"]
    assert nautobot_dc1["counts"]["cables"] == 43  # 11 unbroken links + 8 breakouts x 4 legs
    assert len(api.dcim.devices.filter(tags=["optics"])) == 6
    assert api.dcim.platforms.get(name="cisco_nxos").network_driver == "cisco_nxos"
    print(  # noqa: T201 - the cost, for the report (pytest -s)
        f"Nautobot {nautobot_dc1['version']}: up in {nautobot_dc1['startup_s']} s, "
        f"dc1 loaded in {nautobot_dc1['load_s']} s"
    )


def test_nautobot_inventory_audits_like_simple_inventory(
    nautobot_dc1: dict[str, Any], dc1_lab: dict[str, Any]
) -> None:
    env = nautobot_dc1["env"]
    simple = _invoke({}, "audit", "-i", str(dc1_lab["dir"]), "-f", "json")
    via = _invoke(env, "audit", "--config", str(nautobot_dc1["config"]), "-f", "json")
    assert via.exit_code == simple.exit_code == 1, via.output
    assert json.loads(via.stdout) == json.loads(simple.stdout)
    dry = _invoke(
        env,
        "remediate",
        "--config",
        str(nautobot_dc1["config"]),
        "-f",
        "json",
        "--log-dir",
        str(nautobot_dc1["config"].parent / "changes"),
    )
    plain = _invoke(
        {},
        "remediate",
        "-i",
        str(dc1_lab["dir"]),
        "-f",
        "json",
        "--log-dir",
        str(nautobot_dc1["config"].parent / "changes-simple"),
    )
    assert dry.exit_code == plain.exit_code == 0, dry.output
    assert json.loads(dry.stdout) == json.loads(plain.stdout)


def test_intent_import_from_nautobot_round_trips(
    nautobot_dc1: dict[str, Any], tmp_path: Path
) -> None:
    copy = tmp_path / "intent.yaml"
    shutil.copy(INVENTORY / "intent.yaml", copy)
    same = _from_nautobot(nautobot_dc1, "import", "-i", str(INVENTORY), "--output", str(copy))
    assert same.exit_code == 0, same.output
    assert "no change" in same.stderr
    assert copy.read_text() == (INVENTORY / "intent.yaml").read_text()
    fresh = tmp_path / "from-nautobot.yaml"
    made = _from_nautobot(nautobot_dc1, "import", "--output", str(fresh))
    assert made.exit_code == 0, made.output
    assert "19 link(s) added" in made.stderr
    checked = _invoke({}, "intent", "check", "-i", str(INVENTORY), "--intent", str(fresh))
    assert checked.exit_code == 0, checked.output
    again = _from_nautobot(nautobot_dc1, "import", "--output", str(fresh))
    assert "no change" in again.stderr
    shipped = _invoke({}, "plan", "audit", "-i", str(INVENTORY), "-f", "json")
    imported = _invoke(
        {}, "plan", "audit", "-i", str(INVENTORY), "--intent", str(fresh), "-f", "json"
    )
    assert imported.exit_code == shipped.exit_code == 1
    assert json.loads(imported.stdout) == json.loads(shipped.stdout)


def test_intent_diff_shows_where_yaml_and_nautobot_disagree(
    nautobot_dc1: dict[str, Any], tmp_path: Path
) -> None:
    agree = _from_nautobot(nautobot_dc1, "diff", "-i", str(INVENTORY))
    assert agree.exit_code == 0, agree.output
    assert "agree (19 link(s))" in agree.stdout
    folder = tmp_path / "inv"
    shutil.copytree(INVENTORY, folder)
    text = (folder / "intent.yaml").read_text()
    run = "cable: {fiber: smf, connector: mpo12-apc, length_m: "
    old = f"leaf2:Ethernet1/63, optic: 400GBASE-DR4, {run}"
    text = text.replace(f"{old}120}}", f"{old}150}}")
    storage = f"  - {{a: leaf1:Ethernet3/1, z: stor1:eth0, optic: 400GBASE-DR4, {run}30}}}}\n"
    assert storage in text
    (folder / "intent.yaml").write_text(text.replace(storage, ""))
    differ = _from_nautobot(nautobot_dc1, "diff", "-i", str(folder))
    assert differ.exit_code == 1, differ.output
    cable = "{fiber: smf, connector: mpo12-apc, length_m: 150, connectors: 2}"
    assert f"spine1:Ethernet2/1: cable: YAML {cable}" in differ.stdout
    assert "length_m: 120" in differ.stdout
    assert "leaf1:Ethernet3/1: only in Nautobot" in differ.stdout
    missing = _invoke(
        {},
        "intent",
        "diff",
        "--from-nautobot",
        nautobot_dc1["url"],
        "--token-env",
        "NO_SUCH",
        "-i",
        str(INVENTORY),
    )
    assert missing.exit_code == 2
    assert "--token-env NO_SUCH: the variable is not set" in missing.stderr


def test_inventory_push_to_nautobot_records_the_modules(
    nautobot_dc1: dict[str, Any], dc1_lab: dict[str, Any]
) -> None:
    env = nautobot_dc1["env"]
    url = nautobot_dc1["url"]
    first = _invoke(
        env,
        "inventory",
        "-i",
        str(dc1_lab["dir"]),
        "-f",
        "json",
        "--push-to-nautobot",
        url,
        "--token-env",
        TOKEN_ENV,
    )
    assert first.exit_code == 0, first.output
    rows = json.loads(first.stdout)
    modules = rows["modules"]
    assert f"Nautobot {url}: {len(modules)} inventory item(s) created" in first.stderr
    api = nautobot_dc1["api"]
    item = api.dcim.inventory_items.get(device="spine1", name="Ethernet3/1")
    assert item.description == "400GBASE-FR4"
    row = next(r for r in modules if (r["device"], r["port"]) == ("spine1", "Ethernet3/1"))
    assert (item.serial, item.part_id) == (row["serial"], row["part_number"])
    with_firmware = next(r for r in modules if r["firmware"])
    recorded = api.dcim.inventory_items.get(
        device=with_firmware["device"], name=with_firmware["port"]
    )
    assert recorded.custom_fields["optics_firmware"] == with_firmware["firmware"]
    second = _invoke(
        env,
        "inventory",
        "-i",
        str(dc1_lab["dir"]),
        "--push-to-nautobot",
        url,
        "--token-env",
        TOKEN_ENV,
    )
    assert f"{len(modules)} inventory item(s) left as they were" in second.stderr
    assert "0 inventory item(s) created" in second.stderr
    item.update({"serial": "CHANGED-BY-HAND"})
    third = _invoke(
        env,
        "inventory",
        "-i",
        str(dc1_lab["dir"]),
        "--push-to-nautobot",
        url,
        "--token-env",
        TOKEN_ENV,
    )
    assert "1 inventory item(s) updated: spine1:Ethernet3/1" in third.stderr


def test_nautobot_inventory_remediates_a_served_lab(
    nautobot_dc1: dict[str, Any], fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    api = nautobot_dc1["api"]
    yaml = YAML(typ="safe")
    hosts = yaml.load((fresh_lab["dir"] / "hosts.yaml").read_text())
    saved = {}
    for name, host in hosts.items():
        device = api.dcim.devices.get(name=name)
        saved[name] = device.custom_fields["optics_connection"]
        connection = {"port": host["port"], "connection_options": host["connection_options"]}
        device.update({"custom_fields": {"optics_connection": connection}})
    env = {**nautobot_dc1["env"], "OPTICS_PASSWORD": fresh_lab["password"]}
    config = str(nautobot_dc1["config"])
    try:
        pushed = _invoke(
            env,
            "remediate",
            "--config",
            config,
            "--commit",
            "--settle",
            "0",
            "-f",
            "json",
            "--log-dir",
            str(tmp_path / "log"),
        )
        assert pushed.exit_code == 0, pushed.output
        results = {run["device"]: run["result"] for run in json.loads(pushed.stdout)["devices"]}
        assert results == dict.fromkeys(("leaf1", "leaf2", "leaf3", "leaf4"), "committed")
        after = _invoke(env, "audit", "--config", config, "-f", "json", "--fail-on", "never")
        left = {f["category"] for f in json.loads(after.stdout)["findings"] if not f["symptom"]}
        assert not left & CONFIG_CATEGORIES
    finally:
        for name, connection in saved.items():
            api.dcim.devices.get(name=name).update(
                {"custom_fields": {"optics_connection": connection}}
            )
