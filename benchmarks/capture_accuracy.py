"""Field accuracy of the parsers on tests/captures: leaf fields right / expected, per capture.

Run: ``.venv/bin/python benchmarks/capture_accuracy.py [-v]``. A field is a leaf of the expected
facts (``transceivers.Ethernet1.lanes.2.rx_power_dbm``); it is right when the parse has the same
value at the same path. Fields the parse has and the expected file does not count as wrong too
(a value the raw text does not carry). A capture whose parse raises counts every field wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "captures"))

from test_captures import _expected_files, expected_of, parse_capture  # noqa: E402


def leaves(value: Any, prefix: str = "") -> dict[str, Any]:  # noqa: ANN401 - JSON
    """Every leaf of a JSON value by its dotted path (list items by their ``lane`` or index)."""
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found.update(leaves(item, f"{prefix}{key}."))
        return found
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        found = {}
        for index, item in enumerate(value):
            found.update(leaves(item, f"{prefix}{item.get('lane', index)}."))
        return found
    return {prefix.rstrip("."): value}


def main() -> None:
    """Print per-capture misses (with ``-v``), then field accuracy per platform and in total."""
    verbose = "-v" in sys.argv
    score: dict[str, list[int]] = {}
    for expected in _expected_files():
        platform = expected.parent.parent.name
        want = leaves(expected_of(expected))
        try:
            got = leaves(parse_capture(expected))
        except Exception as exc:  # noqa: BLE001 - a crash counts every field wrong
            got = {}
            print(f"{expected.name}: raised {type(exc).__name__}: {exc}"[:200])
        good = sum(1 for path, value in want.items() if got.get(path, object()) == value)
        extra = [path for path in got if path not in want]
        tally = score.setdefault(platform, [0, 0, 0])
        tally[0] += good
        tally[1] += len(want) + len(extra)
        tally[2] += 1
        if verbose and (good < len(want) or extra):
            print(f"{expected.parent.name}/{expected.name}: {good}/{len(want)}, {len(extra)} extra")
            for path, value in want.items():
                if got.get(path, object()) != value:
                    print(f"   want {path} = {value!r}, got {got.get(path, '<absent>')!r}")
            for path in extra[:20]:
                print(f"   extra {path} = {got[path]!r}")
    for platform, (right, total, captures) in sorted(score.items()):
        share = 100 * right / max(total, 1)
        print(f"{platform:14} {captures:3} captures  {right:5}/{total:<5} fields  {share:5.1f}%")
    right = sum(tally[0] for tally in score.values())
    total = sum(tally[1] for tally in score.values())
    print(f"fields right: {right}/{total} = {100 * right / max(total, 1):.1f}%")


if __name__ == "__main__":
    main()
