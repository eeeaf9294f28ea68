"""Back Muscle Therapy: the Python package behind the course's lessons.

Lessons import what they need from here, by name::

    from course import show_quiz, explore_natural_history, show_claim

Importing ``course`` changes no global state: no matplotlib rcParams, random seeds or warning
filters are touched. The figure style is applied explicitly by the plotting helpers.
"""

from .data import cite, load
from .evidence import claim, claims, reference, show_claim

__all__ = [
    "cite",
    "claim",
    "claims",
    "load",
    "reference",
    "show_claim",
]
