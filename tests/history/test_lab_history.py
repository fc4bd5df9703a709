"""30 recorded runs over 30 simulated days on a served lab: one lane fades, one module is
swapped on day 10. Drift shows the swap alone that day; after day 20 the audit forecasts the
fading lane; no steady lane gets a trend; every run is one transaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.history import open_store
from nornir_optics.lab.control import advance, down, set_module, up

if TYPE_CHECKING:
    from collections.abc import Iterator

FADE_LAB = Path(__file__).resolve().parents[1] / "fabrics" / "fade" / "lab.yaml"
FADE_DB_PER_DAY = 0.2
SWAP_DAY = 10


@pytest.fixture(scope="module")
def thirty_days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    out = tmp_path_factory.mktemp("fade-lab")
    db = str(out / "history.db")
    up(FADE_LAB, out)
    runner = CliRunner()
    audits: dict[int, dict[str, object]] = {}
    runs: dict[int, int] = {}
    clock: dict[int, float] = {}
    swap: dict[str, str] = {}
    try:
        for day in range(30):
            answer = advance(out, 1.0) if day else advance(out, 0.0)
            if day == SWAP_DAY:
                swap = set_module(out, "leaf1:Ethernet64/1", {"module": "400GBASE-DR4"})
            clock[day] = float(answer["clock"])
            result = runner.invoke(
                app,
                [
                    "audit",
                    "-i",
                    str(out),
                    "--record",
                    "--db",
                    db,
                    "--at",
                    str(clock[day]),
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                ],
            )
            assert result.exit_code == 0, result.output
            audits[day] = json.loads(result.stdout)
            with open_store(db) as store:
                runs[day] = store.runs()[-1].id
        yield {"dir": out, "db": db, "audits": audits, "runs": runs, "clock": clock, "swap": swap}
    finally:
        down(out)


def _trends(audit: dict[str, object]) -> list[dict[str, object]]:
    return [f for f in audit["findings"] if f["category"] == "dom-trend"]  # type: ignore[attr-defined, index]


@pytest.mark.lab
def test_drift_shows_the_swap_and_nothing_else_that_day(thirty_days: dict[str, object]) -> None:
    runs = thirty_days["runs"]
    result = CliRunner().invoke(
        app,
        [
            "drift",
            "--db",
            thirty_days["db"],
            "--run",
            str(runs[SWAP_DAY]),  # type: ignore[index]
            "--since",
            str(runs[SWAP_DAY - 1]),
            "--format",
            "json",
        ],  # type: ignore[index]
    )
    assert result.exit_code == 1, result.output
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["device"], c["port"]) for c in changes] == [
        ("module-swapped", "leaf1", "Ethernet64/1")
    ]
    assert changes[0]["after"] == thirty_days["swap"]["serial"]  # type: ignore[index]
    assert changes[0]["before"]
    assert changes[0]["before"] != changes[0]["after"]


@pytest.mark.lab
def test_the_fading_lane_is_forecast_after_day_20(thirty_days: dict[str, object]) -> None:
    audits, clock = thirty_days["audits"], thirty_days["clock"]
    day = 21
    (trend,) = _trends(audits[day])  # type: ignore[index]
    assert (trend["device"], trend["port"]) == ("spine1", "Ethernet2/1")
    assert "lane 3 Rx falls 0.2" in trend["message"]
    (lane,) = trend["details"]["lanes"]
    # The lab: Rx = 1.0 dBm far-end Tx - 0.048 dB fibre - 1.0 dB connectors - 0.2 dB/day.
    crossing_day = (1.0 - 0.048 - 1.0 + 5.9) / FADE_DB_PER_DAY
    expected = datetime.fromtimestamp(clock[0], tz=UTC) + timedelta(days=crossing_day)  # type: ignore[index]
    forecast = datetime.fromisoformat(lane["low_warning_date"]).replace(tzinfo=UTC)
    assert abs((forecast - expected).total_seconds()) <= 2 * 86400, (forecast, expected)
    assert "crosses low-warning (-5.9 dBm) in about" in trend["message"]


@pytest.mark.lab
def test_no_steady_lane_gets_a_trend_and_each_run_is_one_transaction(
    thirty_days: dict[str, object],
) -> None:
    for audit in thirty_days["audits"].values():  # type: ignore[attr-defined]
        assert all((t["device"], t["port"]) == ("spine1", "Ethernet2/1") for t in _trends(audit))
    with open_store(thirty_days["db"]) as store:  # type: ignore[arg-type]
        runs = store.runs()
        assert len(runs) == 30
        per_run = dict(store.db.execute("SELECT run_id, count(*) FROM lanes GROUP BY run_id"))
        assert set(per_run) == {info.id for info in runs}
        assert len(set(per_run.values())) == 1
    password = (
        (Path(thirty_days["dir"]) / "defaults.yaml").read_text().split("password:")[1].strip()
    )  # type: ignore[arg-type]
    assert password.encode() not in Path(thirty_days["db"]).read_bytes()  # type: ignore[arg-type]


@pytest.mark.lab
def test_the_html_report_draws_each_lane_over_the_runs(
    thirty_days: dict[str, object], tmp_path: Path
) -> None:
    page = tmp_path / "audit.html"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            "-i",
            str(thirty_days["dir"]),
            "--db",
            str(thirty_days["db"]),
            "--format",
            "html",
            "--output",
            str(page),
            "--fail-on",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    text = page.read_text()
    assert text.count('<svg class="spark"') >= 8
    assert 'id="trends"' in text
    assert "Drift since the previous run" in text
