"""Rendering of reports and articles: the text report, Markdown, the JSON article record."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE_EN, html_page

from classifier import parse, score
from classifier.render import article_record, escape_markdown, markdown, text_report


def all_kept(html: str) -> str:
    page = parse(html)
    return markdown(page, [True] * len(page.sections))


def test_markdown_headings_lists_quotes():
    html = html_page(
        "<h1>Main title</h1><p>First paragraph.</p><h3>Sub part</h3>"
        "<ul><li>one</li><li>two<ul><li>two a</li></ul></li></ul>"
        "<blockquote><p>Said someone.</p></blockquote><ol><li>first</li></ol>"
    )
    assert all_kept(html) == (
        "# Main title\n\nFirst paragraph.\n\n### Sub part\n\n- one\n- two\n  - two a\n\n> Said someone.\n\n- first"
    )


def test_markdown_table_with_header_cells():
    html = html_page(
        "<p>Results:</p><table><thead><tr><th>Team</th><th>Points</th></tr></thead>"
        "<tbody><tr><td>Red | Blue</td><td>10</td></tr><tr><td>Green</td><td>7</td></tr></tbody></table><p>After.</p>"
    )
    assert all_kept(html) == (
        "Results:\n\n| Team | Points |\n| --- | --- |\n| Red \\| Blue | 10 |\n| Green | 7 |\n\nAfter."
    )


def test_markdown_layout_table_without_header_is_paragraphs():
    html = html_page("<table><tr><td>Menu</td><td><p>A long story paragraph.</p></td></tr></table>")
    assert all_kept(html) == "Menu\n\nA long story paragraph."


def test_markdown_keeps_only_content_and_escapes():
    page = parse(html_page("<p>Home</p><p># not a heading *really*</p><p>1. not a list</p>"))
    assert markdown(page, [False, True, True]) == "\\# not a heading \\*really\\*\n\n1\\. not a list"
    assert markdown(page, [False, False, False]) == ""


def test_markdown_of_plain_text_is_paragraphs():
    page = parse("Title\n\nOne paragraph.\n\nTwo.")
    assert markdown(page, [True, True, True]) == "Title\n\nOne paragraph.\n\nTwo."


def test_escape_markdown_inline():
    assert escape_markdown("a_b [x](y) `c`", block_start=False) == "a\\_b \\[x\\](y) \\`c\\`"


def test_text_report_and_article_record():
    report = score(ARTICLE_EN)
    text = text_report("en.html", report)
    assert text.splitlines()[0] == "== en.html"
    assert "title: Floods damage roads in the north" in text
    record = article_record(report, with_score=True)
    assert record["content"] == report.content and record["lang"] == "en"
    assert record["clickbait_score"] == round(report.headline.score, 4)
    assert "clickbait_score" not in article_record(report)


def test_text_report_gives_the_reasons_of_noise_sections_and_inserted_links():
    page = (Path(__file__).resolve().parents[1] / "data" / "examples" / "motivating-id.txt").read_text(encoding="utf-8")
    report = score(page)
    lines = text_report("id.txt", report).splitlines()
    for s in report.noise_sections:
        [line] = [i for i, text in enumerate(lines) if text.startswith(f"  [{s.index:>3}] noise")]
        name, value = s.reasons[0]
        assert lines[line + 1].strip().startswith(f"because {name} {value:+.2f}")
    assert report.inserted_links
    for link in report.inserted_links:
        [line] = [i for i, text in enumerate(lines) if text.startswith(f"  [{link.section_index:>3}] ") and "-TOPIC" in text.upper()]
        assert f"{link.p_off_topic:.2f} {link.similarity:.2f}" in lines[line]
        name, value = link.reasons[0]
        assert lines[line + 1].strip().startswith(f"because {name} {value:+.2f}")
