"""What particular lessons must show in JupyterLab, beyond what every lesson is checked for.

``EXPECTATIONS`` maps a lesson (its notebook's stem) to its named expectations, in the order they
are checked. ``test_every_lesson.py`` checks them on the page it opened and ran for that lesson,
right after the run, before the checks shared by every lesson move the widgets: each expectation
starts from the state the previous one of the same lesson left.

An expectation is called with the page. Three kinds cover most of them:

- :class:`SliderMove`: an explorer's slider moved with the arrow keys gives a new readout, with the
  expected text, and a new figure;
- :class:`QuizAnswers`: options chosen in turn in the first question of the first quiz give the
  expected feedback;
- a plain function for anything else (a check box, a figure's text alternative, the claims review).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import expect

from course.describer import ANNOUNCE_MS
from labdriver import lab


@dataclass(frozen=True)
class SliderMove:
    """Move a slider of the explorer ``explorer`` (``index``: which copy, if a lesson shows it
    twice; ``slider``: which of its sliders) ``presses`` times with ``key``, or one step away from
    its end when ``key`` is None. The readout must read ``before`` first (None: any text) and
    contain every text of ``after`` once it has changed; the figure must change too."""

    explorer: str
    presses: int = 1
    after: tuple[str, ...] = ()
    before: str | None = None
    index: int = 0
    slider: int = 0
    key: str | None = "ArrowRight"

    def __call__(self, page) -> None:
        box = lab.explorer(page, self.explorer, self.index)
        readout = box.locator(".course-readout")
        if self.before is None:
            expect(readout).not_to_be_empty()
        else:
            expect(readout).to_contain_text(self.before)
        expect(box.locator("img.course-figure")).to_be_visible()
        before_text, before_src = lab.readout_text(box), lab.image_src(box)
        handle = box.locator(".widget-slider [role=slider]").nth(self.slider)
        key = self.key
        if key is None:
            state = lab.slider_state(handle)
            key = "ArrowLeft" if state["now"] >= state["max"] else "ArrowRight"
        lab.move_slider(handle, key, times=self.presses)
        assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
        for text in self.after:
            expect(readout).to_contain_text(text)
        assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src


@dataclass(frozen=True)
class QuizAnswers:
    """Choose each option (by a part of its label; None: the first option) of the first question
    of the first quiz in turn, press Check, and expect feedback starting with the paired text."""

    answers: tuple[tuple[str | None, str | tuple[str, ...]], ...]

    def __call__(self, page) -> None:
        for option, verdict in self.answers:
            feedback = lab.answer_first_quiz_question(page, option)
            assert feedback.startswith(verdict), f"{option!r}: {feedback!r}"


def wrong_then_right(wrong: str, right: str) -> QuizAnswers:
    return QuizAnswers(((wrong, "✘ Not yet"), (right, "✔ Correct")))


def click_figure(box, x: float, y: float) -> None:
    """Click an explorer's figure at a share of its shown width and height (from its top left)."""
    image = box.locator("img.course-figure")
    image.scroll_into_view_if_needed()
    size = image.bounding_box()
    image.click(position={"x": x * size["width"], "y": y * size["height"]})


def anatomy_structure_chosen_by_a_click(page) -> None:
    """Lesson 01: a click on the psoas in the drawing selects it in the list too, and changes the
    figure; a click on an empty corner changes nothing and says so."""
    box = lab.explorer(page, "anatomy")
    readout, choice = box.locator(".course-readout"), box.locator(".widget-dropdown select")
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    click_figure(box, 0.659, 0.27)
    expect(readout).to_contain_text("Psoas major (muscle):")
    chosen = "el => el.options[el.selectedIndex].text.replace(/\\u00a0/g, ' ')"  # ipywidgets writes no-break spaces
    assert choice.evaluate(chosen).startswith("Psoas major")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src
    click_figure(box, 0.256, 0.175)
    expect(readout).to_contain_text("That click was not on a structure")
    assert choice.evaluate(chosen).startswith("Psoas major")
    assert not any("ipyevents" in line and ("error" in line.lower() or "not found" in line.lower())
                   for line in page.course_console), "\n".join(page.course_console)
    assert before_text != lab.readout_text(box)


def natural_history_week_chosen_by_a_click(page) -> None:
    """Lesson 01: a click in the middle of the natural-history plot moves the week slider there;
    the readout, the slider and the figure follow."""
    box = lab.explorer(page, "natural_history")
    slider = box.locator(".widget-slider [role=slider]").first
    box.locator("img.course-figure").scroll_into_view_if_needed()  # laid out, so the readout reads
    expect(box.locator(".course-readout")).to_contain_text("Week 0:")
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    click_figure(box, 0.5, 0.5)
    after = lab.wait_until_changed(lambda: lab.readout_text(box), before_text)
    week = int(re.match(r"Week (\d+)\b", after).group(1))  # "Week 23 (interpolated ...):"
    assert 15 <= week <= 35, after
    assert lab.slider_state(slider)["now"] == week
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src
    lab.move_slider(slider, "Home")  # back to week 0, where the next expectation starts
    expect(box.locator(".course-readout")).to_contain_text("Week 0:")


def effect_size_taken_from_a_cochrane_row(page) -> None:
    """Lesson 06: a click on the top row of the Cochrane strip (pain, acute, vs inactive: 1.24)
    sets the SMD slider to that estimate."""
    box = lab.explorer(page, "effect_size")
    box.locator("img.course-figure").scroll_into_view_if_needed()
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    click_figure(box, 0.94, 0.205)
    expect(box.locator(".course-readout")).to_contain_text("SMD 1.24:")
    expect(box.locator(".widget-slider .widget-readout").first).to_have_text("1.24")  # the slider followed
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src
    assert lab.readout_text(box) != before_text


def trial_hidden_with_the_keyboard(page) -> None:
    """Lesson 04: Space on the last trial's check box hides that trial from the figure."""
    box = lab.explorer(page, "trial_results")
    before_src = lab.image_src(box)
    checkbox = box.locator(".widget-checkbox input[type=checkbox]").last
    checkbox.focus()
    checkbox.press("Space")
    expect(box.locator(".course-readout")).to_contain_text("Showing 3 trial(s), 8 groups")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src


def perfusion_describes_itself_and_keeps_pace(page) -> None:
    """Lesson 03, Explore 3.1, as a screen reader meets it (the accessibility tree): the figure's
    alt text follows the readout, each slider is named with its unit and speaks its value with the
    unit, the state description is one disclosure away; six quick presses on a slider are told in
    the live region no more often than once every ANNOUNCE_MS, and the last thing told is the
    setting reached. The presses are taken back after."""
    box = lab.explorer(page, "perfusion", 1)
    handle = box.locator(".widget-slider [role=slider]").first
    box.scroll_into_view_if_needed()
    tree = box.aria_snapshot()
    readout = box.locator(".course-readout").text_content().strip()  # innerText is empty off screen
    assert f'img "Squeeze, blood flow and oxygen in a working muscle. {readout}"' in tree, tree
    for name in ("Contraction level (% MVC)", "Hold time (s)", "Rest between holds (s)"):
        assert f'slider "{name}"' in tree, tree
    assert handle.get_attribute("aria-valuetext") == f"{box.locator('.widget-readout').first.text_content().strip()}% MVC"
    assert "group: Describe the figure" in tree, tree
    box.locator(".course-state-description summary").click()
    expect(box.locator(".course-state-description p")).to_contain_text(readout)
    page.evaluate("""(box) => {
      const region = box.querySelector('.course-announcer');
      window.courseTold = [];
      new MutationObserver(() => window.courseTold.push([performance.now(), region.textContent]))
        .observe(region, {childList: true, characterData: true, subtree: true});
    }""", box.element_handle())
    page.wait_for_timeout(ANNOUNCE_MS + 300)  # what the expectations before told is over
    start = time.monotonic()
    handle.focus()
    page.evaluate("() => { window.courseFirstPress = performance.now(); }")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(120)
    level = box.locator(".widget-readout").first.text_content().strip()
    assert lab._wait(lambda: page.evaluate("() => window.courseTold.length")
                     and page.evaluate("() => window.courseTold.at(-1)[1]").startswith(f"Contraction level: {level}% MVC."),
                     timeout=15), page.evaluate("() => window.courseTold")
    page.wait_for_timeout(ANNOUNCE_MS + 500)  # nothing more comes
    told = page.evaluate("() => window.courseTold")
    elapsed_ms = (time.monotonic() - start) * 1000
    assert len(told) <= 1 + math.ceil(elapsed_ms / ANNOUNCE_MS), told
    assert len(told) < 6, f"every press was told: {told}"
    gaps = [later[0] - earlier[0] for earlier, later in zip(told, told[1:])]
    assert all(gap >= ANNOUNCE_MS - 50 for gap in gaps), gaps
    assert told[-1][1].startswith(f"Contraction level: {level}% MVC."), told
    # the first press is told at once; the last announcement stands for several presses, so it
    # gives where they led without the size of the last step
    assert told[0][0] - page.evaluate("() => window.courseFirstPress") < 1000, told
    assert " by " not in told[-1][1] and told[-1][1].endswith("the measured range."), told
    lab.move_slider(handle, "ArrowLeft", times=6)


def exercise_figure_has_its_text_alternative(page) -> None:
    """Lesson 07: the exercise-effects figure is there, with its text alternative."""
    expect(page.locator("figure.course-figure img").first).to_have_attribute(
        "alt", re.compile("15 points better with exercise"))


def new_trial_with_the_keyboard(page) -> None:
    """Lesson 08: Enter on Run a new trial runs trial 2 and adds it to the tally."""
    box = lab.explorer(page, "control_group")
    before_text, before_src = lab.readout_text(box), lab.image_src(box)
    button = box.locator("button.course-new-trial")
    button.focus()
    button.press("Enter")
    assert lab.wait_until_changed(lambda: lab.readout_text(box), before_text) != before_text
    readout = box.locator(".course-readout")
    expect(readout).to_contain_text("Trial 2: ")
    expect(readout).to_contain_text("of 2 intervals so far include 0")
    assert lab.wait_until_changed(lambda: lab.image_src(box), before_src) != before_src


def claims_review_reveals_a_verdict(page) -> None:
    """Lesson 08: the twelve-claims review reveals a verdict after a prediction."""
    review = page.locator(".course-claim-review").first
    review.scroll_into_view_if_needed()
    expect(review).to_contain_text("Claim 1 of 12 (a)")
    review.locator(".widget-radio-box label").filter(has_text="Partly supported").first.click()
    review.locator("button.course-reveal").click()
    expect(review.locator(".course-feedback")).to_contain_text("✔ Matched")
    expect(review.locator(".course-claim-card")).to_contain_text("Partly supported")
    expect(review.locator(".course-readout")).to_contain_text("You matched 1 of 1")


def lesson_09_shows_certainty_schedule_and_predictions(page) -> None:
    """Lesson 09: the certainty view draws its calibration chart with a readout, and the review
    schedule and the prediction table print their text."""
    view = page.locator(".course-certainty")
    view.scroll_into_view_if_needed()
    expect(view.locator("img.course-figure")).to_be_visible()
    expect(view.locator(".course-readout")).not_to_be_empty()
    expect(page.get_by_text("Due for review today:")).to_be_visible()
    expect(page.get_by_text("Your predictions before the Explores:")).to_be_visible()


EXPECTATIONS: dict[str, dict[str, Callable]] = {
    "01_back_pain_basics": {
        "anatomy_structure_chosen_by_a_click": anatomy_structure_chosen_by_a_click,
        "natural_history_week_chosen_by_a_click": natural_history_week_chosen_by_a_click,
        "natural_history_moves": SliderMove("natural_history", key=None),
        "quiz_feedback": QuizAnswers(((None, ("✔", "✘")),)),
    },
    "02_muscle_injury": {
        # 30 min -> 45 min -> 1 h
        "lactate_soreness_to_1_h": SliderMove("lactate_soreness", 2, ("1 h after exercise (rest)",)),
        "healing_to_day_4": SliderMove(
            "healing", 4, ("Day 4: inflammation under way; proliferation may be starting",)),
        "load_capacity_to_weekend_spike": SliderMove("load_capacity", 1, ("Weekend spike to 210% of usual",)),
        "quiz_feedback": wrong_then_right("waste product", "It is a fuel"),
    },
    "03_ischemia": {
        # Explore 2.1 shows contraction level, arterial pressure and strength; Explore 3.1 contraction
        # level, hold and rest. The contraction level steps through stops: 40 -> 45% MVC in one press.
        "perfusion_2.1_to_45pct_mvc": SliderMove(
            "perfusion", 1, ("Holding 45% MVC: flow meets 33% of the oxygen demand",), index=0),
        # Explore 3.1 starts at 50% MVC: ten presses down reach Sjøgaard's 5% MVC (45, 40, 30, 20, 10, 5).
        "perfusion_3.1_down_to_5pct_mvc": SliderMove(
            "perfusion", 10, ("Holding 5% MVC: flow meets all of the oxygen demand",), index=1, key="ArrowLeft"),
        # The strength slider (the third shown in Explore 2.1) moves the occlusion threshold: 1.0 -> 1.1.
        "perfusion_strength_moves_the_threshold": SliderMove(
            "perfusion", 1, ("Flow stops at 52% MVC (strength 1.1x",), index=0, slider=2),
        "perfusion_describes_itself_and_keeps_pace": perfusion_describes_itself_and_keeps_pace,
        "quiz_feedback": wrong_then_right("lactic acid", "too small"),
    },
    "04_mind_and_pain": {
        # what-if: every group twice as large
        "trial_results_what_if_larger_groups": SliderMove(
            "trial_results", 1, ("(what-if: every group 2 times as large)",),
            before="Showing 4 trial(s), 11 groups, 654 people"),
        "trial_results_hide_a_trial": trial_hidden_with_the_keyboard,
        "quiz_feedback": wrong_then_right("warns", "distracts"),
    },
    "05_heat_and_cold": {
        # the first slider is the fat: 10 -> 12 mm
        "heat_cold_fat_to_12_mm": SliderMove(
            "heat_cold", 2, ("over 12 mm of fat",), before="for 20 min over 10 mm of fat"),
        "quiz_feedback": wrong_then_right("stores more heat", "conducts heat much less well"),
    },
    "06_massage_and_water": {
        # 0.40 -> 0.45 in steps of 0.01
        "effect_size_to_0.45": SliderMove("effect_size", 5, ("SMD 0.45:",)),
        "effect_size_from_a_cochrane_row": effect_size_taken_from_a_cochrane_row,
        # lower chest -> neck
        "buoyancy_to_neck": SliderMove("buoyancy", 1, ("Standing in water up to the base of the neck",)),
        "quiz_feedback": wrong_then_right("It made no difference", "It lowered blood flow"),
    },
    "07_exercise_and_recovery": {
        # baseline risk 33% -> 36%
        "recurrence_risk_to_36_in_100": SliderMove(
            "recurrence_risk", 3, ("Without exercise 36 in 100", "with exercise about 18.0"),
            before="Without exercise 33 in 100"),
        "exercise_effects_figure_alt_text": exercise_figure_has_its_text_alternative,
        "quiz_feedback": wrong_then_right("Rest in bed", "Stay as active"),
    },
    "08_evaluating_claims": {
        # Explore 2.1: the ups and downs from 30% to 0% in steps of 5: nothing left to regress from
        "before_after_without_ups_and_downs": SliderMove(
            "before_after", 6, ("regression to the mean 0.0;",), before="One group, a treatment that does nothing",
            key="ArrowLeft"),
        # Explore 2.2: the true-effect slider, 1 point per press; the tally starts again at the new effect
        "control_group_true_effect_0_to_2": SliderMove(
            "control_group", 2, ("true effect 2.", "of 1 intervals so far include 0"), before="Trial 1: "),
        "control_group_runs_a_new_trial": new_trial_with_the_keyboard,
        "quiz_feedback": wrong_then_right("The cream worked", "We cannot tell"),
        "claims_review_reveals_a_verdict": claims_review_reveals_a_verdict,
    },
    "09_review_and_progress": {
        "certainty_schedule_and_predictions": lesson_09_shows_certainty_schedule_and_predictions,
    },
}
