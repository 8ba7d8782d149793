"""Run a Jupyter kernel with the network switched off, to prove every lesson works offline.

``python -m entente_course.offline -f CONNECTION_FILE`` starts an ordinary IPython kernel after
installing an audit hook that refuses any connection or name lookup outside this machine. The kernel
still talks to Jupyter over loopback, so it runs normally; a lesson that tries to fetch anything from
the internet fails loudly instead of silently depending on it.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
from pathlib import Path

from .provisioning import PROVISIONER_NAME

__all__ = ["KERNEL_NAME", "NetworkDisabled", "install", "write_kernelspec"]

# The kernelspec name the test suite registers for this kernel.
KERNEL_NAME = "entente-offline"

LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkDisabled(OSError):
    """Raised when code in an offline kernel reaches for the network."""


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise NetworkDisabled(f"the network is disabled in this kernel (tried to reach {address[0]})")
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        raise NetworkDisabled(f"the network is disabled in this kernel (tried to look up {args[0]})")


def install() -> None:
    """Refuse non-local network access for the rest of this process (audit hooks cannot be removed)."""
    sys.addaudithook(_guard)


def write_kernelspec(jupyter_dir: Path, name: str, module: str, display_name: str) -> None:
    """Register a kernel that runs ``python -m module`` under ``jupyter_dir`` (a ``JUPYTER_PATH`` entry).

    The kernel is started by :class:`entente_course.provisioning.LocalSocketProvisioner`, so it talks
    over socket files rather than TCP ports that another process could take first.
    """
    spec = Path(jupyter_dir) / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", module, "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER_NAME}},
    }), encoding="utf-8")


def main() -> None:
    install()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
