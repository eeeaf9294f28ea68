"""Browser tests: the course in a real JupyterLab, driven through Debian's chromium."""
