"""The book edition (``make html``) in a real browser: every page, as a reader without a kernel
meets it.

The whole book is built once (every lesson run from a fresh kernel, then Jupyter Book), served
from its folder on 127.0.0.1, and every request to another host is refused. On every page (the
course map, each lesson, the red-flag page, the bibliography):

- the page loads with no console error and asks no other host for anything;
- axe-core finds no serious or critical violation anywhere on the page (all of it is the course's,
  the theme included);
- at 200% zoom (the window's CSS size halved) the page does not scroll sideways and no visible text
  sticks out of the page; a wide table scrolls in a box of its own;
- the red-flag page is one click away, from the link in the page's header;
- every explorer's still picture has alt text and its state description is there to read, and a
  key press on its first control swaps the picture, the alt text and the readout.

The search box finds "ischemia", and lesson 03 among the results.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading

import pytest

from labdriver import a11y
from labdriver.lab import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSON_PAGES = [p.stem for p in NOTEBOOKS]
PAGES = ["index", *LESSON_PAGES, "red-flags", "bibliography"]

#: The window learners use (as in the JupyterLab tests), and the same at 200% zoom.
WINDOW = {"width": 1300, "height": 950}
ZOOMED = {"width": 650, "height": 475}

_WIDE_JS = """() => {
  const found = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1) found.push(`the page scrolls sideways: ${page.scrollWidth} px in ${page.clientWidth}`);
  const edge = document.body.getBoundingClientRect().right;
  for (const el of document.querySelectorAll('p, li, h1, h2, h3, h4, summary, figcaption, img, table')) {
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;  // a closed drawer of the theme
    let scroller = null;
    for (let node = el.parentElement; node; node = node.parentElement) {
      const x = getComputedStyle(node).overflowX;
      if (x === 'auto' || x === 'scroll') { scroller = node; break; }
    }
    if (scroller && scroller.tabIndex >= 0) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > edge + 1)
      found.push(`${el.tagName.toLowerCase()} sticks out ${Math.round(box.right - edge)} px: "${el.textContent.trim().slice(0, 60)}"`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def edition(tmp_path_factory, chromium_executable) -> str:
    """The whole book, built and served on 127.0.0.1; yields its address."""
    out = tmp_path_factory.mktemp("book")
    run = subprocess.run([sys.executable, "tools/build_book.py", "--out", str(out)], cwd=REPO,
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is no place for an access log
        pass


@pytest.fixture
def reader(browser, edition):
    """A page of its own that may load only from the edition's server."""
    context = browser.new_context(viewport=WINDOW)
    refused: list[str] = []

    def only_the_edition(route):
        if route.request.url.startswith(edition):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_edition)
    page = context.new_page()
    page.course_refused = refused
    page.course_errors = []
    page.on("pageerror", lambda error: page.course_errors.append(str(error)))
    page.on("console", lambda message: page.course_errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("stem", PAGES)
def test_every_page_loads_cleanly_and_is_one_click_from_the_red_flags(reader, edition, stem):
    response = reader.goto(f"{edition}/{stem}.html")
    assert response is not None and response.ok, f"{stem}.html: {response and response.status}"
    reader.wait_for_load_state("networkidle")
    assert not reader.course_errors, f"{stem}.html: {reader.course_errors}"
    assert not reader.course_refused, f"{stem}.html asked other hosts: {reader.course_refused}"
    reader.locator(".bd-header-announcement a", has_text="Red flags").click()
    reader.wait_for_url(f"{edition}/red-flags.html")
    card = reader.locator(".course-red-flags")
    assert card.is_visible() and "EMERGENCY" in card.inner_text(), f"from {stem}.html"


def test_the_search_box_finds_ischemia(reader, edition):
    reader.goto(f"{edition}/index.html")
    reader.keyboard.press("Control+k")  # the theme's shortcut, as its search button says
    box = reader.locator("input[name=q]:visible").first
    box.fill("ischemia")
    box.press("Enter")
    reader.wait_for_url("**/search.html?q=ischemia**")
    results = reader.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    titles = [results.nth(i).locator("a").first.inner_text() for i in range(results.count())]
    assert any("Lesson 03: Ischemia" in t for t in titles), titles
    assert not reader.course_errors, reader.course_errors


@pytest.mark.parametrize("stem", PAGES)
def test_every_page_passes_axe_and_reads_at_200_percent_zoom(reader, edition, stem):
    response = reader.goto(f"{edition}/{stem}.html")
    assert response is not None and response.ok, f"{stem}.html: {response and response.status}"
    found = a11y.audit(reader, everything_ours=True, where="book")
    assert not found.failing, f"{stem}.html: axe-core finds:\n" + "\n".join(map(str, found.failing))
    for image in reader.locator("img").all():
        assert (image.get_attribute("alt") or "").strip(), f"{stem}.html: an image without alt text"
    explorers = reader.locator("figure.course-explorer-static")
    for index in range(explorers.count()):
        description = explorers.nth(index).locator(".course-state-description p")
        assert (description.text_content() or "").strip(), f"{stem}.html: explorer {index + 1} has no description"
    reader.set_viewport_size(ZOOMED)
    # At this width the theme folds both sidebars into drawers, hidden after a CSS transition.
    reader.wait_for_function("""() => [...document.querySelectorAll('.bd-sidebar-primary, .bd-sidebar-secondary')]
        .every(el => !el.checkVisibility({checkVisibilityCSS: true}))""", timeout=5000)
    reader.wait_for_timeout(200)
    wide = reader.evaluate(_WIDE_JS)
    assert not wide, f"{stem}.html at 200% zoom:\n" + "\n".join(wide[:30])
    assert not reader.course_refused, f"{stem}.html asked other hosts: {reader.course_refused}"



#: The key that moves each kind of control one step.
_KEYS = {"range": "ArrowRight", "select-one": "ArrowDown", "checkbox": "Space"}


@pytest.mark.parametrize("stem", LESSON_PAGES)
def test_every_explorer_moves_from_the_keyboard_without_a_kernel(reader, edition, stem):
    reader.goto(f"{edition}/{stem}.html")
    explorers = reader.locator("figure.course-explorer-frames")
    still = reader.locator("figure.course-explorer-static:not(.course-explorer-frames)")
    assert still.count() == 0, f"{stem}.html: {still.count()} explorers shown as a still picture only"
    for index in range(explorers.count()):
        box = explorers.nth(index)
        name = box.get_attribute("class").split("course-explorer-")[-1]
        control = box.locator("[data-control]").first
        kind = control.evaluate("el => el.type")
        at_end = control.evaluate("el => el.type === 'range' ? el.value === el.max"
                                  " : el.type === 'select-one' ? el.selectedIndex === el.options.length - 1 : false")
        key = {"range": "ArrowLeft", "select-one": "ArrowUp"}[kind] if at_end else _KEYS[kind]
        picture, readout = box.locator("img.course-figure"), box.locator(".course-readout")
        before = (picture.get_attribute("src"), picture.get_attribute("alt"), readout.text_content())
        control.focus()
        reader.keyboard.press(key)
        after = (picture.get_attribute("src"), picture.get_attribute("alt"), readout.text_content())
        assert after[0] != before[0], f"{stem}.html, {name}: the picture did not change on {key}"
        assert after[2] != before[2] and after[1] != before[1], f"{stem}.html, {name}: the readout did not change"
        assert "one control at a time" in box.text_content()
    assert not reader.course_errors, f"{stem}.html: {reader.course_errors}"


def _text(fragment_html: str) -> str:
    """The words of an HTML fragment, as a browser's textContent gives them, spaces squeezed."""
    from html.parser import HTMLParser

    words: list[str] = []

    class _Words(HTMLParser):
        def handle_data(self, data):
            words.append(data)

    _Words().feed(fragment_html)
    return " ".join("".join(words).split())


def _wrong_and_right(question):
    """A wrong and the right response of a choice or evidence question, as the page's inputs take
    them (the option's index, the level's name) and as ``QuestionState`` judges them."""
    from course.quiz import ChoiceQuestion, EvidenceQuestion

    if isinstance(question, ChoiceQuestion) and not question.multiple:
        wrong = next(i for i, o in enumerate(question.options) if not o.correct)
        return wrong, question.correct_indices[0]
    if isinstance(question, EvidenceQuestion):
        from course.evidence import LEVELS

        return next(level for level in LEVELS if level != question.answer), question.answer
    return None


@pytest.mark.parametrize("stem", LESSON_PAGES)
def test_one_question_of_every_quiz_answers_wrongly_and_rightly_as_the_live_lesson_does(reader, edition, stem):
    from course.banks import load_bank
    from course.quiz import QuestionState
    from course.static_quiz import SHOWN_ON_REQUEST
    from course.text import render_inline

    bank = load_bank(stem)
    reader.goto(f"{edition}/{stem}.html")
    quizzes = reader.locator(".course-quiz-book")
    assert quizzes.count() > 0, f"{stem}.html shows no quiz that answers in the page"
    for index in range(quizzes.count()):
        quiz = quizzes.nth(index)
        title = quiz.locator(".course-quiz-title").text_content().strip()
        questions = bank.quiz(title.removeprefix("Quiz "))
        chosen = next(((k, q, _wrong_and_right(q)) for k, q in enumerate(questions) if _wrong_and_right(q)), None)
        assert chosen, f"{stem} {title}: no single-choice or evidence question to try"
        k, question, (wrong, right) = chosen
        form = quiz.locator(f'form[data-q="{k}"]')
        feedback = form.locator(".course-feedback")
        assert not (feedback.text_content() or "").strip(), f"{stem} {title}: feedback before any answer"
        state = QuestionState(question)
        for response in (wrong, right):
            expected = state.submit(response)
            form.locator(f'input[value="{response}"]').check()
            form.locator("button.course-check").click()
            shown = " ".join((feedback.text_content() or "").split())
            assert shown == _text(expected.html()), (
                f"{stem} {title}, question {question.id}, response {response!r}:\n"
                f"page: {shown}\nlive: {_text(expected.html())}")
            if response == wrong:  # "Try again" starts the question afresh, as in the live lesson
                form.locator("button.course-reset").click()
                state.reset()
        assert state.solved
        # A lecturer projecting the page shows the answer on demand, without answering.
        form.locator("button.course-reset").click()
        form.locator("button.course-quiz-book-teacher").click()
        shown = " ".join((feedback.text_content() or "").split())
        assert SHOWN_ON_REQUEST in shown and _text(render_inline(question.answer_text())) in shown, shown
    assert not reader.course_errors, f"{stem}.html: {reader.course_errors}"
    # (after the check of console errors: axe-core asks for an imported style sheet at the wrong address)
    found = a11y.audit(reader, everything_ours=True, where="book, quizzes answered")
    assert not found.failing, f"{stem}.html after answering: axe-core finds:\n" + "\n".join(map(str, found.failing))
