"""The history store's schema, as numbered migrations that run when a store is opened.

A store remembers its version in ``optics_meta``. Opening runs every migration above it in
one transaction (an older file upgrades in place); a store newer than this code is refused,
since an older tool would misread it. Never edit a released migration: add the next one.

Layout (docs/history.md): ``runs`` (one row per recorded run), interned ``devices``, ``ports``,
module ``identities`` and ``thresholds``; per run ``run_devices`` (reachability),
``modules`` (what each cage holds, temperature, voltage), ``interfaces`` (admin, oper, speed,
FEC, breakout), ``lanes`` (per-lane state, Rx, Tx and bias in hundredths: 0.01 dBm is
OpenConfig's unit, and SQLite stores such integers in two bytes) and ``findings``. The per-run
tables are keyed by ``(run_id, port_id[, lane])``, which serves both "everything of a run"
(drift, trends, the exporter) and "one port over the runs" (a seek per run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nornir_optics.history.dialects import HistoryError

if TYPE_CHECKING:
    from nornir_optics.history.dialects import Dialect

THRESHOLD_LEVELS = tuple(
    (quantity, level)
    for quantity in ("temperature_c", "voltage_v", "tx_power_dbm", "rx_power_dbm", "tx_bias_ma")
    for level in ("high_alarm", "high_warning", "low_warning", "low_alarm")
)
"""The (quantity, level) of each threshold column, as the facts contract names them."""
THRESHOLD_COLUMNS = tuple(f"{quantity}_{level}" for quantity, level in THRESHOLD_LEVELS)

_V1 = (
    "CREATE TABLE optics_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE runs (
        id {id},
        started_at {real} NOT NULL,
        tool_version TEXT NOT NULL,
        intent_hash TEXT NOT NULL,
        poller TEXT NOT NULL,
        devices INTEGER NOT NULL,
        unreachable INTEGER NOT NULL,
        info INTEGER NOT NULL,
        warning INTEGER NOT NULL,
        error INTEGER NOT NULL,
        critical INTEGER NOT NULL)""",
    "CREATE INDEX runs_started_at ON runs (started_at)",
    "CREATE TABLE devices (id {id}, name TEXT NOT NULL UNIQUE)",
    """CREATE TABLE ports (
        id {id}, device_id INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (device_id, name))""",
    """CREATE TABLE identities (
        id {id},
        media_type TEXT NOT NULL, form_factor TEXT NOT NULL, vendor TEXT NOT NULL,
        part_number TEXT NOT NULL, serial TEXT NOT NULL, revision TEXT NOT NULL,
        firmware TEXT NOT NULL,
        UNIQUE (serial, part_number, vendor, media_type, form_factor, revision, firmware))""",
    "CREATE TABLE thresholds (id {id}, key TEXT NOT NULL UNIQUE, "
    + ", ".join(f"{column} {{real}}" for column in THRESHOLD_COLUMNS)
    + ")",
    """CREATE TABLE run_devices (
        run_id INTEGER NOT NULL, device_id INTEGER NOT NULL, status {small} NOT NULL,
        error TEXT, PRIMARY KEY (run_id, device_id)) {without_rowid}""",
    """CREATE TABLE modules (
        run_id INTEGER NOT NULL, port_id INTEGER NOT NULL, present {small} NOT NULL,
        identity_id INTEGER, thresholds_id INTEGER, temperature_c {real}, voltage_v {real},
        PRIMARY KEY (run_id, port_id)) {without_rowid}""",
    """CREATE TABLE interfaces (
        run_id INTEGER NOT NULL, port_id INTEGER NOT NULL, admin {small}, oper {small},
        speed TEXT, fec TEXT, breakout TEXT, PRIMARY KEY (run_id, port_id)) {without_rowid}""",
    """CREATE TABLE lanes (
        run_id INTEGER NOT NULL, port_id INTEGER NOT NULL, lane {small} NOT NULL,
        state {small} NOT NULL, rx INTEGER, tx INTEGER, bias INTEGER,
        PRIMARY KEY (run_id, port_id, lane)) {without_rowid}""",
    """CREATE TABLE findings (
        run_id INTEGER NOT NULL, port_id INTEGER NOT NULL, category TEXT NOT NULL,
        severity {small} NOT NULL, symptom {small} NOT NULL, message TEXT NOT NULL,
        expected TEXT, actual TEXT, remedy TEXT NOT NULL, action TEXT NOT NULL,
        caused_by TEXT, details TEXT)""",
    "CREATE INDEX findings_run ON findings (run_id)",
)

_V2 = ("ALTER TABLE runs ADD COLUMN gather_seconds {real}",)
"""Version 2: how long the gather took, for the exporter's optics_gather_duration_seconds."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
"""Migration N (1-based) brings a store from version N-1 to N."""

VERSION = len(MIGRATIONS)


def stored_version(db: Dialect) -> int:
    """The schema version of an open store; 0 for an empty one."""
    if db.name == "sqlite":
        found = db.execute("SELECT name FROM sqlite_master WHERE name = 'optics_meta'")
    else:
        found = db.execute("SELECT to_regclass('optics_meta')")
        found = [row for row in found if row[0] is not None]
    if not found:
        tables = (
            db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if db.name == "sqlite"
            else []
        )
        if tables:
            msg = f"{db.target}: a database, but not an optics history store"
            raise HistoryError(msg)
        return 0
    rows = db.execute("SELECT value FROM optics_meta WHERE key = 'schema_version'")
    return int(rows[0][0]) if rows else 0


def migrate(db: Dialect, tool_version: str) -> int:
    """Bring the store to VERSION (refusing a newer one); returns the version it had."""
    have = stored_version(db)
    if have > VERSION:
        msg = (
            f"{db.target}: history schema version {have} is newer than this nornir-optics "
            f"({tool_version}) reads (version {VERSION}): upgrade nornir-optics"
        )
        raise HistoryError(msg)
    if have == VERSION:
        return have
    with db.write():
        if db.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serialises this
            db.execute("SELECT pg_advisory_xact_lock(7061636)")
        # Another process may have migrated it while this one waited for the write lock.
        now = stored_version(db)
        for statements in MIGRATIONS[now:]:
            for statement in statements:
                db.execute(db.ddl(statement))
        if now == 0:
            db.execute("INSERT INTO optics_meta (key, value) VALUES ('schema_version', ?)", [0])
        db.execute("UPDATE optics_meta SET value = ? WHERE key = 'schema_version'", [str(VERSION)])
    return have
