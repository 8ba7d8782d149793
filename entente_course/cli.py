"""The ``entente`` command: tools for students, instructors and maintainers.

``entente start`` copies the installed course into a folder of one's own and opens it;
``entente build`` keeps ``lessons/`` in step with ``solutions/``; ``entente grade`` grades a folder of
submitted notebooks; ``entente links`` prints a launch link per lesson for a JupyterHub or Binder;
``entente release`` writes the student edition of the course for a class.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from typing import NoReturn

from . import links, notebooks, release, start

__all__ = ["main", "parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _fail(command: str, message: str, code: int = 2) -> int:
    print(f"entente {command}: error: {message}", file=sys.stderr)
    return code


# --- build -----------------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    try:
        drifts = notebooks.build(args.root, check=args.check)
    except notebooks.SolutionMarkerError as error:
        return _fail("build", str(error))
    if args.check:
        for drift in drifts:
            print(f"out of sync: {drift}", file=sys.stderr)
        if drifts:
            print("Run `entente build` to stamp solutions/ and regenerate lessons/ from them.", file=sys.stderr)
            return 1
        print("lessons/ is in sync with solutions/.")
        return 0
    print("lessons/ regenerated from solutions/ (both stamped with their lesson and exercise ids).")
    return 0


# --- grade -----------------------------------------------------------------------------------------


def _lesson_number(value: str) -> str:
    if not re.fullmatch(r"\d{1,2}", value.strip()):
        raise argparse.ArgumentTypeError(f"a lesson is a number such as 01, not {value!r}")
    return value.strip().zfill(2)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {value!r}")
    return number


def _jobs(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 32:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 32, not {value!r}")
    return int(value)


def _grade(args: argparse.Namespace) -> int:
    from . import gradebook, grading  # imported here: only grading needs nbclient

    folder: Path = args.submissions
    if not folder.is_dir():
        return _fail("grade", f"{folder} is not a folder of submitted notebooks")
    out: Path = args.out
    if out.exists() and out.is_dir():
        return _fail("grade", f"--out names a file to write (grades.csv), and {out} is a folder")
    if args.exercises is not None and not args.exercises.is_file():
        return _fail("grade", f"--exercises: {args.exercises} is not a file")
    try:
        if args.exercises is not None:
            grading.load_exercises(args.exercises)
        if args.lesson and not grading.expected_exercises(args.lesson):
            print(
                f"entente grade: note: lesson {args.lesson} has no registered exercises; "
                "only whether the notebooks run is recorded",
                file=sys.stderr,
            )
    except Exception as error:  # a broken exercises module is the course's problem: say which
        return _fail("grade", f"cannot load the exercises ({type(error).__name__}: {error})")
    submissions = grading.find_submissions(folder)
    if not submissions:
        return _fail("grade", f"no .ipynb files in {folder}", 1)
    setup = args.exercises.resolve() if args.exercises is not None else None
    jobs = args.jobs or os.cpu_count() or 1
    print(f"Grading {len(submissions)} notebooks, {jobs} at a time.", file=sys.stderr)
    rows = grading.grade(submissions, lesson=args.lesson, timeout=args.timeout, jobs=jobs, setup=setup)
    feedback = out.parent / "feedback"
    gradebook.write_csv(rows, out, gradebook.columns(rows, args.lesson))
    gradebook.write_feedback(rows, feedback)
    for row in rows:
        print(f"{row.student:<20} {row.notebook:<30} {row.status:<14} {row.passed}/{row.total}")
    print(f"Wrote {out} ({len(rows)} notebooks) and feedback in {feedback}/.")
    return 0


# --- links -----------------------------------------------------------------------------------------


def _links(args: argparse.Namespace) -> int:
    if args.hub is None and args.binder is None:  # a release remembers where it is served from
        saved = release.recorded(args.root) or release.Settings()  # main() refused a folder that is not a release
        args.hub, args.repo = saved.hub, saved.repo
        args.binder = saved.binder or (None if saved.hub else release.PLACEHOLDER)  # as its README shows
        args.branch = saved.branch if args.branch is None else args.branch
    args.branch = "main" if args.branch is None else args.branch
    if args.hub is not None and args.repo is None:
        return _fail("links", "--hub needs --repo, the Git URL of the course repository")
    if args.hub is None and (args.repo is not None or args.depth0 or args.targetpath):
        return _fail("links", "--repo, --depth0 and --targetpath go with --hub")
    try:
        names = links.lessons(args.root)
        if args.hub is not None:
            urls = [
                links.nbgitpuller(
                    args.hub, args.repo, name, branch=args.branch, depth0=args.depth0, targetpath=args.targetpath
                )
                for name in names
            ]
        else:
            urls = [links.binder(args.binder, name, branch=args.branch) for name in names]
    except links.LinkError as error:
        return _fail("links", str(error))
    width = max(map(len, names))
    for name, url in zip(names, urls):
        print(f"{name:<{width}}  {url}")
    return 0


# --- start and release -----------------------------------------------------------------------------


def _start(args: argparse.Namespace) -> int:
    try:
        return start.start(
            args.folder or start.default_folder(),
            with_solutions=args.with_solutions,
            copy_only=args.copy_only,
            lab_args=shlex.split(args.lab_args or ""),
        )
    except start.StartError as error:
        return _fail("start", str(error))


def _release(args: argparse.Namespace) -> int:
    settings = release.Settings(binder=args.binder, hub=args.hub, repo=args.repo, branch=args.branch)
    try:
        print(release.release(args.out, settings, source=args.root))
    except (release.ReleaseError, links.LinkError) as error:
        return _fail("release", str(error))
    print(f"Push it to the class's repository; `entente links --root {args.out}` prints the launch links.")
    return 0


# --- the parser ------------------------------------------------------------------------------------

_GRADE_EPILOG = """\
Submissions may sit directly in the folder (alice.ipynb: the student is the file name) or in one
folder per student (alice/01_gabuev.ipynb: the student is the folder name), or both.
Writes the CSV named by --out and one feedback file per student in feedback/ beside it.
Statuses: a notebook is ok, error (a cell raised), timeout, too much output, invalid (not a
notebook), wrong lesson or unknown lesson; an exercise is pass, wrong, not answered or error."""

_LINKS_EPILOG = """\
examples:
  entente links --hub https://hub.example.edu --repo https://github.com/ORG/entente
  entente links --binder ORG/entente --branch main
  entente links --root ../entente-class    a release made with --binder or --hub remembers them"""

_START_EPILOG = """\
Running it again (after `pip install --upgrade entente-course`) adds new lessons and updates the ones you
have not changed. A lesson you changed is kept as it is; the new version is written beside it, as
NAME (new in VERSION).ipynb."""

_RELEASE_EPILOG = """\
The release holds lessons/, data/, the entente_course package, binder/ and a student README with a launch
link per lesson; no solutions/, no model answers, no instructor guide. It is a git repository with one
commit; releasing again into it adds a commit. examples:
  entente release ../entente-class --binder ORG/entente-class
  entente release ../entente-class --hub https://hub.example.edu --repo https://github.com/ORG/entente-class"""


def parser() -> argparse.ArgumentParser:
    """The ``entente`` argument parser, with one sub-command per instructor task."""
    top = _Parser(
        prog="entente",
        description="The Entente course: start it on your own (entente start); for "
        "instructors, build the student notebooks, grade submissions, print launch links, release "
        "a student edition.",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser(
        "build",
        help="regenerate lessons/ from solutions/",
        description="Regenerate the student notebooks in lessons/ from solutions/.",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 and name the notebook and cell if lessons/ is out of sync",
    )
    build.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the course folder holding solutions/ and lessons/ (default: this repository)",
    )
    build.set_defaults(run=_build)

    grade = commands.add_parser(
        "grade",
        help="grade a folder of submitted notebooks to a CSV",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_GRADE_EPILOG,
        description="Run each submitted notebook in a sandboxed kernel of its own, in a "
        "temporary folder,\nand record each exercise's result.",
    )
    grade.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR", help="the folder of submitted notebooks")
    grade.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="CSV",
        help="the CSV to write, e.g. grades/grades.csv (feedback goes beside it)",
    )
    grade.add_argument(
        "--lesson",
        type=_lesson_number,
        default=None,
        metavar="NN",
        help="the assigned lesson; a notebook of another lesson is recorded as 'wrong lesson' "
        "(default: each notebook's own lesson, from its title)",
    )
    grade.add_argument(
        "--timeout",
        type=_positive,
        default=120.0,
        metavar="SECONDS",
        help="time allowed per notebook, all cells together (default: 120)",
    )
    grade.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="notebooks to run at once, each in its own kernel (default: the number of cores)",
    )
    grade.add_argument(
        "--exercises",
        type=Path,
        default=None,
        metavar="FILE",
        help="a Python file registering extra exercises with checks.exercise, for a custom "
        "assignment; it is also run in each kernel before the notebook",
    )
    grade.set_defaults(run=_grade)

    link = commands.add_parser(
        "links",
        help="print a JupyterHub (nbgitpuller) or Binder link per lesson",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_LINKS_EPILOG,
        description="Print one launch link per notebook in lessons/.",
    )
    target = link.add_mutually_exclusive_group()
    target.add_argument("--hub", metavar="URL", help="the JupyterHub's address, e.g. https://hub.example.edu")
    target.add_argument("--binder", metavar="ORG/REPO", help="the course's GitHub repository, for mybinder.org")
    link.add_argument("--repo", metavar="URL", help="with --hub: the Git URL students clone the course from")
    link.add_argument("--branch", default=None, help="the branch to use (default: main)")
    link.add_argument(
        "--depth0",
        "--dumb-http",
        dest="depth0",
        action="store_true",
        help="with --hub: full clone (&depth=0), needed for a repository served over plain HTTP",
    )
    link.add_argument(
        "--targetpath",
        metavar="FOLDER",
        default=None,
        help="with --hub: the folder to clone into (default: the repository's name)",
    )
    link.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the course folder holding lessons/, such as a release (default: this repository)",
    )
    link.set_defaults(run=_links)

    begin = commands.add_parser(
        "start",
        help="copy the course into a folder of your own and open it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_START_EPILOG,
        description="Copy the lessons of the installed course into FOLDER (with a short "
        "README)\nand open JupyterLab there on the first lesson.",
    )
    begin.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=None,
        metavar="FOLDER",
        help="where your copy of the course lives (default: ~/entente-course)",
    )
    begin.add_argument("--copy-only", action="store_true", help="copy (or update) the lessons and stop")
    begin.add_argument(
        "--with-solutions", action="store_true", help="also copy the worked solutions, into FOLDER/solutions/"
    )
    begin.add_argument(
        "--lab-args",
        default=None,
        metavar="OPTIONS",
        help="more options for jupyter lab, in one string, e.g. '--no-browser --port=9000'",
    )
    begin.set_defaults(run=_start)

    out = commands.add_parser(
        "release",
        help="write the student edition of the course (no solutions) for a class",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_RELEASE_EPILOG,
        description="Write a student-only copy of the course into OUT, as a git repository\n"
        "ready to push for Binder or nbgitpuller.",
    )
    out.add_argument("out", type=Path, metavar="OUT", help="a new or empty folder, or an earlier release to update")
    out.add_argument(
        "--binder",
        metavar="ORG/REPO",
        default=None,
        help="the GitHub repository the release will be pushed to, for its Binder links",
    )
    out.add_argument("--hub", metavar="URL", default=None, help="a JupyterHub, for nbgitpuller links (with --repo)")
    out.add_argument("--repo", metavar="URL", default=None, help="with --hub: the Git URL of the release")
    out.add_argument("--branch", default="main", help="the release's branch (default: main)")
    out.add_argument(
        "--root", type=Path, default=None, help="the course repository to release (default: this repository)"
    )
    out.set_defaults(run=_release)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the ``entente`` command; return its exit status."""
    top = parser()
    args = top.parse_args(argv)
    if args.command == "links" and args.hub is None and args.binder is None and release.recorded(args.root) is None:
        top.error("links: one of --hub or --binder is required (or --root of a release made with one of them)")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
