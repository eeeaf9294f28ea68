"""The phases of muscle healing after an injury, and which of them are under way on a given day.

Kind of model: **conceptual**. Three overlapping phases (inflammation, proliferation, remodelling)
each have an approximate start range, end range and, for inflammation, a longest reported
duration. The phase names and contents come from a peer-reviewed review (Laumonier & Menetrey
2016); the day ranges come from physiotherapy and other secondary sources (citing Hardy 1989) and
are **approximate**. Real healing varies with the injury, the tissue and the person.

For one phase with start range [s0, s1], end range [e0, e1] and optional tail T, on day d:

* ``"under way"``     if s1 <= d <= e0 (inside every range the sources give)
* ``"may be starting"`` if s0 <= d < s1
* ``"may be finishing"``   if e0 < d <= e1
* ``"may linger"``     if e1 < d <= T
* ``None``              otherwise

Symbols and units
-----------------
d : days since the injury (day 0), 0 to 730 (two years)
s0, s1, e0, e1, T : days since the injury

>>> [p.id for p in phases()]
['inflammation', 'proliferation', 'remodelling']
>>> status_at(4).describe_phases()
'inflammation under way; proliferation may be starting'
>>> status_at(60).current.id
'remodelling'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import data

DATASET = "healing_phases"
DAY_MIN, DAY_MAX = 0, 730
STATUSES = ("under way", "may be starting", "may be finishing", "may linger")


@dataclass(frozen=True)
class Phase:
    """One phase of healing with its approximate day ranges (days since injury)."""

    id: str
    name: str
    other_names: str
    onset: tuple[float, float]
    end: tuple[float, float]
    tail: float | None
    happens: str
    guidance: str
    guidance_short: str
    refs: tuple[str, ...]

    def status(self, day: float) -> str | None:
        """How this phase stands on ``day`` (see the module docstring), or None if not at all.

        >>> phases()[0].status(10)
        'may linger'
        """
        d = _day(day)
        (s0, s1), (e0, e1) = self.onset, self.end
        if s1 <= d <= e0:
            return "under way"
        if s0 <= d < s1:
            return "may be starting"
        if e0 < d <= e1:
            return "may be finishing"
        if self.tail is not None and e1 < d <= self.tail:
            return "may linger"
        return None


def _day(day) -> float:
    try:
        d = float(day)
    except (TypeError, ValueError):
        raise ValueError(f"day must be a number of days since the injury, got {day!r}") from None
    if not np.isfinite(d) or not DAY_MIN <= d <= DAY_MAX:
        raise ValueError(f"day must be between {DAY_MIN} and {DAY_MAX} (two years after the injury), got {day}")
    return d


@lru_cache(maxsize=None)
def phases() -> tuple[Phase, ...]:
    """The three phases, in the order they begin, from the ``healing_phases`` dataset."""
    out = []
    for p in data.load(DATASET)["phases"]:
        onset, end = tuple(map(float, p["onset"])), tuple(map(float, p["end"]))
        tail = float(p["tail"]) if p.get("tail") is not None else None
        if not (onset[0] <= onset[1] <= end[0] <= end[1]) or (tail is not None and tail < end[1]):
            raise ValueError(f"healing phase '{p['id']}': day ranges must run start <= end <= tail, "
                             f"got onset {onset}, end {end}, tail {tail}")
        out.append(Phase(id=p["id"], name=p["name"], other_names=p["other_names"], onset=onset, end=end,
                         tail=tail, happens=p["happens"].strip(), guidance=" ".join(p["guidance"].split()),
                         guidance_short=p["guidance_short"].strip(),
                         refs=tuple(p["refs"])))
    return tuple(out)


def phase(phase_id: str) -> Phase:
    """One phase by id ('inflammation', 'proliferation', 'remodelling')."""
    for p in phases():
        if p.id == phase_id:
            return p
    raise ValueError(f"no healing phase '{phase_id}'; phases are {', '.join(p.id for p in phases())}")


@dataclass(frozen=True)
class HealingStatus:
    """Which phases are under way on one day, and the guidance for the current phase."""

    day: float
    active: tuple[tuple[Phase, str], ...]     # (phase, status) for every phase that may be active
    current: Phase | None                     # the latest phase under way (else the earliest possible)

    def describe_phases(self) -> str:
        """The active phases in words, e.g. 'proliferation under way; remodelling may be starting'."""
        if not self.active:
            return "past the ranges the sources give: remodelling has usually finished"
        return "; ".join(f"{p.name.lower()} {status}" for p, status in self.active)

    @property
    def guidance(self) -> str:
        return self.current.guidance if self.current else (
            "Healing is usually complete; stay active and keep loading the muscle as usual.")

    @property
    def guidance_short(self) -> str:
        """The guidance in a few words, as the figure writes it beside the day's cursor."""
        return self.current.guidance_short if self.current else "Stay active, load as usual"


def status_at(day: float) -> HealingStatus:
    """The phases that may be active ``day`` days after an injury.

    Parameters
    ----------
    day : float
        Days since the injury, 0 to 730.

    Returns
    -------
    HealingStatus
        Active phases (in order of onset) with their status, and the current phase: the latest one
        "under way", or, where the ranges overlap so that none is certain, the earlier of the two
        (its guidance is the more cautious).

    >>> s = status_at(20)
    >>> s.describe_phases()
    'proliferation may be finishing; remodelling may be starting'
    >>> s.current.id
    'proliferation'
    >>> status_at(730).describe_phases()
    'remodelling may be finishing'
    """
    d = _day(day)
    active = tuple((p, st) for p in phases() if (st := p.status(d)) is not None)
    under_way = [p for p, st in active if st == "under way"]
    current = under_way[-1] if under_way else (active[0][0] if active else None)
    return HealingStatus(day=d, active=active, current=current)


def days_under_way(phase_id: str) -> tuple[float, float]:
    """The days on which a phase is under way by every source's range: (latest start, earliest end).

    >>> days_under_way("proliferation")
    (5.0, 14.0)
    """
    p = phase(phase_id)
    return p.onset[1], p.end[0]
