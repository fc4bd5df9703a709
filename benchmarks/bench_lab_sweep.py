"""Lab scale: 200 simulated 64-port switches in one process, swept by Netmiko with 50 workers.

Generates a fabric (EOS DCS-7060DX5-64S switches in pairs, every port a cabled DR4 link),
starts it with `lab up`, reads the lab's RSS, then runs `show interfaces transceiver` on every
device through Nornir + nornir_netmiko with 50 workers, and prints the figures. Run:
``make bench`` (or ``python benchmarks/bench_lab_sweep.py [SWITCHES] [WORKERS]``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from nornir_netmiko.tasks import netmiko_send_command
from ruamel.yaml import YAML

from nornir_optics.collect import init_nornir
from nornir_optics.lab.control import down, up

PORTS = 64


def build(folder: Path, switches: int) -> Path:
    """Write lab.yaml + intent.yaml: switch pairs cabled port to port with DR4."""
    devices = {
        f"sw{n:03d}": {"platform": "arista_eos", "model": "DCS-7060DX5-64S"}
        for n in range(switches)
    }
    names = list(devices)
    links = [
        {
            "a": f"{names[i]}:Ethernet{p}/1",
            "z": f"{names[i + 1]}:Ethernet{p}/1",
            "optic": "400GBASE-DR4",
            "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": 100},
        }
        for i in range(0, switches - 1, 2)
        for p in range(1, PORTS + 1)
    ]
    yaml = YAML()
    with (folder / "intent.yaml").open("w") as stream:
        yaml.dump({"version": 1, "links": links}, stream)
    with (folder / "lab.yaml").open("w") as stream:
        yaml.dump({"intent": "intent.yaml", "devices": devices}, stream)
    return folder / "lab.yaml"


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Build, start, sweep, print, stop."""
    args = [*sys.argv[1:], "200", "50"]
    switches, workers = int(args[0]), int(args[1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lab_file = build(folder, switches)
        out = folder / "run"
        started = time.perf_counter()
        info = up(lab_file, out, timeout=120)
        ready = time.perf_counter() - started
        pid = int(str(info["pid"]))
        try:
            idle = rss_mb(pid)
            nr = init_nornir(out, workers=workers)
            sweep_start = time.perf_counter()
            result = nr.run(task=netmiko_send_command, command_string="show interfaces transceiver")
            sweep = time.perf_counter() - sweep_start
            failed = sorted(result.failed_hosts)
            busy = rss_mb(pid)
        finally:
            down(out)
    print(f"switches: {switches} x {PORTS} ports, Nornir workers: {workers}")
    print(f"lab ready in {ready:.2f} s; lab RSS idle {idle:.0f} MB, after the sweep {busy:.0f} MB")
    print(
        f"Netmiko sweep (connect + show interfaces transceiver + disconnect): {sweep:.2f} s, "
        f"{switches / sweep:.1f} devices/s, {len(failed)} failed {failed[:3]}"
    )


if __name__ == "__main__":
    main()
