"""Run a lab: every device of a scenario served from one asyncio process on 127.0.0.1.

``run(lab_file, out_dir)`` starts the listeners, writes a ready-to-use Nornir inventory into
``out_dir`` (hosts on 127.0.0.1 with their ports, credentials, platform, model and connection
options, plus the lab's intent as ``intent.yaml``), writes ``lab.json`` and ``lab.pid``, prints
``READY`` and serves until SIGTERM or SIGINT. ``sessions.json`` counts the sessions opened on
each device per transport (ssh, netconf, eapi), for tests of how clients use a device.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from typing import TYPE_CHECKING

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

READY = "READY"
API_DRIVERS = frozenset({"eos", "nxos"})
"""NAPALM drivers that talk to a device's HTTPS API (``nxos_ssh``, the inventory's NX-OS
driver, talks SSH: NAPALM ``nxos`` reaches NX-API on the port in lab.json)."""


async def start(runtime: LabRuntime, out: Path) -> tuple[list[object], dict[str, dict[str, int]]]:
    """Open every device's listeners; returns the servers and each device's ports.

    A device with an HTTP API (eAPI) serves it over HTTPS (``https``, the default of its
    clients) and plain HTTP (``http``), as EOS can; the certificate is written into ``out``.
    """
    key = asyncssh.generate_private_key("ssh-ed25519")
    tls = server_context(*self_signed(out))
    servers: list[object] = []
    ports: dict[str, dict[str, int]] = {}
    for name, device in runtime.lab.devices.items():
        acceptor = await serve_device(runtime, device, key)
        servers.append(acceptor)
        ports[name] = {"ssh": acceptor.sockets[0].getsockname()[1]}
        handler: Callable[[Request], Awaitable[Response]] | None = getattr(
            runtime.personalities[name], "serve_http", None
        )
        if handler is not None:
            https = await serve_http(handler, tls=tls)
            http = await serve_http(handler)
            servers += [https, http]
            ports[name]["https"] = https.sockets[0].getsockname()[1]
            ports[name]["http"] = http.sockets[0].getsockname()[1]
    return servers, ports


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
    yaml = YAML()
    yaml.default_flow_style = False
    with (out / "hosts.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump(hosts, stream)
    with (out / "defaults.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump({"username": USERNAME, "password": runtime.password}, stream)
    (out / "defaults.yaml").chmod(0o600)
    (out / "groups.yaml").write_text("lab:\n  data: {lab: true}\n", encoding="utf-8")
    intent = runtime.lab.path.parent / runtime.lab.spec.intent
    (out / "intent.yaml").write_text(intent.read_text(encoding="utf-8"), encoding="utf-8")


async def serve(lab_file: Path, out: Path) -> None:
    """Run the lab until SIGTERM/SIGINT."""
    runtime = LabRuntime(load_lab(lab_file))
    runtime.sessions_file = out / "sessions.json"
    servers, ports = await start(runtime, out)
    control = Control(runtime)
    control_server = await control.serve()
    servers.append(control_server)
    write_inventory(runtime, ports, out)
    endpoint = {"port": control_server.sockets[0].getsockname()[1], "token": control.token}
    _write_pid(out, lab_file, ports, endpoint)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    flapping = asyncio.create_task(runtime.flap()) if runtime.lab.flapping else None
    sys.stdout.write(f"{READY} {len(runtime.lab.devices)} devices\n")
    sys.stdout.flush()
    await stop.wait()
    if flapping is not None:
        flapping.cancel()
    for server in servers:
        server.close()  # type: ignore[attr-defined]
    for server in servers:
        with contextlib.suppress(Exception):
            await server.wait_closed()  # type: ignore[attr-defined]
    with contextlib.suppress(FileNotFoundError):
        (out / "lab.pid").unlink()


def _write_pid(
    out: Path, lab_file: Path, ports: dict[str, dict[str, int]], control: dict[str, object]
) -> None:
    info = {"pid": os.getpid(), "lab": str(lab_file.resolve()), "ports": ports, "control": control}
    path = out / "lab.json"
    path.touch(mode=0o600)
    path.chmod(0o600)  # the control token is in it
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    (out / "lab.pid").write_text(f"{os.getpid()}\n", encoding="utf-8")


def run(lab_file: Path, out: Path) -> None:
    """Blocking entry point (``optics lab run``, ``python -m nornir_optics.lab``)."""
    asyncio.run(serve(lab_file, out))
