"""``optics exporter``: serve ``/metrics`` for the last recorded run, or gather on scrape."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nornir_optics.history import DEFAULT_DB, HistoryError, open_store
from nornir_optics.metrics import exposition

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Source:
    """Where the exposition comes from; one build at a time, shared by concurrent scrapes."""

    def __init__(
        self,
        *,
        db: str,
        inventory: Path | None = None,
        min_interval: float = 60.0,
    ) -> None:
        """From the store's newest run, or (with ``inventory``) a gather.

        A live gather runs at most every ``min_interval`` seconds; scrapes between reuse it.
        """
        self.db = db
        self.inventory = inventory
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._text = ""
        self._key: object = None
        self._built = 0.0

    def text(self) -> str:
        """The current exposition; scrapes that arrive during a build wait for it."""
        with self._lock:
            if self.inventory is not None:
                if not self._text or time.monotonic() - self._built >= self.min_interval:
                    self._text = self._gather()
                    self._built = time.monotonic()
                return self._text
            with open_store(self.db) as store:
                latest = store.latest()
                if latest is None:
                    return "# no run recorded yet\n"
                if latest.id != self._key:
                    snapshot = store.snapshot(latest.id)
                    self._text = exposition(
                        snapshot.fleet,
                        snapshot.findings,
                        at=latest.started_at,
                        gather_seconds=latest.gather_seconds,
                    )
                    self._key = latest.id
            return self._text

    def _gather(self) -> str:
        from nornir_optics.collect import collect, init_nornir
        from nornir_optics.fabric import load_fabric
        from nornir_optics.history.job import audit_and_record

        assert self.inventory is not None  # noqa: S101 - only called in live mode
        fabric = load_fabric(self.inventory)
        started, at = time.monotonic(), time.time()
        fleet = collect(init_nornir(self.inventory), show_progress=False)
        gathered = time.monotonic() - started
        local = not self.db.startswith("postgres")
        store = open_store(self.db) if not local or Path(self.db).exists() else None
        try:
            report, _ = audit_and_record(fabric, fleet, store, at=at, record=False)
        finally:
            if store is not None:
                store.close()
        return exposition(fleet, report.findings, at=at, gather_seconds=gathered)


def make_server(source: Source, host: str, port: int) -> ThreadingHTTPServer:
    """A threading HTTP server answering ``/metrics`` from ``source``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/metrics":
                self.send_error(404, "only /metrics")
                return
            try:
                body = source.text().encode()
                status = 200
            except HistoryError as exc:
                body, status = f"# {exc}\n".encode(), 503
            self.send_response(status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            del format, args

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def exporter_command(
    listen: Annotated[
        str, typer.Option("--listen", help="HOST:PORT to serve /metrics on.")
    ] = "127.0.0.1:9469",
    db: Annotated[
        str, typer.Option("--db", help="History store (SQLite file or URL).")
    ] = DEFAULT_DB,
    live: Annotated[
        bool, typer.Option("--live", help="Gather on scrape instead of serving the last run.")
    ] = False,
    inventory: Annotated[
        Path, typer.Option("--inventory", "-i", help="Inventory folder (with --live).")
    ] = Path("inventory"),
    min_interval: Annotated[
        float, typer.Option("--min-interval", help="With --live: seconds between two gathers.")
    ] = 60.0,
) -> None:
    """Serve Prometheus metrics: the newest recorded run, or (--live) a gather per scrape."""
    host, _, port = listen.rpartition(":")
    source = Source(db=db, inventory=inventory if live else None, min_interval=min_interval)
    server = make_server(source, host or "127.0.0.1", int(port))
    Console(highlight=False).print(f"serving /metrics on http://{listen} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
