"""Hostile and malformed intents: each is refused by the real CLI with one ``file:line`` line.

Every file of ``tests/intent/hostile/`` holds one fault and says what it expects in its first
lines: ``# expect: LINE: fragment`` (the line the problem must name, and a piece of its
message), and optionally ``# args: ...`` (extra CLI options). Faults that cannot sit in a text
file (encodings, NUL bytes, a 10 MB value) are generated from :data:`GENERATED` into tmp_path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from nornir_optics.cli import app

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent / "intent"
HOSTILE = sorted((HERE / "hostile").glob("*.yaml"))
INVENTORY = HERE / "inventory"
EXPECT = re.compile(r"^# expect: (\d+): (.+)$", re.MULTILINE)
ARGS = re.compile(r"^# args: (.+)$", re.MULTILINE)
VALID = (
    "version: 1\nlinks:\n  - {a: sw1:Ethernet1/1, z: sw2:Ethernet1/1, optic: 400GBASE-DR4, "
    "cable: {fiber: smf, connector: mpo12-apc, length_m: 10}}\n"
)


def _with_bom(encoding: str) -> Callable[[], bytes]:
    return lambda: ("\ufeff" + VALID).encode(encoding)


def _utf16_without_bom() -> bytes:
    return VALID.encode("utf-16-le")


def _latin1() -> bytes:
    return (VALID + "  # caf\xe9 on the third floor\n").encode("latin-1")


def _cp1252_quote() -> bytes:
    return ("version: 1\n" + "links: []\n" + "# \u201cplan\u201d\n").encode("cp1252")


def _nul() -> bytes:
    return (VALID + "# a\0b\n").encode()


def _control() -> bytes:
    return b"version: 1\nlinks: []\nnote: \x1b[31m\n"


def _huge_description() -> bytes:
    return VALID.replace("optic:", "description: " + "d" * 10_000_000 + ", optic:").encode()


# name -> (bytes of the file, expected line, message fragment)
GENERATED: dict[str, tuple[Callable[[], bytes], int, str]] = {
    **{
        f"{encoding}-bom": (
            _with_bom(encoding),
            1,
            f"the file is {encoding.upper()} (by its byte-order mark), not UTF-8",
        )
        for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    },
    "utf-16-no-bom": (_utf16_without_bom, 1, "contains a NUL byte (UTF-16-LE without a byte-order"),
    "latin-1": (_latin1, 4, "not UTF-8: byte 0xE9 at column 8 looks like Latin-1/cp1252"),
    "cp1252-quote": (_cp1252_quote, 3, "byte 0x93 at column 3 looks like Latin-1/cp1252"),
    "nul-byte": (_nul, 4, "contains a NUL byte"),
    "control-character": (_control, 3, "contains U+001B (a control character)"),
    "description-10-mb": (
        _huge_description,
        3,
        "links[0].description must be at most 1024 characters long, not 10000000",
    ),
}


def _check(path: Path, line: int, fragment: str, args: list[str]) -> None:
    result = CliRunner().invoke(
        app, ["intent", "check", "-i", str(INVENTORY), "--intent", str(path), *args]
    )
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    problems = result.stderr.splitlines()
    assert len(problems) == 1, problems
    found = re.fullmatch(rf"{re.escape(str(path))}:(\d+): (.+)", problems[0])
    assert found, problems[0][:300]
    assert (int(found.group(1)), fragment in found.group(2)) == (line, True), problems[0][:300]
    assert len(problems[0]) < 400, "a problem line echoes no huge value"


def test_the_suite_is_large_and_one_fault_per_file() -> None:
    assert len(HOSTILE) + len(GENERATED) >= 80
    names = [path.name.split("-", 1)[1] for path in HOSTILE]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", HOSTILE, ids=lambda path: path.stem)
def test_hostile_intent_gives_one_problem_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = EXPECT.search(text)
    assert expected, f"{path.name} has no '# expect: LINE: fragment' line"
    extra = ARGS.search(text)
    _check(
        path,
        int(expected.group(1)),
        expected.group(2),
        extra.group(1).split() if extra else [],
    )


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_hostile_intent_gives_one_problem_line(tmp_path: Path, name: str) -> None:
    content, line, fragment = GENERATED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content())
    _check(path, line, fragment, [])


def test_the_valid_base_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "intent.yaml"
    path.write_text(VALID, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["intent", "check", "-i", str(INVENTORY), "--intent", str(path)]
    )
    assert result.exit_code == 0, result.stderr


BOMB = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}" if previous else "'lol'"] * 10) + "]\n"
    for previous, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("name", "text", "line", "fragment"),
    [
        ("hosts.yaml", (INVENTORY / "hosts.yaml").read_text() + BOMB, 19, "an alias bomb?"),
        ("groups.yaml", "leaf: !!python/object:os.system {}\n", 1, "tag !!python/object"),
        ("defaults.yaml", "data:\n  role: leaf\n  role: spine\n", 3, "duplicate key 'role'"),
    ],
)
def test_inventory_files_are_read_by_the_same_loader(
    tmp_path: Path, name: str, text: str, line: int, fragment: str
) -> None:
    (tmp_path / "hosts.yaml").write_bytes((INVENTORY / "hosts.yaml").read_bytes())
    (tmp_path / "intent.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "audit", "-i", str(tmp_path)])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    problems = result.stderr.splitlines()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path / name}:{line}: ")
    assert fragment in problems[0]


def test_lab_file_is_read_by_the_same_loader(tmp_path: Path) -> None:
    from nornir_optics.exceptions import InputError  # noqa: PLC0415
    from nornir_optics.lab.scenario import load_lab  # noqa: PLC0415

    lab = tmp_path / "lab.yaml"
    lab.write_bytes("\ufeffdevices: {}\n".encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        load_lab(lab)
    assert caught.value.problems == [
        f"{lab}:1: the file is UTF-16-LE (by its byte-order mark), not UTF-8: save it as UTF-8"
    ]


@pytest.mark.parametrize(
    "command", [["intent", "check"], ["plan", "audit"], ["audit"], ["remediate"]]
)
def test_every_command_reading_an_intent_bounds_its_size(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "hosts.yaml").write_bytes((INVENTORY / "hosts.yaml").read_bytes())
    intent = tmp_path / "intent.yaml"
    intent.write_text(VALID + "# " + "x" * 2000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*command, "-i", str(tmp_path), "--max-intent-mb", "0.001"])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.splitlines() == [
        f"{intent}:1: larger than 0.001 MB, the limit (--max-intent-mb)"
    ]
