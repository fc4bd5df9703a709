"""Plan-audit throughput: load + validate + audit a generated fabric, at two sizes side by side.

Prints wall time, links per second and the cost ratio between the sizes (the audit should be
linear in links: the ratio of per-link costs stays near 1). Run: ``make bench``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

from nornir_optics.checks.plan import audit_plan
from nornir_optics.fabric import load_fabric

MODELS = [
    ("arista_eos", "DCS-7060DX5-64S", "Ethernet{n}/1", 64),
    ("cisco_nxos", "N9K-C9364D-GX2A", "Ethernet1/{n}", 64),
    ("sonic", "MSN4700", "Ethernet{abslane}", 32),
    ("juniper_junos", "QFX5220-32CD", "et-0/0/{i}", 32),
]


def _port(template: str, n: int) -> str:
    return template.format(n=n, i=n - 1, abslane=(n - 1) * 8)


def build(folder: Path, switches: int, max_links: int | None = None) -> int:
    """Write a fabric of ``switches`` leaves, each with DR4 uplinks and 4x100G server breakouts.

    With ``max_links``, the intent keeps only that many links (the first ones).
    """
    hosts = {}
    links: list[dict[str, object]] = []
    for index in range(switches):
        platform, model, template, ports = MODELS[index % len(MODELS)]
        name = f"sw{index}"
        hosts[name] = {"platform": platform, "data": {"model": model}}
        for n in range(1, ports + 1):
            a = f"{name}:{_port(template, n)}"
            if n % 2:
                legs = [
                    {"port": f"{name}-srv{n}-{leg}:eth0", "optic": "100GBASE-DR"}
                    for leg in range(4)
                ]
                links.append(
                    {
                        "a": a,
                        "optic": "400GBASE-DR4",
                        "breakout": "4x100G",
                        "z": legs,
                        "cable": {"fiber": "smf", "connector": "mpo12-apc-4xlc", "length_m": 10},
                    }
                )
            else:
                links.append(
                    {
                        "a": a,
                        "z": f"core{index}-{n}:eth0",
                        "optic": "400GBASE-DR4",
                        "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": 300},
                    }
                )
    links = links[:max_links]
    yaml = YAML()
    with (folder / "hosts.yaml").open("w") as stream:
        yaml.dump(hosts, stream)
    with (folder / "intent.yaml").open("w") as stream:
        yaml.dump({"version": 1, "links": links}, stream)
    return len(links)


def measure(switches: int) -> tuple[int, float, float]:
    """Links, load seconds and audit seconds for a fabric of that size."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        count = build(folder, switches)
        start = time.perf_counter()
        fabric = load_fabric(folder)
        loaded = time.perf_counter()
        report = audit_plan(fabric)
        done = time.perf_counter()
        if report.findings:
            msg = f"generated fabric has findings: {report.findings[0]}"
            raise SystemExit(msg)
        return count, loaded - start, done - loaded


def main() -> None:
    """Measure a small and a 10x larger fabric in one run and print the figures."""
    results = [measure(switches) for switches in (20, 200)]
    print(
        f"{'switches':>8} {'links':>6} {'load s':>8} {'audit s':>8} {'links/s':>9} {'us/link':>8}"
    )
    for switches, (links, load, audit) in zip((20, 200), results, strict=True):
        per_link = (load + audit) / links * 1e6
        print(
            f"{switches:>8} {links:>6} {load:>8.3f} {audit:>8.3f} "
            f"{links / (load + audit):>9.0f} {per_link:>8.1f}"
        )
    small, large = ((load + audit) / links for links, load, audit in results)
    print(f"per-link cost ratio, 200 vs 20 switches: {large / small:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
