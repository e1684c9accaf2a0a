"""A page report as a self-contained HTML page (``chaff score --format html``).

The page under analysis is untrusted input, so every piece of its text is escaped, and the report
carries a Content-Security-Policy that forbids scripts and any network access: styles are inline,
there are no fonts, images or scripts to fetch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from .report import InsertedLink, PageReport

# colours of the section kinds (presentation only); unknown kinds get OTHER_COLOUR
KIND_COLOURS: dict[str, str] = {
    "paragraph": "#2e7d32",
    "heading": "#1b5e20",
    "inserted_link": "#c62828",
    "related": "#ef6c00",
    "navigation": "#6a1b9a",
    "advertisement": "#ad1457",
    "share": "#0277bd",
    "byline": "#00838f",
    "footer": "#5d4037",
    "caption": "#827717",
    "other": "#757575",
}
OTHER_COLOUR = "#9e9e9e"
CLICKBAIT_COLOUR = "#c62828"
NOT_CLICKBAIT_COLOUR = "#2e7d32"
KIND_CLASS = re.compile(r"[^a-z0-9_-]")

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#fafafa;color:#212121}
main{max-width:960px;margin:0 auto;padding:16px}
article.page{background:#fff;border:1px solid #ddd;border-radius:6px;padding:16px 20px;margin:0 0 24px}
h1.title{font-size:1.5em;margin:0 0 4px}
.meta{color:#616161;font-size:.9em;margin:0 0 12px}
.gauge{margin:12px 0;padding:10px 12px;background:#f5f5f5;border-radius:6px}
.gauge .bar{height:14px;background:#e0e0e0;border-radius:7px;overflow:hidden;margin:6px 0}
.gauge .fill{height:100%}
.reasons{border-collapse:collapse;font-size:.85em;margin-top:6px}
.reasons td{padding:1px 6px}
.reasons .r{display:inline-block;height:10px;border-radius:2px}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:.85em;margin:10px 0 14px}
.legend span.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
.sec{border-left:6px solid;padding:4px 10px;margin:6px 0;border-radius:2px}
.sec.content{background:#fff}
.sec.noise{background:#eeeeee;color:#616161}
.sec.heading p{font-weight:600;font-size:1.15em}
.sec p{margin:2px 0}
.badge{font:11px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#fff;border-radius:3px;padding:0 5px;margin-right:4px;display:inline-block}
.badge.label{background:#424242}
.badge.off{background:#c62828}
.badge.on{background:#2e7d32}
table.links{border-collapse:collapse;font-size:.9em;width:100%}
table.links tr.off td:nth-child(2){color:#c62828;font-weight:600}
table.links tr.on td:nth-child(2){color:#2e7d32}
table.links td,table.links th{border-bottom:1px solid #e0e0e0;padding:3px 6px;text-align:left;vertical-align:top}
"""


def kind_colour(kind: str) -> str:
    """The colour that marks sections of ``kind``.

    >>> kind_colour("inserted_link"), kind_colour("something new")
    ('#c62828', '#9e9e9e')
    """
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def _kind_class(kind: str) -> str:
    return "k-" + KIND_CLASS.sub("", kind.lower())


def _gauge(report: PageReport) -> str:
    headline = report.headline
    if headline is None:
        return '<div class="gauge">No headline model: the headline was not rated.</div>'
    colour = CLICKBAIT_COLOUR if headline.label == "clickbait" else NOT_CLICKBAIT_COLOUR
    width = max(0.0, min(1.0, headline.score)) * 100
    rows = []
    biggest = max((abs(value) for _, value in headline.reasons), default=0.0) or 1.0
    for name, value in headline.reasons:
        bar_colour = CLICKBAIT_COLOUR if value > 0 else NOT_CLICKBAIT_COLOUR
        rows.append(
            f"<tr><td>{escape(name)}</td><td>{value:+.2f}</td><td><span class=\"r\" "
            f'style="width:{abs(value) / biggest * 160:.0f}px;background:{bar_colour}"></span></td></tr>'
        )
    reasons = f'<table class="reasons"><tbody>{"".join(rows)}</tbody></table>' if rows else ""
    return (
        f'<div class="gauge" data-score="{headline.score:.4f}"><strong>Headline: {headline.score:.2f} '
        f'{escape(headline.label.replace("_", " "))}</strong> &mdash; <q>{escape(headline.text)}</q>'
        f'<div class="bar" role="meter" aria-valuemin="0" aria-valuemax="1" aria-valuenow="{headline.score:.4f}">'
        f'<div class="fill" style="width:{width:.1f}%;background:{colour}"></div></div>'
        f"Reasons (contribution to the log-odds, + towards clickbait):{reasons}</div>"
    )


def _legend(report: PageReport) -> str:
    kinds = sorted({section.kind for section in report.sections})
    items = [
        '<span><span class="sw" style="background:#fff;border:1px solid #9e9e9e"></span>content (white)</span>',
        '<span><span class="sw" style="background:#eeeeee;border:1px solid #9e9e9e"></span>noise (grey)</span>',
    ]
    items += [f'<span><span class="sw" style="background:{kind_colour(k)}"></span>{escape(k)}</span>' for k in kinds]
    return f'<div class="legend" aria-label="legend">{"".join(items)}</div>'


def article(path: str, report: PageReport) -> str:
    """One page's report as an ``<article>`` element (every page text escaped).

    Args:
        path: the input's name, shown in the header.
        report: the page's report.

    Returns:
        HTML for the page's report, to be placed in ``document``.
    """
    links = {link.section_index: link for link in report.inserted_links}
    meta = [f"file: {escape(path)}", f"language: {escape(report.lang or 'unknown')}"]
    meta += [f"{name.replace('_', ' ')}: {escape(value)}" for name in ("author", "date", "site_name") if (value := getattr(report, name))]
    meta.append(f"{len(report.sections)} sections, {len(report.noise_sections)} noise")
    sections = []
    for s in report.sections:
        badges = f'<span class="badge label">[{s.index}] {escape(s.label)} &middot; {escape(s.kind)} &middot; {s.score:.2f}</span>'
        link = links.get(s.index)
        if link is not None:
            judged = "off" if link.off_topic else "on"
            badges += f'<span class="badge {judged}">{judged}-topic &middot; P(off) {_p_off(link)} &middot; similarity {link.similarity:.2f}</span>'
        heading = " heading" if s.kind == "heading" else ""
        sections.append(
            f'<div class="sec {escape(s.label)} {_kind_class(s.kind)}{heading}" id="s{s.index}" data-index="{s.index}" '
            f'data-label="{escape(s.label)}" data-kind="{escape(s.kind)}" style="border-color:{kind_colour(s.kind)}">'
            f"{badges}<p>{escape(s.text)}</p></div>"
        )
    link_rows = "".join(
        f'<tr class="{"off" if link.off_topic else "on"}"><td><a href="#s{link.section_index}">{link.section_index}</a></td>'
        f'<td>{"OFF-TOPIC" if link.off_topic else "on-topic"}</td><td>{_p_off(link)}</td><td>{link.similarity:.2f}</td>'
        f'<td>{escape(", ".join(f"{n} {v:+.2f}" for n, v in link.reasons))}</td><td>{escape(link.text)}</td></tr>'
        for link in report.inserted_links
    )
    links_table = (
        "<h2>Inserted links</h2><table class=\"links\"><thead><tr><th>section</th><th>judgement</th>"
        f"<th>P(off-topic)</th><th>similarity</th><th>reasons</th><th>text</th></tr></thead><tbody>{link_rows}</tbody></table>"
        if report.inserted_links
        else "<p>No inserted links.</p>"
    )
    return (
        f'<article class="page"><h1 class="title">{escape(report.title) or "(no title)"}</h1>'
        f'<p class="meta">{" &middot; ".join(meta)}</p>{_gauge(report)}{links_table}'
        f"<h2>Sections</h2>{_legend(report)}{''.join(sections)}</article>"
    )


def document(articles: Iterable[str], *, title: str = "chaff report") -> str:
    """A complete, self-contained HTML page around ``article`` outputs.

    Args:
        articles: HTML fragments from ``article``.
        title: the page's ``<title>`` (escaped).

    Returns:
        The HTML page.
    """
    return document_start(title) + "".join(articles) + DOCUMENT_END


def document_start(title: str = "chaff report") -> str:
    """The head and the opening of the body of a report page (see ``document``)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>\n"
    )


DOCUMENT_END = "</main></body></html>\n"


def render(path: str, report: PageReport) -> str:
    """One page's report as a complete HTML page.

    >>> from classifier.report import PageReport, SectionResult
    >>> page = render("x.html", PageReport("<b>T</b>", "en", None, (SectionResult(0, "<script>", "noise", 0.1, "other"),), (), ""))
    >>> "<script>" in page, "&lt;script&gt;" in page
    (False, True)
    """
    return document([article(path, report)], title=f"chaff: {path}")


def _p_off(link: InsertedLink) -> str:
    """P(off-topic) as shown, "–" for a label with no headline to judge."""
    return "–" if link.p_off_topic is None else f"{link.p_off_topic:.2f}"
