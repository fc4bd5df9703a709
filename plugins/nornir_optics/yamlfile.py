"""YAML files read safely and fast, so every complaint can still say ``file:line: what``.

:func:`load_yaml` reads plain data only: mappings, lists, text, numbers, booleans and null,
resolved as YAML 1.2 (``off`` is text, ``1e3`` a number). It parses with libyaml's events
(PyYAML's C parser, the pure one where libyaml is missing) and builds the data itself, so the
bounds below are checked as it goes, before anything is expanded:

* the file's size (``max_mb``), its encoding (UTF-8; UTF-16/32, Latin-1 and NUL bytes named),
  control characters;
* nesting depth, the number of aliases and the nodes they add (alias bombs), self-references;
* tags that construct objects (``!!python/object``, ``!custom``), duplicate keys, several
  documents in one file.

No tree is kept: line numbers are looked up when a problem needs one, by reading the events
again (cheap, and only on the way to an error message).
"""

from __future__ import annotations

import difflib
import re
import reprlib
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from nornir_optics.exceptions import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

Path_ = tuple[str | int, ...]

DEFAULT_MAX_MB = 64.0
MAX_DEPTH = 64
MAX_ALIASES = 10_000
MAX_ALIAS_NODES = 1_000_000
REWORD_MAX_CHARS = 1_000_000
INTERN_MAX = 128
"""Text scalars up to this length are interned: names repeat thousands of times in a plan."""

PARSER: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    {"!", *(f"{_CORE}{kind}" for kind in ("str", "int", "float", "bool", "null"))}
)
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfF")
_INT = re.compile(r"[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)\Z")
_FLOAT = re.compile(
    r"""(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))\Z""",
    re.VERBOSE,
)
_BASES = {"0b": 2, "0o": 8, "0x": 16}
_DECIMAL = 10
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32-LE"),
    (b"\x00\x00\xfe\xff", "UTF-32-BE"),
    (b"\xff\xfe", "UTF-16-LE"),
    (b"\xfe\xff", "UTF-16-BE"),
)
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class YamlDocument:
    """A loaded YAML file: its plain data, and the line of any node on request."""

    path: Path
    data: Any
    text: str = field(default="", repr=False)
    _lines: dict[Path_, int] | None = field(default=None, repr=False)
    tree: Any = field(default=None, repr=False)
    """The round-trip tree (comments, order, style), from :func:`load_yaml_roundtrip` only."""

    def line(self, where: Path_) -> int:
        """Line (1-based) of the deepest node of ``where`` that exists in the file."""
        if self._lines is None:
            self._lines = index_lines(self.path, self.text)
        for length in range(len(where), -1, -1):
            found = self._lines.get(where[:length])
            if found is not None:
                return found
        return 1

    def without_data(self) -> YamlDocument:
        """The same file without its data: lines and problems still work, ``display`` not.

        What a loaded fabric keeps once the data is validated into models.
        """
        return YamlDocument(path=self.path, data=None, text=self.text, _lines=self._lines)

    def problem(self, where: Path_, text: str) -> str:
        """One ``file:line: text`` line about the node at ``where``."""
        return f"{self.path}:{self.line(where)}: {text}"

    def display(self, where: Path_) -> str:
        """``links[3].cable.length_m``, cut where the file holds a scalar (as written)."""
        node = self.data
        shown: list[str | int] = []
        for number, part in enumerate(where):
            if isinstance(node, dict):
                if part not in node:
                    shown.extend(where[number:])  # a key the file lacks: name it in full
                    break
                shown.append(part)
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


def load_yaml(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> YamlDocument:
    """Read a YAML file as plain data; any problem is one ``file:line: what`` InputError.

    Refuses files over ``max_mb`` megabytes, text that is not UTF-8, and the constructs listed
    in the module docstring.
    """
    text = read_text(path, max_mb=max_mb)
    return YamlDocument(path=path, data=_parse(path, text, None), text=text)


def load_yaml_roundtrip(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> YamlDocument:
    """Read a YAML file into ruamel's round-trip tree as well, with every node's line indexed.

    For a tool that writes the file back keeping its comments (none does yet), and the
    reference the fast loader is tested and measured against: this is how files were read up
    to fce1041, some 15 times slower and 4 times larger than :func:`load_yaml`.
    """
    from ruamel.yaml import YAML  # noqa: PLC0415 - only this slow path needs it

    text = read_text(path, max_mb=max_mb)
    data = _parse(path, text, None)  # the same refusals, the same plain data
    tree = YAML(typ="rt").load(text)
    lines: dict[Path_, int] = {}
    _roundtrip_lines(tree, (), lines)
    return YamlDocument(path=path, data=data, text=text, _lines=lines, tree=tree)


def _roundtrip_lines(node: object, where: Path_, lines: dict[Path_, int]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # noqa: PLC0415

    if isinstance(node, CommentedMap):
        lines.setdefault(where, node.lc.line + 1)
        for key, value in node.items():
            lines[(*where, str(key))] = node.lc.key(key)[0] + 1
            _roundtrip_lines(value, (*where, str(key)), lines)
    elif isinstance(node, CommentedSeq):
        lines.setdefault(where, node.lc.line + 1)
        for number, value in enumerate(node):
            lines[(*where, number)] = node.lc.item(number)[0] + 1
            _roundtrip_lines(value, (*where, number), lines)


def index_lines(path: Path, text: str) -> dict[Path_, int]:
    """The line (1-based) of every node of an already loaded YAML text, by location."""
    lines: dict[Path_, int] = {}
    _parse(path, text, lines)
    return lines


def read_text(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> str:
    """The file as text, if it is at most ``max_mb`` MB of printable UTF-8."""
    limit = int(max_mb * 1024 * 1024)
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise InputError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(raw) > limit:
        raise InputError([f"{path}:1: larger than {max_mb:g} MB, the limit (--max-intent-mb)"])
    problem = _encoding_problem(raw)
    if problem is not None:
        raise InputError([f"{path}:{problem[0]}: {problem[1]}"])
    text = raw.removeprefix(_UTF8_BOM).decode("utf-8")
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        char = bad.group()
        line = text.count("\n", 0, bad.start()) + 1
        name = unicodedata.name(char, "a control character")
        raise InputError(
            [f"{path}:{line}: contains U+{ord(char):04X} ({name}), which YAML does not allow"]
        )
    return text


def _encoding_problem(raw: bytes) -> tuple[int, str] | None:
    """Line and wording of why ``raw`` is not UTF-8 text, or None when it is."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return 1, f"the file is {name} (by its byte-order mark), not UTF-8: save it as UTF-8"
    nul = raw.find(b"\0")
    if nul >= 0:
        hint = ""
        if raw[1::2].count(0) > len(raw) // 4:
            hint = " (UTF-16-LE without a byte-order mark?)"
        elif raw[0::2].count(0) > len(raw) // 4:
            hint = " (UTF-16-BE without a byte-order mark?)"
        return raw.count(b"\n", 0, nul) + 1, f"contains a NUL byte{hint}: save it as UTF-8 text"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            guess = "an unknown encoding"
        else:
            guess = f"Latin-1/cp1252 (where it is {bytes([byte]).decode('cp1252')!r})"
        return line, (
            f"not UTF-8: byte 0x{byte:02X} at column {column} looks like {guess}; "
            "save the file as UTF-8"
        )
    return None


def _parse(path: Path, text: str, lines: dict[Path_, int] | None) -> object:
    parser = PARSER(text)
    try:
        return _Builder(path, lines).build(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(path, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([f"{path}:1: YAML error: {exc}"]) from None
    finally:
        parser.dispose()


def _syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> str:
    """``file:line: YAML syntax error: ...``, worded as the pure parser words it.

    libyaml and the pure parser disagree on wording, not on what is an error: the pure one
    reads the text again (on the way to an error only) so messages do not depend on whether
    libyaml is installed. Past :data:`REWORD_MAX_CHARS` (about 1.5 s of pure parsing) libyaml's
    own words are kept.
    """
    if PARSER is not yaml.SafeLoader and len(text) <= REWORD_MAX_CHARS:
        pure = yaml.SafeLoader(text)
        try:
            while not isinstance(pure.get_event(), StreamEndEvent):  # type: ignore[no-untyped-call]
                pass
        except yaml.MarkedYAMLError as again:
            error = again
        finally:
            pure.dispose()
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    if error.context_mark is not None and (mark is None or mark.line + 1 >= text.count("\n") + 1):
        line = error.context_mark.line + 1
    what = ": ".join(part for part in (error.context, error.problem) if part)
    return f"{path}:{line}: YAML syntax error: {what}"


class _RefusedError(Exception):
    """A construct the loader does not accept, at a line."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(text)
        self.line = line
        self.text = text


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built, and what it holds so far."""

    container: dict[str, object] | list[object]
    line: int
    where: Path_
    anchor: str | None
    size: int = 1
    height: int = 1
    key: str | None = None
    key_line: int = 0
    merge: bool = False
    key_lines: dict[str, int] = field(default_factory=dict)
    merged: list[object] = field(default_factory=list)


class _Builder:
    """Plain data from YAML events, with the bounds of the module docstring checked on the way.

    With ``lines`` it also records the line of every node by location (the slow path, used
    only for messages).
    """

    def __init__(self, path: Path, lines: dict[Path_, int] | None) -> None:
        self.path = path
        self.lines = lines
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[object, int, int]] = {}  # value, nodes, levels
        self.building: set[str] = set()
        self.aliases = 0
        self.alias_nodes = 0
        self.documents = 0
        self.root: object = None
        self.handlers: dict[type[Event], Callable[[Any], None]] = {
            ScalarEvent: self._scalar,
            MappingStartEvent: self._start,
            SequenceStartEvent: self._start,
            MappingEndEvent: self._end,
            SequenceEndEvent: self._end,
            AliasEvent: self._alias,
            DocumentStartEvent: self._document,
        }

    def build(self, next_event: Callable[[], Event | None]) -> object:
        """Consume the events of one stream and return its single document's data."""
        handlers = self.handlers
        try:
            while True:
                event = next_event()
                if event is None or type(event) is StreamEndEvent:
                    return self.root
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except _RefusedError as refused:
            raise InputError([f"{self.path}:{refused.line}: {refused.text}"]) from None

    def _document(self, event: DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _RefusedError(
                _line(event), "a second YAML document (---): one file holds one document"
            )

    def _scalar(self, event: ScalarEvent) -> None:
        value = _scalar_value(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        self._add(value, 1, 0, _line(event))

    def _alias(self, event: AliasEvent) -> None:
        line = _line(event)
        name = event.anchor or ""
        if name in self.building:
            raise _RefusedError(line, f"alias *{name} refers to a node that contains it")
        if name not in self.anchors:
            raise _RefusedError(line, f"alias *{name} refers to no anchor &{name} above it")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise _RefusedError(line, f"more than {MAX_ALIASES} aliases: refused (an alias bomb?)")
        value, size, height = self.anchors[name]
        if len(self.stack) + height > MAX_DEPTH:
            raise _RefusedError(
                line, f"alias *{name} nests the data deeper than {MAX_DEPTH} levels"
            )
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise _RefusedError(
                line,
                f"alias *{name} expands the document past {MAX_ALIAS_NODES} nodes: "
                "refused (an alias bomb?)",
            )
        self._add(value, size, height, line)

    def _start(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        line = _line(event)
        mapping = type(event) is MappingStartEvent
        if event.tag not in {None, "!", f"{_CORE}{'map' if mapping else 'seq'}"}:
            raise _RefusedError(line, _tag_refusal(event.tag or ""))
        if len(self.stack) >= MAX_DEPTH:
            raise _RefusedError(line, f"nested deeper than {MAX_DEPTH} levels")
        if self.stack and self.stack[-1].key is None and isinstance(self.stack[-1].container, dict):
            raise _RefusedError(line, "a mapping key must be a scalar, not a mapping or a list")
        where = self._child_where(line)
        if event.anchor is not None:
            self.building.add(event.anchor)
        self.stack.append(_Open({} if mapping else [], line, where, event.anchor))

    def _end(self, _: MappingEndEvent | SequenceEndEvent) -> None:
        done = self.stack.pop()
        container = done.container
        if isinstance(container, dict):
            _merge(container, done)
        if done.anchor is not None:
            self.building.discard(done.anchor)
            self.anchors[done.anchor] = (container, done.size, done.height)
        self._place(container, done.size, done.height, done.line)

    def _child_where(self, line: int) -> Path_:
        """Location of the node starting now; recorded with its line when indexing."""
        if self.lines is None:
            return ()
        if not self.stack:
            where: Path_ = ()
            self.lines[where] = line
            return where
        top = self.stack[-1]
        if isinstance(top.container, dict):
            where = (*top.where, top.key or "")
            self.lines.setdefault(where, top.key_line)
        else:
            where = (*top.where, len(top.container))
            self.lines.setdefault(where, line)
        return where

    def _add(self, value: object, size: int, height: int, line: int) -> None:
        """Place a scalar or an alias's value; a pending mapping takes it as key or value."""
        if self.stack:
            top = self.stack[-1]
            if top.key is None and isinstance(top.container, dict):
                self._key(top, value, line)
                return
            self._child_where(line)
        self._place(value, size, height, line)

    def _key(self, top: _Open, value: object, line: int) -> None:
        if isinstance(value, dict | list):
            raise _RefusedError(line, "a mapping key must be a scalar, not a mapping or a list")
        key = value if isinstance(value, str) else sys.intern(str(value))
        top.merge = key == "<<"
        if not top.merge and key in top.key_lines:
            raise _RefusedError(line, f"duplicate key {key!r} (first at line {top.key_lines[key]})")
        top.key = key
        top.key_line = line
        top.key_lines[top.key] = line

    def _place(self, value: object, size: int, height: int, line: int) -> None:
        """Put a finished value into the container being built, or make it the document."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        container = top.container
        if isinstance(container, list):
            container.append(value)
            return
        key = top.key or ""
        if top.merge:
            if not (isinstance(value, dict) or (isinstance(value, list) and _all_dicts(value))):
                raise _RefusedError(line, "a merge key (<<) takes a mapping or a list of mappings")
            top.merged.append(value)
        else:
            container[key] = value
        top.key = None


def _merge(container: dict[str, object], done: _Open) -> None:
    """Apply ``<<`` merges: keys of the mapping itself win, then earlier merged mappings."""
    for merged in done.merged:
        for source in merged if isinstance(merged, list) else [merged]:
            if isinstance(source, dict):
                for key, value in source.items():
                    container.setdefault(key, value)


def _all_dicts(items: list[object]) -> bool:
    return all(isinstance(item, dict) for item in items)


def _line(event: Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _tag_refusal(tag: str) -> str:
    shown = f"!!{tag.removeprefix(_CORE)}" if tag.startswith(_CORE) else tag
    return (
        f"tag {shown} is not allowed: the file may hold only plain YAML "
        "(mappings, lists, text, numbers, true/false, null)"
    )


def _scalar_value(event: ScalarEvent) -> object:
    """The value of a scalar, resolved as YAML 1.2's core schema does (plain scalars only)."""
    value = event.value
    tag = event.tag
    if tag is None:
        if event.implicit[0]:
            return resolve_plain(value)
    elif tag not in _SCALAR_TAGS:
        raise _RefusedError(_line(event), _tag_refusal(tag))
    elif tag not in {"!", f"{_CORE}str"}:
        return _tagged(event, tag.removeprefix(_CORE))
    return sys.intern(value) if len(value) <= INTERN_MAX else value


def _tagged(event: ScalarEvent, kind: str) -> object:
    """A scalar with an explicit core tag (``!!int 3``): its value, if it is one of that kind."""
    resolved = resolve_plain(event.value)
    if kind == "float" and type(resolved) in {int, float}:
        return float(resolved)  # type: ignore[arg-type]
    valid = {
        "int": type(resolved) is int,
        "bool": type(resolved) is bool,
        "null": resolved is None,
    }
    if not valid.get(kind, False):
        raise _RefusedError(_line(event), f"!!{kind} {event.value!r} is not a valid {kind}")
    return resolved


def resolve_plain(value: str) -> object:
    """An unquoted scalar as YAML 1.2 reads it: null, bool, int, float, or the text itself.

    >>> [resolve_plain(v) for v in ("off", "1e3", "0x1F", "017", "~", "True", "1:30")]
    ['off', 1000.0, 31, 17, None, True, '1:30']
    """
    resolved: object = value
    if not value or value[0] in _MAYBE_NOT_TEXT:
        if value in _NULL:
            resolved = None
        elif value in _BOOL:
            resolved = _BOOL[value]
        elif _INT.match(value):
            resolved = _integer(value)
        elif _FLOAT.match(value):
            lowered = value.lower()
            special = lowered.endswith(("inf", "nan"))
            resolved = float(lowered.replace(".", "") if special else value.replace("_", ""))
    if resolved is value:
        return sys.intern(value) if len(value) <= INTERN_MAX else value
    return resolved


def _integer(value: str) -> int | float | str:
    digits = value.replace("_", "")
    base = _BASES.get(digits.lstrip("+-")[:2], 10)
    try:
        return int(digits, base)
    except ValueError:  # "0x_", or more digits than Python converts to an int
        return float(digits) if base == _DECIMAL else value


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
        for near in [_near(str(detail["loc"][-1]), keys)]
        if near
    }
    problems: dict[str, None] = {}
    for detail in details:
        where = tuple(detail["loc"])
        if detail["type"] == "missing" and where in misspelt:
            continue  # the unknown-key line already names it, with the spelling
        problems[document.problem(where, _wording(document, detail, where, keys))] = None
    return sorted(problems, key=_line_order)


def _near(key: str, keys: list[str]) -> list[str]:
    """The known key closest to an unknown one, if any: never the key itself (known elsewhere).

    >>> _near("cabel", ["cable", "note"]), _near("note", ["cable", "note"])
    (['cable'], [])
    """
    return [near for near in difflib.get_close_matches(key, keys, n=2) if near != key][:1]


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
        near = _near(key, keys)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        parent = format_path(where[:-1]) or "top level"
        return f"{parent}: unknown key {_shown(key)}{hint}"
    path = document.display(where) or "top level"
    if kind == "missing":
        return f"{path} is required"
    simple = {
        "greater_than": f"must be > {_number(ctx.get('gt'))}, not {_number(got)}",
        "greater_than_equal": f"must be >= {_number(ctx.get('ge'))}, not {_number(got)}",
        "less_than": f"must be < {_number(ctx.get('lt'))}, not {_number(got)}",
        "less_than_equal": f"must be <= {_number(ctx.get('le'))}, not {_number(got)}",
        "string_pattern_mismatch": f"must be DEVICE:PORT, not {_shown(got)}",
        "string_too_long": _too_long(ctx, got),
        "too_long": _too_long(ctx, got),
        "literal_error": f"must be {ctx.get('expected')}, not {_shown(got)}",
        "enum": f"must be {ctx.get('expected')}, not {_shown(got)}",
        "float_parsing": f"must be a number, not {_shown(got)}",
        "float_type": f"must be a number, not {_typed(got)}",
        "finite_number": f"must be a finite number, not {got}",
        "int_parsing": f"must be a whole number, not {_shown(got)}",
        "int_type": f"must be a whole number, not {_typed(got)}",
        "int_from_float": f"must be a whole number, not {_shown(got)}",
        "bool_parsing": f"must be true or false, not {_shown(got)}",
        "bool_type": f"must be true or false, not {_shown(got)}",
        "string_type": f"must be text, not {_shown(got)}",
        "model_type": "must be a mapping",
        "model_attributes_type": "must be a mapping",
        "dict_type": "must be a mapping",
        "tuple_type": "must be a list",
        "list_type": "must be a list",
    }
    if kind in simple:
        return f"{path} {simple[kind]}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{path} {message}" if message.startswith("must ") else f"{path}: {message}"


def _too_long(ctx: dict[str, Any], got: object) -> str:
    if isinstance(got, str):
        return f"must be at most {ctx.get('max_length')} characters long, not {len(got)}"
    return f"must have at most {ctx.get('max_length')} items, not {ctx.get('actual_length')}"


def _typed(value: object) -> str:
    """A value that has the wrong type, with its type where it looks like the right one.

    >>> _typed("85"), _typed(True), _typed("far")
    ("the string '85'", 'true', "'far'")
    """
    if isinstance(value, str) and type(resolve_plain(value.strip())) in {int, float}:
        return f"the string {_shown(value)}"
    return _shown(value)


def _shown(value: object, limit: int = 80) -> str:
    """A value as YAML writes it where that differs (``true``, ``null``), else its ``repr``.

    Cut to ``limit`` characters: a 10 MB value is not echoed.

    >>> _shown("x" * 100)[-12:], _shown(False), _shown(None)
    ('xx… (100 ch)', 'false', 'null')
    """
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    text = repr(value) if isinstance(value, str | int | float) else _REPR.repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} ch)" if isinstance(value, str) else ""
    return f"{text[:limit]}…{size}"


def _brief_repr() -> reprlib.Repr:
    """How a mapping or list written where a value belongs is shown: briefly, never deeply."""
    brief = reprlib.Repr()
    brief.maxlevel, brief.maxdict, brief.maxlist = 3, 4, 4
    brief.maxstring = brief.maxother = 40
    return brief


_REPR = _brief_repr()


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _shown(value)
