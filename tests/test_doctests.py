"""The examples in the docstrings of the rendering, config, attribution and package modules hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("classifier", "classifier.config", "classifier.render", "classifier.report_html", "classifier.models.attribution")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
