"""Fixtures for the schema tests."""

from __future__ import annotations

import pytest

from specmock.config import Quality


@pytest.fixture(params=list(Quality), ids=str)
def quality(request: pytest.FixtureRequest) -> Quality:
    """Every quality level."""
    return request.param  # type: ignore[no-any-return]
