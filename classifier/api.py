"""The public functions: score a page, extract its content, score headlines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .analyze import analyze, content_of, decide
from .artifact import load_default
from .config import Config
from .errors import InputError
from .models import headlines
from .parsing import parse
from .report import PageReport
from .types import Source

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked_page(page: object, function: str) -> str | bytes:
    """``page`` if it is ``str`` or ``bytes`` (lone surrogates, which no UTF-8 output can hold,
    replaced by U+FFFD); anything else is refused, naming what was given."""
    if not isinstance(page, str | bytes):
        raise InputError(f"{function}() takes the page as str or bytes, not {type(page).__name__}")
    if isinstance(page, str) and LONE_SURROGATE.search(page):
        return LONE_SURROGATE.sub("\ufffd", page)
    return page


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
        model_dir: a folder holding ``sections.chaff``/``headlines.chaff``/``offtopic.chaff`` to use instead of
            the shipped models.
        config: decision thresholds.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.

    Returns:
        A ``PageReport``; ``report.content`` is the clean article text.

    Raises:
        InputError: ``page`` is neither ``str`` nor ``bytes``.
    """
    parsed = parse(_checked_page(page, "score"), lang_hint=lang, source=source, config=config)
    if title is not None:
        parsed = replace(parsed, title=title)
    return analyze(
        parsed,
        sections_model=load_default("sections", model_dir),
        headlines_model=load_default("headlines", model_dir),
        offtopic_model=load_default("offtopic", model_dir),
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
        model_dir: a folder holding a section model to use instead of the shipped one.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.
        config: what to favour (``Config.favor``), thresholds and limits.

    Raises:
        InputError: ``page`` is neither ``str`` nor ``bytes``.
    """
    parsed = parse(_checked_page(page, "extract"), lang_hint=lang, source=source, config=config)
    return content_of(parsed, decide(parsed, load_default("sections", model_dir), config))


def score_headlines(
    texts: Sequence[str] | str, *, lang: str | None = None, model_dir: str | None = None
) -> np.ndarray:
    """P(clickbait) of each headline (0.0 for an empty or whitespace-only one).

    Args:
        texts: headlines; a bare ``str`` is one headline.
        lang: the headlines' language code (e.g. ``"id"``): routes them to that language's expert
            (the pooled one for a language without its own); ``None`` detects it per headline.
        model_dir: a folder holding ``headlines.chaff`` to use instead of the shipped model.

    Returns:
        A ``float64`` array, one probability per headline.

    Raises:
        InputError: an item is not a string (the message gives its index).
    """
    return headlines.score(texts, load_default("headlines", model_dir), lang=lang)
