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
    from pathlib import Path


class LabError(OpticsError):
    """The lab could not be started or stopped."""


def up(lab_file: Path, out: Path, *, timeout: float = 30.0) -> dict[str, object]:
    """Start the lab as a separate process; return once every device accepts connections."""
    out.mkdir(parents=True, exist_ok=True)
    pid_file = out / "lab.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text().strip() or 0)):
        running = pid_file.read_text().strip()
        msg = f"a lab is already running from {out} (pid {running}); run `optics lab down {out}`"
        raise LabError(msg)
    (out / "lab.json").unlink(missing_ok=True)
    log = (out / "lab.log").open("w", encoding="utf-8")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "nornir_optics.lab", str(lab_file), str(out)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            msg = (
                f"the lab exited at start: {(out / 'lab.log').read_text(encoding='utf-8').strip()}"
            )
            raise LabError(msg)
        if "READY" in (out / "lab.log").read_text(encoding="utf-8"):
            return dict(json.loads((out / "lab.json").read_text(encoding="utf-8")))
        time.sleep(0.05)
    process.terminate()
    msg = f"the lab did not come up within {timeout:g} s (log: {out / 'lab.log'})"
    raise LabError(msg)


def down(out: Path, *, timeout: float = 10.0) -> bool:
    """Stop the lab started into ``out``; False when none was running."""
    pid_file = out / "lab.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().strip() or 0)
    if not _alive(pid):
        pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
    pid_file.unlink(missing_ok=True)
    return True


def command(out: Path, path: str, body: dict[str, object], *, timeout: float = 30.0) -> Any:  # noqa: ANN401 - JSON
    """Send one request to the control channel of the lab running from ``out``."""
    try:
        info = json.loads((out / "lab.json").read_text(encoding="utf-8"))
        endpoint = info["control"]
    except (OSError, ValueError, KeyError):
        msg = (
            f"no running lab with a control channel in {out} (run `optics lab up ... --out {out}`)"
        )
        raise LabError(msg) from None
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
