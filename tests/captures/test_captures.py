"""Every real capture under tests/captures parsed with its platform's parser for its command.

A capture is a pair ``<platform>/<command_dir>/<case>.raw`` (or ``.xml``) and
``<case>.expected.json``, written by hand from the raw text (``_notes`` explains judgements and
is ignored here); PROVENANCE.md names where each raw file comes from. The parser is found the way
``optics parse`` finds it (``platforms.commands.find_parser``) from the command the folder names,
so the look-up is tested too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nornir_optics.facts import FACTS
from nornir_optics.platforms.commands import find_parser

CAPTURES = Path(__file__).resolve().parent
RAW_SUFFIXES = (".raw", ".xml", ".json", ".txt")
COMMANDS = {
    "show_interfaces_diagnostics_optics_xml": "show interfaces diagnostics optics | display xml",
    "show_chassis_hardware_xml": "show chassis hardware | display xml",
    "show_interfaces_xml": "show interfaces | display xml",
    "show_lldp_neighbors_xml": "show lldp neighbors | display xml",
    "show_configuration_interfaces_set": "show configuration interfaces | display set",
    "ethtool_m": "ethtool -m",
    "nv_show_interface": "nv show interface",
    "net_show_interface": "net show interface",
}
"""Command dirs whose name is not the command with spaces (pipes, dashes)."""
WORDS = ("active", "advertised", "detailed")
"""IOS-XR ``appsel`` dirs hold three views; the case name says which."""


def _expected_files() -> list[Path]:
    return sorted(CAPTURES.glob("*/*/*.expected.json"))


def command_of(expected: Path) -> str:
    """The command as typed for a capture, from its folder (and for appsel, its name)."""
    folder = expected.parent.name
    if folder == "show_controllers_optics_appsel":
        return f"show controllers optics appsel {next(w for w in WORDS if w in expected.name)}"
    if folder.endswith("_json"):
        return f"{folder.removesuffix('_json').replace('_', ' ')} | json"
    return COMMANDS.get(folder, folder.replace("_", " "))


def raw_of(expected: Path) -> Path:
    """The raw file beside an expected file."""
    stem = expected.name.removesuffix(".expected.json")
    for suffix in RAW_SUFFIXES:
        candidate = expected.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    pytest.fail(f"no raw file for {expected}")


def parse_capture(expected: Path) -> dict[str, Any]:
    """The platform's parser on a capture's raw text (platform and command from its path)."""
    platform = expected.parent.parent.name
    text = raw_of(expected).read_text(encoding="utf-8")
    _, parser = find_parser(platform, command_of(expected), text)
    return dict(parser(text))


def expected_of(expected: Path) -> dict[str, Any]:
    """An expected file without its ``_notes``."""
    data = json.loads(expected.read_text(encoding="utf-8"))
    data.pop("_notes", None)
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _id(expected: Path) -> str:
    return f"{expected.parent.parent.name}/{expected.parent.name}/{expected.name}"


@pytest.mark.parametrize("expected", _expected_files(), ids=_id)
def test_capture(expected: Path) -> None:
    result = parse_capture(expected)
    assert result == expected_of(expected)
    FACTS.validate_python(result)


def test_every_raw_has_an_expected_file_and_a_provenance_row() -> None:
    provenance = (CAPTURES / "PROVENANCE.md").read_text(encoding="utf-8")
    for raw in CAPTURES.glob("*/*/*"):
        if raw.suffix not in RAW_SUFFIXES or raw.name.endswith(".expected.json"):
            continue
        stem = raw.name.removesuffix(raw.suffix)
        assert raw.with_name(f"{stem}.expected.json").is_file(), raw
        relative = raw.relative_to(CAPTURES).as_posix()
        assert f"| {relative} |" in provenance, f"{relative} has no row in PROVENANCE.md"
