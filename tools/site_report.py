"""Size report of the built website: the whole site and its largest page, against the course's limits.

A page's weight is its HTML file (which carries its tables and chart specs inline); the scripts and styles
every page shares (``_static/``) are counted once, in the total. ``python tools/site_report.py _build/site``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

SITE_LIMIT = 25 * 1024 * 1024
PAGE_LIMIT = int(1.5 * 1024 * 1024)


@dataclass(frozen=True)
class Report:
    total: int
    pages: dict[str, int]  # relative path -> bytes, HTML pages only

    @property
    def largest(self) -> tuple[str, int]:
        return max(self.pages.items(), key=lambda item: item[1])

    @property
    def ok(self) -> bool:
        return self.total <= SITE_LIMIT and self.largest[1] <= PAGE_LIMIT


def measure(site: Path) -> Report:
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = {path.relative_to(site).as_posix(): path.stat().st_size for path in files if path.suffix == ".html"}
    if not pages:
        raise FileNotFoundError(f"{site} holds no HTML pages: build the site first (make site)")
    return Report(sum(path.stat().st_size for path in files), pages)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def describe(report: Report) -> str:
    name, size = report.largest
    verdict = "within" if report.ok else "OVER"
    return (
        f"site: {_mb(report.total)} in all (limit {_mb(SITE_LIMIT)}), {len(report.pages)} pages; largest page "
        f"{name} {size / 1024:.0f} kB (limit {_mb(PAGE_LIMIT)}): {verdict} the limits"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent / "_build" / "site"
    )
    args = parser.parse_args(argv)
    try:
        report = measure(args.site)
    except FileNotFoundError as error:
        print(f"site_report: error: {error}")
        return 2
    print(describe(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
