"""Every explorer of the course, by ``Explorer.name``: where explorer questions find the explorer a
question names, with the controls and quantities it declares.

It sits apart from the package's ``__init__``, so that a lesson importing one explorer does not load
them all.

>>> explorer_class("perfusion").__name__
'PerfusionExplorer'
>>> explorer_class("nowhere")
Traceback (most recent call last):
...
ValueError: no explorer 'nowhere'; explorers: anatomy, natural_history, load_capacity, healing, lactate_soreness, perfusion, trial_results, heat_cold, effect_size, buoyancy, recurrence_risk, trial_simulator
"""

from __future__ import annotations

from .anatomy import AnatomyExplorer
from .base import Explorer
from .buoyancy import BuoyancyExplorer
from .effect_size import EffectSizeExplorer
from .healing import HealingExplorer
from .heat_cold import HeatColdExplorer
from .lactate_soreness import LactateSorenessExplorer
from .load_capacity import LoadCapacityExplorer
from .natural_history import NaturalHistoryExplorer
from .perfusion import PerfusionExplorer
from .recurrence import RecurrenceExplorer
from .trial_simulator import TrialExplorer
from .trials import TrialResultsExplorer

#: The explorer classes by ``Explorer.name``, in the order the lessons show them.
EXPLORER_CLASSES: dict[str, type[Explorer]] = {cls.name: cls for cls in (
    AnatomyExplorer, NaturalHistoryExplorer,                                        # lesson 01
    LoadCapacityExplorer, HealingExplorer, LactateSorenessExplorer,                  # lesson 02
    PerfusionExplorer,                                                               # lesson 03
    TrialResultsExplorer,                                                            # lesson 04
    HeatColdExplorer,                                                                # lesson 05
    EffectSizeExplorer, BuoyancyExplorer,                                            # lesson 06
    RecurrenceExplorer,                                                              # lesson 07
    TrialExplorer,                                                                   # lesson 08
)}


def explorer_class(name: str) -> type[Explorer]:
    """The explorer class called ``name``; an unknown name raises a ValueError listing the names."""
    if name not in EXPLORER_CLASSES:
        raise ValueError(f"no explorer '{name}'; explorers: {', '.join(EXPLORER_CLASSES)}")
    return EXPLORER_CLASSES[name]
