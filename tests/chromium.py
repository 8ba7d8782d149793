"""Debian's Chromium for the browser tests: never a downloaded browser, and no traffic of its own.

Without the background-networking flags Chromium reaches for Google's hosts at every start, which this
machine's closed network refuses; the browser tests must see only the pages they serve.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
