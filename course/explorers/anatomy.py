"""Anatomy explorer: a schematic axial section through a lumbar vertebra; pick a structure to
highlight it and read its role."""

from __future__ import annotations

from matplotlib.patches import Ellipse, Polygon

from .. import data
from ..plotting import PALETTE
from .base import Explorer
from .declarations import Choice

#: Fill colour and hatch for each kind of tissue: the hatch and the legend text carry the kind too.
KIND_STYLE = {
    "bone": ("#E8E1D0", ""),
    "nerve": ("#F0E442", ".."),
    "ligament": (PALETTE["sky"], ""),
    "muscle": ("#E7A59A", "|||"),
    "tendon": (PALETTE["grey"], ""),
    "fascia": (PALETTE["purple"], ""),
}


def structures() -> list[dict]:
    """The structures of the section, from the ``lumbar_anatomy`` dataset."""
    return data.load("lumbar_anatomy")["structures"]


def _artists(spec: dict, *, highlight: bool) -> list:
    """Matplotlib artists for one structure (both sides when mirrored)."""
    fill, hatch = KIND_STYLE[spec["kind"]]
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
                                       solid_capstyle="round",
                                       path_effects=None)))
        else:
            raise ValueError(f"structure '{spec['id']}': unknown shape '{shape}'")
    return out


class AnatomyExplorer(Explorer):
    """Pick a structure in the dropdown (keyboard: Tab to it, then arrow keys)."""

    name = "anatomy"
    title = "Inside the lower back: a section through a lumbar vertebra"
    model_kind = "conceptual"
    model_note = "A schematic drawing, viewed from above (front at the top); shapes are simplified."
    figsize = (7.0, 5.0)
    bench_moves = [{"structure": s} for s in ("psoas", "multifidus", "thoracolumbar_fascia", "vertebral_body")]

    @classmethod
    def declared_controls(cls):
        """One option for each structure of the dataset."""
        return (Choice("structure", "Structure", "erector_spinae",
                       tuple((s["id"], f"{s['name']} ({s['kind']})") for s in structures()),
                       widget="dropdown", width="460px"),)

    def build(self, live):
        ax = live.axes[0]
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_xlim(-6.2, 6.2)
        ax.set_ylim(-4.4, 5.4)
        self._specs = {s["id"]: s for s in structures()}
        # Draw order: bone and nerves last so they sit on top of the muscles around them.
        order = {"fascia": 0, "muscle": 1, "tendon": 2, "ligament": 4, "bone": 3, "nerve": 5}
        self._highlights = {}
        for spec in sorted(self._specs.values(), key=lambda s: order[s["kind"]]):
            for art in _artists(spec, highlight=False):
                if isinstance(art, tuple):
                    ax.plot(*art[0], **art[1])
                else:
                    ax.add_patch(art)
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
        ax.text(0, 5.2, "FRONT (belly side)", ha="center", fontsize=9, color="#333333")
        ax.text(0, -4.35, "BACK (skin side)", ha="center", fontsize=9, color="#333333")
        # Seen from above with the front at the top, the person's left is on the viewer's left.
        ax.text(-6.1, 5.2, "Person's left", fontsize=9, color="#333333")
        ax.text(6.1, 5.2, "Person's right", ha="right", fontsize=9, color="#333333")
        self._label = live.animated(ax.text(0, 4.7, "", ha="center", va="bottom", fontsize=11, fontweight="bold",
                                            bbox=dict(boxstyle="round", fc="white", ec="black")))

    def compute(self, structure):
        if structure not in self._specs:
            raise ValueError(f"unknown structure '{structure}'; choose one of {', '.join(self._specs)}")
        return self._specs[structure]

    def draw(self, spec):
        for sid, arts in self._highlights.items():
            for a in arts:
                a.set_visible(sid == spec["id"])
        self._label.set_text(f"{spec['name']} ({spec['kind']})")

    def describe(self, spec):
        return f"{spec['name']} ({spec['kind']}): {spec['role']}"


def explore_anatomy(structure: str = "erector_spinae") -> AnatomyExplorer:
    """Show the lumbar cross-section; ``structure`` is the id highlighted first."""
    return AnatomyExplorer(structure=structure)
