"""chaff: separate the wheat from the chaff on news pages.

>>> import classifier
>>> report = classifier.score("<html><body><h1>Title</h1><p>Some text.</p></body></html>")
>>> sorted(report.to_dict())
['content', 'headline', 'inserted_links', 'lang', 'sections', 'title']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .analyze import analyze
from .artifact import load as load_model
from .artifact import load_default
from .config import Config
from .page import Page, Section, parse
from .report import PageReport

__all__ = ["Config", "Page", "PageReport", "Section", "extract", "load_model", "parse", "score"]


def score(
    page: str | bytes,
    *,
    title: str | None = None,
    lang: str | None = None,
    model_dir: str | None = None,
    config: Config = Config(),
) -> PageReport:
    """Analyse an HTML or plain-text page.

    Args:
        page: the page, as text or raw bytes (decoded from BOM, UTF-8 or the declared charset).
        title: the headline to rate, when the caller knows it better than the page does.
        lang: the page's language code, when known (otherwise detected).
        model_dir: a folder holding ``sections.joblib``/``headlines.joblib`` to use instead of
            the shipped models.
        config: decision thresholds.

    Returns:
        A ``PageReport``; ``report.content`` is the clean article text.
    """
    parsed = parse(page, lang_hint=lang)
    if title is not None:
        parsed = Page(title, parsed.lang, parsed.sections, parsed.source)
    return analyze(parsed, sections_model=load_default("sections", model_dir), config=config)


def extract(page: str | bytes, *, lang: str | None = None, model_dir: str | None = None) -> str:
    """The core content of an HTML or plain-text page, sections joined by blank lines ("" if none)."""
    return score(page, lang=lang, model_dir=model_dir).content
