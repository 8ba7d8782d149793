"""A kernel for grading submitted notebooks: no network, no new processes, writes only in its own folder.

``python -m entente_course.sandbox -f CONNECTION_FILE`` starts an IPython kernel after installing an
audit hook (which, once installed, no Python code can remove). The hook refuses:

- any network access outside this machine (as :mod:`entente_course.offline` does);
- starting processes (``subprocess``, ``os.system``, ``os.fork``, ``exec``), so a submission cannot
  escape the hook through a fresh interpreter;
- writing, deleting, renaming or changing the permissions of anything outside ``$ENTENTE_SANDBOX``
  (the grader's private folder for this one submission).

It is a guard for honest mistakes and casual mischief, not a security boundary against a determined
attacker (native code loaded by a C extension is not seen by audit hooks): run untrusted work in a
container too, as the instructor guide says.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import offline

__all__ = ["SandboxViolation", "install"]

PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                  "os.forkpty", "pty.spawn", "os.startfile"}
PATH_EVENTS = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 1, "os.chmod": 1, "os.chown": 1, "os.truncate": 1,
               "os.utime": 1, "os.link": 2, "os.symlink": 2, "os.rename": 2, "shutil.rmtree": 1,
               "shutil.copyfile": 2, "shutil.copytree": 2, "shutil.move": 2}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class SandboxViolation(PermissionError):
    """Raised when graded code tries something the grader does not allow."""


def _inside(path: object, root: Path) -> bool:
    if isinstance(path, int):  # an already open file descriptor
        return True
    try:
        resolved = Path(os.fsdecode(path)).expanduser().resolve()
    except (TypeError, ValueError, OSError):
        return False
    return resolved == root or root in resolved.parents or str(resolved) == os.devnull


def _writes(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & WRITE_FLAGS)


def install(root: Path) -> None:
    """Confine this process to ``root`` for the rest of its life."""
    root = Path(root).resolve()

    def guard(event: str, args: tuple) -> None:
        offline._guard(event, args)
        if event in PROCESS_EVENTS:
            raise SandboxViolation(f"graded notebooks may not start other programs ({event})")
        if event == "open" and _writes(args[1], args[2]) and not _inside(args[0], root):
            raise SandboxViolation(f"graded notebooks may only write inside their own folder, not {args[0]}")
        if event in PATH_EVENTS:
            targets = args[: PATH_EVENTS[event]]
            if event in ("shutil.copyfile", "shutil.copytree"):
                targets = args[1:2]
            for target in targets:
                if not _inside(target, root):
                    raise SandboxViolation(f"graded notebooks may only change files inside their own folder, not {target}")

    sys.addaudithook(guard)


def main() -> None:
    install(Path(os.environ.get("ENTENTE_SANDBOX", os.getcwd())))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
