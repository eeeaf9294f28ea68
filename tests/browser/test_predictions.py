"""Predict, explore, then see both, in a real JupyterLab: in lesson 03 a learner predicts what the
blood flow will do before Explore 2.1, sets the explorer as the explorer question of Quiz 2.1 asks,
checks it, and finds the prediction beside what the model shows in the feedback; the prediction is in the
progress file (the test server's own, ``lab.progress_file``).
"""

from __future__ import annotations

from playwright.sync_api import expect

from labdriver import lab as driver
from labdriver import learner
from labdriver.lab import REPO

LESSON_03 = REPO / "notebooks" / "03_ischemia.ipynb"
#: a wrong prediction, so that the feedback must show the two apart
PREDICTED = "It rises"
MODEL_SHOWS = "It first rises, then falls and stops"


def test_a_prediction_made_before_exploring_shows_beside_the_result(page, lab):
    driver.open_notebook(page, LESSON_03)
    driver.run_all(page)
    errors = driver.cell_errors(page)
    assert not errors, "lesson 03 shows errors:\n\n" + "\n\n".join(errors)

    prediction = page.locator(".course-prediction").first
    prediction.scroll_into_view_if_needed()
    expect(prediction).to_contain_text("Predict before you explore (Explore 2.1)")
    prediction.locator(".course-prediction-options label").get_by_text(PREDICTED, exact=True).click()
    prediction.locator(".course-predict").click()
    expect(prediction.locator(".course-prediction-said")).to_contain_text(f"Your prediction: {PREDICTED}.")
    assert driver._wait(lambda: "03/2.1" in lab.saved_record().get("predictions", {}), 10), "the prediction was not saved"
    assert lab.saved_record()["predictions"]["03/2.1"]["choice"] == PREDICTED
    assert lab.saved_record()["predictions"]["03/2.1"]["correct"] is False

    # the question: strength 1.1, then the lowest contraction level at which the flow stops (52% MVC:
    # one press from 40 to 45, then 1% MVC a press)
    box = driver.explorer(page, "perfusion")
    learner.shown_readout(box)
    sliders = box.locator(".widget-slider [role=slider]")
    driver.move_slider(sliders.nth(2))
    expect(box.locator(".course-readout")).to_contain_text("Flow stops at 52% MVC (strength 1.1x")
    driver.move_slider(sliders.nth(0), times=8)
    expect(box.locator(".course-readout")).to_contain_text("Holding 52% MVC")

    question = page.locator(".course-question").filter(has=page.locator(".course-explorer-question")).first
    feedback = learner.answer_question(page, question)
    assert feedback.startswith("✔"), feedback
    beside = question.locator(".course-prediction-beside")
    expect(beside).to_contain_text(f"You predicted: {PREDICTED}.")
    expect(beside).to_contain_text(f"The model shows: {MODEL_SHOWS} (not what you predicted).")
    expect(beside).to_contain_text("Why:")


