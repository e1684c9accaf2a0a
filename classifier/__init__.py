"""chaff: separate the wheat from the chaff on news pages.

>>> import classifier
>>> report = classifier.score("<html><body><h1>Title</h1><p>Some text.</p></body></html>")
>>> sorted(report.to_dict())
['content', 'headline', 'inserted_links', 'lang', 'sections', 'title']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import extract, score, score_headlines
from .artifact import load as load_model
from .config import Config
from .page import Page, Section, parse
from .records import filter_records
from .report import PageReport

__all__ = [
    "Config",
    "Page",
    "PageReport",
    "Section",
    "extract",
    "filter_records",
    "load_model",
    "parse",
    "score",
    "score_headlines",
]
