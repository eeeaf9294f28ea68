"""Lesson 01: the natural-history model against Costa 2012, and the two explorers."""

from __future__ import annotations

import numpy as np
import pytest

from course.explorers.anatomy import AnatomyExplorer, structures
from course.explorers.natural_history import NaturalHistoryExplorer
from course.models import natural_history as nh

# Costa et al. 2012, pooled means and 95% CIs (0-100) at weeks 0, 6, 26, 52.
COSTA = {
    "acute": [(0, 52, 48, 57), (6, 23, 21, 25), (26, 12, 9, 15), (52, 6, 3, 10)],
    "persistent": [(0, 51, 44, 59), (6, 33, 29, 38), (26, 26, 20, 33), (52, 23, 16, 30)],
}


@pytest.mark.parametrize("cohort", nh.COHORTS)
def test_curve_passes_through_published_points(cohort):
    for week, mean, low, high in COSTA[cohort]:
        est = nh.pain_at(week, cohort)
        assert (est.mean, est.low, est.high) == (mean, low, high)


@pytest.mark.parametrize("cohort", nh.COHORTS)
def test_curve_falls_and_band_contains_mean(cohort):
    weeks = np.linspace(0, 52, 521)
    mean, low, high = nh.pain_curve(weeks, cohort)
    assert np.all(np.diff(mean) <= 1e-9), "mean pain never rises in the published data, nor may the curve"
    assert np.all(low <= mean) and np.all(mean <= high)


def test_headline_numbers_of_lesson_01():
    assert nh.percent_fall(6, "acute") == 55.8  # "more than half within about six weeks"
    half = next(w for w in range(53) if nh.pain_at(w, "acute").mean <= 26)
    assert half == 5  # Explore 4.1 question 1: half the starting 52 by about week 5


@pytest.mark.parametrize("bad", [-1, 53, float("nan")])
def test_weeks_outside_the_data_are_refused(bad):
    with pytest.raises(ValueError, match="week must be between 0 and 52"):
        nh.pain_at(bad, "acute")


def test_unknown_cohort_is_named():
    with pytest.raises(ValueError, match="cohort must be one of acute, persistent"):
        nh.pain_at(6, "chronic")


def test_natural_history_explorer_responds_to_the_slider():
    ex = NaturalHistoryExplorer()
    first_png, first_text = ex.live.last_png, ex.readout_text
    assert first_text.startswith("Week 0: acute cohorts average 52/100")
    ex.controls["week"].value = 6
    assert "Week 6: acute cohorts average 23/100 (95% CI 21 to 25)" in ex.readout_text
    assert "persistent cohorts 33/100 (95% CI 29 to 38)" in ex.readout_text
    assert ex.live.last_png != first_png and ex.readout_text != first_text


def test_natural_history_slider_edges():
    ex = NaturalHistoryExplorer()
    ex.controls["week"].value = 52
    assert "Week 52: acute cohorts average 6/100" in ex.readout_text
    ex.controls["week"].value = 99  # the slider clamps to its range, never past the data
    assert ex.controls["week"].value == 52


def test_explorer_rejects_unknown_control():
    with pytest.raises(ValueError, match="has no control 'month'; controls are week"):
        NaturalHistoryExplorer(month=3)


def test_blitting_matches_a_full_redraw():
    ex = NaturalHistoryExplorer(week=13)
    fast = ex.live.last_png
    ex.live.freeze()  # full redraw of the static parts, then the animated ones
    assert ex.live.render() == fast


def test_anatomy_has_every_kind_of_tissue():
    kinds = {s["kind"] for s in structures()}
    assert {"bone", "muscle", "ligament", "tendon", "fascia", "nerve"} <= kinds


def test_anatomy_explorer_highlights_and_reads_out():
    ex = AnatomyExplorer()
    before = ex.live.last_png
    ex.controls["structure"].value = "thoracolumbar_fascia"
    assert ex.readout_text.startswith("Thoracolumbar fascia (fascia):")
    assert ex.live.last_png != before
    visible = [sid for sid, arts in ex._highlights.items() if any(a.get_visible() for a in arts)]
    assert visible == ["thoracolumbar_fascia"]


# -- recovery and recurrence: every figure with the people it was measured in ---------------------

def _recovery_rows():
    from course import data

    table = data.load("recovery_and_recurrence")
    cols = list(table)
    return [{c: table[c][i] for c in cols} for i in range(len(table[cols[0]]))]


def _row(study, measure):
    found = [r for r in _recovery_rows() if r["study"] == study and r["measure"] == measure]
    assert len(found) == 1, (study, measure)
    return found[0]


def test_pengel_recurrence_is_for_acute_cohorts_not_after_recovery():
    """Pengel 2003: 73% had at least one recurrence within 12 months, in cohorts with acute pain
    (15 studies of variable quality); it was not measured from recovery."""
    r = _row("Pengel 2003", "at least one recurrence within 12 months")
    assert float(r["value"]) == 73
    assert "acute" in r["population"] and "15 studies of variable quality" in r["population"]
    assert "not" in r["population"] and "recovered" in r["population"]
    assert float(_row("Pengel 2003", "studies in the review (variable quality)")["value"]) == 15


def test_recurrence_after_recovery_names_who_had_recovered_and_when():
    silva = _row("da Silva 2019", "any recurrence within 1 year after recovery")
    assert float(silva["value"]) == 69 and "250" in silva["population"] and "previous month" in silva["population"]
    assert float(_row("da Silva 2019", "activity-limiting recurrence within 1 year after recovery")["value"]) == 40
    assert float(_row("da Silva 2019", "people in the cohort")["value"]) == 250
    machado = _row("Machado 2017", "any recurrence within 1 year after recovery")
    assert float(machado["value"]) == 33 and "469" in machado["population"] and "6 weeks" in machado["population"]
    assert float(_row("Machado 2017", "people in the cohort")["value"]) == 469
    review = _row("da Silva 2017", "one-year recurrence in the only true inception cohort")
    assert float(review["value"]) == 33 and "no robust estimate" in review["population"]
    assert float(_row("da Silva 2017", "studies in the review")["value"]) == 8


def test_cohort_sizes_the_lesson_quotes():
    assert float(_row("Sydney cohort 2008", "people in the cohort")["value"]) == 973
    assert float(_row("Costa 2012", "people in the pooled cohorts")["value"]) == 11166
    assert float(_row("Costa 2012", "cohorts pooled")["value"]) == 33


def _sentences(text):
    import re

    return [s for s in re.split(r"(?<=[.;!?])\s+(?=[A-Z*])|\n", text) if s.strip()]


def _bank_texts_but_wrong_options(path):
    """The text of a quiz bank, except the wording of wrong options (a distractor states the
    misconception on purpose; its feedback, which corrects it, is kept)."""
    import yaml

    out = []

    def walk(value):
        if isinstance(value, dict):
            for key, v in value.items():
                if key == "text" and not value.get("correct") and "feedback" in value:
                    continue
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            out.append(value)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("number", ["01", "07"])
def test_pengel_73_is_never_quoted_as_recurrence_after_recovery(number):
    """Every sentence that quotes 73% says it was measured in acute low back pain, and none says
    'after recovering' about it (lessons and their quiz banks; a wrong option may state the misreading,
    its feedback must correct it)."""
    import nbformat

    from course.paths import notebooks_dir
    from course.banks import bank_path

    book = next(notebooks_dir().glob(f"{number}_*.ipynb"))
    texts = [c.source for c in nbformat.read(book, as_version=4).cells if c.cell_type == "markdown"]
    texts.extend(_bank_texts_but_wrong_options(bank_path(number)))
    quoted = [s for t in texts for s in _sentences(t) if "73%" in s and "0.73" not in s]
    assert quoted, f"lesson {number} quotes Pengel's 73% somewhere"
    for s in quoted:
        assert "acute" in s.lower(), f"lesson {number}: say Pengel's 73% is from acute cohorts: {s!r}"
        assert "of recovering" not in s and "after recovering" not in s, s


# -- the key numbers in the picture (issue 22) -----------------------------------------------------

@pytest.mark.parametrize("week", [0, 6, 13, 26, 45, 52])
def test_the_values_at_the_week_are_labelled_next_to_their_dots(week):
    ex = NaturalHistoryExplorer(week=week)
    ax = ex.live.axes[0]
    for cohort in nh.COHORTS:
        p = nh.pain_at(week, cohort)
        words = f"{cohort} {p.mean:.0f}/100 (95% CI {p.low:.0f} to {p.high:.0f})"
        labels = [t for t in ax.texts if t.get_visible() and words in " ".join(t.get_text().split())]
        assert len(labels) == 1, (cohort, [t.get_text() for t in ax.texts])
        assert labels[0].get_animated()
        x, y = labels[0].get_position()
        assert abs(x - week) <= 3 and abs(y - p.mean) <= 8, (cohort, x, y)
    a = nh.pain_at(week, "acute")
    assert f"acute cohorts average {a.mean:.0f}/100 (95% CI {a.low:.0f} to {a.high:.0f})" in ex.readout_text


@pytest.mark.parametrize("week", [0, 6, 13, 26, 45, 52])
def test_labels_between_the_published_weeks_say_they_are_interpolated(week):
    """Costa 2012 published weeks 0, 6, 26 and 52; values at any other week come from the curve."""
    ex = NaturalHistoryExplorer(week=week)
    published = set(nh.published_points("acute")["week"].tolist())
    labels = [t.get_text() for t in ex.live.axes[0].texts if t.get_visible() and "95% CI" in t.get_text()]
    assert len(labels) == 2
    assert all(("interpolated" in t) == (week not in published) for t in labels), labels
    # and the readout, which screen readers and the alt text speak, says so too
    assert ("interpolated between Costa 2012's weeks" in ex.readout_text) == (week not in published)


# -- the anatomy explorer teaches: names on the drawing, a key, a click selects ----------------------

#: a point inside each structure (drawing centimetres), away from every other structure
INSIDE = {
    "vertebral_body": (-1.0, 4.2),
    "spinal_canal": (0.0, 1.0),
    "posterior_arch": (0.0, -2.0),
    "transverse_process": (-2.5, 0.6),
    "ligamentum_flavum": (0.3, -0.2),
    "interspinous_ligament": (0.0, -3.3),
    "psoas": (3.2, 2.9),
    "quadratus_lumborum": (-4.5, 0.1),
    "multifidus": (1.05, -2.15),
    "erector_spinae": (-2.85, -1.85),
    "erector_aponeurosis": (2.3, -3.225),
    "thoracolumbar_fascia": (4.6, -2.7),
}


def _pixel(ex, x, y):
    """Where the drawing point (x, y) lies in the explorer's PNG: pixels from its top-left corner."""
    px, py = ex.live.axes[0].transData.transform((x, y))
    return px, ex.live.canvas.get_width_height()[1] - py


def _click(ex, x, y, scale=1.0):
    """A click as ipyevents reports it on an Image shown ``scale`` times its natural size."""
    px, py = _pixel(ex, x, y)
    width, height = ex.live.canvas.get_width_height()
    return {"event": "click", "type": "click", "relativeX": round(px * scale), "relativeY": round(py * scale),
            "boundingRectWidth": width * scale, "boundingRectHeight": height * scale}


def test_every_structure_is_named_on_the_drawing():
    ex = AnatomyExplorer()
    shown = [" ".join(t.get_text().split()) for t in ex.live.axes[0].texts if t.get_visible()]
    for s in structures():
        assert shown.count(s["label"]["text"]) == 1, (s["id"], shown)
        assert len(s["label"]["text"]) <= 22, "a name on the drawing is short; the readout gives the full one"


def test_a_key_names_every_kind_of_tissue():
    ex = AnatomyExplorer()
    legend = ex.live.axes[0].get_legend()
    assert legend is not None
    labels = [t.get_text().lower() for t in legend.get_texts()]
    for kind in {s["kind"] for s in structures()}:
        assert sum(kind in label for label in labels) == 1, (kind, labels)


def test_the_figure_listens_for_clicks_on_its_picture():
    ex = AnatomyExplorer()
    assert ex.clicks.source is ex.live.image and list(ex.clicks.watched_events) == ["click"]
    assert ex.live.image in ex.widget.children


@pytest.mark.parametrize("sid", sorted(INSIDE))
@pytest.mark.parametrize("scale", [1.0, 0.75])
def test_clicking_a_structure_selects_it_as_the_dropdown_does(sid, scale):
    start = "psoas" if sid != "psoas" else "multifidus"
    ex = AnatomyExplorer(structure=start)
    ex.on_click(_click(ex, *INSIDE[sid], scale=scale))
    assert ex.controls["structure"].value == sid
    by_keyboard = AnatomyExplorer(structure=start)
    by_keyboard.controls["structure"].value = sid
    assert ex.readout_text == by_keyboard.readout_text and ex.live.last_png == by_keyboard.live.last_png


def test_clicking_a_name_selects_its_structure():
    ex = AnatomyExplorer()
    label = next(t for t in ex.live.axes[0].texts if t.get_text() == "Quadratus lumborum")
    x, y = label.get_position()
    ex.on_click(_click(ex, x + 0.3, y))
    assert ex.controls["structure"].value == "quadratus_lumborum"


def test_a_click_outside_every_structure_changes_nothing_and_says_so():
    ex = AnatomyExplorer(structure="multifidus")
    before = ex.live.last_png
    ex.on_click(_click(ex, -5.0, 4.0))
    assert ex.controls["structure"].value == "multifidus"
    assert ex.readout_text.startswith("Multifidus (muscle):")
    assert "not on a structure" in ex.readout_text and ex.live.last_png == before
    ex.on_click(_click(ex, *INSIDE["multifidus"]))  # the same structure again: the note goes
    assert "not on a structure" not in ex.readout_text


def test_every_leader_line_ends_on_its_own_structure():
    ex = AnatomyExplorer()
    for s in structures():
        if "point" in s["label"]:
            assert ex.structure_at(*_pixel(ex, *s["label"]["point"])) == s["id"], s["id"]


@pytest.mark.parametrize("scale", [1.0, 0.8])
@pytest.mark.parametrize("week", [0, 6, 13, 26, 52])
def test_a_click_on_the_natural_history_plot_moves_the_week_there(week, scale):
    ex = NaturalHistoryExplorer(week=20 if week != 20 else 0)
    ax = ex.live.axes[0]
    ex.on_click(_click_at(ex, ax.transData.transform((week + (0.3 if week < 52 else -0.3), 30.0)), scale))
    assert ex.controls["week"].value == week
    by_slider = NaturalHistoryExplorer(week=week)
    assert ex.readout_text == by_slider.readout_text


def test_a_click_beside_the_natural_history_plot_changes_nothing():
    ex = NaturalHistoryExplorer(week=13)
    left, bottom = ex.live.axes[0].bbox.p0
    assert ex.on_click(_click_at(ex, (left - 20, bottom - 20))) is None
    assert ex.controls["week"].value == 13
    assert ex.on_click({"type": "click"}) is None  # no position at all


def _click_at(ex, display, scale=1.0):
    """A click as ipyevents reports it, at a display point (pixels from the bottom left) of the figure."""
    width, height = ex.live.canvas.get_width_height()
    return {"type": "click", "relativeX": display[0] * scale, "relativeY": (height - display[1]) * scale,
            "boundingRectWidth": width * scale, "boundingRectHeight": height * scale}
