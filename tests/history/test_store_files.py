"""The SQLite store under abuse: a concurrent second writer, a reader during a write, a file
cut short, a file that is no database. Each gives a correct result or one clear line, and no
recorded run is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from labtools import DC1_LAB, facts_from_lab

from nornir_optics.checks.live import audit_live
from nornir_optics.history import HistoryError, dialects, open_store
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

T0 = 1_800_000_000.0


def _record(target: str, count: int, offset: float) -> list[int]:
    lab = LabRuntime(load_lab(DC1_LAB)).lab
    fleet = facts_from_lab(lab)
    report = audit_live(lab.fabric, fleet)
    with open_store(target) as store:
        return [store.record(lab.fabric, fleet, report, at=T0 + offset + n) for n in range(count)]


def test_two_pollers_writing_at_once_both_land(tmp_path: Path) -> None:
    target = str(tmp_path / "history.db")
    here = Path(__file__).resolve().parent
    code = (
        f"import sys, json; sys.path[:0] = [{str(here)!r}, {str(here.parent / 'lab')!r}]; "
        "from test_store_files import _record; "
        "print(json.dumps(_record(sys.argv[1], 4, float(sys.argv[2]))))"
    )
    pollers = [
        subprocess.Popen(  # noqa: S603 - this interpreter
            [sys.executable, "-c", code, target, offset], stdout=subprocess.PIPE, text=True
        )
        for offset in ("0.0", "0.5")
    ]
    ids = [
        run_id for poller in pollers for run_id in json.loads(poller.communicate(timeout=120)[0])
    ]
    assert all(poller.returncode == 0 for poller in pollers)
    with open_store(target) as store:
        runs = store.runs()
        assert sorted(info.id for info in runs) == sorted(ids)
        assert len(runs) == 8
        lanes = dict(store.db.execute("SELECT run_id, count(*) FROM lanes GROUP BY run_id"))
    assert len(set(lanes.values())) == 1
    assert set(lanes) == set(ids)


def test_a_reader_never_sees_a_run_being_written(tmp_path: Path) -> None:
    target = str(tmp_path / "history.db")
    _record(target, 1, 0.0)
    with open_store(target) as writer, open_store(target) as reader:
        with writer.db.write():
            writer.db.execute(
                "INSERT INTO runs (started_at, tool_version, intent_hash, poller, devices, "
                "unreachable, info, warning, error, critical) VALUES (1, 'x', 'x', 'x', 0, 0, 0, "
                "0, 0, 0)"
            )
            assert len(reader.runs()) == 1  # WAL: the reader sees the last commit, not this
            assert reader.snapshot(reader.runs()[0].id).fleet.facts
        assert len(reader.runs()) == 2


def test_a_writer_that_waits_too_long_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = str(tmp_path / "history.db")
    _record(target, 1, 0.0)
    monkeypatch.setattr(dialects, "BUSY_TIMEOUT_S", 0.2)
    lab = LabRuntime(load_lab(DC1_LAB)).lab
    fleet = facts_from_lab(lab)
    report = audit_live(lab.fabric, fleet)
    with (
        open_store(target) as holder,
        open_store(target) as late,
        holder.db.write(),
        pytest.raises(HistoryError) as caught,
    ):
        late.record(lab.fabric, fleet, report, at=T0 + 5)
    assert "\n" not in str(caught.value)
    assert "another writer held the store" in str(caught.value)
    with open_store(target) as store:
        assert len(store.runs()) == 1


def test_a_truncated_file_is_refused_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "history.db"
    _record(str(target), 3, 0.0)
    size = target.stat().st_size
    with target.open("r+b") as stream:
        stream.truncate(size // 2)
    with pytest.raises(HistoryError) as caught:
        open_store(target)
    message = str(caught.value)
    assert "\n" not in message
    assert "truncated" in message
    assert str(target) in message


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "history.db"
    target.write_text("hosts:\n  leaf1: {}\n", encoding="utf-8")
    with pytest.raises(HistoryError, match="not an SQLite database"):
        open_store(target)
    other = tmp_path / "other.db"
    import sqlite3  # noqa: PLC0415

    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(HistoryError, match="not an optics history store"):
        open_store(other)
