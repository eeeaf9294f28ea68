"""Benchmarks of the course (``make bench``): one line per measurement, ``name key=value ...``."""
