"""The lab's control channel: advance lab time, and swap, remove or insert modules at run time.

The server opens it on 127.0.0.1 (HTTP, one JSON request per connection) and writes its port
and a random token into ``lab.json`` (mode 0600); clients (``optics lab advance``, ``optics
lab set``) talk to it, never to the lab's memory. Every change recomputes the physics.

* ``POST /advance`` ``{"days": 3}`` -> ``{"days": 3.0, "clock": "2026-..."}``
* ``POST /set`` ``{"port": "leaf1:Ethernet3/1", "module": "none" | "<optic type>",
  "serial": ..., "vendor": ..., ...}`` -> the module now in the port
"""

from __future__ import annotations

import secrets
import time
import zlib
from typing import TYPE_CHECKING, Any

from nornir_optics.lab.http import Request, Response, serve_http
from nornir_optics.lab.scenario import MODULE_ATTRIBUTES, make_module

if TYPE_CHECKING:
    import asyncio

    from nornir_optics.lab.runtime import LabRuntime

DAY_S = 86400.0


class Control:
    """The control channel of one running lab."""

    def __init__(self, runtime: LabRuntime) -> None:
        """Bind to a runtime; the token is new for every lab."""
        self.runtime = runtime
        self.token = secrets.token_urlsafe(16)
        self.started = time.time()

    def clock(self) -> float:
        """Lab time: the wall clock at start plus the days advanced (it does not run alone)."""
        return self.started + self.runtime.lab.days * DAY_S

    async def serve(self) -> asyncio.Server:
        """Listen on a free port of 127.0.0.1."""
        return await serve_http(self.handle)

    async def handle(self, request: Request) -> Response:  # noqa: PLR0911 - one per answer
        """Answer one request."""
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Response.of_json({"error": "bad token"}, 401)
        if request.method != "POST":
            return Response.of_json({"error": "POST only"}, 405)
        try:
            body = request.json()
            if not isinstance(body, dict):
                return Response.of_json({"error": "the body must be a JSON object"}, 400)
            if request.path == "/advance":
                return Response.of_json(self.advance(float(body["days"])))
            if request.path == "/set":
                return Response.of_json(self.set(body))
        except (KeyError, TypeError, ValueError) as exc:
            return Response.of_json({"error": str(exc) or type(exc).__name__}, 400)
        return Response.of_json({"error": f"no such endpoint {request.path}"}, 404)

    def advance(self, days: float) -> dict[str, Any]:
        """Move lab time forward; fades deepen and readings wobble anew."""
        if days < 0:
            msg = "lab time only moves forward"
            raise ValueError(msg)
        self.runtime.lab.days += days
        self.runtime.changed()
        return {"days": self.runtime.lab.days, "clock": self.clock()}

    def set(self, change: dict[str, Any]) -> dict[str, Any]:
        """Remove (``module: none``), insert (``module: <type>``) or alter a port's module."""
        lab = self.runtime.lab
        device, _, port = str(change["port"]).partition(":")
        state = lab.devices.get(device)
        if state is None or port not in state.modules:
            msg = f"{change['port']}: no such lab device and cage"
            raise ValueError(msg)
        kind = change.get("module")
        if kind == "none":
            state.modules[port] = None
        elif kind is not None:
            optic = lab.catalog.optic(str(kind))
            if optic is None:
                msg = f"unknown optic type {kind!r}"
                raise ValueError(msg)
            fresh = make_module(lab, device, port, optic, state.platform)
            lab.inserted += 1
            seed = zlib.crc32(f"{lab.spec.seed}:{device}:{port}:insert{lab.inserted}".encode())
            fresh.serial = f"{fresh.vendor[:2].upper()}{seed % 10**9:09d}"
            state.modules[port] = fresh
        module = state.modules.get(port)
        others = {key: change[key] for key in MODULE_ATTRIBUTES if key in change}
        if others and module is None:
            msg = f"{change['port']} holds no module to change"
            raise ValueError(msg)
        for key, value in others.items():
            setattr(module, key, float(value) if key.endswith(("_c", "_v")) else str(value))
        self.runtime.changed()
        if module is None:
            return {"port": change["port"], "module": None}
        return {
            "port": change["port"],
            "module": module.optic,
            "serial": module.serial,
            "vendor": module.vendor,
            "part_number": module.part_number,
        }
