"""Module temperature against the policy, its own thresholds and its platform's limits (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from nornir_optics.catalog import load_catalog
from nornir_optics.checks.thermal import device_thermal, heat

QFX = load_catalog().models["QFX5240-64OD"]
"""A platform with temperature limits in the catalogue (yellow 73, red 76, shutdown 77 C)."""
OWN = {"temperature_c": {"high_alarm": 76.0, "high_warning": 73.0, "low_warning": -3.0}}
"""The Juniper OSFP-800G-DR8's own thresholds (domain-800g.md 4.2)."""


@pytest.mark.parametrize(
    ("temperature", "policy", "warning", "alarm", "margin"),
    [
        (72.0, 68.0, 68.0, 76.0, -4.0),  # over the policy, 1 C under the yellow alarm
        (72.0, None, 73.0, 76.0, 1.0),  # the module's warning and the yellow alarm agree
        (60.0, 80.0, 73.0, 76.0, 13.0),  # a lax policy does not lift the platform's limit
    ],
)
def test_the_lowest_limit_wins_and_the_margin_is_to_it(
    temperature: float, policy: float | None, warning: float, alarm: float, margin: float
) -> None:
    hot = heat(("spine2", "et-0/0/31"), temperature, OWN, QFX, policy)  # type: ignore[arg-type]
    assert (hot.warning_c, hot.alarm_c, hot.margin_c) == (warning, alarm, margin)


def test_margins_name_every_limit_still_above() -> None:
    hot = heat(("spine2", "et-0/0/31"), 72.0, OWN, QFX, 68.0)  # type: ignore[arg-type]
    text = hot.margins()
    assert text.startswith("1.0 C below the module high warning (73 C)")
    assert "5.0 C below the QFX5240-64OD shutdown (77 C)" in text
    assert "policy" not in text  # already over it


def test_a_model_without_limits_uses_the_module_and_the_policy() -> None:
    model = load_catalog().models["DCS-7060X6-64PE"]
    hot = heat(("spine1", "Ethernet1/1"), 50.0, OWN, model, None)  # type: ignore[arg-type]
    assert [limit.what for limit in hot.warnings] == ["module high warning"]


def test_device_summary_counts_modules_near_their_warning() -> None:
    def module(temperature: float) -> dict[str, Any]:
        return {"present": True, "temperature_c": temperature, "thresholds": OWN}

    facts: Any = {
        "transceivers": {
            "et-0/0/1": module(45.0),
            "et-0/0/2": module(69.5),
            "et-0/0/3": module(72.0),
            "et-0/0/4": {"present": False},
        }
    }
    summary = device_thermal("spine2", facts, QFX, None).to_dict()
    assert summary["modules"] == 3
    assert summary["near_warning"] == 2
    assert [entry["port"] for entry in summary["hottest"]] == ["et-0/0/3", "et-0/0/2", "et-0/0/1"]
    assert summary["hottest"][0]["margin_c"] == 1.0
