"""Blood flow and oxygen in a contracting muscle: when does the squeeze stop the flow?

Kind of model: two parts, labelled separately in the lesson.

* **Physics with literature parameters**: the intramuscular pressure and the contraction level at
  which blood flow stops (the occlusion threshold).
* **Conceptual**: oxygen demand, the flow ceiling's height, and the oxygen deficit that builds up
  and is repaid over work-rest cycles. These are in relative units and are not fitted to data.

Pressures (physics)
-------------------
::

    P_im(x) = P_0 + k * S * x          intramuscular pressure
    flow stops when P_im(x) >= P_a     so  x_occ = (P_a - P_0) / (k * S)

x : contraction level, % of maximal voluntary contraction (% MVC), 0 to 100.
S : strength relative to the reference muscle (dimensionless, 0.5 to 2). The squeeze follows the
    absolute force S * x: in the handgrip study, stronger and weaker men occluded at almost the
    same grip force (34.8 and 34.3 kg), so the stronger occluded at a lower % MVC.
P_a : mean arterial pressure, mmHg.
P_0, k : intramuscular pressure of the relaxed muscle (mmHg) and its rise per % MVC (mmHg per
    % MVC), fixed by two anchors in ``data/datasets/perfusion_model.yml``: P_0 = 14 mmHg, the
    *resting* pressure Sjøgaard et al. 1986 measured (range 2 to 31), and flow stopping at 57% MVC,
    the middle of the 50 to 64% band of Sadamoto et al. 1983, when P_a is 100 mmHg. A straight
    line is the model's simplification.

What was measured, and what the line stands for. During Sjøgaard's hour at 5% MVC the pressure
fluctuated up to 90 mmHg while the blood supply was maintained; the model gives about 22 mmHg
there and keeps its flow meeting the demand, as the study found. The rule "flow stops when the
pressure in the muscle reaches arterial pressure" holds for a muscle squeezed from outside (passive
compression). In contracting muscle, Sadamoto found that flow stopped with local pressures of up to
240 mmHg, far above arterial pressure: a pressure measured at one spot does not say when the whole
muscle's flow stops. The line is therefore an effective squeeze calibrated on the contraction level
at which flow was seen to stop, not a prediction of the pressure a needle would read. The model was
checked against the measured occlusion levels (means of 50 to 64% MVC in Sadamoto's muscles, 51.5
and 75.5% MVC in the handgrip study's stronger and weaker groups) at one arterial pressure; a
strength or an arterial pressure that moves the occlusion level outside 50 to 75.5% MVC is an
extrapolation.

Oxygen (conceptual)
-------------------
::

    demand     M(x) = 1 + m * x                                 (multiples of resting use)
    ceiling    Q_max(x) = G * max(0, P_a - P_im(x)) / (P_ref - P_0)   (multiples of resting flow)
    flow       Q = min(M + repayment, Q_max)
    deficit    dD/dt = M - Q_max                  when demand exceeds the ceiling
               dD/dt = -min(D / tau, Q_max - M)   otherwise (repayment)

The vessels widen as far as the muscle needs, up to a ceiling set by the pressure difference that
pushes blood through them. Each unit of flow carries one unit of oxygen, so at rest one unit of flow
meets one unit of demand; D is in seconds of resting oxygen use. Within each hold or rest the
equations are solved exactly (piecewise linear and exponential), so D never drops below zero.

>>> round(occlusion_threshold(), 1)
57.0
>>> occlusion_threshold(strength=1.5) < occlusion_threshold()
True
>>> run = simulate(mvc_pct=5, hold_s=60, rest_s=0)
>>> run.coverage, run.deficit_end
(1.0, 0.0)
>>> intramuscular_pressure(0)  # the resting pressure, Sjøgaard 1986
14.0
>>> round(intramuscular_pressure(5), 1)  # during the 5% MVC hour it fluctuated up to 90 mmHg
21.5
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data
from ._checks import number

DATASET = "perfusion_model"

#: Valid ranges of the inputs (learner-facing names and units).
RANGES: dict[str, tuple[float, float, str]] = {
    "contraction level": (0.0, 100.0, "% MVC"),
    "hold time": (1.0, 600.0, "s"),
    "rest time": (0.0, 600.0, "s"),
    "arterial pressure": (60.0, 200.0, "mmHg"),
    "strength": (0.5, 2.0, "times the reference muscle"),
    "duration": (10.0, 3600.0, "s"),
}


def _out(value):
    """A plain float for a single value, the array otherwise."""
    return float(value) if np.ndim(value) == 0 else value


def _check(name: str, value) -> np.ndarray:
    lo, hi, unit = RANGES[name]
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < lo) or np.any(arr > hi):
        raise ValueError(f"{name} must be between {lo:g} and {hi:g} {unit}, got {value}")
    return arr


@dataclass(frozen=True)
class PerfusionParams:
    """Parameters of the model (see the module docstring for the equations).

    Parameters
    ----------
    imp_rest_mmhg : float
        Intramuscular pressure of the relaxed reference muscle, P_0 (mmHg).
    imp_slope_mmhg : float
        Rise of intramuscular pressure per % MVC in the reference muscle, k (mmHg per % MVC).
    reference_arterial_mmhg : float
        Arterial pressure at which the ceiling equals ``max_flow`` (mmHg).
    demand_per_pct : float
        Extra oxygen demand per % MVC, m (multiples of resting use per % MVC). Conceptual.
    max_flow : float
        Ceiling of flow in the relaxed muscle at the reference pressure, G (multiples of resting
        flow). Conceptual.
    repay_time_s : float
        Time constant of repayment of the deficit, tau (s). Conceptual.

    >>> p = default_params()
    >>> round(p.imp_slope_mmhg, 3), round(p.imp_rest_mmhg, 2)
    (1.509, 14.0)
    """

    imp_rest_mmhg: float
    imp_slope_mmhg: float
    reference_arterial_mmhg: float
    demand_per_pct: float
    max_flow: float
    repay_time_s: float


@lru_cache(maxsize=None)
def default_params() -> PerfusionParams:
    """The course's parameters, derived from the anchors in ``data/datasets/perfusion_model.yml``."""
    spec = data.load(DATASET)
    a = {k: float(v["value"]) for k, v in spec["anchors"].items()}
    p = {k: float(v["value"]) for k, v in spec["parameters"].items()}
    rest = a["rest_pressure_mmHg"]
    slope = (a["reference_arterial_mmHg"] - rest) / a["occlusion_mvc_pct"]
    return PerfusionParams(
        imp_rest_mmhg=rest,
        imp_slope_mmhg=slope,
        reference_arterial_mmhg=a["reference_arterial_mmHg"],
        demand_per_pct=p["demand_per_pct_mvc"],
        max_flow=p["max_flow_x_rest"],
        repay_time_s=p["repay_time_s"],
    )


def parameter_table() -> list[dict]:
    """Every anchor and parameter with its value, unit, kind and source (for the lesson's table)."""
    spec = data.load(DATASET)
    rows = []
    for group in ("anchors", "parameters"):
        for name, entry in spec[group].items():
            rows.append({"name": name, "value": entry["value"], "unit": entry["unit"], "kind": entry["kind"],
                         "source": entry.get("source") or "", "meaning": entry["meaning"]})
    return rows


def intramuscular_pressure(mvc_pct, strength: float = 1.0, params: PerfusionParams | None = None):
    """Intramuscular pressure (mmHg) at contraction level ``mvc_pct`` (% MVC, 0-100).

    Parameters
    ----------
    mvc_pct : float or array
        Contraction level, % of maximal voluntary contraction (0 to 100).
    strength : float
        Strength relative to the reference muscle (0.5 to 2); the pressure follows absolute force.
    params : PerfusionParams, optional
        Defaults to :func:`default_params`.

    >>> round(intramuscular_pressure(57), 1)
    100.0
    """
    p = params or default_params()
    x = _check("contraction level", mvc_pct)
    s = float(_check("strength", strength))
    return _out(p.imp_rest_mmhg + p.imp_slope_mmhg * s * x)


def occlusion_threshold(arterial_mmhg: float = 100.0, strength: float = 1.0,
                        params: PerfusionParams | None = None) -> float:
    """Contraction level (% MVC) at which the squeeze equals arterial pressure and flow stops.

    Parameters
    ----------
    arterial_mmhg : float
        Mean arterial pressure, mmHg (60 to 200).
    strength : float
        Strength relative to the reference muscle (0.5 to 2).
    params : PerfusionParams, optional
        Defaults to :func:`default_params`.

    Returns
    -------
    float
        % MVC; a value above 100 means flow never stops, even in a maximal contraction.

    >>> round(occlusion_threshold(arterial_mmhg=130), 1)  # outside the measured 50-75.5% MVC
    76.9
    """
    p = params or default_params()
    pa = float(_check("arterial pressure", arterial_mmhg))
    s = float(_check("strength", strength))
    return (pa - p.imp_rest_mmhg) / (p.imp_slope_mmhg * s)


def oxygen_demand(mvc_pct, params: PerfusionParams | None = None):
    """Oxygen demand at a contraction level, in multiples of the resting use (conceptual).

    Parameters
    ----------
    mvc_pct : float or array
        Contraction level, % MVC (0 to 100).
    params : PerfusionParams, optional
        Defaults to :func:`default_params`.

    >>> oxygen_demand(0), oxygen_demand(40)
    (1.0, 7.0)
    """
    p = params or default_params()
    return _out(1.0 + p.demand_per_pct * _check("contraction level", mvc_pct))


def flow_ceiling(mvc_pct, arterial_mmhg: float = 100.0, strength: float = 1.0,
                 params: PerfusionParams | None = None):
    """Most flow the squeezed vessels can carry (multiples of resting flow); zero once occluded.

    Parameters
    ----------
    mvc_pct : float or array
        Contraction level, % MVC (0 to 100).
    arterial_mmhg : float
        Mean arterial pressure, mmHg (60 to 200).
    strength : float
        Strength relative to the reference muscle (0.5 to 2).
    params : PerfusionParams, optional
        Defaults to :func:`default_params`.

    >>> flow_ceiling(0), flow_ceiling(80)
    (12.0, 0.0)
    """
    p = params or default_params()
    pa = float(_check("arterial pressure", arterial_mmhg))
    drive = np.maximum(0.0, pa - intramuscular_pressure(mvc_pct, strength, p))
    return _out(p.max_flow * drive / (p.reference_arterial_mmhg - p.imp_rest_mmhg))


def steady_flow(mvc_pct, arterial_mmhg: float = 100.0, strength: float = 1.0,
                params: PerfusionParams | None = None):
    """Flow during a held contraction with no deficit to repay: demand, capped by the ceiling.

    Parameters are those of :func:`flow_ceiling`; the result is in multiples of resting flow.

    >>> steady_flow(5), round(steady_flow(40), 2)
    (1.75, 3.58)
    """
    return _out(np.minimum(oxygen_demand(mvc_pct, params), flow_ceiling(mvc_pct, arterial_mmhg, strength, params)))


@dataclass(frozen=True)
class PerfusionRun:
    """The result of :func:`simulate`: time courses (arrays) and the numbers the readout shows.

    Attributes
    ----------
    t : array
        Time, s. Phase boundaries appear twice so that steps are drawn upright.
    holding : array of bool
        True while the muscle contracts.
    demand, ceiling, flow : arrays
        Oxygen demand, flow ceiling and flow, in multiples of the resting values.
    deficit : array
        Accumulated oxygen deficit, in seconds of resting oxygen use (never negative).
    occlusion_pct : float
        Contraction level (% MVC) at which flow stops for this strength and arterial pressure.
    coverage : float
        Share of the demand that the flow can meet while holding (0 to 1).
    """

    t: np.ndarray
    holding: np.ndarray
    demand: np.ndarray
    ceiling: np.ndarray
    flow: np.ndarray
    deficit: np.ndarray
    mvc_pct: float
    hold_s: float
    rest_s: float
    arterial_mmhg: float
    strength: float
    occlusion_pct: float
    coverage: float
    n_holds: int

    @property
    def deficit_end(self) -> float:
        """Deficit left at the end of the run (s of resting oxygen use)."""
        return round(float(self.deficit[-1]), 6)

    @property
    def deficit_peak(self) -> float:
        """Largest deficit during the run (s of resting oxygen use)."""
        return round(float(self.deficit.max()), 6)

    @property
    def occluded(self) -> bool:
        """True if the holds are at or above the occlusion threshold (no flow while holding)."""
        return self.mvc_pct >= self.occlusion_pct


def _phase_deficit(d0: float, gap: float, tau: float, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deficit and repayment rate during one phase of constant demand and ceiling.

    ``gap`` is demand minus ceiling. A positive gap adds to the deficit at a constant rate; a
    negative one leaves spare supply s = -gap, and the deficit is repaid at min(D/tau, s).
    """
    if gap >= 0:
        return d0 + gap * t, np.zeros_like(t)
    spare = -gap
    t_switch = max(0.0, (d0 - spare * tau) / spare)  # time until the repayment is no longer capped
    start = min(d0, spare * tau)
    d = np.where(t < t_switch, d0 - spare * t, start * np.exp(-(t - t_switch) / tau))
    return d, np.minimum(d / tau, spare)


def simulate(mvc_pct: float = 40.0, hold_s: float = 20.0, rest_s: float = 10.0,
             arterial_mmhg: float = 100.0, strength: float = 1.0, duration_s: float = 300.0,
             params: PerfusionParams | None = None, dt: float = 0.5) -> PerfusionRun:
    """Work-rest cycles: hold ``mvc_pct`` for ``hold_s``, rest ``rest_s``, repeat for ``duration_s``.

    Parameters
    ----------
    mvc_pct : float
        Contraction level during each hold, % MVC (0 to 100).
    hold_s : float
        Length of each hold, s (1 to 600).
    rest_s : float
        Rest between holds, s (0 to 600); 0 means one unbroken contraction.
    arterial_mmhg : float
        Mean arterial pressure, mmHg (60 to 200).
    strength : float
        Strength relative to the reference muscle (0.5 to 2).
    duration_s : float
        Length of the whole run, s (10 to 3600).
    params : PerfusionParams, optional
        Defaults to :func:`default_params`.
    dt : float
        Spacing of the output samples within a phase, s (0.01 to 60).

    Returns
    -------
    PerfusionRun

    >>> run = simulate(mvc_pct=60, hold_s=20, rest_s=10, duration_s=60)
    >>> run.occluded, run.n_holds, run.coverage
    (True, 2, 0.0)
    >>> round(run.deficit_peak)  # 200 per hold, a third repaid in the 10 s rest
    343
    """
    number("output spacing", "dt", dt, "s", 0.01, 60.0)
    p = params or default_params()
    x = float(_check("contraction level", mvc_pct))
    hold = float(_check("hold time", hold_s))
    rest = float(_check("rest time", rest_s))
    pa = float(_check("arterial pressure", arterial_mmhg))
    s = float(_check("strength", strength))
    total = float(_check("duration", duration_s))

    levels = {True: x, False: 0.0}
    demand = {k: float(oxygen_demand(v, p)) for k, v in levels.items()}
    ceiling = {k: float(flow_ceiling(v, pa, s, p)) for k, v in levels.items()}

    phases: list[tuple[float, float, bool]] = []
    start = 0.0
    while start < total:
        end = total if rest == 0 else min(start + hold, total)
        phases.append((start, end, True))
        if rest > 0 and end < total:
            phases.append((end, min(end + rest, total), False))
        start = phases[-1][1]

    ts, holds, dems, ceils, flows, defs = [], [], [], [], [], []
    d0 = 0.0
    for start, end, holding in phases:
        n = max(2, int(np.ceil((end - start) / dt)) + 1)
        local = np.linspace(0.0, end - start, n)
        gap = demand[holding] - ceiling[holding]
        d, repay = _phase_deficit(d0, gap, p.repay_time_s, local)
        ts.append(start + local)
        holds.append(np.full(n, holding))
        dems.append(np.full(n, demand[holding]))
        ceils.append(np.full(n, ceiling[holding]))
        flows.append(np.minimum(demand[holding] + repay, ceiling[holding]))
        defs.append(d)
        d0 = float(d[-1])

    coverage = min(1.0, ceiling[True] / demand[True])
    return PerfusionRun(
        t=np.concatenate(ts), holding=np.concatenate(holds), demand=np.concatenate(dems),
        ceiling=np.concatenate(ceils), flow=np.concatenate(flows), deficit=np.concatenate(defs),
        mvc_pct=x, hold_s=hold, rest_s=rest, arterial_mmhg=pa, strength=s,
        occlusion_pct=occlusion_threshold(pa, s, p), coverage=round(coverage, 6),
        n_holds=sum(1 for ph in phases if ph[2]),
    )
