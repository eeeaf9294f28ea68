"""Accessibility of what the course shows: alt text, colour, contrast, readouts and legible figures.

- Every image has alt text: markdown images in the lessons, images in the HTML the course shows
  (static figures, the still version of every explorer).
- Colour never carries meaning alone: in every course figure (each explorer as built, each static
  figure), legend entries of different colours also differ in line style, marker, width, hatch or
  fill; the series colours stay apart for the three common kinds of colour blindness.
- Text is readable: text colours reach a WCAG contrast of 4.5:1 on white (3:1 for large text), in
  the figure style, in figure text and in the HTML cards (claims, red flags, quiz feedback).
- Every explorer has a non-empty text readout, at its default setting and after every benchmark
  move.
- Figures are legible at default zoom: at most 900 pixels wide, so that they are not shrunk (a
  notebook's output area measured 868 px in a 1300x950 JupyterLab window with the file browser
  open, 934 px at 1366 pixels), and no text under 9 points.

Explorers and figures are found by discovery, so new lessons are checked without editing this file.
"""

from __future__ import annotations

import html
import importlib
import inspect
import itertools
import pkgutil
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.colors as mcolors
import nbformat
import numpy as np
import pytest
from matplotlib.collections import Collection, PathCollection
from matplotlib.container import Container, ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

import course
import course.explorers
from course.explorers.base import Explorer
from course.plotting import PALETTE, SERIES, STYLE

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

MAX_WIDTH_PX = 900
MIN_FONT_PT = 9.0
MIN_CONTRAST = 4.5        # WCAG 2 AA, normal text
MIN_CONTRAST_LARGE = 3.0  # WCAG 2 AA, text of 18 pt, or 14 pt bold
MIN_CVD_DELTA_E = 15.0    # CIELAB distance between series colours under simulated colour blindness


# -- discovery ----------------------------------------------------------------------------------
def _explorer_modules():
    return [importlib.import_module(f"course.explorers.{m.name}")
            for m in pkgutil.iter_modules(course.explorers.__path__) if m.name != "base"]


def explorer_classes() -> list[type[Explorer]]:
    found = []
    for module in _explorer_modules():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Explorer) and obj is not Explorer and obj.__module__ == module.__name__:
                found.append(obj)
    return sorted(found, key=lambda c: c.name)


def figure_functions() -> list:
    """Functions ``*_figure()`` in course.explorers.* that draw a static course figure."""
    found = []
    for module in _explorer_modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_figure") and fn.__module__ == module.__name__ and not any(
                    p.default is p.empty for p in inspect.signature(fn).parameters.values()):
                found.append(fn)
    return found


def show_functions() -> list:
    """Every public ``show_*`` function that can be called without arguments."""
    names = set(course.__all__)
    for module in _explorer_modules():
        names |= {f"{module.__name__}:{n}" for n, f in inspect.getmembers(module, inspect.isfunction)
                  if n.startswith("show_") and f.__module__ == module.__name__}
    found = []
    for name in sorted(names):
        if ":" in name:
            module, attr = name.split(":")
            fn = getattr(importlib.import_module(module), attr)
        elif name.startswith("show_"):
            fn = getattr(course, name)
        else:
            continue
        if fn in found:
            continue  # the same function under its public name and in its module
        if callable(fn) and not any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                                    for p in inspect.signature(fn).parameters.values()):
            found.append(fn)
    return found


EXPLORERS = explorer_classes()
FIGURES = figure_functions()

#: Known problems in explorers and figures, reported to their authors. Each entry makes the
#: matching test an expected failure; once the problem is fixed the test reports XPASS in the
#: summary and the entry should be removed. Any explorer or figure not listed here must pass.
#: Keys: (test name, explorer or figure name).
KNOWN: dict[tuple[str, str], str] = {
    ("legible", "healing"): "lesson 02: 1 label at 8.5 pt",
    ("legible", "lactate_soreness"): "lesson 02: 6 labels at 8.5 pt",
    ("legible", "recurrence_risk"): "lesson 07: 960 px wide, 2 labels at 8.5 pt",
    ("legible", "exercise_effects_figure"): "lesson 07: 940 px wide, 7 labels at 8.5 pt",
}


def _known(test: str, name: str):
    reason = KNOWN.get((test, name))
    return [pytest.mark.xfail(reason=reason, strict=False)] if reason else []


def _explorer_params(test: str):
    return [pytest.param(cls, id=cls.name, marks=_known(test, cls.name)) for cls in EXPLORERS]


def _figure_params(test: str):
    out = [pytest.param(cls, id=cls.name, marks=_known(test, cls.name)) for cls in EXPLORERS]
    out += [pytest.param(fn, id=fn.__name__, marks=_known(test, fn.__name__)) for fn in FIGURES]
    return out


def _figure_of(item) -> Figure:
    if isinstance(item, type) and issubclass(item, Explorer):
        return item().live.fig
    fig = item()
    fig.canvas.draw()
    return fig


def test_discovery_finds_the_explorers_and_figures():
    assert {"natural_history", "anatomy"} <= {c.name for c in EXPLORERS}
    assert len({c.name for c in EXPLORERS}) == len(EXPLORERS), "two explorers share a name"


# -- colour and contrast helpers ----------------------------------------------------------------
def relative_luminance(colour) -> float:
    rgb = np.array(mcolors.to_rgb(colour))
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(foreground, background="white") -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white).

    >>> round(contrast("#000000"), 1), round(contrast("#777777"), 2)
    (21.0, 4.48)
    """
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity, for linear RGB.
CVD = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _lab(linear_rgb) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(linear_rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_with(colour, kind: str) -> np.ndarray:
    """CIELAB coordinates of ``colour`` as seen with colour blindness ``kind``."""
    rgb = np.array(mcolors.to_rgb(colour))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return _lab(CVD[kind] @ lin)


# -- the palette ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", CVD)
def test_series_colours_stay_apart_with_colour_blindness(kind):
    for a, b in itertools.combinations([s["color"] for s in SERIES], 2):
        distance = float(np.linalg.norm(seen_with(a, kind) - seen_with(b, kind)))
        assert distance >= MIN_CVD_DELTA_E, f"{a} and {b} look alike with {kind} (ΔE {distance:.1f})"


def test_series_styles_differ_by_more_than_colour():
    for a, b in itertools.combinations(SERIES, 2):
        assert a["linestyle"] != b["linestyle"] and a["marker"] != b["marker"], (a, b)


@pytest.mark.parametrize("key", ["text.color", "axes.labelcolor", "xtick.color", "ytick.color"])
def test_figure_style_text_colours_have_enough_contrast(key):
    assert STYLE["figure.facecolor"] == STYLE["axes.facecolor"] == "white"
    assert contrast(STYLE[key]) >= MIN_CONTRAST, f"{key} {STYLE[key]}: {contrast(STYLE[key]):.2f}"


def test_palette_black_and_grey_are_readable_as_text():
    assert contrast(PALETTE["black"]) >= MIN_CONTRAST and contrast(PALETTE["grey"]) >= MIN_CONTRAST


# -- colour alone, in every course figure -------------------------------------------------------
def _handle_style(handle) -> tuple[str | None, tuple]:
    """(colour, everything else a reader can see) of one legend entry."""
    if isinstance(handle, ErrorbarContainer):
        handle = handle.lines[0]
    elif isinstance(handle, Container):
        handle = handle[0]
    if isinstance(handle, Line2D):
        face = handle.get_markerfacecolor()
        hollow = mcolors.same_color(face, "white") or mcolors.to_rgba(face)[3] == 0
        return mcolors.to_hex(handle.get_color()), (
            "line", str(handle.get_linestyle()), str(handle.get_marker()),
            round(handle.get_linewidth() / 0.75), round(handle.get_markersize() / 2), hollow)
    if isinstance(handle, Patch):
        face = handle.get_facecolor()
        hollow = face[3] == 0 or mcolors.same_color(face[:3], "white")
        return mcolors.to_hex(face), ("patch", handle.get_hatch(), hollow)
    if isinstance(handle, Collection):
        faces = handle.get_facecolor()
        colour = mcolors.to_hex(faces[0]) if len(faces) else None
        hollow = not len(faces) or faces[0][3] == 0 or mcolors.same_color(faces[0][:3], "white")
        shape = ()
        if isinstance(handle, PathCollection) and handle.get_paths():
            shape = tuple(np.round(handle.get_paths()[0].vertices, 2).ravel()[:16])
        return colour, ("collection", handle.get_hatch(), hollow, shape)
    return None, (type(handle).__name__,)


def colour_only_pairs(fig: Figure) -> list[str]:
    """Legend entries of one axes that differ in colour and in nothing else."""
    problems = []
    for ax in fig.axes:
        handles, labels = ax.get_legend_handles_labels()
        styles = [(label, *_handle_style(h)) for h, label in zip(handles, labels)]
        for (la, ca, sa), (lb, cb, sb) in itertools.combinations(styles, 2):
            if ca and cb and ca != cb and sa == sb:
                problems.append(f"'{la}' ({ca}) and '{lb}' ({cb}) differ only in colour")
    return problems


@pytest.mark.parametrize("item", _figure_params("colour_alone"))
def test_no_two_series_are_told_apart_by_colour_alone(item):
    problems = colour_only_pairs(_figure_of(item))
    assert not problems, "\n".join(problems)


def test_colour_alone_check_catches_two_lines_that_differ_only_in_colour():
    from course.plotting import new_figure

    fig, (ax,) = new_figure()
    ax.plot([0, 1], [0, 1], color=PALETTE["blue"], label="a")
    ax.plot([0, 1], [1, 0], color=PALETTE["vermillion"], label="b")
    ax.plot([0, 1], [1, 1], color=PALETTE["green"], linestyle="--", label="c")
    ax.fill_between([0, 1], 0, 1, color=PALETTE["blue"], label="d")
    ax.fill_between([0, 1], 0, 1, color=PALETTE["orange"], hatch="//", label="e")
    assert colour_only_pairs(fig) == ["'a' (#0072b2) and 'b' (#d55e00) differ only in colour"]


# -- text contrast and size in figures -----------------------------------------------------------
def _texts(fig: Figure):
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_alpha() != 0:
            yield text


def _is_large(text: Text) -> bool:
    size, bold = text.get_fontsize(), str(text.get_fontweight()) in ("bold", "heavy", "black", "700", "800", "900")
    return size >= 18 or (bold and size >= 14)


@pytest.mark.parametrize("item", _figure_params("figure_text_contrast"))
def test_figure_text_has_enough_contrast(item):
    fig = _figure_of(item)
    low = []
    for text in _texts(fig):
        box = text.get_bbox_patch()
        background = box.get_facecolor() if box is not None and box.get_facecolor()[3] > 0 else fig.get_facecolor()
        need = MIN_CONTRAST_LARGE if _is_large(text) else MIN_CONTRAST
        ratio = contrast(text.get_color(), background[:3] if len(background) == 4 else background)
        if ratio < need:
            low.append(f"'{text.get_text()[:40]}' {mcolors.to_hex(text.get_color())}: {ratio:.2f} (needs {need})")
    assert not low, "\n".join(low)


@pytest.mark.parametrize("item", _figure_params("legible"))
def test_figures_are_legible_at_default_zoom(item):
    fig = _figure_of(item)
    width = fig.canvas.get_width_height()[0]
    small = sorted({f"'{t.get_text()[:40]}' {t.get_fontsize():g} pt" for t in _texts(fig)
                    if t.get_fontsize() < MIN_FONT_PT})
    problems = ([f"{width} px wide (at most {MAX_WIDTH_PX})"] if width > MAX_WIDTH_PX else []) + small
    assert not problems, "\n".join(problems)


# -- readouts -----------------------------------------------------------------------------------
@pytest.mark.parametrize("cls", _explorer_params("readout"))
def test_every_explorer_has_a_readout_at_its_default_and_after_every_move(cls):
    explorer = cls()
    assert explorer.error is None and explorer.readout_text.strip(), f"{cls.name}: empty readout"
    for move in cls.bench_moves or []:
        for key, value in move.items():
            explorer.controls[key].value = value
        assert explorer.readout_text.strip(), f"{cls.name}: empty readout after {move}"
        assert "readout" in explorer.readout.value or explorer.readout.value  # an HTML widget with text


# -- alt text -----------------------------------------------------------------------------------
class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_without_alt(html_text: str) -> list[str]:
    parser = _Images()
    parser.feed(html_text)
    return [img.get("src", "")[:60] for img in parser.images if not (img.get("alt") or "").strip()]


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")


def test_alt_text_checks_catch_missing_alt():
    assert images_without_alt('<img src="a.png"><img src="b.png" alt=" "><img src="c.png" alt="C">') == ["a.png", "b.png"]
    assert [m.group(2) for m in _MD_IMAGE.finditer("![](a.png) ![A figure](b.png)") if not m.group(1).strip()] == ["a.png"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_image_in_a_lesson_has_alt_text(path):
    missing = []
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "markdown":
            continue
        missing += [f"cell {i + 1}: {m.group(2)}" for m in _MD_IMAGE.finditer(cell.source) if not m.group(1).strip()]
        missing += [f"cell {i + 1}: {src}" for src in images_without_alt(cell.source)]
    assert not missing, "images without alt text:\n" + "\n".join(missing)


@pytest.mark.parametrize("cls", _explorer_params("alt_text"))
def test_every_explorer_still_picture_has_alt_text_and_readout(cls):
    explorer = cls()
    page = explorer._repr_mimebundle_()["text/html"]
    assert not images_without_alt(page)
    parser = _Images()
    parser.feed(page)
    (img,) = parser.images
    assert img["alt"].startswith(explorer.title) and explorer.readout_text in html.unescape(page)
    assert int(img["width"]) == explorer.live.canvas.get_width_height()[0]


@pytest.mark.parametrize("fn", show_functions(), ids=lambda f: f.__name__)
def test_every_image_the_course_shows_has_alt_text(fn):
    shown = fn()
    bundle = shown._repr_mimebundle_() if hasattr(shown, "_repr_mimebundle_") else None
    data = (bundle[0] if isinstance(bundle, tuple) else bundle) or {}
    text = data.get("text/html") or (shown._repr_html_() if hasattr(shown, "_repr_html_") else "") or ""
    assert not images_without_alt(text), f"{fn.__name__} shows an image without alt text"
    assert not data.get("image/png") or data.get("text/html"), f"{fn.__name__} shows a bare PNG (no alt text)"


# -- HTML cards ---------------------------------------------------------------------------------
class _Colours(HTMLParser):
    """Text colours set in style attributes, with the background they sit on and whether the
    element is hidden from assistive technology (decorative)."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("#111111", "#ffffff", False)]
        self.found: list[tuple[str, str, bool]] = []

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        colour, background, hidden = self.stack[-1]
        style = attrs.get("style") or ""
        for prop, value in re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", style):
            value = _css_colour(value)
            if value is None:
                continue
            if prop == "color":
                colour = value
                self.found.append((colour, background, hidden or attrs.get("aria-hidden") == "true"))
            elif prop in ("background", "background-color"):
                background = value
        if tag not in self.VOID:
            self.stack.append((colour, background, hidden or attrs.get("aria-hidden") == "true"))

    def handle_endtag(self, tag):
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()


def _css_colour(value: str) -> str | None:
    """A CSS colour value; ``var(--x, #111)`` gives its fallback (what a static page shows)."""
    value = value.strip()
    fallback = re.fullmatch(r"var\(\s*--[\w-]+\s*,\s*(.+)\)", value)
    if fallback:
        value = fallback.group(1).strip()
    try:
        return mcolors.to_hex(value)
    except ValueError:
        return None


def card_html() -> dict[str, str]:
    from course.evidence import claim_card_html, claims, level_badge_html, LEVELS
    from course.quiz import Feedback
    from course.safety import red_flags_html

    cards = {f"claim {c}": claim_card_html(c) for c in claims()}
    cards |= {f"badge {level}": level_badge_html(level) for level in LEVELS}
    cards["red flags"] = red_flags_html()
    cards["feedback correct"] = Feedback(correct=True, message_md="Yes.", attempt=1).html()
    cards["feedback wrong"] = Feedback(correct=False, message_md="No.", attempt=1).html()
    return cards


def test_card_colour_parser_reads_colours_backgrounds_and_decoration():
    parser = _Colours()
    parser.feed('<div style="background:#000;color:var(--x, #fff)"><span aria-hidden="true" '
                'style="color:#E69F00">●</span><br><span style="border:1px solid red;color:#777">x</span></div>')
    assert parser.found == [("#ffffff", "#000000", False), ("#e69f00", "#000000", True), ("#777777", "#000000", False)]


@pytest.mark.parametrize("name", list(card_html()))
def test_card_text_colours_have_enough_contrast(name):
    """Every text colour, the symbols hidden from screen readers included: axe-core counts them."""
    parser = _Colours()
    parser.feed(card_html()[name])
    low = [f"{fg} on {bg}: {contrast(fg, bg):.2f}" for fg, bg, _hidden in parser.found
           if contrast(fg, bg) < MIN_CONTRAST]
    assert not low, f"{name}: text below {MIN_CONTRAST}:1 contrast: {low}"


def test_coloured_symbols_below_text_contrast_are_decoration_next_to_words():
    """Level symbols (●●○) may use the level's colour only because they are hidden from screen
    readers and the level is also written in words in the same badge."""
    from course.evidence import LEVELS, level_badge_html

    for level in LEVELS:
        badge = level_badge_html(level)
        parser = _Colours()
        parser.feed(badge)
        for fg, bg, hidden in parser.found:
            if contrast(fg, bg) < MIN_CONTRAST:
                assert hidden, f"badge {level}: {fg} text is below {MIN_CONTRAST}:1 and not decorative"
        assert f"Evidence: {level}" in badge
