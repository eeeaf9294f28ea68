"""Settings shared by every test folder."""


def pytest_configure(config):
    # Tests that install packages or build the whole static edition; deselect with -m "not slow".
    config.addinivalue_line("markers", "slow: takes tens of seconds (a fresh virtual environment, a site build)")
