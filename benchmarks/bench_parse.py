"""Parse throughput per platform: devices per second for a full gather's outputs.

For each platform, a one-switch lab with every cage holding a 400GBASE-DR4 (8 reported lanes)
renders the outputs of the driver's gather commands (the lab prints what the real switch
prints); the benchmark then times ``facts_from_outputs`` on them, side by side for the four
platforms in one run. Run: ``make bench`` or ``python benchmarks/bench_parse.py``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms import get_platform

MODELS = {
    "arista_eos": ("DCS-7060DX5-64S", "Ethernet{n}/1", 64),
    "cisco_nxos": ("N9K-C9364D-GX2A", "Ethernet1/{n}", 64),
    "juniper_junos": ("QFX5220-32CD", "et-0/0/{i}", 32),
    "sonic": ("MSN4700", "Ethernet{abslane}", 32),
}
ENABLE = {"arista_eos": ["enable"], "sonic": [], "cisco_nxos": [], "juniper_junos": []}


def outputs_for(platform: str, folder: Path) -> tuple[dict[str, str], int]:
    """The gather commands' outputs of a fully populated switch of that platform."""
    model, template, ports = MODELS[platform]
    links = [
        {
            "a": "sw:" + template.format(n=n, i=n - 1, abslane=(n - 1) * 8),
            "z": f"srv{n}:eth0",
            "optic": "400GBASE-DR4",
            "cable": {"fiber": "smf", "connector": "mpo12-apc", "length_m": 50},
        }
        for n in range(1, ports + 1)
    ]
    yaml = YAML()
    with (folder / "intent.yaml").open("w") as stream:
        yaml.dump({"version": 1, "links": links}, stream)
    with (folder / "lab.yaml").open("w") as stream:
        yaml.dump({"devices": {"sw": {"platform": platform, "model": model}}}, stream)
    runtime = LabRuntime(load_lab(folder / "lab.yaml"))
    personality = runtime.personalities["sw"]
    session = Session(device=runtime.device("sw"), user="admin")
    for line in ENABLE[platform]:
        personality.handle(session, line)
    driver = get_platform(platform)
    commands = dict.fromkeys((*driver.MODULE_COMMANDS, *driver.DOM_COMMANDS, *driver.PORT_COMMANDS))
    return {command: personality.handle(session, command) for command in commands}, ports


def main() -> None:
    """Time a full-device parse per platform and print devices/s and lines/s."""
    header = ("platform", "ports", "lines", "ms/device", "devices/s", "lines/s")
    print("{:<14} {:>5} {:>6} {:>10} {:>10} {:>10}".format(*header))
    for platform in MODELS:
        with tempfile.TemporaryDirectory() as tmp:
            outputs, ports = outputs_for(platform, Path(tmp))
        driver = get_platform(platform)
        lines = sum(text.count("\n") for text in outputs.values())
        rounds = 20
        started = time.perf_counter()
        for _ in range(rounds):
            facts = driver.facts_from_outputs(outputs)
        elapsed = (time.perf_counter() - started) / rounds
        assert len(facts.get("transceivers", {})) >= ports, platform  # noqa: S101 - a sanity check
        print(
            f"{platform:<14} {ports:>5} {lines:>6} {elapsed * 1000:>10.2f} {1 / elapsed:>10.1f} "
            f"{lines / elapsed:>10.0f}"
        )


if __name__ == "__main__":
    main()
