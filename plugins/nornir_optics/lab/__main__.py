"""``python -m nornir_optics.lab LAB.yaml OUT_DIR``: serve a lab in the foreground."""

from __future__ import annotations

import sys
from pathlib import Path

from nornir_optics.lab.server import run

if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
