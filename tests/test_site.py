"""The course website: built once (lessons executed, warnings as errors), then checked file by file and in a browser.

The browser test serves the built site on 127.0.0.1, aborts every request to another host, and opens every
page in Debian's Chromium: charts must draw, folded answers must open, nothing may fail to load, and
axe-core (from npm) must find no serious or critical accessibility violation. A missing browser or npm
package is a failure, not a skip: ``make test`` installs both.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from entente_course import links, quiz, site_mime

from .chromium import CHROMIUM, LAUNCH_ARGS
from .jupyter_server import free_port
from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent


generate = load_script("site/generate.py")
site_report = load_script("tools/site_report.py")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILD_LIMIT_SECONDS = 180
LESSONS = sorted(path.name for path in (ROOT / "solutions").glob("[0-9]*.ipynb"))

pytestmark = pytest.mark.site


# --- the generator, without building ---------------------------------------------------------------


def test_every_lesson_card_gives_a_title_a_time_and_objectives():
    lessons = generate.discover()
    assert [lesson.notebook for lesson in lessons] == LESSONS
    for lesson in lessons:
        assert lesson.title.startswith(lesson.number) and lesson.time and lesson.objectives, lesson


def test_quiz_markup_folds_the_answer_of_every_question_of_a_bank_on_main():
    number = LESSONS[1].split("_", 1)[0]
    bank = quiz.bank(number)
    markup = generate.quiz_markdown(number)
    assert markup.count('<details class="entente-fold entente-quiz-answer">') == len(bank.questions)
    for question in bank.questions:
        assert generate._text(question.question) in markup
        assert generate._text(question.explanation) in markup


def test_quiz_markup_reads_the_new_bank_format(monkeypatch):
    """Choices with a why, several right answers (kind all), a computed number (kind number)."""
    choice = lambda text, why=None: SimpleNamespace(text=text, why=why)  # noqa: E731
    questions = (
        SimpleNamespace(
            id="one",
            kind="one",
            question="Which treaty?",
            answer=("Article 9",),
            choices=(choice("Article 9"), choice("Article 5", "That is NATO's treaty.")),
            explanation="It is Article 9.",
            source="gady-2018-ewi ¶8",
        ),
        SimpleNamespace(
            id="all",
            kind="all",
            question="Which are patrols?",
            answer=("P1", "P2"),
            choices=(choice("P1"), choice("X", "An exercise, not a patrol."), choice("P2")),
            explanation="Both P1 and P2.",
            source="gabuev-2019-thread post 3",
        ),
        SimpleNamespace(
            id="number",
            kind="number",
            question="How many a year?",
            answer=(),
            choices=(),
            unit="exercises a year",
            tolerance=0.5,
            expected=lambda: 4.25,
            explanation="Count them.",
            source="gady-2018-ewi ¶10",
        ),
    )
    monkeypatch.setattr(generate.quiz, "bank", lambda lesson: SimpleNamespace(lesson=lesson, questions=questions))
    markup = generate.quiz_markdown("99")
    assert "<strong>Answer:</strong> A. Article 9</p>" in markup
    assert "Not B:</strong> That is NATO&#x27;s treaty." in markup
    assert "(choose all that apply)" in markup and "A. P1; C. P2" in markup and "Not B:</strong> An exercise" in markup
    assert "(give a number)" in markup and "4.25 exercises a year" in markup


def test_glossary_links_the_first_plain_use_of_each_term_only():
    linker = generate.GlossaryLinker(["casus foederis", "alliance"])
    text = linker.link(
        "## An alliance\n\nA `casus foederis` in code; an Alliance [alliance](x.md), then "
        "a casus foederis and another casus foederis."
    )
    assert text.startswith("## An alliance\n")
    assert "`casus foederis` in code" in text and "[alliance](x.md)" in text
    assert "an {term}`Alliance <alliance>`" in text
    assert text.count("{term}`casus foederis <casus foederis>`") == 1
    assert text.endswith("another casus foederis.")


def test_relative_links_point_at_site_pages_or_at_the_repository():
    settings = generate.Settings("ORG/REPO", generate.DEFAULT_HUB)
    lessons = generate.discover()
    pages = generate.Pages(ROOT, lessons, ["events"], settings)
    source = f"solutions/{lessons[0].notebook}"
    text = pages.rewrite(
        "[a](../data/events.csv) [b](../CONTRIBUTING.md#x) [c](https://example.org/) "
        f"[d]({lessons[-1].notebook}) [e](../docs/instructor.md)",
        source,
        f"{lessons[0].page}.ipynb",
    )
    assert "[a](../data/events.md)" in text
    assert "[b](https://github.com/ORG/REPO/blob/main/CONTRIBUTING.md#x)" in text
    assert "[c](https://example.org/)" in text
    assert f"[d](../{lessons[-1].page}.ipynb)" in text
    assert "[e](../instructor.md)" in text


def test_chart_markup_keeps_the_spec_inert_and_names_the_chart():
    rule: dict[str, Any] = {"mark": {"type": "rule"}}
    spec: dict[str, Any] = {
        "title": "Exercises per year",
        "description": "Bars </script><script>alert(1)</script>",
        "layer": [{"mark": "bar", "encoding": {"tooltip": [{"field": "n"}]}}, rule],
    }
    markup = site_mime.chart_html(spec)
    assert markup.count("</script>") == 1 and "\\u003c/script>" in markup
    assert 'aria-label="Chart: Exercises per year"' in markup and 'tabindex="0"' in markup
    inert = re.search(r'<script type="application/json">(.*?)</script>', markup)
    assert inert, markup
    embedded = json.loads(inert.group(1))
    assert embedded["layer"][0]["mark"] == "bar", "a mark with a tooltip keeps its role"
    assert embedded["layer"][1]["mark"] == {"type": "rule", "aria": False}
    assert rule["mark"] == {"type": "rule"}, "the notebook's own spec is left as it was"


def test_check_markup_shows_the_message_as_the_student_sees_it():
    markup = site_mime.check_html({"exercise": "03.1", "status": "not answered", "message": "Not answered <yet>."})
    assert markup == '<div class="entente-check entente-check-not-answered"><pre>Not answered &lt;yet&gt;.</pre></div>'


# --- the built site --------------------------------------------------------------------------------


class Page(HTMLParser):
    """The ids a page defines and the URLs it refers to (with the tag and attribute that refer)."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for key in ("href", "src"):
            if key in attributes:
                self.refs.append((tag, key, attributes[key], attributes))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the site once for this module, exactly as ``make site`` does, into a temporary folder."""
    for need in [AXE, *(ROOT / "node_modules" / source for source in generate.VENDOR)]:
        if not need.exists():
            pytest.fail(f"{need} is missing: install the npm packages with `npm ci` (make test does)")
    work = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(work / "site"), "--work", str(work)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the site build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    timing = re.search(r"built .* in (\d+) s", result.stdout)
    assert timing, f"the build should say how long it took:\n{result.stdout}"
    seconds = float(timing.group(1))
    return work / "site", seconds, result.stdout


@pytest.fixture(scope="module")
def pages(built) -> dict[str, Page]:
    site = built[0]
    return {path.relative_to(site).as_posix(): Page(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}


def test_site_builds_in_time_and_within_its_size_limits(built):
    site, seconds, output = built
    report = site_report.measure(site)
    print(output)
    assert seconds <= BUILD_LIMIT_SECONDS, f"the build took {seconds:.0f} s (limit {BUILD_LIMIT_SECONDS} s)"
    assert report.total <= site_report.SITE_LIMIT, site_report.describe(report)
    for name, size in report.pages.items():
        assert size <= site_report.PAGE_LIMIT, f"{name} is {size} bytes: over the page limit"
    assert not (site / ".doctrees").exists(), "the build's doctrees must stay out of the published folder"


def test_every_internal_link_and_anchor_resolves(built, pages):
    site = built[0]
    broken = []
    for name, page in pages.items():
        for tag, key, url, _ in page.refs:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            target = target.resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{name}: <{tag} {key}={url!r}> points at a missing file")
                continue
            if parts.fragment and target.suffix == ".html":
                anchors = pages[target.relative_to(site.resolve()).as_posix()].ids
                if unquote(parts.fragment) not in anchors:
                    broken.append(f"{name}: {url!r}: no element with id {parts.fragment!r}")
    assert not broken, "\n".join(broken[:40])


def test_no_page_loads_anything_from_another_host(built, pages):
    loads = []
    for name, page in pages.items():
        for tag, key, url, attributes in page.refs:
            external = bool(urlsplit(url).scheme in ("http", "https") or url.startswith("//"))
            is_load = tag in ("script", "img", "iframe", "source", "audio", "video", "embed") or (
                tag == "link" and attributes.get("rel", "") not in ("", "next", "prev", "index", "search", "canonical")
            )
            if external and is_load:
                loads.append(f"{name}: <{tag} {key}={url}>")
    assert not loads, "\n".join(loads)
    # Nor by way of a script or style that names a CDN (MathJax, widget managers and web fonts come from these).
    text = "\n".join(path.read_text(encoding="utf-8") for path in built[0].rglob("*.html"))
    cdn = re.findall(
        r"(?:https?:)?//[^\s\"'<>]*(?:jsdelivr|unpkg|googleapis|cdnjs|mathjax)[^\s\"'<>]*", text, re.IGNORECASE
    )
    assert not cdn, f"pages name content delivery networks: {sorted(set(cdn))[:5]}"


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_page_launches_the_student_notebook(built, pages, notebook):
    site = built[0]
    stem = Path(notebook).stem
    page = pages[f"lessons/{stem}.html"]
    launch = {
        attributes.get("class"): url
        for tag, key, url, attributes in page.refs
        if tag == "a" and attributes.get("class", "").startswith("entente-launch-")
    }
    repo = generate.placeholder_repo()
    assert launch.get("entente-launch-binder") == links.binder(repo, notebook, branch="HEAD")
    assert f"urlpath=lab/tree/lessons/{notebook}" in launch["entente-launch-binder"]
    hub = launch.get("entente-launch-hub")
    assert hub == links.nbgitpuller(generate.DEFAULT_HUB, f"https://github.com/{repo}", notebook)
    assert f"lessons%2F{notebook}" in hub and "solutions" not in hub
    download = launch.get("entente-launch-download")
    assert download == notebook
    served = site / "lessons" / download
    assert served.read_bytes() == (ROOT / "lessons" / notebook).read_bytes(), (
        "the download must be the student notebook"
    )
    assert "# BEGIN SOLUTION" not in served.read_text(encoding="utf-8")


@pytest.mark.parametrize("notebook", LESSONS)
def test_lesson_page_folds_worked_answers_and_shows_checks_and_quiz(built, notebook):
    site = built[0]
    text = (site / "lessons" / f"{Path(notebook).stem}.html").read_text(encoding="utf-8")
    solution = nbformat.read(ROOT / "solutions" / notebook, as_version=4)
    worked = sum("# BEGIN SOLUTION" in c.source for c in solution.cells if c.cell_type == "code")
    worked += sum(c.source.count("<!-- BEGIN SOLUTION -->") for c in solution.cells if c.cell_type == "markdown")
    assert text.count("Show a worked answer") >= worked
    checks = sum(c.source.count("check(") for c in solution.cells if c.cell_type == "code")
    assert text.count('class="entente-check ') >= min(checks, 1), "the student's check results should be shown"
    assert "entente-check-wrong" not in text and "entente-check-error" not in text
    number = notebook.split("_", 1)[0]
    if (ROOT / "data" / "quizzes" / f"{number}.yaml").exists():
        bank = quiz.bank(number)
        assert text.count('class="entente-quiz-question"') == len(bank.questions)
        assert text.count('class="entente-fold entente-quiz-answer"') == len(bank.questions)
    assert "application/vnd.jupyter.widget" not in text
    assert "Traceback" not in text


def test_data_pages_glossary_and_documents(built, pages):
    site = built[0]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        name = resource["name"]
        text = (site / "data" / f"{name}.html").read_text(encoding="utf-8")
        assert (site / "data" / resource["path"]).read_bytes() == (ROOT / "data" / resource["path"]).read_bytes()
        assert f'href="{resource["path"]}"' in text
        for heading in ("Fields", "Sources", "Licence", "A preview"):
            assert f">{heading}<" in text, f"data/{name}.html has no {heading} section"
        for field in resource["schema"]["fields"]:
            assert f'<span class="pre">{field["name"]}</span>' in text
    entries = dict(re.findall(r'<dt id="(term-[^"]+)">([^<]+)', (site / "glossary.html").read_text(encoding="utf-8")))
    assert sorted(map(html.unescape, entries.values())) == sorted(
        row["term"].strip() for row in generate.glossary_terms()
    ), "the glossary should have one anchored entry per row of data/glossary.csv"
    linked = {}
    for notebook in LESSONS:
        text = (site / "lessons" / f"{Path(notebook).stem}.html").read_text(encoding="utf-8")
        uses = re.findall(r'href="\.\./glossary\.html#(term-[^"]+)"', text)
        assert len(uses) == len(set(uses)), f"{notebook}: a glossary term is linked more than once"
        linked[notebook] = set(uses)
    assert any("term-casus-foederis" in uses for uses in linked.values()), "no lesson links 'casus foederis'"
    for name in ("instructor", "decisions", "cheatsheet"):
        assert (site / f"{name}.html").exists() == (ROOT / "docs" / f"{name}.md").exists()
    cite = (site / "cite.html").read_text(encoding="utf-8")
    assert "The Entente course authors" in cite and "cff-version" in cite
    assert (site / "accessibility.html").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    for lesson in generate.discover():
        assert f'href="{lesson.page}.html"' in home
        assert lesson.time.split()[0] in home


# --- in the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built):
    """The built site over HTTP on 127.0.0.1, on a port below the ephemeral range."""
    handler = functools.partial(_QuietHandler, directory=str(built[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def chromium_path():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    return CHROMIUM


@pytest.mark.browser
def test_every_page_in_a_browser_offline_with_charts_folds_search_and_axe(built, served, chromium_path, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    site = built[0]
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    lesson_pages = [f"lessons/{Path(n).stem}.html" for n in LESSONS]
    outside: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    serious: dict[str, list[dict]] = {}
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    axe = AXE.read_text(encoding="utf-8")

    def route(request_route):
        if request_route.request.url.startswith(served + "/"):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", route)
        page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
        page.on("response", lambda response: _record_error_status(response, failed))
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            for name in names:
                page.goto(f"{served}/{name}", wait_until="load")
                charts = page.locator(".entente-chart")
                for index in range(charts.count()):
                    expect(charts.nth(index).locator("svg, canvas").first).to_be_attached(timeout=30_000)
                if name == "index.html":
                    page.screenshot(path=str(tmp_path / "home.png"), full_page=False)
                if name in lesson_pages:
                    assert (
                        charts.count() == 0 or page.locator(".entente-chart[data-drawn=true]").count() == charts.count()
                    )
                    _opens_on_click(page, expect, "details.hide:has(summary:has-text('Show a worked answer'))")
                    _opens_on_click(page, expect, "details.entente-quiz-answer")
                    if name.startswith("lessons/03"):
                        page.locator(".entente-chart").first.scroll_into_view_if_needed()
                        page.screenshot(path=str(tmp_path / "lesson03.png"), full_page=False)
                page.evaluate(_ANIMATIONS_DONE)
                page.add_script_tag(content=axe)
                result = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                    ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
                    " target: v.nodes[0].target.join(' ')}))"
                )
                for violation in result:
                    counts[violation["impact"]] = counts.get(violation["impact"], 0) + violation["nodes"]
                    if violation["impact"] in ("serious", "critical"):
                        serious.setdefault(name, []).append(violation)
            page.goto(f"{served}/search.html?q=casus+foederis", wait_until="load")
            results = page.locator("#search-results a, .search li a")
            expect(results.first).to_be_attached(timeout=30_000)
            hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        finally:
            browser.close()
    print(f"axe-core violations by impact (nodes, all {len(names)} pages): {counts}")
    print(f"screenshots: {tmp_path / 'home.png'} {tmp_path / 'lesson03.png'}")
    assert not outside, f"pages asked other hosts for: {outside[:10]}"
    assert not failed, f"requests failed: {failed[:10]}"
    assert not errors, f"script errors: {errors[:5]}"
    assert not serious, f"axe-core found serious or critical violations: {json.dumps(serious, indent=1)[:4000]}"
    assert any("lessons/03" in href for href in hrefs), f"searching 'casus foederis' should find lesson 03: {hrefs}"
    for shot in ("home.png", "lesson03.png"):
        assert (tmp_path / shot).stat().st_size > 10_000


# Folds fade in as they open: axe-core measures colours once the (finite) animations have ended.
_ANIMATIONS_DONE = (
    "Promise.all(document.getAnimations()"
    ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity).map(a => a.finished))"
)


def _record_error_status(response, failed: list[str]) -> None:
    if response.status >= 400:
        failed.append(f"{response.url}: {response.status}")


def _opens_on_click(page, expect, selector: str) -> None:
    fold = page.locator(selector).first
    assert fold.count() == 1, f"{page.url} has no {selector}"
    fold.scroll_into_view_if_needed()
    expect(fold).not_to_have_attribute("open", "")
    fold.locator("summary").first.click()
    expect(fold).to_have_attribute("open", "")
    inside = fold.locator(":scope > :not(summary)").first
    expect(inside).to_be_visible()
