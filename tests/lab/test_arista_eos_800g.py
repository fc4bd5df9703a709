"""EOS at 800G (DCS-7060X6-64PE, -64DE): the lab against a real 7060X6 capture, and 800G syntax.

The real ``show inventory`` of a DCS-7060X6-64PE (ntc-templates, tests/captures/PROVENANCE.md)
is the only captured 800G EOS output; the lab's inventory follows it line for line where the
lab models the same thing, and ntc-templates and our parser read both alike.
"""

from __future__ import annotations

import json
from pathlib import Path

from labtools import ROOT, run_cli
from ntc_templates.parse import parse_output

from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms.arista_eos.parse import PARSERS

CAPTURE = Path(__file__).resolve().parent.parent / "captures" / "arista_eos" / "show_inventory"
REAL_7060X6 = CAPTURE / "ntc_7060x6_800g_osfp_qsfp112.raw"
LAB800 = ROOT / "inventory" / "lab800.yaml"


def _lab() -> LabRuntime:
    return LabRuntime(load_lab(LAB800))


def test_our_parser_reads_the_real_7060x6_inventory() -> None:
    expected = json.loads(REAL_7060X6.with_suffix(".expected.json").read_text())
    del expected["_notes"]
    assert PARSERS["show inventory"](REAL_7060X6.read_text()) == expected


def test_lab_inventory_follows_the_real_7060x6() -> None:
    real = [line.rstrip() for line in REAL_7060X6.read_text().splitlines()]
    ours = run_cli(_lab(), "spine1", "show inventory").splitlines()
    # the system line, word for word, and the column rules of every table the lab prints
    assert ours[3] == real[3]
    assert ours[:3] == real[:3]
    fans = [line for line in real if "FAN-" in line]
    assert [line.split()[1:3] for line in ours if "FAN-" in line] == [
        line.split()[1:3] for line in fans
    ]
    header = real.index("  Port Manufacturer     Model            Serial Number    Rev")
    assert header + 1 < len(real)
    assert real[header] in ours
    assert real[header + 1] in ours


def test_ntc_reads_the_lab_7060x6_inventory_as_it_reads_the_real_one() -> None:
    real = parse_output(
        platform="arista_eos", command="show inventory", data=REAL_7060X6.read_text()
    )
    ours = parse_output(
        platform="arista_eos",
        command="show inventory",
        data=run_cli(_lab(), "spine1", "show inventory"),
    )
    assert ours[0]["pid"] == real[0]["pid"] == "DCS-7060X6-64PE"
    assert ours[0]["descr"] == real[0]["descr"]
    twin = next(row for row in ours if row["pid"].startswith("OSFP"))
    assert (twin["descr"], twin["pid"]) == ("Arista Networks", "OSFP-800G-2XDR4")


def test_eos_800g_speed_words_in_the_lab_running_config() -> None:
    runtime = _lab()
    config = run_cli(runtime, "leaf4", "enable", "show running-config")
    # 8 x 100G children run 100g-1 (one lane each), a 1 x 800G port 800g-8 (AVD's speed list)
    assert "interface Ethernet1/8\n   description srv408:eth0\n   speed 100g-1" in config
    assert "speed 800g-8" in config
    spine = run_cli(runtime, "spine1", "enable", "show running-config")
    assert "interface Ethernet9/1\n   speed 200g-2" in spine  # the planted 4 x 200G
