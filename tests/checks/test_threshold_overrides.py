"""Threshold overrides: held in the facts' shape, written nested or flat, merged per level."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from nornir_optics import facts
from nornir_optics.checks import live
from nornir_optics.fabric import load_fabric
from nornir_optics.intent import FLAT_THRESHOLDS, DomOverride, Levels, Thresholds

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = (ROOT / "inventory" / "intent.yaml").read_text(encoding="utf-8")
FLAT = '{part_number: "MMS1V00-*", rx_power_low_warning_dbm: -7.9, rx_power_low_alarm_dbm: -9.9}'
NESTED = (
    '{part_number: "MMS1V00-*", thresholds: {rx_power_dbm: {low_warning: -7.9, low_alarm: -9.9}}}'
)


def test_the_model_has_the_shape_of_the_facts() -> None:
    assert set(Thresholds.model_fields) == set(typing.get_type_hints(facts.Thresholds))
    assert set(Levels.model_fields) == set(typing.get_type_hints(facts.Levels))


def test_every_flat_key_names_one_level_of_one_quantity() -> None:
    places = set(FLAT_THRESHOLDS.values())
    assert len(places) == len(FLAT_THRESHOLDS)
    assert places == {(q, level) for q in Thresholds.model_fields for level in Levels.model_fields}


def test_flat_and_nested_forms_are_the_same_override() -> None:
    flat = DomOverride.model_validate(
        {"part_number": "X*", "rx_power_low_warning_dbm": -7.9, "temperature_high_alarm_c": 80}
    )
    nested = DomOverride.model_validate(
        {
            "part_number": "X*",
            "thresholds": {
                "rx_power_dbm": {"low_warning": -7.9},
                "temperature_c": {"high_alarm": 80},
            },
        }
    )
    assert flat == nested
    assert nested.thresholds.by_quantity() == {
        "rx_power_dbm": {"low_warning": -7.9},
        "temperature_c": {"high_alarm": 80.0},
    }


def test_both_forms_may_mix_on_different_levels() -> None:
    mixed = DomOverride.model_validate(
        {
            "part_number": "X*",
            "rx_power_low_alarm_dbm": -9.9,
            "thresholds": {"rx_power_dbm": {"low_warning": -7.9}},
        }
    )
    assert mixed.thresholds.by_quantity() == {
        "rx_power_dbm": {"low_warning": -7.9, "low_alarm": -9.9}
    }


@pytest.mark.parametrize("form", [FLAT, NESTED], ids=["flat", "nested"])
def test_override_replaces_only_the_levels_it_sets(tmp_path: Path, form: str) -> None:
    assert FLAT in REFERENCE
    for name in ("hosts.yaml", "groups.yaml", "defaults.yaml"):
        (tmp_path / name).write_bytes((ROOT / "inventory" / name).read_bytes())
    (tmp_path / "intent.yaml").write_text(REFERENCE.replace(FLAT, form), encoding="utf-8")
    fabric = load_fabric(tmp_path)
    end = fabric.links[0].a
    module: facts.Transceiver = {
        "port": end.interface,
        "present": True,
        "part_number": "MMS1V00-WM",
        "thresholds": {
            "rx_power_dbm": {
                "high_alarm": 6.0,
                "high_warning": 4.0,
                "low_warning": -6.0,
                "low_alarm": -9.0,
            },
            "temperature_c": {"high_alarm": 75.0, "high_warning": 70.0},
        },
    }
    audit = live._Audit(fabric, fleet=None)  # type: ignore[arg-type]
    assert live._thresholds(audit, end, module) == {
        "rx_power_dbm": {
            "high_alarm": 6.0,
            "high_warning": 4.0,
            "low_warning": -7.9,
            "low_alarm": -9.9,
        },
        "temperature_c": {"high_alarm": 75.0, "high_warning": 70.0},
    }
    other: facts.Transceiver = {**module, "part_number": "QDD-400G-DR4-S"}
    assert live._thresholds(audit, end, other)["rx_power_dbm"]["low_warning"] == -6.0
