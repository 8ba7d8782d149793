"""The course's own Jupyter kernels: an offline kernel for the tests and a sandbox for grading.

``python -m entente_course.kernels offline -f CONNECTION_FILE`` starts an IPython kernel that refuses any
network access outside this machine, so a lesson that fetches something fails loudly in the tests.
``python -m entente_course.kernels sandbox [--memory-mb N] -f CONNECTION_FILE`` is the grading kernel: it
also refuses to start processes (``subprocess``, ``os.system``, ``fork``, ``exec``) and to write, delete,
rename or chmod anything outside ``$ENTENTE_SANDBOX`` (its submission's private folder); its address space
is capped; and it imports the course before it answers, so a submission starts on a warm kernel.

Both guards are audit hooks, which no Python code can remove once installed. They stop mistakes and casual
mischief, not a determined attacker (native code loaded by a C extension is unseen): distrusted work
belongs in a container too, as the instructor guide says.

Both kernels talk over socket files (``ipc``) rather than TCP ports that another process could take
between jupyter_client choosing them and the kernel binding them (docs/decisions.md §8): kernelspecs
written by :func:`write_kernelspec` name :class:`LocalSocketProvisioner`, which jupyter_client finds through
the ``jupyter_client.kernel_provisioners`` entry point in ``pyproject.toml``.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["KERNEL_NAME", "PROVISIONER_NAME", "SANDBOX_KERNEL", "LocalSocketProvisioner", "NetworkDisabled",
           "SandboxViolation", "install_offline", "install_sandbox", "write_kernelspec"]

KERNEL_NAME = "entente-offline"  # the kernelspec the test suite registers
SANDBOX_KERNEL = "entente-sandbox"  # the kernelspec the grader registers for one run
PROVISIONER_NAME = "entente-local-sockets"  # the entry-point name kernelspecs ask for

LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                  "os.forkpty", "pty.spawn", "os.startfile"}
PATH_EVENTS = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 1, "os.chmod": 1, "os.chown": 1, "os.truncate": 1,
               "os.utime": 1, "os.link": 2, "os.symlink": 2, "os.rename": 2, "shutil.rmtree": 1,
               "shutil.copyfile": 2, "shutil.copytree": 2, "shutil.move": 2}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class NetworkDisabled(OSError):
    """Raised when code in a course kernel reaches for the network."""


class SandboxViolation(PermissionError):
    """Raised when graded code tries something the grader does not allow."""


# --- the guards ------------------------------------------------------------------------------------


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _network_guard(event: str, args: tuple[Any, ...]) -> None:
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise NetworkDisabled(f"the network is disabled in this kernel (tried to reach {address[0]})")
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        raise NetworkDisabled(f"the network is disabled in this kernel (tried to look up {args[0]})")


def install_offline() -> None:
    """Refuse non-local network access for the rest of this process."""
    sys.addaudithook(_network_guard)


def _inside(path: object, root: Path) -> bool:
    if isinstance(path, int):  # an already open file descriptor
        return True
    try:
        resolved = Path(os.fsdecode(path)).expanduser().resolve()  # type: ignore[arg-type]
    except (TypeError, ValueError, OSError):
        return False
    return resolved == root or root in resolved.parents or str(resolved) == os.devnull


def _writes(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & WRITE_FLAGS)


def install_sandbox(root: Path) -> None:
    """Confine this process to ``root`` (and off the network) for the rest of its life."""
    root = Path(root).resolve()

    def guard(event: str, args: tuple[Any, ...]) -> None:
        _network_guard(event, args)
        if event in PROCESS_EVENTS:
            raise SandboxViolation(f"graded notebooks may not start other programs ({event})")
        if event == "open" and _writes(args[1], args[2]) and not _inside(args[0], root):
            raise SandboxViolation(f"graded notebooks may only write inside their own folder, not {args[0]}")
        if event in PATH_EVENTS:
            targets = args[1:2] if event in ("shutil.copyfile", "shutil.copytree") else args[: PATH_EVENTS[event]]
            for target in targets:
                if not _inside(target, root):
                    raise SandboxViolation(f"graded notebooks may only change files inside their own folder, not {target}")

    sys.addaudithook(guard)


def _limit_memory(megabytes: int) -> None:
    """Cap the address space, so a runaway allocation is a MemoryError in one cell, not a frozen machine."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the timeout still stops a runaway notebook
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _warm_up() -> None:
    """Import the course and read its validated-data note now, before any submission is assigned."""
    try:
        from . import checks, data

        checks.exercises()
        for table in data.tables():
            data.validate(table)
    except Exception:  # a cold start costs time, never a grade
        pass


# --- kernelspecs and the socket provisioner --------------------------------------------------------


def write_kernelspec(jupyter_dir: Path, name: str, mode: str, display_name: str, *options: str) -> None:
    """Register ``python -m entente_course.kernels MODE [OPTIONS]`` as kernel ``name`` under ``jupyter_dir``."""
    spec = Path(jupyter_dir) / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "entente_course.kernels", mode, *options, "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER_NAME}},
    }), encoding="utf-8")


class LocalSocketProvisioner(LocalProvisioner):  # type: ignore[misc]
    """A local kernel that talks over socket files (``ipc``) where the platform has them, else TCP."""

    socket_folder: str | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        manager = self.parent
        if manager is not None and os.name == "posix":
            if self.socket_folder is None:
                # Short on purpose: a socket path must stay under about 100 characters.
                self.socket_folder = tempfile.mkdtemp(prefix="entente-kernel-")
            manager.transport = "ipc"
            manager.ip = os.path.join(self.socket_folder, "kernel")
        return dict(await super().pre_launch(**kwargs))

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self.socket_folder is not None:
            shutil.rmtree(self.socket_folder, ignore_errors=True)
            self.socket_folder = None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m entente_course.kernels", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["offline", "sandbox"])
    parser.add_argument("--memory-mb", type=int, default=None, help="sandbox: cap the address space (MB)")
    args, kernel_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.mode == "offline":
        install_offline()
    else:
        if args.memory_mb:
            _limit_memory(args.memory_mb)
        _warm_up()
        install_sandbox(Path(os.environ.get("ENTENTE_SANDBOX", os.getcwd())))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=kernel_args)


if __name__ == "__main__":
    main()
