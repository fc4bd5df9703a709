"""The change journal: every commit is written down, fsynced, before its first line is pushed.

One JSON object per line in ``LOG_DIR/journal.jsonl``, appended and fsynced (the file and, when
it is created, its folder) at every state change of a transaction, so a crash or a kill at any
moment leaves the truth on disk. A transaction is one device's commit:

``planned`` (written before the first line: the planned lines, the running config's backup
file, the platform's rollback handle) -> ``pushed`` (the lines are on the device, not yet
confirmed) -> ``verified`` (the re-audit passed) -> one of ``confirmed``, ``rolled-back``,
``failed`` (a line was refused; the push restored the backup) or ``interrupted`` (SIGINT or
SIGTERM, after the push's own undo; ``--recover`` checks it).

The backup is the device's running config from before the change, so it may hold secrets: it is
written to its own file (mode 0600, in a folder of mode 0700), never into the journal, and never
printed. ``open_transactions`` gives the transactions a crash left without an end, for
``optics remediate --recover``.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

State = Literal[
    "planned", "pushed", "verified", "confirmed", "rolled-back", "failed", "interrupted"
]
OPEN_STATES: frozenset[str] = frozenset({"planned", "pushed", "verified", "interrupted"})
"""States that leave the device possibly changed and unconfirmed: ``--recover`` handles them."""
JOURNAL = "journal.jsonl"


def _fsync_append(path: Path, line: str) -> None:
    """Append one line and force it to disk; a new file's folder entry too."""
    new = not path.exists()
    descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(descriptor).st_size
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            line = "\n" + line  # a line a crash cut short: start a new one after it
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if new:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, and force it to disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, text.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    _fsync_folder(path.parent)


def prepare(log_dir: Path) -> Path:
    """The log folder, created with mode 0700 (backups hold the devices' configs)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_dir.chmod(0o700)
    return log_dir


@dataclass
class Transaction:
    """One device's commit, as the journal records it; nothing is written before ``planned``."""

    log_dir: Path
    device: str
    platform: str
    lines: list[str]
    txn: str = ""
    state: State | None = None
    backup_file: str = ""
    handle: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """A transaction id: the device, the time to the microsecond, this process."""
        if not self.txn:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            self.txn = f"{self.device}-{stamp}-{os.getpid()}"

    def record(
        self,
        state: State,
        *,
        backup: str = "",
        handle: Mapping[str, str] | None = None,
        error: str | None = None,
    ) -> None:
        """Append a state change (fsynced). ``planned`` also writes the backup file first."""
        extra: dict[str, Any] = {"error": error} if error else {}
        if state == "planned":
            prepare(self.log_dir)
            path = self.log_dir / f"{self.txn}.cfg"
            _write_private(path, backup)
            self.backup_file = str(path)
            self.handle = dict(handle or {})
            extra = {"lines": self.lines, "backup": self.backup_file, "handle": self.handle}
        elif self.state is None:
            return  # nothing was planned on the device: nothing to record
        self.state = state
        self.append(state, **extra)

    def append(self, state: str, **fields: Any) -> None:  # noqa: ANN401 - JSON values
        """Append one event of this transaction to the journal (fsynced)."""
        entry = {
            "txn": self.txn,
            "time": datetime.now(UTC).isoformat(timespec="microseconds"),
            "device": self.device,
            "platform": self.platform,
            "state": state,
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            **fields,
        }
        _fsync_append(prepare(self.log_dir) / JOURNAL, json.dumps(entry) + "\n")


@dataclass(frozen=True)
class Entry:
    """A transaction as the journal tells it: its first (planned) event and its last state."""

    txn: str
    device: str
    platform: str
    state: str
    lines: list[str]
    backup_file: str
    handle: dict[str, str]
    time: str

    def backup(self) -> str:
        """The running config saved before the change ('' when the file is gone)."""
        path = Path(self.backup_file)
        return path.read_text(encoding="utf-8") if path.is_file() else ""


def read(log_dir: Path) -> list[Entry]:
    """Every transaction of the journal, oldest first (unreadable lines are skipped)."""
    path = log_dir / JOURNAL
    if not path.is_file():
        return []
    first: dict[str, dict[str, Any]] = {}
    last: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash in the middle of a write
        if not isinstance(event, dict) or "txn" not in event:
            continue
        first.setdefault(event["txn"], event)
        last[event["txn"]] = str(event.get("state", ""))
    return [
        Entry(
            txn=txn,
            device=str(event.get("device", "")),
            platform=str(event.get("platform", "")),
            state=last[txn],
            lines=list(event.get("lines", [])),
            backup_file=str(event.get("backup", "")),
            handle=dict(event.get("handle", {})),
            time=str(event.get("time", "")),
        )
        for txn, event in first.items()
    ]


def open_transactions(log_dir: Path) -> list[Entry]:
    """The transactions a crash, a kill or an interrupt left without a final state."""
    return [entry for entry in read(log_dir) if entry.state in OPEN_STATES]
