"""Credentials: the documented order, per-group overrides, and who has none before connecting."""

from __future__ import annotations

from nornir.core.inventory import ConnectionOptions, Defaults, Group, Host, ParentGroups

from nornir_optics.credentials import apply_credentials, missing_credentials
from nornir_optics.transform import optics_defaults


def _host(**kwargs: object) -> Host:
    spines = Group(name="spines", groups=ParentGroups([Group(name="dc1")]))
    return Host(
        name="spine1",
        platform="eos",
        groups=ParentGroups([spines]),
        defaults=Defaults(username="inv-user", password=kwargs.pop("password", None)),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_prompt_beats_the_group_beats_the_global_beats_the_inventory() -> None:
    env = {"OPTICS_PASSWORD": "global", "OPTICS_PASSWORD_SPINES": "for-spines"}
    host = _host(password="from-inventory")
    apply_credentials(host, environ=env, password="typed")
    assert host.password == "typed"
    host = _host(password="from-inventory")
    apply_credentials(host, environ=env)
    assert host.password == "for-spines"
    host = _host(password="from-inventory")
    apply_credentials(host, environ={"OPTICS_PASSWORD": "global"})
    assert host.password == "global"
    host = _host(password="from-inventory")
    apply_credentials(host, environ={})
    assert host.password == "from-inventory"


def test_a_parent_group_override_applies_when_the_own_group_has_none() -> None:
    host = _host()
    apply_credentials(host, environ={"OPTICS_PASSWORD_DC1": "dc1-secret", "OPTICS_USERNAME": "ops"})
    assert (host.username, host.password) == ("ops", "dc1-secret")


def test_the_enable_secret_goes_to_netmiko_and_napalm() -> None:
    host = _host(password="pw")
    optics_defaults(host, credentials=False)
    apply_credentials(host, environ={"OPTICS_ENABLE_SECRET_SPINES": "en"})
    assert host.get_connection_parameters("netmiko").extras["secret"] == "en"
    optional = host.get_connection_parameters("napalm").extras["optional_args"]
    assert optional["enable_password"] == "en"


def test_an_ssh_key_or_agent_needs_no_password() -> None:
    host = _host()
    apply_credentials(host, environ={"OPTICS_SSH_KEY_FILE": "/keys/id_ed25519"})
    extras = host.get_connection_parameters("netmiko").extras
    assert extras["use_keys"] is True
    assert extras["key_file"] == "/keys/id_ed25519"
    assert missing_credentials(host) is None
    host = _host()
    apply_credentials(host, environ={"SSH_AUTH_SOCK": "/run/agent.sock"})
    assert missing_credentials(host) is None


def test_no_password_is_said_before_anyone_connects() -> None:
    host = _host()
    apply_credentials(host, environ={})
    assert missing_credentials(host) == (
        "no password for spine1 (set OPTICS_PASSWORD or --ask-pass)"
    )


def test_inventory_extras_are_kept() -> None:
    host = _host(
        password="pw",
        connection_options={"netmiko": ConnectionOptions(extras={"secret": "inventory-secret"})},
    )
    apply_credentials(host, environ={})
    assert host.connection_options["netmiko"].extras == {"secret": "inventory-secret"}
