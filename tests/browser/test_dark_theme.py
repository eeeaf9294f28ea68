"""The course in JupyterLab's dark theme: quiz feedback, claim cards and explorers stay legible.

Lesson 03 runs in the light theme, a quiz answer is checked, and the text contrast of the
feedback, a claim card and an explorer's readout is measured from the computed colours (text
against the background actually behind it, WCAG 2 contrast ratio, at least 4.5). The theme is then
switched to JupyterLab Dark through JupyterLab's own command, and the same is measured again; the
figures must keep their opaque white background. Screenshots of the feedback and of the explorer
in the dark theme are written to test-artifacts/browser/. The theme is switched back at the end,
since the test server's settings are shared by the tests that follow.
"""

from __future__ import annotations

from labdriver import lab
from labdriver.lab import REPO

LESSON_03 = REPO / "notebooks" / "03_ischemia.ipynb"
SHOTS = REPO / "test-artifacts" / "browser"
MIN_CONTRAST = 4.5

# Contrast of every element that holds text directly, against the colour really behind it: the
# first opaque background among its ancestors, with any translucent ones composited over it.
_CONTRAST_JS = """
(root) => {
  const parse = s => {
    const m = s.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = rgb => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return out;
  };
  const results = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own || el.closest('[aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const bg = behind(el);
    const fg = parse(style.color);
    const text = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const a = lum(text), b = lum(bg);
    results.push({text: own.slice(0, 50), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
                  fg: text.map(Math.round), bg: bg.map(Math.round)});
  }
  return results;
}
"""

# The figure's own pixels: a corner of the PNG, read through a canvas.
_CORNER_JS = """
async (img) => {
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return [...ctx.getImageData(2, 2, 1, 1).data];
}
"""


def _set_theme(page, name: str, light: bool) -> None:
    page.evaluate("async (name) => { await window.jupyterapp.commands.execute('apputils:change-theme', {theme: name}); }",
                  name)
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{str(light).lower()}'", timeout=30_000)
    page.wait_for_timeout(500)  # the theme's stylesheet has been swapped; let it apply


def _worst(page, locator) -> dict:
    locator.scroll_into_view_if_needed()
    results = locator.evaluate(_CONTRAST_JS)
    assert results, "no text found to measure"
    return min(results, key=lambda r: r["ratio"])


def _check_legible(page, where: str) -> dict:
    parts = {
        "quiz feedback": page.locator(".course-quiz .course-feedback-body").first,
        "claim card": page.locator(".course-claim-card").first,
        "explorer header and readout": lab.explorer(page, "perfusion", 0),
    }
    found = {}
    for name, locator in parts.items():
        worst = _worst(page, locator)
        found[name] = worst
        assert worst["ratio"] >= MIN_CONTRAST, (
            f"{where}: {name} text {worst['text']!r} has contrast {worst['ratio']:.2f} "
            f"(colour {worst['fg']} on {worst['bg']}); at least {MIN_CONTRAST} is needed")
    return found


def test_feedback_cards_and_explorers_are_legible_in_the_dark_theme(page):
    lab.open_notebook(page, LESSON_03)
    result = lab.run_all(page)
    assert result["executed"] == result["cells"], result
    assert lab.answer_first_quiz_question(page, "lactic acid").startswith("✘ Not yet")
    light = _check_legible(page, "light theme")

    try:
        _set_theme(page, "JupyterLab Dark", light=False)
        body = page.evaluate("() => getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor")
        dark = _check_legible(page, "dark theme")
        # The same text now sits on a dark background: the theme really changed under it.
        assert sum(dark["quiz feedback"]["bg"]) < 150 < sum(light["quiz feedback"]["bg"]), (body, dark, light)

        box = lab.explorer(page, "perfusion", 0)
        corner = box.locator("img.course-figure").evaluate(_CORNER_JS)
        assert corner[3] == 255 and min(corner[:3]) >= 245, f"the figure's background must stay opaque white, got {corner}"

        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".course-quiz .course-question").first.screenshot(path=str(SHOTS / "dark_theme_quiz_feedback.png"))
        box.screenshot(path=str(SHOTS / "dark_theme_explorer.png"))
        assert (SHOTS / "dark_theme_quiz_feedback.png").stat().st_size > 1000
        errors = lab.cell_errors(page)
        assert not errors, "\n\n".join(errors)
    finally:
        _set_theme(page, "JupyterLab Light", light=True)
