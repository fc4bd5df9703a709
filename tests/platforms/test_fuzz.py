"""Parsers never crash, never hang, never accept the impossible (issue 15 item 2, issue 12 item 4).

Every parser with a real output is fed :data:`MUTATIONS` seeded mutations of its real outputs
(see ``fuzz.py``); every regular expression of the platforms is run on adversarial lines as
long as a line may be; the bound and the parse error are tested on parsers that hang and crash.
Set ``OPTICS_FUZZ_SEED`` to run another seed; a failure prints the seed and mutation number.
"""

from __future__ import annotations

import importlib
import math
import os
import re
import threading
from typing import TYPE_CHECKING

import pytest
from fuzztools import SHARED_REAL, corpus, fuzz

from nornir_optics.platforms import PARSE_PLATFORMS
from nornir_optics.platforms.bounded import (
    MAX_LINE_CHARS,
    OutputParseError,
    ParseTimeoutError,
    call_bounded,
    parse_output,
)
from nornir_optics.platforms.common import to_float

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts

MUTATIONS = 2000
SEED = int(os.environ.get("OPTICS_FUZZ_SEED", "20261208"))
KINDS = corpus()
MODULES = [
    "nornir_optics.platforms.common",
    *(f"nornir_optics.platforms.{platform}.parse" for platform in PARSE_PLATFORMS),
]


def test_every_platform_is_fuzzed() -> None:
    platforms = {kind.platform for kind in KINDS.values()}
    if not SHARED_REAL.is_dir():  # linux_ethtool's real outputs live only in ../shared
        pytest.skip(f"{SHARED_REAL} is absent: the shared real outputs are third-party data")
    assert platforms == set(PARSE_PLATFORMS)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_mutated_real_outputs(name: str) -> None:
    outcome = fuzz(KINDS[name], MUTATIONS, SEED)
    assert outcome.crashes == []
    assert outcome.hangs == []
    assert outcome.impossible == []
    assert outcome.parsed + outcome.refused == MUTATIONS


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for module in MODULES:
        for name, value in vars(importlib.import_module(module)).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.rsplit('.', 2)[-2]}.{name}", value))
    return found


_RUN = MAX_LINE_CHARS
ADVERSARIAL = (
    " " * _RUN + "x",
    "\t" * _RUN + "x",
    "1" * _RUN + "x",
    "1." * (_RUN // 2) + "x",
    "1 " * (_RUN // 2) + "x",
    "1e" * (_RUN // 2),
    "-" * _RUN,
    "-inf" * (_RUN // 4),
    "a" * _RUN + "!",
    "a " * (_RUN // 2) + "\x00",
    ": " * (_RUN // 2),
    "= " * (_RUN // 2),
    "a:" * (_RUN // 2),
    "a@" * (_RUN // 2),
    "(" * _RUN,
    "<" * _RUN,
    "Ethernet1/" * (_RUN // 10) + "!",
    "Host Lane " * (_RUN // 10),
)
"""Lines of the longest length a text output may have: runs that make a backtracking pattern
try every split of them."""


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=lambda value: str(value)[:40])
def test_patterns_stay_under_the_bound_on_adversarial_lines(
    name: str, pattern: re.Pattern[str]
) -> None:
    for text in ADVERSARIAL:
        for method in (pattern.match, pattern.search, pattern.findall):
            try:
                call_bounded(method, text, seconds=5.0)
            except ParseTimeoutError:
                pytest.fail(f"{name} {pattern.pattern!r} backtracks on {text[:20]!r}...")


def _hangs(text: str) -> DeviceFacts:
    while text:
        pass
    return {}


def _crashes(text: str) -> DeviceFacts:
    facts: DeviceFacts = {"transceivers": {}}
    for line in text.splitlines():
        facts["transceivers"][line] = {"port": line, "present": bool(int(line))}
    return facts


def test_a_hanging_parser_is_stopped_in_the_main_thread() -> None:
    with pytest.raises(OutputParseError, match="ran past its bound"):
        parse_output("show hang", _hangs, "x", seconds=0.2)


def test_a_hanging_parser_is_stopped_in_a_worker_thread() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            parse_output("show hang", _hangs, "x", seconds=0.2)
        except OutputParseError as exc:
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert len(errors) == 1
    assert "ran past its bound" in str(errors[0])


def test_a_crashing_parser_is_a_parse_error_naming_command_and_line() -> None:
    with pytest.raises(OutputParseError) as caught:
        parse_output("show crash", _crashes, "1\n0\n1\nbroken\n1\n")
    assert caught.value.command == "show crash"
    assert caught.value.line_number == 4
    assert caught.value.line == "broken"
    assert "ValueError" in str(caught.value)


def test_a_line_over_the_bound_is_refused_naming_it() -> None:
    text = "ok\n" + "x" * (MAX_LINE_CHARS + 1) + "\n"
    with pytest.raises(OutputParseError, match="at line 2"):
        parse_output("show x", _crashes, text)


@pytest.mark.parametrize(
    ("text", "quantity", "expected"),
    [
        ("1e400", "rx_power_dbm", None),
        ("65535", "rx_power_dbm", None),
        ("0x1F", "rx_power_dbm", None),
        ("+inf", "rx_power_dbm", None),
        ("-inf", "temperature_c", None),
        ("6553", "temperature_c", None),
        ("80", "tx_power_dbm", None),
        ("\u22122.5", "rx_power_dbm", -2.5),
        ("\u20133.1 dBm", "tx_power_dbm", -3.1),
        ("-0.0", "temperature_c", 0.0),
        ("-31.5", "rx_power_dbm", -31.5),
        ("-45", "rx_power_dbm", -math.inf),
        ("nan", None, None),
        ("1.2.3", None, None),
    ],
)
def test_one_number_conversion_refuses_the_impossible(
    text: str, quantity: str | None, expected: float | None
) -> None:
    assert to_float(text, quantity) == expected
