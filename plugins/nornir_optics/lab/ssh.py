r"""SSH for every simulated device: an interactive CLI, exec requests and the netconf subsystem.

The interactive CLI reads its input the way a switch's CLI does, not the way a Unix tty does:
a character is echoed when the CLI reads it, so what a client types while a command is still
running (Netmiko sends a second Return when a reply is slow) is echoed after that command's
output and prompt, never ahead of them. asyncssh's line editor echoes on arrival; with it, the
echo of a typed-ahead Return went out before the pending output, and the prompt answering that
Return landed on the same line as the previous one (``spine2# spine2#``): Netmiko then takes
the stray prompt for the end of the next command's output (an empty or shifted output) or waits
for a prompt that has already gone by, until it times out. So the lab keeps its own
small line reader: Return (``\r``, ``\n`` or ``\r\n``), Backspace, Ctrl-U, Ctrl-C (the
line is abandoned: ``^C`` and a new prompt), Tab (completion from the command tree), ``?``
(the completions of the current mode) and arrow keys (ignored).
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

import asyncssh

from nornir_optics.lab.personality import Personality, Session

GARBAGE = (
    "\x1b[?1h\x1b=kernel: eth-sw0 pcie err 0x7f3a  uncorrectable  0000:3b:00.0\n"
    "@@@@ 0x00 0x00 0xff 0x13 ~~~~ ^^^^ |||| ____ ####\n"
    "qz 91 -- ?? ?? ?? 7f ff 00 12 \t\t\t xx\n"
)
CTRL_C = "\x03"
CTRL_U = "\x15"
BACKSPACE = ("\x7f", "\x08")
ESCAPE = "\x1b"
BELL = "\x07"
_BARE_NEWLINE = re.compile(r"(?<!\r)\n")

if TYPE_CHECKING:
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import DeviceState, Knobs


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
        line_editor=False,
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


class LineReader:
    """Reads command lines from a channel, echoing each character when it is read.

    Input that arrives while the CLI is busy waits, unechoed, in ``pending`` until the next
    :meth:`readline`, as on a switch. Without a pseudo-terminal nothing is echoed.
    """

    def __init__(
        self,
        personality: Personality,
        session: Session,
        process: asyncssh.SSHServerProcess[str],
    ) -> None:
        """Read for one session of a personality."""
        self.personality = personality
        self.session = session
        self.process = process
        self.echo = process.get_terminal_type() is not None
        self.pending = ""
        self.after_cr = False
        self.escape = ""

    def write(self, text: str) -> None:
        """Write to the client; on a terminal every newline is a CR LF."""
        if self.echo:
            text = _BARE_NEWLINE.sub("\r\n", text)
        self.process.stdout.write(text)

    async def _next(self) -> str | None:
        while not self.pending:
            try:
                data = await self.process.stdin.read(4096)
            except (asyncssh.TerminalSizeChanged, asyncssh.BreakReceived):
                continue
            if not data:
                return None
            self.pending += data
        char, self.pending = self.pending[0], self.pending[1:]
        return char

    async def readline(self) -> str | None:
        """The next line typed (without its Return), or None at end of input."""
        line = ""
        while True:
            char = await self._next()
            if char is None:
                return line or None
            if self.escape or char == ESCAPE:
                self._skip_escape(char)
                continue
            if char == "\n" and self.after_cr:
                self.after_cr = False
                continue
            self.after_cr = char == "\r"
            if char in "\r\n":
                self._echo("\r\n")
                return line
            line = self._key(char, line)

    def _key(self, char: str, line: str) -> str:  # noqa: PLR0911 - one return per key
        """Apply one key other than Return to the line being typed."""
        personality, session = self.personality, self.session
        if char == CTRL_C:
            self._echo("^C\n")
            self.write(personality.prompt(session))
            return ""
        if char in BACKSPACE:
            if line:
                self._echo("\b \b")
            return line[:-1]
        if char == CTRL_U:
            self._echo("\b \b" * len(line))
            return ""
        if char == "\t":
            completed = personality.complete(session, line)
            if completed is None:
                self._echo(BELL)
                return line
            self._echo(completed[len(line) :])
            return completed
        if char == "?" and personality.help_key and not _quoted(line):
            self._echo("?\n")
            self.write(personality.help_text(session, line))
            self.write(personality.prompt(session))
            self._echo(line)
            return line
        if char.isprintable():
            self._echo(char)
            return line + char
        return line

    def _skip_escape(self, char: str) -> None:
        """Swallow an escape sequence (arrow keys and the like): ESC [ ... final letter."""
        self.escape += char
        if len(self.escape) > 1 and (char.isalpha() or char == "~") and self.escape != "\x1bO":
            self.escape = ""

    def _echo(self, text: str) -> None:
        if self.echo and not self.session.context.get("enable_password"):  # a secret: no echo
            self.write(text)


def _quoted(line: str) -> bool:
    return line.count('"') % 2 == 1


async def _interactive(
    personality: Personality, session: Session, process: asyncssh.SSHServerProcess[str]
) -> None:
    session.context["tty"] = True
    reader = LineReader(personality, session, process)
    banner = personality.banner(session)
    if banner:
        reader.write(banner)
    reader.write(personality.prompt(session))
    knobs = session.device.knobs
    shifted = ""  # the held-back output of the shifted knob
    while not session.closed:
        line = await reader.readline()
        if line is None:
            break
        if knobs.latency_ms:
            await asyncio.sleep(knobs.latency_ms / 1000)
        output, shifted = _faulty(knobs, line, personality.handle(session, line), shifted)
        if knobs.drop_after_commands and session.commands >= knobs.drop_after_commands:
            process.channel.get_connection().abort()
            return
        if output:
            output = output if output.endswith("\n") else output + "\n"
            if knobs.hang_s and line.lstrip().startswith(("show", "sh ")):
                await _hang(reader, output, knobs.hang_s)
            else:
                reader.write(output)
        if session.closed:
            break
        reader.write(personality.prompt(session))


def _faulty(knobs: Knobs, line: str, output: str, shifted: str) -> tuple[str, str]:
    """The output a faulty CLI prints for a show command, and the output it holds back."""
    if not line.lstrip().startswith(("show", "sh ")):
        return output, shifted
    if knobs.garbage:
        output = GARBAGE
    if knobs.shifted:
        return shifted, output
    return output, shifted


async def _hang(reader: LineReader, output: str, seconds: float) -> None:
    """Print half of an output, stall (a wedged CLI process), then print the rest."""
    lines = output.splitlines(keepends=True)
    half = max(len(lines) // 2, 1)
    reader.write("".join(lines[:half]))
    await asyncio.sleep(seconds)
    reader.write("".join(lines[half:]))
