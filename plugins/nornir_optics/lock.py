"""A per-fabric lock: one ``optics remediate --commit`` (or ``--recover``) at a time.

The lock is a file beside the fabric's inventory (``<inventory>/.optics-remediate.lock``),
created atomically (``O_CREAT | O_EXCL``) and holding its owner as JSON: pid, host, user, the
time it was taken and the command. A second run finds it and refuses, naming the owner. A lock
whose owner is gone (same host, the pid no longer exists) is stale: it is reported as such and
left alone; ``--break-lock`` removes a stale lock and nothing else. A lock taken on another
host cannot be checked from here: it is reported with its owner and must be removed by hand
once that run is known to be over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nornir_optics.exceptions import OpticsError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

LOCK_FILE = ".optics-remediate.lock"


@dataclass(frozen=True)
class Owner:
    """Who holds a lock."""

    pid: int
    host: str
    user: str
    since: str
    command: str

    def describe(self) -> str:
        """``pid 123 on host h (user u) since ...: command``."""
        return (
            f"pid {self.pid} on host {self.host} (user {self.user}) since {self.since}: "
            f"{self.command}"
        )

    def alive(self) -> bool | None:
        """Whether the owner still runs: None when it cannot be known (another host)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # it exists, owned by another user
        return True


class LockedError(OpticsError):
    """The fabric is locked by another run (``stale`` when its owner is gone)."""

    def __init__(self, path: Path, owner: Owner | None, *, stale: bool) -> None:
        """Say who holds the lock and what to do."""
        self.path, self.owner, self.stale = path, owner, stale
        who = owner.describe() if owner else "an owner that cannot be read"
        if stale:
            message = (
                f"{path}: a stale lock of {who}: that process is gone. Check its journal with "
                "`optics remediate --recover --break-lock` (which removes the stale lock first)"
            )
        else:
            message = f"{path}: the fabric is locked by {who}; refused"
        super().__init__(message)


def _read(path: Path) -> Owner | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return Owner(
            pid=int(data["pid"]),
            host=str(data["host"]),
            user=str(data["user"]),
            since=str(data["since"]),
            command=str(data["command"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(folder: Path, *, break_lock: bool = False) -> Path:
    """Take the fabric's lock; its path. Raises :class:`LockedError` naming the owner.

    With ``break_lock``, a stale lock (its owner's pid gone on this host) is removed first; a
    live lock, or one from another host, is never removed.
    """
    path = folder / LOCK_FILE
    owner = Owner(
        pid=os.getpid(),
        host=socket.gethostname(),
        user=getpass.getuser(),
        since=datetime.now(UTC).isoformat(timespec="seconds"),
        command=" ".join(["optics", *sys.argv[1:]]),
    )
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            held = _read(path)
            alive = held.alive() if held else None
            if break_lock and alive is False:
                path.unlink(missing_ok=True)
                continue
            raise LockedError(path, held, stale=alive is False) from None
        try:
            os.write(descriptor, json.dumps(owner.__dict__).encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return path
    raise LockedError(path, _read(path), stale=False)


def release(path: Path) -> None:
    """Remove the lock if this process holds it."""
    held = _read(path)
    if held is not None and held.pid == os.getpid() and held.host == socket.gethostname():
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def fabric_lock(folder: Path, *, break_lock: bool = False) -> Iterator[Path]:
    """Hold the fabric's lock for the block."""
    path = acquire(folder, break_lock=break_lock)
    try:
        yield path
    finally:
        release(path)
