"""Start a lab in the background and stop it again, by its pid file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from nornir_optics.exceptions import OpticsError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


class LabError(OpticsError):
    """The lab could not be started or stopped."""


BASE_TIMEOUT_S = 30.0
PER_DEVICE_S = 0.05
"""``up`` waits ``BASE_TIMEOUT_S`` plus this much per device of the lab (1,000: 80 s)."""
STALL_S = 60.0
"""Without a timeout given, ``up`` also waits while the lab still reports progress, up to
this long between two progress lines."""


def up(
    lab_file: Path,
    out: Path,
    *,
    timeout: float | None = None,
    procs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, object]:
    """Start the lab as a separate process; return once every device accepts connections.

    ``timeout`` None: :data:`BASE_TIMEOUT_S` plus :data:`PER_DEVICE_S` per device, counted
    once the lab has said how many devices it has (``LOADED``). ``progress(stage, done,
    total)`` hears each progress line (``loading``, ``listening``). ``procs``: worker
    processes (see :mod:`nornir_optics.lab.server`).
    """
    out.mkdir(parents=True, exist_ok=True)
    pid_file = out / "lab.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text().strip() or 0)):
        running = pid_file.read_text().strip()
        msg = f"a lab is already running from {out} (pid {running}); run `optics lab down {out}`"
        raise LabError(msg)
    (out / "lab.json").unlink(missing_ok=True)
    log = (out / "lab.log").open("w", encoding="utf-8")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "nornir_optics.lab", str(lab_file), str(out), "--procs", str(procs)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return _wait_ready(process, out, timeout, procs, progress)
    except LabError:
        process.terminate()
        raise


def _quiet(stage: str, done: int, total: int) -> None:
    del stage, done, total


def _wait_ready(
    process: subprocess.Popen[bytes],
    out: Path,
    timeout: float | None,
    procs: int,
    progress: Callable[[str, int, int], None] | None,
) -> dict[str, object]:
    """Follow the lab's log until READY; report progress; a timeout or an exit is LabError."""
    log_path = out / "lab.log"
    started = time.monotonic()
    deadline = started + (timeout if timeout is not None else BASE_TIMEOUT_S)
    last_progress, seen, total = started, 0, 0
    report = progress or _quiet
    report("loading", 0, 0)
    while time.monotonic() < deadline or (
        timeout is None and seen and time.monotonic() - last_progress < STALL_S
    ):
        if process.poll() is not None:
            msg = f"the lab exited at start: {log_path.read_text(encoding='utf-8').strip()}"
            raise LabError(msg)
        lines = log_path.read_text(encoding="utf-8").splitlines()
        for line in lines[seen:]:
            word, _, rest = line.partition(" ")
            if word == "READY":
                return dict(json.loads((out / "lab.json").read_text(encoding="utf-8")))
            last_progress = time.monotonic()
            if word == "LOADED":
                total = int(rest.split()[0])
                if timeout is None:
                    deadline = started + BASE_TIMEOUT_S + PER_DEVICE_S * total
                report("listening", 0, total)
            elif word == "LISTENING":
                done, _, of = rest.partition("/")
                report("listening", min(int(done) * procs, total), total or int(of) * procs)
        seen = len(lines)
        time.sleep(0.05)
    msg = f"the lab did not come up within {time.monotonic() - started:.0f} s (log: {log_path})"
    raise LabError(msg)


def down(out: Path, *, timeout: float = 10.0) -> bool:
    """Stop the lab started into ``out`` (every worker process); False when none was running."""
    pid_file = out / "lab.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().strip() or 0)
    pids = [pid]
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        info = json.loads((out / "lab.json").read_text(encoding="utf-8"))
        pids += [int(other) for other in info.get("pids", []) if int(other) != pid]
    if not _alive(pid):
        pid_file.unlink(missing_ok=True)
        _kill(pids[1:])
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(other) for other in pids):
        time.sleep(0.05)
    _kill(pids)
    pid_file.unlink(missing_ok=True)
    return True


def _kill(pids: list[int]) -> None:
    """SIGKILL whichever of the lab's processes is still there (the first's workers too)."""
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    if any(_alive(pid) for pid in pids):
        time.sleep(0.1)


def command(out: Path, path: str, body: dict[str, object], *, timeout: float = 30.0) -> Any:  # noqa: ANN401 - JSON
    """Send one request to the control channel of the lab running from ``out``.

    A lab of several worker processes gets it on every worker's channel (each holds the whole
    scenario, so all apply the same change); the first worker's answer is returned.
    """
    try:
        info = json.loads((out / "lab.json").read_text(encoding="utf-8"))
        endpoints = info.get("controls") or [info["control"]]
    except (OSError, ValueError, KeyError):
        msg = (
            f"no running lab with a control channel in {out} (run `optics lab up ... --out {out}`)"
        )
        raise LabError(msg) from None
    answers = [_request(out, endpoint, path, body, timeout) for endpoint in endpoints]
    return answers[0]


def _request(
    out: Path, endpoint: dict[str, Any], path: str, body: dict[str, object], timeout: float
) -> Any:  # noqa: ANN401 - JSON
    request = urllib.request.Request(
        f"http://127.0.0.1:{int(endpoint['port'])}{path}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {endpoint['token']}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = json.loads(exc.read() or b"{}").get("error", exc.reason)
        msg = f"the lab refused {path}: {detail}"
        raise LabError(msg) from None
    except (urllib.error.URLError, OSError) as exc:
        msg = f"the lab of {out} does not answer on its control channel: {exc}"
        raise LabError(msg) from None


def advance(out: Path, days: float) -> dict[str, Any]:
    """Advance the lab's time by ``days``; returns the lab's days and clock (epoch seconds)."""
    return dict(command(out, "/advance", {"days": days}))


def set_module(out: Path, port: str, changes: dict[str, str]) -> dict[str, Any]:
    """Swap, remove or insert the module of a lab port (``module=none|<type>``, ``serial=``)."""
    return dict(command(out, "/set", {"port": port, **changes}))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(ChildProcessError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    return True
