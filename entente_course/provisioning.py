"""Start the course's own kernels on Unix-domain sockets in a private folder instead of TCP ports.

jupyter_client chooses a kernel's five TCP ports by binding to port 0 and letting go of them; the kernel
binds them a second or two later. Any other process on the machine can take one of those ports in
between, and when it is the IOPub port the kernel neither fails nor answers: its client gives up with
"Kernel didn't respond in 60 seconds". That happened in CI, where test workers, JupyterLab, Chromium
and pip all open connections at once. A socket file in a folder of its own cannot be taken, so the
kernels this package registers (the offline test kernel and the grading sandbox) use one wherever the
platform has them. Kernelspecs name this provisioner in their metadata; jupyter_client finds it through
the ``jupyter_client.kernel_provisioners`` entry point in ``pyproject.toml``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["PROVISIONER_NAME", "LocalSocketProvisioner"]

# The entry-point name a kernelspec's metadata uses to ask for this provisioner.
PROVISIONER_NAME = "entente-local-sockets"


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
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self.socket_folder is not None:
            shutil.rmtree(self.socket_folder, ignore_errors=True)
            self.socket_folder = None
