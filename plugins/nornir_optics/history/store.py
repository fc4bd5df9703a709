"""The history store: one transaction per recorded run, read back as the facts it recorded.

    store = open_store(".optics/history.db")          # or a postgresql:// URL
    run_id = store.record(fabric, fleet, report, at=time.time())
    snapshot = store.snapshot(run_id)                  # RunInfo, Fleet and findings again
    store.close()

Nothing about how a device is reached (hosts, credentials) is stored: only what the audit
reads and finds.
"""

from __future__ import annotations

import hashlib
import json
import socket
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, cast

from nornir_optics import __version__
from nornir_optics.checks.live import Fleet
from nornir_optics.checks.trend import History, LaneSeries
from nornir_optics.findings import CausedBy, Finding, Remedy
from nornir_optics.history.dialects import HistoryError, describe, open_dialect
from nornir_optics.history.schema import THRESHOLD_COLUMNS, THRESHOLD_LEVELS, migrate
from nornir_optics.models import RemedyKind, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from nornir_optics.fabric import Fabric
    from nornir_optics.facts import DeviceFacts, LaneReading, Port, Thresholds, Transceiver
    from nornir_optics.findings import Report
    from nornir_optics.history.dialects import Dialect

LANE_STATES = ("ok", "no_light", "unused", "not_supported")
DEVICE_STATUS = ("ok", "unreachable", "parse-error")
SEVERITIES = tuple(Severity)
IDENTITY_FIELDS = (
    "media_type",
    "form_factor",
    "vendor",
    "part_number",
    "serial",
    "revision",
    "firmware",
)
LANE_VALUES = ("rx_power_dbm", "tx_power_dbm", "tx_bias_ma")


@dataclass(frozen=True)
class RunInfo:
    """One recorded run, as ``optics history`` lists it."""

    id: int
    started_at: float
    tool_version: str
    intent_hash: str
    poller: str
    devices: int
    unreachable: int
    by_severity: dict[str, int]
    gather_seconds: float | None = None

    @property
    def partial(self) -> bool:
        """Some device could not be read in this run."""
        return self.unreachable > 0


@dataclass(frozen=True)
class Snapshot:
    """What one run saw and found."""

    run: RunInfo
    fleet: Fleet
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class LanePoint:
    """One lane in one run, for ``optics history show``."""

    run: int
    at: float
    lane: int
    state: str
    rx: float | None
    tx: float | None
    bias: float | None
    serial: str
    low_warning: float | None
    low_alarm: float | None


def _centi(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def _uncenti(value: int | None) -> float | None:
    return None if value is None else value / 100


def _updown(value: str | None) -> int | None:
    return None if value is None else int(value == "up")


def _intent_hash(fabric: Fabric) -> str:
    return hashlib.sha256(fabric.intent.model_dump_json().encode()).hexdigest()


def _threshold_row(thresholds: Thresholds) -> tuple[float | None, ...]:
    levels = cast("dict[str, dict[str, float]]", thresholds)
    return tuple(levels.get(quantity, {}).get(level) for quantity, level in THRESHOLD_LEVELS)


@dataclass
class _Rows:
    """The rows of one run, before ids are known."""

    devices: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    ports: set[tuple[str, str]] = field(default_factory=set)
    identities: set[tuple[str, ...]] = field(default_factory=set)
    thresholds: dict[str, tuple[float | None, ...]] = field(default_factory=dict)


class HistoryStore:
    """A history store on SQLite or PostgreSQL, migrated to this version when opened."""

    def __init__(self, db: Dialect) -> None:
        """Use an open dialect (see :func:`open_store`)."""
        self.db = db
        self.target = db.target
        self.upgraded_from = self._guard(lambda: migrate(db, __version__))

    def _guard(self, action: Any) -> Any:  # noqa: ANN401 - whatever the action returns
        try:
            return action()
        except HistoryError:
            raise
        except Exception as exc:
            # Every driver error (sqlite3, psycopg) becomes one line; others are bugs.
            if type(exc).__module__.split(".")[0] in {"sqlite3", "psycopg"}:
                raise HistoryError(describe(self.target, exc)) from None
            raise

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Self:
        """A store closes at the end of a ``with`` block."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close."""
        self.close()

    # --- writing -----------------------------------------------------------------------

    def record(  # noqa: PLR0913 - keywords: what a run is
        self,
        fabric: Fabric,
        fleet: Fleet,
        report: Report,
        *,
        at: float,
        poller: str | None = None,
        gather_seconds: float | None = None,
    ) -> int:
        """Store one run in one transaction; returns its id."""
        return int(
            self._guard(lambda: self._record(fabric, fleet, report, at, (poller, gather_seconds)))
        )

    def _record(
        self,
        fabric: Fabric,
        fleet: Fleet,
        report: Report,
        at: float,
        extra: tuple[str | None, float | None],
    ) -> int:
        poller, gather_seconds = extra
        rows = _collect_rows(fleet, report)
        counts = report.summary()["by_severity"]
        db = self.db
        with db.write():
            run_id = int(
                db.execute(
                    "INSERT INTO runs (started_at, tool_version, intent_hash, poller, devices, "
                    "unreachable, info, warning, error, critical, gather_seconds) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [
                        at,
                        __version__,
                        _intent_hash(fabric),
                        poller or socket.gethostname(),
                        len(rows.devices),
                        len(fleet.errors),
                        *(counts[level.value] for level in SEVERITIES),
                        gather_seconds,
                    ],
                )[0][0]
            )
            device_ids = self._intern("devices", ("name",), {(name,) for name in rows.devices})
            port_ids = self._intern(
                "ports",
                ("device_id", "name"),
                {(device_ids[(device,)], port) for device, port in rows.ports},
            )
            identity_ids = self._intern("identities", IDENTITY_FIELDS, rows.identities)
            threshold_ids = self._intern_thresholds(rows.thresholds)

            def port_id(device: str, port: str) -> int:
                return port_ids[(device_ids[(device,)], port)]

            db.bulk_insert(
                "run_devices",
                ("run_id", "device_id", "status", "error"),
                [
                    (run_id, device_ids[(name,)], status, error)
                    for name, (status, error) in rows.devices.items()
                ],
            )
            modules: list[tuple[object, ...]] = []
            interfaces: list[tuple[object, ...]] = []
            lanes: list[tuple[object, ...]] = []
            for device, facts in fleet.facts.items():
                for port, module in (facts.get("transceivers") or {}).items():
                    pid = port_id(device, port)
                    modules.append(_module_row(run_id, pid, module, identity_ids, threshold_ids))
                    lanes.extend(
                        (
                            run_id,
                            pid,
                            lane["lane"],
                            LANE_STATES.index(lane["state"]),
                            _centi(lane.get("rx_power_dbm")),
                            _centi(lane.get("tx_power_dbm")),
                            _centi(lane.get("tx_bias_ma")),
                        )
                        for lane in module.get("lanes", [])
                    )
                for name, state in (facts.get("ports") or {}).items():
                    interfaces.append(
                        (
                            run_id,
                            port_id(device, name),
                            _updown(state.get("admin")),
                            _updown(state.get("oper")),
                            state.get("speed"),
                            state.get("fec"),
                            state.get("breakout"),
                        )
                    )
            db.bulk_insert(
                "modules",
                (
                    "run_id",
                    "port_id",
                    "present",
                    "identity_id",
                    "thresholds_id",
                    "temperature_c",
                    "voltage_v",
                ),
                modules,
            )
            db.bulk_insert(
                "interfaces",
                ("run_id", "port_id", "admin", "oper", "speed", "fec", "breakout"),
                interfaces,
            )
            db.bulk_insert(
                "lanes", ("run_id", "port_id", "lane", "state", "rx", "tx", "bias"), lanes
            )
            db.bulk_insert(
                "findings",
                (
                    "run_id",
                    "port_id",
                    "category",
                    "severity",
                    "symptom",
                    "message",
                    "expected",
                    "actual",
                    "remedy",
                    "action",
                    "caused_by",
                    "details",
                ),
                [_finding_row(run_id, port_id(f.device, f.port), f) for f in report.findings],
            )
        return run_id

    def _intern(
        self, table: str, columns: tuple[str, ...], keys: set[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], int]:
        """Ids of these keys in an intern table, adding the missing ones."""
        known = self._interned(table, columns)
        missing = keys - known.keys()
        if missing:
            marks = ", ".join("?" * len(columns))
            self.db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
                "ON CONFLICT DO NOTHING",
                sorted(missing),
            )
            known = self._interned(table, columns)
        return known

    def _interned(self, table: str, columns: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
        rows = self.db.execute(f"SELECT id, {', '.join(columns)} FROM {table}")  # noqa: S608
        return {tuple(row[1:]): int(row[0]) for row in rows}

    def _intern_thresholds(self, keys: dict[str, tuple[float | None, ...]]) -> dict[str, int]:
        """Threshold sets are interned by a text key of their twenty values."""
        rows = {(key, *values) for key, values in keys.items()}
        known = self._intern("thresholds", ("key", *THRESHOLD_COLUMNS), rows)
        return {key[0]: ident for key, ident in known.items()}

    def prune(self, *, before: float) -> int:
        """Forget the runs started before ``before``; returns how many."""
        return int(self._guard(lambda: self._prune(before)))

    def _prune(self, before: float) -> int:
        with self.db.write():
            ids = [
                row[0]
                for row in self.db.execute("SELECT id FROM runs WHERE started_at < ?", [before])
            ]
            for table in ("lanes", "modules", "interfaces", "findings", "run_devices"):
                self.db.executemany(f"DELETE FROM {table} WHERE run_id = ?", [(i,) for i in ids])  # noqa: S608
            self.db.executemany("DELETE FROM runs WHERE id = ?", [(i,) for i in ids])
        return len(ids)

    # --- reading -----------------------------------------------------------------------

    def runs(self, *, limit: int | None = None) -> list[RunInfo]:
        """The recorded runs, oldest first (the newest ``limit`` of them)."""
        return list(self._guard(lambda: self._runs(limit)))

    def _runs(self, limit: int | None) -> list[RunInfo]:
        sql = (
            "SELECT id, started_at, tool_version, intent_hash, poller, devices, unreachable, "
            "info, warning, error, critical, gather_seconds FROM runs "
            "ORDER BY started_at DESC, id DESC"
        )
        rows = self.db.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))
        return [_run_info(row) for row in reversed(rows)]

    def run(self, run_id: int) -> RunInfo:
        """One run by id."""
        found = [info for info in self.runs() if info.id == run_id]
        if not found:
            msg = f"{self.target}: no run {run_id}"
            raise HistoryError(msg)
        return found[0]

    def _names(self) -> dict[int, tuple[str, str]]:
        devices = dict(self.db.execute("SELECT id, name FROM devices"))
        return {
            int(pid): (devices[device_id], name)
            for pid, device_id, name in self.db.execute("SELECT id, device_id, name FROM ports")
        }

    def snapshot(self, run_id: int) -> Snapshot:
        """Everything one run recorded, as the facts and findings it had."""
        return cast("Snapshot", self._guard(lambda: self._snapshot(run_id)))

    def _snapshot(self, run_id: int) -> Snapshot:
        info = self.run(run_id)
        names = self._names()
        db = self.db
        devices = dict(db.execute("SELECT id, name FROM devices"))
        facts: dict[str, DeviceFacts] = {}
        errors: dict[str, tuple[str, str]] = {}
        for device_id, status, error in db.execute(
            "SELECT device_id, status, error FROM run_devices WHERE run_id = ?", [run_id]
        ):
            name = devices[device_id]
            if status == 0:
                facts[name] = {"transceivers": {}, "ports": {}}
            else:
                errors[name] = (DEVICE_STATUS[status], error or "")
        identities = {
            int(row[0]): dict(zip(IDENTITY_FIELDS, row[1:], strict=True))
            for row in db.execute(f"SELECT id, {', '.join(IDENTITY_FIELDS)} FROM identities")  # noqa: S608
        }
        thresholds = self._thresholds()
        lanes: dict[int, list[LaneReading]] = defaultdict(list)
        for port_id, lane, state, rx, tx, bias in db.execute(
            "SELECT port_id, lane, state, rx, tx, bias FROM lanes WHERE run_id = ? "
            "ORDER BY port_id, lane",
            [run_id],
        ):
            reading: LaneReading = {"lane": int(lane), "state": LANE_STATES[state]}  # type: ignore[typeddict-item]
            for key, value in zip(LANE_VALUES, (rx, tx, bias), strict=True):
                if value is not None:
                    reading[key] = value / 100  # type: ignore[literal-required]
            lanes[int(port_id)].append(reading)
        for row in db.execute(
            "SELECT port_id, present, identity_id, thresholds_id, temperature_c, voltage_v "
            "FROM modules WHERE run_id = ?",
            [run_id],
        ):
            device, port = names[int(row[0])]
            if device in facts:
                facts[device]["transceivers"][port] = _transceiver(
                    port, row, identities, thresholds, lanes.get(int(row[0]), [])
                )
        for port_id, *columns in db.execute(
            "SELECT port_id, admin, oper, speed, fec, breakout FROM interfaces WHERE run_id = ?",
            [run_id],
        ):
            device, name = names[int(port_id)]
            if device in facts:
                facts[device]["ports"][name] = _port(name, tuple(columns))
        findings = tuple(
            _finding(names[int(row[0])], row[1:])
            for row in db.execute(
                "SELECT port_id, category, severity, symptom, message, expected, actual, remedy, "
                "action, caused_by, details FROM findings WHERE run_id = ?",
                [run_id],
            )
        )
        return Snapshot(run=info, fleet=Fleet(facts=facts, errors=errors), findings=findings)

    def _thresholds(self) -> dict[int, Thresholds]:
        result: dict[int, Thresholds] = {}
        for row in self.db.execute(f"SELECT id, {', '.join(THRESHOLD_COLUMNS)} FROM thresholds"):  # noqa: S608
            levels: dict[str, dict[str, float]] = defaultdict(dict)
            for (quantity, level), value in zip(THRESHOLD_LEVELS, row[1:], strict=True):
                if value is not None:
                    levels[quantity][level] = value
            result[int(row[0])] = cast("Thresholds", dict(levels))
        return result

    def port_id(self, device: str, port: str) -> int | None:
        """The id of a port the store has seen."""
        rows = self.db.execute(
            "SELECT p.id FROM ports p JOIN devices d ON d.id = p.device_id "
            "WHERE d.name = ? AND p.name = ?",
            [device, port],
        )
        return int(rows[0][0]) if rows else None

    def port_history(self, device: str, port: str, *, limit: int | None = None) -> list[LanePoint]:
        """Every recorded reading of a port's lanes, oldest run first."""
        return list(self._guard(lambda: self._port_history(device, port, limit)))

    def _port_history(self, device: str, port: str, limit: int | None) -> list[LanePoint]:
        port_id = self.port_id(device, port)
        if port_id is None:
            return []
        runs = self.runs(limit=limit)
        wanted = {info.id: info.started_at for info in runs}
        thresholds = self._thresholds()
        identities = dict(self.db.execute("SELECT id, serial FROM identities"))
        modules = {
            int(run_id): (identity_id, thresholds_id)
            for run_id, identity_id, thresholds_id in self.db.execute(
                "SELECT m.run_id, m.identity_id, m.thresholds_id FROM runs r CROSS JOIN modules m "
                "WHERE m.run_id = r.id AND m.port_id = ?",
                [port_id],
            )
        }
        points = []
        for run_id, lane, state, rx, tx, bias in self.db.execute(
            "SELECT l.run_id, l.lane, l.state, l.rx, l.tx, l.bias FROM runs r CROSS JOIN lanes l "
            "WHERE l.run_id = r.id AND l.port_id = ? ORDER BY r.started_at, l.lane",
            [port_id],
        ):
            if run_id not in wanted:
                continue
            identity_id, thresholds_id = modules.get(int(run_id), (None, None))
            rx_levels = thresholds.get(thresholds_id or -1, {}).get("rx_power_dbm", {})
            points.append(
                LanePoint(
                    run=int(run_id),
                    at=wanted[run_id],
                    lane=int(lane),
                    state=LANE_STATES[state],
                    rx=_uncenti(rx),
                    tx=_uncenti(tx),
                    bias=_uncenti(bias),
                    serial=str(identities.get(identity_id, "")),
                    low_warning=rx_levels.get("low_warning"),
                    low_alarm=rx_levels.get("low_alarm"),
                )
            )
        return points

    def history(self, *, runs: int, now: float) -> History:
        """Per-lane readings of the last ``runs`` runs before ``now``, for the trend check."""
        return cast("History", self._guard(lambda: self._history(runs, now)))

    def _history(self, runs: int, now: float) -> History:
        chosen = [info for info in self.runs() if info.started_at < now][-runs:]
        names = self._names()
        serials = dict(self.db.execute("SELECT id, serial FROM identities"))
        times = tuple(info.started_at for info in chosen)
        index = {info.id: position for position, info in enumerate(chosen)}
        width = len(chosen)
        nan = float("nan")
        series: dict[tuple[str, str, int], tuple[array[float], array[float], array[float]]] = {}
        port_serials: dict[tuple[str, str], list[str]] = {}
        for info in chosen:
            position = index[info.id]
            for port_id, identity_id in self.db.execute(
                "SELECT port_id, identity_id FROM modules WHERE run_id = ?", [info.id]
            ):
                key = names[int(port_id)]
                port_serials.setdefault(key, [""] * width)[position] = str(
                    serials.get(identity_id, "")
                )
            for port_id, lane, rx, tx, bias in self.db.execute(
                "SELECT port_id, lane, rx, tx, bias FROM lanes WHERE run_id = ? AND state = 0",
                [info.id],
            ):
                device, port = names[int(port_id)]
                values = series.get((device, port, int(lane)))
                if values is None:
                    values = (
                        array("d", [nan] * width),
                        array("d", [nan] * width),
                        array("d", [nan] * width),
                    )
                    series[(device, port, int(lane))] = values
                for target, value in zip(values, (rx, tx, bias), strict=True):
                    if value is not None:
                        target[position] = value / 100
        lanes = {
            key: LaneSeries(
                times=times,
                rx=tuple(values[0]),
                tx=tuple(values[1]),
                bias=tuple(values[2]),
                serials=tuple(port_serials.get(key[:2], [""] * width)),
            )
            for key, values in series.items()
        }
        return History(lanes=lanes, now=now)

    def latest(self) -> RunInfo | None:
        """The newest run, if any."""
        found = self.runs(limit=1)
        return found[0] if found else None

    def iter_runs(self) -> Iterator[RunInfo]:
        """The runs, oldest first."""
        yield from self.runs()


def _run_info(row: tuple[Any, ...]) -> RunInfo:
    return RunInfo(
        id=int(row[0]),
        started_at=float(row[1]),
        tool_version=str(row[2]),
        intent_hash=str(row[3]),
        poller=str(row[4]),
        devices=int(row[5]),
        unreachable=int(row[6]),
        gather_seconds=None if row[11] is None else float(row[11]),
        by_severity={
            level.value: int(count) for level, count in zip(SEVERITIES, row[7:11], strict=True)
        },
    )


def _collect_rows(fleet: Fleet, report: Report) -> _Rows:
    rows = _Rows()
    for name in fleet.facts:
        rows.devices[name] = (0, None)
    for name, (category, message) in fleet.errors.items():
        rows.devices[name] = (
            DEVICE_STATUS.index(category) if category in DEVICE_STATUS else 1,
            message,
        )
    for device, facts in fleet.facts.items():
        for port, module in (facts.get("transceivers") or {}).items():
            rows.ports.add((device, port))
            if module.get("present"):
                rows.identities.add(_identity(module))
                values = _threshold_row(module.get("thresholds", {}))
                rows.thresholds[_threshold_key(values)] = values
        rows.ports.update((device, name) for name in facts.get("ports") or {})
    for item in report.findings:
        rows.devices.setdefault(item.device, (0, None))
        rows.ports.add((item.device, item.port))
    return rows


def _identity(module: Transceiver) -> tuple[str, ...]:
    data = cast("dict[str, Any]", module)
    return tuple(str(data.get(name) or "") for name in IDENTITY_FIELDS)


def _threshold_key(values: tuple[float | None, ...]) -> str:
    return ",".join("" if value is None else repr(value) for value in values)


def _module_row(
    run_id: int,
    port_id: int,
    module: Transceiver,
    identity_ids: dict[tuple[Any, ...], int],
    threshold_ids: dict[str, int],
) -> tuple[object, ...]:
    present = bool(module.get("present"))
    return (
        run_id,
        port_id,
        int(present),
        identity_ids[_identity(module)] if present else None,
        threshold_ids[_threshold_key(_threshold_row(module.get("thresholds", {})))]
        if present
        else None,
        module.get("temperature_c"),
        module.get("voltage_v"),
    )


def _transceiver(
    port: str,
    row: tuple[Any, ...],
    identities: dict[int, dict[str, str]],
    thresholds: dict[int, Thresholds],
    lanes: list[LaneReading],
) -> Transceiver:
    _, present, identity_id, thresholds_id, temperature, voltage = row
    module: dict[str, Any] = {"port": port, "present": bool(present)}
    if identity_id is not None:
        module.update({k: v for k, v in identities[int(identity_id)].items() if v})
    if thresholds_id is not None and thresholds.get(int(thresholds_id)):
        module["thresholds"] = thresholds[int(thresholds_id)]
    if temperature is not None:
        module["temperature_c"] = float(temperature)
    if voltage is not None:
        module["voltage_v"] = float(voltage)
    if lanes:
        module["lanes"] = lanes
    return cast("Transceiver", module)


def _port(name: str, row: tuple[Any, ...]) -> Port:
    """An interface from its (admin, oper, speed, fec, breakout) columns."""
    admin, oper, *texts = row
    port: dict[str, Any] = {"name": name}
    port.update(
        {
            key: "up" if value else "down"
            for key, value in (("admin", admin), ("oper", oper))
            if value is not None
        }
    )
    port.update(
        {
            key: text
            for key, text in zip(("speed", "fec", "breakout"), texts, strict=True)
            if text is not None
        }
    )
    return cast("Port", port)


def _finding_row(run_id: int, port_id: int, item: Finding) -> tuple[object, ...]:
    caused = item.caused_by
    return (
        run_id,
        port_id,
        item.category,
        SEVERITIES.index(item.severity),
        int(item.symptom),
        item.message,
        json.dumps(item.expected),
        json.dumps(item.actual),
        item.remedy.kind.value,
        item.remedy.action,
        f"{caused.device}\t{caused.port}\t{caused.category}" if caused else None,
        json.dumps(item.details) if item.details else None,
    )


def _finding(where: tuple[str, str], row: tuple[Any, ...]) -> Finding:
    category, severity, symptom, message, expected, actual, remedy, action, caused, details = row
    caused_by = None
    if caused:
        device, port, cause = caused.split("\t")
        caused_by = CausedBy(device=device, port=port, category=cause)
    return Finding(
        device=where[0],
        port=where[1],
        category=category,
        severity=SEVERITIES[severity],
        message=message,
        expected=json.loads(expected) if expected is not None else None,
        actual=json.loads(actual) if actual is not None else None,
        remedy=Remedy(kind=RemedyKind(remedy), action=action),
        symptom=bool(symptom),
        caused_by=caused_by,
        details=json.loads(details) if details else {},
    )


def open_store(target: str | Path) -> HistoryStore:
    """Open (create, migrate) the store at a path or ``postgresql://`` URL."""
    return HistoryStore(open_dialect(target))
