"""Pipelines are loaded once per test session (loading the model takes about a second)."""

from __future__ import annotations

import pytest

from claimdesk.nlp import PipelineUnavailable, load_pipeline


@pytest.fixture(scope="session", params=["model", "rules"])
def claim_pipeline(request):
    """Each test using this runs once with the trained-model pipeline and once with rules."""
    try:
        return load_pipeline(request.param)
    except PipelineUnavailable as error:
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def rules_pipeline():
    return load_pipeline("rules")
