"""The lab password appears in no output, log, report, change log or backup of any command."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

from labtools import ROOT
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app

if TYPE_CHECKING:
    from pathlib import Path

CAPTURE = ROOT / "tests" / "captures" / "arista_eos"


def test_no_command_prints_logs_or_writes_the_password(
    fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    secret = fresh_lab["password"]
    lab = str(fresh_lab["dir"])
    out = tmp_path / "out"
    out.mkdir()
    folder = tmp_path / "env-inventory"  # the same lab, the password from the environment
    folder.mkdir()
    for name in ("hosts.yaml", "groups.yaml", "intent.yaml"):
        shutil.copy(fresh_lab["dir"] / name, folder / name)
    YAML().dump({"username": fresh_lab["username"]}, folder / "defaults.yaml")
    env = {"OPTICS_PASSWORD": secret}
    runs: list[tuple[list[str], dict[str, str], str | None]] = [
        (["intent", "check", "-i", lab], {}, None),
        (["plan", "audit", "-i", lab, "-f", "json"], {}, None),
        *[
            (["audit", "-i", lab, "-f", fmt, "--fail-on", "never"], {}, None)
            for fmt in ("table", "json", "md", "junit")
        ],
        (["audit", "-i", lab, "-f", "html", "-o", str(out / "audit.html")], {}, None),
        (["audit", "-i", str(folder), "-f", "json"], env, None),
        (["audit", "-i", str(folder), "--ask-pass", "-f", "json"], {}, f"{secret}\n"),
        (["audit", "-i", str(folder), "-f", "json"], {"OPTICS_PASSWORD": secret + "x"}, None),
        *[
            (["inventory", "-i", lab, "-f", fmt], {}, None)
            for fmt in ("table", "csv", "json", "md")
        ],
        (
            ["inventory", "-i", str(folder), "-o", str(out / "inventory.csv"), "-f", "csv"],
            env,
            None,
        ),
        (["remediate", "-i", lab, "--settle", "0", "--log-dir", str(out / "changes")], {}, None),
        (
            [
                "remediate",
                "-i",
                lab,
                "--commit",
                "--settle",
                "0",
                "-f",
                "json",
                "--log-dir",
                str(out / "changes"),
            ],
            {},
            None,
        ),
        (
            ["intent", "import", "--as-built", "-i", lab, "--output", str(out / "as-built.yaml")],
            {},
            None,
        ),
        (["intent", "accept", "2a11eff3", "-i", lab, "--dry-run"], {}, None),
        (["parse", "--list"], {}, None),
    ]
    if CAPTURE.is_dir():
        sample = next(iter(sorted(CAPTURE.rglob("*.raw"))), None)
        if sample is not None:
            runs.append(
                (
                    ["parse", str(sample), "-p", "arista_eos", "-c", "show interfaces transceiver"],
                    {},
                    None,
                )
            )
    seen = 0
    for args, extra, stdin in runs:
        result = CliRunner().invoke(app, args, env={"OPTICS_PASSWORD": None, **extra}, input=stdin)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert secret not in result.output, args
        assert secret not in (result.stderr or ""), args
        seen += 1
    files = [path for path in out.rglob("*") if path.is_file()]
    assert any(path.suffix == ".cfg" for path in files), "a commit keeps backups"
    assert any(path.name == "changes.jsonl" for path in files)
    for path in files:
        assert secret not in path.read_text(encoding="utf-8", errors="replace"), path
    assert seen == len(runs)
