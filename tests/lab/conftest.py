"""Lab fixtures: the dc1 lab in-process (for renderers) and as a real server (for clients)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.personality import Session
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]
DC1_LAB = ROOT / "inventory" / "lab.yaml"
REAL = ROOT.parent / "shared" / "fixtures" / "real"


@pytest.fixture
def runtime() -> LabRuntime:
    """A fresh dc1 lab, not served: call personalities directly."""
    return LabRuntime(load_lab(DC1_LAB))


def run_cli(runtime: LabRuntime, device: str, *lines: str, mode: str | None = None) -> str:
    """Type lines at a device's CLI in one session; returns the output of the last one."""
    personality = runtime.personalities[device]
    session = Session(device=runtime.device(device), user="admin")
    if mode is not None:
        session.modes = [mode]
    output = ""
    for line in lines:
        output = personality.handle(session, line)
    return output


@pytest.fixture
def real() -> Path:
    """Real device outputs of shared/fixtures/real (third-party data, read in place)."""
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent: real device outputs are read in place from shared/")
    return REAL


@pytest.fixture(scope="session")
def dc1_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The dc1 lab served in a subprocess; yields its inventory folder, hosts and credentials."""
    out = tmp_path_factory.mktemp("dc1-lab")
    info = up(DC1_LAB, out)
    yaml = YAML(typ="safe")
    hosts = yaml.load((out / "hosts.yaml").read_text())
    defaults = yaml.load((out / "defaults.yaml").read_text())
    try:
        yield {"dir": out, "info": info, "hosts": hosts, **defaults}
    finally:
        down(out)


def connect_args(lab: dict[str, Any], device: str) -> dict[str, Any]:
    """Netmiko ConnectHandler arguments for a lab device."""
    host = lab["hosts"][device]
    return {
        "device_type": host["connection_options"]["netmiko"]["platform"],
        "host": host["hostname"],
        "port": host["port"],
        "username": lab["username"],
        "password": lab["password"],
        "secret": lab["password"],
        "fast_cli": False,
    }
