"""Intent load at fleet scale: the round-trip loader of fce1041 against the fast safe loader.

Writes an 18,000-link intent (the fabric of ``bench_plan_audit.py``, cut to size), then loads
it into a fabric once per loader, each in a fresh process, and prints side by side: CPU and
wall seconds of ``load_intent`` and the process's peak RSS (``getrusage``), with its growth
over the RSS before the load. Run: ``python benchmarks/bench_intent_load.py``.

The round-trip loader is ``load_yaml_roundtrip``: reading as up to fce1041 (ruamel's
round-trip tree, kept in the fabric, and a line index of every node), after the fast loader's
pass that refuses hostile input (about a second of its figures).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_plan_audit import build
from nornir_optics.inventory import load_inventory

from nornir_optics import fabric
from nornir_optics.catalog import load_catalog
from nornir_optics.yamlfile import load_yaml_roundtrip

LINKS = 18_000
SWITCHES = 375  # 48 ports a switch on average: 18,000 links
LOADERS = ("round-trip", "fast safe")


def measure(loader: str, folder: Path) -> dict[str, float]:
    """Load the folder's intent with one loader, in this process; return its figures."""
    if loader == LOADERS[0]:
        fabric.load_yaml = load_yaml_roundtrip
    inventory = load_inventory(folder, load_catalog())
    before = _peak_rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    loaded = fabric.load_intent(folder / "intent.yaml", inventory)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = _peak_rss_mb()
    return {
        "links": len(loaded.links),
        "cpu": cpu,
        "wall": wall,
        "peak": peak,
        "rise": peak - before,
    }


def _peak_rss_mb() -> float:
    # Linux keeps the highest RSS across fork and exec: children start from the parent's,
    # which is why the intent is written by a child too and the parent stays small.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - this script, this interpreter
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout


def main() -> None:
    """Write the intent and measure each loader, each in a child process; print the table."""
    if sys.argv[1:2] == ["--build"]:
        print(build(Path(sys.argv[2]), SWITCHES, max_links=LINKS))
        return
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        count = int(_child("--build", str(folder)))
        size = (folder / "intent.yaml").stat().st_size / 1e6
        print(f"intent: {count} links, {size:.1f} MB of YAML")
        print(
            f"{'loader':<22} {'links':>6} {'CPU s':>7} {'wall s':>7} "
            f"{'peak RSS MB':>12} {'rise MB':>8}"
        )
        figures = {}
        for loader in LOADERS:
            got = figures[loader] = json.loads(_child("--measure", loader, str(folder)))
            print(
                f"{loader:<22} {got['links']:>6.0f} {got['cpu']:>7.2f} {got['wall']:>7.2f} "
                f"{got['peak']:>12.0f} {got['rise']:>8.0f}"
            )
        old, new = (figures[loader] for loader in LOADERS)
        print(
            f"fast vs round-trip: {old['cpu'] / new['cpu']:.1f}x less CPU, "
            f"{old['rise'] / max(new['rise'], 1):.1f}x less memory taken by the load"
        )


if __name__ == "__main__":
    main()
