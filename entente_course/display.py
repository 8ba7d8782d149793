"""How tables look in a notebook: text shown whole and wrapped, set once when the package is imported.

pandas cuts every cell at 50 characters by default, so a claim or a definition a student must read ends in
"...". The course's tables are small, so the whole text is shown instead. Wrapping needs nothing more:
JupyterLab's stylesheet (and nbconvert's lab template, which exported HTML uses) gives table cells
``white-space: normal``, so a long cell wraps within the output's width instead of stretching it. pandas'
table-schema output stays off (its default): JupyterLab would then draw a data grid that cuts text again.
Nothing here changes what a student types: no Styler, no custom ``_repr_html_``.
"""

from __future__ import annotations

import pandas as pd

OPTIONS: dict[str, object] = {
    "display.max_colwidth": None,  # never cut a text cell
    "display.html.table_schema": False,  # plain HTML tables, which wrap (see above)
}


def configure() -> None:
    """Apply the course's display options to pandas (idempotent; the import of entente_course calls it)."""
    for name, value in OPTIONS.items():
        pd.set_option(name, value)
