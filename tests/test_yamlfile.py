"""The fast YAML loader reads what the round-trip loader read, with the same line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from nornir_optics import yamlfile
from nornir_optics.exceptions import InputError
from nornir_optics.yamlfile import index_lines, load_yaml, load_yaml_roundtrip, resolve_plain

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "inventory" / name
    for name in ("intent.yaml", "hosts.yaml", "groups.yaml", "defaults.yaml", "lab.yaml")
] + [
    ROOT / "tests" / "fabrics" / fabric / name
    for fabric, name in (
        ("pod7", "intent.yaml"),
        ("pod7", "hosts.yaml"),
        ("pod9", "intent.yaml"),
        ("pod9", "lab.yaml"),
    )
]


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_project_files_load_as_ruamel_loads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(path).data == YAML(typ="safe", pure=True).load(text)


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_line_numbers_are_those_of_the_round_trip_loader(path: Path) -> None:
    roundtrip = load_yaml_roundtrip(path)
    expected = roundtrip._lines or {}
    assert expected
    found = index_lines(path, roundtrip.text)
    assert {where: found.get(where) for where in expected} == expected
    assert roundtrip.data == load_yaml(path).data


SCALARS = [
    "017",
    "0o17",
    "1_000",
    "0x1F",
    "0b101",
    "1e3",
    "1.5e3",
    "1E+3",
    ".5",
    "1.",
    "+1",
    "-0",
    "_1",
    "12e",
    "0xG",
    "yes",
    "on",
    "Off",
    "y",
    "NULL",
    "~",
    "",
    "True",
    "tRue",
    "1:30",
    "08",
    "sw1:Ethernet1/1",
    "400GBASE-DR4",
    "-7.9",
    "+.inf",
    "-.inf",
]


@pytest.mark.parametrize("text", SCALARS)
def test_plain_scalars_resolve_as_yaml_1_2(text: str) -> None:
    expected = YAML(typ="rt").load(f"k: {text}\n")["k"]
    found = resolve_plain(text)
    assert found == expected
    for kind in (bool, int, float, str, type(None)):
        assert isinstance(found, kind) == isinstance(expected, kind), kind


def test_dates_stay_text() -> None:
    assert resolve_plain("2024-05-01") == "2024-05-01"


def test_pure_parser_gives_the_same_data_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = ROOT / "inventory" / "intent.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as fast:
        load_yaml(bad)
    data = load_yaml(good).data
    monkeypatch.setattr(yamlfile, "PARSER", yaml.SafeLoader)
    assert load_yaml(good).data == data
    with pytest.raises(InputError) as pure:
        load_yaml(bad)
    assert pure.value.problems == fast.value.problems


def test_names_are_interned(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- {port: leaf1:Ethernet1/1}\n- {port: leaf1:Ethernet1/1}\n", encoding="utf-8")
    first, second = load_yaml(path).data
    assert first["port"] is second["port"]
    assert next(iter(first)) is next(iter(second))


def test_merge_keys_keep_the_mapping_s_own_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "base: &b {x: 1, y: 2}\nmore: &m {z: 0}\nm: {<<: [*b, *m], y: 3}\n", encoding="utf-8"
    )
    assert load_yaml(path).data["m"] == {"x": 1, "y": 3, "z": 0}


def test_explicit_core_tags_are_plain_values(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text('a: !!int "12"\nb: !!str 12\nc: !!float 3\nd: ! 5\n', encoding="utf-8")
    assert load_yaml(path).data == {"a": 12, "b": "12", "c": 3.0, "d": "5"}


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    assert load_yaml(path, max_mb=0.01).data["a"]
    with pytest.raises(InputError) as caught:
        load_yaml(path, max_mb=0.001)
    assert caught.value.problems == [f"{path}:1: larger than 0.001 MB, the limit (--max-intent-mb)"]
