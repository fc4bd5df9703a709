"""Fleet scale, side by side in one run: audit time, client CPU, parse throughput, memory.

Audit wall time, client CPU against bare NAPALM, offline parse+check throughput, and client
memory and CPU per device as the fleet grows.

Every fabric comes from ``optics lab generate`` (leaves cycling through EOS, NX-OS, SONiC and
Junos, 2 uplinks and 16 server links a leaf, seeded faults with their expected findings).
Clients run as subprocesses; their CPU and peak RSS come from ``wait4``'s resource usage.

* P1: ``optics audit`` wall time on the 1,000-leaf fabric (1,034 switches) with 50 ms of
  latency per command, at 20 and at 50 workers; every planted fault found and no false
  finding, per run.
* P2: the audit client's CPU per device divided by a bare Nornir ``napalm_get(optics)`` sweep
  (NAPALM covers EOS over eAPI, NX-OS over SSH and Junos over NETCONF; SONiC has no NAPALM
  driver), against the same lab in the same run.
* P4: offline parse+check throughput (process CPU: ``facts_from_outputs`` of every device's
  rendered outputs, then ``audit_live``), devices/s per core.
* P5: client peak RSS and CPU per device of ``optics audit`` (no latency) at 100, 1,000 and
  3,000 devices, and of the offline path at 10,000 devices (the outputs rendered by a separate
  producer process and streamed in).

It prints figures and ratios; it asserts no timer. Run: ``make bench`` or
``python benchmarks/bench_fleet.py [--quick]`` (``--quick``: 100 leaves, P5 at 100 and 300, the
offline run at 1,000). The machine's other load is printed beside the figures (load average):
on a shared machine they are noisy; the ratios of one run are what to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.generate import check_findings, generate

OPTICS = Path(sys.executable).with_name("optics")

NAPALM_SWEEP = """
import sys
from pathlib import Path
from nornir_napalm.plugins.tasks import napalm_get
from nornir_optics.nornir_config import open_nornir
nr = open_nornir(Path(sys.argv[1]), workers=int(sys.argv[2]))[0]
napalm = {"arista_eos", "cisco_nxos", "juniper_junos"}
nr = nr.filter(filter_func=lambda host: host.platform in napalm)
result = nr.run(task=napalm_get, getters=["optics"])
print(len(nr.inventory.hosts), len(result.failed_hosts))
"""

PRODUCER = """
import json, sys
from pathlib import Path
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms import get_platform
runtime = LabRuntime(load_lab(Path(sys.argv[1])))
out = sys.stdout
for name, device in runtime.lab.devices.items():
    personality = runtime.personalities[name]
    session = Session(device=device, user="admin")
    if device.platform == "arista_eos":
        personality.handle(session, "enable")
    driver = get_platform(device.platform)
    commands = dict.fromkeys((*driver.MODULE_COMMANDS, *driver.DOM_COMMANDS,
                              *driver.PORT_COMMANDS, *driver.PRIVILEGED_PORT_COMMANDS))
    outputs = {command: personality.handle(session, command) for command in commands}
    out.write(json.dumps({"device": name, "platform": device.platform, "outputs": outputs}))
    out.write("\\n")
"""

CONSUMER = """
import json, sys, time
from pathlib import Path
from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.facts import FACTS
from nornir_optics.fabric import load_fabric
from nornir_optics.platforms import get_platform
fabric = load_fabric(Path(sys.argv[1]))
facts = {}
parse_cpu = 0.0
for line in sys.stdin:
    record = json.loads(line)
    started = time.process_time()
    driver = get_platform(record["platform"])
    facts[record["device"]] = FACTS.validate_python(driver.facts_from_outputs(record["outputs"]))
    parse_cpu += time.process_time() - started
started = time.process_time()
report = audit_live(fabric, Fleet(facts=facts))
check_cpu = time.process_time() - started
print(json.dumps({"devices": len(facts), "parse_cpu": parse_cpu, "check_cpu": check_cpu,
                  "findings": [f.to_dict() for f in report.findings]}))
"""


def measured(
    command: list[str],
    timeout: float = 1800.0,
    **kwargs: Any,  # noqa: ANN401
) -> tuple[float, float, float, str]:
    """Run a child; its wall seconds, CPU seconds (user + sys), peak RSS (MB) and stdout.

    A child still running after ``timeout`` is killed (its figures then cover the time it ran).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, **kwargs)  # noqa: S603
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
            time.sleep(0.2)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        stdout.seek(0)
        text = stdout.read().decode()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def lab_rss_mb(info: dict[str, Any]) -> float:
    """Resident memory of every process of a served lab, in MB."""
    total = 0.0
    for pid in info.get("pids", [info["pid"]]):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def expected_of(folder: Path) -> list[dict[str, Any]]:
    """The generated fabric's expected findings."""
    return list(YAML(typ="safe").load((folder / "expected.yaml").read_text())["findings"])


def audit(run: Path, workers: int, report: Path) -> tuple[float, float, float, int]:
    """``optics audit`` of a served lab: wall, CPU, peak RSS and its exit code."""
    wall, cpu, rss, _ = measured(
        [
            *(str(OPTICS), "audit", "-i", str(run), "--workers", str(workers)),
            *("--format", "json", "--output", str(report)),
        ]
    )
    return wall, cpu, rss, 0


def verdict(folder: Path, report: Path) -> str:
    """Whether a report found every planted fault and nothing false."""
    findings = json.loads(report.read_text())["findings"]
    missing, false = check_findings(expected_of(folder), findings)
    errors = [f for f in findings if f["port"] == "-"]
    return f"missing {len(missing)}, false {len(false)}, unreadable devices {len(errors)}"


def p1_p2(root: Path, leaves: int, latency: int, procs: int, runs: int) -> None:
    """Audit wall time at 20 and 50 workers, and client CPU against bare NAPALM, one lab."""
    folder = root / f"p1-{leaves}"
    made = generate(folder, leaves=leaves, faults=100, seed=7, latency_ms=latency)
    started = time.perf_counter()
    info = up(folder / "lab.yaml", folder / "run", procs=procs)
    print(
        f"lab: {made.spines + made.leaves} switches, {made.links} links, {made.faults} faults, "
        f"{latency} ms latency, {procs} lab processes: up in {time.perf_counter() - started:.1f} s,"
        f" {lab_rss_mb(info):.0f} MB"
    )
    devices = made.spines + made.leaves
    try:
        cpu_20 = 0.0
        for workers in (20, 50):
            for n in range(runs):
                report = folder / f"audit-{workers}-{n}.json"
                wall, cpu, rss, _ = audit(folder / "run", workers, report)
                cpu_20 = cpu_20 or cpu
                print(
                    f"P1 audit, {workers} workers, run {n + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU "
                    f"({cpu / devices * 1000:.0f} ms/device), peak {rss:.0f} MB; "
                    f"{verdict(folder, report)}; lab {lab_rss_mb(info):.0f} MB"
                )
        wall, cpu, _, text = measured(
            [sys.executable, "-c", NAPALM_SWEEP, str(folder / "run"), "20"], timeout=600
        )
        if not text.split():
            print(f"P2 bare napalm_get(optics): did not finish in {wall:.0f} s ({cpu:.1f} s CPU)")
            return
        hosts, failed = (int(word) for word in text.split())
        per_napalm = cpu / max(hosts, 1)
        per_audit = cpu_20 / devices
        print(
            f"P2 bare napalm_get(optics), 20 workers: {hosts} devices ({failed} failed), "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU ({per_napalm * 1000:.0f} ms/device); "
            f"audit CPU/device / napalm CPU/device = {per_audit / per_napalm:.2f} (goal <= 1.5)"
        )
    finally:
        down(folder / "run")


def p4_p5_offline(root: Path, leaves: int) -> None:
    """Offline parse+check: throughput per core, and the consumer's peak RSS."""
    folder = root / f"offline-{leaves}"
    made = generate(folder, leaves=leaves, faults=50, seed=5)
    producer = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PRODUCER, str(folder / "lab.yaml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    wall, cpu, rss, text = measured(
        [sys.executable, "-c", CONSUMER, str(folder)], stdin=producer.stdout
    )
    producer.wait()
    result = json.loads(text)
    devices = int(result["devices"])
    missing, false = check_findings(expected_of(folder), result["findings"])
    parse, check = float(result["parse_cpu"]), float(result["check_cpu"])
    print(
        f"P4 offline, {devices} devices ({made.leaves} leaves): parse {parse:.1f} s CPU, "
        f"check {check:.1f} s CPU: {devices / (parse + check):.0f} devices/s/core parse+check "
        f"(goal >= 200), parse alone {devices / parse:.0f}/s; missing {len(missing)}, "
        f"false {len(false)}"
    )
    print(
        f"P5 offline, {devices} devices: peak RSS {rss:.0f} MB (goal <= 700 MB at 10,000), "
        f"{cpu / devices * 1000:.1f} ms CPU/device in all, {wall:.0f} s wall"
    )


def p5_served(root: Path, sizes: list[int], procs: int) -> None:
    """Client peak RSS and CPU per device of ``optics audit`` as the fleet grows (no latency)."""
    per_device: list[float] = []
    for leaves in sizes:
        folder = root / f"p5-{leaves}"
        made = generate(folder, leaves=leaves, faults=min(50, leaves // 2), seed=3)
        devices = made.spines + made.leaves
        up(folder / "lab.yaml", folder / "run", procs=procs)
        try:
            report = folder / "audit.json"
            wall, cpu, rss, _ = audit(folder / "run", 50, report)
        finally:
            down(folder / "run")
        per_device.append(cpu / devices)
        print(
            f"P5 audit, {devices} devices, 50 workers: peak {rss:.0f} MB, "
            f"{cpu / devices * 1000:.1f} ms CPU/device, {wall:.1f} s wall; "
            f"{verdict(folder, report)}"
        )
    spread = (max(per_device) - min(per_device)) / min(per_device) * 100
    print(f"P5 CPU/device spread from {sizes[0]} to {sizes[-1]} leaves: {spread:.0f}% (goal 10%)")


def main() -> None:
    """Run P1, P2, P4 and P5 and print their figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--leaves", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1, help="P1 audits at each worker count")
    parser.add_argument("--only", default="p1,p4,p5", help="Parts to run (p1 includes p2).")
    args = parser.parse_args()
    leaves = 100 if args.quick else args.leaves
    sizes = [100, 300] if args.quick else [100, 1000, 3000]
    offline = 1000 if args.quick else 10000
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "p1" in args.only:
            p1_p2(root, leaves, args.latency_ms, args.procs, args.runs)
        if "p4" in args.only:
            p4_p5_offline(root, 100 if args.quick else 1000)
            p4_p5_offline(root, offline)
        if "p5" in args.only:
            p5_served(root, sizes, args.procs)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
