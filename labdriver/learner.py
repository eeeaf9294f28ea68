"""What a learner does with the course's widgets, on any lesson: find each explorer and quiz, move
an explorer's first control with the keyboard, answer one question of any kind, time how long
a keyboard move takes to show a new figure, and drag a control as a thumb does (:func:`drag`).

Built on :mod:`labdriver.lab` (server, pages, Run All, error collection); used by the
every-lesson browser suite and by ``python -m bench browser``.

Controls, in the order an explorer's first control is looked for: a slider (arrow keys), a
drop-down list (arrow keys), radio buttons (arrow keys) and a checkbox (space bar). Question
kinds and their inputs (each kind's ``make_input``, from ``course/inputs.py``): single choice and evidence level as radio
buttons, multiple choice as checkboxes, numeric as a text box, order as one drop-down per place.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from . import lab

#: Selector of each kind of control inside an explorer, in order of preference.
CONTROL_SELECTORS = {
    "slider": ".widget-slider [role=slider]",
    "dropdown": ".widget-dropdown select",
    "radio": ".widget-radio-box input[type=radio]",
    "checkbox": ".widget-checkbox input[type=checkbox]",
}
VERDICTS = ("✔", "✘", "⚠")


@dataclass
class Control:
    """The first keyboard control of an explorer: its kind and the element that takes the keys."""

    kind: str
    handle: object  # a Playwright Locator

    def keys(self) -> tuple[str, str]:
        """The key that moves it forward and the one that moves it back."""
        if self.kind == "checkbox":
            return "Space", "Space"
        if self.kind == "slider":
            return "ArrowRight", "ArrowLeft"
        return "ArrowDown", "ArrowUp"

    def _place(self) -> tuple[int, int]:
        """The index of a drop-down list's or radio buttons' chosen option, and of their last one."""
        if self.kind == "dropdown":
            return tuple(self.handle.evaluate("el => [el.selectedIndex, el.options.length - 1]"))
        return tuple(self.handle.evaluate(
            "el => { const all = [...el.closest('.widget-radio-box').querySelectorAll('input[type=radio]')];"
            " return [all.findIndex(r => r.checked), all.length - 1]; }"))

    def at_end(self) -> bool:
        """True when the forward key would not change the value (last option, slider at maximum)."""
        if self.kind == "slider":
            state = lab.slider_state(self.handle)
            return state["now"] >= state["max"]
        if self.kind in ("dropdown", "radio"):
            chosen, last = self._place()
            return chosen == last
        return False

    def value(self):
        """Where the control stands: a slider's value, the index of the chosen option, or whether
        a checkbox is ticked."""
        if self.kind == "slider":
            return lab.slider_state(self.handle)["now"]
        if self.kind in ("dropdown", "radio"):
            return self._place()[0]
        return self.handle.evaluate("el => el.checked")


def explorer_names(page) -> list[str]:
    """Names of the explorers shown in the page, in order (a name may repeat)."""
    return page.evaluate("""
      () => [...document.querySelectorAll('.course-explorer')].map(el =>
        [...el.classList].find(c => c.startsWith('course-explorer-')).slice('course-explorer-'.length))
    """)


def first_control(box) -> Control:
    """The explorer's first keyboard control (sliders first)."""
    for kind, selector in CONTROL_SELECTORS.items():
        found = box.locator(selector)
        if found.count():
            handle = found.first
            if kind == "radio":  # the checked radio button is the one a Tab reaches
                checked = box.locator(f"{selector}:checked")
                handle = checked.first if checked.count() else handle
            return Control(kind, handle)
    raise AssertionError("the explorer has no slider, drop-down list, radio buttons or checkbox")


def focus(control: Control) -> None:
    control.handle.scroll_into_view_if_needed()
    control.handle.focus()


def move(page, control: Control, backwards: bool = False) -> None:
    """Press the control's key once (the control must have the focus, see :func:`focus`)."""
    forward, back = control.keys()
    page.keyboard.press(back if backwards else forward)


def shown_readout(box, timeout: float = 10) -> str:
    """The explorer's readout once it is laid out (JupyterLab skips off-screen cells, whose text
    then reads as empty): scroll it into view and wait for text."""
    readout = box.locator(".course-readout")

    def laid_out() -> bool:
        # JupyterLab's notebook lays out cells as they come near the view, so the place it scrolled
        # to can move on: scroll again until the text reads
        readout.scroll_into_view_if_needed()
        return bool((lab.readout_text(box) or "").strip())

    if not lab._wait(laid_out, timeout, interval=0.2):
        raise AssertionError(f"the readout stayed empty for {timeout} s")
    return lab.readout_text(box)


def move_and_wait(page, box, control: Control, timeout: float = 20) -> dict:
    """Move the control once with the keyboard; wait until both readout and figure change.

    Returns ``{"readout": (before, after), "src_changed": True, "key": ...}``.
    """
    before_text, before_src = shown_readout(box), lab.image_src(box)
    backwards = control.at_end()
    focus(control)
    move(page, control, backwards)
    after_text = lab.wait_until_changed(lambda: lab.readout_text(box), before_text, timeout=timeout)
    lab.wait_until_changed(lambda: lab.image_src(box), before_src, timeout=timeout)
    forward, back = control.keys()
    return {"readout": (before_text, after_text), "src_changed": True, "key": back if backwards else forward}


# -- quizzes --------------------------------------------------------------------------------------
def question_kind(question) -> str:
    """The input of a question box: 'explorer' (a question about an explorer's state: nothing to
    type), 'radio', 'checkbox', 'text' or 'dropdown'."""
    if question.locator(".course-explorer-question").count():
        return "explorer"
    for kind, selector in (("radio", ".widget-radio-box"), ("checkbox", ".widget-checkbox"),
                           ("text", ".widget-text input"), ("dropdown", ".widget-dropdown select")):
        if question.locator(selector).count():
            return kind
    raise AssertionError("a quiz question without radio buttons, checkboxes, text box or drop-down lists")


def feedback_text(question) -> str:
    return question.locator(".course-feedback").first.inner_text().strip()


def answer_question(page, question, timeout: float = 15) -> str:
    """Give a response to ``question`` (any kind), press Check and return the feedback shown.

    Radio buttons: the first option; checkboxes: the first box; text: a number; order: the
    starting order; a question about an explorer: the explorer as it stands. The feedback starts with ✔ (right), ✘ (not yet) or ⚠ (not checked, with why).
    """
    question.scroll_into_view_if_needed()
    kind = question_kind(question)
    if kind == "radio":
        question.locator(".widget-radio-box label").first.click()
    elif kind == "checkbox":
        question.locator(".widget-checkbox input[type=checkbox]").first.click()
    elif kind == "text":
        box = question.locator(".widget-text input").first
        box.fill("12")
        box.press("Enter")
    old = feedback_text(question)
    question.locator(".course-check").first.click()
    if old.startswith(VERDICTS):
        lab._wait(lambda: feedback_text(question) != old, 3)
    if not lab._wait(lambda: feedback_text(question).startswith(VERDICTS), timeout):
        raise AssertionError(f"no feedback within {timeout} s after Check ({kind} question); "
                             f"it reads {feedback_text(question)!r}")
    return feedback_text(question)


# -- keyboard only ----------------------------------------------------------------------------------
def active_element(page) -> dict:
    """What has the keyboard focus: tag, type, role, and whether it is inside an explorer or quiz."""
    return page.evaluate("""
      () => {
        const el = document.activeElement;
        if (!el) return {};
        return {tag: el.tagName.toLowerCase(), type: el.type || '', role: el.getAttribute('role') || '',
                text: (el.innerText || el.value || '').trim().slice(0, 40),
                explorer: !!el.closest('.course-explorer'), quiz: !!el.closest('.course-quiz'),
                check: !!el.closest('.course-check')};
      }
    """)


def mark_focused(page, container: str) -> str:
    """Mark the ``container`` (a CSS selector) holding the focused element; returns a selector
    for it. Raises if the focus is not inside such a container."""
    token = f"k{time.monotonic_ns()}"
    found = page.evaluate(
        "([sel, token]) => { const el = document.activeElement && document.activeElement.closest(sel);"
        " if (!el) return false; el.dataset.courseMark = token; return true; }", [container, token])
    if not found:
        raise AssertionError(f"the focused element is not inside {container}")
    return f'[data-course-mark="{token}"]'


def tab_until(page, predicate, limit: int = 40) -> dict:
    """Press Tab until the focused element satisfies ``predicate(active_element)``."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = active_element(page)
        seen.append(f"{here.get('tag')}[{here.get('role') or here.get('type')}] {here.get('text', '')!r}")
        if predicate(here):
            return here
    raise AssertionError(f"not reached with {limit} Tab presses; focus went through:\n" + "\n".join(seen))


# -- latency --------------------------------------------------------------------------------------
_LATENCY_SETUP_JS = """
(root) => {
  const img = root.querySelector('img.course-figure');
  const state = {t0: null, samples: []};
  root.__courseLatency = state;
  root.addEventListener('keydown', () => { state.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    if (state.t0 === null) return;
    const t0 = state.t0;
    state.t0 = null;
    const done = () => state.samples.push(performance.now() - t0);
    img.decode().then(done, done);
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  return !!img;
}
"""


def measure_latency(page, box, moves: int = 15, timeout: float = 20) -> list[float]:
    """Milliseconds from a key press on the explorer's first control to its new figure decoded
    in the page, for ``moves`` presses (forward and back in turn, one at a time)."""
    control = first_control(box)
    if not box.evaluate(_LATENCY_SETUP_JS):
        raise AssertionError("the explorer has no figure")
    backwards = control.at_end()
    focus(control)
    for i in range(moves):
        move(page, control, backwards)
        if not lab._wait(lambda: box.evaluate("r => r.__courseLatency.samples.length") > i, timeout, interval=0.02):
            raise AssertionError(f"no new figure within {timeout} s after key press {i + 1}")
        backwards = not backwards
        time.sleep(0.05)  # let the readout and the kernel settle before the next press
    return box.evaluate("r => r.__courseLatency.samples")


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median": statistics.median(ordered), "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "n": len(ordered)}


_DRAG_SETUP_JS = """
([root, slider]) => {
  const img = root.querySelector('img.course-figure');
  const state = {inputs: [], frames: []};
  root.__courseDrag = state;
  const readout = slider ? root.querySelector('.course-controls .widget-readout') : null;
  let shown = readout ? readout.textContent : null;
  const moved = () => {  // a new value shown (the kernel's echo of the same value is not one)
    if (readout.textContent === shown) return;
    shown = readout.textContent;
    state.inputs.push(performance.now());
  };
  if (readout) new MutationObserver(moved).observe(readout, {childList: true, characterData: true, subtree: true});
  // any other control: each change of its value
  root.addEventListener('change', () => { if (!readout) state.inputs.push(performance.now()); }, true);
  new MutationObserver(() => {
    const done = () => state.frames.push(performance.now());
    img.decode().then(done, done);
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  return !!img;
}
"""


def drag(page, box, steps: int = 30, seconds: float = 1.0, quiet: float = 1.5, timeout: float = 20) -> dict:
    """Drag the explorer's first control through ``steps`` positions in ``seconds``, as a learner's
    thumb does: a slider with the mouse, from one end of its track towards the other; any other
    control with ``steps`` key presses, back and forth through its options. Waits until no new
    figure has come for ``quiet`` seconds.

    Returns ``inputs`` (values the control went through, as the page showed them), ``frames``
    (new figures shown), ``dropped`` (inputs without a figure of their own) and ``settle_ms``
    (the last input to the last figure decoded).
    """
    control = first_control(box)
    if not box.evaluate("(root, slider) => (" + _DRAG_SETUP_JS + ")([root, slider])", control.kind == "slider"):
        raise AssertionError("the explorer has no figure")
    focus(control)
    pause = seconds / steps
    if control.kind == "slider":
        track = box.locator(".widget-slider .slider-container").first.bounding_box()
        handle = control.handle.bounding_box()
        x0, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
        forward = x0 < track["x"] + track["width"] / 2
        x1 = track["x"] + (track["width"] - 2 if forward else 2)
        page.mouse.move(x0, y)
        page.mouse.down()
        for i in range(1, steps + 1):
            page.mouse.move(x0 + (x1 - x0) * i / steps, y)
            time.sleep(pause)
        page.mouse.up()
    else:  # back and forth through the options, one key press per step
        backwards = control.at_end()
        for _ in range(steps):
            move(page, control, backwards)
            time.sleep(pause)
            if control.kind in ("dropdown", "radio"):
                chosen, last = control._place()
                backwards = True if chosen == last else False if chosen == 0 else backwards
    state = lambda: box.evaluate("r => ({inputs: r.__courseDrag.inputs.length, frames: r.__courseDrag.frames.length})")
    deadline = time.monotonic() + timeout
    last = state()
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = state()
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            break
    else:
        raise AssertionError(f"the figure kept changing for {timeout} s after the drag")
    result = box.evaluate("r => r.__courseDrag")
    inputs, frames = result["inputs"], result["frames"]
    if not frames:
        raise AssertionError("no new figure after the drag")
    return {"inputs": len(inputs), "frames": len(frames), "dropped": max(0, len(inputs) - len(frames)),
            "settle_ms": frames[-1] - inputs[-1] if inputs else float("nan"), "control": control.kind}
