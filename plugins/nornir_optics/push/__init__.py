"""Pushing remediation to devices, one module per platform, all with the same contract.

``push/<platform>.py`` defines::

    def push(task: Task, lines: list[str], *, commit: bool, confirm_timeout: int,
             verify: Callable[[Task], str | None]) -> Outcome

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

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir.core.task import Task

PushResult = Literal["planned", "committed", "rolled-back", "failed", "unchanged"]


@dataclass(frozen=True)
class Outcome:
    """What happened on one device."""

    result: PushResult
    diff: str = ""
    error: str | None = None
    backup: str = ""


class Pusher(Protocol):
    """A platform's push module."""

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


def pusher(platform: str) -> Pusher:
    """The push module of a platform."""
    return importlib.import_module(f"nornir_optics.push.{platform}")  # a module is a Pusher
