"""NX-API as a Nexus serves it, and the management-plane show commands NAPALM reads.

``POST /ins`` with Basic authentication takes the two request forms of NX-API CLI:

* JSON-RPC 2.0 (``content-type: application/json-rpc``, what NAPALM ``nxos`` sends): a list of
  ``{"jsonrpc": "2.0", "method": "cli" | "cli_ascii", "params": {"cmd": ..., "version": 1},
  "id": n}``. ``cli`` answers ``{"result": {"body": <JSON model>}}``, ``cli_ascii``
  ``{"result": {"msg": <text>}}``, a config command ``{"result": null}``; a rejected command
  ``{"error": {"code": -32602, "message": "Invalid params", "data": {"msg": <CLI error>}}}``
  and a show command without a JSON model code -32603 "Structured output unsupported". One
  request is one session (config mode carries from line to line) and stops at the first error;
  a single call is answered with an object, several with a list.
* The ``ins_api`` JSON form (``type`` ``cli_show``, ``cli_show_ascii`` or ``cli_conf``, commands
  separated by `` ;``): ``outputs.output`` per command with ``code``/``msg``/``body``, errors as
  code 400 "Input CLI command error" with ``clierror`` (501 for structured output unsupported).

The forms and codes follow Cisco's NX-API CLI documentation (Nexus 9000 programmability guide)
and what napalm's ``nxapi_plumbing`` parses. The show commands added here (``show environment``,
``show ip arp``, ``show ntp peers`` ...) answer ``| json`` on the SSH CLI too, from
:mod:`nornir_optics.lab.vendors.cisco_nxos.mgmt`.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any, ClassVar

from nornir_optics.lab.http import Response
from nornir_optics.lab.personality import CommandError, Session, apply_pipes, split_pipes
from nornir_optics.lab.vendors.cisco_nxos import mgmt as plane
from nornir_optics.lab.vendors.cisco_nxos import render
from nornir_optics.lab.vendors.cisco_nxos.cli import NxosPersonality

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.lab.http import Request
    from nornir_optics.lab.state import ConfigSnapshot

UNSUPPORTED = "% Structured output unsupported"
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SANDBOX = (
    b"<!DOCTYPE html><html><head><title>NX-API Developer Sandbox</title></head>"
    b"<body><h1>NX-API</h1><p>POST JSON-RPC or ins_api requests to /ins.</p></body></html>\n"
)
VRF_WORDS = 2


def _dump(data: dict[str, Any] | None) -> str:
    return json.dumps(data) + "\n" if data is not None else ""


class NxosApiPersonality(NxosPersonality):
    """A Nexus 9000: its CLI (:class:`NxosPersonality`), the management plane and NX-API."""

    api_transport: ClassVar[str] = "nxapi"

    # ------------------------------------------------------------------ commands

    def register(self) -> None:
        """The management-plane show commands, ahead of the CLI's (the first match wins)."""
        self.add("show interface counters detailed", self._counters, rest=True)
        self.add("show interface counters", self._counters, rest=True)
        self.add("show environment", self._environment, rest=True)
        self.add("show system resources", self._system_resources)
        self.add("show processes cpu", self._processes_cpu, rest=True)
        self.add("show processes memory shared", self._memory_shared)
        self.add("show ip interface", self._ip_interface, rest=True)
        self.add("show ipv6 interface", self._ipv6_interface, rest=True)
        self.add("show ip arp", self._arp, rest=True)
        self.add("show ntp peers", self._ntp_peers)
        self.add("show ntp peer-status", self._ntp_peer_status)
        self.add("show vrf", self._vrf, rest=True)
        self.add("show vlan", self._vlan, rest=True)
        self.add("show mac address-table", self._mac_table, rest=True)
        super().register()

    def _both(self, session: Session, text: Callable[[], str], data: Callable[[], Any]) -> str:
        """The JSON model under ``| json``, else the text."""
        return _dump(data()) if self._json(session) else text()

    def _vrf_of(self, session: Session, command: str, arguments: list[str], default: str) -> str:
        """The VRF named by ``vrf <name>`` (``all`` included), else ``default``."""
        if not arguments:
            return default
        if len(arguments) == VRF_WORDS and arguments[0].lower() == "vrf":
            return arguments[1]
        at = len(command.split()) - len(arguments)
        raise CommandError(
            self._caret(session, command, at, "% Invalid parameter detected at '^' marker.")
        )

    def _counters(self, session: Session, arguments: list[str]) -> str:
        del arguments
        names = render.interfaces_in_order(self.device)
        return self._both(
            session,
            lambda: plane.counters_text(self.device, names),
            lambda: plane.counters_detailed(self.device, names),
        )

    def _environment(self, session: Session, arguments: list[str]) -> str:
        if arguments and "temperature".startswith(arguments[0].lower()):
            if self._json(session):
                return _dump({"TABLE_tempinfo": plane.environment(self.device)["TABLE_tempinfo"]})
            return plane.environment_temperature_text(self.device)
        if arguments:
            command = "show environment " + " ".join(arguments)
            raise CommandError(self._caret(session, command, 2, "% Invalid command at '^' marker."))
        return self._both(
            session,
            lambda: plane.environment_text(self.device),
            lambda: plane.environment(self.device),
        )

    def _system_resources(self, session: Session, arguments: list[str]) -> str:
        del arguments
        self._text_only(session)
        return plane.system_resources_text(self.device)

    def _processes_cpu(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if not self._json(session):
            user, kernel, idle = (
                plane.processes_cpu(self.device)[key]
                for key in ("user_percent", "kernel_percent", "idle_percent")
            )
            return f"CPU util  :   {user}% user,   {kernel}% kernel,   {idle}% idle\n"
        return _dump(plane.processes_cpu(self.device))

    def _memory_shared(self, session: Session, arguments: list[str]) -> str:
        del arguments
        data = plane.processes_memory_shared(self.device)
        if self._json(session):
            return _dump(data)
        totals = data["TABLE_process_tag"]["ROW_process_tag"]
        return "Shared memory totals - Size: {} MB, Used: {} MB, Available: {} MB\n".format(
            totals["process-memory-share-total-shm-size"] // 1024,
            totals["process-memory-share-total-shm-used"] // 1024,
            totals["process-memory-share-total-shm-avail"] // 1024,
        )

    def _ip_interface(self, session: Session, arguments: list[str]) -> str:
        vrf = self._vrf_of(
            session, "show ip interface " + " ".join(arguments), arguments, "default"
        )
        lab = self.runtime.lab
        return self._both(
            session,
            lambda: plane.ip_interface_text(lab, self.device, vrf),
            lambda: plane.ip_interface(lab, self.device, vrf),
        )

    def _ipv6_interface(self, session: Session, arguments: list[str]) -> str:
        vrf = self._vrf_of(
            session, "show ipv6 interface " + " ".join(arguments), arguments, "default"
        )
        return self._both(session, lambda: plane.ipv6_interface_text(vrf), lambda: None)

    def _arp(self, session: Session, arguments: list[str]) -> str:
        words = [word for word in arguments if word.lower() != "detail"]
        vrf = self._vrf_of(session, "show ip arp " + " ".join(arguments), words, "default")
        return self._both(session, lambda: plane.arp_text(vrf), lambda: plane.arp(vrf))

    def _ntp_peers(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return self._both(session, plane.ntp_peers_text, plane.ntp_peers)

    def _ntp_peer_status(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return self._both(session, plane.ntp_peer_status_text, plane.ntp_peer_status)

    def _vrf(self, session: Session, arguments: list[str]) -> str:
        word = arguments[0].lower() if arguments else ""
        if word and "interface".startswith(word):
            return self._both(session, plane.vrf_text, lambda: plane.vrf_interface(self.device))
        if not word or "detail".startswith(word):
            return self._both(session, plane.vrf_text, plane.vrf_detail)
        command = "show vrf " + " ".join(arguments)
        raise CommandError(
            self._caret(session, command, 2, "% Invalid parameter detected at '^' marker.")
        )

    def _vlan(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return self._both(session, plane.vlan_brief_text, plane.vlan_brief)

    def _mac_table(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return self._both(session, plane.mac_address_table_text, lambda: None)

    def _interface_views(
        self, session: Session, names: list[str], *, mgmt: bool
    ) -> dict[str, Callable[[], str]]:
        """``show interface [X]`` answers ``| json`` too."""
        views = super()._interface_views(session, names, mgmt=mgmt)
        if self._json(session):
            lab = self.runtime.lab
            views[""] = lambda: _dump(plane.show_interface(lab, self.device, names, mgmt=mgmt))
        return views

    def _config_text(self, snapshot: ConfigSnapshot | None = None, only: str | None = None) -> str:
        text = super()._config_text(snapshot, only)
        return plane.with_management(self.runtime.lab, self.device, text) if only is None else text

    # ------------------------------------------------------------------ NX-API

    async def serve_http(self, request: Request) -> Response:  # noqa: PLR0911
        """NX-API CLI on ``POST /ins``: JSON-RPC or ``ins_api`` JSON, Basic authentication."""
        path = request.path.split("?", 1)[0].rstrip("/")
        if path in {"", "/"} and request.method in {"GET", "HEAD"}:
            return Response(200, SANDBOX, "text/html; charset=UTF-8")
        if path != "/ins":
            return Response(404, b"not found", "text/plain")
        if request.method != "POST":
            return Response(405, b"method not allowed", "text/plain", {"Allow": "POST"})
        credentials = request.basic_auth()
        if credentials is None or not self.runtime.check_login(*credentials, self.device):
            return Response(401, b"Unauthorized", "text/plain")
        self.runtime.count_session(self.device.name, self.api_transport)
        if self.device.knobs.latency_ms:
            await asyncio.sleep(self.device.knobs.latency_ms / 1000)
        try:
            body = request.json()
        except ValueError:
            error = {"code": -32700, "message": "Parse error"}
            return Response.of_json({"jsonrpc": "2.0", "error": error, "id": None})
        session = Session(device=self.device, user=credentials[0])
        if isinstance(body, dict) and isinstance(body.get("ins_api"), dict):
            return self._ins_api(session, body["ins_api"])
        calls = body if isinstance(body, list) else [body]
        replies = self.json_rpc(session, calls)
        return Response.of_json(replies[0] if len(replies) == 1 else replies)

    def json_rpc(self, session: Session, calls: list[Any]) -> list[dict[str, Any]]:
        """Answer a JSON-RPC batch in one session; the first failing call ends it."""
        replies: list[dict[str, Any]] = []
        for call in calls:
            params = call.get("params") if isinstance(call, dict) else None
            ident = call.get("id") if isinstance(call, dict) else None
            method = call.get("method") if isinstance(call, dict) else None
            reply: dict[str, Any] = {"jsonrpc": "2.0"}
            if method not in {"cli", "cli_ascii"} or not isinstance(params, dict):
                reply["error"] = {"code": -32601, "message": "Method not found"}
                replies.append({**reply, "id": ident})
                break
            try:
                reply["result"] = self._run(session, str(params.get("cmd", "")), method == "cli")
            except CommandError as exc:
                text = str(exc).strip("\n")
                code, message = (
                    (INTERNAL_ERROR, "Internal error")
                    if text == UNSUPPORTED
                    else (INVALID_PARAMS, "Invalid params")
                )
                reply["error"] = {"code": code, "message": message, "data": {"msg": text + "\n"}}
                replies.append({**reply, "id": ident})
                break
            replies.append({**reply, "id": ident})
        return replies

    def _ins_api(self, session: Session, request: dict[str, Any]) -> Response:
        kind = str(request.get("type", "cli_show"))
        commands = [c.strip() for c in str(request.get("input", "")).split(" ;") if c.strip()]
        outputs: list[dict[str, Any]] = []
        for command in commands:
            try:
                result = self._run(session, command, structured=kind == "cli_show")
            except CommandError as exc:
                text = str(exc).strip("\n")
                if text == UNSUPPORTED:
                    outputs.append(
                        {"input": command, "code": "501", "msg": "Structured output unsupported"}
                    )
                else:
                    outputs.append(
                        {
                            "input": command,
                            "code": "400",
                            "msg": "Input CLI command error",
                            "clierror": text + "\n",
                        }
                    )
                break
            output: dict[str, Any] = {"input": command, "msg": "Success", "code": "200"}
            if result is not None:
                output["body"] = result.get("body", result.get("msg", ""))
            else:
                output["body"] = {}
            outputs.append(output)
        reply = {
            "ins_api": {
                "type": kind,
                "version": str(request.get("version", "1.0")),
                "sid": "eoc",
                "outputs": {"output": outputs[0] if len(outputs) == 1 else outputs},
            }
        }
        return Response.of_json(reply)

    def _run(self, session: Session, line: str, structured: bool) -> dict[str, Any] | None:
        """One command of an NX-API request: its body (JSON), text (msg), or None (config)."""
        session.commands += 1
        command, pipes = split_pipes(line)
        tokens = command.split()
        if not tokens:
            return None
        exec_command = self._exec_command(tokens)
        if not exec_command and session.mode == "exec":
            session.modes = ["exec", "config"]
        if structured and exec_command:
            output = self.dispatch(session, command, [*pipes, "json"])
            try:
                return {"body": json.loads(output)} if output.strip() else None
            except ValueError:
                if tokens[0].lower().startswith("sh"):
                    raise CommandError(UNSUPPORTED) from None
                return {"msg": output}
        output = apply_pipes(self.dispatch(session, command, pipes), pipes)
        if not exec_command and not output:
            return None
        return {"msg": output}

    def _exec_command(self, tokens: list[str]) -> bool:
        """Whether a line is an exec command (else NX-API runs it in config mode)."""
        candidates = [c for c in self.commands if not c.modes or "exec" in c.modes]
        return any(c.match(tokens, candidates) is not None for c in candidates)
