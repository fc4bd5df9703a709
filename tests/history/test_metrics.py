"""Prometheus exposition: parses, passes promtool, bounded series; the exporter under 20
concurrent scrapes."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from labtools import DC1_LAB, facts_from_lab
from prometheus_client.parser import text_string_to_metric_families

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.cli.exporter import Source, make_server
from nornir_optics.history import open_store
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.metrics import exposition, series_bound, write_textfile

if TYPE_CHECKING:
    from nornir_optics.fabric import Fabric

T0 = 1_800_000_000.0


@pytest.fixture(scope="module")
def dc1() -> tuple[Fabric, Fleet]:
    lab = LabRuntime(load_lab(DC1_LAB)).lab
    return lab.fabric, facts_from_lab(lab)


def _series(text: str) -> dict[str, set[tuple[tuple[str, str], ...]]]:
    found: dict[str, set[tuple[tuple[str, str], ...]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, set()).add(tuple(sorted(sample.labels.items())))
    return found


def test_exposition_parses_and_names_carry_units(dc1: tuple[Fabric, Fleet]) -> None:
    fabric, fleet = dc1
    report = audit_live(fabric, fleet)
    series = _series(exposition(fleet, report.findings, at=T0, gather_seconds=1.5))
    for name in (
        "optics_lane_rx_power_dbm",
        "optics_lane_tx_power_dbm",
        "optics_lane_tx_bias_amperes",
        "optics_module_temperature_celsius",
        "optics_module_voltage_volts",
        "optics_lane_rx_power_low_warning_dbm",
        "optics_module_info",
        "optics_findings",
        "optics_device_up",
        "optics_gather_duration_seconds",
        "optics_last_run_timestamp_seconds",
    ):
        assert series.get(name), name
    rx = series["optics_lane_rx_power_dbm"]
    assert all(dict(labels).keys() == {"device", "port", "lane"} for labels in rx)
    assert {dict(labels)["severity"] for labels in series["optics_findings"]} <= {
        "info",
        "warning",
        "error",
        "critical",
    }


def test_series_stay_bounded_when_modules_are_swapped(dc1: tuple[Fabric, Fleet]) -> None:
    fabric, fleet = dc1
    before = _series(exposition(fleet, audit_live(fabric, fleet).findings, at=T0))
    swapped = copy.deepcopy(fleet.facts)
    for facts in swapped.values():
        for module in (facts.get("transceivers") or {}).values():
            if module.get("present"):
                module["serial"] = "NEW" + module.get("serial", "")
    after_fleet = Fleet(facts=swapped)
    after = _series(exposition(after_fleet, audit_live(fabric, after_fleet).findings, at=T0))
    lane_names = [name for name in before if name.startswith("optics_lane_")]
    assert lane_names
    for name in lane_names:
        assert before[name] == after[name], name  # a new serial makes no new per-lane series
    assert len(after["optics_module_info"]) == len(before["optics_module_info"])
    for device, facts in fleet.facts.items():
        cages = len(facts.get("transceivers") or {})
        mine = sum(1 for labels in set().union(*before.values()) if ("device", device) in labels)
        assert mine <= series_bound(cages, 8), device


@pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool not installed (make promtool)"
)
def test_promtool_accepts_the_exposition(dc1: tuple[Fabric, Fleet], tmp_path: Path) -> None:
    fabric, fleet = dc1
    target = tmp_path / "optics.prom"
    write_textfile(target, exposition(fleet, audit_live(fabric, fleet).findings, at=T0))
    assert not [p for p in tmp_path.iterdir() if p.name != "optics.prom"]  # no temp file left
    checked = subprocess.run(
        ["promtool", "check", "metrics"],  # noqa: S607
        input=target.read_text(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_exporter_answers_20_concurrent_scrapes(
    dc1: tuple[Fabric, Fleet], tmp_path: Path
) -> None:
    fabric, fleet = dc1
    db = str(tmp_path / "history.db")
    with open_store(db) as store:
        store.record(fabric, fleet, audit_live(fabric, fleet), at=T0, gather_seconds=2.0)
    server = make_server(Source(db=db), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/metrics"

    def scrape(_: int) -> tuple[int, bytes]:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()

    try:
        with ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(scrape, range(20)))
    finally:
        server.shutdown()
        server.server_close()
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    assert b"optics_gather_duration_seconds 2.0" in answers[0][1]


MONITORING = Path(__file__).resolve().parents[2] / "docs" / "monitoring"


@pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool not installed (make promtool)"
)
def test_promtool_accepts_the_alert_rules() -> None:
    checked = subprocess.run(  # noqa: S603
        ["promtool", "check", "rules", str(MONITORING / "alerts.yml")],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_dashboard_queries_only_exported_families(dc1: tuple[Fabric, Fleet]) -> None:
    fabric, fleet = dc1
    exported = set(
        _series(exposition(fleet, audit_live(fabric, fleet).findings, at=T0, gather_seconds=1.0))
    )
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            names = set(re.findall(r"optics_[a-z_]+", target["expr"]))
            assert names <= exported | {"optics_lane_rx_trend_db_per_day"}, names
