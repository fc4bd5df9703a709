"""A running lab: the scenario, one personality per device, and the change hook physics runs on."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nornir_optics.lab.physics import recompute
from nornir_optics.lab.vendors import personality_class

if TYPE_CHECKING:
    from pathlib import Path

    from nornir_optics.lab.personality import Personality
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState

USERNAME = "admin"
SESSIONS_AT_ONCE = 200
"""Up to this many devices, ``sessions.json`` is rewritten on every new session."""
SESSIONS_EVERY_S = 0.5
"""In a larger lab, the longest ``sessions.json`` lags behind the sessions."""


@dataclass
class LabRuntime:
    """A lab being served: its devices' personalities, credentials and counters."""

    lab: Lab
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    personalities: dict[str, Personality] = field(default_factory=dict)
    sessions: dict[str, dict[str, int]] = field(default_factory=dict)
    sessions_file: Path | None = None
    _flush_pending: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        """Compute the initial physics and bind a personality to every device."""
        recompute(self.lab)
        for name, device in self.lab.devices.items():
            self.personalities[name] = personality_class(device.platform)(self, device)

    async def flap(self, down_s: float = 1.0) -> None:
        """Run the flapping-link faults: each port's link drops for ``down_s`` every period."""
        import asyncio  # noqa: PLC0415

        async def one(port: tuple[str, str], period: float) -> None:
            while True:
                await asyncio.sleep(max(period - down_s, 0.1))
                self.lab.down_now.add(port)
                self.changed()
                now = time.time()
                went_down = []
                for state in self.lab.devices.values():
                    for name, oper in state.oper.items():
                        if oper.reason == "link flap":
                            state.flaps[name] = state.flaps.get(name, 0) + 1
                            state.flapped_at[name] = now
                            went_down.append((state, name))
                await asyncio.sleep(down_s)
                self.lab.down_now.discard(port)
                self.changed()
                now = time.time()
                for state, name in went_down:
                    state.flapped_at[name] = now

        await asyncio.gather(*(one(port, period) for port, period in self.lab.flapping.items()))

    def changed(self) -> None:
        """Config changed somewhere: recompute light, link state and LLDP everywhere."""
        recompute(self.lab)

    def device(self, name: str) -> DeviceState:
        """A device by inventory name."""
        return self.lab.devices[name]

    def count_session(self, device: str, transport: str) -> None:
        """Count one session opened on a device over a transport (ssh, netconf, eapi).

        ``sessions_file`` is rewritten at once in a small lab; in one of more than
        :data:`SESSIONS_AT_ONCE` devices at most every :data:`SESSIONS_EVERY_S` (rewriting a
        file that names every device on every login costs a large lab more than its logins).
        """
        per_device = self.sessions.setdefault(device, {})
        per_device[transport] = per_device.get(transport, 0) + 1
        if self.sessions_file is None:
            return
        if len(self.lab.devices) <= SESSIONS_AT_ONCE:
            self.flush_sessions()
        elif not self._flush_pending:
            import asyncio  # noqa: PLC0415

            self._flush_pending = True
            asyncio.get_running_loop().call_later(SESSIONS_EVERY_S, self.flush_sessions)

    def flush_sessions(self) -> None:
        """Write the session counts to ``sessions_file`` now."""
        self._flush_pending = False
        if self.sessions_file is not None and self.sessions:
            text = json.dumps(self.sessions, indent=1) + "\n"
            self.sessions_file.write_text(text, encoding="utf-8")

    def check_login(self, username: str, password: str, device: DeviceState) -> bool:
        """Whether these credentials open a session (the login-failure knob refuses all)."""
        if device.knobs.login_fails:
            return False
        return secrets.compare_digest(username, USERNAME) and secrets.compare_digest(
            password, self.password
        )
