"""NAPALM as the gather's second transport, a NAPALM-style getter, and NAPALM's optics shape.

* :func:`cli_outputs` sends a platform's gather commands through an open NAPALM driver's
  ``cli()`` (EOS over eAPI, Junos over NETCONF, NX-OS over NX-API or SSH) and returns the
  output each parser expects: a ``| json`` command on EOS goes as eAPI ``format: json`` and
  comes back as JSON text; a ``| display xml`` command on Junos goes as the NETCONF
  ``<command format="xml">`` RPC and comes back as the reply's XML (namespaces stripped by
  PyEZ, which the Junos parser reads by local name); everything else is sent as typed, in text.
* :func:`get_optics_detail` is a getter over an open driver: our :class:`DeviceFacts`, the
  same as a Netmiko gather of that device gives.
* :func:`to_napalm_optics` turns facts into NAPALM's ``get_optics`` shape (one channel per
  reported lane), for tools that already consume that.

SONiC has no NAPALM core driver: the transport refuses it (:class:`UnsupportedTransportError`,
naming the platforms it supports) rather than fall back to SSH behind the user's back.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from nornir_optics.catalog import load_catalog
from nornir_optics.exceptions import UnsupportedPlatformError
from nornir_optics.facts import FACTS
from nornir_optics.platforms import PLATFORMS, get_platform
from nornir_optics.platforms.common import drop_impossible

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts, LaneReading
    from nornir_optics.platforms.base import Platform

TRANSPORTS = ("netmiko", "napalm")
"""The gather's transports: one SSH session (Netmiko), or the host's NAPALM driver."""
TRANSPORT_KEY = "optics_transport"
"""The host data key (inherited from groups and defaults) that picks a host's transport."""
STRUCTURED_FORMS: dict[str, tuple[str, str]] = {
    "eos": ("| json", "json"),
    "junos": ("| display xml", "xml"),
}
"""Per NAPALM driver: the pipe whose output the driver's ``cli()`` gives natively, and the
``encoding`` that asks for it (the pipe itself is then not sent)."""


class UnsupportedTransportError(UnsupportedPlatformError):
    """A host's platform (or the transport asked for) cannot be gathered over that transport."""


def napalm_platforms() -> list[str]:
    """The gathered platforms that have a NAPALM core driver (catalogue ``napalm`` name)."""
    catalog = load_catalog().platforms
    return [name for name in PLATFORMS if name in catalog and catalog[name].napalm]


def check_transport(transport: str, platform: str | None) -> None:
    """Raise :class:`UnsupportedTransportError` when a platform cannot use a transport.

    >>> check_transport("napalm", "arista_eos")
    >>> try:
    ...     check_transport("napalm", "sonic")
    ... except UnsupportedTransportError as exc:
    ...     print(exc)  # doctest: +ELLIPSIS
    sonic has no NAPALM core driver: the napalm transport supports arista_eos, ...; ...
    """
    if transport not in TRANSPORTS:
        msg = f"no gather transport {transport!r}; known: {', '.join(TRANSPORTS)}"
        raise UnsupportedTransportError(msg)
    if transport == "napalm" and platform not in napalm_platforms():
        msg = (
            f"{platform} has no NAPALM core driver: the napalm transport supports "
            f"{', '.join(napalm_platforms())}; gather it with the netmiko transport"
        )
        raise UnsupportedTransportError(msg)


def cli_form(driver: str, command: str) -> tuple[str, str]:
    """What to hand a NAPALM driver's ``cli()`` for a gather command: (command, encoding).

    >>> cli_form("eos", "show inventory | json")
    ('show inventory', 'json')
    >>> cli_form("junos", "show interfaces | display xml")
    ('show interfaces', 'xml')
    >>> cli_form("nxos", "show interface status | json")
    ('show interface status | json', 'text')
    """
    pipe, encoding = STRUCTURED_FORMS.get(driver, ("", "text"))
    if pipe and command.rstrip().endswith(pipe):
        return command.rstrip().removesuffix(pipe).rstrip(), encoding
    return command, "text"


def cli_outputs(device: Any, commands: tuple[str, ...]) -> dict[str, str]:  # noqa: ANN401 - a NAPALM driver
    """Each gather command's output, as text, over an open NAPALM driver's ``cli()``."""
    driver = str(getattr(device, "platform", ""))
    outputs: dict[str, str] = {}
    for command in commands:
        sent, encoding = cli_form(driver, command)
        answer = device.cli([sent], encoding=encoding)
        value = answer.get(sent, next(iter(answer.values()), ""))
        outputs[command] = value if isinstance(value, str) else json.dumps(value)
    return outputs


def gather_commands(platform: Platform) -> tuple[str, ...]:
    """Every command a full gather sends, in order, each once (privileged ones last)."""
    return tuple(
        dict.fromkeys(
            (
                *platform.MODULE_COMMANDS,
                *platform.DOM_COMMANDS,
                *platform.PORT_COMMANDS,
                *platform.PRIVILEGED_PORT_COMMANDS,
            )
        )
    )


def get_optics_detail(device: Any) -> DeviceFacts:  # noqa: ANN401 - a NAPALM driver
    """A NAPALM-style getter: the device's transceivers and ports as :class:`DeviceFacts`.

    ``device`` is an open NAPALM driver (``eos``, ``junos``, ``nxos``, ``nxos_ssh``); the
    commands are the platform's gather, so the facts equal an ``optics_gather``'s.
    """
    platform = get_platform(str(getattr(device, "platform", "")))
    check_transport("napalm", platform.PLATFORM)
    merged = platform.facts_from_outputs(cli_outputs(device, gather_commands(platform)))
    drop_impossible(merged)
    return FACTS.validate_python(merged)


def _state(value: float) -> dict[str, float]:
    """One NAPALM ``OpticsStateDict``: the reading as ``instant``, 0.0 elsewhere.

    No platform's CLI reports ``avg``, ``min`` or ``max``; NAPALM's drivers put 0.0 there.
    """
    return {"instant": float(value), "avg": 0.0, "min": 0.0, "max": 0.0}


def _channel(lane: LaneReading, no_light: float) -> dict[str, Any]:
    return {
        "index": lane["lane"] - 1,
        "state": {
            "input_power": _state(lane.get("rx_power_dbm", no_light)),
            "output_power": _state(lane.get("tx_power_dbm", no_light)),
            "laser_bias_current": _state(lane.get("tx_bias_ma", 0.0)),
        },
    }


def to_napalm_optics(facts: DeviceFacts, *, no_light: float = -math.inf) -> dict[str, Any]:
    """Facts in NAPALM's ``get_optics`` shape: per cage, one channel per lane with a reading.

    Lane N is channel index N-1 (NAPALM's drivers count from 0). Lanes that are ``unused``
    or ``not_supported`` are left out; a lane with no light has ``input_power.instant``
    ``no_light`` (-inf dBm by default; NAPALM's own drivers would say 0.0, which is a
    reading of 1 mW), as has a Tx power the module does not report. Lost on the way:
    thresholds, temperature, voltage, identity, the lane states and each port's state.
    """
    optics: dict[str, Any] = {}
    for name, xcvr in facts.get("transceivers", {}).items():
        channels = [
            _channel(lane, no_light)
            for lane in xcvr.get("lanes", [])
            if lane["state"] in {"ok", "no_light"}
        ]
        if xcvr.get("present") and channels:
            optics[name] = {"physical_channels": {"channel": channels}}
    return optics
