"""SSH for every simulated device: an interactive CLI, exec requests and the netconf subsystem."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import asyncssh

from nornir_optics.lab.personality import Personality, Session

GARBAGE = (
    "\x1b[?1h\x1b=kernel: eth-sw0 pcie err 0x7f3a  uncorrectable  0000:3b:00.0\n"
    "@@@@ 0x00 0x00 0xff 0x13 ~~~~ ^^^^ |||| ____ ####\n"
    "qz 91 -- ?? ?? ?? 7f ff 00 12 \t\t\t xx\n"
)

if TYPE_CHECKING:
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import DeviceState


class _Server(asyncssh.SSHServer):
    """Password authentication against the lab's credentials."""

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        self.runtime = runtime
        self.device = device

    def begin_auth(self, username: str) -> bool:
        del username
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self.runtime.check_login(username, password, self.device)


async def serve_device(
    runtime: LabRuntime, device: DeviceState, host_key: asyncssh.SSHKey, port: int = 0
) -> asyncssh.SSHAcceptor:
    """Listen on 127.0.0.1 for one device; port 0 picks a free port."""

    async def handle(process: asyncssh.SSHServerProcess[str]) -> None:
        await _run(runtime, device, process)

    return await asyncssh.create_server(
        lambda: _Server(runtime, device),
        "127.0.0.1",
        port,
        server_host_keys=[host_key],
        process_factory=handle,
        encoding="utf-8",
        line_editor=True,
        reuse_address=True,
    )


async def _run(
    runtime: LabRuntime, device: DeviceState, process: asyncssh.SSHServerProcess[str]
) -> None:
    personality = runtime.personalities[device.name]
    subsystem = process.subsystem
    try:
        if subsystem == "netconf":
            runtime.count_session(device.name, "netconf")
            serve = getattr(personality, "serve_netconf", None)
            if serve is None:
                process.exit(1)
                return
            await serve(process)
            return
        runtime.count_session(device.name, "ssh")
        session = Session(device=device, user=str(process.get_extra_info("username") or ""))
        if process.command:
            process.stdout.write(personality.handle(session, process.command))
            process.exit(0)
            return
        await _interactive(personality, session, process)
    except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, BrokenPipeError, ConnectionError):
        pass
    except asyncssh.DisconnectError:
        return
    finally:
        if not process.is_closing():
            process.exit(0)


async def _interactive(
    personality: Personality, session: Session, process: asyncssh.SSHServerProcess[str]
) -> None:
    banner = personality.banner(session)
    if banner:
        process.stdout.write(banner)
    process.stdout.write(personality.prompt(session))
    knobs = session.device.knobs
    while not session.closed:
        try:
            line = await process.stdin.readline()
        except (asyncssh.TerminalSizeChanged, asyncssh.BreakReceived):
            continue
        if not line:
            break
        if knobs.latency_ms:
            await asyncio.sleep(knobs.latency_ms / 1000)
        output = personality.handle(session, line.rstrip("\r\n"))
        if knobs.garbage and line.lstrip().startswith(("show", "sh ")):
            output = GARBAGE
        if knobs.drop_after_commands and session.commands >= knobs.drop_after_commands:
            process.channel.get_connection().abort()
            return
        if output:
            process.stdout.write(output if output.endswith("\n") else output + "\n")
        if session.closed:
            break
        process.stdout.write(personality.prompt(session))
