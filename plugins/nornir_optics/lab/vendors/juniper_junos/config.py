"""Junos configuration as statements: set/delete lines, curly text, diffs and state round trips.

A configuration is a list of statements ``(path, leaf)``: ``path`` are the containers
(``("interfaces", "et-0/0/1", "ether-options")``) and ``leaf`` the statement in them
(``("fec", "fec91")``). The candidate of a configuration session is such a list; commit turns it
into a :class:`~nornir_optics.lab.state.ConfigSnapshot`, and the running config is rendered back
from the device state, so both forms (curly braces and ``| display set``) are deterministic.

The statements the lab knows are the ones remediation emits on Junos OS Evolved (catalogue
``platforms.juniper_junos``): ``interfaces <if> description|disable|speed|number-of-sub-ports``,
``interfaces <if> ether-options fec``, plus ``system host-name`` and ``version``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.lab.state import ConfigSnapshot, InterfaceConfig
from nornir_optics.models import Breakout, Fec
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.catalog import Platform
    from nornir_optics.lab.state import DeviceState

Path = tuple[str, ...]
Statement = tuple[Path, tuple[str, ...]]

INTERFACE_RE = re.compile(r"^et-0/0/(\d+)(?::(\d+))?$")
INTERFACE_LEAVES = ("description", "disable", "number-of-sub-ports", "speed", "ether-options")
TOP_ORDER = ("version", "system", "interfaces")
_QUOTE_NEEDED = re.compile(r"[\s;{}#\"'\\]|^$")


class ConfigSyntaxError(Exception):
    """A line the Junos parser refuses; ``position`` is the index of the offending word."""

    def __init__(self, message: str, position: int) -> None:
        """Keep the message (``syntax error.``) and the word the caret points at."""
        super().__init__(message)
        self.message = message
        self.position = position


class CheckoutError(Exception):
    """A candidate that fails commit checks; the text is what Junos prints before the error."""


def quote(value: str) -> str:
    """A value as Junos writes it: quoted when it holds spaces or special characters.

    >>> quote("srv401:eth0"), quote("to spine 1")
    ('srv401:eth0', '"to spine 1"')
    """
    if _QUOTE_NEEDED.search(value):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return value


def tokenize(line: str) -> list[str]:
    """Split a CLI or config-text line into words; double quotes group words.

    >>> tokenize('set interfaces et-0/0/1 description "to spine 1"')
    ['set', 'interfaces', 'et-0/0/1', 'description', 'to spine 1']
    """
    return [match[0] or match[1] or match[2] for match in _WORD.findall(line)]


_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|([{};])|([^\s{};"]+)')


def _text_tokens(text: str) -> list[tuple[str, bool]]:
    """Words of curly config text, with whether each was quoted (``{``/``}``/``;`` unquoted)."""
    cleaned = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    words: list[tuple[str, bool]] = []
    for raw in cleaned.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        for quoted, punct, word in _WORD.findall(line):
            if punct:
                words.append((punct, False))
            elif word:
                words.append((word, False))
            else:
                words.append((quoted.replace('\\"', '"'), True))
    return words


def parse_statements(words: list[str], offset: int = 0) -> list[Statement]:
    """Statements of one ``set`` line's words (without ``set``); raises ConfigSyntaxError.

    ``offset`` is added to the error position so the caret lands on the typed word.

    >>> parse_statements(["interfaces", "et-0/0/2", "number-of-sub-ports", "4", "speed", "100g"])[1]
    (('interfaces', 'et-0/0/2'), ('speed', '100g'))
    """
    if not words:
        msg = "syntax error."
        raise ConfigSyntaxError(msg, offset)
    head = words[0]
    if head == "version" and len(words) == 2:
        return [((), ("version", words[1]))]
    if head == "system":
        if len(words) == 3 and words[1] == "host-name":
            return [(("system",), ("host-name", words[2]))]
        msg = "syntax error."
        raise ConfigSyntaxError(msg, offset + 1)
    if head != "interfaces":
        msg = "syntax error."
        raise ConfigSyntaxError(msg, offset)
    if len(words) < 2 or not INTERFACE_RE.match(words[1]):
        msg = "syntax error."
        raise ConfigSyntaxError(msg, offset + 1)
    return _interface_leaves(words[1], words[2:], offset + 2)


def _interface_leaves(name: str, words: list[str], offset: int) -> list[Statement]:
    path: Path = ("interfaces", name)
    statements: list[Statement] = []
    index = 0
    if not words:
        msg = "syntax error."
        raise ConfigSyntaxError(msg, offset)
    while index < len(words):
        word = words[index]
        where = offset + index
        if word == "disable":
            statements.append((path, ("disable",)))
            index += 1
            continue
        value = words[index + 1] if index + 1 < len(words) else None
        if word == "description" and value is not None:
            statements.append((path, ("description", value)))
        elif word == "number-of-sub-ports" and value in _sub_ports():
            statements.append((path, ("number-of-sub-ports", value)))
        elif word == "speed" and value in _speeds():
            statements.append((path, ("speed", value)))
        elif word == "ether-options" and value == "fec":
            fec = words[index + 2] if index + 2 < len(words) else None
            if fec not in _fec_keywords():
                msg = "syntax error."
                raise ConfigSyntaxError(msg, where + 2)
            statements.append(((*path, "ether-options"), ("fec", fec)))
            index += 3
            continue
        elif word in INTERFACE_LEAVES:
            msg = "syntax error."
            raise ConfigSyntaxError(msg, where + 1)
        else:
            msg = "syntax error."
            raise ConfigSyntaxError(msg, where)
        index += 2
    return statements


def parse_text(text: str) -> list[Statement]:
    """Statements of curly-brace config text (``load merge`` / ``configuration-text``)."""
    words = _text_tokens(text)
    statements: list[Statement] = []
    stack: list[list[str]] = []
    current: list[str] = []
    for word, quoted in words:
        if not quoted and word == "{":
            stack.append(current)
            current = []
        elif not quoted and word == "}":
            if not stack:
                msg = "syntax error, expecting <statement>."
                raise ConfigSyntaxError(msg, 0)
            current = []
            stack.pop()
        elif not quoted and word == ";":
            full = [part for level in stack for part in level] + current
            if full and full[0] == "version":
                statements.append(((), ("version", full[-1])))
            elif full:
                statements.extend(parse_statements(full))
            current = []
        else:
            current.append(word)
    if stack or current:
        msg = "syntax error, expecting '}'."
        raise ConfigSyntaxError(msg, 0)
    return statements


@dataclass
class Candidate:
    """A configuration being edited: statements plus lines a commit check will refuse."""

    statements: list[Statement]
    rejected: list[str] = field(default_factory=list)

    def set(self, new: list[Statement]) -> None:
        """Add statements; a leaf with a value replaces the same leaf's old value."""
        for path, leaf in new:
            self.statements = [
                (p, old) for p, old in self.statements if not (p == path and old[0] == leaf[0])
            ]
            self.statements.append((path, leaf))

    def delete(self, words: list[str]) -> bool:
        """Remove every statement under a path; False when nothing was there."""
        before = len(self.statements)
        self.statements = [
            statement for statement in self.statements if not _under(statement, words)
        ]
        return len(self.statements) != before


def _under(statement: Statement, words: list[str]) -> bool:
    full = [*statement[0], *statement[1]]
    return full[: len(words)] == words


def _speeds() -> set[str]:
    """``speed`` values the CLI takes: the catalogue's speeds, as Junos writes them (``400g``)."""
    return {speed.lower() for speed in load_catalog().speeds}


def _sub_ports() -> set[str]:
    """``number-of-sub-ports`` values: the leg counts of the catalogue's breakout modes."""
    return {str(mode.legs) for mode in load_catalog().breakout_modes.values() if mode.legs > 1}


def _fec_keywords() -> set[str]:
    """Every ``ether-options fec`` keyword the CLI takes (catalogue)."""
    platform = load_catalog().platforms["juniper_junos"]
    other = platform.other_keywords.fec if platform.other_keywords else ()
    return {kw.keyword for kw in platform.fec.values() if kw.keyword} | set(other)


def _fec_words(platform: Platform) -> dict[Fec, str | None]:
    return {fec: keyword.keyword for fec, keyword in platform.fec.items()}


def _breakout_words(platform: Platform) -> dict[Breakout, tuple[str, str]]:
    words: dict[Breakout, tuple[str, str]] = {}
    for mode, keyword in platform.breakout.items():
        if keyword.keyword:
            parts = keyword.keyword.split()
            words[mode] = (parts[1], parts[3])
    return words


def native_speed(state: DeviceState, cage: str) -> str:
    """The speed a cage runs unbroken without a ``speed`` statement (its fastest)."""
    found = state.cage(cage)
    return found.range.speeds[0] if found else "400G"


def statements_from_state(state: DeviceState, platform: Platform) -> list[Statement]:
    """The running config of a device as statements, in Junos display order."""
    fec_words = _fec_words(platform)
    breakout_words = _breakout_words(platform)
    statements: list[Statement] = [
        ((), ("version", state.version)),
        (("system",), ("host-name", state.hostname)),
    ]
    for cage in state.breakouts:
        mode = state.breakouts[cage]
        if mode is not Breakout.NONE and mode in breakout_words:
            count, speed = breakout_words[mode]
            statements.append((("interfaces", cage), ("number-of-sub-ports", count)))
            statements.append((("interfaces", cage), ("speed", speed)))
        for name in state.children(cage):
            config = state.interfaces.get(name)
            if config is None:
                continue
            path: Path = ("interfaces", name)
            if config.description:
                statements.append((path, ("description", config.description)))
            if not config.admin_up:
                statements.append((path, ("disable",)))
            if (
                mode is Breakout.NONE
                and config.speed is not None
                and config.speed != native_speed(state, cage)
            ):
                statements.append((path, ("speed", config.speed.lower())))
            word = fec_words.get(config.fec) if config.fec is not None else None
            if word:
                statements.append(((*path, "ether-options"), ("fec", word)))
    return sort_statements(statements)


def _statement_key(statement: Statement) -> tuple[object, ...]:
    path, leaf = statement
    full = (*path, leaf[0])
    top = TOP_ORDER.index(full[0]) if full[0] in TOP_ORDER else len(TOP_ORDER)
    if full[0] != "interfaces":
        return (top, full)
    inner = full[2] if len(full) > 2 else ""
    order = INTERFACE_LEAVES.index(inner) if inner in INTERFACE_LEAVES else len(INTERFACE_LEAVES)
    return (top, natural_key(full[1]), order, full[3:])


def sort_statements(statements: list[Statement]) -> list[Statement]:
    """Statements in the order Junos displays them."""
    return sorted(statements, key=_statement_key)


def snapshot_from(
    statements: list[Statement], state: DeviceState, platform: Platform
) -> tuple[ConfigSnapshot, list[Statement]]:
    """The config a candidate commits to, and its inert statements; raises CheckoutError.

    Settings without a statement (FEC, speed) keep the device's value when that value is the
    default anyway, so a commit only changes what the statements change. Statements for
    interfaces that do not exist now (the legs of a cage that is no longer broken out, or
    the settings of a channelized parent) are accepted, as Junos does, and kept as inert
    statements: they stay in the configuration but change nothing.
    """
    by_interface: dict[str, dict[str, str]] = {}
    hostname = state.name
    for path, leaf in sort_statements(statements):
        if path == ("system",) and leaf[0] == "host-name":
            hostname = leaf[1]
        elif path[:1] == ("interfaces",):
            value = leaf[1] if len(leaf) > 1 else ""
            key = "fec" if leaf[0] == "fec" else leaf[0]
            by_interface.setdefault(path[1], {})[key] = value
    breakouts = _breakouts(by_interface, state, platform)
    fec_by_word = {word: fec for fec, word in _fec_words(platform).items() if word}
    rendered_nothing = {None, *(fec for fec, word in _fec_words(platform).items() if not word)}
    interfaces: dict[str, InterfaceConfig] = {}
    for cage, mode in breakouts.items():
        names = state.children(cage, mode)
        for name in names:
            settings = by_interface.pop(name, {})
            old = state.interfaces.get(name) if state.breakouts.get(cage) is mode else None
            interfaces[name] = _interface(name, settings, old, (cage, mode), (fec_by_word, state))
            if old is not None and "fec" not in settings and old.fec in rendered_nothing:
                interfaces[name].fec = old.fec
        if mode is not Breakout.NONE:
            by_interface.pop(cage, None)
    inert = [
        (path, leaf)
        for path, leaf in statements
        if path[:1] == ("interfaces",)
        and (
            path[1] in by_interface
            or (
                breakouts.get(path[1], Breakout.NONE) is not Breakout.NONE
                and leaf[0] not in {"number-of-sub-ports", "speed"}
            )
        )
    ]
    snapshot = ConfigSnapshot(breakouts=breakouts, interfaces=interfaces, hostname=hostname)
    return snapshot, sort_statements(inert)


def _breakouts(
    by_interface: dict[str, dict[str, str]], state: DeviceState, platform: Platform
) -> dict[str, Breakout]:
    by_words = {words: mode for mode, words in _breakout_words(platform).items()}
    breakouts: dict[str, Breakout] = {}
    for cage in state.breakouts:
        settings = by_interface.get(cage, {})
        count = settings.get("number-of-sub-ports")
        if count is None:
            breakouts[cage] = Breakout.NONE
            continue
        mode = by_words.get((count, settings.get("speed", "")))
        found = state.cage(cage)
        if mode is None or (found is not None and mode not in found.range.breakouts):
            speed = settings.get("speed", "")
            msg = (
                f"[edit interfaces {cage}]\n  'number-of-sub-ports {count}'\n"
                f"    Invalid channelization: {count} sub-ports at speed '{speed or 'none'}'"
            )
            raise CheckoutError(msg)
        breakouts[cage] = mode
    return breakouts


def _interface(
    name: str,
    settings: dict[str, str],
    old: InterfaceConfig | None,
    where: tuple[str, Breakout],
    context: tuple[dict[str, Fec], DeviceState],
) -> InterfaceConfig:
    cage, mode = where
    fec_by_word, state = context
    fec_word = settings.get("fec")
    if fec_word is not None and fec_word not in fec_by_word:
        msg = (
            f"[edit interfaces {name} ether-options]\n  'fec {fec_word}'\n"
            "    FEC mode not supported on this interface"
        )
        raise CheckoutError(msg)
    if mode is not Breakout.NONE:
        speed: str | None = mode.value.split("x", 1)[1]
    elif "speed" in settings:
        speed = settings["speed"].upper()
    elif old is not None and old.speed in {None, native_speed(state, cage)}:
        speed = old.speed
    else:
        speed = None
    return InterfaceConfig(
        name=name,
        admin_up="disable" not in settings,
        speed=speed,
        fec=fec_by_word[fec_word] if fec_word is not None else None,
        description=settings.get("description", ""),
    )


@dataclass
class _Node:
    leaves: list[tuple[str, ...]] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


def _tree(statements: list[Statement]) -> _Node:
    root = _Node()
    for path, leaf in sort_statements(statements):
        node = root
        for part in path:
            node = node.children.setdefault(part, _Node())
        node.leaves.append(leaf)
    return root


def _leaf_text(leaf: tuple[str, ...]) -> str:
    return " ".join([leaf[0], *(quote(value) for value in leaf[1:])])


def _lines(node: _Node, depth: int) -> list[str]:
    pad = "    " * depth
    lines = [f"{pad}{_leaf_text(leaf)};" for leaf in node.leaves]
    for name, child in node.children.items():
        lines.append(f"{pad}{name} {{")
        lines.extend(_lines(child, depth + 1))
        lines.append(f"{pad}}}")
    return lines


def render_text(statements: list[Statement], path: Path = ()) -> str:
    """Curly-brace config (``show configuration``), optionally of one hierarchy level."""
    node: _Node | None = _tree(statements)
    for part in path:
        node = node.children.get(part) if node else None
    if node is None:
        return ""
    return "".join(f"{line}\n" for line in _lines(node, 0))


def render_set(statements: list[Statement], path: Path = ()) -> str:
    """Set form (``show configuration | display set``), optionally under one path."""
    lines = []
    for statement_path, leaf in sort_statements(statements):
        if statement_path[: len(path)] != path:
            continue
        words = [*statement_path, leaf[0], *(quote(value) for value in leaf[1:])]
        lines.append("set " + " ".join(words))
    return "".join(f"{line}\n" for line in lines)


def diff(old: list[Statement], new: list[Statement]) -> str:
    """``show | compare``: Junos' hierarchical diff of two configurations ("" when equal)."""
    chunks: list[tuple[Path, list[str]]] = []
    _diff(_tree(old), _tree(new), (), chunks)
    lines: list[str] = []
    last: Path | None = None
    for path, body in chunks:
        if path != last:
            lines.append("[edit" + "".join(f" {part}" for part in path) + "]")
            last = path
        lines.extend(body)
    return "".join(f"{line}\n" for line in lines)


def _diff(old: _Node, new: _Node, path: Path, chunks: list[tuple[Path, list[str]]]) -> None:
    old_leaves = {leaf[0]: leaf for leaf in old.leaves}
    new_leaves = {leaf[0]: leaf for leaf in new.leaves}
    body: list[str] = []
    for key in dict.fromkeys([*old_leaves, *new_leaves]):
        before, after = old_leaves.get(key), new_leaves.get(key)
        if before == after:
            continue
        if before is not None:
            body.append(f"-   {_leaf_text(before)};")
        if after is not None:
            body.append(f"+   {_leaf_text(after)};")
    if body:
        chunks.append((path, body))
    names = list(dict.fromkeys([*old.children, *new.children]))
    names.sort(key=lambda name: _child_order(path, name))
    for name in names:
        before_node, after_node = old.children.get(name), new.children.get(name)
        if before_node is not None and after_node is not None:
            _diff(before_node, after_node, (*path, name), chunks)
            continue
        sign, node = ("-", before_node) if after_node is None else ("+", after_node)
        if node is None:
            continue
        whole = [f"{name} {{", *_lines(node, 1), "}"]
        chunks.append((path, [f"{sign}   {line}" for line in whole]))


def _child_order(path: Path, name: str) -> tuple[object, ...]:
    if not path:
        return (TOP_ORDER.index(name) if name in TOP_ORDER else len(TOP_ORDER),)
    if path == ("interfaces",):
        return natural_key(name)
    return (name,)


__all__ = [
    "Candidate",
    "CheckoutError",
    "ConfigSyntaxError",
    "Statement",
    "diff",
    "parse_statements",
    "parse_text",
    "render_set",
    "render_text",
    "snapshot_from",
    "statements_from_state",
]
