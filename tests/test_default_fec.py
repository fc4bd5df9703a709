"""The FEC a port runs with no FEC configured is one catalogue fact: drivers and lab both follow it.

The test changes the data (NX-OS's ``default_fec``) and checks that the NX-OS driver reading the
lab's running config and the lab's physics deciding the link's state change together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, run_cli

from nornir_optics import catalog
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.models import Fec
from nornir_optics.platforms import cisco_nxos

if TYPE_CHECKING:
    from collections.abc import Iterator

DEVICE, PORT = "spine2", "Ethernet1/1"
"""An NX-OS uplink of dc1 with a DR4 in it, healthy in the lab."""


@pytest.fixture
def default_fec(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set NX-OS's default FEC rule in the platform data for one test, then restore it."""
    read = catalog.read_data_file

    def use(rule: str) -> None:
        def patched(name: str) -> dict[str, object]:
            data = read(name)
            if name == "platforms.yaml":
                platforms: Any = data["platforms"]
                platforms["cisco_nxos"]["default_fec"] = {"follows": rule, "source": "UNVERIFIED"}
            return data

        monkeypatch.setattr(catalog, "read_data_file", patched)
        catalog.load_catalog.cache_clear()

    yield use
    monkeypatch.undo()
    catalog.load_catalog.cache_clear()


def _driver_and_lab() -> tuple[str | None, bool, str]:
    """The FEC the NX-OS driver reads on the port with no FEC line, and the lab's link state."""
    runtime = LabRuntime(load_lab(DC1_LAB))
    runtime.device(DEVICE).interfaces[PORT].fec = None  # the port now runs the default
    recompute(runtime.lab)
    outputs = {
        command: run_cli(runtime, DEVICE, command)
        for command in dict.fromkeys((*cisco_nxos.MODULE_COMMANDS, *cisco_nxos.PORT_COMMANDS))
    }
    facts = cisco_nxos.facts_from_outputs(outputs)
    oper = runtime.device(DEVICE).oper[PORT]
    return facts.get("ports", {}).get(PORT, {}).get("fec"), oper.up, oper.reason


@pytest.mark.parametrize(
    ("rule", "fec", "up"),
    [("optic", Fec.RS544.value, True), ("none", Fec.NONE.value, False)],
)
def test_drivers_and_lab_share_the_default_fec(
    default_fec: Any, rule: str, fec: str, *, up: bool
) -> None:
    default_fec(rule)
    read_fec, link_up, reason = _driver_and_lab()
    assert read_fec == fec
    assert link_up is up, reason
    if not up:
        assert "fec none" in reason
