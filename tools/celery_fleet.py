"""Start and stop the Celery shard engine on this machine: ``make celery-up`` / ``-down``.

Everything lives under ``.celery/`` of the project (or ``$OPTICS_CELERY_DIR``):

* ``redis.*``: a ``redis-server`` (Debian's package) on a free port of 127.0.0.1, the broker
  and result backend, its data folder here and nothing saved to disk;
* ``worker<N>.log``: the workers (``celery -A nornir_optics.shards.app worker -Q optics``,
  one process each; ``--workers N``, default 2), each in its own process group;
* ``run.json``: the broker URL, ports and process ids (``optics audit --engine celery`` reads
  the broker from it when ``OPTICS_CELERY_BROKER`` is not set).

The workers inherit this process's environment (credentials such as ``OPTICS_PASSWORD`` reach
them that way, never through the broker). ``up`` exits 0 when the broker answers and every
worker is ready, 3 with one line saying why it cannot be (the tests skip with that line);
``down`` stops the workers (warm shutdown, then SIGKILL) and the broker.
Standard library only; run it with the project's ``.venv/bin/python`` (Celery is found there).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("OPTICS_CELERY_DIR", ROOT / ".celery")).resolve()
CANNOT = 3
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


class CannotStartError(Exception):
    """The engine cannot be started here; the message says why."""


def _log(text: str) -> None:
    sys.stderr.write(f"celery: {text}\n")
    sys.stderr.flush()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_bin() -> str:
    for folder in [*os.environ.get("PATH", "").split(os.pathsep), "/usr/bin", "/usr/sbin"]:
        candidate = Path(folder) / "redis-server"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    msg = "redis-server is not installed (make redis installs Debian's redis-server package)"
    raise CannotStartError(msg)


def _celery_bin() -> str:
    candidate = Path(sys.executable).parent / "celery"
    if not candidate.is_file():
        msg = f"celery is not installed beside {sys.executable} (pip install -e '.[celery]')"
        raise CannotStartError(msg)
    return str(candidate)


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _start_redis(port: int) -> int:
    pidfile = HOME / "redis.pid"
    proc = subprocess.run(  # noqa: S603
        [
            _redis_bin(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(HOME / "redis.log"),
            "--dir",
            str(HOME),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        msg = f"redis-server failed (exit {proc.returncode}): {proc.stderr.strip()[:200]}"
        raise CannotStartError(msg)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not _ping(port):
        if time.monotonic() > deadline:
            msg = f"redis-server did not answer on 127.0.0.1:{port} (see {HOME / 'redis.log'})"
            raise CannotStartError(msg)
        time.sleep(0.05)
    return int(pidfile.read_text(encoding="utf-8").strip())


def _start_worker(index: int, broker: str, queues: str) -> dict[str, object]:
    log = HOME / f"worker{index}.log"
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "OPTICS_CELERY_BROKER": broker, "PYTHONUNBUFFERED": "1"}
    with (HOME / f"worker{index}.out").open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603
            [
                _celery_bin(),
                "-A",
                "nornir_optics.shards.app",
                "worker",
                "-Q",
                queues,
                "-n",
                f"optics{index}@%h",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "--logfile",
                str(log),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
    return {"name": f"optics{index}", "pid": proc.pid, "log": str(log)}


def _wait_ready(workers: list[dict[str, object]]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    for worker in workers:
        log = Path(str(worker["log"]))
        while " ready." not in log.read_text(encoding="utf-8", errors="replace"):
            pid = int(str(worker["pid"]))
            if time.monotonic() > deadline or not _alive(pid):
                out = log.with_suffix(".out").read_text(encoding="utf-8", errors="replace")
                said = " | ".join(out.strip().splitlines()[-2:])[:300] or "no output"
                msg = f"worker {worker['name']} did not get ready: {said}"
                raise CannotStartError(msg)
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        waited = 0
    if waited:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def up(workers: int = 2, queues: str = "optics") -> dict[str, object]:
    """Start the broker and the workers; returns what run.json holds."""
    HOME.mkdir(parents=True, exist_ok=True)
    down(quiet=True)
    started = time.monotonic()
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    info: dict[str, object] = {"broker": broker, "redis_port": port, "queues": queues}
    info["redis_pid"] = _start_redis(port)
    _write_run(info)
    info["workers"] = [_start_worker(index, broker, queues) for index in range(1, workers + 1)]
    _write_run(info)
    _wait_ready(info["workers"])  # type: ignore[arg-type]
    info["seconds"] = round(time.monotonic() - started, 1)
    _write_run(info)
    return info


def _write_run(info: dict[str, object]) -> None:
    path = HOME / "run.json"
    path.touch(mode=0o600)
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _stop_groups(pids: list[int]) -> None:
    """Warm shutdown of every worker at once (SIGTERM), SIGKILL for any still there."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def down(*, quiet: bool = False) -> bool:
    """Stop what ``up`` started; True when something was running."""
    path = HOME / "run.json"
    stopped = False
    if path.is_file():
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
        pids = [int(worker["pid"]) for worker in info.get("workers", [])]
        _stop_groups(pids)
        stopped = bool(pids)
        path.unlink()
    pidfile = HOME / "redis.pid"
    if pidfile.is_file():
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            pid = int(pidfile.read_text(encoding="utf-8").strip())
            os.kill(pid, signal.SIGTERM)
            stopped = True
            # gone before a new one starts: a server that exits removes its pidfile
            deadline = time.monotonic() + STOP_TIMEOUT_S
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
        pidfile.unlink(missing_ok=True)
    if stopped and not quiet:
        _log("stopped")
    return stopped


def main(argv: list[str]) -> int:
    """``up [--workers N] [--queues Q]`` or ``down``."""
    parser = argparse.ArgumentParser(prog="celery_fleet.py")
    parser.add_argument("command", choices=["up", "down"])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--queues", default="optics", help="queues they consume (-Q)")
    args = parser.parse_args(argv[1:])
    if args.command == "down":
        down()
        return 0
    try:
        info = up(args.workers, args.queues)
    except CannotStartError as exc:
        down(quiet=True)
        sys.stderr.write(f"celery: cannot start: {exc}\n")
        return CANNOT
    _log(
        f"broker {info['broker']}, {args.workers} worker(s) on {args.queues} "
        f"in {info['seconds']} s ({HOME / 'run.json'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
