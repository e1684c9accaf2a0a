"""Pages into ``Page``s: decoding (``decode``), HTML5 segmentation (``html``), plain text (``text``),
headline and metadata (``meta``, ``title``), and ``parse`` that ties them together (``page``)."""

from __future__ import annotations

from .page import looks_like_html, parse, to_text

__all__ = ["looks_like_html", "parse", "to_text"]
