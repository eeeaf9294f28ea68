"""Anatomy explorer: a schematic axial section through a lumbar vertebra, every structure named on
the drawing, with a key to the kinds of tissue. Click a structure (or its name) or pick it in the
dropdown to highlight it and read its role; both ways set the same control.

A click reaches Python through an ``ipyevents.Event`` on the figure's image. Its position is
given in the picture's own pixels (``dataX``, ``dataY``, which ipyevents computes for an Image
from its shown size), or else relative to the picture as shown (``relativeX``, ``relativeY``
with ``boundingRectWidth``, ``boundingRectHeight``); either is turned into the figure's display
coordinates and tested against the drawn shapes, the lines (within a few pixels) and the names.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, Patch, Polygon

from .. import data
from ..plotting import PALETTE
from .base import Explorer
from .declarations import Choice

#: Fill colour, hatch and, for tissues drawn as lines, line style of each kind of tissue: the key
#: names each kind, and hatch or line style tell the kinds apart without colour.
KIND_STYLE = {
    "bone": ("#E8E1D0", "", "-"),
    "nerve": ("#F0E442", "..", "-"),
    "ligament": (PALETTE["sky"], "", "-"),
    "muscle": ("#E7A59A", "|||", "-"),
    "tendon": (PALETTE["grey"], "", "--"),
    "fascia": (PALETTE["purple"], "", ":"),
}
#: the key's words for each kind, in the order the key lists them
KIND_WORDS = {"bone": "bone", "nerve": "nerve roots (nerve)", "muscle": "muscle", "ligament": "ligament",
              "tendon": "tendon", "fascia": "fascia"}
#: how far from a structure drawn as a line a click still selects it, in pixels of the picture
LINE_TOLERANCE_PX = 7.0
MISSED = ("That click was not on a structure, so nothing changed: click a shape or its name, "
          "or choose one in the list.")


def structures() -> list[dict]:
    """The structures of the section, from the ``lumbar_anatomy`` dataset."""
    return data.load("lumbar_anatomy")["structures"]


def _artists(spec: dict, *, highlight: bool) -> list:
    """Matplotlib artists for one structure (both sides when mirrored)."""
    fill, hatch, linestyle = KIND_STYLE[spec["kind"]]
    (shape, params), = spec["shape"].items()
    signs = (1, -1) if spec.get("mirror") else (1,)
    out = []
    for s in signs:
        edge = dict(edgecolor="black", linewidth=3.0 if highlight else 0.8)
        face = dict(facecolor=PALETTE["orange"] if highlight else fill,
                    hatch="xx" if highlight else hatch, alpha=0.95)
        if shape == "ellipse":
            x, y, w, h, angle = params
            out.append(Ellipse((s * x, y), w, h, angle=s * angle, **edge, **face))
        elif shape == "polygon":
            out.append(Polygon([(s * x, y) for x, y in params], closed=True, **edge, **face))
        elif shape == "line":
            xs, ys = zip(*[(s * x, y) for x, y in params])
            colour = PALETTE["orange"] if highlight else fill
            out.append(((xs, ys), dict(color=colour, linewidth=6 if highlight else 3,
                                       linestyle="-" if highlight else linestyle,
                                       solid_capstyle="round", dash_capstyle="round")))
        else:
            raise ValueError(f"structure '{spec['id']}': unknown shape '{shape}'")
    return out


def _near_line(line: Line2D, point: np.ndarray, tolerance: float) -> bool:
    """Whether ``point`` (display pixels) lies within ``tolerance`` pixels of the drawn line."""
    xy = line.get_transform().transform(line.get_xydata())
    a, b = xy[:-1], xy[1:]
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", point - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12), 0, 1)
    return bool(np.min(np.hypot(*(a + t[:, None] * ab - point).T)) <= tolerance)


def _key(ax) -> None:
    """The key to the kinds of tissue, under the drawing."""
    handles = []
    for kind, words in KIND_WORDS.items():
        fill, hatch, linestyle = KIND_STYLE[kind]
        if kind in ("bone", "nerve", "muscle"):
            handles.append(Patch(facecolor=fill, hatch=hatch, edgecolor="black", linewidth=0.8, label=words))
        else:
            handles.append(Line2D([], [], color=fill, linewidth=3, linestyle=linestyle, label=words))
    handles.append(Patch(facecolor=PALETTE["orange"], hatch="xx", edgecolor="black", linewidth=2,
                         label="chosen structure"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=7, fontsize=9,
              frameon=False, handlelength=1.8, columnspacing=1.0, title="Key to the tissues", title_fontsize=9)


class AnatomyExplorer(Explorer):
    """Click a structure or its name on the drawing, or pick it in the dropdown (keyboard: Tab to
    it, then the arrow keys); the readout gives its role."""

    name = "anatomy"
    title = "Inside the lower back: a section through a lumbar vertebra"
    model_kind = "conceptual"
    model_note = ("A schematic drawing, viewed from above (front at the top); shapes are simplified. "
                  "Click a structure or its name, or choose it in the list.")
    figsize = (8.8, 5.0)
    bench_moves = [{"structure": s} for s in ("psoas", "multifidus", "thoracolumbar_fascia", "vertebral_body")]

    @classmethod
    def declared_controls(cls):
        """One option for each structure of the dataset."""
        return (Choice("structure", "Structure", "erector_spinae",
                       tuple((s["id"], f"{s['name']} ({s['kind']})") for s in structures()),
                       widget="dropdown", width="460px"),)

    def __init__(self, **initial):
        self._note = ""
        super().__init__(**initial)
        self.listen_for_clicks(self.on_click)

    def build(self, live):
        ax = live.axes[0]
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_xlim(-9.6, 9.6)
        ax.set_ylim(-4.4, 5.5)
        self._specs = {s["id"]: s for s in structures()}
        # Draw order: bone and nerves last so they sit on top of the muscles around them.
        order = {"fascia": 0, "muscle": 1, "tendon": 2, "ligament": 4, "bone": 3, "nerve": 5}
        self._highlights = {}
        #: what a click can hit, topmost first: (structure id, artist)
        self._targets: list[tuple[str, object]] = []
        lines, patches = [], []
        for spec in sorted(self._specs.values(), key=lambda s: order[s["kind"]]):
            for art in _artists(spec, highlight=False):
                if isinstance(art, tuple):
                    lines.append((spec["id"], ax.plot(*art[0], **art[1])[0]))
                else:
                    patches.append((spec["id"], ax.add_patch(art)))
        for spec in self._specs.values():
            arts = []
            for art in _artists(spec, highlight=True):
                if isinstance(art, tuple):
                    arts.append(live.animated(ax.plot(*art[0], **art[1])[0]))
                else:
                    arts.append(live.animated(ax.add_patch(art)))
            for a in arts:
                a.set_visible(False)
            self._highlights[spec["id"]] = arts
        self._names = {}
        for spec in self._specs.values():
            label = spec["label"]
            x, y = label["at"]
            if "point" in label:
                px, py = label["point"]
                ax.plot([x - 0.1 if x > 0 else x + 0.1, px], [y, py], color="#222222", linewidth=0.8, zorder=6)
                ax.plot([px], [py], marker="o", markersize=3, color="#222222", zorder=6)
                ha = "left" if x > 0 else "right"
                box = None
            else:
                ha, box = "center", dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9)
            self._names[spec["id"]] = ax.text(x, y, label["text"], ha=ha, va="center", fontsize=9.5,
                                              color="#111111", zorder=7, bbox=box)
        # lines lie above the shapes; among shapes the last drawn is on top
        self._targets = [*reversed(lines), *reversed(patches)]
        ax.text(0, 5.2, "FRONT (belly side)", ha="center", fontsize=9, color="#333333")
        ax.text(0, -4.35, "BACK (skin side)", ha="center", fontsize=9, color="#333333")
        # Seen from above with the front at the top, the person's left is on the viewer's left.
        ax.text(-9.5, 5.2, "Person's left", fontsize=9, color="#333333")
        ax.text(9.5, 5.2, "Person's right", ha="right", fontsize=9, color="#333333")
        _key(ax)
        self._label = live.animated(ax.text(0, 4.55, "", ha="center", va="bottom", fontsize=11, fontweight="bold",
                                            zorder=8, bbox=dict(boxstyle="round", fc="white", ec="black")))

    def compute(self, structure):
        if structure not in self._specs:
            raise ValueError(f"unknown structure '{structure}'; choose one of {', '.join(self._specs)}")
        return self._specs[structure]

    def draw(self, spec):
        for sid, arts in self._highlights.items():
            for a in arts:
                a.set_visible(sid == spec["id"])
        self._label.set_text(f"{spec['name']} ({spec['kind']})")

    def figure_text(self, spec) -> str:
        """What the figure shows, in words (the state description's first part)."""
        line = "line" in spec["shape"]  # a band of tissue is drawn as a line, an area as a shape
        marked = "drawn as a thick solid orange line" if line else "cross-hatched in orange with a thick outline"
        return ("A schematic section through a lumbar vertebra seen from above, the front (belly side) at the top "
                "and the person's left on the viewer's left, every structure named on it; a key tells bone, nerve "
                "roots, muscle, ligament, tendon and fascia apart by hatching and line style, and the chosen "
                f"structure, {spec['name']}, is {marked}.")

    def describe(self, spec):
        text = f"{spec['name']} ({spec['kind']}): {spec['role']}"
        return f"{text} {self._note}" if self._note else text

    # -- clicks -----------------------------------------------------------------------------------
    def structure_at(self, x: float, y: float) -> str | None:
        """The structure drawn at pixel (``x``, ``y``) of the picture (from its top-left corner), or
        at the name written there; None where there is none."""
        renderer = self.live.canvas.get_renderer()
        point = np.array([x, self.live.canvas.get_width_height()[1] - y], dtype=float)
        for sid, artist in self._targets:
            if isinstance(artist, Line2D):
                if _near_line(artist, point, LINE_TOLERANCE_PX):
                    return sid
            elif artist.contains_point(point):
                return sid
        for sid, text in self._names.items():
            if text.get_window_extent(renderer).padded(3).contains(*point):
                return sid
        return None

    def on_click(self, event: dict) -> str | None:
        """Select the structure under a click (an ipyevents event); return its id, or None (and say
        in the readout that nothing changed) when the click hit no structure."""
        point = self.picture_point(event)
        sid = self.structure_at(*point) if point is not None else None
        if sid is None:
            self._note = MISSED
        control = self.controls["structure"]
        try:
            if sid is not None and control.value != sid:
                control.value = sid  # the same path as the dropdown: its observer redraws
            else:
                self.refresh()
        finally:
            self._note = ""
        return sid


def explore_anatomy(structure: str = "erector_spinae") -> AnatomyExplorer:
    """Show the lumbar cross-section; ``structure`` is the id highlighted first."""
    return AnatomyExplorer(structure=structure)
