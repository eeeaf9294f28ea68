"""How an explorer is laid out on the page, measured in the browser: whether it fits one screen and
whether every control can be seen and used.

:func:`measure` returns, for one explorer (a ``.course-explorer`` box), its height and one record
per control: its kind, its label, and the rectangles of its parts (label, track, value, drop-down
list, options). :func:`breaches` turns a measurement into sentences, one per fault:

- the explorer is taller than :data:`MAX_HEIGHT_PX`;
- a slider's track is narrower than :data:`MIN_TRACK_PX`;
- a label, a slider's value, a radio option, a checkbox label or a button's text is cut off;
- a drop-down list is narrower than its longest option;
- a part of a control overlaps another part (its own or another control's), or sticks out of the
  explorer.

The test of every lesson runs this at the window size learners use (:data:`labdriver.lab.VIEWPORT`,
with JupyterLab's file browser open); a fixture notebook with a badly laid-out explorer checks that
each fault is caught.
"""

from __future__ import annotations

#: An explorer taller than this does not fit the window (950 px, less JupyterLab's menus and tabs):
#: moving a control would change something below the fold.
MAX_HEIGHT_PX = 900
#: The shortest slider track that can be set with the mouse to the value a question asks for.
MIN_TRACK_PX = 250

_MEASURE_JS = """
(root) => {
  const rect = el => { const r = el.getBoundingClientRect();
                       return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                               width: r.width, height: r.height}; };
  const shown = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const cut = el => shown(el) && el.scrollWidth > el.clientWidth + 1;
  const text = el => (el && (el.innerText || el.textContent) || '').replace(/\u00a0/g, ' ').trim();
  const canvas = document.createElement('canvas').getContext('2d');
  const kinds = [['slider', '.widget-slider'], ['dropdown', '.widget-dropdown'], ['radio', '.widget-radio'],
                 ['checkbox', '.widget-checkbox'], ['button', '.widget-button'],
                 ['toggle-buttons', '.widget-toggle-buttons']];
  const controls = [];
  for (const [kind, selector] of kinds) {
    for (const el of root.querySelectorAll(selector)) {
      if (!shown(el) || el.closest('.course-quiz')) continue;
      const label = el.querySelector(':scope > .widget-label');
      const parts = [];
      const faults = [];
      const add = (name, part) => { if (shown(part)) parts.push({name, rect: rect(part)}); };
      if (kind !== 'checkbox' && kind !== 'button' && shown(label) && text(label)) {
        add('label', label);
        if (cut(label)) faults.push(`its label "${text(label)}" is cut off`);
      }
      let track = null;
      if (kind === 'slider') {
        const container = el.querySelector('.slider-container');
        track = container && (container.querySelector('.slider') || container);
        add('track', track);
        const value = el.querySelector('.widget-readout');
        add('value', value);
        if (cut(value)) faults.push(`its value "${text(value)}" is cut off`);
      } else if (kind === 'dropdown') {
        const select = el.querySelector('select');
        add('list', select);
        const style = getComputedStyle(select);
        canvas.font = style.font;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        for (const option of select.options) {
          const width = canvas.measureText(option.text).width;
          if (width > room + 1) faults.push(`its option "${option.text.replace(/\u00a0/g, ' ')}" is cut off (${Math.round(width)} px of text in ${Math.round(room)} px)`);
        }
      } else if (kind === 'radio' || kind === 'toggle-buttons') {
        for (const option of el.querySelectorAll('.widget-radio-box label, .widget-toggle-button')) {
          add('option', option);
          if (cut(option)) faults.push(`its option "${text(option)}" is cut off`);
        }
      } else {
        const words = kind === 'checkbox' ? (el.querySelector('.widget-label-basic') || el) : el;
        add(kind === 'checkbox' ? 'label' : 'button', words);
        if (cut(words) || (kind === 'checkbox' && [...words.querySelectorAll('span')].some(cut)))
          faults.push(`its text "${text(words)}" is cut off`);
      }
      controls.push({kind, label: text(label) || text(el).slice(0, 60), rect: rect(el), parts, faults,
                     track: track && shown(track) ? rect(track).width : null});
    }
  }
  return {height: rect(root).height, width: rect(root).width, box: rect(root), controls};
}
"""


def measure(box) -> dict:
    """The explorer's height and its controls' parts, measured in the page (``box``: a Playwright
    locator of one ``.course-explorer``, scrolled into view so that JupyterLab lays it out)."""
    box.scroll_into_view_if_needed()
    return box.evaluate(_MEASURE_JS)


def _overlap(a: dict, b: dict) -> float:
    """The area two rectangles share, in px² (0 when they only touch)."""
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width * height if width > 1 and height > 1 else 0.0


def breaches(measured: dict, *, max_height: float = MAX_HEIGHT_PX, min_track: float = MIN_TRACK_PX) -> list[str]:
    """Every fault of a measurement (see the module docstring), one sentence each; [] when none."""
    found = []
    if measured["height"] > max_height:
        found.append(f"it is {measured['height']:.0f} px tall, more than {max_height:.0f} px: "
                     "a control moved at the top changes something below the fold")
    parts = []
    for control in measured["controls"]:
        name = f"{control['kind']} '{control['label']}'"
        found += [f"{name}: {fault}" for fault in control["faults"]]
        if control["kind"] == "slider" and control["track"] is not None and control["track"] < min_track:
            found.append(f"{name}: its track is {control['track']:.0f} px wide, less than {min_track:.0f} px")
        for part in control["parts"]:
            if part["rect"]["right"] > measured["box"]["right"] + 1 or part["rect"]["left"] < measured["box"]["left"] - 1:
                found.append(f"{name}: its {part['name']} sticks out of the explorer")
            parts.append((name, part))
    for i, (name_a, a) in enumerate(parts):
        for name_b, b in parts[i + 1:]:
            if _overlap(a["rect"], b["rect"]):
                where = f"{name_a}" if name_a == name_b else f"{name_a} and {name_b}"
                found.append(f"{where}: the {a['name']} and the {b['name']} overlap")
    return found
