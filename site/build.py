"""Build the course website: generate its sources, run Sphinx strictly, report time and size (``make site``).

Sphinx executes every lesson (MyST-NB) and runs with warnings as errors, so a broken notebook, link or
glossary term fails the build. The site lands in ``_build/site/``, a folder any static host can serve.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tools"))

import generate  # noqa: E402  (site/generate.py, beside this file)
import site_report  # noqa: E402  (tools/site_report.py)


def build(out: Path, *, sources: Path, doctrees: Path, settings: generate.Settings, jobs: int = 2) -> float:
    """Build the site into ``out`` (replaced) and return the seconds it took."""
    start = time.monotonic()
    generate.generate(sources, settings)
    if out.exists():
        shutil.rmtree(out)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-j",
        str(jobs),
        "-c",
        str(HERE),
        "-d",
        str(doctrees),
        "-b",
        "html",
        str(sources),
        str(out),
    ]
    subprocess.run(command, check=True)
    for template in (out / "_static").glob("*.html"):  # the theme's Jinja macro files, not pages
        template.unlink()
    empty = out / "_sources"  # Sphinx makes it even when it copies no page source
    if empty.is_dir() and not any(empty.rglob("*.*")):
        shutil.rmtree(empty)
    (out / ".nojekyll").touch()  # GitHub Pages would otherwise skip the folders starting with "_"
    return time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument("--work", type=Path, default=ROOT / "_build", help="where the generated sources go")
    parser.add_argument("--repo", default=None, help="GitHub ORG/REPO (default: the README's placeholder)")
    parser.add_argument("--hub", default=None, help=f"JupyterHub URL for nbgitpuller (default {generate.DEFAULT_HUB})")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        repo = args.repo or generate.placeholder_repo()
        settings = generate.Settings(repo, args.hub or generate.DEFAULT_HUB, args.branch).check()
        seconds = build(
            args.out,
            sources=args.work / "site-src",
            doctrees=args.work / "site-doctrees",
            settings=settings,
            jobs=args.jobs,
        )
    except (generate.SiteError, generate.links.LinkError, generate.quiz.QuizError) as error:
        print(f"site: error: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError:
        print("site: error: Sphinx failed (see its messages above); warnings count as errors", file=sys.stderr)
        return 1
    report = site_report.measure(args.out)
    print(f"site: built {args.out} in {seconds:.0f} s")
    print(site_report.describe(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
