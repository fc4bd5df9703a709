"""What every driver shares: numbers with units, no-light markers, lane states, media types."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from typing import TYPE_CHECKING, Any, Literal, cast

from netutils.interface import canonical_interface_name

from nornir_optics.catalog import load_catalog
from nornir_optics.exceptions import OpticsError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from nornir.core.task import Task

    from nornir_optics.facts import (
        DeviceFacts,
        LaneReading,
        LaneState,
        Levels,
        Thresholds,
        Transceiver,
    )

NO_LIGHT_DBM = -40.0
"""At or below this a reading means "no light": a module's power word is 16 bits of 0.1 uW, so
its smallest non-zero reading is -40 dBm, and modules report -40 dBm or -inf for LOS. A lower
reading that a platform clamps at a floor of its own (EOS prints -30.00 dBm) passes that floor
to :func:`lane_reading`; any other low reading (-31.5 dBm) is a value."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_MINUS_INF = re.compile(r"-\s*inf(inity)?\s*[a-z]*", re.IGNORECASE)
_MISSING = {"", "n/a", "na", "none", "--", "-", "not supported", "unknown", "no", "null"}
_MINUS_SIGNS = str.maketrans(dict.fromkeys("\u2212\u2012\u2013\u2014\ufe63\uff0d", "-"))
"""Unicode minus signs and dashes a copied output can carry in place of ASCII ``-``."""
_HEX = re.compile(r"(?<![\w.])[-+]?0[xX][0-9a-fA-F]")
_MINUS_INF = re.compile(r"-\s*inf(?:inity)?\s*[a-z]*", flags=re.IGNORECASE)
_GLUED = re.compile(r"[\w.]")
_GLUED_AFTER = frozenset("0123456789.")
"""A number followed by more digits or a dot (``1.2.3``) is no number."""


def to_float(text: str | float | None, quantity: str | None = None) -> float | None:
    r"""A number from vendor text: ``'-2.39'``, ``'2.5dBm'``, ``'0.45 mW'``; None for N/A.

    The one conversion every parser's numbers go through. ``-inf``, ``- Inf`` and ``-Inf`` come
    back as ``-inf`` (no light). Refused (None: the field is dropped, never a wrong value):
    hex (``0x1F``), non-finite or overflowing values (``+inf``, ``nan``, ``1e400``), a number
    glued to more digits or letters than a unit, and, with ``quantity`` (a key of
    ``data/limits.yaml``: ``temperature_c``, ``rx_power_dbm``, ...), a value outside the
    quantity's physical range (``-inf`` stays for a power: no light; a power below the range
    is no light too). Unicode minus signs count as ``-``; ``-0.0`` is ``0.0``.

    >>> to_float(" -2.39 dBm"), to_float("7.50mA"), to_float("N/A"), to_float("- Inf")
    (-2.39, 7.5, None, -inf)
    >>> to_float("-infdBm"), to_float("\u22122.5"), to_float("0x1F"), to_float("1e400")
    (-inf, -2.5, None, None)
    >>> to_float("65535", "temperature_c"), to_float("80", "rx_power_dbm"), to_float("-0.0")
    (None, None, 0.0)
    >>> to_float("-inf", "temperature_c"), to_float("-inf", "rx_power_dbm")
    (None, -inf)
    """
    if text is None or isinstance(text, bool):
        return None
    value = float(text) if isinstance(text, int | float) else _number_in(text)
    return None if value is None else _plausible(value, quantity)


def _number_in(text: str) -> float | None:
    """The one number a vendor's text holds (``-inf`` for no light), None if it holds none."""
    cleaned = text.translate(_MINUS_SIGNS).strip()
    if "_" not in cleaned:  # the common case, a number alone: no regex
        try:
            number = float(cleaned)
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    if cleaned.lower() in _MISSING or _HEX.search(cleaned):
        return None
    if _MINUS_INF.fullmatch(cleaned):
        return -math.inf
    match = _NUMBER.search(cleaned)
    glued = match is not None and (
        _GLUED.match(cleaned[match.start() - 1 : match.start()]) is not None
        or cleaned[match.end() : match.end() + 1] in _GLUED_AFTER
    )
    if match is None or glued:
        return None
    return float(match.group())  # a decimal string too large for a float gives inf, refused


_POWERS = frozenset({"rx_power_dbm", "tx_power_dbm"})


def _plausible(value: float, quantity: str | None) -> float | None:
    """The value, normalised, if it can be a reading of the quantity at all."""
    if math.isnan(value) or value == math.inf:
        return None
    if value == -math.inf:
        return value if quantity is None or quantity in _POWERS else None
    if value == 0:
        value = 0.0  # -0.0 -> 0.0
    if quantity is None:
        return value
    limit = load_catalog().limit(quantity)
    if quantity in _POWERS and value < limit.min:
        return -math.inf
    return value if limit.min <= value <= limit.max else None


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


def is_no_light(dbm: float | None, floor: float = NO_LIGHT_DBM) -> bool:
    """Whether a power reading means no light: -inf, or at or below the floor (-40 dBm).

    >>> is_no_light(-40.0), is_no_light(-31.55), is_no_light(-30.0, floor=-30.0)
    (True, False, True)
    """
    return dbm is not None and (math.isinf(dbm) or dbm <= floor)


def lane_reading(  # noqa: PLR0913 - one keyword per reading and flag
    lane: int,
    *,
    rx: float | None = None,
    tx: float | None = None,
    bias: float | None = None,
    unused: bool = False,
    los: bool = False,
    floor: float = NO_LIGHT_DBM,
) -> LaneReading:
    """One lane with its state; no-light readings are dropped, never kept as 0.0 or -40.

    Args:
        lane: the lane number, from 1.
        rx: Rx power in dBm (-inf: no light).
        tx: Tx power in dBm.
        bias: Tx bias in mA.
        unused: the lane carries no signal by design.
        los: the output flags loss of signal on the lane (the state is ``no_light`` whatever
            the Rx reading; a real reading is kept).
        floor: the platform's no-light floor (EOS clamps at -30 dBm); a lower reading is a
            value only above it.

    >>> lane_reading(3, rx=-40.0, tx=1.2, bias=7.1)
    {'lane': 3, 'state': 'no_light', 'tx_power_dbm': 1.2, 'tx_bias_ma': 7.1}
    >>> lane_reading(1, rx=-31.55, tx=-2.0)
    {'lane': 1, 'state': 'ok', 'rx_power_dbm': -31.55, 'tx_power_dbm': -2.0}
    >>> lane_reading(1, tx=-14.95, bias=0.0, los=True)
    {'lane': 1, 'state': 'no_light', 'tx_power_dbm': -14.95, 'tx_bias_ma': 0.0}
    >>> lane_reading(5, unused=True)
    {'lane': 5, 'state': 'unused'}
    """
    if unused:
        return {"lane": lane, "state": "unused"}
    rx, tx = _plausible_or_none(rx, "rx_power_dbm"), _plausible_or_none(tx, "tx_power_dbm")
    bias = _plausible_or_none(bias, "tx_bias_ma")
    state: LaneState
    if rx is None and tx is None and bias is None and not los:
        state = "not_supported"
    elif los or is_no_light(rx, floor):
        state = "no_light"
    else:
        state = "ok"
    reading: LaneReading = {"lane": lane, "state": state}
    if rx is not None and not is_no_light(rx, floor):
        reading["rx_power_dbm"] = rx
    if tx is not None and not is_no_light(tx, floor):
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
    checked = _plausible_or_none(value, quantity)
    if checked is not None and not math.isinf(checked):
        empty: Levels = {}
        thresholds.setdefault(quantity, empty)[level] = checked


def drop_module_placeholders(transceiver: Transceiver) -> None:
    """Drop the 0.0 V, 0.0 C and 0.0 mA a module without DOM prints in place of readings.

    A module that answers has a supply, so 0.0 V is never a reading; 0.0 C is a placeholder
    next to it (or with no voltage printed); on such a module (passive copper, AOC ends),
    lanes that print nothing but 0.0 mA and no light are ``not_supported``. A real low reading
    (-31.5 dBm, 0.0 mA on a module with DOM whose laser is off) stays.

    >>> xcvr = {"port": "Ethernet1", "present": True, "temperature_c": 0.0, "voltage_v": 0.0,
    ...         "lanes": [{"lane": 1, "state": "no_light", "tx_bias_ma": 0.0}]}
    >>> drop_module_placeholders(xcvr); xcvr
    {'port': 'Ethernet1', 'present': True, 'lanes': [{'lane': 1, 'state': 'not_supported'}]}
    """
    voltage = transceiver.get("voltage_v")
    if voltage == 0:
        del transceiver["voltage_v"]
    if transceiver.get("temperature_c") != 0 or voltage not in {0, None}:
        return
    del transceiver["temperature_c"]
    lanes = transceiver.get("lanes", [])
    if lanes and all(
        lane["state"] in {"no_light", "not_supported"}
        and lane.get("tx_bias_ma", 0) == 0
        and "rx_power_dbm" not in lane
        and "tx_power_dbm" not in lane
        for lane in lanes
    ):
        transceiver["lanes"] = [{"lane": lane["lane"], "state": "not_supported"} for lane in lanes]


def set_number(transceiver: Transceiver, key: str, value: float | None) -> None:
    """Set a numeric field of a transceiver, unless the value is unknown (None).

    >>> xcvr = {"port": "Ethernet1", "present": True}
    >>> set_number(xcvr, "temperature_c", 41.5); set_number(xcvr, "voltage_v", None)
    >>> xcvr
    {'port': 'Ethernet1', 'present': True, 'temperature_c': 41.5}
    """
    value = _plausible_or_none(value, key if key in _MODULE_QUANTITIES else None)
    if value is not None:
        transceiver[key] = value  # type: ignore[literal-required]


_MODULE_QUANTITIES = frozenset({"temperature_c", "voltage_v", "wavelength_nm"})
_LANE_QUANTITIES = ("rx_power_dbm", "tx_power_dbm", "tx_bias_ma")
MAX_LANES = 16
"""More lanes than any module has (OSFP and QSFP-DD have 8; a 1.6T module 8 too)."""


def to_count(text: str | float | None, maximum: int = MAX_LANES) -> int | None:
    """A count (host or media lanes) from vendor text: a whole number from 1 to ``maximum``.

    >>> to_count("8"), to_count("4.0"), to_count("-inf"), to_count("1e400"), to_count("65535")
    (8, 4, None, None, None)
    """
    value = to_float(text)
    if value is None or not math.isfinite(value) or value != int(value):
        return None
    return int(value) if 1 <= value <= maximum else None


def _plausible_or_none(value: float | None, quantity: str | None) -> float | None:
    return None if value is None else _plausible(value, quantity)


def drop_impossible(facts: DeviceFacts) -> list[str]:
    """Drop every number of the facts outside its quantity's range; return what was dropped.

    The last guard behind :func:`to_float`: whatever path a number took through a parser, no
    impossible reading or threshold (a 6553 C temperature, a +80 dBm power) leaves it as data.

    >>> facts = {"transceivers": {"Et1": {"port": "Et1", "present": True, "voltage_v": 36.6,
    ...          "lanes": [{"lane": 1, "state": "ok", "rx_power_dbm": 65535.0}]}}}
    >>> drop_impossible(facts)
    ['Et1.voltage_v = 36.6', 'Et1.lane1.rx_power_dbm = 65535.0']
    >>> facts["transceivers"]["Et1"]
    {'port': 'Et1', 'present': True, 'lanes': [{'lane': 1, 'state': 'ok'}]}
    """
    dropped: list[str] = []
    for name, xcvr in (facts.get("transceivers") or {}).items():
        entry = cast("dict[str, Any]", xcvr)
        for quantity in sorted(_MODULE_QUANTITIES & entry.keys()):
            _keep_plausible(entry, quantity, quantity, f"{name}.{quantity}", dropped)
        for lane in entry.get("lanes", []):
            for quantity in _LANE_QUANTITIES:
                if quantity in lane:
                    path = f"{name}.lane{lane.get('lane')}.{quantity}"
                    _keep_plausible(lane, quantity, quantity, path, dropped)
        thresholds = entry.get("thresholds") or {}
        for quantity, levels in list(thresholds.items()):
            for level in list(levels):
                path = f"{name}.thresholds.{quantity}.{level}"
                _keep_plausible(levels, level, quantity, path, dropped)
            if not levels:
                del thresholds[quantity]
        if "thresholds" in entry and not thresholds:
            del entry["thresholds"]
    return dropped


def _keep_plausible(
    where: dict[str, Any], key: str, quantity: str, path: str, dropped: list[str]
) -> None:
    """Delete ``where[key]`` (noting ``path = value``) unless it is a finite, plausible number."""
    value = where[key]
    number = isinstance(value, float | int) and not isinstance(value, bool)
    checked = _plausible(float(value), quantity) if number else None
    if checked is None or math.isinf(checked):
        dropped.append(f"{path} = {value!r}")
        del where[key]


_INVENTORY_NAME = re.compile(r"^NAME:(?P<name>[^,]*),\s*DESCR:(?P<descr>.*)$")
_INVENTORY_IDS = re.compile(r"^PID:(?P<pid>[^,]*),\s*VID:(?P<vid>[^,]*),\s*SN:(?P<sn>.*)$")
"""Linear by construction: no two neighbouring quantifiers can take the same characters."""
_INTERFACE_NAME = re.compile(r"^[A-Za-z][A-Za-z-]*\d+(?:/\d+)+$")


def interface_inventory_name(name: str) -> str | None:
    """The canonical port of an inventory entry named after an interface, else None.

    >>> interface_inventory_name("Hu0/0/0/30"), interface_inventory_name("module 0/0/CPU0")
    ('HundredGigabitEthernet0/0/0/30', None)
    """
    return canonical(name) if _INTERFACE_NAME.match(name) else None


def _unquoted(text: str) -> str:
    return text.strip().strip('"').strip()


def inventory_rows(
    text: str, name_of: Callable[[str], str | None] = interface_inventory_name
) -> Iterator[tuple[str, str, str, str, str]]:
    r"""The Cisco ``show inventory`` entries that name a transceiver's port.

    Args:
        text: ``show inventory`` output (``NAME: ..., DESCR: ...`` then ``PID: ..., VID: ...,
            SN: ...`` per entry).
        name_of: the port an entry's NAME stands for, None for an entry that is no
            transceiver (default: names of an interface, canonical).

    Yields:
        ``(port, descr, pid, vid, sn)`` per entry.

    >>> list(inventory_rows('NAME: "Hu0/0/0/30", DESCR: "QSFP28"\nPID: Q.1 , VID: 01, SN: F7\n'))
    [('HundredGigabitEthernet0/0/0/30', 'QSFP28', 'Q.1', '01', 'F7')]
    """
    port: str | None = None
    descr = ""
    for raw in text.splitlines():
        line = raw.strip()
        named = _INVENTORY_NAME.match(line)
        if named:
            port, descr = name_of(_unquoted(named.group("name"))), _unquoted(named.group("descr"))
            continue
        ids = _INVENTORY_IDS.match(line)
        if not ids or port is None:
            continue
        pid, vid, serial = (ids.group(key).strip() for key in ("pid", "vid", "sn"))
        yield port, descr, pid, vid, serial
        port = None


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


class JSONOutputError(OpticsError, ValueError):
    """A ``| json`` output that is not the JSON object its command prints."""


def load_json_object(text: str) -> dict[str, Any]:
    r"""The JSON object an output holds, or one :class:`JSONOutputError` naming line and column.

    >>> load_json_object('{"a": 1}')
    {'a': 1}
    >>> load_json_object('{"a": 1,\n}')
    Traceback (most recent call last):
    ...
    nornir_optics.platforms.common.JSONOutputError: not JSON at line 2, column 1: Expecting ...
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise JSONOutputError(msg) from None
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        msg = f"not JSON: {type(exc).__name__}"
        raise JSONOutputError(msg) from None
    if not isinstance(data, dict):
        msg = f"expected a JSON object, got {type(data).__name__}"
        raise JSONOutputError(msg)
    return data


def json_members(value: object) -> dict[str, dict[str, Any]]:
    """The members of a JSON object whose values are objects (anything else is no entry).

    >>> json_members({"Et1": {"a": 1}, "Et2": "garbage"}), json_members(None)
    ({'Et1': {'a': 1}}, {})
    """
    if not isinstance(value, dict):
        return {}
    return {str(key): item for key, item in value.items() if isinstance(item, dict)}


def json_items(value: object) -> list[dict[str, Any]]:
    """The objects of a JSON list (a lone object is a list of one; anything else no entry).

    >>> json_items([{"a": 1}, 2]), json_items({"a": 1}), json_items("x")
    ([{'a': 1}], [{'a': 1}], [])
    """
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def scrub_secrets(task: Task, text: str | None) -> str | None:
    """The text without the host's password or sudo secret (exception texts may hold them)."""
    if text is None:
        return None
    extras = task.host.get_connection_parameters("netmiko").extras or {}
    for secret in (task.host.password, extras.get("secret")):
        if isinstance(secret, str) and secret:
            text = text.replace(secret, "***")
    return text
