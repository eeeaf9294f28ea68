"""A lesson's slides in a real browser (Debian's chromium): the deck opens offline from files, reveal.js
runs, the keyboard steps through the slides, and a quiz's answer appears only at the step after its
question.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from course.slides import build_decks
from slides_support import need_reveal


def test_a_deck_opens_offline_and_steps_through_with_the_keyboard(browser, tmp_path):
    need_reveal()
    deck = build_decks(tmp_path, ["08"])[0]
    context = browser.new_context(offline=True)
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
        assert page.evaluate("Reveal.getTotalSlides()") > 20
        expect(page.locator(".reveal .slides section.present").first).to_contain_text("Lesson 08: Evaluating claims")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == 1

        # go to the first question of Quiz 1.1: the answer is hidden until the next step
        page.evaluate("""() => {
            const slide = [...document.querySelectorAll('.reveal .slides section')]
                .find(s => !s.querySelector('section') && s.textContent.includes('Quiz 1.1, question 1 of'));
            const where = Reveal.getIndices(slide);
            Reveal.slide(where.h, where.v, -1);
        }""")
        current = page.locator(".reveal .slides section.present section.present, "
                               ".reveal .slides > section.present:not(.stack)").last
        expect(current).to_contain_text("Quiz 1.1, question 1 of")
        answer = current.locator(".course-slide-answer")
        assert "visible" not in answer.get_attribute("class").split()
        page.keyboard.press("Space")
        expect(answer).to_have_class(re.compile(r"\bvisible\b"))
        expect(answer).to_be_visible()
        page.screenshot(path=str(tmp_path / "slide.png"))
        assert not failed, f"requests that failed offline: {failed}"
    finally:
        context.close()
