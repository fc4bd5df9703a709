"""Shared vocabularies: breakout modes, FEC modes, severities and remedy kinds."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Breakout(StrEnum):
    """How a cage is split into ports, in the intent's words."""

    NONE = "none"
    X4_100G = "4x100G"
    X2_200G = "2x200G"
    X8_50G = "8x50G"


class Fec(StrEnum):
    """Forward error correction on a switch port, in the intent's words."""

    RS544 = "rs544"
    RS528 = "rs528"
    FC = "fc"
    NONE = "none"


class Severity(StrEnum):
    """How bad a finding is, lowest first."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Order of the severity, 0 for info."""
        return list(Severity).index(self)


class RemedyKind(StrEnum):
    """Who fixes a finding: the tool (config), a person on site (physical), the planner (intent)."""

    CONFIG = "config"
    PHYSICAL = "physical"
    INTENT = "intent"


class Frozen(BaseModel):
    """Base of every strict, immutable model: unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")
