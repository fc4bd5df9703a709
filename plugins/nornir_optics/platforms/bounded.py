"""Parsers under a bound: a time limit per output, a size limit, and a failure that names a line.

Every saved or gathered output goes through :func:`parse_output` (``optics parse``) or
:func:`call_bounded` (the gather, whose drivers merge several outputs). A parser that runs past
its bound raises :class:`ParseTimeoutError`; a parser that raises anything else becomes one
:class:`OutputParseError` naming the command and the first line at which a parse of the output
up to that line fails. Neither is ever a traceback, and a gather turns both into the device's
``parse-error`` finding while the rest of the fleet goes on.

The time bound interrupts Python code: in the main thread with ``SIGALRM`` (which also stops a
running regular expression: CPython's matcher checks for signals), in other threads (Nornir's
runner) with an asynchronous exception, delivered between bytecodes. A regular expression that
backtracks catastrophically would only be stopped after it returns in a worker thread, so none
may: the platforms' patterns are linear by construction, and a test runs every one of them on
adversarial input.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import threading
from typing import TYPE_CHECKING, TypeVar

from nornir_optics.exceptions import OpticsError
from nornir_optics.platforms.common import drop_impossible

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

    from nornir_optics.facts import DeviceFacts

logger = logging.getLogger(__name__)
T = TypeVar("T")
A = TypeVar("A")

PARSE_SECONDS = 5.0
"""The bound per output: the largest real output here parses in milliseconds, so 5 s is a hang
even on a loaded machine, never a slow parse."""
MAX_OUTPUT_CHARS = 32 * 1024 * 1024
"""An output longer than this (32 Mi characters; a 400-port chassis prints well under 2 Mi) is
refused before parsing, as garbage or a stuck terminal."""
MAX_LINE_CHARS = 4096
"""A line of a text output longer than this is refused (the widest real table row is under 300
characters); JSON and XML outputs, which may be one line, are exempt. It bounds the work any
regular expression does on one line."""
_LOCATE_STEPS = 24
"""Parses spent, at most, to find the line at which an output stops parsing."""


class ParseTimeoutError(OpticsError, TimeoutError):
    """A parser ran past its bound."""


class OutputParseError(OpticsError, ValueError):
    """A command's output that its parser cannot read: names the command and the line."""

    def __init__(self, command: str, line_number: int | None, line: str, reason: str) -> None:
        """The command, the failing line (1-based, None when unknown) and why."""
        self.command, self.line_number, self.line, self.reason = command, line_number, line, reason
        where = f" at line {line_number} ({line.strip()[:80]!r})" if line_number else ""
        super().__init__(f"cannot parse `{command}`{where}: {reason}")


class _Expired(BaseException):
    """Raised into the parsing thread when its bound expires.

    A BaseException, so that no parser's ``except Exception`` swallows it.
    """


def call_bounded(function: Callable[[A], T], argument: A, *, seconds: float) -> T:
    """``function(argument)``, or :class:`ParseTimeoutError` once ``seconds`` have passed.

    >>> call_bounded(len, "abc", seconds=1.0)
    3
    """
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _bounded_by_alarm(function, argument, seconds)
    return _bounded_by_watchdog(function, argument, seconds)


def _bounded_by_alarm(function: Callable[[A], T], argument: A, seconds: float) -> T:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(argument)
    except _Expired:
        raise ParseTimeoutError(_timeout_message(seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # someone else's timer was running: give it back what is left
            signal.setitimer(signal.ITIMER_REAL, outer_delay, outer_interval)


def _bounded_by_watchdog(function: Callable[[A], T], argument: A, seconds: float) -> T:
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    target = threading.get_ident()

    def expire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(target), ctypes.py_object(_Expired)
            )

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    try:
        try:
            timer.start()
            return function(argument)
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
    except _Expired:
        raise ParseTimeoutError(_timeout_message(seconds)) from None


def _timeout_message(seconds: float) -> str:
    return f"the parser ran past its bound of {seconds:g} s"


def check_size(command: str, text: str) -> None:
    r"""Refuse an output too long, or a text one with too long a line, naming the line.

    The bounds are :data:`MAX_OUTPUT_CHARS` and :data:`MAX_LINE_CHARS`.

    >>> check_size("show x", "ok\n" + "x" * 5000)
    Traceback (most recent call last):
    ...
    nornir_optics.platforms.bounded.OutputParseError: cannot parse `show x` at line 2 ...
    """
    if len(text) > MAX_OUTPUT_CHARS:
        reason = f"{len(text)} characters, over the bound of {MAX_OUTPUT_CHARS}"
        raise OutputParseError(command, None, "", reason)
    if text.lstrip()[:1] in {"{", "[", "<"}:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            reason = f"the line is {len(line)} characters, over the bound of {MAX_LINE_CHARS}"
            raise OutputParseError(command, number, line, reason)


def run_parser(
    command: str,
    parser: Callable[[str], DeviceFacts],
    text: str,
    *,
    seconds: float = PARSE_SECONDS,
) -> DeviceFacts:
    """The parser on a checked output, under the bound, with impossible numbers dropped.

    A parser's own exception passes through (:func:`parse_output` turns it into a parse error).
    """
    check_size(command, text)
    facts = call_bounded(parser, text, seconds=seconds)
    for dropped in drop_impossible(facts):
        logger.debug("`%s`: dropped an impossible value: %s", command, dropped)
    return facts


def parse_output(
    command: str,
    parser: Callable[[str], DeviceFacts],
    text: str,
    *,
    seconds: float = PARSE_SECONDS,
) -> DeviceFacts:
    r"""One command's output parsed under the bound; any failure one :class:`OutputParseError`.

    >>> def broken(text: str) -> DeviceFacts:
    ...     return {"transceivers": {line: {} for line in text.splitlines() if int(line)}}
    >>> parse_output("show x", broken, "1\n2\nthree\n4")
    Traceback (most recent call last):
    ...
    nornir_optics.platforms.bounded.OutputParseError: cannot parse `show x` at line 3 ('three'): ...
    """
    try:
        return run_parser(command, parser, text, seconds=seconds)
    except OutputParseError:
        raise
    except ParseTimeoutError as exc:
        raise OutputParseError(command, None, "", str(exc)) from exc
    except Exception as exc:
        number, line = failing_line(parser, text, seconds=seconds)
        raise OutputParseError(command, number, line, describe(exc)) from exc


def describe(exc: BaseException) -> str:
    """``Type: first line of the message``."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:160]}" if text else type(exc).__name__


def failing_line(
    parser: Callable[[str], object], text: str, *, seconds: float = PARSE_SECONDS
) -> tuple[int | None, str]:
    r"""The first line at which a parse of the output up to that line fails (1-based).

    Found by bisection over prefixes; ``(None, "")`` when no prefix fails (the failure needs a
    later line, or the parser fails on every prefix, even an empty one).

    >>> failing_line(lambda t: [int(x) for x in t.split()], "1\n2\nx\n3")
    (3, 'x')
    """
    lines = text.splitlines()

    def fails(count: int) -> bool:
        try:
            call_bounded(parser, "".join(f"{line}\n" for line in lines[:count]), seconds=seconds)
        except Exception:  # noqa: BLE001 - any failure, timeouts included
            return True
        return False

    if not lines or fails(0) or not fails(len(lines)):
        return None, ""
    low, high = 0, len(lines)  # prefix `low` parses, prefix `high` fails
    for _ in range(_LOCATE_STEPS):
        if high - low <= 1:
            break
        middle = (low + high) // 2
        if fails(middle):
            high = middle
        else:
            low = middle
    return high, lines[high - 1]
