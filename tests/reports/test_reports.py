"""Reports: Markdown, JUnit XML, and the HTML report opened in a real headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from labtools import facts_from_lab

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.findings import Finding, Remedy, Report
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import load_lab
from nornir_optics.models import RemedyKind, Severity
from nornir_optics.reports import heat_map, to_html, to_junit, to_markdown
from nornir_optics.safexml import parse_xml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def audited() -> tuple[Report, Fleet]:
    lab = load_lab(ROOT / "inventory" / "lab.yaml")
    recompute(lab)
    fleet = facts_from_lab(lab)
    return audit_live(lab.fabric, fleet), fleet


def test_markdown_has_findings_and_work_orders(audited: tuple[Report, Fleet]) -> None:
    text = to_markdown(audited[0], "dc1")
    assert text.startswith("# dc1\n")
    assert "| leaf2 | Ethernet1/63 | error | fec-mismatch |" in text
    assert "## Work orders" in text
    assert "- [ ] **leaf2 Ethernet1/64**: insert a 400GBASE-DR4" in text


def test_junit_has_one_testcase_per_port_and_fails_the_causes(
    audited: tuple[Report, Fleet],
) -> None:
    report = audited[0]
    checked = [("spine1", "Ethernet1/1"), ("leaf2", "Ethernet1/63")]
    suite = parse_xml(to_junit(report, checked), "JUnit report")
    cases = {(case.get("classname"), case.get("name")): case for case in suite.iter("testcase")}
    assert ("spine1", "Ethernet1/1") in cases
    assert cases[("spine1", "Ethernet1/1")].find("failure") is None
    failure = cases[("leaf2", "Ethernet1/63")].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("fec-mismatch")
    assert int(suite.get("failures", "0")) == len(
        {(f.device, f.port) for f in report.findings if not f.symptom}
    )


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (make test installs Debian's chromium)")
    return ""


def test_html_report_renders_in_headless_chromium(
    audited: tuple[Report, Fleet], tmp_path: Path
) -> None:
    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(to_html(*audited, title="dc1 audit"), encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(  # noqa: S603 - a local browser on a local file
        [browser, *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert '<table id="heatmap"' in dom
    assert 'id="findings"' in dom
    assert "leaf3" in dom
    assert "Ethernet248" in dom
    assert "dark" in dom  # the lanes of leaf3:Ethernet240 and spine2:Ethernet1/2
    shot = tmp_path / "report.png"
    subprocess.run(  # noqa: S603
        [browser, *flags, "--window-size=1400,2000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000


def test_html_escapes_what_the_devices_and_the_plan_say() -> None:
    hostile = Finding(
        device="leaf<1>",
        port="Ethernet1/1",
        category="optic-mismatch",
        severity=Severity.ERROR,
        message="<script>alert('x')</script> & more",
        remedy=Remedy(kind=RemedyKind.PHYSICAL, action="swap <b>it</b> & check"),
    )
    page = to_html(Report.of([hostile], devices=1, ports=1), None, title="a <title> & co")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page
    assert "swap &lt;b&gt;it&lt;/b&gt; &amp; check" in page
    assert "<title>a &lt;title&gt; &amp; co</title>" in page
    assert "<td>leaf&lt;1&gt;</td>" in page
    assert "http" not in page.lower().replace("http-equiv", "")  # self-contained: nothing fetched


def test_html_templates_ship_in_the_package() -> None:
    templates = resources.files("nornir_optics") / "templates"
    assert {"report.html.j2", "heatmap.html.j2"} <= {item.name for item in templates.iterdir()}


def test_heat_map_cells_show_the_margin_and_shut_ports_are_drawn_apart() -> None:
    module = {
        "port": "Ethernet1/1",
        "present": True,
        "media_type": "400GBASE-DR4",
        "thresholds": {"rx_power_dbm": {"low_warning": -5.9}},
        "lanes": [{"lane": 1, "state": "ok", "rx_power_dbm": -1.0}],
    }
    facts = {
        "leaf1": {
            "transceivers": {
                "Ethernet1/1": module,
                "Ethernet2/1": {**module, "port": "Ethernet2/1"},
            }
        }
    }
    page = heat_map(Fleet(facts=facts), frozenset({("leaf1", "Ethernet2/1")}))  # type: ignore[arg-type]
    assert ">+4.9</td>" in page
    assert page.count('class="lane shut"') == 1
