"""The ``entente`` command: tools for instructors and maintainers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import notebooks

__all__ = ["main"]


def _build(args: argparse.Namespace) -> int:
    try:
        drifts = notebooks.build(args.root, check=args.check)
    except notebooks.SolutionMarkerError as error:
        print(f"entente build: {error}", file=sys.stderr)
        return 2
    if args.check:
        for drift in drifts:
            print(f"out of sync: {drift}", file=sys.stderr)
        if drifts:
            print("Run `entente build` to regenerate lessons/ from solutions/.", file=sys.stderr)
            return 1
        print("lessons/ is in sync with solutions/.")
        return 0
    print("lessons/ regenerated from solutions/.")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="entente", description="Instructor tools for the Entente course.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="regenerate lessons/ from solutions/",
                                description="Regenerate the student notebooks in lessons/ from solutions/.")
    build.add_argument("--check", action="store_true",
                       help="change nothing; exit 1 and name the notebook and cell if lessons/ is out of sync")
    build.add_argument("--root", type=Path, default=None,
                       help="the course folder holding solutions/ and lessons/ (default: this repository)")
    build.set_defaults(run=_build)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
