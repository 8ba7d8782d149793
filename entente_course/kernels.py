"""The course's own Jupyter kernels: an offline kernel for the tests and a sandbox for grading.

``python -m entente_course.kernels offline -f CONNECTION_FILE`` starts an IPython kernel that refuses any
network access outside this machine, so a lesson that fetches something fails loudly in the tests.
``python -m entente_course.kernels sandbox [--memory-mb N] -f CONNECTION_FILE`` is the grading kernel: it
also refuses to start processes (``subprocess``, ``os.system``, ``fork``, ``exec``) and to write, delete,
rename or chmod anything outside ``$ENTENTE_SANDBOX`` (its submission's private folder); its address space
is capped; and it imports the course before it answers, so a submission starts on a warm kernel.
``python -m entente_course.kernels zygote --address SOCKET`` imports the course once and then forks one
sandbox kernel per request (the grader's fast path on POSIX): each kernel is a fresh process that never
saw another submission, and pays neither the interpreter's start nor the course's imports.

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
import asyncio
import contextlib
import ipaddress
import json
import os
import random
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

__all__ = [
    "KERNEL_NAME",
    "PROVISIONER_NAME",
    "SANDBOX_KERNEL",
    "LocalSocketProvisioner",
    "NetworkDisabled",
    "SandboxViolation",
    "install_offline",
    "install_sandbox",
    "write_kernelspec",
]

KERNEL_NAME = "entente-offline"  # the kernelspec the test suite registers
SANDBOX_KERNEL = "entente-sandbox"  # the kernelspec the grader registers for one run
PROVISIONER_NAME = "entente-local-sockets"  # the entry-point name kernelspecs ask for

LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}
PROCESS_EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
    "os.startfile",
}
PATH_EVENTS = {
    "os.remove": 1,
    "os.rmdir": 1,
    "os.mkdir": 1,
    "os.chmod": 1,
    "os.chown": 1,
    "os.truncate": 1,
    "os.utime": 1,
    "os.link": 2,
    "os.symlink": 2,
    "os.rename": 2,
    "shutil.rmtree": 1,
    "shutil.copyfile": 2,
    "shutil.copytree": 2,
    "shutil.move": 2,
}
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
                    raise SandboxViolation(
                        f"graded notebooks may only change files inside their own folder, not {target}"
                    )

    sys.addaudithook(guard)


def _limit_memory(megabytes: int) -> None:
    """Cap the address space, so a runaway allocation is a MemoryError in one cell, not a frozen machine."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the timeout still stops a runaway notebook
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _cap_printing(limit: int) -> None:
    """Print at most one character more than ``limit`` in all, then wait to be stopped.

    The grader counts what arrives, stops the kernel once it passes ``limit`` and records "too much
    output"; this keeps what is queued on the way small, and the notebook goes no further than the print
    that crossed the limit (a notebook that undoes this still meets the grader's count).
    """
    import time

    from ipykernel.iostream import OutStream

    write, printed = OutStream.write, 0

    def capped(self: OutStream, text: str) -> int | None:
        nonlocal printed
        if not self.parent_header:  # not printed by a cell (a start-up warning): the grader does not count it
            return write(self, text)
        if printed > limit:
            return len(text)
        text = text[: limit - printed + 1]
        printed += len(text)
        written = write(self, text)
        if printed > limit:
            self.flush()
            while True:  # the grader stops this kernel on receiving that last character
                time.sleep(60)
        return written

    OutStream.write = capped  # type: ignore[method-assign,assignment]


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


def write_kernelspec(
    jupyter_dir: Path, name: str, mode: str, display_name: str, *options: str, zygote: str = ""
) -> None:
    """Register ``python -m entente_course.kernels MODE [OPTIONS]`` as kernel ``name`` under ``jupyter_dir``.

    With ``zygote`` (the socket of a running zygote), the kernel is forked by that zygote instead.
    """
    spec = Path(jupyter_dir) / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    provisioner: dict[str, Any] = {"provisioner_name": PROVISIONER_NAME}
    if zygote:
        provisioner["config"] = {"zygote": zygote}
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "entente_course.kernels", mode, *options, "-f", "{connection_file}"],
                "display_name": display_name,
                "language": "python",
                "metadata": {"kernel_provisioner": provisioner},
            }
        ),
        encoding="utf-8",
    )


class _Forked:
    """The handle jupyter_client's local provisioner expects (``poll``, ``wait``, ``kill``), for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)  # the zygote reaps its children, so a finished kernel is gone
        except ProcessLookupError:
            return 0
        except PermissionError:
            return None
        return None

    def wait(self) -> int:
        return 0

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class LocalSocketProvisioner(LocalProvisioner):
    """A local kernel that talks over socket files (``ipc``) where the platform has them, else TCP."""

    socket_folder: str | None = None
    zygote = Unicode("", help="the socket of a zygote that forks this kernel (set in the kernelspec)")

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        manager = self.parent
        if manager is not None and os.name == "posix":
            if self.socket_folder is None:
                # Short on purpose: a socket path must stay under about 100 characters.
                self.socket_folder = tempfile.mkdtemp(prefix="entente-kernel-")
            manager.transport = "ipc"
            manager.ip = os.path.join(self.socket_folder, "kernel")
        return dict(await super().pre_launch(**kwargs))

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if not self.zygote:
            return await super().launch_kernel(cmd, **kwargs)
        request = {
            "connection_file": getattr(self.parent, "connection_file", ""),
            "cwd": str(kwargs.get("cwd") or os.getcwd()),
            "env": dict(kwargs.get("env") or os.environ),
        }
        reader, writer = await asyncio.open_unix_connection(self.zygote)
        try:
            writer.write(json.dumps(request).encode() + b"\n")
            await writer.drain()
            reply = json.loads(await reader.readline() or b"{}")
        finally:
            writer.close()
        if not isinstance(reply.get("pid"), int):
            raise RuntimeError(f"the grading zygote did not start a kernel ({reply.get('error', 'no answer')})")
        self.process, self.pid, self.pgid = _Forked(reply["pid"]), reply["pid"], reply["pid"]  # type: ignore[assignment]
        self.cwd = request["cwd"]
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self.socket_folder is not None:
            shutil.rmtree(self.socket_folder, ignore_errors=True)
            self.socket_folder = None


def _become_kernel(request: dict[str, Any], sockets: list[socket.socket], args: argparse.Namespace) -> None:
    """In a freshly forked child of the zygote: become one sandbox kernel, then exit."""
    zygote = os.getppid()
    for sock in sockets:
        sock.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()  # its own process group, which the grader may kill whole
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    tempfile.tempdir = None  # TMPDIR is now this submission's own
    random.seed()  # not the zygote's sequence, shared by every sibling
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    _confine(args, Path(request["env"].get("ENTENTE_SANDBOX", request["cwd"])))
    from ipykernel import kernelapp

    # The kernel ends when the zygote does (which ends when the grader does), even if nobody stops it.
    kernelapp.launch_new_instance(argv=["-f", request["connection_file"], f"--IPKernelApp.parent_handle={zygote}"])


def _confine(args: argparse.Namespace, root: Path) -> None:
    """What makes a kernel the grading sandbox: capped memory and printing, then the audit hook."""
    if args.memory_mb:
        _limit_memory(args.memory_mb)
    if args.output_limit:
        _cap_printing(args.output_limit)
    install_sandbox(root)


def _serve_forks(address: str, args: argparse.Namespace) -> None:
    """The zygote: warm up once, then fork a sandbox kernel for each request on the socket ``address``."""
    _warm_up()
    if args.setup:
        import runpy

        runpy.run_path(args.setup)
    import ipykernel.kernelapp  # noqa: F401  - imported once here, not in every kernel

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished kernels are reaped by the system
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(64)
    server.settimeout(1.0)
    print("ready", flush=True)
    while os.getppid() == parent:  # the grader is gone: so is the zygote
        try:
            connection, _ = server.accept()
        except TimeoutError:
            continue
        with connection:
            connection.settimeout(30)
            try:
                request = json.loads(connection.makefile("rb").readline())
            except (OSError, ValueError):
                continue
            pid = os.fork()
            if pid == 0:
                try:
                    _become_kernel(request, [server, connection], args)
                finally:
                    os._exit(0)
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m entente_course.kernels", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["offline", "sandbox", "zygote"])
    parser.add_argument("--memory-mb", type=int, default=None, help="sandbox, zygote: cap each kernel's address space")
    parser.add_argument("--output-limit", type=int, default=None, help="sandbox, zygote: characters a kernel may print")
    parser.add_argument("--address", help="zygote: the Unix socket to listen on")
    parser.add_argument("--setup", help="zygote: a Python file to run once first (a custom assignment's exercises)")
    args, kernel_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.mode == "zygote":
        _serve_forks(args.address, args)
        return
    if args.mode == "offline":
        install_offline()
    else:
        _warm_up()
        _confine(args, Path(os.environ.get("ENTENTE_SANDBOX", os.getcwd())))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=kernel_args)


if __name__ == "__main__":
    main()
