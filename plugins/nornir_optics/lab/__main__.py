"""``python -m nornir_optics.lab LAB.yaml OUT_DIR``: serve a lab in the foreground."""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    try:
        from nornir_optics.lab.server import run
    except ModuleNotFoundError as exc:
        if exc.name != "asyncssh":
            raise
        sys.exit("the lab needs asyncssh: pip install 'nornir-optics[lab]'")
    run(Path(sys.argv[1]), Path(sys.argv[2]))
