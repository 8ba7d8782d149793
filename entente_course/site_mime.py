"""How the course website (MyST-NB, ``make site``) draws the outputs that JupyterLab draws itself.

Altair's ``mimetype`` renderer gives a Vega-Lite v5 bundle that JupyterLab turns into a chart; a static page
needs the spec embedded in HTML and drawn by vega-embed, which the site serves itself (``site/_static``).
``check()`` gives its result as plain text plus ``application/vnd.entente.check+json``; the page shows the
same message a student sees, marked with its status so it can be styled. MyST-NB finds this class through
the ``myst_nb.mime_renderers`` entry point; docutils is imported only when a page is being built. A widget
(which needs a kernel) is replaced by a note saying that the notebook shows a control there.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, ClassVar

from .checks import MIME_TYPE as CHECK_MIME_TYPE

__all__ = ["CHECK_MIME_TYPE", "VEGALITE_MIME_TYPE", "WIDGET_MIME_TYPE", "SiteOutputs", "chart_html", "check_html"]

VEGALITE_MIME_TYPE = "application/vnd.vegalite.v5+json"
WIDGET_MIME_TYPE = "application/vnd.jupyter.widget-view+json"
# A widget needs a running kernel; a static page says where it would be instead of loading widget scripts.
WIDGET_NOTE = '<p class="entente-widget-note"><em>In the notebook, an interactive control appears here.</em></p>'
_VIEWS = ("layer", "concat", "hconcat", "vconcat", "spec")  # where a Vega-Lite spec nests views
_SCRIPT_END = re.compile(r"</|<!--", re.IGNORECASE)


def _script_safe(text: str) -> str:
    """JSON that cannot end the ``<script>`` element holding it."""
    return _SCRIPT_END.sub(lambda match: match.group(0).replace("<", "\\u003c"), text)


def _quiet_undescribed_marks(spec: Any) -> None:
    """Hide from screen readers the marks that carry neither a description nor a tooltip (a reference line).

    Vega gives each mark a role; one with no name is announced as an unnamed graphic (axe-core: svg-img-alt).
    The chart's own description, which ``charts.finish`` requires, says what the whole chart shows.
    """
    if isinstance(spec, dict):
        mark, encoding = spec.get("mark"), spec.get("encoding", {})
        if mark is not None and "tooltip" not in encoding and "description" not in encoding:
            mark = {"type": mark} if isinstance(mark, str) else dict(mark)
            if "description" not in mark:
                mark.setdefault("aria", False)
            spec["mark"] = mark
        for key in _VIEWS:
            _quiet_undescribed_marks(spec.get(key))
    elif isinstance(spec, list):
        for value in spec:
            _quiet_undescribed_marks(value)


def chart_html(spec: dict[str, Any]) -> str:
    """A chart placeholder: the spec as inert JSON, drawn by the site's ``entente-charts.js``."""
    title = spec.get("title") or "Chart"
    if isinstance(title, dict):  # a title may be {"text": ...}
        title = title.get("text", "Chart")
    spec = json.loads(json.dumps(spec))
    _quiet_undescribed_marks(spec)
    # A wide chart scrolls sideways: the region takes keyboard focus so it can be scrolled without a mouse.
    return (
        f'<div class="entente-chart" role="region" tabindex="0" aria-label="Chart: {html.escape(str(title))}">'
        f'<script type="application/json">{_script_safe(json.dumps(spec))}</script>'
        "<noscript>This chart is drawn with JavaScript, which is switched off in this browser.</noscript>"
        "</div>"
    )


def check_html(payload: dict[str, Any]) -> str:
    """The check's message as the student sees it, in a box marked with its status."""
    status = re.sub(r"[^a-z]+", "-", str(payload.get("status", "")).lower()).strip("-") or "unknown"
    message = html.escape(str(payload.get("message", "")))
    return f'<div class="entente-check entente-check-{status}"><pre>{message}</pre></div>'


class SiteOutputs:
    """MyST-NB mime renderer plugin: Vega-Lite charts and check results for the HTML builder."""

    # Lower is preferred: both win over the text/plain they come with.
    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [
        ("html", VEGALITE_MIME_TYPE, 1),
        ("html", CHECK_MIME_TYPE, 2),
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type not in (VEGALITE_MIME_TYPE, CHECK_MIME_TYPE, WIDGET_MIME_TYPE):
            return None
        from docutils import nodes

        if data.mime_type == WIDGET_MIME_TYPE:
            return [nodes.raw("", WIDGET_NOTE, format="html")]

        content = data.content
        if isinstance(content, str):
            content = json.loads(content)
        markup = chart_html(content) if data.mime_type == VEGALITE_MIME_TYPE else check_html(content)
        return [nodes.raw("", markup, format="html")]
