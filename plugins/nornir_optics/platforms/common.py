"""What every driver shares: numbers with units, no-light markers, lane states, media types."""

from __future__ import annotations

import functools
import itertools
import math
import re
import string
from typing import TYPE_CHECKING, Literal

from netutils.interface import canonical_interface_name

from nornir_optics.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nornir_optics.facts import LaneReading, LaneState, Levels, Thresholds, Transceiver

NO_LIGHT_DBM = -30.0
"""At or below this a reading means "no light" (modules report -40 dBm or -inf for LOS)."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_UNIT_CHARACTERS = string.ascii_letters + " \t%\u00b0\u00b5"
"""What may follow a number as its unit (``dBm``, `` mA``, ``°C``): cut before ``float()``."""
_MINUS_INF = re.compile(r"-\s*inf(inity)?\s*[a-z]*", re.IGNORECASE)
_MISSING = {"", "n/a", "na", "none", "--", "-", "not supported", "unknown", "no", "null"}


def to_float(text: str | float | None) -> float | None:
    """A number from vendor text: ``'-2.39'``, ``'2.5dBm'``, ``'0.45 mW'``; None for N/A.

    ``-inf``, ``- Inf`` and ``-Inf`` come back as ``-inf`` (no light).

    >>> to_float(" -2.39 dBm"), to_float("7.50mA"), to_float("N/A"), to_float("- Inf")
    (-2.39, 7.5, None, -inf)
    >>> to_float("-infdBm")
    -inf
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = text.strip()
    if "_" not in cleaned:  # the common cases, a number alone or before its unit: no regex
        try:
            number = float(cleaned.rstrip(_UNIT_CHARACTERS))
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    if cleaned.lower() in _MISSING:
        return None
    if _MINUS_INF.fullmatch(cleaned):
        return -math.inf
    match = _NUMBER.search(cleaned)
    return float(match.group()) if match else None


def mw_to_dbm(milliwatts: float | None) -> float | None:
    """Power in dBm from mW; ``-inf`` for 0 mW, None when unknown.

    >>> mw_to_dbm(1.0), mw_to_dbm(0.0)
    (0.0, -inf)
    """
    if milliwatts is None:
        return None
    if milliwatts <= 0:
        return -math.inf
    return round(10 * math.log10(milliwatts), 2)


def is_no_light(dbm: float | None) -> bool:
    """Whether a power reading means no light (-inf, -40 dBm and the like)."""
    return dbm is not None and (math.isinf(dbm) or dbm <= NO_LIGHT_DBM)


def lane_reading(
    lane: int,
    *,
    rx: float | None = None,
    tx: float | None = None,
    bias: float | None = None,
    unused: bool = False,
) -> LaneReading:
    """One lane with its state; no-light readings are dropped, never kept as 0.0 or -40.

    >>> lane_reading(3, rx=-40.0, tx=1.2, bias=7.1)
    {'lane': 3, 'state': 'no_light', 'tx_power_dbm': 1.2, 'tx_bias_ma': 7.1}
    >>> lane_reading(5, unused=True)
    {'lane': 5, 'state': 'unused'}
    """
    if unused:
        return {"lane": lane, "state": "unused"}
    state: LaneState
    if rx is None and tx is None and bias is None:
        state = "not_supported"
    elif is_no_light(rx):
        state = "no_light"
    else:
        state = "ok"
    reading: LaneReading = {"lane": lane, "state": state}
    if rx is not None and not is_no_light(rx):
        reading["rx_power_dbm"] = rx
    if tx is not None and not is_no_light(tx):
        reading["tx_power_dbm"] = tx
    if bias is not None:
        reading["tx_bias_ma"] = bias
    return reading


def canonical(name: str) -> str:
    """The canonical interface name (``Et1/1`` -> ``Ethernet1/1``).

    >>> canonical("Et3/17/1"), canonical("et-0/0/1"), canonical("Eth1/5/2")
    ('Ethernet3/17/1', 'et-0/0/1', 'Ethernet1/5/2')
    """
    return _canonical(name.strip())


@functools.lru_cache(maxsize=1 << 16)
def _canonical(name: str) -> str:
    """Netutils' canonical name, remembered: a fleet repeats the same few thousand names."""
    return canonical_interface_name(name)


def normalize_command(command: str) -> str:
    """A command as typed, without output pipes and with single spaces.

    >>> normalize_command("show interfaces  transceiver | json | no-more")
    'show interfaces transceiver'
    """
    return " ".join(command.split("|", 1)[0].split())


FORM_FACTOR_PREFIX = re.compile(
    r"^(?:(?P<form>Q?SFP(?:\+|28|56|112)?(?:-DD)?|OSFP|CFP\d?|XFP)|QDD)-", flags=re.IGNORECASE
)
"""A module type's form-factor prefix (``QSFP-DD-``, ``CFP2-``, Arista's ``QDD-``); ``form``
names the form factor, and is None for the ``QDD`` abbreviation."""


def media_type_of(raw: str, *, parts: bool = True) -> str | None:
    """The catalogue name a vendor's type string maps to, trying the whole and obvious parts.

    Args:
        raw: a module type as the device prints it (``QSFP-DD-400G-DR4``,
            ``Extended: 100G Base-LR4 or 25GBase-LR``).
        parts: also try each part between ``or``, ``:``, ``,`` and ``;``, and each without
            spaces; without it, only the whole, with and without a form factor it starts
            with (named in full: not ``QDD``).

    Returns:
        The catalogue's optic type name, or None when nothing in the string names one.

    >>> media_type_of("QSFP-DD-400G-DR4"), media_type_of("CFP2-100G-LR4"), media_type_of("1G")
    ('400GBASE-DR4', '100GBASE-LR4', None)
    >>> media_type_of("Extended: 100G Base-LR4 or 25GBase-LR"), media_type_of("10G Base-SR")
    ('100GBASE-LR4', None)
    >>> media_type_of("CFP2-100G-LR4", parts=False), media_type_of("SFP+-10G-LR", parts=False)
    ('100GBASE-LR4', None)
    """
    catalog = load_catalog()
    if not parts:
        text = raw.strip()
        prefix = FORM_FACTOR_PREFIX.match(text)
        candidates = [text, text[prefix.end() :] if prefix and prefix["form"] else text]
    else:
        candidates = []
        for part in [raw, *re.split(r"\s+or\s+|[:,;]", raw)]:
            text = part.strip()
            candidates += [text, text.replace(" ", ""), FORM_FACTOR_PREFIX.sub("", text)]
    for variant in candidates:
        optic = catalog.optic_for_alias(variant) if variant else None
        if optic is not None:
            return optic.name
    return None


def first_media_type(*texts: str | None) -> str | None:
    """The catalogue name the first of these vendor strings (or an obvious part of it) names.

    Args:
        *texts: vendor strings in order of trust (product ID, type words, ...); None and
            empty ones are passed over.

    Returns:
        The optic type name from the first string that names one, whole, by one of its
        words (parenthesised asides left out) or by two neighbouring words; else None.

    >>> first_media_type(None, "QSFP28 100G CWDM4"), first_media_type("", "10G")
    ('100G-CWDM4', None)
    """
    catalog = load_catalog()
    for text in texts:
        if not text:
            continue
        words = re.split(r"[\s,/]+", re.sub(r"\([^)]*\)", " ", text).strip())
        pairs = [f"{a}{sep}{b}" for a, b in itertools.pairwise(words) for sep in "- "]
        for candidate in (text, *words, *pairs):
            optic = catalog.optic_for_alias(candidate) if candidate else None
            if optic is not None:
                return optic.name
    return None


def add_catalogue_lanes(xcvr: Transceiver) -> None:
    """Give a transceiver its type's lane counts; lanes beyond its media lanes become unused.

    Args:
        xcvr: a transceiver, changed in place; left as it is when its ``media_type`` is not in
            the catalogue.

    >>> xcvr = {"port": "et-0/0/0", "present": True, "media_type": "100GBASE-LR4",
    ...         "lanes": [{"lane": 4, "state": "ok"}, {"lane": 5, "state": "ok"}]}
    >>> add_catalogue_lanes(xcvr)
    >>> xcvr["media_lanes"], xcvr["lanes"][1]
    (4, {'lane': 5, 'state': 'unused'})
    """
    optic = load_catalog().optics.get(xcvr.get("media_type", ""))
    if optic is None:
        return
    xcvr["media_lanes"] = optic.lanes
    if optic.host_lanes.value:
        xcvr["host_lanes"] = int(optic.host_lanes.value)
    if optic.lanes and "lanes" in xcvr:
        xcvr["lanes"] = [
            {"lane": lane["lane"], "state": "unused"} if lane["lane"] > optic.lanes else lane
            for lane in xcvr["lanes"]
        ]


def power_dbm(value: str) -> float | None:
    """Power in dBm from a ``mW / dBm`` field: the dBm part, else the mW part converted.

    >>> power_dbm("1.348 mW / 1.30 dBm"), power_dbm("0.0000 mW / - Inf dBm"), power_dbm("1 mW")
    (1.3, -inf, 0.0)
    """
    milliwatts, _, dbm = value.partition("/")
    if dbm.strip():
        return to_float(dbm.replace("dBm", ""))
    return mw_to_dbm(to_float(milliwatts.replace("mW", "")))


Quantity = Literal["temperature_c", "voltage_v", "tx_power_dbm", "rx_power_dbm", "tx_bias_ma"]
Level = Literal["high_alarm", "high_warning", "low_warning", "low_alarm"]

THRESHOLD_OF: dict[str, Quantity] = {
    "module temperature": "temperature_c",
    "module voltage": "voltage_v",
    "laser bias current": "tx_bias_ma",
    "laser output power": "tx_power_dbm",
    "laser tx power": "tx_power_dbm",
    "laser rx power": "rx_power_dbm",
}
"""The quantity a ``<words> high alarm threshold`` line (ethtool, Junos) starts with."""


def set_threshold(thresholds: Thresholds, quantity: Quantity, level: Level, value: float) -> None:
    """Record one threshold level; an infinite value (a module's empty field) is left out.

    >>> thresholds = {}
    >>> set_threshold(thresholds, "rx_power_dbm", "low_alarm", -13.5)
    >>> set_threshold(thresholds, "tx_power_dbm", "low_warning", float("-inf"))
    >>> thresholds
    {'rx_power_dbm': {'low_alarm': -13.5}}
    """
    if not math.isinf(value):
        empty: Levels = {}
        thresholds.setdefault(quantity, empty)[level] = value


def set_number(transceiver: Transceiver, key: str, value: float | None) -> None:
    """Set a numeric field of a transceiver, unless the value is unknown (None).

    >>> xcvr = {"port": "Ethernet1", "present": True}
    >>> set_number(xcvr, "temperature_c", 41.5); set_number(xcvr, "voltage_v", None)
    >>> xcvr
    {'port': 'Ethernet1', 'present': True, 'temperature_c': 41.5}
    """
    if value is not None:
        transceiver[key] = value  # type: ignore[literal-required]


_INVENTORY_NAME = re.compile(
    r'^NAME:\s*"?(?P<name>[^",]*)"?\s*,\s*DESCR:\s*"?(?P<descr>[^"]*)"?\s*$'
)
_INVENTORY_IDS = re.compile(
    r"^PID:\s*(?P<pid>[^,]*?)\s*,\s*VID:\s*(?P<vid>[^,]*?)\s*,\s*SN:\s*(?P<sn>.*?)\s*$"
)
_INTERFACE_NAME = re.compile(r"^[A-Za-z][A-Za-z-]*\d+(?:/\d+)+$")


def inventory_rows(text: str) -> Iterator[tuple[str, str, str, str, str]]:
    r"""The Cisco ``show inventory`` entries named after an interface.

    Args:
        text: ``show inventory`` output (``NAME: ..., DESCR: ...`` then ``PID: ..., VID: ...,
            SN: ...`` per entry).

    Yields:
        ``(port, descr, pid, vid, sn)`` per entry, the port as its canonical interface name.

    >>> list(inventory_rows('NAME: "Hu0/0/0/30", DESCR: "QSFP28"\nPID: Q.1 , VID: 01, SN: F7\n'))
    [('HundredGigabitEthernet0/0/0/30', 'QSFP28', 'Q.1', '01', 'F7')]
    """
    name = descr = ""
    for raw in text.splitlines():
        line = raw.strip()
        named = _INVENTORY_NAME.match(line)
        if named:
            name, descr = named.group("name").strip(), named.group("descr").strip()
            continue
        ids = _INVENTORY_IDS.match(line)
        if not ids or not _INTERFACE_NAME.match(name):
            continue
        yield canonical(name), descr, ids.group("pid"), ids.group("vid"), ids.group("sn")
        name = ""


def vendor_word(
    platform: str, setting: str, value: str, *, lanes: int | None = None, model: str | None = None
) -> str | None:
    """The platform's word for an intent value: FEC, breakout mode or speed (None: default).

    A speed takes the keyword of its host lanes where the platform names them (EOS ``400g-4``);
    a breakout mode the model's word where it has its own (SONiC's platform.json keys).

    >>> vendor_word("arista_eos", "fec", "none")
    'no error-correction encoding'
    >>> vendor_word("juniper_junos", "fec", "rs544") is None
    True
    >>> vendor_word("arista_eos", "speed", "100G", lanes=1)
    'speed 100g-1'
    """
    from nornir_optics.catalog import load_catalog  # noqa: PLC0415 - keeps driver imports light
    from nornir_optics.models import Fec  # noqa: PLC0415

    catalog = load_catalog()
    if setting == "fec":
        return catalog.platforms[platform].fec[Fec(value)].keyword
    kind: Literal["speed", "breakout"] = "breakout" if setting == "breakout" else "speed"
    entry = catalog.keyword(platform, kind, value, lanes=lanes, model=model)
    return entry.keyword if entry else None
