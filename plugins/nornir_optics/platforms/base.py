"""The contract every platform package satisfies, and what a push reports.

A platform package (``platforms/<platform>/``) holds everything one network OS needs:

* ``parse.py``: the commands the gather sends and the pure parsers of their output
  (``PARSERS``: command as a user types it -> function from saved output to device facts),
  and ``facts_from_outputs``, which combines one gather's outputs;
* ``config.py``: the config syntax that carries out a remediation plan (``config_diff``: the
  lines and their rollback, from the plan and the running config; ``config_lines``: the lines);
* ``push.py``: the transaction that applies those lines (``push``) and how the running config
  is read (``running_config``).

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
* ``record`` (a :class:`Recorder`, default :func:`no_record`): on a commit, the push calls
  ``record("planned", backup=<running config>, handle=<rollback handle>)`` once it has the
  backup and its undo ready and before the first line reaches the device, so the change journal
  (:mod:`nornir_optics.journal`) holds the transaction before anything changes. The handle
  names the platform's way back (EOS config session, Junos rollback id, NX-OS checkpoint file
  and commit-timer file, SONiC backup file and timer unit). The caller records the later states.
* Credentials never appear in an outcome, an error or a log line.
* Each step that talks to the device (backup, load+diff, commit, verify, confirm, rollback, ...)
  runs through :func:`run_step`: a ``task.run`` sub-step with its own Result at
  ``logging.DEBUG``, as nornir_napalm's tasks do, so ``print_result`` shows the headline and a
  failing step is recorded with its exception.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

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


@dataclass(frozen=True)
class ConfigDiff:
    """The config lines of a remediation, and the lines that would undo them, in order."""

    lines: list[str]
    rollback: list[str]


T = TypeVar("T")


class Recorder(Protocol):
    """Where a push writes its transaction down before the first line (the change journal)."""

    def __call__(
        self,
        state: Literal["planned"],
        *,
        backup: str = "",
        handle: Mapping[str, str] | None = None,
    ) -> None:
        """Record that ``state`` was reached (``planned``: with the backup and the handle)."""


def no_record(
    state: Literal["planned"], *, backup: str = "", handle: Mapping[str, str] | None = None
) -> None:
    """A recorder that records nothing (pushes run outside ``optics remediate``)."""
    del state, backup, handle


def run_step(
    task: Task, name: str, action: Callable[[], T], describe: Callable[[T], Any] | None = None
) -> T:
    """Run one step of a push as a Nornir sub-step of ``task``; its value, or its exception.

    The sub-step's Result holds ``describe(value)`` (default: the value itself; it must not hold
    a credential or a whole config). An exception is recorded on the failed sub-step and then
    raised again unwrapped, so the push handles the device's own error types.
    """
    box: list[T] = []

    def step(task: Task) -> Result:
        value = action()
        box.append(value)
        shown = describe(value) if describe is not None else value
        return Result(host=task.host, result=shown)

    try:
        task.run(task=step, name=name, severity_level=logging.DEBUG)
    except NornirSubTaskError as exc:
        inner = exc.result[0].exception if exc.result else None
        if isinstance(inner, Exception):
            raise inner from None
        raise
    return box[0]


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

    def running_config(self, task: Task) -> str:
        """The running config of the task's host, as the platform's ``config_diff`` reads it."""

    def config_diff(self, changes: Sequence[Change], running: str) -> ConfigDiff:
        """The lines (in order) that carry out a device's planned changes, and their rollback.

        ``running`` is the device's running config (all of it or the touched interfaces).
        """

    def config_lines(self, changes: Sequence[Change], running: str = "") -> list[str]:
        """The lines of :meth:`config_diff` alone."""

    def push(
        self,
        task: Task,
        lines: list[str],
        *,
        commit: bool,
        confirm_timeout: int,
        verify: Callable[[Task], str | None],
        record: Recorder = ...,
    ) -> Outcome:
        """Apply (or dry-run) the lines on the task's host."""

    def recover(
        self, task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
    ) -> tuple[str, str | None]:
        """Finish a journaled commit left open: roll back to ``backup`` or confirm it.

        Returns what was done and an error (None when it worked). A running config already
        equal to the backup is left alone.
        """
