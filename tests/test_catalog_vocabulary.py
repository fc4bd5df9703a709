"""Adding a generation is a data change: a made-up speed, breakout mode and optic, in YAML alone.

The test patches the catalogue's YAML (never the code) with speeds ``600G`` and ``300G``, a
breakout mode ``2x300G``, a twin-port optic ``600G-TEST2`` that breaks out into it and a leg
optic ``300G-TEST``, lets one switch model offer the mode, and checks that the intent validator
accepts them and the plan audit judges a link that uses them, right and wrong.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from ruamel.yaml import YAML

from nornir_optics import catalog
from nornir_optics.checks.plan import audit_plan
from nornir_optics.exceptions import InputError
from nornir_optics.fabric import load_fabric

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

MODEL = "DCS-7060X6-64PE"
HOSTS = {"sw1": {"platform": "arista_eos", "data": {"model": MODEL}}}


def _made_up(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The shipped YAML of one data file with the made-up vocabulary added."""
    if name == "platforms.yaml":
        speeds = data["speeds"]  # fastest first
        speeds.insert(speeds.index("400G"), "600G")
        speeds.insert(speeds.index("200G"), "300G")
        data["breakout_modes"]["2x300G"] = {
            "legs": 2,
            "leg_speed": "300G",
            "lanes_per_leg": 4,
            "source": "UNVERIFIED",
            "note": "made up by a test",
        }
        ports = data["models"][MODEL]["ports"][0]
        ports["breakouts"].append("2x300G")
        ports["speeds"] += ["600G", "300G"]
    if name == "optics.yaml":
        optics = data["optics"]
        twin = copy.deepcopy(optics["800G-2xDR4"])
        twin.update(speed="600G", aliases=["600G-TEST2"], description="a made-up twin-port")
        twin["breakouts"] = {
            "2x300G": {
                "leg_speed": "300G",
                "leg_host_interface": "300GAUI-4",
                "leg_optic_class": "300G-test",
            }
        }
        leg = copy.deepcopy(optics["400GBASE-DR4"])
        leg.update(speed="300G", aliases=["300G-TEST"], breakouts={}, description="made up")
        optics["600G-TEST2"], optics["300G-TEST"] = twin, leg
        data["compatibility"].append(
            {"a": "600G-TEST2", "breakout": "2x300G", "z": "300G-TEST", "status": "supported"}
        )
    return data


@pytest.fixture
def made_up_vocabulary(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalogue with the made-up speed, mode and optics, for one test."""
    read = catalog.read_data_file
    monkeypatch.setattr(catalog, "read_data_file", lambda name: _made_up(name, read(name)))
    catalog.load_catalog.cache_clear()
    yield
    monkeypatch.undo()
    catalog.load_catalog.cache_clear()


def _fabric_dir(tmp_path: Path, far_optic: str) -> Path:
    link = {
        "a": "sw1:Ethernet1/1",
        "optic": "600G-TEST2",
        "breakout": "2x300G",
        "z": [{"port": f"srv{n}:eth0", "optic": far_optic} for n in (1, 2)],
        "cable": {"fiber": "smf", "connector": "2xmpo12-apc", "length_m": 50},
    }
    yaml = YAML()
    with (tmp_path / "hosts.yaml").open("w") as stream:
        yaml.dump(HOSTS, stream)
    with (tmp_path / "intent.yaml").open("w") as stream:
        yaml.dump({"version": 1, "links": [link]}, stream)
    return tmp_path


def test_the_shipped_catalogue_does_not_know_the_made_up_mode(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_fabric(_fabric_dir(tmp_path, "300G-TEST"))
    assert "2x300G" in " ".join(caught.value.problems)


@pytest.mark.usefixtures("made_up_vocabulary")
def test_a_made_up_mode_and_optic_in_yaml_alone_are_audited(tmp_path: Path) -> None:
    vocabulary = catalog.load_catalog()
    assert "300G" in vocabulary.speeds
    assert vocabulary.breakout_modes["2x300G"].legs == 2
    layout = vocabulary.models[MODEL].layout
    assert layout.leg_name("Ethernet1/1", catalog.Breakout("2x300G"), 2) == "Ethernet1/5"
    good = audit_plan(load_fabric(_fabric_dir(tmp_path, "300G-TEST")))
    assert [(f.port, f.category) for f in good.findings] == []


@pytest.mark.usefixtures("made_up_vocabulary")
def test_a_made_up_leg_with_the_wrong_far_end_is_found(tmp_path: Path) -> None:
    report = audit_plan(load_fabric(_fabric_dir(tmp_path, "400GBASE-DR4")))
    # each leg of the made-up mode is judged, named as EOS names the 2 x 300G children
    found = {(f.port, f.category) for f in report.findings}
    legs = ("Ethernet1/1", "Ethernet1/5")
    assert found == {(leg, "far-end-incompatible") for leg in legs}
