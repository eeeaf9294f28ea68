"""One figure style for the course, and a fast live figure for the explorers.

The style is applied explicitly (``with course_style(): ...``); importing the package changes no
matplotlib settings. Colours come from the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness; every series also differs by line style or marker, so colour never
carries meaning alone.

``LiveFigure`` renders a matplotlib figure into an ``ipywidgets.Image`` with blitting: the static
parts (axes, grid, published data) are drawn once and cached; a slider move puts the cached
background back only where something changed, redraws the artists there, and encodes the pixels
with a fast lossless PNG writer. On this course's reference machine that is several times faster
than building a new figure for every move (``make bench`` prints both figures, and the figure of
the previous way: every animated artist redrawn, Pillow's PNG).

>>> live = LiveFigure(figsize=(3, 2))
>>> ax = live.axes[0]
>>> line = live.animated(ax.plot([0, 1], [0, 1])[0])
>>> live.freeze()
>>> png = live.render()
>>> png[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import base64
import contextlib
import io
from collections.abc import Iterator, Sequence

import fpng
import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image as PILImage

#: Okabe-Ito colours, by role.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#6E6E6E",
}

#: Series styles: colour *and* line style *and* marker differ, so no series relies on colour alone.
SERIES: list[dict] = [
    {"color": PALETTE["blue"], "linestyle": "-", "marker": "o"},
    {"color": PALETTE["vermillion"], "linestyle": "--", "marker": "s"},
    {"color": PALETTE["green"], "linestyle": "-.", "marker": "^"},
    {"color": PALETTE["orange"], "linestyle": ":", "marker": "D"},
    {"color": PALETTE["purple"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
]

#: Style for every course figure. An opaque white background keeps figures legible in both
#: JupyterLab's light and dark themes.
STYLE: dict = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9.5,
    "legend.framealpha": 0.9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#D9D9D9",
    "grid.linewidth": 0.7,
    "lines.linewidth": 2.2,
    "lines.markersize": 6,
    "axes.prop_cycle": mpl.cycler(color=[s["color"] for s in SERIES]),
    "text.color": "#111111",
    "axes.labelcolor": "#111111",
    "xtick.color": "#222222",
    "ytick.color": "#222222",
}


@contextlib.contextmanager
def course_style() -> Iterator[None]:
    """Apply the course style inside a ``with`` block only."""
    with mpl.rc_context(STYLE):
        yield


def new_figure(figsize: tuple[float, float] = (8.0, 3.6), dpi: int = 100,
               nrows: int = 1, ncols: int = 1, **subplot_kw) -> tuple[Figure, np.ndarray]:
    """A figure drawn with the Agg canvas (no pyplot, so nothing is displayed twice).

    Returns the figure and a flat array of its axes.
    """
    with course_style():
        fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, subplot_kw=subplot_kw or None)
    return fig, axes.ravel()


def png_bytes(fig: Figure, *, tight: bool = False) -> bytes:
    """Render a whole figure to PNG (the slow path, used for static figures and the benchmark)."""
    buf = io.BytesIO()
    with course_style():
        fig.savefig(buf, format="png", bbox_inches="tight" if tight else None)
    return buf.getvalue()


def encode_rgba(rgba: np.ndarray, encoder: str = "fpng") -> bytes:
    """Encode an RGBA pixel array as PNG bytes, losslessly.

    ``"fpng"`` (the default) is the fpng library's fast PNG writer: on this course's reference machine
    it encodes an explorer's figure 6 to 15 times faster than Pillow, for files about twice as large
    (``make bench`` prints both). ``"pil"`` is Pillow at low compression: smaller files, for pages
    that are saved rather than sent frame by frame.
    """
    _check_encoder(encoder)
    if encoder == "fpng":
        return fpng.from_ndarray(np.ascontiguousarray(rgba))
    buf = io.BytesIO()
    PILImage.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
    return buf.getvalue()


#: The PNG encoders :func:`encode_rgba` knows.
ENCODERS = ("fpng", "pil")


def _check_encoder(encoder: str) -> None:
    if encoder not in ENCODERS:
        raise ValueError(f"encoder must be one of {', '.join(ENCODERS)}, got {encoder!r}")

#: Extra pixels around an artist's extent when deciding what a redraw touches: antialiasing, line
#: widths and the text box's edge reach a little beyond the extent matplotlib reports.
_EXTENT_PAD = 2.0

#: A rectangle on the canvas: (x0, y0, x1, y1) in display pixels, y upwards.
Box = tuple[float, float, float, float]


class LiveFigure:
    """A figure with fixed axes that redraws only its changing artists.

    Build the figure inside ``course_style()`` (the constructor does), register every artist that
    changes with :meth:`animated`, call :meth:`freeze` once the static parts are drawn, then call
    :meth:`render` after each change. ``image`` is an ``ipywidgets.Image`` showing the result; it is
    created on first access so that the class also works without a front end.

    A render redraws only what changed (``incremental``, the default): the animated artists that
    matplotlib marks stale since the last render, and any other animated artist whose pixels touch
    theirs. Each touched rectangle gets its background back and its artists redrawn in order, so the
    picture is the same, pixel for pixel, as a full redraw (the tests check this for every explorer).
    When nothing changed, the last PNG stands and nothing is encoded or sent.

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.
    dpi : int
        Pixels per inch on the page (100 keeps PNGs small and legible at default zoom).
    nrows, ncols : int
        Grid of axes.
    pixel_ratio : int
        Picture pixels per page pixel: 2 draws at twice the dpi and shows the picture at the same
        size, sharp on a high-density screen, for four times the pixels to draw and encode.
    encoder : str
        One of :data:`ENCODERS`.
    incremental : bool
        Redraw only what changed (True) or every animated artist on every render (False).
    """

    def __init__(self, figsize: tuple[float, float] = (8.0, 3.6), dpi: int = 100,
                 nrows: int = 1, ncols: int = 1, *, pixel_ratio: int = 1, encoder: str = "fpng",
                 incremental: bool = True, **subplot_kw):
        _check_encoder(encoder)
        if pixel_ratio not in (1, 2, 3):
            raise ValueError(f"pixel_ratio must be 1, 2 or 3, got {pixel_ratio!r}")
        self.pixel_ratio = pixel_ratio
        self.fig, self.axes = new_figure(figsize, dpi * pixel_ratio, nrows, ncols, **subplot_kw)
        self.canvas: FigureCanvasAgg = self.fig.canvas
        self.encoder = encoder
        self.incremental = incremental
        self._animated: list[Artist] = []
        self._background = None
        #: where each animated artist was drawn last, None where it was not
        self._drawn: dict[int, Box | None] = {}
        #: what each animated artist looked like when drawn last (see :func:`_look`)
        self._looks: dict[int, tuple | None] = {}
        self._image = None
        self.last_png: bytes = b""

    def animated(self, artist: Artist) -> Artist:
        """Mark an artist as changing: it is left out of the cached background."""
        artist.set_animated(True)
        self._animated.append(artist)
        return artist

    def freeze(self) -> None:
        """Draw the static parts once and cache them as the background; the next render redraws
        every animated artist.

        The layout is computed here and then fixed, so that later redraws cannot move the axes.
        """
        with course_style():
            self.canvas.draw()
        self.fig.set_layout_engine("none")
        # whole pixels: the figure's own box can fall a hair short of the canvas and leave a row out
        self._background = self.canvas.copy_from_bbox(Bbox.from_bounds(0, 0, *self.canvas.get_width_height()))
        self._drawn, self._looks = {}, {}

    def render(self) -> bytes:
        """Redraw what changed over the cached background; return (and show) the PNG."""
        if self._background is None:
            self.freeze()
        with course_style():
            if not self._drawn or not self.incremental:
                changed = self._redraw_all()
            else:
                changed = self._redraw_changed()
        if changed or not self.last_png:
            self.last_png = encode_rgba(np.asarray(self.canvas.buffer_rgba()), self.encoder)
            if self._image is not None:
                self._image.value = self.last_png
        return self.last_png

    # -- what a render touches ------------------------------------------------------------------
    def _extent(self, artist: Artist, renderer) -> Box | None:
        """Where the artist would draw now, as (x0, y0, x1, y1) in display pixels with a margin;
        None if it draws nothing; the whole canvas if matplotlib cannot say."""
        if not artist.get_visible():
            return None
        whole = (0.0, 0.0, *map(float, self.canvas.get_width_height()))
        try:
            if isinstance(artist, Text):
                if not artist.get_text() and not isinstance(artist, Annotation):
                    return None
                box = tuple(artist.get_window_extent(renderer).extents)
                patch = artist.get_bbox_patch()
                if patch is not None:
                    artist.update_bbox_position_size(renderer)
                    box = _union(box, _corners(patch.get_transform().transform(patch.get_path().vertices)))
            elif isinstance(artist, Line2D):
                # matplotlib pads by half the marker size; a diamond's corners reach further
                box = _pad(artist.get_window_extent(renderer).extents, self._marker_reach(artist))
            elif isinstance(artist, Patch):
                # the path's vertices, control points included, enclose its curves
                box = _corners(artist.get_transform().transform(artist.get_path().vertices))
            elif isinstance(artist, Collection):
                box = artist.get_window_extent(renderer).extents
                sizes = artist.get_sizes() if hasattr(artist, "get_sizes") else ()
                if len(sizes):  # markers drawn at the offsets: their size in points squared
                    box = _pad(box, float(np.sqrt(np.max(sizes))) * self.fig.dpi / 72.0)
            else:
                return whole
        except Exception:  # an artist matplotlib cannot measure: redraw everything, to be safe
            return whole
        if not all(np.isfinite(box)):
            return whole
        widths = [np.max(np.atleast_1d(artist.get_linewidth()), initial=0.0) if hasattr(artist, "get_linewidth") else 0.0,
                  artist.get_markeredgewidth() if isinstance(artist, Line2D) else 0.0]
        # a full line width: a mitred corner reaches past half of it; glyphs can overhang their box
        box = _pad(box, _EXTENT_PAD * (2 if isinstance(artist, Text) else 1) + float(max(widths)) * self.fig.dpi / 72.0)
        clip = artist.get_clip_box() if artist.get_clip_on() else None
        if clip is not None:  # drawing stops at the clip box (to the pixel)
            box = _intersect(box, _pad(clip.extents, 2.0))
        return None if box is None else _intersect(box, whole)

    def _marker_reach(self, line: Line2D) -> float:
        """How far, in pixels, a line's marker reaches beyond half its size."""
        marker = MarkerStyle(line.get_marker())
        vertices = marker.get_path().vertices
        if not len(vertices):
            return 0.0
        size = line.get_markersize() * self.fig.dpi / 72.0
        reach = float(np.abs(marker.get_transform().transform(vertices)).max()) * size
        return max(0.0, reach - size / 2)

    def _draw(self, artists: list[Artist], extents: dict[int, Box | None],
              looks: dict[int, tuple | None] | None = None) -> None:
        """Draw ``artists`` in order and remember where each was drawn and how it looked (its look
        from ``looks`` when the render has worked it out already)."""
        looks = looks or {}
        for artist in artists:
            key = id(artist)
            if artist.get_visible():
                self.fig.draw_artist(artist)
            self._drawn[key] = extents[key]
            self._looks[key] = looks[key] if key in looks else _look(artist, extents[key])
            artist.stale = False

    def _redraw_all(self) -> bool:
        renderer = self.canvas.get_renderer()
        self.canvas.restore_region(self._background)
        self._draw(self._animated, {id(a): self._extent(a, renderer) for a in self._animated})
        return True

    def _redraw_changed(self) -> bool:
        renderer = self.canvas.get_renderer()
        # stale artists, and every text, line and patch, whose look tells (an annotation's arrow can
        # move without a stale mark)
        now = {id(a): self._extent(a, renderer) for a in self._animated if a.stale or isinstance(a, (Text, Line2D, Patch))}
        looks = {id(a): _look(a, now[id(a)]) for a in self._animated if id(a) in now}
        chosen = {key for key, look in looks.items() if _changed(self._looks.get(key), look)}
        for artist in self._animated:  # unchanged, or set again as they were: nothing to redraw
            if id(artist) in now and id(artist) not in chosen:
                artist.stale = False
                del now[id(artist)]
        if not chosen:
            return False
        boxes = [box for key in chosen for box in (self._drawn.get(key), now[key]) if box is not None]
        while True:  # take in every artist that touches a box, and merge the boxes that overlap
            grown = False
            for artist in self._animated:
                drawn = self._drawn.get(id(artist))
                if id(artist) not in chosen and drawn is not None and any(_overlap(drawn, b) for b in boxes):
                    chosen.add(id(artist))
                    now[id(artist)] = drawn
                    boxes.append(drawn)
                    grown = True
            merged = _merge(boxes)
            if not grown and len(merged) == len(boxes):
                break
            boxes = merged
        for box in boxes:
            self._restore(box)
        self._draw([a for a in self._animated if id(a) in chosen], now, looks)
        return True

    def _restore(self, box: Box) -> None:
        """Put the background back inside one box (display pixels, whole pixels outward)."""
        height = self.canvas.get_width_height()[1]
        x0, x1 = int(np.floor(box[0])), int(np.ceil(box[2]))
        top, bottom = height - int(np.ceil(box[3])), height - int(np.floor(box[1]))
        if x1 <= x0 or bottom <= top:
            return
        # The box is in the canvas's rows (from the top) and its far edges are inclusive; xy puts
        # the saved region's own corner back where it was copied from.
        corner = self._background.get_extents()[:2]
        self.canvas.restore_region(self._background, bbox=(x0, top, x1 - 1, bottom - 1), xy=corner)

    @property
    def image(self):
        """The ``ipywidgets.Image`` showing the latest render."""
        if self._image is None:
            import ipywidgets as widgets

            width = self.canvas.get_width_height()[0] // self.pixel_ratio
            self._image = widgets.Image(value=self.last_png or self.render(), format="png",
                                        # no side margin: at max_width 100% a margin would stick out
                                        layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                              height="auto", margin="2px 0"))
            self._image.add_class("course-figure")
        return self._image


def _look(artist: Artist, extent: Box | None) -> tuple | None:
    """What decides a text's, a patch's or a line's pixels, to tell a real change from the same
    value set again (matplotlib marks an artist stale on every set). None for other artists: any
    set of theirs counts as a change."""
    if isinstance(artist, Text):
        patch = artist.get_bbox_patch()
        arrow = (tuple(artist.xy), tuple(artist.xyann)) if isinstance(artist, Annotation) else None
        return (extent, arrow, artist.get_visible(), artist.get_text(), str(artist.get_color()), artist.get_alpha(),
                hash(artist.get_fontproperties()), artist.get_rotation(), artist.get_horizontalalignment(),
                artist.get_verticalalignment(), artist.get_zorder(),
                None if patch is None else (str(patch.get_facecolor()), str(patch.get_edgecolor()),
                                            patch.get_linewidth(), str(patch.get_boxstyle())))
    if isinstance(artist, Patch):
        return (extent, artist.get_visible(), artist.get_transform().transform(artist.get_path().vertices).tobytes(),
                str(artist.get_facecolor()), str(artist.get_edgecolor()), artist.get_linewidth(),
                str(artist.get_linestyle()), artist.get_hatch(), artist.get_alpha(), artist.get_zorder(),
                artist.get_fill())
    if isinstance(artist, Line2D):
        return (extent, artist.get_visible(), np.asarray(artist.get_xydata()).tobytes(), str(artist.get_color()),
                artist.get_alpha(), artist.get_linewidth(), str(artist.get_linestyle()), str(artist.get_marker()),
                artist.get_markersize(), str(artist.get_markerfacecolor()), str(artist.get_markeredgecolor()),
                artist.get_markeredgewidth(), artist.get_fillstyle(), artist.get_drawstyle(), artist.get_zorder())
    return None


def _changed(before: tuple | None, now: tuple | None) -> bool:
    return before is None or now is None or before != now


def _corners(points: np.ndarray) -> Box:
    finite = points[np.isfinite(points).all(axis=1)]
    if not len(finite):
        return (np.nan,) * 4
    return (*map(float, finite.min(axis=0)), *map(float, finite.max(axis=0)))


def _pad(box: Box, pad: float) -> Box:
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def _intersect(a: Box, b: Box) -> Box | None:
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _merge(boxes: list[Box]) -> list[Box]:
    """The boxes with every overlapping pair replaced by the box around both, until none overlap."""
    merged: list[Box] = []
    for box in boxes:
        while True:
            hit = next((i for i, other in enumerate(merged) if _overlap(box, other)), None)
            if hit is None:
                break
            box = _union(box, merged.pop(hit))
        merged.append(box)
    return merged


def band(ax, x: Sequence[float], lower: Sequence[float], upper: Sequence[float], color: str,
         label: str | None = None, hatch: str | None = None):
    """A shaded confidence band with a hatch option, so overlapping bands differ by more than colour."""
    return ax.fill_between(x, lower, upper, color=color, alpha=0.18, linewidth=0, label=label,
                           hatch=hatch)


def png_data_uri(fig) -> str:
    """A figure as a ``data:image/png;base64,...`` address, for self-contained HTML."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig)).decode("ascii")
