"""Generate the course website's Sphinx sources from the repository (``make site`` runs this, then Sphinx).

Nothing here is written by hand twice: the lessons come from ``solutions/*.ipynb`` (tagged so each worked
answer folds away, the quiz widget replaced by the bank as static questions, glossary terms linked, launch
buttons for the *student* notebook added), the data pages from ``data/datapackage.json``, the glossary from
``data/glossary.csv``, the documents from ``docs/``, the citation from ``CITATION.cff``. Lessons and banks
are discovered, never listed.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from entente_course import links, notebooks, quiz

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "pages"
VENDOR = {  # npm package file -> name served under _static/vendor/
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
}
DEFAULT_HUB = "https://YOUR-HUB.example.org"
WORKED = "Show a worked answer"
QUIZ_CALL = re.compile(r"""^\s*quiz\.show\(\s*["'](?P<lesson>\d+)["']\s*\)\s*;?\s*$""")
MD_SOLUTION = re.compile(r"<!-- BEGIN SOLUTION -->(?P<body>.*?)<!-- END SOLUTION -->", re.DOTALL)
MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
DOCS = {"instructor": "The instructor guide", "cheatsheet": "The cheat sheet", "decisions": "Decision records"}


class SiteError(RuntimeError):
    """The repository cannot make the site; the message names the file and what is wrong."""


# --- settings ----------------------------------------------------------------------------------------


def placeholder_repo(root: Path = ROOT) -> str:
    """The GitHub ``ORG/REPO`` the README marks as its one placeholder for the published repository."""
    match = re.search(r"\*\*Placeholder:\*\* `([^`/\s]+/[^`/\s]+)`", (root / "README.md").read_text(encoding="utf-8"))
    if not match:
        raise SiteError("README.md: no '**Placeholder:** `ORG/REPO`' line to take the repository from")
    return match.group(1)


@dataclass(frozen=True)
class Settings:
    repo: str  # GitHub ORG/REPO
    hub: str  # JupyterHub base URL
    branch: str = "main"

    @property
    def git_url(self) -> str:
        return f"https://github.com/{self.repo}"

    def binder(self, notebook: str) -> str:
        return links.binder(self.repo, notebook, branch="HEAD")

    def hub_link(self, notebook: str) -> str:
        return links.nbgitpuller(self.hub, self.git_url, notebook, branch=self.branch)

    def github(self, path: str) -> str:
        return f"{self.git_url}/blob/{self.branch}/{path}"

    def check(self) -> Settings:
        """Fail in one line, naming the site's own option, if the links cannot be built."""
        try:
            self.binder("x.ipynb")
        except links.LinkError:
            raise SiteError(f"--repo (SITE_REPO) takes a GitHub repository as ORG/REPO, not {self.repo!r}") from None
        try:
            self.hub_link("x.ipynb")
        except links.LinkError:
            raise SiteError(
                f"--hub (SITE_HUB) must be a full address like https://hub.example.edu, not {self.hub!r}"
            ) from None
        return self


# --- small text helpers ------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~$])")


def md_escape(text: str) -> str:
    """Plain text as MyST markdown that shows exactly that text."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the lesson card ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lesson:
    notebook: str  # file name, e.g. 03_gady_2018.ipynb
    number: str
    title: str
    time: str
    objectives: tuple[str, ...]

    @property
    def page(self) -> str:
        return f"lessons/{Path(self.notebook).stem}"


def lesson_card(path: Path) -> Lesson:
    """Title, estimated time and objectives, read from the notebook's first cell (its card)."""
    notebook = nbformat.read(path, as_version=4)
    card = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    where = f"solutions/{path.name}"
    title = re.search(r"^# (.+)$", card, re.MULTILINE)
    if not title:
        raise SiteError(f"{where}: the first markdown cell has no '# title' line")
    # "**Estimated time:** 50–60 minutes. **Prerequisites:** ..." or plain "Estimated time: 58 minutes."
    time = re.search(r"Estimated time:?\**:?\s*(.+?)\s*(?=\*\*|\.\s|\.?\n|\.?$)", card)
    if not time:
        raise SiteError(f"{where}: the lesson card says no 'Estimated time:'")
    objectives: list[str] = []
    after = card.split("You will be able to", 1)
    if len(after) == 2:
        for line in after[1].splitlines()[1:]:
            item = re.match(r"^\s*(?:[-*]|\d+\.)\s+(.*)$", line)
            if item:
                objectives.append(item.group(1).strip())
            elif line.strip() and objectives and line.startswith(" "):
                objectives[-1] += " " + line.strip()
            elif line.strip() and objectives:
                break
    if not objectives:
        raise SiteError(f"{where}: the lesson card lists no objectives under 'You will be able to …'")
    heading = title.group(1).strip()
    return Lesson(
        path.name, path.name.split("_", 1)[0], heading, " ".join(time.group(1).split()).rstrip("."), tuple(objectives)
    )


def discover(root: Path = ROOT) -> list[Lesson]:
    paths = sorted((root / "solutions").glob("[0-9]*.ipynb"))
    if not paths:
        raise SiteError(f"no lesson notebooks in {root / 'solutions'}")
    return [lesson_card(path) for path in paths]


# --- links between pages -----------------------------------------------------------------------------


class Pages:
    """Which repository file is which site page, so a relative link in a lesson or document still works."""

    def __init__(self, root: Path, lessons: list[Lesson], tables: list[str], settings: Settings):
        self.settings = settings
        self.map: dict[str, str] = {
            "README.md": "index.md",
            "data/README.md": "data/index.md",
            "CITATION.cff": "cite.md",
        }
        for lesson in lessons:
            self.map[f"solutions/{lesson.notebook}"] = f"{lesson.page}.ipynb"
            self.map[f"lessons/{lesson.notebook}"] = f"{lesson.page}.ipynb"
        for name in DOCS:
            if (root / "docs" / f"{name}.md").exists():
                self.map[f"docs/{name}.md"] = f"{name}.md"
        for table in tables:
            self.map[f"data/{table}.csv"] = f"data/{table}.md"

    def rewrite(self, text: str, source: str, page: str) -> str:
        """Point relative links of ``source`` (a repository path) at site pages or at the repository."""
        source_dir = Path(source).parent
        page_dir = Path(page).parent

        def replace(match: re.Match) -> str:
            target = match.group("target")
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                return match.group(0)
            path, _, fragment = target.partition("#")
            repo_path = _normal(source_dir / path)
            if repo_path in self.map:
                relative = _relative(self.map[repo_path], page_dir)
                new = relative + (f"#{fragment}" if fragment else "")
            else:
                new = self.settings.github(repo_path) + (f"#{fragment}" if fragment else "")
            return f"[{match.group('text')}]({new})"

        return MD_LINK.sub(replace, text)


def _normal(path: Path) -> str:
    parts: list[str] = []
    for part in path.as_posix().split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _relative(target: str, from_dir: Path) -> str:
    ups = len([p for p in from_dir.as_posix().split("/") if p not in ("", ".")])
    return "../" * ups + target


# --- the glossary ------------------------------------------------------------------------------------


def glossary_terms(root: Path = ROOT) -> list[dict[str, str]]:
    with open(root / "data" / "glossary.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


_PROTECTED = re.compile(
    r"`[^`]*`"  # code, and roles already inserted
    r"|\{[a-z]+\}`[^`]*`"
    r"|(?<!!)\[[^\]]*\]\([^)]*\)"  # links
    r"|!\[[^\]]*\]\([^)]*\)"
    r"|<[^>]*>"  # html and autolinks
    r"|https?://\S+"
)


def _term_role(term: str) -> Callable[[re.Match[str]], str]:
    """The glossary role for a use of ``term``, keeping the words as the text has them."""
    return lambda match: f"{{term}}`{match.group(0)} <{term}>`"


class GlossaryLinker:
    """Links the first use of each glossary term on a page to its entry (one instance per page)."""

    def __init__(self, terms: list[str]):
        self.patterns = [
            (term, re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE))
            for term in sorted(terms, key=len, reverse=True)
        ]
        self.used: set[str] = set()

    def link(self, text: str) -> str:
        out, fence = [], False
        for line in text.split("\n"):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            if fence or line.lstrip().startswith(("#", "<", "```", "~~~", "(")):
                out.append(line)
                continue
            out.append(self._line(line))
        return "\n".join(out)

    def _line(self, line: str) -> str:
        for term, pattern in self.patterns:
            if term in self.used:
                continue
            pieces, position, done = [], 0, False
            for protected in list(_PROTECTED.finditer(line)) + [None]:
                end = protected.start() if protected else len(line)
                free = line[position:end]
                if not done:
                    free, count = pattern.subn(_term_role(term), free, count=1)
                    done = bool(count)
                pieces.append(free)
                if protected:
                    pieces.append(protected.group(0))
                    position = protected.end()
            if done:
                self.used.add(term)
                line = "".join(pieces)
        return line


def glossary_page(root: Path, pages: dict[str, str]) -> str:
    """The glossary as a Sphinx glossary: each term gets an anchor (``#term-casus-foederis``)."""
    lines = [
        "# Glossary",
        "",
        "The words the lessons use in a sense of their own, from the course's `glossary` table "
        "([data page](data/glossary.md)). Each lesson links the first use of a term here.",
        "",
        "```{glossary}",
        ":sorted:",
        "",
    ]
    for row in glossary_terms(root):
        lines.append(row["term"].strip())
        lines.append(f"  {md_escape(row['definition'].strip())}")
        lines.append("")
        if row.get("why_it_matters", "").strip():
            lines.append(f"  *Why it matters:* {md_escape(row['why_it_matters'].strip())}")
            lines.append("")
        numbers = row.get("lessons", "").split()
        if numbers:
            shown = [f"[{n}]({pages[n]}.ipynb)" if n in pages else n for n in numbers]
            lines.append(f"  *Lessons:* {', '.join(shown)}")
            lines.append("")
        if row.get("source", "").strip():
            lines.append(f"  *Source:* `{row['source'].strip()}`")
            lines.append("")
    lines.append("```")
    return "\n".join(lines) + "\n"


# --- the quiz ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """Bank text as HTML: escaped, with `code` spans shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(value)))


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _choice(entry: Any) -> tuple[str, str | None]:
    """A choice as (text, why): a plain string (old banks), a Choice, or a mapping (new banks)."""
    if isinstance(entry, str):
        return entry, None
    if isinstance(entry, dict):
        return str(entry.get("text", "")), entry.get("why")
    return str(entry.text), getattr(entry, "why", None)


def _answers(question: Any) -> tuple[str, ...]:
    answer = question.answer
    if isinstance(answer, str):
        return (answer,)
    return tuple(str(a) for a in (answer or ()))


def quiz_markdown(lesson: str) -> str:
    """A lesson's bank as static questions, each answer and explanation folded away."""
    bank = quiz.bank(lesson)
    lines = [
        f"*On this page the answers are folded away under each question. In the notebook, "
        f'`quiz.show("{lesson}")` shows these questions with a button that checks your answer.*',
        "",
    ]
    for number, question in enumerate(bank.questions, start=1):
        kind = getattr(question, "kind", "one") or "one"
        prompt = {"all": " (choose all that apply)", "number": " (give a number)"}.get(kind, "")
        lines += [
            f'<p class="entente-quiz-question" id="quiz-{slug(question.id)}"><strong>{number}.</strong> '
            f"{_text(question.question)}{prompt}</p>",
            "",
        ]
        choices = [_choice(c) for c in question.choices]
        right = _answers(question)
        if choices:
            lines.append('<ol class="entente-quiz-choices" type="A">')
            lines += [f"<li>{_text(text)}</li>" for text, _ in choices]
            lines += ["</ol>", ""]
        body = []
        if kind == "number":
            unit = getattr(question, "unit", None) or ""
            value = question.expected() if hasattr(question, "expected") else None
            shown = f"{value:g} {unit}".strip() if value is not None else "see the explanation"
            body.append(f"<p><strong>Answer:</strong> {html.escape(shown)}</p>")
        else:
            named = "; ".join(f"{_letter(i)}. {_text(text)}" for i, (text, _) in enumerate(choices) if text in right)
            body.append(f"<p><strong>Answer:</strong> {named}</p>")
        body.append(f"<p>{_text(question.explanation)} (Source: {html.escape(question.source)})</p>")
        whys = [(_letter(i), why) for i, (text, why) in enumerate(choices) if why and text not in right]
        if whys:
            body.append(
                "<ul>"
                + "".join(f"<li><strong>Not {letter}:</strong> {_text(why)}</li>" for letter, why in whys)
                + "</ul>"
            )
        lines += [
            '<details class="entente-fold entente-quiz-answer">',
            "<summary>Show the answer and why</summary>",
            *body,
            "</details>",
            "",
        ]
    return "\n".join(lines)


# --- lesson pages ------------------------------------------------------------------------------------


def launch_html(lesson: Lesson, settings: Settings) -> str:
    name = lesson.notebook
    return (
        '<nav class="entente-launch" aria-label="Open this lesson">\n'
        '<p class="entente-launch-note">This page shows the lesson with its worked answers. '
        "To do the exercises yourself, open the student notebook:</p>\n"
        f'<a class="entente-launch-binder" href="{html.escape(settings.binder(name))}">Open on Binder</a>\n'
        f'<a class="entente-launch-hub" href="{html.escape(settings.hub_link(name))}">Open on your JupyterHub</a>\n'
        f'<a class="entente-launch-download" href="{html.escape(name)}" download>Download the notebook (.ipynb)</a>\n'
        "</nav>"
    )


def _fold_markdown_solutions(text: str) -> str:
    return MD_SOLUTION.sub(
        lambda m: (
            f'\n<details class="entente-fold entente-worked">\n<summary>{WORKED}</summary>\n\n'
            f"{m.group('body').strip()}\n\n</details>\n"
        ),
        text,
    )


def _outside_solutions(text: str, function) -> str:
    pieces, position = [], 0
    for match in MD_SOLUTION.finditer(text):
        pieces += [function(text[position : match.start()]), match.group(0)]
        position = match.end()
    return "".join(pieces + [function(text[position:])])


def lesson_notebook(
    lesson: Lesson, root: Path, settings: Settings, pages: Pages, terms: list[str]
) -> nbformat.NotebookNode:
    """The solution notebook as the site shows it (the notebook is executed by MyST-NB at build time)."""
    path = root / "solutions" / lesson.notebook
    notebook = nbformat.read(path, as_version=4)
    linker = GlossaryLinker(terms)
    cells = []
    launched = False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            call = QUIZ_CALL.match(cell.source)
            if call:
                cells.append(nbformat.v4.new_markdown_cell(quiz_markdown(call.group("lesson"))))
                continue
            if "quiz.show(" in cell.source:
                raise SiteError(
                    f"solutions/{lesson.notebook}, cell {index + 1}: quiz.show(...) must stand alone "
                    "in its cell, so the site can show the bank in its place"
                )
            if notebooks.BEGIN in cell.source:
                # The markers are for the student-notebook generator; the reader sees the worked code alone.
                cell.source = "\n".join(
                    line for line in cell.source.split("\n") if line.strip() not in (notebooks.BEGIN, notebooks.END)
                )
                tags = cell.metadata.setdefault("tags", [])
                if "hide-input" not in tags:
                    tags.append("hide-input")
                cell.metadata["mystnb"] = {"code_prompt_show": WORKED, "code_prompt_hide": "Hide the worked answer"}
            cells.append(cell)
            continue
        if cell.cell_type == "markdown":
            text = pages.rewrite(cell.source, f"solutions/{lesson.notebook}", f"{lesson.page}.ipynb")
            text = _outside_solutions(text, linker.link)
            text = _fold_markdown_solutions(text)
            if not launched and re.search(r"^# ", text, re.MULTILINE):
                text = re.sub(
                    r"^(# .+)$",
                    lambda m: f"{m.group(1)}\n\n{launch_html(lesson, settings)}\n",
                    text,
                    count=1,
                    flags=re.MULTILINE,
                )
                launched = True
            cell.source = text
        cells.append(cell)
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    notebook.cells = cells
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


# --- the home page -----------------------------------------------------------------------------------


def _readme_paragraph(readme: str, starts: str) -> str:
    for paragraph in readme.split("\n\n"):
        if paragraph.lstrip().startswith(starts):
            return paragraph.strip()
    raise SiteError(f"README.md: no paragraph starting with {starts!r} for the home page")


def home_page(root: Path, lessons: list[Lesson], settings: Settings, pages: Pages) -> str:
    readme = (root / "README.md").read_text(encoding="utf-8")
    question = pages.rewrite(_readme_paragraph(readme, "Is the China"), "README.md", "index.md")
    audience = pages.rewrite(_readme_paragraph(readme, "**Who it is for:**"), "README.md", "index.md")
    audience = audience.removeprefix("**Who it is for:**").strip()
    audience = audience[:1].upper() + audience[1:]
    first = lessons[0].notebook
    out = [
        "# Entente: a course on China–Russia military ties",
        "",
        "## The question",
        "",
        question,
        "",
        "## Who it is for",
        "",
        audience,
        "",
        "## The lessons",
        "",
    ]
    for lesson in lessons:
        out.append(f"### [{md_escape(lesson.title)}]({lesson.page}.ipynb)")
        out += ["", f"**Estimated time:** {md_escape(lesson.time)}. **You will be able to …**", ""]
        out += [f"- {objective}" for objective in lesson.objectives]
        out.append("")
    out += [
        "## How to start",
        "",
        "Each lesson page shows the lesson with its worked answers; its buttons open the *student* notebook, "
        "where you write the answers yourself and the exercises check them.",
        "",
        f"- **On Binder** (nothing to install; a session is temporary, so download your notebook before you "
        f"leave): [open lesson {lessons[0].number} on Binder]({settings.binder(first)}).",
        f"- **On your class's JupyterHub**: your instructor gives you the hub's link; each lesson page's "
        f"*Open on your JupyterHub* button copies the course into your hub account with nbgitpuller "
        f"([lesson {lessons[0].number}]({settings.hub_link(first)})).",
        f"- **On your own machine** (Python 3.10 or newer, `make` and `git`): clone "
        f"<{settings.git_url}>, then run `make course`. It installs the course into a virtual environment "
        f"and opens JupyterLab on lesson {lessons[0].number}; everything runs offline once installed.",
        "",
        "## More",
        "",
        "- [The data](data/index.md): every table, its fields, sources and licence, with a download.",
        "- [Glossary](glossary.md) of the terms the lessons use.",
    ]
    for name, title in DOCS.items():
        if f"docs/{name}.md" in pages.map:
            out.append(f"- [{title}]({name}.md).")
    out += [
        "- [How to cite the course](cite.md).",
        "- [Accessibility](accessibility.md).",
        "",
        "```{toctree}",
        ":hidden:",
        ":caption: Lessons",
        "",
        *[lesson.page for lesson in lessons],
        "```",
        "",
        "```{toctree}",
        ":hidden:",
        ":caption: Reference",
        "",
        "data/index",
        "glossary",
        *[name for name in DOCS if f"docs/{name}.md" in pages.map],
        "cite",
        "accessibility",
        "```",
        "",
    ]
    return "\n".join(out)


# --- the data ----------------------------------------------------------------------------------------


def _sources(root: Path) -> dict[str, dict[str, str]]:
    with open(root / "data" / "sources.csv", encoding="utf-8", newline="") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def _describe_source(row: dict[str, str] | None) -> str:
    if row is None:
        return "not in the sources table"
    title = f"*{md_escape(row['title'])}*" if row.get("title") else ""
    return ", ".join(filter(None, [row.get("author"), title, row.get("publisher"), row.get("date")]))


def _constraints(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    said = []
    if constraints.get("required"):
        said.append("required")
    if constraints.get("unique"):
        said.append("unique")
    if "enum" in constraints:
        said.append("one of " + ", ".join(f"`{value}`" for value in constraints["enum"]))
    for key, word in (("minimum", "at least"), ("maximum", "at most")):
        if key in constraints:
            said.append(f"{word} {constraints[key]}")
    if "pattern" in constraints:
        said.append(f"matches `{constraints['pattern']}`")
    return "; ".join(said) or "—"


def _preview(rows: list[dict[str, str]], columns: list[str], title: str, total: int) -> str:
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row.get(c) or '')}</td>" for c in columns) + "</tr>" for row in rows
    )
    caption = f"The first {len(rows)} of {total} rows of {title}"
    return (
        f'<div class="entente-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f'<table class="entente-preview"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def data_page(resource: dict[str, Any], package: dict[str, Any], root: Path, sources: dict[str, dict[str, str]]) -> str:
    name, file = resource["name"], resource["path"]
    with open(root / "data" / file, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    fields = resource["schema"]["fields"]
    title = resource.get("title", name)
    out = [
        f"# {md_escape(title)} (`{name}`)",
        "",
        resource.get("description", ""),
        "",
        f'<p class="entente-download"><a href="{html.escape(file)}" download>Download {html.escape(file)}</a> '
        f"({len(rows)} rows, {len(fields)} columns, CSV in UTF-8).</p>",
        "",
        "## Fields",
        "",
        "```{list-table}",
        ":header-rows: 1",
        "",
        "* - Field",
        "  - Type",
        "  - Description",
        "  - Constraints",
    ]
    for field in fields:
        description = " ".join(str(field.get("description", "")).split()) or "—"
        out += [
            f"* - `{field['name']}`",
            f"  - {field.get('type', 'any')}",
            f"  - {description}",
            f"  - {_constraints(field)}",
        ]
    out += ["```", "", "## Sources", ""]
    used: dict[str, int] = {}
    if name == "sources":
        out.append("Each row of this table is a source: the texts and references every other table cites.")
    elif rows and "source" in rows[0]:
        for row in rows:
            for source in filter(None, re.split(r"[;\s]+", row.get("source") or "")):
                used[source] = used.get(source, 0) + 1
        for source, count in sorted(used.items(), key=lambda item: (-item[1], item[0])):
            described = _describe_source(sources.get(source))
            out.append(f"- `{source}` ({count} {'row' if count == 1 else 'rows'}): {described}")
        if not used:
            out.append("The rows of this table name no source.")
    else:
        out.append("This table has no `source` column; see its description above.")
    out += ["", "## Licence", ""]
    licences = package.get("licenses", [])
    named = ", ".join(
        f"[{md_escape(lic.get('title', lic['name']))}]({lic['path']})" if lic.get("path") else md_escape(lic["name"])
        for lic in licences
    )
    out.append(f"The course's own data are released under {named}; credit the Entente course when you reuse them.")
    third = [s for s in used if sources.get(s, {}).get("kind") == "dataset"]
    if third:
        publishers = ", ".join(
            f"{md_escape(sources[s]['title'])} ({md_escape(sources[s].get('publisher') or s)})" for s in third
        )
        out.append(
            f"This table is built from other publishers' data ({publishers}); that data stays under its "
            "publisher's terms, so cite the original publisher as well "
            "(see [Citing the course data](index.md#citing-the-course-data))."
        )
    preview_columns = [f["name"] for f in fields]
    out += ["", "## A preview", "", _preview(rows[:10], preview_columns, title, len(rows)), ""]
    return "\n".join(out)


# --- documents and small pages -----------------------------------------------------------------------


def _licences(value: Any) -> str:
    named = {"MIT": "MIT (the code)", "CC-BY-4.0": "CC-BY-4.0 (the course's text and data)"}
    values = value if isinstance(value, list) else [value] if value else []
    return ", ".join(named.get(str(v), str(v)) for v in values)


def cite_page(root: Path) -> str:
    cff_text = (root / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(cff_text)
    authors = "; ".join(
        a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
        for a in cff.get("authors", [])
    )
    parts = [authors, f"*{md_escape(cff['title'])}*", f"version {cff['version']}" if cff.get("version") else ""]
    if cff.get("repository-code"):
        parts.append(f"<{cff['repository-code']}>")
    return "\n".join(
        [
            "# How to cite",
            "",
            "Cite the course as:",
            "",
            "> " + ", ".join(filter(None, parts)) + ".",
            "",
            f"Licence: {md_escape(_licences(cff.get('license')))}. When you use a table built from another publisher's "
            "data, cite that publisher too (see [Citing the course data](data/index.md#citing-the-course-data)). "
            "Cite a source text by author, title, outlet and date with a locator, as the lessons do "
            "(`gabuev-2018 ¶9`).",
            "",
            "The repository's `CITATION.cff` file, which GitHub and reference managers read:",
            "",
            "```yaml",
            cff_text.rstrip(),
            "```",
            "",
        ]
    )


def copy_vendor(out: Path) -> None:
    modules = ROOT / "node_modules"
    target = out / "_vendor" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    for source, name in VENDOR.items():
        path = modules / source
        if not path.exists():
            raise SiteError(
                f"{path} is missing: run `npm ci` in {ROOT} (make site does) to install the chart libraries"
            )
        text = path.read_text(encoding="utf-8")
        # The source maps are not served; without the comment no browser asks for them.
        (target / name).write_text(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text), encoding="utf-8")


def generate(out: Path, settings: Settings, root: Path = ROOT) -> list[Lesson]:
    """Write the whole source tree of the site into ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "lessons").mkdir(parents=True)
    (out / "data").mkdir()
    (out / "_extra" / "lessons").mkdir(parents=True)
    (out / "_extra" / "data").mkdir()
    lessons = discover(root)
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    tables = [resource["name"] for resource in package["resources"]]
    pages = Pages(root, lessons, tables, settings)
    terms = [row["term"].strip() for row in glossary_terms(root)]
    for lesson in lessons:
        student = root / "lessons" / lesson.notebook
        if not student.exists():
            raise SiteError(f"lessons/{lesson.notebook} is missing: run `entente build` to generate it from solutions/")
        shutil.copyfile(student, out / "_extra" / "lessons" / lesson.notebook)
        nbformat.write(lesson_notebook(lesson, root, settings, pages, terms), out / "lessons" / lesson.notebook)
    (out / "index.md").write_text(home_page(root, lessons, settings, pages), encoding="utf-8")
    by_number = {lesson.number: lesson.page for lesson in lessons}
    (out / "glossary.md").write_text(glossary_page(root, by_number), encoding="utf-8")
    sources = _sources(root)
    readme = pages.rewrite((root / "data" / "README.md").read_text(encoding="utf-8"), "data/README.md", "data/index.md")
    toc = ["", "## The tables, one page each", "", "```{toctree}", ":maxdepth: 1", "", *tables, "```", ""]
    (out / "data" / "index.md").write_text(readme.rstrip() + "\n" + "\n".join(toc), encoding="utf-8")
    for resource in package["resources"]:
        (out / "data" / f"{resource['name']}.md").write_text(
            data_page(resource, package, root, sources), encoding="utf-8"
        )
        shutil.copyfile(root / "data" / resource["path"], out / "_extra" / "data" / resource["path"])
    for name in DOCS:
        source = root / "docs" / f"{name}.md"
        if source.exists():
            text = pages.rewrite(source.read_text(encoding="utf-8"), f"docs/{name}.md", f"{name}.md")
            (out / f"{name}.md").write_text(text, encoding="utf-8")
    (out / "cite.md").write_text(cite_page(root), encoding="utf-8")
    shutil.copyfile(PAGES / "accessibility.md", out / "accessibility.md")
    copy_vendor(out)
    return lessons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site-src", help="where to write the sources")
    parser.add_argument(
        "--repo", default=None, help="GitHub ORG/REPO of the course (default: the README's placeholder)"
    )
    parser.add_argument("--hub", default=DEFAULT_HUB, help="the JupyterHub the nbgitpuller buttons open")
    parser.add_argument("--branch", default="main", help="the branch nbgitpuller pulls")
    args = parser.parse_args(argv)
    try:
        settings = Settings(args.repo or placeholder_repo(), args.hub or DEFAULT_HUB, args.branch).check()
        lessons = generate(args.out, settings)
    except (SiteError, links.LinkError, quiz.QuizError) as error:
        print(f"site: error: {error}", file=sys.stderr)
        return 2
    print(f"site: sources for {len(lessons)} lessons written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
