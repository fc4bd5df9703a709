"""Lab fixtures: the dc1 lab in-process (for renderers) and as a real server (for clients)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, REAL
from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def runtime() -> LabRuntime:
    """A fresh dc1 lab, not served: call personalities directly (see labtools.run_cli)."""
    return LabRuntime(load_lab(DC1_LAB))


@pytest.fixture
def real() -> Path:
    """Real device outputs of shared/fixtures/real (third-party data, read in place)."""
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent: real device outputs are read in place from shared/")
    return REAL


def _serve(out: Path, lab_file: Path = DC1_LAB) -> Iterator[dict[str, Any]]:
    info = up(lab_file, out)
    yaml = YAML(typ="safe")
    hosts = yaml.load((out / "hosts.yaml").read_text())
    defaults = yaml.load((out / "defaults.yaml").read_text())
    try:
        yield {"dir": out, "info": info, "hosts": hosts, **defaults}
    finally:
        down(out)


@pytest.fixture(scope="session")
def dc1_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The dc1 lab served in a subprocess for the whole session. Read-only: never change config."""
    yield from _serve(tmp_path_factory.mktemp("dc1-lab"))


@pytest.fixture
def fresh_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A dc1 lab of its own, served for one test: change config freely."""
    yield from _serve(tmp_path / "lab")
