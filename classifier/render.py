"""Page reports and extracted articles as text: the readable report, Markdown, and the JSON record.

Pure functions of a ``Page``/``PageReport``; the command line writes what they return.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .report import PageReport
from .types import Page, Section

HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
LIST_TAGS = frozenset({"ul", "ol"})
CELL_TAGS = frozenset({"td", "th"})
# a character that would start Markdown syntax at the beginning of a block
MARKDOWN_LEAD = re.compile(r"^(\s*)([#>*+\-=`|]|\d+[.)]\s)")
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>])")


def text_report(path: str, report: PageReport) -> str:
    """A readable report: headline, sections marked content/noise, inserted links.

    Args:
        path: the input's name, printed on the first line (``== path``).
        report: the page's report.

    Returns:
        The report, lines joined by newlines (no trailing newline).
    """
    lines = [f"== {path}", f"title: {report.title}", f"lang:  {report.lang or 'unknown'}"]
    for name in ("author", "date", "site_name"):
        value = getattr(report, name)
        if value:
            lines.append(f"{name}: {value}")
    if report.headline is not None:
        h = report.headline
        reasons = _reasons(h.reasons)
        lines.append(f"headline: {h.score:.2f} {h.label}" + (f" ({reasons})" if reasons else ""))
    lines.append(f"sections: {len(report.sections)} ({len(report.noise_sections)} noise)")
    for s in report.sections:
        text = s.text if len(s.text) <= 100 else s.text[:97] + "..."
        lines.append(f"  [{s.index:>3}] {s.label:<7} {s.kind:<13} {s.score:.2f}  {text}")
        if s.label == "noise" and s.reasons:
            lines.append(f"{'':8}because {_reasons(s.reasons)}")
    if report.inserted_links:
        lines.append("inserted links (P(off-topic), similarity):")
        for link in report.inserted_links:
            topic = "OFF-TOPIC" if link.off_topic else "on-topic"
            p = "  –  " if link.p_off_topic is None else f"{link.p_off_topic:.2f}"
            lines.append(f"  [{link.section_index:>3}] {topic:<9} {p} {link.similarity:.2f}  {link.text}")
            if link.reasons:
                lines.append(f"{'':8}because {_reasons(link.reasons)}")
    return "\n".join(lines)


def _reasons(reasons: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{name} {value:+.2f}" for name, value in reasons)


def article_record(report: PageReport, *, with_score: bool = False) -> dict[str, Any]:
    """The extracted article with its metadata, as ``chaff extract --format json`` writes it.

    Args:
        report: the page's report.
        with_score: add ``clickbait_score`` (``None`` when no headline model was used).

    Returns:
        ``{"title", "author", "date", "site_name", "lang", "content"[, "clickbait_score"]}``.
    """
    record: dict[str, Any] = {
        "title": report.title,
        "author": report.author,
        "date": report.date,
        "site_name": report.site_name,
        "lang": report.lang,
        "content": report.content,
    }
    if with_score:
        record["clickbait_score"] = None if report.headline is None else round(float(report.headline.score), 4)
    return record


def escape_markdown(text: str, *, block_start: bool = True) -> str:
    """Backslash-escape what Markdown would read as markup in plain text.

    >>> escape_markdown("# 1 *big* deal")
    '\\\\# 1 \\\\*big\\\\* deal'
    >>> escape_markdown("2024. A year", block_start=True)
    '2024\\\\. A year'
    """
    text = MARKDOWN_INLINE.sub(r"\\\1", text)
    if block_start:
        lead = MARKDOWN_LEAD.match(text)
        if lead and not lead.group(2)[0].isdigit():
            text = text[: lead.start(2)] + "\\" + text[lead.start(2) :]
        elif lead:
            digits = lead.group(2).rstrip()
            text = text[: lead.start(2)] + digits[:-1] + "\\" + text[lead.start(2) + len(digits) - 1 :]
    return text


def _table_key(section: Section) -> tuple[str, ...] | None:
    """The path down to a cell's innermost table (cells of one table share it), or ``None``."""
    if section.tag not in CELL_TAGS or not section.path or "table" not in section.path:
        return None
    end = len(section.path) - section.path[::-1].index("table")
    return section.path[:end] + (section.attrs[:end] if section.attrs else ())


def _runs(sections: Sequence[Section]) -> Iterator[tuple[str, list[Section]]]:
    """Group consecutive sections into ``("table", cells)``, ``("list", items)`` or ``("block", [one])``."""
    index = 0
    while index < len(sections):
        section = sections[index]
        key = _table_key(section)
        if key is not None and section.tag == "th":
            end = index + 1
            while end < len(sections) and _table_key(sections[end]) == key:
                end += 1
            yield "table", list(sections[index:end])
        elif section.tag == "li":
            end = index + 1
            while end < len(sections) and sections[end].tag == "li":
                end += 1
            yield "list", list(sections[index:end])
        else:
            end = index + 1
            yield "block", [section]
        index = end


def _table(cells: list[Section]) -> str:
    """A Markdown table: the leading header cells give the width, the other cells fill rows."""
    width = next((i for i, cell in enumerate(cells) if cell.tag != "th"), len(cells))

    def row(items: list[Section]) -> str:
        texts = [escape_markdown(c.text, block_start=False).replace("|", "\\|") for c in items]
        return "| " + " | ".join(texts + [""] * (width - len(texts))) + " |"

    lines = [row(cells[:width]), "|" + " --- |" * width]
    lines += [row(cells[start : start + width]) for start in range(width, len(cells), width)]
    return "\n".join(lines)


def _list(items: list[Section]) -> str:
    lines = []
    for item in items:
        depth = sum(tag in LIST_TAGS for tag in item.path or ())
        lines.append("  " * max(depth - 1, 0) + "- " + escape_markdown(item.text, block_start=False))
    return "\n".join(lines)


def _block(section: Section) -> str:
    level = HEADING_TAGS.get(section.tag or "")
    if level is not None:
        return "#" * level + " " + escape_markdown(section.text, block_start=False)
    text = escape_markdown(section.text)
    return "> " + text if section.path and "blockquote" in section.path else text


def markdown(page: Page, keep: Iterable[bool]) -> str:
    """The kept sections of ``page`` as Markdown.

    Headings become ``#`` lines (by level), list items ``- `` lines (indented by nesting),
    quotations ``> `` lines, and the cells of a table that has header cells (``th``) a table whose
    width is the number of leading header cells (a page's blank cells are not sections, so such
    a row shifts). Tables without header cells, often page layout, become paragraphs. Plain-text
    pages give their paragraphs. Blocks are separated by blank lines.

    Args:
        page: the parsed page.
        keep: for each section, whether it is content.

    Returns:
        The Markdown text ("" when nothing is kept).

    >>> page = Page("T", "en", (Section("Title", tag="h1", path=("html", "body", "h1")),
    ...     Section("One", tag="li", path=("html", "body", "ul", "li")), Section("Two", tag="li", path=("html", "body", "ul", "li"))))
    >>> print(markdown(page, [True, True, True]))
    # Title
    <BLANKLINE>
    - One
    - Two
    """
    kept = [section for section, flag in zip(page.sections, keep) if flag]
    parts = []
    for kind, group in _runs(kept):
        if kind == "table":
            parts.append(_table(group))
        elif kind == "list":
            parts.append(_list(group))
        else:
            parts.append(_block(group[0]))
    return "\n\n".join(parts)
