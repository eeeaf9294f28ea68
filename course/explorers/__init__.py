"""Explorers: sliders wired to a pure model, a live figure and a text readout.

Each explorer lives in its own module, named after it, and subclasses
:class:`course.explorers.base.Explorer`; it declares its controls and quantities once
(:mod:`course.explorers.declarations`). :mod:`course.explorers.registry` lists them all by name.
"""
