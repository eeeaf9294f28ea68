"""Tissue temperature under an ice pack or a heat wrap: a one-dimensional Pennes bioheat model.

Kind of model: **physics with literature parameters**. Heat flows through three flat layers, skin,
subcutaneous fat and muscle, from the surface (depth 0) downwards:

    rho c dT/dt = d/dx (k dT/dx) + f w rho_b c_b (T_a - T) + f q

T : tissue temperature (C) at depth x (m) and time t (s)
k : thermal conductivity (W/m/K); rho : density (kg/m3); c : heat capacity (J/kg/K)
w : blood perfusion (volume of blood per volume of tissue per second, 1/s)
f : perfusion factor, the share of resting blood flow (1 = resting; cold narrows vessels); the
    metabolic heat is scaled by the same factor, so that deep tissue stays at its resting temperature
rho_b, c_b : density and heat capacity of blood; T_a : arterial blood temperature (C)
q : metabolic heat (W/m3)

Boundaries: at the surface, heat passes to the pack, the wrap or room air with a contact
conductance h (W/m2/K): -k dT/dx = h (T_env - T). At the muscle depth the tissue is held at body-core
temperature. The starting profile is the steady state with bare skin in room air. Tissue
properties come from ``data/datasets/tissue_thermal_properties.csv``, the other settings (several
of them assumptions, labelled so) from ``data/datasets/bioheat_settings.yml``.

Numerical scheme: finite volumes on a uniform grid (conductances between cells are harmonic
means, so layer boundaries are exact), then the linear system ``C dT/dt = -K T + b`` is solved
exactly in time through the eigen-decomposition of the symmetric tridiagonal matrix
``C^-1/2 K C^-1/2`` (``scipy.linalg.eigh_tridiagonal``). All its eigenvalues are positive, so the
solution is stable for every setting and every time step; only the grid spacing limits accuracy.

>>> r = simulate(fat_mm=5, duration_min=20, modality="ice")
>>> round(r.change_c, 1)
-7.8
>>> round(minutes_to_cool(simulate(fat_mm=5, duration_min=60)), 1)
17.7
>>> fat_from_skinfold(15)
5.5
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import eigh_tridiagonal, solve_banded

from .. import data
from ._checks import number

PROPERTIES = "tissue_thermal_properties"
SETTINGS = "bioheat_settings"
MODALITIES = ("ice", "heat")
FAT_MAX_MM = 60.0
DURATION_MIN, DURATION_MAX = 1.0, 120.0
AFTER_MAX_MIN = 120.0
#: Depth below the fat at which Otte 2002 and Myrer 2001 measured (cm), and the course's probe.
PROBE_CM = 1.0
#: Grid spacings the model accepts (mm).
GRID_MIN_MM, GRID_MAX_MM = 0.05, 2.0
#: Skin thicknesses :func:`fat_from_skinfold` accepts (mm).
SKIN_MAX_MM = 10.0


@dataclass(frozen=True)
class Tissue:
    """Thermal properties of one tissue (SI units)."""

    name: str
    k: float          #: thermal conductivity, W/m/K
    rho: float        #: density, kg/m3
    c: float          #: heat capacity, J/kg/K
    perfusion: float  #: resting blood perfusion, 1/s (volume of blood per volume of tissue)
    q: float          #: metabolic heat, W/m3


@lru_cache(maxsize=None)
def tissues() -> dict[str, Tissue]:
    """Skin, fat and muscle from the data file, converted to SI units.

    Perfusion is tabulated in mL of blood per minute per kg of tissue and heat generation in W per
    kg; both are converted to per-volume values with the tissue's density.
    """
    t = data.load(PROPERTIES)
    out = {}
    for i, name in enumerate(t["tissue"]):
        if name == "blood":
            continue
        rho = float(t["density_kg_per_m3"][i])
        out[name] = Tissue(
            name=name, k=float(t["thermal_conductivity_w_per_m_k"][i]), rho=rho,
            c=float(t["heat_capacity_j_per_kg_k"][i]),
            perfusion=float(t["perfusion_ml_per_min_per_kg"][i]) * 1e-6 / 60.0 * rho,
            q=float(t["heat_generation_w_per_kg"][i]) * rho)
    return out


@lru_cache(maxsize=None)
def blood_heat_capacity() -> float:
    """Volumetric heat capacity of blood, rho_b * c_b (J/m3/K)."""
    t = data.load(PROPERTIES)
    i = list(t["tissue"]).index("blood")
    return float(t["density_kg_per_m3"][i] * t["heat_capacity_j_per_kg_k"][i])


@lru_cache(maxsize=None)
def settings() -> dict:
    """The model's settings (``data/datasets/bioheat_settings.yml``)."""
    return data.load(SETTINGS)


def fat_from_skinfold(skinfold_mm: float, skin_mm: float | None = None) -> float:
    """Fat thickness (mm) under one layer of skin, from a caliper skinfold (mm).

    A skinfold pinches a double layer of skin and fat, so one layer of fat is half the fold less
    the skin. Caliper compression is ignored.

    Parameters
    ----------
    skinfold_mm : float
        Skinfold thickness in mm (0 to 120).
    skin_mm : float, optional
        Skin thickness in mm; default from the settings (2 mm).
    """
    if not np.isfinite(skinfold_mm) or not 0 <= skinfold_mm <= 120:
        raise ValueError(f"skinfold must be between 0 and 120 mm, got {skinfold_mm:g}")
    skin = settings()["skin_thickness_mm"]["value"] if skin_mm is None else skin_mm
    skin = number("skin thickness", "skin_mm", skin, "mm", 0.0, SKIN_MAX_MM)
    return max(skinfold_mm / 2.0 - skin, 0.0)


# ------------------------------------------------------------------------------------------------
# The slab and its exact time integration
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Slab:
    """Layers from the surface down, as ``((tissue name, thickness in mm), ...)``, on a grid."""

    layers: tuple[tuple[str, float], ...]
    dx_mm: float = 0.5

    def cells(self) -> list[str]:
        out: list[str] = []
        for name, thickness in self.layers:
            n = round(thickness / self.dx_mm)
            if abs(n * self.dx_mm - thickness) > 1e-9:
                raise ValueError(f"{name} thickness must be a multiple of {self.dx_mm:g} mm, got {thickness:g}")
            out += [name] * n
        return out

    @property
    def centres_mm(self) -> np.ndarray:
        """Depth of each cell centre below the surface (mm)."""
        return (np.arange(len(self.cells())) + 0.5) * self.dx_mm


@dataclass(frozen=True)
class _Modes:
    lam: np.ndarray      # eigenvalues (1/s)
    vecs: np.ndarray     # eigenvectors of the scaled matrix (columns)
    scale: np.ndarray    # C^-1/2
    steady: np.ndarray   # steady-state temperatures (C)


@lru_cache(maxsize=64)
def _modes(slab: Slab, env_c: float, h: float, perfusion_factor: float, arterial_c: float,
           deep_c: float, props_key: tuple | None = None) -> _Modes:
    props = dict(props_key) if props_key is not None else tissues()
    names = slab.cells()
    dx = slab.dx_mm / 1000.0
    k = np.array([props[n].k for n in names])
    heat_cap = np.array([props[n].rho * props[n].c for n in names]) * dx          # J/m2/K per cell
    perf = np.array([props[n].perfusion for n in names]) * perfusion_factor * blood_heat_capacity() * dx
    # Metabolic heat is scaled with blood flow: at rest the two are matched, and a cut in flow
    # alone would make deep, uncooled tissue warm up, which is not what cold does.
    q = np.array([props[n].q for n in names]) * perfusion_factor * dx
    g = 1.0 / (dx / (2 * k[:-1]) + dx / (2 * k[1:]))                               # W/m2/K between cells
    g_top = 1.0 / (1.0 / h + dx / (2 * k[0]))
    g_deep = 2 * k[-1] / dx
    diag = perf.copy()
    diag[:-1] += g
    diag[1:] += g
    diag[0] += g_top
    diag[-1] += g_deep
    rhs = perf * arterial_c + q
    rhs[0] += g_top * env_c
    rhs[-1] += g_deep * deep_c
    banded = np.zeros((3, len(names)))
    banded[0, 1:] = -g
    banded[1] = diag
    banded[2, :-1] = -g
    steady = solve_banded((1, 1), banded, rhs)
    scale = 1.0 / np.sqrt(heat_cap)
    lam, vecs = eigh_tridiagonal(diag * scale * scale, -g * scale[:-1] * scale[1:])
    return _Modes(lam, vecs, scale, steady)


def _check_boundary(h: float, perfusion_factor: float) -> None:
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"contact conductance h must be a positive number of W/m2/K, got {h}")
    if not np.isfinite(perfusion_factor) or not 0 <= perfusion_factor <= 10:
        raise ValueError(f"perfusion factor must be between 0 and 10 (1 = resting blood flow), got {perfusion_factor}")


def steady_profile(slab: Slab, env_c: float, h: float, *, perfusion_factor: float = 1.0,
                   arterial_c: float = 37.0, deep_c: float = 37.0,
                   tissue_props: dict[str, Tissue] | None = None) -> np.ndarray:
    """Steady-state temperatures (C) at the cell centres, for surroundings at ``env_c`` (C).

    Parameters
    ----------
    slab : Slab
        Layers and grid.
    env_c : float
        Temperature of what touches the skin (C).
    h : float
        Contact conductance between skin and surroundings (W/m2/K).
    perfusion_factor : float
        Share of resting blood flow (1 = resting).
    arterial_c, deep_c : float
        Arterial blood temperature and the temperature held at the deepest boundary (C).
    tissue_props : dict, optional
        Tissue properties by name; default from the data file.
    """
    _check_boundary(h, perfusion_factor)
    key = tuple(sorted(tissue_props.items())) if tissue_props is not None else None
    return _modes(slab, float(env_c), float(h), float(perfusion_factor), float(arterial_c), float(deep_c), key).steady.copy()


def evolve(slab: Slab, initial: np.ndarray, env_c: float, h: float, times_s, *,
           perfusion_factor: float = 1.0, arterial_c: float = 37.0, deep_c: float = 37.0,
           weights: np.ndarray | None = None, tissue_props: dict[str, Tissue] | None = None) -> np.ndarray:
    """Temperatures (C) at the given times (s) after the surroundings change to ``env_c``.

    Exact in time: ``T(t) = T_ss + C^-1/2 V exp(-L t) V' C^1/2 (T0 - T_ss)``.

    Parameters
    ----------
    slab : Slab
        Layers and grid.
    initial : array
        Temperatures (C) at the cell centres at time 0.
    env_c : float
        Temperature of the surroundings from time 0 on (C).
    h : float
        Contact conductance (W/m2/K).
    times_s : array
        Times (s, at least 0).
    perfusion_factor, arterial_c, deep_c, tissue_props
        As in :func:`steady_profile`.
    weights : array, optional
        If given (one weight per cell), return ``T @ weights`` for each time instead of whole
        profiles: the cheap way to follow one depth.

    Returns
    -------
    array
        Shape (len(times), cells), or (len(times),) with ``weights``.
    """
    _check_boundary(h, perfusion_factor)
    t = np.atleast_1d(np.asarray(times_s, dtype=float))
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("times must be zero or positive numbers of seconds")
    key = tuple(sorted(tissue_props.items())) if tissue_props is not None else None
    m = _modes(slab, float(env_c), float(h), float(perfusion_factor), float(arterial_c), float(deep_c), key)
    coeff = m.vecs.T @ ((np.asarray(initial, dtype=float) - m.steady) / m.scale)
    decay = np.exp(-np.outer(t, m.lam)) * coeff
    if weights is None:
        return m.steady[None, :] + (decay @ m.vecs.T) * m.scale[None, :]
    w = np.asarray(weights, dtype=float)
    return float(m.steady @ w) + decay @ (m.vecs.T @ (m.scale * w))


def probe_weights(slab: Slab, depth_mm: float) -> np.ndarray:
    """Weights that interpolate cell temperatures linearly to one depth (mm below the surface)."""
    x = slab.centres_mm
    if not x[0] <= depth_mm <= x[-1]:
        raise ValueError(f"depth must be between {x[0]:g} and {x[-1]:g} mm, got {depth_mm:g}")
    w = np.zeros(len(x))
    j = min(int(np.searchsorted(x, depth_mm, side="right")) - 1, len(x) - 2)
    frac = (depth_mm - x[j]) / (x[j + 1] - x[j])
    w[j], w[j + 1] = 1 - frac, frac
    return w


# ------------------------------------------------------------------------------------------------
# The lesson's scenario: a pack or wrap on skin over fat over muscle
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BioheatResult:
    """What one application does to the tissue.

    Times are minutes from the moment the pack or wrap goes on; it comes off at
    ``duration_min`` and the skin is then bare in room air until ``times_min[-1]``.
    """

    modality: str
    fat_mm: float
    duration_min: float
    perfusion_factor: float
    probe_depth_mm: float          #: depth of the probe below the surface (1 cm below the fat)
    times_min: np.ndarray
    probe_c: np.ndarray            #: temperature at the probe over time (C)
    depth_mm: np.ndarray           #: cell centres (mm)
    start_profile_c: np.ndarray    #: temperatures before application (C)
    end_profile_c: np.ndarray      #: temperatures when the pack or wrap comes off (C)
    layer_edges_mm: tuple[float, float]  #: bottom of the skin, bottom of the fat (mm)

    @property
    def start_c(self) -> float:
        """Probe temperature before application (C)."""
        return float(self.probe_c[0])

    @property
    def end_c(self) -> float:
        """Probe temperature when the pack or wrap comes off (C)."""
        return float(np.interp(self.duration_min, self.times_min, self.probe_c))

    @property
    def change_c(self) -> float:
        """Change of the probe temperature during the application (C; negative = cooler)."""
        return self.end_c - self.start_c

    @property
    def surface_end_c(self) -> float:
        """Temperature of the shallowest cell when the pack or wrap comes off (C)."""
        return float(self.end_profile_c[0])


def _check_scenario(fat_mm, duration_min, modality, after_min) -> None:
    if modality not in MODALITIES:
        raise ValueError(f"modality must be one of {', '.join(MODALITIES)}, got {modality!r}")
    if not np.isfinite(fat_mm) or not 0 <= fat_mm <= FAT_MAX_MM:
        raise ValueError(f"fat thickness must be between 0 and {FAT_MAX_MM:g} mm, got {fat_mm:g}")
    if not np.isfinite(duration_min) or not DURATION_MIN <= duration_min <= DURATION_MAX:
        raise ValueError(f"duration must be between {DURATION_MIN:g} and {DURATION_MAX:g} min, got {duration_min:g}")
    if not np.isfinite(after_min) or not 0 <= after_min <= AFTER_MAX_MIN:
        raise ValueError(f"time after removal must be between 0 and {AFTER_MAX_MIN:g} min, got {after_min:g}")


def scenario_slab(fat_mm: float, grid_mm: float | None = None) -> Slab:
    """Skin, ``fat_mm`` of fat (rounded to the grid) and muscle, as in the settings.

    ``fat_mm``: 0 to 60 mm; ``grid_mm``: grid spacing, 0.05 to 2 mm (default from the settings).
    """
    s = settings()
    fat_mm = number("fat thickness", "fat_mm", fat_mm, "mm", 0.0, FAT_MAX_MM)
    dx = s["grid_mm"]["value"] if grid_mm is None else grid_mm
    dx = number("grid spacing", "grid_mm", dx, "mm", GRID_MIN_MM, GRID_MAX_MM)
    fat = round(fat_mm / dx) * dx
    layers = [("skin", s["skin_thickness_mm"]["value"])]
    if fat > 0:
        layers.append(("fat", fat))
    layers.append(("muscle", s["muscle_depth_mm"]["value"]))
    return Slab(tuple(layers), dx)


def simulate(fat_mm: float, duration_min: float, modality: str = "ice", *, after_min: float = 30.0,
             probe_cm: float = PROBE_CM, perfusion_factor: float | None = None,
             step_min: float = 0.5, grid_mm: float | None = None) -> BioheatResult:
    """Apply an ice pack or a heat wrap for ``duration_min`` over ``fat_mm`` of fat.

    Parameters
    ----------
    fat_mm : float
        Subcutaneous fat under one layer of skin (mm, 0 to 60).
    duration_min : float
        How long the pack or wrap stays on (min, 1 to 120).
    modality : {"ice", "heat"}
        Crushed-ice pack at 0 C or heat wrap at 40 C (settings in the data file).
    after_min : float
        Minutes followed after removal, with bare skin in room air (0 to 120).
    probe_cm : float
        Depth of the followed point below the fat (cm); 1 cm as in Otte 2002 and Myrer 2001.
    perfusion_factor : float, optional
        Share of resting blood flow during the application; default from the settings (0.1 under
        ice, 1 under heat). After removal the same factor is kept, since cold-narrowed vessels
        stay narrow for a while (Khoshnevis 2015).
    step_min : float
        Spacing of the reported times (min). Accuracy does not depend on it.
    grid_mm : float, optional
        Grid spacing (mm); default from the settings (0.5 mm). Skin and muscle depth must be
        multiples of it.

    Returns
    -------
    BioheatResult
    """
    _check_scenario(fat_mm, duration_min, modality, after_min)
    s = settings()
    mode = s["ice_pack" if modality == "ice" else "heat_wrap"]
    factor = mode["perfusion_factor"] if perfusion_factor is None else perfusion_factor
    room, ta = s["room"], s["arterial_temperature_c"]["value"]
    if grid_mm is not None and not (np.isfinite(grid_mm) and 0.05 <= grid_mm <= 2):
        raise ValueError(f"grid spacing must be between 0.05 and 2 mm, got {grid_mm}")
    if not np.isfinite(step_min) or step_min <= 0:
        raise ValueError(f"time step must be a positive number of minutes, got {step_min}")
    slab = scenario_slab(fat_mm, grid_mm)
    skin = s["skin_thickness_mm"]["value"]
    fat = slab.layers[1][1] if len(slab.layers) == 3 else 0.0
    probe = skin + fat + 10.0 * probe_cm
    w = probe_weights(slab, probe)
    common = dict(arterial_c=ta, deep_c=ta)
    start = steady_profile(slab, room["temperature_c"], room["h_w_per_m2_k"], **common)
    t_on = np.append(np.arange(0.0, duration_min, step_min), duration_min)
    on = evolve(slab, start, mode["temperature_c"], mode["h_w_per_m2_k"], t_on * 60.0,
                perfusion_factor=factor, weights=w, **common)
    end = evolve(slab, start, mode["temperature_c"], mode["h_w_per_m2_k"], [duration_min * 60.0],
                 perfusion_factor=factor, **common)[0]
    times, probe_c = t_on, on
    if after_min > 0:
        t_off = np.append(np.arange(step_min, after_min, step_min), after_min)
        off = evolve(slab, end, room["temperature_c"], room["h_w_per_m2_k"], t_off * 60.0,
                     perfusion_factor=factor, weights=w, **common)
        times, probe_c = np.append(t_on, duration_min + t_off), np.append(on, off)
    return BioheatResult(modality=modality, fat_mm=fat, duration_min=float(duration_min),
                         perfusion_factor=float(factor), probe_depth_mm=probe, times_min=times,
                         probe_c=probe_c, depth_mm=slab.centres_mm, start_profile_c=start,
                         end_profile_c=end, layer_edges_mm=(skin, skin + fat))


def minutes_to_cool(result: BioheatResult, by_c: float = 7.0) -> float:
    """Minutes until the probe is ``by_c`` (C) below its start, while the pack is on; NaN if never.

    Linear interpolation between reported times.
    """
    on = result.times_min <= result.duration_min + 1e-9
    drop = result.start_c - result.probe_c[on]
    hit = np.nonzero(drop >= by_c)[0]
    if not len(hit):
        return float("nan")
    i = hit[0]
    if i == 0:
        return 0.0
    t = result.times_min[on]
    return float(np.interp(by_c, [drop[i - 1], drop[i]], [t[i - 1], t[i]]))


def change_after(result: BioheatResult, minutes_after: float) -> float:
    """Probe temperature ``minutes_after`` removal minus at removal (C; negative = still cooling)."""
    t = result.duration_min + minutes_after
    if minutes_after < 0 or t > result.times_min[-1] + 1e-9:
        raise ValueError(f"minutes after removal must be between 0 and {result.times_min[-1] - result.duration_min:g}, got {minutes_after:g}")
    return float(np.interp(t, result.times_min, result.probe_c)) - result.end_c


# ------------------------------------------------------------------------------------------------
# Published points
# ------------------------------------------------------------------------------------------------
def otte_bands() -> list[dict]:
    """Otte 2002: minutes to cool the muscle 1 cm below the fat by 7 C, per skinfold band.

    Each band also gives ``fat_low_mm``/``fat_high_mm`` and ``fat_mid_mm``: the fat under one layer
    of skin, from :func:`fat_from_skinfold`.
    """
    t = data.load("otte2002_cooling_time")
    out = []
    for i in range(len(t["skinfold_low_mm"])):
        lo, hi = float(t["skinfold_low_mm"][i]), float(t["skinfold_high_mm"][i])
        out.append({"skinfold_low_mm": lo, "skinfold_high_mm": hi,
                    "fat_low_mm": fat_from_skinfold(lo), "fat_high_mm": fat_from_skinfold(hi),
                    "fat_mid_mm": fat_from_skinfold((lo + hi) / 2),
                    "minutes": float(t["minutes_to_cool_7c"][i]), "sd": float(t["sd_minutes"][i]),
                    "suggested_min": float(t["suggested_duration_min"][i])})
    return out


def myrer_groups() -> list[dict]:
    """Myrer 2001: cooling after a 20-min ice pack at 1 and 3 cm below the fat, per skinfold group.

    The open top group (20 mm or more) is given a representative skinfold of 24 mm for the fat
    mid-point; the others use the middle of their range.
    """
    t = data.load("myrer2001_ice_pack")
    out = []
    for i, name in enumerate(t["group"]):
        lo, hi = float(t["skinfold_low_mm"][i]), float(t["skinfold_high_mm"][i])
        mid = (lo + hi) / 2 if np.isfinite(hi) else lo + 4.0
        out.append({"group": name, "skinfold_low_mm": lo, "skinfold_high_mm": hi,
                    "fat_low_mm": fat_from_skinfold(lo),
                    "fat_high_mm": fat_from_skinfold(hi) if np.isfinite(hi) else float("inf"),
                    "fat_mid_mm": fat_from_skinfold(mid),
                    "drop_1cm": float(t["drop_1cm_c"][i]), "drop_3cm": float(t["drop_3cm_c"][i]),
                    "after_1cm": float(t["change_1cm_30min_after_c"][i]),
                    "after_3cm": float(t["change_3cm_30min_after_c"][i])})
    return out


def skinfold_of(fat_mm: float) -> float:
    """The caliper skinfold (mm) that corresponds to ``fat_mm`` of fat under 2 mm of skin."""
    return 2.0 * (fat_mm + settings()["skin_thickness_mm"]["value"])


def otte_band_for(fat_mm: float) -> dict | None:
    """The Otte 2002 skinfold band that a fat thickness falls in, or None beyond their data."""
    fold = skinfold_of(fat_mm)
    bands = otte_bands()
    for band, nxt in zip(bands, bands[1:] + [None]):
        upper = nxt["skinfold_low_mm"] if nxt else band["skinfold_high_mm"] + 1e-9
        if band["skinfold_low_mm"] <= fold < upper:
            return band
    return None


def myrer_group_for(fat_mm: float) -> dict:
    """The Myrer 2001 skinfold group nearest to a fat thickness (its groups leave gaps of 2 mm)."""
    fold = skinfold_of(fat_mm)
    groups = myrer_groups()
    if fold < (groups[0]["skinfold_high_mm"] + groups[1]["skinfold_low_mm"]) / 2:
        return groups[0]
    if fold < (groups[1]["skinfold_high_mm"] + groups[2]["skinfold_low_mm"]) / 2:
        return groups[1]
    return groups[2]


def compare_with_otte() -> list[dict]:
    """Model against Otte 2002: minutes to cool by 7 C at each band's mid-point fat.

    ``model_fat_mm`` is the fat the model used: the mid-point rounded to the 0.5 mm grid.
    """
    rows = []
    for band in otte_bands():
        run = simulate(band["fat_mid_mm"], DURATION_MAX, "ice", after_min=0)
        model = minutes_to_cool(run)
        rows.append(band | {"model_fat_mm": run.fat_mm, "model_minutes": round(model, 1),
                            "difference_in_sd": round((model - band["minutes"]) / band["sd"], 2)})
    return rows


def compare_with_myrer() -> list[dict]:
    """Model against Myrer 2001: drops after 20 min and change 30 min later, at 1 and 3 cm."""
    rows = []
    for g in myrer_groups():
        one = simulate(g["fat_mid_mm"], 20, "ice", probe_cm=1.0)
        three = simulate(g["fat_mid_mm"], 20, "ice", probe_cm=3.0)
        rows.append(g | {"model_fat_mm": one.fat_mm, "model_drop_1cm": round(-one.change_c, 1), "model_drop_3cm": round(-three.change_c, 1),
                         "model_after_1cm": round(change_after(one, 30), 1),
                         "model_after_3cm": round(change_after(three, 30), 1)})
    return rows
