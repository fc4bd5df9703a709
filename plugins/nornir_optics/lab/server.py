"""Run a lab: every device of a scenario served from one asyncio process on 127.0.0.1.

``run(lab_file, out_dir)`` starts the listeners, writes a ready-to-use Nornir inventory into
``out_dir`` (hosts on 127.0.0.1 with their ports, credentials, platform, model and connection
options, plus the lab's intent as ``intent.yaml``), writes ``lab.json`` and ``lab.pid``, prints
``READY`` and serves until SIGTERM or SIGINT. ``sessions.json`` counts the sessions opened on
each device per transport (ssh, netconf, eapi), for tests of how clients use a device.

Progress goes to stdout as it happens (``LOADED <n> devices``, ``LISTENING <done>/<n>``), so
``optics lab up`` can show it and wait as long as a large lab needs.

``procs`` > 1 spreads the devices over that many processes: this one serves worker 0 and
starts the others (``python -m nornir_optics.lab LAB OUT --worker K/N``). Every worker loads
the whole scenario (the physics of a link spans devices) and serves the devices whose index
modulo N is K; all share the credentials. The first writes the inventory, ``lab.json`` (every
worker's pid and control channel) and prints ``READY`` once all listen; SIGTERM to it stops
them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import asyncssh
from ruamel.yaml import YAML

from nornir_optics.lab.admin import Control
from nornir_optics.lab.http import serve_http
from nornir_optics.lab.runtime import USERNAME, LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.lab.ssh import serve_device
from nornir_optics.lab.tls import self_signed, server_context

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from pathlib import Path

    from nornir_optics.lab.http import Request, Response
    from nornir_optics.lab.state import DeviceState

READY = "READY"
PASSWORD_ENV = "OPTICS_LAB_WORKER_PASSWORD"  # noqa: S105 - a variable name
"""How worker 0 hands the lab's password to the other workers (never on a command line)."""
PROGRESS_EVERY = 100
"""Devices between two ``LISTENING`` progress lines."""
API_DRIVERS = frozenset({"eos", "nxos"})
"""NAPALM drivers that talk to a device's HTTPS API (``nxos_ssh``, the inventory's NX-OS
driver, talks SSH: NAPALM ``nxos`` reaches NX-API on the port in lab.json)."""


async def start(
    runtime: LabRuntime, out: Path, names: list[str] | None = None
) -> tuple[list[object], dict[str, dict[str, int]]]:
    """Open the listeners of the devices ``names`` (default: all); returns servers and ports.

    A device with an HTTP API (eAPI) serves it over HTTPS (``https``, the default of its
    clients) and plain HTTP (``http``), as EOS can; the certificate is written into ``out``.
    """
    key = asyncssh.generate_private_key("ssh-ed25519")
    tls = server_context(*self_signed(out))
    servers: list[object] = []
    ports: dict[str, dict[str, int]] = {}
    names = list(runtime.lab.devices) if names is None else names
    for done, name in enumerate(names, start=1):
        device = runtime.lab.devices[name]
        acceptor = await serve_device(runtime, device, key)
        servers.append(acceptor)
        ports[name] = {"ssh": acceptor.sockets[0].getsockname()[1]}
        handler: Callable[[Request], Awaitable[Response]] | None = getattr(
            runtime.personalities[name], "serve_http", None
        )
        if handler is not None:
            handler = _slowed(handler, device)
            https = await serve_http(handler, tls=tls)
            http = await serve_http(handler)
            servers += [https, http]
            ports[name]["https"] = https.sockets[0].getsockname()[1]
            ports[name]["http"] = http.sockets[0].getsockname()[1]
        if done % PROGRESS_EVERY == 0 or done == len(names):
            _say(f"LISTENING {done}/{len(names)}")
    return servers, ports


def _slowed(
    handler: Callable[[Request], Awaitable[Response]], device: DeviceState
) -> Callable[[Request], Awaitable[Response]]:
    """The handler, answering after the device's latency knob (eAPI, NX-API) like its CLI."""

    async def slowed(request: Request) -> Response:
        if device.knobs.latency_ms:
            await asyncio.sleep(device.knobs.latency_ms / 1000)
        return await handler(request)

    return slowed


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write_inventory(runtime: LabRuntime, ports: dict[str, dict[str, int]], out: Path) -> None:
    """A Nornir SimpleInventory for the running lab, and a copy of its intent."""
    out.mkdir(parents=True, exist_ok=True)
    hosts: dict[str, object] = {}
    for name, device in runtime.lab.devices.items():
        names = runtime.lab.catalog.platforms[device.platform]
        napalm = names.napalm
        options: dict[str, object] = {"netmiko": {"platform": names.netmiko}}
        if napalm is not None:
            optional: dict[str, object] = {"port": ports[name]["ssh"]}
            if "https" in ports[name] and napalm in API_DRIVERS:
                optional = {"transport": "https", "port": ports[name]["https"]}
            options["napalm"] = {"platform": napalm, "extras": {"optional_args": optional}}
        hosts[name] = {
            "hostname": "127.0.0.1",
            "port": ports[name]["ssh"],
            "platform": device.platform,
            "data": {"model": device.model.name, "lab": True},
            "connection_options": options,
        }
    # JSON is YAML: one line per host, written in a blink for thousands of hosts
    lines = [f"{json.dumps(name)}: {json.dumps(host)}" for name, host in hosts.items()]
    (out / "hosts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    yaml = YAML()
    yaml.default_flow_style = False
    (out / "defaults.yaml").touch(mode=0o600)
    (out / "defaults.yaml").chmod(0o600)
    with (out / "defaults.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump({"username": USERNAME, "password": runtime.password}, stream)
    (out / "groups.yaml").write_text("lab:\n  data: {lab: true}\n", encoding="utf-8")
    intent = runtime.lab.path.parent / runtime.lab.spec.intent
    (out / "intent.yaml").write_text(intent.read_text(encoding="utf-8"), encoding="utf-8")


async def serve(lab_file: Path, out: Path, *, procs: int = 1, worker: int = 0) -> None:
    """Run the lab (or worker ``worker`` of ``procs``) until SIGTERM/SIGINT."""
    started = time.monotonic()
    password = os.environ.get(PASSWORD_ENV, "") if worker else secrets.token_urlsafe(12)
    children = _start_workers(lab_file, out, procs, password) if worker == 0 else []
    try:
        runtime = LabRuntime(load_lab(lab_file), password=password)
    except BaseException:
        for child in children:
            child.kill()
        raise
    _say(f"LOADED {len(runtime.lab.devices)} devices in {time.monotonic() - started:.1f} s")
    runtime.sessions_file = out / ("sessions.json" if worker == 0 else f"sessions-{worker}.json")
    names = [name for index, name in enumerate(runtime.lab.devices) if index % procs == worker]
    servers, ports = await start(runtime, out / "tls" if worker else out, names)
    control = Control(runtime)
    control_server = await control.serve()
    servers.append(control_server)
    endpoint = {"port": control_server.sockets[0].getsockname()[1], "token": control.token}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if worker:
        _write_worker(out, worker, ports, endpoint)
    else:
        await _publish(runtime, lab_file, out, (ports, endpoint), children, stop)
    flapping = asyncio.create_task(runtime.flap()) if runtime.lab.flapping else None
    if not worker and not stop.is_set():
        ready = time.monotonic() - started
        _say(f"{READY} {len(runtime.lab.devices)} devices in {ready:.1f} s")
    await stop.wait()
    if flapping is not None:
        flapping.cancel()
    await _shutdown(servers, children)
    runtime.flush_sessions()
    if worker == 0:
        with contextlib.suppress(FileNotFoundError):
            (out / "lab.pid").unlink()


async def _publish(  # noqa: PLR0913, PLR0917 - what the first worker gathers before it says READY
    runtime: LabRuntime,
    lab_file: Path,
    out: Path,
    own: tuple[dict[str, dict[str, int]], dict[str, object]],
    children: list[subprocess.Popen[bytes]],
    stop: asyncio.Event,
) -> None:
    """Wait for the other workers, then write the inventory and ``lab.json`` for them all."""
    ports, endpoint = own
    controls = [endpoint]
    pids = [os.getpid()]
    for k, child in enumerate(children, start=1):
        part = await _wait_worker(out, k, child, stop)
        if part is None:
            return
        ports.update(part["ports"])
        controls.append(part["control"])
        pids.append(child.pid)
    ports = {name: ports[name] for name in runtime.lab.devices if name in ports}
    write_inventory(runtime, ports, out)
    _write_pid(out, lab_file, ports, endpoint, controls=controls, pids=pids)


async def _shutdown(servers: list[object], children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            child.terminate()
    for server in servers:
        server.close()  # type: ignore[attr-defined]
    for server in servers:
        with contextlib.suppress(Exception):
            await server.wait_closed()  # type: ignore[attr-defined]
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _start_workers(
    lab_file: Path, out: Path, procs: int, password: str
) -> list[subprocess.Popen[bytes]]:
    for stale in out.glob("worker-*.json"):
        stale.unlink()
    environment = {**os.environ, PASSWORD_ENV: password}
    return [
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "nornir_optics.lab",
                str(lab_file),
                str(out),
                "--worker",
                f"{k}/{procs}",
            ],
            stdin=subprocess.DEVNULL,
            env=environment,
        )
        for k in range(1, procs)
    ]


def _write_worker(
    out: Path, worker: int, ports: dict[str, dict[str, int]], control: dict[str, object]
) -> None:
    path = out / f"worker-{worker}.json"
    partial = path.with_suffix(".tmp")
    partial.touch(mode=0o600)
    partial.write_text(json.dumps({"ports": ports, "control": control}), encoding="utf-8")
    partial.replace(path)


async def _wait_worker(
    out: Path, worker: int, child: subprocess.Popen[bytes], stop: asyncio.Event
) -> dict[str, Any] | None:
    """The ports and control channel a worker wrote; None when it died or the lab stops."""
    path = out / f"worker-{worker}.json"
    while not stop.is_set():
        if path.exists():
            part: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            path.unlink()
            return part
        if child.poll() is not None:
            _say(f"worker {worker} exited with {child.returncode}")
            stop.set()
            return None
        await asyncio.sleep(0.05)
    return None


def _write_pid(  # noqa: PLR0913 - the parts of one file
    out: Path,
    lab_file: Path,
    ports: dict[str, dict[str, int]],
    control: dict[str, object],
    *,
    controls: list[dict[str, object]] | None = None,
    pids: list[int] | None = None,
) -> None:
    info = {
        "pid": os.getpid(),
        "pids": pids or [os.getpid()],
        "lab": str(lab_file.resolve()),
        "ports": ports,
        "control": control,
        "controls": controls or [control],
    }
    path = out / "lab.json"
    path.touch(mode=0o600)
    path.chmod(0o600)  # the control token is in it
    path.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    (out / "lab.pid").write_text(f"{os.getpid()}\n", encoding="utf-8")


def run(lab_file: Path, out: Path, *, procs: int = 1, worker: int = 0) -> None:
    """Blocking entry point (``optics lab run``, ``python -m nornir_optics.lab``)."""
    asyncio.run(serve(lab_file, out, procs=procs, worker=worker))
