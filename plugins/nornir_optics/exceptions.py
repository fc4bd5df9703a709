"""Errors nornir-optics raises."""

from __future__ import annotations


class OpticsError(Exception):
    """Base of every nornir-optics error."""


class CatalogError(OpticsError):
    """A catalogue shipped in the package is invalid (a packaging bug)."""


class InputError(OpticsError):
    """A user file (intent, inventory) is invalid; each problem is one ``file:line: text`` line."""

    def __init__(self, problems: list[str]) -> None:
        """Keep the problems, one line each."""
        super().__init__("\n".join(problems))
        self.problems = problems


class UnsupportedPlatformError(OpticsError):
    """A host's platform has no nornir-optics driver."""
