"""scrapli (its native-library driver) opens a session and sends on every lab platform."""

from __future__ import annotations

from typing import Any

import pytest

CASES = {
    "spine1": ("arista_eos", "show hostname", "Hostname: spine1"),
    "spine2": ("cisco_nxos", "show hostname", "spine2"),
    "leaf4": ("juniper_junos", "show system uptime", "Current time:"),
    "leaf3": ("default", "hostname", "leaf3"),
}


@pytest.mark.parametrize("device", sorted(CASES))
def test_scrapli_opens_and_sends(dc1_lab: dict[str, Any], device: str) -> None:
    scrapli_cli = pytest.importorskip("scrapli.cli")
    from scrapli.auth import LookupKeyValue  # noqa: PLC0415
    from scrapli.auth import Options as AuthOptions  # noqa: PLC0415

    definition, command, expected = CASES[device]
    auth = AuthOptions(
        username=dc1_lab["username"],
        password=dc1_lab["password"],
        lookups=[LookupKeyValue(key="enable", value=dc1_lab["password"])],
    )
    with scrapli_cli.Cli(
        host="127.0.0.1",
        port=dc1_lab["hosts"][device]["port"],
        definition_file_or_name=definition,
        auth_options=auth,
    ) as connection:
        result = connection.send_input(command)
    assert result.result.startswith(expected)
