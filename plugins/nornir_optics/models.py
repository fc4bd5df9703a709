"""Shared vocabularies: breakout mode names, FEC modes, severities and remedy kinds."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema


class Breakout(str):
    """A breakout mode's name, in the intent's words (``none``, ``4x100G``, ``2x400G``).

    The modes themselves (legs, leg speed, lanes per leg) are catalogue data
    (``data/platforms.yaml`` ``breakout_modes``); this type only names one. Names are interned,
    so one mode is one object (``mode is Breakout.NONE`` holds, as for an enum member).

    >>> Breakout("4x100G") is Breakout("4x100G"), Breakout.NONE.value
    (True, 'none')
    """

    __slots__ = ()
    _interned: ClassVar[dict[str, Breakout]] = {}
    NONE: ClassVar[Breakout]
    """The unbroken cage."""

    def __new__(cls, value: str) -> Self:
        """The one object of that mode name."""
        found = cls._interned.get(value)
        if found is None:
            found = cls._interned[value] = super().__new__(cls, value)
        return found  # type: ignore[return-value]

    @property
    def value(self) -> str:
        """The mode's name as a plain string."""
        return str.__str__(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate from a string; whether the mode exists is the catalogue's to say."""
        del source, handler
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str.__str__),
        )


Breakout.NONE = Breakout("none")


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
