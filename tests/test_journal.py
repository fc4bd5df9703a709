"""The change journal on disk: states appended in order, backups private, crashes tolerated."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from nornir_optics.journal import JOURNAL, Transaction, open_transactions, read

SECRET = "s3cret-enable"


def _planned(log_dir: Path) -> Transaction:
    transaction = Transaction(
        log_dir, "leaf2", "cisco_nxos", ["interface Ethernet1/63", "  no fec"]
    )
    transaction.record(
        "planned",
        backup=f"username admin password {SECRET}\n",
        handle={"checkpoint": "bootflash:optics-1"},
    )
    return transaction


def test_nothing_is_recorded_before_planned(tmp_path: Path) -> None:
    transaction = Transaction(tmp_path, "leaf2", "cisco_nxos", ["x"])
    transaction.record("pushed")
    assert not (tmp_path / JOURNAL).exists()


def test_planned_holds_lines_backup_file_and_handle_never_the_config(tmp_path: Path) -> None:
    log_dir = tmp_path / "changes"
    _planned(log_dir)
    text = (log_dir / JOURNAL).read_text(encoding="utf-8")
    assert SECRET not in text
    (event,) = [json.loads(line) for line in text.splitlines()]
    assert event["state"] == "planned"
    assert event["lines"] == ["interface Ethernet1/63", "  no fec"]
    assert event["handle"] == {"checkpoint": "bootflash:optics-1"}
    backup = Path(event["backup"])
    assert SECRET in backup.read_text(encoding="utf-8")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((log_dir / JOURNAL).stat().st_mode) == 0o600


def test_states_are_appended_and_the_last_one_counts(tmp_path: Path) -> None:
    transaction = _planned(tmp_path)
    assert [e.state for e in open_transactions(tmp_path)] == ["planned"]
    transaction.record("pushed")
    transaction.record("verified")
    assert [e.state for e in open_transactions(tmp_path)] == ["verified"]
    transaction.record("confirmed")
    assert open_transactions(tmp_path) == []
    states = [json.loads(line)["state"] for line in (tmp_path / JOURNAL).read_text().splitlines()]
    assert states == ["planned", "pushed", "verified", "confirmed"]
    (entry,) = read(tmp_path)
    assert entry.backup().startswith("username admin")


def test_a_line_cut_short_by_a_crash_is_skipped(tmp_path: Path) -> None:
    transaction = _planned(tmp_path)
    transaction.record("pushed")
    with (tmp_path / JOURNAL).open("a", encoding="utf-8") as journal:
        journal.write('{"txn": "' + transaction.txn + '", "state": "verif')
    (entry,) = open_transactions(tmp_path)
    assert entry.state == "pushed"
    transaction.record("rolled-back")
    (entry,) = read(tmp_path)
    assert entry.state == "rolled-back"
