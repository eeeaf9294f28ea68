"""One figure style for the course, and a fast live figure for the explorers.

The style is applied explicitly (``with course_style(): ...``); importing the package changes no
matplotlib settings. Colours come from the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness; every series also differs by line style or marker, so colour never
carries meaning alone.

``LiveFigure`` renders a matplotlib figure into an ``ipywidgets.Image`` with blitting: the static
parts (axes, grid, published data) are drawn once and cached; a slider move restores the cached
background, redraws only the artists that change, and encodes the pixels as a PNG at low
compression. On this course's reference machine that is several times faster than building a new
figure for every move (``make bench`` prints both figures).

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

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
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


def encode_rgba(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """Encode an RGBA pixel array as PNG bytes quickly (low compression)."""
    buf = io.BytesIO()
    PILImage.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


class LiveFigure:
    """A figure with fixed axes that redraws only its changing artists.

    Build the figure inside ``course_style()`` (the constructor does), register every artist that
    changes with :meth:`animated`, call :meth:`freeze` once the static parts are drawn, then call
    :meth:`render` after each change. ``image`` is an ``ipywidgets.Image`` showing the result; it is
    created on first access so that the class also works without a front end.

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.
    dpi : int
        Pixels per inch (100 keeps PNGs small and legible at default zoom).
    nrows, ncols : int
        Grid of axes.
    """

    def __init__(self, figsize: tuple[float, float] = (8.0, 3.6), dpi: int = 100,
                 nrows: int = 1, ncols: int = 1, **subplot_kw):
        self.fig, self.axes = new_figure(figsize, dpi, nrows, ncols, **subplot_kw)
        self.canvas: FigureCanvasAgg = self.fig.canvas
        self._animated: list[Artist] = []
        self._background = None
        self._image = None
        self.last_png: bytes = b""

    def animated(self, artist: Artist) -> Artist:
        """Mark an artist as changing: it is left out of the cached background."""
        artist.set_animated(True)
        self._animated.append(artist)
        return artist

    def freeze(self) -> None:
        """Draw the static parts once and cache them as the background.

        The layout is computed here and then fixed, so that later redraws cannot move the axes.
        """
        with course_style():
            self.canvas.draw()
        self.fig.set_layout_engine("none")
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)

    def render(self) -> bytes:
        """Redraw the animated artists over the cached background; return (and show) the PNG."""
        if self._background is None:
            self.freeze()
        self.canvas.restore_region(self._background)
        with course_style():
            for artist in self._animated:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
        rgba = np.asarray(self.canvas.buffer_rgba())
        self.last_png = encode_rgba(rgba)
        if self._image is not None:
            self._image.value = self.last_png
        return self.last_png

    @property
    def image(self):
        """The ``ipywidgets.Image`` showing the latest render."""
        if self._image is None:
            import ipywidgets as widgets

            width, height = self.canvas.get_width_height()
            self._image = widgets.Image(value=self.last_png or self.render(), format="png",
                                        layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                              height="auto"))
            self._image.add_class("course-figure")
        return self._image


def band(ax, x: Sequence[float], lower: Sequence[float], upper: Sequence[float], color: str,
         label: str | None = None, hatch: str | None = None):
    """A shaded confidence band with a hatch option, so overlapping bands differ by more than colour."""
    return ax.fill_between(x, lower, upper, color=color, alpha=0.18, linewidth=0, label=label,
                           hatch=hatch)


def png_data_uri(fig) -> str:
    """A figure as a ``data:image/png;base64,...`` address, for self-contained HTML."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig)).decode("ascii")
