"""The history store on SQLite and on a real PostgreSQL server: round trip, one transaction
per run, listing, pruning, the trend input, migrations."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, facts_from_lab

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.history import HistoryError, open_store, schema
from nornir_optics.history.store import IDENTITY_FIELDS
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from nornir_optics.fabric import Fabric

DAY = 86400.0
T0 = 1_800_000_000.0
STORED_MODULE_KEYS = {
    "port",
    "present",
    *IDENTITY_FIELDS,
    "temperature_c",
    "voltage_v",
    "thresholds",
    "lanes",
}
STORED_PORT_KEYS = {"name", "admin", "oper", "speed", "fec", "breakout"}


@pytest.fixture(scope="module")
def dc1() -> tuple[Fabric, Fleet]:
    lab = LabRuntime(load_lab(DC1_LAB)).lab
    return lab.fabric, facts_from_lab(lab)


def _stored_view(fleet: Fleet) -> dict[str, Any]:
    """What the store keeps of a fleet's facts (it drops LLDP, children, raw vendor strings)."""
    view: dict[str, Any] = {}
    for device, facts in fleet.facts.items():
        view[device] = {
            "transceivers": {
                port: {k: v for k, v in module.items() if k in STORED_MODULE_KEYS}
                for port, module in (facts.get("transceivers") or {}).items()
            },
            "ports": {
                name: {k: v for k, v in port.items() if k in STORED_PORT_KEYS}
                for name, port in (facts.get("ports") or {}).items()
            },
        }
    return view


def test_a_run_reads_back_as_recorded(store_target: str, dc1: tuple[Fabric, Fleet]) -> None:
    fabric, fleet = dc1
    fleet = Fleet(facts=fleet.facts, errors={"ghost": ("unreachable", "TimeoutError: timed out")})
    report = audit_live(fabric, fleet)
    with open_store(store_target) as store:
        run_id = store.record(fabric, fleet, report, at=T0, poller="poller-a")
        snapshot = store.snapshot(run_id)
        (info,) = store.runs()
    assert info.id == run_id
    assert info.started_at == T0
    assert info.poller == "poller-a"
    assert info.partial
    assert info.devices == len(fleet.facts) + 1
    assert info.by_severity == report.summary()["by_severity"]
    assert len(info.intent_hash) == 64
    assert snapshot.fleet.errors == {"ghost": ("unreachable", "TimeoutError: timed out")}
    assert _stored_view(snapshot.fleet) == _stored_view(fleet)
    assert sorted(snapshot.findings, key=lambda f: f.model_dump_json()) == sorted(
        report.findings, key=lambda f: f.model_dump_json()
    )


def test_runs_list_oldest_first_and_prune_forgets_old_ones(
    store_target: str, dc1: tuple[Fabric, Fleet]
) -> None:
    fabric, fleet = dc1
    report = audit_live(fabric, fleet)
    with open_store(store_target) as store:
        ids = [store.record(fabric, fleet, report, at=T0 + day * DAY) for day in (2, 0, 1)]
        assert [info.id for info in store.runs()] == [ids[1], ids[2], ids[0]]
        assert [info.id for info in store.runs(limit=2)] == [ids[2], ids[0]]
        assert store.prune(before=T0 + 1.5 * DAY) == 2
        assert [info.id for info in store.runs()] == [ids[0]]
        assert store.snapshot(ids[0]).fleet.facts.keys() == fleet.facts.keys()
        with pytest.raises(HistoryError, match=f"no run {ids[1]}"):
            store.snapshot(ids[1])


def test_a_run_is_one_transaction(
    store_target: str, dc1: tuple[Fabric, Fleet], monkeypatch: pytest.MonkeyPatch
) -> None:
    fabric, fleet = dc1
    report = audit_live(fabric, fleet)
    with open_store(store_target) as store:
        store.record(fabric, fleet, report, at=T0)
        real = store.db.bulk_insert

        def fail_on_findings(table: str, columns: Any, rows: Any) -> None:
            if table == "findings":
                msg = "disk full"
                raise OSError(msg)
            real(table, columns, rows)

        monkeypatch.setattr(store.db, "bulk_insert", fail_on_findings)
        with pytest.raises(OSError, match="disk full"):
            store.record(fabric, fleet, report, at=T0 + DAY)
        monkeypatch.undo()
        assert len(store.runs()) == 1
        for table in ("lanes", "modules", "interfaces", "run_devices", "findings"):
            (count,) = store.db.execute(f"SELECT count(DISTINCT run_id) FROM {table}")[0]  # noqa: S608
            assert count == 1, table


def test_history_gives_each_lane_over_the_last_runs(
    store_target: str, dc1: tuple[Fabric, Fleet]
) -> None:
    fabric, fleet = dc1
    report = audit_live(fabric, fleet)
    with open_store(store_target) as store:
        for day in range(4):
            faded = copy.deepcopy(fleet.facts)
            lane = faded["leaf1"]["transceivers"]["Ethernet63/1"]["lanes"][2]  # type: ignore[index]
            lane["rx_power_dbm"] = round(lane["rx_power_dbm"] - 0.25 * day, 2)  # type: ignore[typeddict-item]
            store.record(fabric, Fleet(facts=faded), report, at=T0 + day * DAY)
        history = store.history(runs=3, now=T0 + 3.5 * DAY)
    assert history.now == T0 + 3.5 * DAY
    series = history.lanes[("leaf1", "Ethernet63/1", 3)]
    assert series.times == (T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY)
    first = fleet.facts["leaf1"]["transceivers"]["Ethernet63/1"]["lanes"][2]["rx_power_dbm"]  # type: ignore[index, typeddict-item]
    assert series.rx == pytest.approx([first - 0.25, first - 0.5, first - 0.75], abs=0.006)
    assert len(set(series.serials)) == 1
    assert ("leaf1", "Ethernet63/1", 5) not in history.lanes  # unused lanes carry no trend


def test_a_newer_store_is_refused_in_one_line(store_target: str) -> None:
    open_store(store_target).close()
    with open_store(store_target) as store:
        store.db.execute("UPDATE optics_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(HistoryError) as caught:
        open_store(store_target)
    message = str(caught.value)
    assert "\n" not in message
    assert "schema version 99 is newer" in message
    assert "upgrade nornir-optics" in message
    assert "password" not in message


def test_an_older_store_upgrades_when_opened(
    store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        patch.setattr(schema, "VERSION", 1)
        with open_store(store_target) as old:
            assert schema.stored_version(old.db) == 1
            old.db.execute(  # a run as version 1 wrote it
                "INSERT INTO runs (started_at, tool_version, intent_hash, poller, devices, "
                "unreachable, info, warning, error, critical) "
                "VALUES (?, '0.1.0', 'abc', 'old-poller', 6, 0, 0, 1, 2, 0)",
                [T0],
            )
    with open_store(store_target) as store:
        assert store.upgraded_from == 1
        assert schema.stored_version(store.db) == schema.VERSION
        (info,) = store.runs()
    assert (info.poller, info.gather_seconds, info.by_severity["error"]) == ("old-poller", None, 2)
