"""One quiz question as an accessible widget (anywidget: the browser part is the small module below).

ipywidgets' RadioButtons cannot be labelled: its description is a ``<label>`` tied to no control and its
radios share no ``name``, so a screen reader hears neither a group nor the question, and arrow keys do not
move between choices. This widget draws the native pattern instead: a ``<fieldset>`` whose ``<legend>`` is
the question, radios (or checkboxes) that share a name, a Check button, and feedback in a live region
(``role="status"``) told in words and ✓/✗, never by colour alone. Grading stays in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  // Keys pressed on the question's controls (arrows between radios, Space, Enter) belong to them, not to
  // JupyterLab's notebook shortcuts, which would otherwise move the cell selection. Lumino skips a shortcut
  // when the focused element itself carries this attribute.
  const own = (control) => { control.setAttribute("data-lm-suppress-shortcuts", "true"); return control; };
  const kind = model.get("kind");
  const group = document.createElement("fieldset");
  group.className = "entente-quiz-group";
  const legend = document.createElement("legend");
  legend.textContent = model.get("prompt");
  group.appendChild(legend);
  const name = "entente-quiz-" + Math.random().toString(36).slice(2);
  const chosen = () => Array.from(group.querySelectorAll("input:checked")).map((input) => input.value);
  const save = (values) => { model.set("selected", values); model.save_changes(); };
  const check = () => model.send({ event: "check" });
  if (kind === "number") {
    const label = document.createElement("label");
    const unit = model.get("unit");
    label.textContent = unit ? `Your answer (${unit}): ` : "Your answer: ";
    const input = own(document.createElement("input"));
    input.type = "text";
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.value = (model.get("selected")[0] || "");
    input.addEventListener("input", () => save([input.value]));
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") { save([input.value]); check(); } });
    label.appendChild(input);
    group.appendChild(label);
  } else {
    for (const text of model.get("options")) {
      const label = document.createElement("label");
      label.className = "entente-quiz-choice";
      const input = own(document.createElement("input"));
      input.type = kind === "all" ? "checkbox" : "radio";
      input.name = name;
      input.value = text;
      input.checked = model.get("selected").includes(text);
      input.addEventListener("change", () => save(chosen()));
      label.append(input, " " + text);
      group.appendChild(label);
    }
  }
  const button = own(document.createElement("button"));
  button.type = "button";
  button.className = "entente-quiz-check";
  button.textContent = "Check";
  button.addEventListener("click", check);
  const feedback = document.createElement("div");
  feedback.className = "entente-quiz-feedback";
  feedback.setAttribute("role", "status");
  feedback.setAttribute("aria-live", "polite");
  const speak = () => { feedback.textContent = model.get("feedback"); };
  model.on("change:feedback", speak);
  speak();
  el.append(group, button, feedback);
  return () => model.off("change:feedback", speak);
}
export default { render };
"""

_CSS = """
.entente-quiz-group { border: 1px solid var(--jp-border-color1, #999); border-radius: 4px; padding: 0.5em 1em; }
.entente-quiz-group legend { font-weight: bold; padding: 0 0.3em; }
.entente-quiz-choice { display: block; margin: 0.3em 0; cursor: pointer; }
.entente-quiz-check { margin: 0.5em 0; padding: 0.25em 1em; }
.entente-quiz-feedback { white-space: pre-line; }
.entente-quiz-group input:focus-visible, .entente-quiz-check:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
"""


class QuestionWidget(anywidget.AnyWidget):
    """A question, its choices in the student's order, a Check button and the feedback.

    ``grade`` takes the answer (a choice's text, a list of texts, or the typed text of a number) and
    returns an object whose ``text`` is the feedback; the widget knows nothing else of quizzes.
    """

    _esm = _ESM
    _css = _CSS
    prompt = traitlets.Unicode("").tag(sync=True)
    kind = traitlets.Unicode("one").tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.List(traitlets.Unicode()).tag(sync=True)
    feedback = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self, prompt: str, kind: str, options: tuple[str, ...], unit: str | None, grade: Callable[[Any], Any]
    ) -> None:
        super().__init__(prompt=prompt, kind=kind, options=list(options), unit=unit or "")
        self._grade = grade
        self.on_msg(self._message)

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "check":
            self.check()

    def check(self) -> Any:
        """Grade what is selected now and show the feedback (what the Check button does)."""
        answer: Any = list(self.selected)
        if self.kind == "one":
            answer = answer[0] if len(answer) == 1 else answer
        elif self.kind == "number":
            answer = answer[0] if answer else ""
        result = self._grade(answer)
        self.feedback = ""  # a live region speaks when its text changes, so the same words are said again
        self.feedback = result.text
        return result
