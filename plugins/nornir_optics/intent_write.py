"""Writing the intent back: links merged into the YAML keeping comments, order and formatting.

The intent is read for checking by the fast safe loader (:func:`yamlfile.load_yaml`); only
writing uses ruamel's round-trip tree (:func:`yamlfile.load_yaml_roundtrip`), so comments,
key order, flow or block style and quoting stay as the planner wrote them. Everything that
writes the intent goes through :func:`merge_links` and :func:`write_intent`:

* the file is edited as text: untouched lines stay byte for byte; ruamel's round-trip tree
  only says where each link and value sits;
* a link of the new plan that the file has (the same ``a`` port, or the same two ends the
  other way round) is edited in place, key by key, only where it differs;
* a link the file does not have is appended, in the file's style (one flow line for a plain
  link; a block with flow legs for a breakout); a cable of unknown length is written
  ``length_m: null`` with a ``# TODO length`` comment;
* links of the file the new plan does not mention are left as they are (and reported);
* a unified diff is printed before anything is written; ``dry_run`` prints only the diff.

Links are plain dicts in the intent's own shape (``a``, ``z``, ``optic``, ``breakout``,
``cable``, ``admin``, ``state``), so every source (Nautobot, the gathered state, a finding
accepted) builds the same thing.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from nornir_optics.exceptions import InputError
from nornir_optics.intent import Link
from nornir_optics.yamlfile import load_yaml_roundtrip, resolve_plain

if TYPE_CHECKING:
    from pathlib import Path

LinkData = dict[str, Any]
DEFAULTS: dict[str, Any] = {"breakout": "none", "admin": "up", "state": "cabled"}
COMPARED = ("optic", "breakout", "z", "cable", "admin", "state", "fec")
TODO_LENGTH = "TODO length"
EXACT_FLOAT = 2.0**53
"""Whole floats below this are written as integers (``85``, not ``85.0``)."""
HEADER = (
    "# Optics intent written by `optics intent import` ({source}).\n"
    "# Check the policy, then fill in every cable length marked TODO.\n"
)
DEFAULT_POLICY: dict[str, Any] = {
    "fec": "rs544",
    "dom": {"rx_margin_db": 2.0, "lane_spread_db": 3.0, "ignore_admin_down": True},
}


@dataclass
class Merge:
    """What a merge did: links added, links changed (and how), links of the file left alone."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a flow line the planner kept on one line
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def plain(node: Any) -> Any:
    """A ruamel node as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    return node


def _link(data: LinkData) -> Link | None:
    try:
        return Link.model_validate(data)
    except ValidationError:
        return None


def _ends(link: Link) -> tuple[str, tuple[str, ...]]:
    return link.a.port, tuple(end.port for end in link.z)


def _shape(link: Link) -> dict[str, Any]:
    """A link's compared values, normalised (ports as written, a leg's optic when set)."""
    return {
        "optic": link.optic,
        "breakout": link.breakout.value,
        "z": [(end.port, end.optic, end.fec) for end in link.z],
        "cable": link.cable.model_dump(),
        "admin": link.admin,
        "state": link.state,
        "fec": link.fec,
    }


def link_key(data: LinkData) -> str:
    """``a`` as the link names it (the key links are matched on)."""
    a = data["a"]
    return str(a["port"] if isinstance(a, dict) else a)


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./:+*@-]*(?: [A-Za-z0-9_./:+*@-]+)*\Z")


def scalar(value: Any) -> str:
    """A value as a plain YAML 1.2 scalar where that reads back the same, else quoted.

    >>> scalar("400GBASE-DR4"), scalar(85.0), scalar(None), scalar("off"), scalar("a, b")
    ('400GBASE-DR4', '85', 'null', 'off', '"a, b"')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_FLOAT:
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and resolve_plain(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value in YAML flow style, one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


def _ordered(data: LinkData) -> dict[str, Any]:
    keys = ("a", "z", "optic", "breakout", "admin", "state", "fec", "description", "note")
    ordered = {key: data[key] for key in keys if key in data}
    ordered |= {key: value for key, value in data.items() if key not in ordered}
    return {key: value for key, value in ordered.items() if DEFAULTS.get(key) != value}


def link_text(data: LinkData, indent: int) -> list[str]:
    """A link as the file would have it: one flow line, or a block for a breakout."""
    pad = " " * indent
    ordered = _ordered(data)
    todo = "  # " + TODO_LENGTH if (data.get("cable") or {}).get("length_m") is None else ""
    if not isinstance(data.get("z"), list):
        return [f"{pad}- {flow(ordered)}{todo}"]
    block = ("a", "optic", "breakout", "z")
    ordered = {key: ordered[key] for key in block if key in ordered} | {
        key: value for key, value in ordered.items() if key not in block
    }
    first, *rest = list(ordered.items())
    lines = [f"{pad}- {first[0]}: {flow(first[1])}"]
    lines += [f"{pad}  {key}: {flow(value)}" for key, value in rest]
    if todo:
        lines[-1] += todo
    return lines


def _token_end(line: str, start: int) -> int:
    quote = line[start] if start < len(line) else ""
    if quote in {'"', "'"}:
        end = start + 1
        while end < len(line):
            if line[end] == "\\" and quote == '"':
                end += 2
                continue
            if line[end] == quote:
                if quote == "'" and line[end + 1 : end + 2] == "'":
                    end += 2
                    continue
                return end + 1
            end += 1
        return len(line)
    end = start
    while end < len(line) and line[end] not in ",}]" and line[end : end + 2] != " #":
        end += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return end


@dataclass
class _Edit:
    """Replace lines ``first..last`` (0-based, inclusive) or one token of a line."""

    first: int
    last: int
    lines: list[str]
    column: int | None = None
    end: int | None = None


def _item_span(lines: list[str], seq: CommentedSeq, number: int) -> tuple[int, int]:
    first = int(seq.lc.item(number)[0])
    if number + 1 < len(seq):
        last = int(seq.lc.item(number + 1)[0]) - 1
    else:
        dash = int(seq.lc.item(number)[1]) - 2
        last = first
        for at in range(first + 1, len(lines)):
            stripped = lines[at].strip()
            indent = len(lines[at]) - len(lines[at].lstrip())
            if stripped and not stripped.startswith("#") and indent <= dash:
                break
            last = at
    while last > first and (not lines[last].strip() or lines[last].strip().startswith("#")):
        last -= 1
    return first, last


def _scalar_edits(node: CommentedMap, data: LinkData, differences: list[str]) -> list[_Edit] | None:
    """Token edits for differences that are scalars already written; None: rewrite the link."""
    edits: list[_Edit] = []
    for key in differences:
        if key == "cable":
            cable = node.get("cable")
            if not isinstance(cable, CommentedMap) or set(cable) != set(data["cable"]):
                return None
            for name, value in data["cable"].items():
                if cable[name] != value:
                    line, column = cable.lc.value(name)
                    edits.append(_Edit(line, line, [scalar(value)], column))
            continue
        value = data.get(key, DEFAULTS.get(key))
        if key not in node or isinstance(node[key], dict | list) or value == DEFAULTS.get(key):
            return None
        line, column = node.lc.value(key)
        edits.append(_Edit(line, line, [scalar(value)], column))
    return edits


def _apply(text: str, edits: list[_Edit]) -> str:
    lines = text.splitlines()
    for edit in sorted(edits, key=lambda e: (e.first, e.column or 0), reverse=True):
        if edit.column is not None:
            line = lines[edit.first]
            end = _token_end(line, edit.column)
            lines[edit.first] = line[: edit.column] + edit.lines[0] + line[end:]
        else:
            lines[edit.first : edit.last + 1] = edit.lines
    return "\n".join(lines) + ("\n" if lines else "")


def _oriented(new: Link, data: LinkData, old: Link) -> LinkData:
    """The new link turned to face the way the file has it (a and z swapped when needed)."""
    if (
        len(new.z) == 1
        and len(old.z) == 1
        and (new.a.port, new.z[0].port) == (old.z[0].port, old.a.port)
    ):
        return {**data, "a": data["z"], "z": data["a"]}
    return data


@dataclass
class _Index:
    """The file's links: by either end's port (unbroken links), each validated once."""

    existing: CommentedSeq
    by_port: dict[str, int] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: Any) -> _Index:
        existing = tree.get("links") if isinstance(tree, dict) else None
        index = cls(existing if isinstance(existing, CommentedSeq) else CommentedSeq())
        for number, node in enumerate(index.existing):
            old = _link(plain(node))
            if old is None:
                continue
            index.links[number] = old
            index.by_port.setdefault(old.a.port, number)
            if len(old.z) == 1:
                index.by_port.setdefault(old.z[0].port, number)
        return index

    def find(self, new: Link) -> int | None:
        number = self.by_port.get(new.a.port)
        if number is None and len(new.z) == 1:
            number = self.by_port.get(new.z[0].port)
        return number


def merge_links(tree: Any, text: str, links: list[LinkData]) -> tuple[str, Merge]:
    """Merge links into an intent (its round-trip tree and text); returns the new text."""
    merge = Merge()
    lines = text.splitlines()
    index = _Index.of(tree)
    matched: set[int] = set()
    edits: list[_Edit] = []
    added: list[LinkData] = []
    for data in links:
        new = _link(data)
        if new is None:
            msg = f"not a valid link: {flow(data)}"
            raise InputError([msg])
        number = index.find(new)
        if number is None or number in matched:
            added.append(data)
            merge.added.append(link_key(data))
            continue
        matched.add(number)
        edits += _edits_for(index, number, data, new, merge=merge, lines=lines)
    merge.left = [
        link_key(plain(index.existing[n])) for n in range(len(index.existing)) if n not in matched
    ]
    result = _apply(text, edits)
    if added:
        result = _append(result, tree, index.existing, added)
    return result, merge


def _edits_for(  # noqa: PLR0913 - the merge's state, passed explicitly
    index: _Index, number: int, data: LinkData, new: Link, *, merge: Merge, lines: list[str]
) -> list[_Edit]:
    old = index.links[number]
    data = _oriented(new, data, old)
    new = _link(data) or new
    before, after = _shape(old), _shape(new)
    differences = [key for key in COMPARED if before[key] != after[key]]
    if not differences:
        merge.unchanged.append(link_key(data))
        return []
    merge.changed[link_key(data)] = [
        f"{key}: {_said(before[key])} -> {_said(after[key])}" for key in differences
    ]
    node = index.existing[number]
    tokens = _scalar_edits(node, data, differences)
    if tokens is not None:
        return tokens
    first, last = _item_span(lines, index.existing, number)
    dash = int(index.existing.lc.item(number)[1]) - 2
    return [_Edit(first, last, link_text(data, dash))]


def _append(text: str, tree: Any, existing: CommentedSeq, added: list[LinkData]) -> str:
    lines = text.splitlines()
    if len(existing):
        first, last = _item_span(lines, existing, len(existing) - 1)
        del first
        dash = int(existing.lc.item(len(existing) - 1)[1]) - 2
        new = [line for data in added for line in link_text(data, dash)]
        lines[last + 1 : last + 1] = new
    elif isinstance(tree, CommentedMap) and "links" in tree:
        at = int(tree.lc.key("links")[0])
        lines[at] = "links:"
        lines[at + 1 : at + 1] = [line for data in added for line in link_text(data, 2)]
    else:
        lines += ["", "links:", *[line for data in added for line in link_text(data, 2)]]
    return "\n".join(lines) + "\n"


def _said(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_said(item) for item in value) + "]"
    if isinstance(value, tuple):
        return ":".join(str(item) for item in value if item is not None)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_said(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fresh_text(source: str, policy: dict[str, Any] | None = None) -> str:
    """A new intent file: a header, version, a policy, an empty list of links."""
    stream = io.StringIO()
    _yaml().dump({"version": 1, "policy": policy or DEFAULT_POLICY}, stream)
    return HEADER.format(source=source) + stream.getvalue() + "\nlinks: []\n"


def open_intent(path: Path, source: str) -> tuple[Any, str, str]:
    """The round-trip tree and text of ``path`` (a fresh intent when absent), and the text now."""
    if path.is_file():
        document = load_yaml_roundtrip(path)
        return document.tree, document.text, document.text
    text = fresh_text(source)
    return _yaml().load(text), text, ""


def unified_diff(path: Path, before: str, after: str) -> str:
    """The change as a unified diff (empty when there is none)."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{path} (now)" if before else "/dev/null",
            tofile=f"{path} (new)",
        )
    )


def write_intent(path: Path, before: str, after: str, *, dry_run: bool) -> str:
    """Write ``after`` to ``path`` unless ``dry_run``; returns the diff (empty: no change)."""
    diff = unified_diff(path, before, after)
    if diff and not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(after, encoding="utf-8")
    return diff
