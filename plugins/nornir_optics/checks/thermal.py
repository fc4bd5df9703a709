"""Module temperature against its own thresholds, the platform's limits and the policy (pure).

An 800G module runs within a few degrees of its limits (a QFX5240-64OD warns at 73 C and shuts
a DR8 cage down at 77 C, domain-800g.md 5.2), so the audit reports a hot module with the margin
to each limit, and a per-device summary names the hottest modules and counts those within a few
degrees of their warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nornir_optics.catalog import Model
    from nornir_optics.facts import DeviceFacts, Levels

NEAR_WARNING_C = 5.0
"""A module this close to its warning (or hotter) counts as near it in the thermal summary."""
HOTTEST = 3
"""How many of a device's hottest modules the summary names."""


@dataclass(frozen=True, slots=True)
class Limit:
    """One temperature limit a module is held to, and who sets it."""

    what: str
    """``policy``, ``module high warning``, ``platform yellow alarm`` ..."""
    celsius: float


@dataclass(frozen=True, slots=True)
class Heat:
    """A module's temperature and the limits it is held to, lowest first."""

    device: str
    port: str
    temperature_c: float
    warnings: tuple[Limit, ...]
    alarms: tuple[Limit, ...]

    @property
    def warning_c(self) -> float | None:
        """The lowest warning limit (policy, module, platform), None when none is known."""
        return self.warnings[0].celsius if self.warnings else None

    @property
    def alarm_c(self) -> float | None:
        """The lowest alarm limit (module high alarm, platform red alarm or shutdown)."""
        return self.alarms[0].celsius if self.alarms else None

    @property
    def margin_c(self) -> float | None:
        """Degrees left to the lowest warning (negative: over it)."""
        warning = self.warning_c
        return None if warning is None else round(warning - self.temperature_c, 1)

    def margins(self) -> str:
        """``1.0 C below the module high warning (73 C), 4.0 C below ...``, every limit above.

        >>> Heat("sw", "p", 72.0, (Limit("policy", 68.0),), (Limit("platform red alarm", 76.0),)
        ...      ).margins()
        '4.0 C below the platform red alarm (76 C)'
        """
        above = [
            limit for limit in (*self.warnings, *self.alarms) if limit.celsius > self.temperature_c
        ]
        return ", ".join(
            f"{limit.celsius - self.temperature_c:.1f} C below the {limit.what} "
            f"({limit.celsius:g} C)"
            for limit in sorted(above, key=lambda limit: limit.celsius)
        )


def heat(
    where: tuple[str, str],
    temperature: float,
    levels: dict[str, Levels],
    model: Model | None,
    policy_max_c: float | None,
) -> Heat:
    """The limits of one module: the policy's, its own thresholds, its platform's."""
    own: Any = levels.get("temperature_c", {})
    thermal = model.thermal if model is not None else None
    name = model.name if model is not None else "platform"
    warnings = [
        Limit("policy temperature_max_c", policy_max_c) if policy_max_c is not None else None,
        Limit("module high warning", own["high_warning"]) if "high_warning" in own else None,
        Limit(f"{name} yellow alarm", thermal.yellow_c) if thermal and thermal.yellow_c else None,
    ]
    alarms = [
        Limit("module high alarm", own["high_alarm"]) if "high_alarm" in own else None,
        Limit(f"{name} red alarm", thermal.red_c) if thermal and thermal.red_c else None,
        Limit(f"{name} shutdown", thermal.shutdown_c) if thermal and thermal.shutdown_c else None,
    ]
    return Heat(
        device=where[0],
        port=where[1],
        temperature_c=temperature,
        warnings=tuple(sorted((w for w in warnings if w), key=lambda limit: limit.celsius)),
        alarms=tuple(sorted((a for a in alarms if a), key=lambda limit: limit.celsius)),
    )


@dataclass(frozen=True, slots=True)
class DeviceThermal:
    """One device's thermal picture: its hottest modules and how many run near their warning."""

    device: str
    modules: int
    hottest: tuple[Heat, ...]
    near_warning: int
    within_c: float

    def to_dict(self) -> dict[str, Any]:
        """The summary as the JSON report has it."""
        return {
            "device": self.device,
            "modules": self.modules,
            "near_warning": self.near_warning,
            "within_c": self.within_c,
            "hottest": [
                {
                    "port": item.port,
                    "temperature_c": item.temperature_c,
                    "warning_c": item.warning_c,
                    "margin_c": item.margin_c,
                }
                for item in self.hottest
            ],
        }


def device_thermal(
    device: str,
    facts: DeviceFacts,
    model: Model | None,
    policy_max_c: float | None,
    within_c: float = NEAR_WARNING_C,
) -> DeviceThermal:
    """The thermal summary of one device from its gathered modules."""
    heats = []
    for port, module in (facts.get("transceivers") or {}).items():
        temperature = module.get("temperature_c")
        if not module.get("present") or temperature is None or math.isnan(temperature):
            continue
        levels: Any = module.get("thresholds") or {}
        heats.append(heat((device, port), temperature, levels, model, policy_max_c))
    heats.sort(key=lambda item: -item.temperature_c)
    near = [item for item in heats if item.margin_c is not None and item.margin_c <= within_c]
    return DeviceThermal(
        device=device,
        modules=len(heats),
        hottest=tuple(heats[:HOTTEST]),
        near_warning=len(near),
        within_c=within_c,
    )
