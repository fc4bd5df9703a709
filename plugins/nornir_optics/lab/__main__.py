"""``python -m nornir_optics.lab LAB.yaml OUT_DIR [--procs N | --worker K/N]``: serve a lab."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m nornir_optics.lab")
    parser.add_argument("lab", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--worker", default="0/1", help="K/N: serve worker K's share only")
    args = parser.parse_args()
    try:
        from nornir_optics.lab.server import run
    except ModuleNotFoundError as exc:
        if exc.name != "asyncssh":
            raise
        sys.exit("the lab needs asyncssh: pip install 'nornir-optics[lab]'")
    worker, _, procs = str(args.worker).partition("/")
    if int(worker):
        run(args.lab, args.out, procs=int(procs), worker=int(worker))
    else:
        run(args.lab, args.out, procs=max(args.procs, 1))
