"""The offline kernel that nbval uses really has no network, and lessons need none."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from entente_course.kernels import KERNEL_NAME as OFFLINE_KERNEL


def run(source: str) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(notebook, kernel_name=OFFLINE_KERNEL, timeout=60).execute()


def test_offline_kernel_refuses_the_internet():
    with pytest.raises(CellExecutionError, match="network is disabled"):
        run("import urllib.request\nurllib.request.urlopen('http://example.org', timeout=5)")


def test_offline_kernel_still_runs_course_code():
    run("from entente_course import data, quiz, charts, check\nassert len(data.load('sources')) > 0")
