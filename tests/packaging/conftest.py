"""Figures the packaging smoke test measures are printed at the end of the run."""

from __future__ import annotations

import pytest

FIGURES_KEY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def packaging_figures(request) -> list[str]:
    return request.config.stash.setdefault(FIGURES_KEY, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = config.stash.get(FIGURES_KEY, [])
    if figures:
        terminalreporter.section("desktop bundle figures")
        for line in figures:
            terminalreporter.write_line(line)
