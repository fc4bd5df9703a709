"""Shared fixtures: paths of the project, the shared folder and the fabrics under test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FABRICS = Path(__file__).resolve().parent / "fabrics"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder beside the project; tests that need it skip without it."""
    if not (SHARED / "reference").is_dir():
        pytest.skip(f"{SHARED} is absent: the reference fabric and real fixtures live there")
    return SHARED
