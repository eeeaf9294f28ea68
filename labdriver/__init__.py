"""Drives the course in a real JupyterLab through Debian's chromium, as a learner does.

Shared by the browser tests (``tests/browser/``) and the browser benchmarks (``bench/browser.py``);
not part of the installed ``course`` package.

- :mod:`labdriver.lab`: a throw-away JupyterLab server, pages bound to it, Run All, the errors a
  notebook shows, and the course's widgets (explorers, quizzes).
- :mod:`labdriver.learner`: what a learner does on any lesson: move an explorer's first control,
  answer a question of any kind, move with the keyboard alone, and time a move to its new figure.
"""
