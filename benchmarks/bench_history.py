"""History store at fleet scale: a generated 1,000-switch fleet (64 ports x 8 lanes) over N runs.

Prints record time per run, store size per run, and the time of the queries the CLI runs:
`optics history show` (one port over every run), `optics drift` (two snapshots and the diff)
and the trend input (last 14 runs of every lane). Run: ``make bench`` (90 runs) or
``python benchmarks/bench_history.py --runs 10 --devices 1000 [--db postgresql://...]``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from nornir_optics.checks.live import Fleet
from nornir_optics.fabric import load_fabric
from nornir_optics.findings import Report
from nornir_optics.history import open_store
from nornir_optics.history.drift import drift

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400.0
SWAP_RUN = 45
"""From this run on, every switch's first module is another one (the drift has work)."""
LEVELS = {"high_alarm": 6.0, "high_warning": 4.0, "low_warning": -5.9, "low_alarm": -8.9}


def fleet(devices: int, day: int, rng: random.Random) -> Fleet:
    """Every switch full of 8-lane DR4s, Rx wobbling from run to run."""
    facts = {}
    for index in range(devices):
        transceivers = {}
        for port in range(1, 65):
            name = f"Ethernet{port}/1"
            transceivers[name] = {
                "port": name,
                "present": True,
                "media_type": "400GBASE-DR4",
                "vendor": "Arista Networks",
                "part_number": "QDD-400G-DR4",
                "serial": f"XK{index:05d}{port:02d}"
                + ("B" if day >= SWAP_RUN and port == 1 else ""),
                "revision": "A1",
                "firmware": "2.8",
                "temperature_c": round(40 + rng.random() * 5, 1),
                "voltage_v": 3.3,
                "thresholds": {"rx_power_dbm": LEVELS, "tx_power_dbm": LEVELS},
                "lanes": [
                    {
                        "lane": lane,
                        "state": "ok",
                        "rx_power_dbm": round(-1.0 + rng.uniform(-0.3, 0.3), 2),
                        "tx_power_dbm": round(1.0 + rng.uniform(-0.3, 0.3), 2),
                        "tx_bias_ma": round(7.2 + rng.uniform(-0.5, 0.5), 2),
                    }
                    for lane in range(1, 9)
                ],
            }
        ports = {
            f"Ethernet{port}/1": {
                "name": f"Ethernet{port}/1",
                "admin": "up",
                "oper": "up",
                "speed": "400G",
                "fec": "rs544",
            }
            for port in range(1, 65)
        }
        facts[f"sw{index:04d}"] = {"transceivers": transceivers, "ports": ports}
    return Fleet(facts=facts)  # type: ignore[arg-type]


def main() -> None:
    """Record, then query, and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=90)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    fabric = load_fabric(ROOT / "inventory")
    report = Report(findings=(), devices=args.devices, ports=args.devices * 64)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        target = args.db or str(Path(folder) / "history.db")
        times = []
        with open_store(target) as store:
            for run in range(args.runs):
                snapshot = fleet(args.devices, run, rng)
                started = time.perf_counter()
                store.record(fabric, snapshot, report, at=1.8e9 + run * DAY)
                times.append(time.perf_counter() - started)
            lanes = args.devices * 64 * 8
            print(f"{args.devices} devices x 64 ports x 8 lanes = {lanes} lane rows per run")
            print(
                f"record: median {sorted(times)[len(times) // 2]:.2f} s, max {max(times):.2f} s "
                f"({lanes / sorted(times)[len(times) // 2]:,.0f} lane rows/s)"
            )
            if not target.startswith("postgres"):
                size = sum(p.stat().st_size for p in Path(folder).glob("history.db*"))
                print(
                    f"store: {size / 2**20:.0f} MiB for {args.runs} runs = "
                    f"{size / args.runs / 2**20:.1f} MiB per run "
                    f"({size / args.runs / lanes:.1f} B/lane)"
                )
            runs = store.runs()
            started = time.perf_counter()
            points = store.port_history("sw0500", "Ethernet33/1")
            print(
                f"history show (one port, {len(points)} lane points): "
                f"{(time.perf_counter() - started) * 1000:.0f} ms"
            )
            started = time.perf_counter()
            old, new = store.snapshot(runs[-2].id), store.snapshot(runs[-1].id)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            changes = drift(old, new, rx_db=1.0)
            print(
                f"drift: load two runs {loaded:.1f} s, "
                f"compare {time.perf_counter() - started:.1f} s "
                f"({len(changes)} changes)"
            )
            started = time.perf_counter()
            history = store.history(runs=14, now=runs[-1].started_at + 1)
            print(
                f"trend input (14 runs, {len(history.lanes)} lanes): "
                f"{time.perf_counter() - started:.1f} s"
            )


if __name__ == "__main__":
    main()
