"""A small HTTP/1.1 server on the lab's event loop, for JSON-RPC APIs (eAPI, NX-API).

Plain HTTP or HTTPS (a TLS context from :mod:`nornir_optics.lab.tls`); one request per
connection; ``HEAD`` answers the headers a ``GET`` would, without the body.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

MAX_BODY = 4 * 1024 * 1024


@dataclass
class Request:
    """One HTTP request."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def basic_auth(self) -> tuple[str, str] | None:
        """User and password of an ``Authorization: Basic`` header."""
        value = self.headers.get("authorization", "")
        if not value.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(value[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user, password

    def json(self) -> object:
        """The body parsed as JSON."""
        return json.loads(self.body or b"null")


@dataclass
class Response:
    """One HTTP response."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_json(cls, data: object, status: int = 200) -> Response:
        """A JSON response."""
        return cls(status=status, body=json.dumps(data).encode())


Handler = Callable[[Request], Awaitable[Response]]
REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
}


async def serve_http(
    handler: Handler, port: int = 0, tls: ssl.SSLContext | None = None
) -> asyncio.Server:
    """Listen on 127.0.0.1 (HTTPS with ``tls``); answer each request with ``handler``."""

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read(reader)
            response = (
                await handler(request) if request else Response(400, b"bad request", "text/plain")
            )
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, ssl.SSLError):
            request, response = None, Response(400, b"bad request", "text/plain")
        head = (
            f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Error')}\r\n"
            f"Content-Type: {response.content_type}\r\nContent-Length: {len(response.body)}\r\n"
            "Connection: close\r\n"
        )
        if response.status == 401:  # noqa: PLR2004
            head += 'WWW-Authenticate: Basic realm="lab"\r\n'
        head += "".join(f"{name}: {value}\r\n" for name, value in response.headers.items())
        body = b"" if request is not None and request.method == "HEAD" else response.body
        try:
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
        except (ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(connection, "127.0.0.1", port, reuse_address=True, ssl=tls)


async def _read(reader: asyncio.StreamReader) -> Request | None:
    line = (await reader.readline()).decode("latin-1").strip()
    if not line:
        return None
    method, path, _ = [*line.split(" ", 2), "", ""][:3]
    headers: dict[str, str] = {}
    while True:
        header = (await reader.readline()).decode("latin-1")
        if header in {"\r\n", "\n", ""}:
            break
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length > MAX_BODY:
        raise ValueError(length)
    body = await reader.readexactly(length) if length else b""
    return Request(method=method, path=path, headers=headers, body=body)
