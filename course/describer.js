// The front end of course.describer.Describer: what a screen reader needs from a figure and its
// controls, which ipywidgets does not give.
//
// The describer sits inside a box marked `course-described` (an explorer, a chart of the record)
// and, within that box only:
// - sets the figure's alt text (`img.course-figure`) from the `alt` trait;
// - names each control (the widget of class `course-control-KEY`) from `names` (key -> the label
//   and its unit) and adds the unit to a slider's spoken value (`aria-valuetext`) from `units`;
// - shows the state description (`description`) under a "Describe the figure" disclosure;
// - announces `announcement` in a polite live region, at most once every `announce_ms`: while a
//   slider is dragged the first change is spoken at once and then only the latest, when the
//   interval has passed, so that a screen reader is never queued a backlog.

function box(el) {
  return el.closest(".course-described");
}

function controlTargets(control) {
  // the element a screen reader focuses: the slider handle, the select, the text field
  return control.querySelectorAll('[role="slider"], select, input:not([type="radio"]):not([type="checkbox"]), textarea');
}

function nameControls(root, names, units, unitsOne) {
  for (const [key, name] of Object.entries(names)) {
    const control = root.querySelector(`.course-control-${key}`);
    if (!control) continue;
    const group = control.querySelector(".widget-radio-box");  // radio buttons: one named group
    if (group) {
      if (group.getAttribute("role") !== "radiogroup") group.setAttribute("role", "radiogroup");
      if (group.getAttribute("aria-label") !== name) group.setAttribute("aria-label", name);
    }
    for (const target of controlTargets(control)) {
      if (target.getAttribute("aria-label") !== name) target.setAttribute("aria-label", name);
      if (target.getAttribute("role") === "slider") {
        // the value as the slider shows it beside the track (formatted, or the option's words: the
        // handle's own aria-valuetext of a selection slider is the option's index), with the unit
        const readout = control.querySelector(".widget-readout");
        const shown = (readout ? readout.textContent : target.getAttribute("aria-valuenow") ?? "").trim();
        const spoken = `${shown}${(shown === "1" ? unitsOne[key] : units[key]) ?? ""}`;
        if (shown && target.getAttribute("aria-valuetext") !== spoken) target.setAttribute("aria-valuetext", spoken);
      }
    }
  }
}

function render({ model, el }) {
  el.classList.add("course-describer");
  const details = document.createElement("details");
  details.className = "course-state-description";
  const summary = document.createElement("summary");
  summary.textContent = "Describe the figure";
  const text = document.createElement("p");
  details.append(summary, text);
  const region = document.createElement("div");
  region.className = "course-announcer";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  // seen by screen readers only: the readout above already shows the numbers
  region.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;" +
    "clip:rect(0 0 0 0);white-space:nowrap;border:0";
  el.append(details, region);

  const showDescription = () => {
    const value = model.get("description");
    text.textContent = value;
    details.hidden = !value;
  };

  let root = null;
  let observer = null;
  const apply = () => {
    if (!root && !(model.get("seek_box") && attach())) return;
    const alt = model.get("alt");
    for (const img of root.querySelectorAll("img.course-figure")) {
      if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
    }
    nameControls(root, model.get("names"), model.get("units"), model.get("units_one"));
  };
  const attach = () => {
    const found = box(el);
    if (!found) return false;
    root = found;
    apply();
    // the controls and the picture may render after the describer, and a slider rewrites its
    // spoken value on every move: apply again whenever they change
    observer = new MutationObserver(apply);
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true,
                             attributeFilter: ["aria-valuetext", "src"] });
    return true;
  };
  // the describer is put into its box after it renders: look for the box until it is there (10 s)
  let tries = 0;
  const waitForBox = () => { if (!attach() && tries++ < 200) setTimeout(waitForBox, 50); };
  if (model.get("seek_box")) waitForBox();

  let last = 0;
  let timer = null;
  let held = 0;  // changes that came while the last announcement was too recent
  const announce = () => {
    timer = null;
    last = Date.now();
    // one change: what it did; several (a slider dragged): where they led, without the size of
    // the last step, which would not be the size of them all
    region.textContent = held > 1 && model.get("summary") ? model.get("summary") : model.get("announcement");
    held = 0;
  };
  const onAnnouncement = () => {
    if (!model.get("announcement")) return;
    held += 1;
    if (timer !== null) return;  // the pending one reads the latest
    const wait = last + model.get("announce_ms") - Date.now();
    if (wait <= 0) announce();
    else timer = setTimeout(announce, wait);
  };

  showDescription();
  model.on("change:description", showDescription);
  model.on("change:alt", apply);
  model.on("change:names", apply);
  model.on("change:announcement", onAnnouncement);
  return () => {
    if (observer) observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}

export default { render };
