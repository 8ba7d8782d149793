"""A student's path in a real browser: open lesson 01 in JupyterLab, Run All, see a chart, answer the quiz
wrong then right, and ask for a hint.

Drives Debian's Chromium with Playwright. Runs on a temporary copy of the lessons so autosave can never
write outputs into the repository. In CI a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from entente_course import quiz

from .jupyter_server import free_port, running

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LESSON = "01_gabuev_2018.ipynb"
TOKEN = "entente-browser-test"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium_path():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: CI must install it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI never skips this")
    return CHROMIUM


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "lessons", work / "lessons")
    port = free_port()
    # The kernel talks to the server over socket files: TCP ports chosen for it could be taken by another
    # test's process before it binds them (see entente_course/kernels.py). Students' servers use TCP.
    # The files live in a short-named folder, as a socket path must stay under about 100 characters.
    sockets = tempfile.mkdtemp(prefix="entente-lab-")
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ip=127.0.0.1",
        "--KernelManager.transport=ipc",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={work}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]
    with running(
        command, cwd=work, port=port, token=TOKEN, log=work / "jupyter.log", env={"JUPYTER_RUNTIME_DIR": sockets}
    ) as base:
        yield base, work, Path(sockets)
    shutil.rmtree(sockets, ignore_errors=True)


def test_lesson_runs_in_jupyterlab_with_chart_quiz_feedback_and_a_hint(lab, chromium_path, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, work, sockets = lab
    bank = quiz.bank("01")
    number, question = next((n, q) for n, q in enumerate(bank.questions) if q.kind == "one")
    wrong = next(c for c in question.choices if c.why)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/lab/tree/lessons/{LESSON}?reset&token={TOKEN}")
            expect(page.locator("#jp-main-statusbar")).to_contain_text("Idle", timeout=90_000)

            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

            questions = page.locator(".entente-quiz-question")
            expect(questions).to_have_count(len(bank.questions), timeout=120_000)
            expect(page.locator("#jp-main-statusbar")).to_contain_text("Idle", timeout=120_000)

            chart = page.locator(
                ".jp-RenderedVegaCommon5 svg, .jp-RenderedVegaCommon5 canvas, .vega-embed svg, .vega-embed canvas"
            )
            chart.first.scroll_into_view_if_needed()
            expect(chart.first).to_be_visible(timeout=30_000)

            box = questions.nth(number)
            box.scroll_into_view_if_needed()
            # The question is the accessible name of the group of choices, and the feedback a live region.
            expect(box.get_by_role("group")).to_have_accessible_name(f"{number + 1}. {question.question}")
            feedback = box.get_by_role("status")
            radios = box.get_by_role("radio")
            expect(radios).to_have_count(len(question.choices))
            radios.first.focus()  # the choices are one radio group: arrow keys move between them
            page.keyboard.press("ArrowDown")
            expect(radios.nth(1)).to_be_checked()

            box.get_by_role("radio", name=wrong.text, exact=True).check()
            box.get_by_role("button", name="Check").click()
            expect(feedback).to_contain_text("✗ Not quite.", timeout=15_000)
            expect(feedback).to_contain_text(str(wrong.why))
            expect(feedback).not_to_contain_text(question.explanation)

            box.get_by_role("radio", name=question.answer[0], exact=True).check()
            box.get_by_role("button", name="Check").click()
            expect(feedback).to_contain_text("✓ Correct.", timeout=15_000)
            expect(feedback).to_contain_text(question.explanation)
            expect(feedback).to_contain_text(question.source)
            expect(page.locator(".entente-quiz-score")).to_contain_text(
                f"right on the first try (1 of {len(bank.questions)} answered)"
            )
            box.screenshot(path=str(tmp_path / "quiz-question.png"))  # kept with the run, for a look by eye

            for index, other in enumerate(bank.questions):
                other_box = questions.nth(index)
                if other.kind == "number":  # typed: words get a kind message, the computed number passes
                    other_box.scroll_into_view_if_needed()
                    answer_box = other_box.get_by_role("textbox")
                    answer_box.fill("about twelve")
                    answer_box.press("Enter")
                    expect(other_box.get_by_role("status")).to_contain_text("is not a number", timeout=15_000)
                    answer_box.fill(repr(other.expected()))
                    other_box.get_by_role("button", name="Check").click()
                    expect(other_box.get_by_role("status")).to_contain_text("✓ Correct", timeout=15_000)
                elif other.kind == "all":  # checkboxes: every right choice and one wrong one
                    other_box.scroll_into_view_if_needed()
                    extra = next(c for c in other.choices if c.why)
                    for text in [*other.answer, extra.text]:
                        other_box.get_by_role("checkbox", name=text, exact=True).check()
                    other_box.get_by_role("button", name="Check").click()
                    expect(other_box.get_by_role("status")).to_contain_text(str(extra.why), timeout=15_000)

            # Ask for a hint in a new cell at the end of the lesson, as a student would.
            cells = page.locator(".jp-Notebook .jp-Cell")
            cells.last.locator(".jp-InputPrompt").click()
            page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:insert-cell-below']").click()
            page.locator(".jp-Notebook .jp-Cell.jp-mod-active .cm-content").click()
            page.keyboard.type('from entente_course import hint; hint("01.1")')
            page.keyboard.press("Shift+Enter")
            asked = cells.filter(has=page.locator(".cm-content", has_text="from entente_course import hint"))
            output = asked.locator(".jp-OutputArea-output")
            expect(output.first).to_contain_text("Hint 1 of", timeout=30_000)
            expect(output.first).to_contain_text("for 01.1")

            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert "Traceback" not in " ".join(errors.all_inner_texts())
            assert list(sockets.glob("kernel-*-ipc-*")), "the lesson's kernel should talk over socket files"
        finally:
            page.screenshot(path=str(tmp_path / "lesson01.png"), full_page=False)
            browser.close()
    assert (tmp_path / "lesson01.png").stat().st_size > 10_000
