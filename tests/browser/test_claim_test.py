"""The claim-evaluation test in a real JupyterLab: in lesson 00 a learner answers the form the course
gives them (the first item from the keyboard, the rest with the mouse, three of them wrongly), is
warned about an unanswered item, scores the test, sees the score against the marks and the ideas
missed, and finds every answer and the scoring in the progress file (the test server's own).
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from course.claim_evaluation import load_claim_test
from course.text import plain_text
from labdriver import lab as driver
from labdriver.lab import REPO

LESSON_00 = REPO / "notebooks" / "00_start_here.ipynb"
#: items (by position) answered wrongly on purpose
WRONG = (2, 5, 8)




def test_a_learner_takes_and_scores_the_claim_test(page, lab):
    record = lab.saved_record()
    if record.pop("claim_test", None) is not None:  # start from no sitting, whatever ran before
        lab.progress_file.write_text(json.dumps(record), encoding="utf-8")
    driver.open_notebook(page, LESSON_00)
    driver.run_all(page)
    errors = driver.cell_errors(page)
    assert not errors, "lesson 00 shows errors:\n\n" + "\n\n".join(errors)

    box = page.locator(".course-claim-test").first
    box.scroll_into_view_if_needed()
    expect(box).to_contain_text("0 of 12 items answered.")
    form = re.search(r"form ([AB]), before the course", box.inner_text()).group(1)
    items = load_claim_test().items(form)
    radios = box.locator(".course-claim-item")
    assert radios.count() == len(items)

    # item 1 from the keyboard: focus its first option and move with the arrow keys to the right one
    first = items[0]
    radios.nth(0).locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    for _ in range(first.correct_indices[0]):
        page.keyboard.press("ArrowDown")
    expect(box).to_contain_text("1 of 12 items answered.")

    for k, q in enumerate(items[1:-1], start=1):
        index = (q.correct_indices[0] + 1) % len(q.options) if k in WRONG else q.correct_indices[0]
        radios.nth(k).locator("label").get_by_text(plain_text(q.options[index].text), exact=True).click()
    expect(box).to_contain_text(f"{len(items) - 1} of 12 items answered.")

    score = box.locator(".course-claim-score")
    score.click()
    expect(box.locator(".course-claim-result")).to_contain_text(f"Item {len(items)} is not answered.")
    score.click()
    right = len(items) - 1 - len(WRONG)
    result = box.locator(".course-claim-result")
    expect(result).to_contain_text(f"{right} of 12 right")
    expect(result).to_contain_text("pass (pass: 7 or more; mastery: 10 or more)")
    for k in WRONG + (len(items) - 1,):
        expect(result).to_contain_text(load_claim_test().items(form)[k].concepts[0])
    expect(box).to_contain_text("Scored: your answers are locked.")
    assert radios.nth(1).locator("input").first.is_disabled()

    assert driver._wait(lambda: (lab.saved_record().get("claim_test", {}).get("before") or {}).get("scored"), 10), \
        "the scoring was not saved"
    sitting = lab.saved_record()["claim_test"]["before"]
    assert sitting["form"] == form and len(sitting["answers"]) == len(items) - 1
    assert sum(a["correct"] for a in sitting["answers"].values()) == right
