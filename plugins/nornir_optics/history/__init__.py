"""History of recorded runs: the store (SQLite by default, PostgreSQL for several pollers)."""

from nornir_optics.history.dialects import HistoryError
from nornir_optics.history.store import HistoryStore, RunInfo, Snapshot, open_store

DEFAULT_DB = ".optics/history.db"

__all__ = ["DEFAULT_DB", "HistoryError", "HistoryStore", "RunInfo", "Snapshot", "open_store"]
