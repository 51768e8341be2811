"""The runnable examples in the patterns modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "specmock.patterns",
    "specmock.patterns.auth",
    "specmock.patterns.evidence",
    "specmock.patterns.features",
    "specmock.patterns.naming",
    "specmock.patterns.vocabulary",
    "specmock.patterns.words",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
