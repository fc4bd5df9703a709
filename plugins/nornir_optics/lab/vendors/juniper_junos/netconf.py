"""Junos' NETCONF server: the ``netconf`` SSH subsystem PyEZ (and NAPALM ``junos``) talks to.

NETCONF 1.0 with ``]]>]]>`` framing: the server sends its ``<hello>`` (base:1.0 plus Junos
capabilities, so clients never switch to chunked framing), reads the client's, then answers each
``<rpc>`` with an ``<rpc-reply>`` carrying the same ``message-id``. Operational RPCs are rendered
from device state by ``juniper_junos_show``; configuration RPCs go through the personality's
candidate and commit model, so CLI and NETCONF share locks, candidates and rollback history.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from typing import TYPE_CHECKING

from lxml import etree

from nornir_optics.lab.personality import Session
from nornir_optics.lab.vendors.juniper_junos import rpcs, show
from nornir_optics.lab.vendors.juniper_junos.config import (
    ConfigSyntaxError,
    Statement,
    diff,
    parse_statements,
    parse_text,
    render_text,
    sort_statements,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from asyncssh import SSHServerProcess

    from nornir_optics.lab.vendors.juniper_junos.cli import JunosPersonality

BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0"
DELIMITER = "]]>]]>"
CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
    "urn:ietf:params:xml:ns:netconf:base:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
    "http://xml.juniper.net/netconf/junos/1.0",
    "http://xml.juniper.net/dmi/system/1.0",
)
_SESSION_IDS = itertools.count(41000)
_OPEN: dict[int, tuple[Session, SSHServerProcess[str]]] = {}
"""Open NETCONF sessions by session-id, for ``<kill-session>``."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


class RpcFailureError(Exception):
    """An RPC answered with ``<rpc-error>``."""

    def __init__(self, message: str, bad_element: str | None = None, *, tag: str = "") -> None:
        """The error message, the element it names and the element holding it in the reply."""
        super().__init__(message)
        self.message = message
        self.bad_element = bad_element
        self.wrapper = tag


def hello(session_id: int) -> str:
    """The server's ``<hello>``."""
    capabilities = "".join(f"    <capability>{cap}</capability>\n" for cap in CAPABILITIES)
    return (
        f'<hello xmlns="{BASE_NS}">\n  <capabilities>\n{capabilities}  </capabilities>\n'
        f"  <session-id>{session_id}</session-id>\n</hello>\n{DELIMITER}\n"
    )


async def serve_netconf(personality: JunosPersonality, process: SSHServerProcess[str]) -> None:
    """Serve one NETCONF session until ``<close-session/>`` or end of input."""
    user = str(process.get_extra_info("username") or "admin")
    session = Session(device=personality.device, user=user)
    session.context["db"] = "shared"
    session.context["netconf"] = True
    session_id = next(_SESSION_IDS)
    session.context["session-id"] = session_id
    _OPEN[session_id] = (session, process)
    process.stdout.write(hello(session_id))
    buffer = ""
    greeted = False
    try:
        while True:
            chunk = await process.stdin.read(65536)
            if not chunk:
                break
            buffer += chunk
            while DELIMITER in buffer:
                message, buffer = buffer.split(DELIMITER, 1)
                if not greeted:
                    greeted = True
                    continue
                if not message.strip():
                    continue
                if personality.device.knobs.latency_ms:  # the latency knob, on every transport
                    await asyncio.sleep(personality.device.knobs.latency_ms / 1000)
                reply, done = answer(personality, session, message)
                process.stdout.write(reply + f"\n{DELIMITER}\n")
                if done:
                    return
    finally:
        _OPEN.pop(session_id, None)
        release(personality, session)
        with contextlib.suppress(Exception):
            process.exit(0)


def release(personality: JunosPersonality, session: Session) -> None:
    """A closing session gives up its lock; Junos then drops the locked candidate's changes."""
    if personality.lock_owner is session:
        personality.lock_owner = None
        personality.shared = None


def answer(  # noqa: PLR0911 - one return per way an RPC ends
    personality: JunosPersonality, session: Session, message: str
) -> tuple[str, bool]:
    """The ``<rpc-reply>`` to one framed message, and whether the session ends."""
    try:
        rpc = etree.fromstring(message.strip().encode(), _PARSER)
    except etree.XMLSyntaxError:
        return _reply("", _error("syntax error", None)), False
    message_id = rpc.get("message-id", "")
    operation = next((child for child in rpc if isinstance(child.tag, str)), None)
    if operation is None:
        return _reply(message_id, _error("syntax error, expecting <rpc>", None)), False
    name = str(etree.QName(operation).localname)
    if name == "close-session":
        return _reply(message_id, "<ok/>"), True
    handler = _HANDLERS.get(name)
    if handler is None:
        return _reply(message_id, _error("syntax error", name)), False
    try:
        body = handler(personality, session, operation)
    except RpcFailureError as exc:
        error = _error(exc.message, exc.bad_element)
        if exc.wrapper:
            error = f"<{exc.wrapper}>{error}</{exc.wrapper}>"
        return _reply(message_id, error), False
    except Exception as exc:  # noqa: BLE001 - a lab bug answers as an error, not a dropped session
        return _reply(message_id, _error(f"lab: {type(exc).__name__}: {exc}", name)), False
    return _reply(message_id, body), False


def _reply(message_id: str, body: str) -> str:
    return (
        f'<rpc-reply xmlns="{BASE_NS}" xmlns:junos="{show.JUNOS_NS}" '
        f'message-id="{_escape(message_id)}">\n{body}\n</rpc-reply>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _error(message: str, bad_element: str | None) -> str:
    info = f"<error-info>\n<bad-element>{bad_element}</bad-element>\n</error-info>\n"
    return (
        "<rpc-error>\n<error-type>protocol</error-type>\n"
        "<error-tag>operation-failed</error-tag>\n<error-severity>error</error-severity>\n"
        f"<error-message>{_escape(message)}</error-message>\n"
        f"{info if bad_element else ''}</rpc-error>"
    )


def _xml(body: etree._Element) -> str:
    text: bytes = etree.tostring(body, encoding="utf-8")
    return text.decode()


def _argument(operation: etree._Element, name: str) -> str | None:
    for child in operation:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return str(child.text or "").strip() or ""
    value = operation.get(name)
    return None if value is None else str(value)


def _flag(operation: etree._Element, name: str) -> bool:
    return _argument(operation, name) is not None


def _software(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(show.version_xml(personality.device))


def _route_engine(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(show.route_engine_xml(personality.device))


def _inventory(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(show.hardware_xml(personality.device))


def _uptime(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(show.uptime_xml(personality.device))


def _interfaces(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session
    if _argument(op, "routing-instance"):
        return _xml(show.element("interface-information", style="terse"))
    name = _argument(op, "interface-name") or None
    return _xml(show.interfaces_xml(personality.device, name, terse=_flag(op, "terse")))


def _optics(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session
    name = _argument(op, "interface-name") or None
    return _xml(show.optics_xml(personality.device, name))


def _lldp(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(show.lldp_xml(personality.runtime.lab, personality.device))


def _command(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """The ``<command>`` RPC: a CLI command, answered as XML or as ``<output>`` text."""
    del session
    text = str(op.text or "").strip()
    form = op.get("format", "xml")
    cli = Session(device=personality.device, user="admin")
    if form == "text":
        output = personality.handle(cli, text)
        return f"<output>\n{_escape(output)}</output>"
    output = personality.handle(cli, f"{text} | display xml")
    if not output.lstrip().startswith("<rpc-reply"):
        raise RpcFailureError(output.strip().splitlines()[-1] if output.strip() else "syntax error")
    reply = etree.fromstring(output.encode(), _PARSER)
    return "\n".join(_xml(child) for child in reply if etree.QName(child).localname != "cli")


def _lock(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del op
    if personality.lock_owner is not None and personality.lock_owner is not session:
        msg = "configuration database locked by:\n  admin using netconf"
        raise RpcFailureError(msg, "lock-configuration")
    if personality.shared is not None and personality.modified(session):
        msg = "configuration database modified"
        raise RpcFailureError(msg, "lock-configuration")
    personality.lock_owner = session
    return "<ok/>"


def _unlock(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del op
    if personality.lock_owner is not session:
        msg = "configuration database not locked by this session"
        raise RpcFailureError(msg)
    release(personality, session)
    return "<ok/>"


def _open(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality
    if _flag(op, "private"):
        session.context["db"] = "private"
        session.context["candidate"] = None
    return "<ok/>"


def _close(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, op
    session.context["db"] = "shared"
    session.context["candidate"] = None
    return "<ok/>"


def _load(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<load-configuration>``: merge/replace/override/set text or XML, or ``rollback="N"``."""
    wrapper = "load-configuration-results"
    if personality.locked_for(session):
        msg = "configuration database locked by another session"
        raise RpcFailureError(msg, tag=wrapper)
    rollback = op.get("rollback")
    if rollback is not None:
        from nornir_optics.lab.vendors.juniper_junos.cli import CommitError

        try:
            personality.load_rollback(session, int(rollback))
        except CommitError as exc:
            raise RpcFailureError(str(exc).removeprefix("error: "), tag=wrapper) from None
        return f"<{wrapper}>\n<load-success/>\n</{wrapper}>"
    action = op.get("action", "merge")
    try:
        if action == "set":
            text = _argument(op, "configuration-set") or ""
            before = list(personality.candidate(session).statements)
            try:
                for line in text.splitlines():
                    if line.strip() and not line.strip().startswith("#"):
                        _load_line(personality, session, line.strip())
            except RpcFailureError:
                personality.candidate(session).statements = before
                raise
        else:
            statements = _statements(personality, op)
            candidate = personality.candidate(session)
            if action in {"override", "replace"} and not _has_replace_tags(op):
                candidate.statements = [
                    s for s in personality.running() if s[1][0] == "version"
                ] + [s for s in statements if s[1][0] != "version"]
            else:
                candidate.set([s for s in statements if s[1][0] != "version"])
    except ConfigSyntaxError as exc:
        raise RpcFailureError(exc.message, tag=wrapper) from None
    return f"<{wrapper}>\n<load-success/>\n</{wrapper}>"


def _load_line(personality: JunosPersonality, session: Session, line: str) -> None:
    if personality.rejected(line):
        msg = "configuration check-out failed: statement rejected by the device"
        raise RpcFailureError(msg, line, tag="load-configuration-results")
    try:
        personality.load_set(session, line)
    except ConfigSyntaxError as exc:
        words = line.split()
        bad = words[exc.position] if 0 <= exc.position < len(words) else line
        if exc.position < 0:
            return
        raise RpcFailureError(
            exc.message.rstrip("."), bad, tag="load-configuration-results"
        ) from None


def _has_replace_tags(op: etree._Element) -> bool:
    return "replace:" in (_argument(op, "configuration-text") or "")


def _statements(personality: JunosPersonality, op: etree._Element) -> list[Statement]:
    text = _argument(op, "configuration-text")
    statements: list[Statement] | None = None
    if text is not None:
        statements = parse_text(text.replace("replace:", ""))
    for child in op:
        if isinstance(child.tag, str) and etree.QName(child).localname == "configuration":
            statements = _xml_statements(child, [])
    if statements is None:
        msg = "syntax error, expecting <configuration-text>"
        raise ConfigSyntaxError(msg, 0)
    for path, leaf in statements:
        line = "set " + " ".join([*path, *leaf])
        if personality.rejected(line):
            msg = "configuration check-out failed: statement rejected by the device"
            raise RpcFailureError(msg, line, tag="load-configuration-results")
    return statements


def _xml_statements(node: etree._Element, path: list[str]) -> list[Statement]:
    statements: list[Statement] = []
    for child in node:
        if not isinstance(child.tag, str):
            continue
        tag = str(etree.QName(child).localname)
        if tag == "name":
            continue
        if tag == "interface":
            name = _argument(child, "name") or ""
            statements.extend(_xml_statements(child, [*path, name]))
            continue
        elements = [c for c in child if isinstance(c.tag, str)]
        if elements:
            statements.extend(_xml_statements(child, [*path, tag]))
            continue
        value = (child.text or "").strip()
        words = [*path, tag, *([value] if value else [])]
        if words[0] == "version":
            statements.append(((), ("version", value)))
        else:
            statements.extend(parse_statements(words))
    return statements


def _get_configuration(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<get-configuration>``: the diff (``compare="rollback"``), text, or XML config."""
    database = op.get("database", "committed")
    if op.get("compare") == "rollback":
        number = int(op.get("rollback", "0"))
        if number == 0:
            base = personality.running()
        elif number <= len(personality.device.history):
            base = personality.statements_of(personality.device.history[-number])
        else:
            msg = f"rollback {number} does not exist"
            raise RpcFailureError(msg)
        output = diff(base, personality.candidate(session).statements) or "\n"
        return (
            "<configuration-information>\n"
            f"<configuration-output>{_escape(output)}</configuration-output>\n"
            "</configuration-information>"
        )
    statements = (
        personality.candidate(session).statements
        if database == "candidate"
        else personality.running()
    )
    if op.get("format") == "text":
        return f"<configuration-text>\n{_escape(render_text(statements))}</configuration-text>"
    return _xml(statements_xml(statements))


def statements_xml(statements: list[Statement]) -> etree._Element:
    """A configuration as Junos XML (``<configuration>``)."""
    root = show.element("configuration")
    nodes: dict[tuple[str, ...], etree._Element] = {(): root}
    for path, leaf in sort_statements(statements):
        parent = root
        for depth in range(1, len(path) + 1):
            key = path[:depth]
            if key not in nodes:
                if key[0] == "interfaces" and depth == 2:
                    node = etree.SubElement(parent, "interface")
                    etree.SubElement(node, "name").text = key[-1]
                else:
                    node = etree.SubElement(parent, key[-1])
                nodes[key] = node
            parent = nodes[key]
        element = etree.SubElement(parent, leaf[0])
        if len(leaf) > 1:
            element.text = leaf[1]
    return root


def _commit(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<commit-configuration>`` (with ``<check/>`` or ``<confirmed/>`` and a timeout)."""
    from nornir_optics.lab.vendors.juniper_junos.cli import CommitError

    check = _flag(op, "check")
    minutes: int | None = None
    if _flag(op, "confirmed"):
        timeout = _argument(op, "confirm-timeout")
        minutes = int(timeout) if timeout else 10
    try:
        personality.commit(session, minutes, check=check)
    except CommitError as exc:
        msg = str(exc).splitlines()[-1].removeprefix("error: ")
        raise RpcFailureError(msg, tag="commit-results") from None
    if check:
        return (
            '<commit-results>\n<routing-engine junos:style="normal">\n<name>re0</name>\n'
            "<commit-check-success/>\n</routing-engine>\n</commit-results>"
        )
    return (
        '<commit-results>\n<routing-engine junos:style="normal">\n<name>re0</name>\n'
        "<commit-success/>\n</routing-engine>\n</commit-results>"
    )


def _commit_revision(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<get-commit-revision-information>``: the latest commit (a pending confirm's comment)."""
    del session, op
    info = personality.last_commit
    root = show.element("commit-revision-information")
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(info.seconds))
    show.sub(root, "date-time", stamp, seconds=str(info.seconds))
    show.sub(root, "user", info.user)
    show.sub(root, "client", info.client)
    show.sub(root, "revision", info.revision)
    if info.comment is not None:
        show.sub(root, "comment", info.comment)
    return _xml(root)


# ---------------------------------------------------------------- RFC 6241 base operations


def _child(op: etree._Element, name: str) -> etree._Element | None:
    return next(
        (c for c in op if isinstance(c.tag, str) and etree.QName(c).localname == name), None
    )


def _datastore(op: etree._Element, holder: str) -> str:
    """The datastore named in ``<source>``/``<target>`` (running, candidate)."""
    node = _child(op, holder)
    store = next((c for c in node if isinstance(c.tag, str)), None) if node is not None else None
    return str(etree.QName(store).localname) if store is not None else "running"


def _data(statements: list[Statement]) -> str:
    data = etree.Element(f"{{{BASE_NS}}}data", nsmap={None: BASE_NS})
    data.append(statements_xml(statements))
    return _xml(data)


def _get(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<get>``: the running config (Junos answers ``<get>`` with configuration data)."""
    del session, op
    return _data(personality.running())


def _get_config(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<get-config>`` of ``running`` or ``candidate``."""
    store = _datastore(op, "source")
    if store not in {"running", "candidate"}:
        msg = f"unsupported datastore {store}"
        raise RpcFailureError(msg, store)
    statements = (
        personality.candidate(session).statements if store == "candidate" else personality.running()
    )
    return _data(statements)


def _edit_config(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<edit-config>`` on the candidate: merge (default), replace, and ``operation="delete"``."""
    if _datastore(op, "target") != "candidate":
        msg = "edit-config is supported on the candidate only"
        raise RpcFailureError(msg, "target")
    if personality.locked_for(session):
        msg = "configuration database locked by another session"
        raise RpcFailureError(msg, "edit-config")
    config = _child(op, "config")
    configuration = _child(config, "configuration") if config is not None else None
    if configuration is None:
        msg = "syntax error, expecting <configuration>"
        raise RpcFailureError(msg, "config")
    candidate = personality.candidate(session)
    marked = [
        node
        for node in configuration.iter()
        if isinstance(node.tag, str) and node.get(f"{{{BASE_NS}}}operation") in {"delete", "remove"}
    ]
    deletes = [_config_path(node, configuration) for node in marked]
    for node in marked:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    statements = [s for s in _xml_statements(configuration, []) if s[1][0] != "version"]
    default = (_argument(op, "default-operation") or "merge").strip()
    if default == "replace":
        candidate.statements = [s for s in personality.running() if s[1][0] == "version"]
    candidate.set(statements)
    for path in deletes:
        if not candidate.delete(path) and _argument(op, "error-option") != "continue-on-error":
            msg = f"statement not found: {' '.join(path)}"
            raise RpcFailureError(msg, path[-1] if path else "config")
    return "<ok/>"


def _config_path(node: etree._Element, root: etree._Element) -> list[str]:
    """The ``set`` words of an element of a ``<configuration>`` (interfaces named by name)."""
    words: list[str] = []
    current: etree._Element | None = node
    while current is not None and current is not root:
        tag = str(etree.QName(current).localname)
        if tag == "interface":
            words.insert(0, _argument(current, "name") or "")
        else:
            value = (current.text or "").strip() if not len(current) else ""
            words[0:0] = [tag, *([value] if value else [])]
        current = current.getparent()
    return words


def _lock_base(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<lock>``/``<unlock>`` of the candidate (or running): Junos' configuration lock."""
    del op
    return _lock(personality, session, etree.Element("lock-configuration"))


def _unlock_base(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del op
    return _unlock(personality, session, etree.Element("unlock-configuration"))


def _validate(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<validate>`` of the candidate: a commit check."""
    from nornir_optics.lab.vendors.juniper_junos.cli import CommitError

    del op
    try:
        personality.commit(session, check=True)
    except CommitError as exc:
        msg = str(exc).splitlines()[-1].removeprefix("error: ")
        raise RpcFailureError(msg, "validate") from None
    return "<ok/>"


def _discard(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<discard-changes>``: the candidate is the running config again."""
    del op
    personality.discard(session)
    return "<ok/>"


def _commit_base(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<commit>`` (RFC 6241): ``<confirmed/>`` with ``<confirm-timeout>`` in seconds."""
    from nornir_optics.lab.vendors.juniper_junos.cli import CommitError

    minutes: float | None = None
    if _flag(op, "confirmed"):
        timeout = _argument(op, "confirm-timeout")
        minutes = (int(timeout) if timeout else 600) / 60
    try:
        personality.commit(session, minutes)
    except CommitError as exc:
        msg = str(exc).splitlines()[-1].removeprefix("error: ")
        raise RpcFailureError(msg, "commit") from None
    return "<ok/>"


def _kill(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    """``<kill-session>``: end another session, releasing its lock."""
    text = _argument(op, "session-id") or ""
    target = _OPEN.get(int(text)) if text.isdigit() else None
    if target is None or target[0] is session:
        msg = f"invalid session-id {text}"
        raise RpcFailureError(msg, "session-id")
    release(personality, target[0])
    with contextlib.suppress(Exception):
        target[1].close()
    return "<ok/>"


_HANDLERS: dict[str, Callable[[JunosPersonality, Session, etree._Element], str]] = {
    "get": _get,
    "get-config": _get_config,
    "edit-config": _edit_config,
    "lock": _lock_base,
    "unlock": _unlock_base,
    "validate": _validate,
    "discard-changes": _discard,
    "commit": _commit_base,
    "kill-session": _kill,
    "get-software-information": _software,
    "get-route-engine-information": _route_engine,
    "get-chassis-inventory": _inventory,
    "get-system-uptime-information": _uptime,
    "get-interface-information": _interfaces,
    "get-interface-optics-diagnostics-information": _optics,
    "get-lldp-neighbors-information": _lldp,
    "command": _command,
    "lock-configuration": _lock,
    "unlock-configuration": _unlock,
    "open-configuration": _open,
    "close-configuration": _close,
    "load-configuration": _load,
    "get-configuration": _get_configuration,
    "commit-configuration": _commit,
    "get-commit-revision-information": _commit_revision,
    **rpcs.HANDLERS,
}
