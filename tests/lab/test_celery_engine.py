"""`optics audit --engine celery` on the served dc1 lab: a real redis-server, real workers.

One broker and two workers (tools/celery_fleet.py, as make celery-up starts them) for the
module; the dc1 lab is the session's. The workers get the lab password in their environment
(OPTICS_PASSWORD), the way credentials reach workers on other machines.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from labtools import ROOT
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytestmark = [pytest.mark.lab, pytest.mark.celery]

TOOL = ROOT / "tools" / "celery_fleet.py"
OPTICS = Path(sys.executable).parent / "optics"
VISIBILITY_S = 4
"""The workers' visibility timeout here: a vanished worker's shard comes back within seconds."""
WAIT_S = 60.0
AUDIT = ("audit", "--format", "json", "--fail-on", "never", "-i")
CELERY = Path(sys.executable).parent / "celery"


def _tool(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(TOOL), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def engine(
    dc1_lab: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """A redis-server and two Celery workers; the shard hold folder released."""
    if shutil.which("redis-server") is None:
        pytest.skip(
            "redis-server is not installed (make redis installs Debian's package): "
            "the Celery engine tests need a real broker"
        )
    home = tmp_path_factory.mktemp("celery")
    hold = home / "hold"
    hold.mkdir()
    (hold / "release").touch()
    env = {
        **os.environ,
        "OPTICS_CELERY_DIR": str(home),
        "OPTICS_SHARD_HOLD": str(hold),
        "OPTICS_CELERY_VISIBILITY_S": str(VISIBILITY_S),
        "OPTICS_PASSWORD": dc1_lab["password"],
    }
    started = _tool(env, "up", "--workers", "2")
    assert started.returncode == 0, started.stderr
    info = json.loads((home / "run.json").read_text(encoding="utf-8"))
    try:
        yield {**info, "home": home, "hold": hold, "env": env}
    finally:
        _tool(env, "down")


@pytest.fixture(scope="module")
def local_json(dc1_lab: dict[str, Any]) -> str:
    """The findings JSON of the single-process audit of the dc1 lab."""
    result = CliRunner().invoke(
        app, ["audit", "-i", str(dc1_lab["dir"]), "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"]
    return result.stdout


def _celery_audit(engine: dict[str, Any], inventory: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [*AUDIT, str(inventory), "--engine", "celery", *extra],
        env={"OPTICS_CELERY_BROKER": engine["broker"]},
    )
    return result.exit_code, result.stdout


def _markers(hold: Path) -> set[Path]:
    return set(hold.glob("*.pid"))


def _wait_for(test: Any, what: str) -> Any:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = test()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


def test_two_workers_give_the_single_process_findings_byte_for_byte(
    engine: dict[str, Any], dc1_lab: dict[str, Any], local_json: str
) -> None:
    monitor = subprocess.Popen(  # noqa: S603 - what crosses the wire, for the secret check
        ["redis-cli", "-p", str(engine["redis_port"]), "monitor"],  # noqa: S607
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert monitor.stdout is not None
        assert monitor.stdout.readline().startswith("OK")
        before = _markers(engine["hold"])
        code, out = _celery_audit(engine, dc1_lab["dir"])
    finally:
        monitor.terminate()
    wire, _ = monitor.communicate(timeout=10)
    assert code == 0
    assert out == local_json
    assert len(_markers(engine["hold"]) - before) == 2  # two shards
    assert "spine1" in wire  # the capture saw the shards' messages and results
    assert dc1_lab["password"] not in wire


def test_workers_read_the_credentials_themselves(
    engine: dict[str, Any], dc1_lab: dict[str, Any], local_json: str, tmp_path: Path
) -> None:
    folder = tmp_path / "no-password"  # the client's inventory holds no secret at all
    folder.mkdir()
    for name in ("hosts.yaml", "groups.yaml", "intent.yaml"):
        shutil.copy(dc1_lab["dir"] / name, folder / name)
    YAML().dump({"username": dc1_lab["username"]}, folder / "defaults.yaml")
    code, out = _celery_audit(engine, folder)
    assert code == 0
    assert out == local_json


def _optics_audit(engine: dict[str, Any], inventory: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603
        [str(OPTICS), *AUDIT, str(inventory), "--engine", "celery", *extra],
        env={**os.environ, "OPTICS_CELERY_BROKER": engine["broker"]},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _held_audit(
    engine: dict[str, Any],
    dc1_lab: dict[str, Any],
    shards: int,
    kill: Callable[[set[Path]], Path],
) -> tuple[str, list[str]]:
    """Hold every shard, ``kill`` one (it returns which), release; the output, its pid log."""
    hold: Path = engine["hold"]
    (hold / "release").unlink()
    before = _markers(hold)
    proc = _optics_audit(engine, dc1_lab["dir"], "--shards", str(shards))
    try:
        held = _wait_for(
            lambda: len(_markers(hold) - before) == shards and _markers(hold) - before,
            f"{shards} held shards",
        )
        victim = kill(held)
        (hold / "release").touch()
        out, err = proc.communicate(timeout=WAIT_S)
    finally:
        (hold / "release").touch()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    return out, victim.read_text(encoding="utf-8").split()


def test_a_worker_process_killed_mid_shard_has_its_shard_gathered_again(
    engine: dict[str, Any], dc1_lab: dict[str, Any], local_json: str
) -> None:
    def kill_first(held: set[Path]) -> Path:
        victim = min(held)
        os.kill(_pid(victim), signal.SIGKILL)
        return victim

    out, pids = _held_audit(engine, dc1_lab, 2, kill_first)
    assert out == local_json  # complete: no device lost, none twice
    assert len(pids) == 2  # held, killed, delivered again to a new process
    assert pids[0] != pids[1]


def _pid(marker: Path) -> int:
    return int(marker.read_text(encoding="utf-8").split()[0])


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    return int(stat.rsplit(")", 1)[1].split()[1])


def test_a_whole_worker_killed_mid_shard_has_its_shard_gathered_by_another(
    engine: dict[str, Any], dc1_lab: dict[str, Any], local_json: str
) -> None:
    log = engine["home"] / "worker-extra.log"
    extra = subprocess.Popen(  # noqa: S603 - a third worker, to be lost whole
        [
            *(str(CELERY), "-A", "nornir_optics.shards.app", "worker", "-Q", "optics"),
            *("-n", "extra@%h", "--concurrency", "1", "--without-gossip", "--without-mingle"),
            *("--loglevel", "INFO", "--logfile", str(log)),
        ],
        env={**engine["env"], "OPTICS_CELERY_BROKER": engine["broker"]},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(lambda: log.is_file() and " ready." in log.read_text(), "the third worker")

        def kill_the_third(held: set[Path]) -> Path:
            victim = next(marker for marker in held if _parent(_pid(marker)) == extra.pid)
            os.killpg(extra.pid, signal.SIGKILL)
            return victim

        # three shards, one held by each worker; the third worker's own is the victim
        out, pids = _held_audit(engine, dc1_lab, 3, kill_the_third)
    finally:
        if extra.poll() is None:
            os.killpg(extra.pid, signal.SIGKILL)
        extra.wait()
    assert out == local_json
    assert len(pids) == 2


def test_hosts_routed_to_a_site_queue_no_worker_consumes_are_named_at_once(
    engine: dict[str, Any], dc1_lab: dict[str, Any]
) -> None:
    result = CliRunner().invoke(
        app,
        [*AUDIT, str(dc1_lab["dir"]), "--engine", "celery", "--queue-by", "lab"],
        env={"OPTICS_CELERY_BROKER": engine["broker"]},
    )
    assert result.exit_code == 2
    assert "no Celery worker consumes optics.True (6 host(s))" in result.output
