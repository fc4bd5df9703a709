"""--config: the user's Nornir config.yaml decides inventory plugin, transform and runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from nornir.core.inventory import ConnectionOptions, Defaults, Group, Host, ParentGroups
from nornir.core.plugins.inventory import TransformFunctionRegister
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.exceptions import InputError
from nornir_optics.nornir_config import open_nornir
from nornir_optics.session import filter_hosts, open_session
from nornir_optics.transform import optics_defaults

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventory"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "inv"
    folder.mkdir()
    for name in ("hosts.yaml", "groups.yaml", "defaults.yaml", "intent.yaml"):
        shutil.copy(INVENTORY / name, folder / name)
    return folder


def _config(folder: Path, text: str) -> Path:
    path = folder / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_config_yaml_is_used_from_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVENTORY)  # its host_file says inventory/hosts.yaml, from the project
    nr, source = open_nornir(Path())
    assert source.config_file == Path("config.yaml")
    assert set(nr.inventory.hosts) == {"spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4"}
    assert nr.runner.num_workers == 50  # type: ignore[attr-defined]


def test_workers_override_the_configs_runner() -> None:
    nr, _ = open_nornir(INVENTORY, workers=3)
    assert nr.runner.num_workers == 3  # type: ignore[attr-defined]


def test_a_plugin_that_is_not_installed_is_one_clear_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = _config(folder, "inventory:\n  plugin: NoSuchInventory\n  options: {}\n")
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder), "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}:2: inventory plugin 'NoSuchInventory' is not installed" in result.stderr
    assert "SimpleInventory" in result.stderr  # the installed ones are named
    assert "Traceback" not in result.output


def test_options_the_plugin_rejects_are_one_clear_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = _config(
        folder,
        "inventory:\n  plugin: SimpleInventory\n  options:\n    host_file: hosts.yaml\n"
        "    colour: blue\n",
    )
    result = CliRunner().invoke(app, ["intent", "check", "-i", str(folder), "-c", str(config)])
    assert result.exit_code == 2
    assert "rejects its options" in result.stderr
    assert "colour" in result.stderr


def test_a_runner_and_a_transform_that_do_not_exist(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = _config(folder, "runner: {plugin: warp}\n")
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder)])  # DIR/config.yaml
    assert result.exit_code == 2
    assert "runner 'warp' is not installed" in result.stderr
    config.write_text("inventory: {transform_function: nope}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder)])
    assert result.exit_code == 2
    assert "transform function 'nope' is not installed" in result.stderr
    assert "optics_defaults" in result.stderr


def test_optics_defaults_is_a_registered_transform_function() -> None:
    TransformFunctionRegister.auto_register()
    assert TransformFunctionRegister.available["optics_defaults"] is optics_defaults


@pytest.mark.parametrize(
    ("platform", "key", "netmiko", "napalm"),
    [
        ("eos", "arista_eos", "arista_eos", "eos"),
        ("arista-eos", "arista_eos", "arista_eos", "eos"),
        ("nxos_ssh", "cisco_nxos", "cisco_nxos", "nxos_ssh"),
        ("nxos", "cisco_nxos", "cisco_nxos", "nxos_ssh"),
        ("junos", "juniper_junos", "juniper_junos", "junos"),
        ("sonic", "sonic", "linux", None),
    ],
)
def test_platform_names_are_normalised_and_drivers_named(
    platform: str, key: str, netmiko: str, napalm: str | None
) -> None:
    host = Host(name="sw", platform=platform, defaults=Defaults())
    optics_defaults(host, credentials=False)
    assert host.platform == key
    assert host.connection_options["netmiko"].platform == netmiko
    assert host.connection_options["netmiko"].extras == {
        "fast_cli": False,
        "conn_timeout": 10,
        "auth_timeout": 10,
    }
    if napalm is None:
        assert "napalm" not in host.connection_options
    else:
        assert host.connection_options["napalm"].platform == napalm


def test_group_extras_survive_a_host_level_entry() -> None:
    group = Group(
        name="spines",
        connection_options={
            "netmiko": ConnectionOptions(extras={"conn_timeout": 30, "global_delay_factor": 2}),
            "napalm": ConnectionOptions(extras={"optional_args": {"transport": "https"}}),
        },
    )
    host = Host(
        name="spine1",
        platform="eos",
        groups=ParentGroups([group]),
        defaults=Defaults(),
        connection_options={
            "napalm": ConnectionOptions(extras={"optional_args": {"port": 8443}}),
        },
    )
    optics_defaults(host, credentials=False)
    netmiko = host.get_connection_parameters("netmiko")
    assert netmiko.extras["conn_timeout"] == 30
    assert netmiko.extras["global_delay_factor"] == 2
    assert netmiko.extras["fast_cli"] is False
    napalm = host.get_connection_parameters("napalm")
    assert napalm.extras["optional_args"] == {"transport": "https", "port": 8443}


def test_connection_data_from_a_source_of_truth_key() -> None:
    data = {
        "custom_fields": {
            "optics_connection": {
                "port": 2201,
                "connection_options": {
                    "napalm": {"extras": {"optional_args": {"transport": "http", "port": 8080}}}
                },
            }
        },
    }
    host = Host(name="leaf1", hostname="127.0.0.1", platform="arista-eos", data=data)
    optics_defaults(host, connection_key="custom_fields.optics_connection", credentials=False)
    assert host.port == 2201
    params = host.get_connection_parameters("napalm")
    assert params.platform == "eos"
    assert params.extras["optional_args"] == {"transport": "http", "port": 8080}


def test_aliases_in_hosts_yaml_load_as_a_fabric(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "hosts.yaml").read_text(encoding="utf-8")
    for old, new in (
        (
            "platform: arista_eos\n  groups: [dc1]\n  data: {model: DCS-7060DX5-64S, role: spine}",
            "platform: eos\n  groups: [dc1]\n  data: {model: DCS-7060DX5-64S, role: spine}",
        ),
        (
            "platform: cisco_nxos\n  groups: [dc1]\n  data: {model: N9K-C9364D-GX2A, role: spine}",
            "platform: nxos_ssh\n  groups: [dc1]\n  data: {model: N9K-C9364D-GX2A, role: spine}",
        ),
        ("platform: juniper_junos", "platform: junos"),
        (
            "platform: arista_eos\n  groups: [dc1]\n  data: {model: DCS-7060DX5-64S, role: leaf}",
            "platform: arista-eos\n  groups: [dc1]\n  data: {model: DCS-7060DX5-64S, role: leaf}",
        ),
    ):
        assert old in text
        text = text.replace(old, new)
    (folder / "hosts.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["intent", "check", "-i", str(folder)])
    assert result.exit_code == 0, result.output
    assert "6 managed device(s)" in result.stdout


def test_the_folder_alone_looks_for_data_model(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "hosts.yaml").read_text(encoding="utf-8")
    (folder / "hosts.yaml").write_text(text.replace("data: {model: ", "data: {sku: "))
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(folder), "-f", "json"])
    assert result.exit_code == 2
    assert "data.model must be a known" in result.stderr


def test_device_type_model_is_found_without_configuration(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "hosts.yaml").read_text(encoding="utf-8")
    for model in ("DCS-7060DX5-64S", "N9K-C9364D-GX2A", "MSN4700", "QFX5220-32CD"):
        text = text.replace(f"data: {{model: {model},", f"data: {{device_type: {{model: {model}}},")
    (folder / "hosts.yaml").write_text(text, encoding="utf-8")
    config = _config(
        folder,
        "inventory:\n  plugin: SimpleInventory\n  options: {host_file: hosts.yaml}\n",
    )
    plain = CliRunner().invoke(app, ["plan", "audit", "-i", str(INVENTORY), "-f", "json"])
    result = CliRunner().invoke(app, ["plan", "audit", "-c", str(config), "-f", "json"])
    assert result.exit_code == plain.exit_code == 1, result.output
    assert json.loads(result.stdout) == json.loads(plain.stdout)


def test_a_configured_model_key_names_itself_in_errors(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    config = _config(
        folder,
        "inventory:\n  plugin: SimpleInventory\n  options: {host_file: hosts.yaml}\n"
        "  transform_function: optics_defaults\n"
        "  transform_function_options: {model_key: hardware.sku}\n",
    )
    result = CliRunner().invoke(app, ["intent", "check", "-c", str(config)])
    assert result.exit_code == 2
    assert "data.hardware.sku must be a known" in result.stderr
    assert str(folder / "hosts.yaml") in result.stderr  # file:line of the host


def test_a_filter_that_matches_nothing_names_the_fields() -> None:
    session = open_session(INVENTORY, with_fabric=False)
    with pytest.raises(InputError) as caught:
        filter_hosts(session.nr, ["role=border"])
    text = caught.value.problems[0]
    assert "--filter role=border matches none of the 6 host(s)" in text
    assert "name, hostname, platform, groups" in text
    assert "model" in text
    assert "role" in text
    assert "site" in text


@pytest.mark.parametrize(
    ("rule", "hosts"),
    [
        ("role=spine", {"spine1", "spine2"}),
        ("platform=eos", {"spine1", "leaf1"}),
        ("platform=sonic", {"leaf3"}),
        ("groups=dc1", {"spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4"}),
        ("site=dc1", {"spine1", "spine2", "leaf1", "leaf2", "leaf3", "leaf4"}),
        ("name=leaf4", {"leaf4"}),
    ],
)
def test_filters_on_the_shipped_inventory(rule: str, hosts: set[str]) -> None:
    session = open_session(INVENTORY, with_fabric=False, filters=[rule])
    assert set(session.targets.inventory.hosts) == hosts


def test_the_cli_refuses_an_empty_filter_before_any_gather() -> None:
    result = CliRunner().invoke(app, ["inventory", "-i", str(INVENTORY), "--filter", "role=x"])
    assert result.exit_code == 2
    assert "fields that can be filtered" in result.stderr


def test_a_netbox_shaped_inventory_loads_as_a_fabric() -> None:
    """nornir_netbox puts the NetBox device in the host's data and the platform slug."""
    from nornir.core.inventory import Groups, Hosts, Inventory  # noqa: PLC0415

    from nornir_optics.fabric import load_fabric_from_nornir  # noqa: PLC0415

    shipped = open_session(INVENTORY, with_fabric=False).nr.inventory.hosts
    slugs = {"arista_eos": "arista-eos", "cisco_nxos": "cisco-nxos"}
    slugs |= {"juniper_junos": "juniper-junos", "sonic": "sonic"}
    hosts = Hosts()
    for name, host in shipped.items():
        data = {
            "name": name,
            "device_type": {"model": host["model"], "manufacturer": {"name": "any"}},
            "custom_fields": {"optics_connection": {"port": 22}},
        }
        hosts[name] = Host(name=name, platform=slugs[str(host.platform)], data=data)
    inventory = Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())
    fabric = load_fabric_from_nornir(inventory, INVENTORY / "intent.yaml")
    assert {name: device.platform for name, device in fabric.managed.devices.items()} == {
        name: str(host.platform) for name, host in shipped.items()
    }
    assert len(fabric.links) == 19
