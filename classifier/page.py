"""Where ``Page``, ``Section`` and ``parse`` were imported from before ``classifier.parse`` and
``classifier.types``; kept so that code written against chaff 0.1 still imports."""

from __future__ import annotations

from .parse import looks_like_html, parse, to_text
from .types import Page, Section, Source

__all__ = ["Page", "Section", "Source", "looks_like_html", "parse", "to_text"]
