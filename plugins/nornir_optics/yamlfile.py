"""YAML files read with their line numbers, so every complaint can say ``file:line: what``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from nornir_optics.exceptions import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A loaded YAML file: round-trip tree, plain data and the line of every node."""

    path: Path
    tree: Any
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, where: Path_) -> int:
        """Line (1-based) of the deepest node of ``where`` that exists in the file."""
        for length in range(len(where), -1, -1):
            found = self.lines.get(where[:length])
            if found is not None:
                return found
        return 1

    def problem(self, where: Path_, text: str) -> str:
        """One ``file:line: text`` line about the node at ``where``."""
        return f"{self.path}:{self.line(where)}: {text}"

    def display(self, where: Path_) -> str:
        """``links[3].cable.length_m``, cut where the file holds a scalar (as written)."""
        node = self.data
        shown: list[str | int] = []
        for part in where:
            if isinstance(node, dict):
                shown.append(part)
                if part not in node:
                    break
                node = node[part]
            elif isinstance(node, list):
                shown.append(part)
                if not isinstance(part, int) or part >= len(node):
                    break
                node = node[part]
            else:
                break
        return format_path(tuple(shown))


def format_path(where: Path_) -> str:
    """Render a location as ``links[3].cable.length_m``.

    >>> format_path(("links", 3, "cable", "length_m"))
    'links[3].cable.length_m'
    """
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path) -> YamlDocument:
    """Read a YAML file keeping line numbers; syntax errors become one-line InputErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = ": ".join(part for part in (exc.context, exc.problem) if part)
        lines = text.count("\n") + 1
        if exc.context_mark is not None and (mark is None or mark.line + 1 >= lines):
            line = exc.context_mark.line + 1
        raise InputError([f"{path}:{line}: YAML syntax error: {what}"]) from None
    except YAMLError as exc:
        raise InputError([f"{path}:1: YAML error: {exc}"]) from None
    document = YamlDocument(path=path, tree=tree, data=_plain(tree))
    _index_lines(tree, (), document.lines)
    return document


def _plain(node: object) -> object:
    if isinstance(node, CommentedMap):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    return node


def _index_lines(node: object, where: Path_, lines: dict[Path_, int]) -> None:
    if isinstance(node, CommentedMap):
        if where not in lines and node.lc.line is not None:
            lines[where] = node.lc.line + 1
        for key, value in node.items():
            child = (*where, str(key))
            lines[child] = node.lc.key(key)[0] + 1
            _index_lines(value, child, lines)
    elif isinstance(node, CommentedSeq):
        if where not in lines and node.lc.line is not None:
            lines[where] = node.lc.line + 1
        for index, value in enumerate(node):
            child = (*where, index)
            lines[child] = node.lc.item(index)[0] + 1
            _index_lines(value, child, lines)


def validation_problems(
    document: YamlDocument, error: ValidationError, known_keys: Iterable[str] = ()
) -> list[str]:
    """One ``file:line: text`` line per pydantic error, worded for people."""
    keys = sorted(set(known_keys))
    details = error.errors()
    misspelt = {
        (*detail["loc"][:-1], near[0])
        for detail in details
        if detail["type"] == "extra_forbidden"
        for near in [difflib.get_close_matches(str(detail["loc"][-1]), keys, n=1)]
        if near
    }
    problems: dict[str, None] = {}
    for detail in details:
        where = tuple(detail["loc"])
        if detail["type"] == "missing" and where in misspelt:
            continue  # the unknown-key line already names it, with the spelling
        problems[document.problem(where, _wording(document, detail, where, keys))] = None
    return sorted(problems, key=_line_order)


def _line_order(problem: str) -> tuple[int, str]:
    try:
        return int(problem.split(":")[1]), problem
    except (IndexError, ValueError):
        return 0, problem


def _wording(document: YamlDocument, detail: ErrorDetails, where: Path_, keys: list[str]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    got = detail.get("input")
    if kind == "extra_forbidden":
        key = str(where[-1])
        near = difflib.get_close_matches(key, keys, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        parent = format_path(where[:-1]) or "top level"
        return f"{parent}: unknown key {key!r}{hint}"
    path = document.display(where) or "top level"
    if kind == "missing":
        return f"{path} is required"
    simple = {
        "greater_than": f"must be > {_number(ctx.get('gt'))}, not {_number(got)}",
        "greater_than_equal": f"must be >= {_number(ctx.get('ge'))}, not {_number(got)}",
        "less_than": f"must be < {_number(ctx.get('lt'))}, not {_number(got)}",
        "less_than_equal": f"must be <= {_number(ctx.get('le'))}, not {_number(got)}",
        "string_pattern_mismatch": f"must be DEVICE:PORT, not {got!r}",
        "literal_error": f"must be {ctx.get('expected')}, not {got!r}",
        "enum": f"must be {ctx.get('expected')}, not {got!r}",
        "float_parsing": f"must be a number, not {got!r}",
        "float_type": f"must be a number, not {got!r}",
        "int_parsing": f"must be a whole number, not {got!r}",
        "int_type": f"must be a whole number, not {got!r}",
        "int_from_float": f"must be a whole number, not {got!r}",
        "bool_parsing": f"must be true or false, not {got!r}",
        "bool_type": f"must be true or false, not {got!r}",
        "string_type": f"must be text, not {got!r}",
        "model_type": "must be a mapping",
        "model_attributes_type": "must be a mapping",
        "dict_type": "must be a mapping",
        "tuple_type": "must be a list",
        "list_type": "must be a list",
    }
    if kind in simple:
        return f"{path} {simple[kind]}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{path}: {message}"


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
