"""The repository's scripts (tools/, site/) loaded as modules by the tests that check them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_script(relative: str) -> ModuleType:
    """``relative`` (e.g. ``"tools/lesson_time.py"``) as a module, without putting its folder on sys.path."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"entente_{path.stem}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
