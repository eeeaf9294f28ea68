"""Why a useless treatment can look good: a simulated trial with and without a control group.

Kind of model: **conceptual**. Simulated people follow the average course of back pain published by
Costa et al. 2012 (the acute or the persistent cohorts), each at their own usual level, with pain
that goes up and down from week to week. A person starts a treatment at the first flare above a
threshold (when people usually seek care), and is measured again some weeks later. Half the people
who start are randomised to the treatment and half to a control group. The spread between people
and the week-to-week correlation are illustrative settings, not fitted to data.

Equations
---------
usual level          u_i(t) = m(t) * f_i,    f_i = exp(sigma_p * N(0, 1) - sigma_p^2 / 2)
fluctuation          z_i(t) = rho * z_i(t-1) + s * sqrt(1 - rho^2) * N(0, 1),   z_i(0) = s * N(0, 1)
observed pain        y_i(t) = min(100, u_i(t) * exp(z_i(t) - s^2 / 2))
start of treatment   t0_i = first week from 1 to 26 with y_i(t) > threshold (people who never
                     reach it do not enter the trial)
treated arm          y_i(t) = max(0, y_i(t) - effect) for t > t0_i;   follow-up at t0_i + 6 weeks

Both exp(...) factors have mean 1, so the average person follows m(t), the published mean. The
improvement a treated person reports, y(t0) - y(t0 + 6), splits exactly into natural recovery
c(t0) - c(t0 + 6) with c(t) = min(100, u(t)) (the fall in the usual level, on the same 0-100 scale
as the scores), the treatment's effect, and the rest, which is regression to the mean: they
started on a flare (z high), and flares pass. Without fluctuation (s = 0) the rest is exactly 0.

The shares of the improvement (``TrialResult.shares_pct``) stay between 0 and 100%: in a small
trial with little fluctuation a part can come out slightly negative by chance; it is then shown
as 0% and the other parts as shares of their sum.

What the simulation was checked against: its average pain (everyone simulated, untreated) follows
the pooled means of Costa 2012 at 0, 6, 26 and 52 weeks; :func:`departures_from_costa` lists the
published weeks where the simulation's average (without the chance of one run) falls outside their
95% confidence interval: with much fluctuation, capping scores at 100 pulls the average at onset down.

How it is computed, quickly: people are simulated in chunks of random numbers (4 per participant
sought, at least 400 people), drawn from the seed in the same order whatever the settings. The
chunks of random numbers, the people made from them (per course of pain and fluctuation) and each
setting's participants are kept for the next call, so that moving the threshold draws no new
random numbers and moving the effect simulates nobody again; what a call returns is its own copy.
The 95% intervals are scipy.stats's t intervals (one sample; Welch's for two), computed step by
step in scipy's order, so the numbers are the same to the last bit.

Symbols and units
-----------------
t : weeks since pain onset (0 to 52), scored once a week
m(t) : published mean pain (0-100) of the cohort, interpolated (course.models.natural_history)
sigma_p : spread of usual levels between people, 0.35 (log units; illustrative)
s : week-to-week fluctuation, ``fluctuation_pct`` / 100 (log units; 30% means pain typically
    swings about 30% above or below a person's usual level)
rho : correlation of the fluctuation from one week to the next, 0.5 (illustrative)
effect : true effect of the treatment, points of pain (0-100 scale) removed after the start
threshold : pain (0-100) above which people start treatment

>>> r = simulate_trial(effect=0, seed=1)
>>> r.n_treated, r.n_control
(100, 100)
>>> r.improvement_treated.mean > 15   # a zero-effect treatment looks good before/after...
True
>>> r.difference.low < 0 < r.difference.high   # ...but not against the control group
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special

from .. import data
from . import natural_history as nh

WEEKS = np.arange(0, 53)
FIRST_START, LAST_START = 1, 26
FOLLOW_UP = 6
ALIGN = np.arange(0, 13)
PERSON_SPREAD = 0.35
WEEK_CORRELATION = 0.5
MAX_POOL_PER_PATIENT = 60

RANGES = {
    "effect": (0.0, 30.0, "points out of 100"),
    "fluctuation_pct": (0.0, 60.0, "percent"),
    "threshold": (20.0, 90.0, "points out of 100"),
    "n_patients": (20, 1000, "people"),
    "seed": (0, 1_000_000, ""),
    "run": (1, 1_000_000, ""),
}
#: Run n of an explorer's "Run a new trial" uses seed SEED_BASE + n (run 1 is seed 1).
SEED_BASE = 0


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% confidence interval (points out of 100)."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class TrialResult:
    """Everything one simulated trial gives (pain in points out of 100, time in weeks)."""

    effect: float
    fluctuation_pct: float
    threshold: float
    cohort: str
    seed: int
    n_candidates: int
    start: np.ndarray            # week each participant started (n,)
    treated: np.ndarray          # True for the treatment arm (n,)
    pain: np.ndarray             # observed pain of each participant, weeks 0-52 (n, 53)
    population_mean: np.ndarray  # mean pain of everyone simulated, untreated (53,)
    align_weeks: np.ndarray      # weeks since the start of treatment (ALIGN: 0 to 12)
    aligned_treated: np.ndarray  # mean pain by week since the start, treatment arm
    aligned_control: np.ndarray
    aligned_usual: np.ndarray    # mean usual level (no fluctuation, no treatment) of all participants
    aligned_treated_half: np.ndarray  # half-width of the 95% CI of that mean
    aligned_control_half: np.ndarray
    improvement_treated: Estimate  # pain at start minus pain at follow-up
    improvement_control: Estimate
    difference: Estimate         # follow-up pain, treated minus control (negative = less pain)
    realised_effect: float       # mean pain removed by the treatment at follow-up (after the 0 floor)
    natural_recovery: float      # treated arm: fall in usual level from start to follow-up
    regression_to_mean: float    # treated arm: the rest of the improvement

    @property
    def n_treated(self) -> int:
        return int(self.treated.sum())

    @property
    def n_control(self) -> int:
        return int((~self.treated).sum())

    @property
    def shares_pct(self) -> dict[str, float]:
        """The treated arm's improvement split into natural recovery, regression to the mean and
        treatment, in percent of the whole improvement (nan if there was no improvement)."""
        return _shares({"natural recovery": self.natural_recovery, "regression to the mean": self.regression_to_mean,
                        "treatment": self.realised_effect}, self.improvement_treated.mean)


@dataclass(frozen=True)
class BeforeAfterResult:
    """One group measured before and after a treatment that does nothing (pain in points out of
    100, time in weeks): the same simulated people as :func:`simulate_trial` with the same seed,
    all of them treated, none removed to a control group."""

    fluctuation_pct: float
    threshold: float
    cohort: str
    seed: int
    start: np.ndarray            # week each participant started (n,)
    pain: np.ndarray             # observed pain of each participant, weeks 0-52 (n, 53)
    population_mean: np.ndarray  # mean pain of everyone simulated (53,)
    align_weeks: np.ndarray      # weeks since the start of treatment (ALIGN: 0 to 12)
    aligned: np.ndarray          # the group's mean pain by week since the start
    aligned_half: np.ndarray     # half-width of the 95% CI of that mean
    aligned_usual: np.ndarray    # the group's mean usual level (no flare) by week since the start
    improvement: Estimate        # pain at the start minus pain at the follow-up
    natural_recovery: float      # fall in the usual level from the start to the follow-up
    regression_to_mean: float    # the rest of the improvement

    @property
    def shares_pct(self) -> dict[str, float]:
        """The improvement split into natural recovery and regression to the mean, in percent of
        the whole improvement (between 0 and 100%; nan if there was no improvement)."""
        return _shares({"natural recovery": self.natural_recovery, "regression to the mean": self.regression_to_mean},
                       self.improvement.mean)


def _shares(parts: dict[str, float], improvement: float) -> dict[str, float]:
    if improvement <= 0:
        return {k: math.nan for k in parts}
    # A part below zero (chance, in a small trial with little fluctuation) is shown as 0%; the
    # others are then shares of their sum, so every share lies between 0 and 100%.
    kept = {k: max(0.0, v) for k, v in parts.items()}
    total = sum(kept.values())
    return {k: min(100.0, 100.0 * v / total) for k, v in kept.items()}


def run_seed(run: int) -> int:
    """The seed of the ``run``-th trial an explorer runs: SEED_BASE + run, so that the same run
    number always gives the same trial (``run`` from 1 to 1,000,000).

    >>> run_seed(1), run_seed(2)
    (1, 2)
    """
    run = _check("run", run, integer=True)
    return SEED_BASE + run


def includes_zero(estimate: Estimate) -> bool:
    """Whether a 95% interval includes 0 (no difference).

    >>> includes_zero(Estimate(-1.0, -3.0, 1.0)), includes_zero(Estimate(-4.0, -6.0, -2.0))
    (True, False)
    """
    return bool(estimate.low <= 0.0 <= estimate.high)


def _check(name: str, value, integer: bool = False):
    lo, hi, unit = RANGES[name]
    label = name.replace("_pct", "").replace("_", " ")
    show = (lambda x: f"{x:,}") if isinstance(lo, int) else (lambda x: f"{x:g}")
    span = f"between {show(lo)} and {show(hi)}{' ' + unit if unit else ''}"
    if integer and (isinstance(value, bool) or not isinstance(value, (int, np.integer))):
        raise ValueError(f"{label} must be a whole number {span}, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or not lo <= x <= hi:
        raise ValueError(f"{label} must be {span}, got {value}")
    return int(value) if integer else x


def _check_cohort(cohort: str) -> None:
    if cohort not in nh.COHORTS:
        raise ValueError(f"cohort must be one of {', '.join(nh.COHORTS)}, got {cohort!r}")


@lru_cache(maxsize=None)
def _mean_course(cohort: str) -> np.ndarray:
    mean, _, _ = nh.pain_curve(WEEKS, cohort)
    mean.setflags(write=False)
    return mean


def _generator(state: dict) -> np.random.Generator:
    """A generator that continues from ``state`` (``bit_generator.state`` of another one)."""
    rng = np.random.default_rng(0)
    rng.bit_generator.state = state
    return rng


#: How many chunks of random numbers and of people made from them are kept for the next call (a
#: chunk of 800 people, for a trial of 200, holds 0.3 MB of random numbers and 0.7 MB of pain).
KEPT_CHUNKS = 16
#: How many settings' participants are kept (0.2 MB for a trial of 200).
KEPT_TRIALS = 64


@lru_cache(maxsize=KEPT_CHUNKS)
def _draws(seed: int, size: int, index: int):
    """The ``index``-th chunk of the random numbers of ``seed`` for ``size`` people: one standard
    normal per person (their usual level), one per person and week (their fluctuation), and the
    generator's state after them. They do not depend on the settings, so they are kept: another
    setting with the same seed and trial size finds them drawn."""
    rng = np.random.default_rng(seed) if index == 0 else _generator(_draws(seed, size, index - 1)[2])
    spread = rng.standard_normal(size)
    eps = rng.standard_normal((size, WEEKS.size))
    spread.setflags(write=False)
    eps.setflags(write=False)
    return spread, eps, rng.bit_generator.state


def _fluctuation(eps: np.ndarray, s: float) -> np.ndarray:
    """z(0) = s eps(0), z(t) = rho z(t-1) + s sqrt(1 - rho^2) eps(t), for everyone a week at a time.

    The arithmetic is that of ``scipy.signal.lfilter([s sqrt(1 - rho^2)], [1, -rho], ...)`` started
    at rho z(0) (the same numbers to the bit), in less time."""
    z = np.multiply(eps, s * math.sqrt(1 - WEEK_CORRELATION ** 2))
    np.multiply(s, eps[:, 0], out=z[:, 0])
    before = np.empty(eps.shape[0])
    for week in range(1, WEEKS.size):
        np.multiply(z[:, week - 1], WEEK_CORRELATION, out=before)
        z[:, week] += before
    return z


def _people(course: np.ndarray, spread: np.ndarray, eps: np.ndarray, s: float):
    """Usual levels and observed (untreated) weekly pain of the people of one chunk of random
    numbers (:func:`_draws`)."""
    f = np.exp(PERSON_SPREAD * spread - PERSON_SPREAD ** 2 / 2)
    usual = course[None, :] * f[:, None]
    if s == 0:
        return usual, np.minimum(usual, 100.0)
    observed = _fluctuation(eps, s)   # then, in place: min(100, usual exp(z - s^2 / 2))
    observed -= s * s / 2
    np.exp(observed, out=observed)
    observed *= usual
    return usual, np.minimum(observed, 100.0, out=observed)


#: The two tails of a 95% interval, as scipy.stats computes them for its t-tests.
_TAILS = np.array([(1 - 0.95) / 2, 1 - (1 - 0.95) / 2])


def _variance(x: np.ndarray):
    """Sample variance (n - 1 in the denominator), computed as scipy.stats computes it."""
    v = np.mean((x - np.mean(x, keepdims=True)) ** 2)
    return v * (np.float64(x.size) / np.float64(x.size - 1))


def _mean_ci(x: np.ndarray) -> Estimate:
    """Mean and 95% t interval: ``scipy.stats.ttest_1samp(x, 0).confidence_interval(0.95)``, step
    by step as scipy computes it (the same numbers to the bit, without its overhead)."""
    if x.size < 2:
        return Estimate(float(np.mean(x)) if x.size else math.nan, math.nan, math.nan)
    mean = np.mean(x)
    low, high = special.stdtrit(x.size - 1, _TAILS) * np.sqrt(_variance(x) / x.size) + mean
    return Estimate(float(mean), float(low), float(high))


def _difference_ci(a: np.ndarray, b: np.ndarray) -> Estimate:
    """Mean of ``a`` minus mean of ``b`` with Welch's 95% interval: ``scipy.stats.ttest_ind(a, b,
    equal_var=False).confidence_interval(0.95)``, step by step as scipy computes it."""
    vn1, vn2 = _variance(a) / a.size, _variance(b) / b.size
    with np.errstate(divide="ignore", invalid="ignore"):
        df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (a.size - 1) + vn2 ** 2 / (b.size - 1))
    estimate = np.mean(a) - np.mean(b)
    low, high = special.stdtrit(1.0 if np.isnan(df) else df, _TAILS) * np.sqrt(vn1 + vn2) + estimate
    return Estimate(float(estimate), float(low), float(high))


def _aligned(values: np.ndarray, start: np.ndarray, arm: np.ndarray):
    """Mean (and 95% CI half-width) of ``values`` by week since each person's start, in one arm."""
    rows = values[np.flatnonzero(arm)[:, None], start[arm, None] + ALIGN[None, :]]
    half = 1.96 * rows.std(axis=0, ddof=1) / math.sqrt(rows.shape[0]) if rows.shape[0] > 1 else np.nan
    return rows.mean(axis=0), half


@lru_cache(maxsize=KEPT_CHUNKS)
def _chunk(cohort: str, fluctuation_pct: float, seed: int, size: int, index: int):
    """Usual levels, observed (untreated) weekly pain and its sum over everyone, of the people of
    the ``index``-th chunk of random numbers of ``seed`` (read-only; kept, so that moving only the
    threshold simulates nobody again)."""
    spread, eps, _ = _draws(seed, size, index)
    usual, observed = _people(_mean_course(cohort), spread, eps, fluctuation_pct / 100.0)
    people = (usual, observed, observed.sum(axis=0))
    for a in people:
        a.setflags(write=False)
    return people


@lru_cache(maxsize=KEPT_TRIALS)
def _participants(cohort: str, fluctuation_pct: float, threshold: float, n: int, seed: int, max_pool: int):
    """The first ``n`` simulated people of ``seed`` whose pain rises above ``threshold`` between
    weeks FIRST_START and LAST_START: their usual levels, untreated weekly pain and week of
    starting, how many people were simulated to find them (at most ``max_pool``), the sum of
    everyone's weekly pain, and the generator's state after them (read-only; kept, so that
    changing only the effect of the treatment simulates nobody again)."""
    chunk = max(4 * n, 400)
    pool, population_sum = 0, np.zeros(WEEKS.size)
    usual_parts, pain_parts, start_parts, found = [], [], [], 0
    while found < n:
        if pool >= max_pool:
            raise ValueError(
                f"only {found} of {pool} simulated people had pain above {threshold:g} between weeks "
                f"{FIRST_START} and {LAST_START}; lower the threshold (it must be between 20 and 90, and "
                f"high thresholds need more fluctuation or the acute cohort)")
        usual, observed, total = _chunk(cohort, fluctuation_pct, seed, chunk, pool // chunk)
        pool += chunk
        population_sum += total
        above = observed[:, FIRST_START:LAST_START + 1] > threshold
        enter = above.any(axis=1)
        usual_parts.append(usual[enter])
        pain_parts.append(observed[enter])
        start_parts.append(above[enter].argmax(axis=1) + FIRST_START)
        found += int(enter.sum())
    usual, untreated, start = (np.concatenate(parts)[:n] for parts in (usual_parts, pain_parts, start_parts))
    for a in (usual, untreated, start, population_sum):
        a.setflags(write=False)
    return usual, untreated, start, pool, population_sum, _draws(seed, chunk, pool // chunk - 1)[2]


def _find_people(fluctuation_pct, threshold, n_patients, seed, cohort):
    """The settings checked and the participants they give (:func:`_participants`)."""
    fluctuation_pct = _check("fluctuation_pct", fluctuation_pct)
    threshold = _check("threshold", threshold)
    n = _check("n_patients", n_patients, integer=True)
    seed = _check("seed", seed, integer=True)
    _check_cohort(cohort)
    return (fluctuation_pct, threshold, n, seed), _participants(cohort, fluctuation_pct, threshold, n, seed,
                                                                MAX_POOL_PER_PATIENT * n)


def simulate_trial(effect: float = 0.0, fluctuation_pct: float = 30.0, threshold: float = 60.0,
                   n_patients: int = 200, seed: int = 1, cohort: str = "acute") -> TrialResult:
    """Simulate one randomised trial of a treatment started at a flare of back pain.

    Parameters
    ----------
    effect : float
        True effect of the treatment: points of pain (0-100 scale) it removes, 0 to 30.
    fluctuation_pct : float
        How much pain swings from week to week around a person's usual level, percent (0 to 60).
    threshold : float
        Pain (0-100) above which a person starts treatment, 20 to 90.
    n_patients : int
        People in the trial, both arms together (20 to 1000); half are randomised to each arm.
    seed : int
        Seed of the random numbers (0 to 1,000,000): the same seed gives the same trial.
    cohort : {"acute", "persistent"}
        Which published course (Costa 2012) the simulated people follow.

    Returns
    -------
    TrialResult
        Pain is in points out of 100 and time in weeks.

    Raises
    ------
    ValueError
        If a setting is out of range, or the threshold is so high that too few simulated people
        ever reach it.

    Examples
    --------
    >>> a, b = simulate_trial(seed=7), simulate_trial(seed=7)
    >>> bool(np.array_equal(a.pain, b.pain))
    True
    """
    effect = _check("effect", effect)
    (fluctuation_pct, threshold, n, seed), people = _find_people(fluctuation_pct, threshold, n_patients, seed, cohort)
    usual, untreated, start, pool, population_sum, state = people

    treated = _generator(state).permutation(n) < n // 2
    after_start = WEEKS[None, :] > start[:, None]
    pain = np.where(after_start & treated[:, None], np.maximum(untreated - effect, 0.0), untreated)

    idx = np.arange(n)
    follow = start + FOLLOW_UP
    change = pain[idx, start] - pain[idx, follow]
    t_after, c_after = pain[idx[treated], follow[treated]], pain[idx[~treated], follow[~treated]]
    difference = _difference_ci(t_after, c_after)

    improvement_treated = _mean_ci(change[treated])
    realised = float(np.mean(untreated[idx[treated], follow[treated]] - t_after))
    # the usual level on the scale the scores are on (they are capped at 100 too), so that without
    # fluctuation the improvement is all natural recovery
    usual = np.minimum(usual, 100.0)
    natural = float(np.mean(usual[idx[treated], start[treated]] - usual[idx[treated], follow[treated]]))
    at, at_half = _aligned(pain, start, treated)
    ac, ac_half = _aligned(pain, start, ~treated)
    return TrialResult(
        effect=effect, fluctuation_pct=fluctuation_pct, threshold=threshold, cohort=cohort, seed=seed,
        n_candidates=pool, start=start.copy(), treated=treated, pain=pain,
        population_mean=population_sum / pool, align_weeks=ALIGN.copy(),
        aligned_treated=at, aligned_control=ac, aligned_usual=_aligned(usual, start, np.ones(n, bool))[0],
        aligned_treated_half=at_half, aligned_control_half=ac_half,
        improvement_treated=improvement_treated, improvement_control=_mean_ci(change[~treated]),
        difference=difference, realised_effect=realised, natural_recovery=natural,
        regression_to_mean=improvement_treated.mean - natural - realised,
    )


def simulate_before_after(fluctuation_pct: float = 30.0, threshold: float = 60.0, n_patients: int = 200,
                          seed: int = 1, cohort: str = "acute") -> BeforeAfterResult:
    """Simulate one group that starts a treatment that does nothing at a flare of back pain, and is
    measured before and FOLLOW_UP weeks after: a before/after study without a control group.

    The people are those :func:`simulate_trial` finds with the same settings and seed; the
    parameters are its parameters (without ``effect``: the treatment does nothing). The fall in
    pain splits into natural recovery (the fall in the usual level, capped at 100 like the scores)
    and regression to the mean (the rest); without fluctuation the rest is 0.

    >>> r = simulate_before_after(seed=1)
    >>> r.improvement.low > 15, r.natural_recovery + r.regression_to_mean == r.improvement.mean
    (True, True)
    >>> flat = simulate_before_after(fluctuation_pct=0)
    >>> round(flat.shares_pct["natural recovery"], 6), round(flat.regression_to_mean, 6)
    (100.0, 0.0)
    """
    (fluctuation_pct, threshold, n, seed), people = _find_people(fluctuation_pct, threshold, n_patients, seed, cohort)
    usual, pain, start, pool, population_sum, _ = people
    idx, follow, everyone = np.arange(n), start + FOLLOW_UP, np.ones(n, bool)
    improvement = _mean_ci(pain[idx, start] - pain[idx, follow])
    usual = np.minimum(usual, 100.0)   # on the scale of the scores, as in simulate_trial
    natural = float(np.mean(usual[idx, start] - usual[idx, follow]))
    aligned, half = _aligned(pain, start, everyone)
    return BeforeAfterResult(
        fluctuation_pct=fluctuation_pct, threshold=threshold, cohort=cohort, seed=seed, start=start.copy(),
        pain=pain.copy(),
        population_mean=population_sum / pool, align_weeks=ALIGN.copy(), aligned=aligned, aligned_half=half,
        aligned_usual=_aligned(usual, start, everyone)[0], improvement=improvement, natural_recovery=natural,
        regression_to_mean=improvement.mean - natural)


def expected_average(week: int, cohort: str = "acute", fluctuation_pct: float = 30.0) -> float:
    """The average pain (0-100) the simulation gives at ``week`` since onset, untreated, without
    the chance of one run: the published mean m(t) lowered by capping scores at 100.

    Each score is m(t) times a log-normal factor of mean 1 and log-spread
    sigma = sqrt(sigma_p^2 + s^2), so E[min(100, X)] = m Phi((ln(100/m) - sigma^2/2) / sigma)
    + 100 (1 - Phi((ln(100/m) + sigma^2/2) / sigma)).

    >>> round(expected_average(0, "acute", 0), 1), round(expected_average(0, "acute", 60), 1)
    (51.7, 47.5)
    """
    fluctuation_pct = _check("fluctuation_pct", fluctuation_pct)
    _check_cohort(cohort)
    m = float(_mean_course(cohort)[int(week)])
    sigma = math.sqrt(PERSON_SPREAD ** 2 + (fluctuation_pct / 100.0) ** 2)
    a = math.log(100.0 / m)
    return float(m * special.ndtr((a - sigma ** 2 / 2) / sigma)
                 + 100.0 * (1.0 - special.ndtr((a + sigma ** 2 / 2) / sigma)))


def departures_from_costa(cohort: str = "acute", fluctuation_pct: float = 30.0) -> list[tuple[int, float, float, float]]:
    """The published weeks at which the simulation's average pain (:func:`expected_average`) lies
    outside the 95% confidence interval of Costa 2012's pooled mean, as
    (week, simulated average, published low, published high). Empty while the simulation follows
    the measured course.

    >>> departures_from_costa("acute", 30)
    []
    >>> [(w, round(m, 1), lo, hi) for w, m, lo, hi in departures_from_costa("acute", 60)]
    [(0, 47.5, 48.0, 57.0)]
    """
    pts = nh.published_points(cohort)
    out = []
    for week, low, high in zip(pts["week"], pts["low"], pts["high"]):
        sim = expected_average(int(week), cohort, fluctuation_pct)
        if not low <= sim <= high:
            out.append((int(week), sim, float(low), float(high)))
    return out


# -- published comparisons ----------------------------------------------------------------------

PEDERSEN = "pedersen2024_improvement_shares"
PLACEBO = "placebo_vs_no_treatment"


def improvement_shares(outcome: str = "pain_intensity") -> dict[str, float]:
    """Pedersen 2024: percent of the improvement after treatment due to each source.

    >>> improvement_shares()
    {'specific treatment': 33.0, 'placebo': 18.0, 'no treatment': 49.0}
    """
    table = data.load(PEDERSEN)
    outcomes = list(table["outcome"])
    if outcome not in outcomes:
        raise ValueError(f"outcome must be one of {', '.join(outcomes)}, got {outcome!r}")
    i = outcomes.index(outcome)
    return {"specific treatment": float(table["specific_treatment_pct"][i]),
            "placebo": float(table["placebo_pct"][i]),
            "no treatment": float(table["no_treatment_pct"][i])}


def placebo_effect() -> dict[str, float]:
    """Strijkers 2021: short-term effect of placebo against no intervention on pain.

    >>> placebo_effect()
    {'smd': -0.37, 'low': -0.55, 'high': -0.18, 'points_0_100': 8.0, 'studies': 21.0}
    """
    row = data.record(PLACEBO, "pain")
    return {k: float(row[k]) for k in ("smd", "low", "high", "points_0_100", "studies")}
