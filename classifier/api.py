"""The public functions: score a page, extract its content, score headlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .analyze import analyze, content_of, decide
from .artifact import load_default
from .config import Config
from .models import headlines
from .parsing import parse
from .types import Source
from .report import PageReport


def score(
    page: str | bytes,
    *,
    title: str | None = None,
    lang: str | None = None,
    model_dir: str | None = None,
    config: Config = Config(),
    source: Source | None = None,
) -> PageReport:
    """Analyse an HTML or plain-text page.

    Args:
        page: the page, as text or raw bytes (decoded from BOM, UTF-8 or the declared charset).
        title: the headline to rate, when the caller knows it better than the page does.
        lang: the page's language code, when known (otherwise detected).
        model_dir: a folder holding ``sections.joblib``/``headlines.joblib`` to use instead of
            the shipped models.
        config: decision thresholds.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.

    Returns:
        A ``PageReport``; ``report.content`` is the clean article text.
    """
    parsed = parse(page, lang_hint=lang, source=source, config=config)
    if title is not None:
        parsed = replace(parsed, title=title)
    return analyze(
        parsed,
        sections_model=load_default("sections", model_dir),
        headlines_model=load_default("headlines", model_dir),
        config=config,
    )


def extract(
    page: str | bytes,
    *,
    lang: str | None = None,
    model_dir: str | None = None,
    source: Source | None = None,
    config: Config = Config(),
) -> str:
    """The core content of an HTML or plain-text page, sections joined by blank lines ("" if none).

    Args:
        page: the page, as text or raw bytes.
        lang: the page's language code, when known.
        model_dir: a folder holding a ``sections.joblib`` to use instead of the shipped model.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.
        config: what to favour (``Config.favor``), thresholds and limits.
    """
    parsed = parse(page, lang_hint=lang, source=source, config=config)
    return content_of(parsed, decide(parsed, load_default("sections", model_dir), config))


def score_headlines(
    texts: Sequence[str] | str, *, lang: str | None = None, model_dir: str | None = None
) -> np.ndarray:
    """P(clickbait) of each headline (0.0 for an empty or whitespace-only one).

    Args:
        texts: headlines; a bare ``str`` is one headline.
        lang: the headlines' language code (e.g. ``"id"``): routes them to that language's expert
            (the pooled one for a language without its own); ``None`` detects it per headline.
        model_dir: a folder holding ``headlines.joblib`` to use instead of the shipped model.

    Returns:
        A ``float64`` array, one probability per headline.

    Raises:
        InputError: an item is not a string (the message gives its index).
    """
    return headlines.score(texts, load_default("headlines", model_dir), lang=lang)
