"""Warm sandbox kernels for the grader, each used for one submission, and running a notebook on one.

Each kernel gets a fresh temporary folder (its working folder, ``TMPDIR``, IPython folder and progress
file), which goes when the kernel does. Where the system can fork, a *zygote*
(``python -m entente_course.kernels zygote``) imports the course once and forks every kernel from
itself, so a kernel costs neither an interpreter start nor the course's imports; it is still a fresh
process that never saw another submission. Elsewhere each kernel starts and warms up on its own.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import kernels

__all__ = ["ERROR", "OK", "TIMEOUT", "TOO_MUCH_OUTPUT", "Kernel", "Pool", "run", "stop"]

OK, ERROR, TIMEOUT, TOO_MUCH_OUTPUT = "ok", "error", "timeout", "too much output"  # how a run ended
STARTUP_SECONDS = 120  # for a kernel to start and import the course; not counted in a notebook's time
GRACE_SECONDS = 30  # beyond the deadline, before the grader gives up on a kernel that does not stop
MEMORY_MB = 2048  # each sandbox kernel's address space
OUTPUT_LIMIT = 5_000_000  # bytes of output a notebook may show before its kernel is stopped


@dataclass
class Kernel:
    folder: Path
    manager: AsyncKernelManager
    client: Any


def _environment(**extra: str) -> dict[str, str]:
    """The kernels' environment: the grader's, without strict mode, one thread for numerical libraries."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENTENTE_STRICT")}
    env.update(PYTHONDONTWRITEBYTECODE="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", **extra)
    return env


class Pool:
    """Warm sandbox kernels, each in a fresh temporary folder, started ahead of the submissions.

    Where the system can fork, a zygote imports the course once and forks each kernel from itself.
    """

    def __init__(self, jobs: int, needed: int, setup: Path | None, fork: bool = True) -> None:
        self.jobs, self.left, self.setup, self.fork = jobs, needed, setup, fork
        self.spec_dir = Path(tempfile.mkdtemp(prefix="entente-grade-spec-"))
        self.zygote: asyncio.subprocess.Process | None = None
        self.ready: asyncio.Queue[Kernel | BaseException] = asyncio.Queue()
        self.room = asyncio.Semaphore(2 * jobs)  # kernels alive at once: jobs running, jobs warming
        self.fillers: list[asyncio.Future[None]] = []

    async def open(self) -> None:
        address = ""
        if self.fork and hasattr(os, "fork") and self.left:
            address = str(self.spec_dir / "zygote.sock")
            self.zygote = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "entente_course.kernels",
                "zygote",
                f"--address={address}",
                f"--memory-mb={MEMORY_MB}",
                f"--output-limit={OUTPUT_LIMIT}",
                *([f"--setup={self.setup}"] if self.setup else []),
                env=_environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                start_new_session=True,
            )
            assert self.zygote.stdout is not None
            try:
                ready = await asyncio.wait_for(self.zygote.stdout.readline(), STARTUP_SECONDS)
            except asyncio.TimeoutError:
                ready = b""
            if ready.strip() != b"ready":  # no zygote: each kernel starts and warms up on its own
                self.zygote.kill()
                address, self.zygote = "", None
        kernels.write_kernelspec(
            self.spec_dir,
            kernels.SANDBOX_KERNEL,
            "sandbox",
            "Python 3 (grading sandbox)",
            f"--memory-mb={MEMORY_MB}",
            f"--output-limit={OUTPUT_LIMIT}",
            zygote=address,
        )
        self.specs = KernelSpecManager(kernel_dirs=[str(self.spec_dir / "kernels")])
        self.fillers = [asyncio.ensure_future(self._fill()) for _ in range(min(self.jobs, self.left))]

    async def _fill(self) -> None:
        while self.left > 0:
            self.left -= 1
            await self.room.acquire()
            try:
                await self.ready.put(await self._start())
            except Exception as error:  # noqa: BLE001 - the submission it was for records why
                self.room.release()
                await self.ready.put(error)

    async def _start(self) -> Kernel:
        folder = Path(tempfile.mkdtemp(prefix="entente-grade-"))
        for name in ("work", "tmp"):
            (folder / name).mkdir()
        env = _environment(
            ENTENTE_SANDBOX=str(folder),
            ENTENTE_PROGRESS=str(folder / "progress.json"),
            IPYTHONDIR=str(folder / "ipython"),
            TMPDIR=str(folder / "tmp"),
            MPLCONFIGDIR=str(folder / "tmp"),
        )
        manager = AsyncKernelManager(kernel_name=kernels.SANDBOX_KERNEL, kernel_spec_manager=self.specs)
        manager.connection_file = str(folder / "connection.json")
        try:
            await manager.start_kernel(cwd=str(folder / "work"), env=env)
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=STARTUP_SECONDS)
            if self.setup is not None and self.zygote is None:  # a custom assignment's exercises
                reply = await client.execute_interactive(
                    f"__import__('runpy').run_path({str(self.setup)!r})", silent=True, timeout=STARTUP_SECONDS
                )
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(f"the exercises file failed in the kernel: {reply['content'].get('evalue')}")
        except BaseException:
            await stop(Kernel(folder, manager, None))
            raise
        return Kernel(folder, manager, client)

    async def take(self) -> Kernel:
        kernel = await self.ready.get()
        if isinstance(kernel, BaseException):
            raise kernel
        return kernel

    async def give_back(self, kernel: Kernel) -> None:
        await stop(kernel)
        self.room.release()

    async def close(self) -> None:
        for task in self.fillers:
            task.cancel()
        while not self.ready.empty():  # started for a submission that never came (an interrupted run)
            kernel = self.ready.get_nowait()
            if isinstance(kernel, Kernel):
                await stop(kernel)
        if self.zygote is not None and self.zygote.returncode is None:
            self.zygote.kill()
            await self.zygote.wait()
        shutil.rmtree(self.spec_dir, ignore_errors=True)


async def stop(kernel: Kernel) -> None:
    try:
        if kernel.client is not None:
            kernel.client.stop_channels()
        if kernel.manager.has_kernel:
            await kernel.manager.shutdown_kernel(now=True)
    finally:
        shutil.rmtree(kernel.folder, ignore_errors=True)


class _OutputCapped(NotebookClient):
    """A notebook client that stops the kernel once the notebook has shown more than ``limit`` bytes."""

    limit = OUTPUT_LIMIT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown, self.overflowed = 0, False

    def process_message(self, msg: dict[str, Any], cell: nbformat.NotebookNode, cell_index: int) -> Any:
        content = msg.get("content", {})
        self.shown += len(str(content.get("text", ""))) + sum(len(str(v)) for v in content.get("data", {}).values())
        if self.shown > self.limit and msg.get("msg_type") in (
            "stream",
            "display_data",
            "execute_result",
            "update_display_data",
            "error",
        ):
            if not self.overflowed and self.km is not None and self.km.provisioner is not None:
                self.overflowed = True
                process = getattr(self.km.provisioner, "process", None)
                if process is not None:
                    process.kill()  # the kernel dies; nbclient notices and stops with DeadKernelError
            return None  # dropped, not kept in memory
        return super().process_message(msg, cell, cell_index)


async def run(notebook: nbformat.NotebookNode, kernel: Kernel, timeout: float) -> tuple[str, str]:
    """Execute ``notebook`` (in place) on a warm ``kernel``; return the notebook's status and why."""
    for cell in notebook.cells:  # the student's own outputs must not count: only this run's do
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    deadline = time.monotonic() + timeout

    def remaining(_cell: Any) -> int:
        left = deadline - time.monotonic()
        if left <= 0:
            raise CellTimeoutError("the notebook's time is up")
        return max(1, math.ceil(left))

    client = _OutputCapped(
        notebook,
        km=kernel.manager,
        kernel_name=kernels.SANDBOX_KERNEL,
        allow_errors=True,
        timeout_func=remaining,
        resources={"metadata": {"path": str(kernel.folder / "work")}},
    )
    client.kc = kernel.client
    try:
        await asyncio.wait_for(client.async_execute(), timeout + GRACE_SECONDS)
    except (CellTimeoutError, asyncio.TimeoutError):
        return TIMEOUT, f"stopped after {timeout:g} seconds (an endless loop, or too slow)"
    except DeadKernelError:
        if client.overflowed:
            return TOO_MUCH_OUTPUT, f"stopped after showing more than {OUTPUT_LIMIT // 1_000_000} MB of output"
        return ERROR, "the kernel died (the notebook crashed Python or exited)"
    except Exception as error:  # a kernel that misbehaves: record it, never crash the grader
        return ERROR, f"could not be executed: {type(error).__name__}: {error}"
    if any(
        o.get("output_type") == "error" for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
    ):
        return ERROR, "a cell raised an error"
    return OK, ""
