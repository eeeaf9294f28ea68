"""The "outside the measured range" mark every explorer shares (course.explorers.base): a badge on
the figure and a sentence in the readout whenever ``limits`` says the setting leaves the range the
model was checked against, and neither while it is inside."""

from __future__ import annotations

from course.explorers.base import LIMIT_BADGE
from course.explorers.trials import explore_trial_results


def test_a_setting_outside_the_checked_range_is_marked_on_the_figure_and_in_the_readout():
    ex = explore_trial_results()
    assert ex.limit_notes == []
    assert LIMIT_BADGE not in ex.readout_text
    assert not ex._limit_badge.get_visible()
    inside_png = ex.live.last_png

    ex.controls["scale"].value = 2
    assert ex.limit_notes and "What-if" in ex.limit_notes[0]
    assert f"{LIMIT_BADGE}: {ex.limit_notes[0]}" in ex.readout_text
    assert ex._limit_badge.get_visible()
    assert ex.live.last_png != inside_png

    ex.controls["scale"].value = 1
    assert ex.limit_notes == [] and LIMIT_BADGE not in ex.readout_text
    assert not ex._limit_badge.get_visible()


def test_the_header_names_what_the_model_was_checked_against():
    ex = explore_trial_results()
    assert "Checked against:" in ex.header_html()
    assert "published counts" in ex.header_html()
