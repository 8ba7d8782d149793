"""The course's own kernels start on socket files, so no other process can take their ports first."""

from __future__ import annotations

import json
import os
from importlib.metadata import entry_points
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from entente_course.kernels import KERNEL_NAME as OFFLINE_KERNEL
from entente_course.kernels import PROVISIONER_NAME, LocalSocketProvisioner, write_kernelspec


def test_kernelspecs_name_the_provisioner_and_jupyter_finds_it(tmp_path):
    write_kernelspec(tmp_path, "some-kernel", "offline", "Some kernel")
    spec = json.loads((tmp_path / "kernels" / "some-kernel" / "kernel.json").read_text(encoding="utf-8"))
    assert spec["metadata"]["kernel_provisioner"]["provisioner_name"] == PROVISIONER_NAME
    # jupyter_client looks provisioners up by this entry point of the installed package.
    (entry,) = entry_points(group="jupyter_client.kernel_provisioners", name=PROVISIONER_NAME)
    assert entry.load() is LocalSocketProvisioner


def test_offline_kernel_talks_over_socket_files_and_removes_them():
    manager, client = start_new_kernel(kernel_name=OFFLINE_KERNEL, startup_timeout=120)
    try:
        assert manager.transport == "ipc"
        provisioner = manager.provisioner
        assert isinstance(provisioner, LocalSocketProvisioner) and provisioner.socket_folder is not None
        folder = Path(provisioner.socket_folder)
        assert sorted(path.name for path in folder.iterdir()) == [f"kernel-{n}" for n in range(1, 6)]
        reply = client.execute_interactive(
            "answer = 6 * 7", timeout=60, user_expressions={"profile": "get_ipython().profile_dir.location"}
        )
        assert reply["content"]["status"] == "ok"
        # Concurrent test kernels never share (and lock) the user's IPython history database.
        profile = reply["content"]["user_expressions"]["profile"]["data"]["text/plain"].strip("'")
        assert Path(profile).is_relative_to(os.environ["IPYTHONDIR"]), profile
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert not folder.exists()
