"""Every explorer of the course, by ``Explorer.name``: where explorer questions find the explorer a
question names, with the controls and quantities it declares.

The table names each explorer's module and class; a module is imported the first time its
explorer is asked for (:func:`explorer_class`), so that reading a quiz bank, or starting a lesson,
does not load every explorer of the course and the libraries behind them. The package's structure
test counts these names as imports, so a circle through them is caught like any other.

>>> explorer_class("perfusion").__name__
'PerfusionExplorer'
>>> explorer_class("nowhere")
Traceback (most recent call last):
...
ValueError: no explorer 'nowhere'; explorers: anatomy, natural_history, load_capacity, healing, lactate_soreness, perfusion, trial_results, heat_cold, effect_size, buoyancy, recurrence_risk, before_after, control_group
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations
    from .base import Explorer

#: Explorer name -> "module:class", in the order the lessons show them.
EXPLORER_MODULES: dict[str, str] = {
    "anatomy": "course.explorers.anatomy:AnatomyExplorer",                          # lesson 01
    "natural_history": "course.explorers.natural_history:NaturalHistoryExplorer",
    "load_capacity": "course.explorers.load_capacity:LoadCapacityExplorer",          # lesson 02
    "healing": "course.explorers.healing:HealingExplorer",
    "lactate_soreness": "course.explorers.lactate_soreness:LactateSorenessExplorer",
    "perfusion": "course.explorers.perfusion:PerfusionExplorer",                     # lesson 03
    "trial_results": "course.explorers.trials:TrialResultsExplorer",                 # lesson 04
    "heat_cold": "course.explorers.heat_cold:HeatColdExplorer",                      # lesson 05
    "effect_size": "course.explorers.effect_size:EffectSizeExplorer",                # lesson 06
    "buoyancy": "course.explorers.buoyancy:BuoyancyExplorer",
    "recurrence_risk": "course.explorers.recurrence:RecurrenceExplorer",             # lesson 07
    "before_after": "course.explorers.before_after:BeforeAfterExplorer",             # lesson 08
    "control_group": "course.explorers.control_group:ControlGroupExplorer",
}


@lru_cache(maxsize=None)
def explorer_class(name: str) -> type[Explorer]:
    """The explorer class called ``name``; an unknown name raises a ValueError listing the names."""
    if name not in EXPLORER_MODULES:
        raise ValueError(f"no explorer '{name}'; explorers: {', '.join(EXPLORER_MODULES)}")
    module, _, cls_name = EXPLORER_MODULES[name].partition(":")
    cls = getattr(importlib.import_module(module), cls_name)
    if cls.name != name:
        raise ValueError(f"{EXPLORER_MODULES[name]} is called '{cls.name}', not '{name}': correct the registry")
    return cls


def explorer_classes() -> dict[str, type[Explorer]]:
    """Every explorer class by name (imports them all)."""
    return {name: explorer_class(name) for name in EXPLORER_MODULES}
