"""Explorers: sliders wired to a pure model, a live figure and a text readout.

Each explorer lives in its own module and subclasses :class:`course.explorers.base.Explorer`.
"""
