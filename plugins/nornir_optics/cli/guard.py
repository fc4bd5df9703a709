"""What keeps ``optics remediate --commit`` safe while it runs: the fabric lock and signals.

:func:`interrupts` turns SIGINT and SIGTERM into a request to stop: the pushes not yet verified
roll back (their verification reports the interrupt), hosts not started are left alone, the
journal is completed, and the command exits 130 (SIGINT) or 143 (SIGTERM), the shell's 128 +
the signal's number. A second signal of the same kind is handled the same way (the first one's
undo is already under way); SIGKILL cannot be caught, and leaves the journal to ``--recover``.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

SIGNAL_EXIT = 128


@dataclass
class Interrupts:
    """The stop request the tasks watch, and the signal that made it."""

    stop: threading.Event = field(default_factory=threading.Event)
    signum: int | None = None

    @property
    def exit_code(self) -> int | None:
        """128 + the signal's number once one came, else None."""
        return None if self.signum is None else SIGNAL_EXIT + self.signum


@contextlib.contextmanager
def interrupts() -> Iterator[Interrupts]:
    """Catch SIGINT and SIGTERM for the block (in the main thread), restoring them after."""
    caught = Interrupts()

    def handler(signum: int, frame: FrameType | None) -> None:
        del frame
        caught.signum = caught.signum or signum
        caught.stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield caught
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
