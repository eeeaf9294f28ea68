"""Pure models of the course: parameters in, numbers or arrays out; no plotting, widgets or I/O
beyond reading the course's own data through :mod:`course.data`.

Each module's docstring states its equation or method, the units of every symbol, and what kind
of model it is (fitted to published data, physics with literature parameters, or conceptual).
"""
