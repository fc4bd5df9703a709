"""The contract every platform package satisfies, and what a push reports.

A platform package (``platforms/<platform>/``) holds everything one network OS needs:

* ``parse.py``: the commands the gather sends and the pure parsers of their output
  (``PARSERS``: command as a user types it -> function from saved output to device facts),
  and ``facts_from_outputs``, which combines one gather's outputs;
* ``config.py``: the config syntax that carries out a remediation plan (``config_lines``);
* ``push.py``: the transaction that applies those lines (``push``).

Its ``__init__`` re-exports them, so the package module itself satisfies :class:`Platform`
(mypy checks it where :data:`nornir_optics.platforms.PLATFORMS` lists it). A package that only
parses saved output (no gather, no push yet) satisfies :class:`ParsePlatform`.

The push contract (``push(task, lines, *, commit, confirm_timeout, verify) -> Outcome``):

* ``commit=False`` (dry run): nothing changes on the device. Where the platform has a
  candidate (EOS config session, Junos candidate), the lines are loaded, the device's own diff
  is read, and the candidate is discarded; otherwise the diff is the planned lines.
* ``commit=True``: back up the running config; load the lines; commit with a confirm timer where
  the platform has one (EOS session commit timer, Junos commit confirmed), else take a checkpoint
  (NX-OS) or rely on the saved startup config (SONiC: ``config save`` only after verification);
  then call ``verify(task)``: None means the device now matches the intent, a text says what is
  still wrong. On None: confirm (confirm the commit / ``copy running-config startup-config`` /
  ``config save -y``) -> ``committed``. Otherwise, or when the device rejects a line: restore the
  previous running config exactly, by the platform's own mechanism (session abort or rollback,
  ``rollback 1``, checkpoint rollback, ``config reload -y``) -> ``rolled-back`` (verification
  failed) or ``failed`` (a line was rejected), with ``error`` saying why.
* Credentials never appear in an outcome, an error or a log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from nornir.core.task import Task

    from nornir_optics.checks.remediation import Change
    from nornir_optics.facts import DeviceFacts

PushResult = Literal["planned", "committed", "rolled-back", "failed", "unchanged"]


@dataclass(frozen=True)
class Outcome:
    """What happened on one device."""

    result: PushResult
    diff: str = ""
    error: str | None = None
    backup: str = ""


class ParsePlatform(Protocol):
    """A platform whose saved command output can be parsed (``optics parse``)."""

    PLATFORM: str
    PARSERS: dict[str, Callable[[str], DeviceFacts]]


class Platform(ParsePlatform, Protocol):
    """A platform the tool gathers, audits and remediates."""

    MODULE_COMMANDS: tuple[str, ...]
    """Commands that list the transceivers (type, vendor, part number, serial, revision)."""
    DOM_COMMANDS: tuple[str, ...]
    """Commands that show per-lane DOM and thresholds."""
    PORT_COMMANDS: tuple[str, ...]
    """Commands that show port state, config, breakout and LLDP."""
    PRIVILEGED_PORT_COMMANDS: tuple[str, ...]
    """Port commands that need privileged (enable) mode."""

    def facts_from_outputs(self, outputs: dict[str, str]) -> DeviceFacts:
        """Combine the outputs of the platform's commands into device facts."""

    def config_lines(self, changes: Sequence[Change]) -> list[str]:
        """The config lines (in order) that carry out a device's planned changes."""

    def push(
        self,
        task: Task,
        lines: list[str],
        *,
        commit: bool,
        confirm_timeout: int,
        verify: Callable[[Task], str | None],
    ) -> Outcome:
        """Apply (or dry-run) the lines on the task's host."""
