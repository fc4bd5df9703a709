"""Shared fixtures: paths of the project, the shared folder and the fabrics under test.

Test tiers: a test that serves a lab (starts ``python -m nornir_optics.lab``) is marked ``lab``.
Tests that use a served-lab fixture are marked here automatically; the others that start a lab
themselves carry the mark. A test without the mark that starts a lab fails at once, so
``make unit`` (``-m "not lab"``) never waits on one.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from nornir_optics.lab import control

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FABRICS = Path(__file__).resolve().parent / "fabrics"
LAB_FIXTURES = frozenset({"dc1_lab", "fresh_lab"})
"""Fixtures that serve a lab; every test that uses one (directly or not) is marked ``lab``."""


NAUTOBOT_FIXTURES = frozenset({"nautobot", "nautobot_dc1"})
"""Fixtures that start the real Nautobot; every test that uses one is marked ``nautobot``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use a served-lab fixture ``lab``, a Nautobot one ``nautobot``."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if LAB_FIXTURES & names:
            item.add_marker(pytest.mark.lab)
        if NAUTOBOT_FIXTURES & names:
            item.add_marker(pytest.mark.nautobot)


def _refuse(*args: Any, **kwargs: Any) -> None:  # noqa: ARG001 - Popen's signature
    msg = "this test serves a lab but is not marked `lab` (@pytest.mark.lab)"
    raise AssertionError(msg)


@pytest.fixture(autouse=True)
def _no_unmarked_lab(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test outside the ``lab`` tier cannot start a lab."""
    if request.node.get_closest_marker("lab") is not None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        guard = SimpleNamespace(
            Popen=_refuse, STDOUT=control.subprocess.STDOUT, DEVNULL=control.subprocess.DEVNULL
        )
        patch.setattr(control, "subprocess", guard)
        yield


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder beside the project; tests that need it skip without it."""
    if not (SHARED / "reference").is_dir():
        pytest.skip(f"{SHARED} is absent: the reference fabric and real fixtures live there")
    return SHARED
