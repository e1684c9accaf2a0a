"""classifier.parsing.parse: decoding, HTML segmentation, titles, plain text, language, to_text."""

from __future__ import annotations

import codecs

import pytest
from conftest import ARTICLE_EN, ARTICLE_ID, EN_PARAGRAPHS, ID_PARAGRAPHS, PLAIN_TEXT_ID, html_page

from classifier.parsing import looks_like_html, parse, to_text
from classifier.text import normalize_space
from classifier.types import Page, Section


def texts(page: Page) -> list[str]:
    return [s.text for s in page.sections]


# --- decoding -------------------------------------------------------------------------------


def test_str_and_utf8_bytes_parse_alike():
    html = html_page("<p>Kafe di Jakarta menjual kopi seharga 25.000 rupiah — café!</p>")
    from_str, from_bytes = parse(html), parse(html.encode("utf-8"))
    assert from_str.source == from_bytes.source == "html"
    assert texts(from_str) == texts(from_bytes) == ["Kafe di Jakarta menjual kopi seharga 25.000 rupiah — café!"]


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_mark_wins(bom, encoding):
    data = bom + html_page("<p>café crème</p>", charset="windows-1252").encode(encoding)
    page = parse(data)
    assert texts(page) == ["café crème"]
    assert "\ufeff" not in page.title


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1", "ISO-8859-1", "latin1"])
def test_declared_single_byte_charset(declared):
    data = html_page("<p>Le café était fermé</p>", charset=declared).encode("cp1252")
    assert texts(parse(data)) == ["Le café était fermé"]


def test_http_equiv_charset_declaration():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    data = html_page("<p>Zoë’s “naïve” café</p>", charset=None, head=head).encode("cp1252")
    assert texts(parse(data)) == ["Zoë’s “naïve” café"]


def test_undeclared_non_utf8_bytes_fall_back_to_cp1252():
    assert texts(parse(b"<p>caf\xe9 \x93quoted\x94</p>")) == ["café “quoted”"]


def test_unknown_declared_charset_falls_back_without_raising():
    data = html_page("<p>caf\xe9</p>", charset="x-no-such-charset").encode("cp1252")
    assert texts(parse(data)) == ["café"]


def test_invalid_utf8_in_a_page_declaring_utf8_keeps_the_valid_characters():
    data = html_page("<p>café BAD crème</p>").encode("utf-8").replace(b"BAD", b"\xff\xfe")
    (text,) = texts(parse(data))
    assert text.startswith("café ") and text.endswith(" crème")
    assert "\ufffd" in text


def test_invalid_utf8_in_an_undeclared_mostly_utf8_page_keeps_utf8():
    data = "<p>café crème brûlée à la carte</p>".encode() + b"<p>one stray byte \xff here</p>"
    page = parse(data)
    assert texts(page)[0] == "café crème brûlée à la carte"


def test_nul_bytes_are_removed():
    page = parse("<p>a\x00b</p>")
    assert texts(page) == ["ab"]


def test_xml_declaration_in_a_str():
    # lxml refuses a str that carries an encoding declaration; parse must strip it, not fall back to text.
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + html_page("<p>After the declaration</p>", title="X")
    page = parse(html)
    assert page.source == "html"
    assert texts(page) == ["After the declaration"]
    assert page.title == "X"


# --- what is dropped --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    [
        "<script>var leaked = 'SCRIPT';</script>",
        "<style>p { color: red } /* STYLE */</style>",
        "<noscript>NOSCRIPT</noscript>",
        "<!-- COMMENT -->",
        "<div hidden>HIDDEN ATTR</div>",
        "<div style='color:red; display: none'>DISPLAY NONE</div>",
        "<div style='visibility:hidden'>VISIBILITY</div>",
        "<div aria-hidden='true'>ARIA HIDDEN</div>",
        "<span hidden>INLINE HIDDEN</span>",
        "<template><p>TEMPLATE</p></template>",
        "<select><option>OPTION</option></select>",
    ],
)
def test_invisible_markup_is_dropped(hidden):
    page = parse(html_page(f"<p>Before</p>{hidden}<p>After</p>"))
    assert texts(page) == ["Before", "After"]


def test_hidden_inline_element_keeps_the_surrounding_text_and_tail():
    page = parse(html_page("<p>see <span style='display:none'>secret</span> more <b hidden>x</b> end</p>"))
    assert texts(page) == ["see more end"]


def test_aria_hidden_false_is_visible():
    page = parse(html_page("<div aria-hidden='false'>Visible text</div>"))
    assert texts(page) == ["Visible text"]


# --- blocks and structure ---------------------------------------------------------------------


def test_br_splits_a_paragraph():
    page = parse(html_page("<p>first line<br>second line<br/>third <b>bold</b></p>"))
    assert texts(page) == ["first line", "second line", "third bold"]
    assert {s.tag for s in page.sections} == {"p"}


def test_hr_splits_too():
    assert texts(parse(html_page("<div>above<hr>below</div>"))) == ["above", "below"]


def test_lists_tables_captions_and_headings_are_sections():
    body = (
        "<h2 class='sub-title'>A heading</h2>"
        "<ul class='menu' id='main-nav'><li><a href='/'>Home</a></li><li>Plain <a href='/x'>item</a></li></ul>"
        "<table><caption>Table caption</caption><tr><th>Head cell</th><td>Data cell</td></tr></table>"
        "<figure><img src='x.jpg'><figcaption>Photo caption</figcaption></figure>"
    )
    page = parse(html_page(body))
    by_text = {s.text: s for s in page.sections}
    assert list(by_text) == ["A heading", "Home", "Plain item", "Table caption", "Head cell", "Data cell", "Photo caption"]
    assert by_text["A heading"].tag == "h2"
    assert by_text["A heading"].attrs[-1] == "sub title"
    home = by_text["Home"]
    assert home.tag == "li"
    assert home.path == ("html", "body", "ul", "li")
    assert home.depth == 4
    assert home.attrs == ("", "", "menu main nav", "")
    assert home.link_chars == 4
    assert by_text["Plain item"].link_chars == len("item")
    assert by_text["Table caption"].tag == "caption"
    assert by_text["Head cell"].tag == "th"
    assert by_text["Data cell"].tag == "td"
    assert by_text["Data cell"].path == ("html", "body", "table", "tbody", "tr", "td")  # HTML5 inserts tbody
    assert by_text["Photo caption"].tag == "figcaption"
    assert by_text["Photo caption"].path[-2:] == ("figure", "figcaption")


def test_link_strong_and_lead_strong_counts():
    page = parse(html_page("<p><strong>Baca juga:</strong> <a href='/x'>Harga BBM naik lagi</a></p><p>Plain <b>mid</b> end</p>"))
    first, second = page.sections
    assert first.text == "Baca juga: Harga BBM naik lagi"
    assert first.lead_strong == len("Baca juga:")
    assert first.strong_chars == len("Baca juga:")
    assert first.link_chars == len("Harga BBM naik lagi")
    assert second.lead_strong == 0
    assert second.strong_chars == 3
    assert second.link_chars == 0


def test_counts_never_exceed_text_length():
    page = parse(html_page("<p><a><b>   x   </b></a>  <a> <strong> y </strong> </a></p>"))
    for section in page.sections:
        for value in (section.link_chars, section.strong_chars, section.lead_strong):
            assert 0 <= value <= len(section.text)


def test_text_around_a_nested_block_becomes_separate_sections():
    page = parse(html_page("<div>outer <p>inner</p> after</div>"))
    assert texts(page) == ["outer", "inner", "after"]
    assert [s.tag for s in page.sections] == ["div", "p", "div"]


def test_whitespace_is_collapsed_and_entities_decoded():
    page = parse(html_page("<p>  a&nbsp;&amp;\n\t b  &eacute; </p>"))
    assert texts(page) == ["a & b é"]


# --- titles -----------------------------------------------------------------------------------


def test_title_is_the_heading_the_metadata_agrees_with():
    head = '<meta property="og:title" content="Floods hit the north of the city | The Daily Star">'
    body = "<h1><a href='/'>The Daily Star</a></h1><nav><a>Home</a></nav><h1>Floods hit the north of the city</h1><p>Body</p>"
    page = parse(html_page(body, title="Floods hit the north of the city - The Daily Star", head=head))
    assert page.title == "Floods hit the north of the city"


def test_title_is_never_the_site_name_or_a_menu_word():
    head = '<meta property="og:site_name" content="The Columbus Dispatch">'
    body = ("<h1><a href='/'>The Columbus Dispatch</a></h1><h2><a href='/news'>News</a></h2>"
            "<h2>City council approves the new transit budget</h2><p>" + "Words of the story. " * 20 + "</p>")
    page = parse(html_page(body, title="City council approves the new transit budget", head=head))
    assert page.title == "City council approves the new transit budget"


def test_title_falls_back_to_h1_then_title_tag():
    assert parse(html_page("<h1>The <em>H1</em></h1><p>Body</p>", title="Tag")).title == "The H1"
    assert parse(html_page("<p>Body</p>", title="The title tag")).title == "The title tag"


def test_empty_og_title_is_skipped():
    head = '<meta property="og:title" content="  ">'
    assert parse(html_page("<h1>The H1</h1>", head=head)).title == "The H1"


def test_metadata_is_read():
    head = ('<meta name="author" content="Budi Santoso"><meta property="article:published_time" content="2025-06-18">'
            '<meta property="og:site_name" content="Kompas">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harga BBM naik"}</script>')
    page = parse(html_page("<h1>Harga BBM naik</h1><p>Isi.</p>", head=head))
    assert (page.meta.author, page.meta.date, page.meta.site_name) == ("Budi Santoso", "2025-06-18", "Kompas")
    assert page.title == "Harga BBM naik"


def test_title_without_any_title_markup_is_the_first_section():
    assert parse(html_page("<p>First block</p><p>Second</p>", title=None)).title == "First block"


def test_plain_text_title_is_the_first_non_empty_line():
    assert parse("\n\n  Judul berita  \n\nIsi berita.").title == "Judul berita"


# --- plain text -------------------------------------------------------------------------------


def test_plain_text_paragraphs_split_on_blank_lines():
    page = parse("Title\n\nFirst paragraph\nwraps here.\n \t\nSecond paragraph.\r\n\r\nThird.")
    assert page.source == "text"
    assert texts(page) == ["Title", "First paragraph wraps here.", "Second paragraph.", "Third."]
    for section in page.sections:
        assert section.tag is None and section.path is None and section.attrs is None
        assert section.link_chars is None and section.strong_chars is None and section.lead_strong is None
        assert section.depth is None


def test_plain_text_without_blank_lines_splits_on_lines():
    page = parse("Title\nLine one.\r\nLine two.\n   \nLine three.")
    # "\n   \n" is a blank line: then blocks are split on blank lines only
    assert texts(page) == ["Title Line one. Line two.", "Line three."]
    page = parse("Title\nLine one.\r\nLine two.")
    assert texts(page) == ["Title", "Line one.", "Line two."]


def test_text_with_angle_brackets_is_not_html():
    page = parse("if a < b and c > d then\n\nstop")
    assert page.source == "text"
    assert texts(page) == ["if a < b and c > d then", "stop"]
    assert looks_like_html("<P>upper</P>")


def test_empty_inputs_give_an_empty_page():
    for empty in ("", b"", "   \n\n ", "<html></html>", html_page("", title=None), html_page("<script>x</script>", title=None)):
        page = parse(empty)
        assert page.sections == ()
        assert page.title == ""


# --- language ---------------------------------------------------------------------------------


def test_language_detection():
    assert parse(ARTICLE_ID).lang == "id"
    assert parse(ARTICLE_EN).lang == "en"
    assert parse(PLAIN_TEXT_ID).lang == "id"
    assert parse("\n\n".join(EN_PARAGRAPHS)).lang == "en"
    assert parse("12345 67890\n\n3.14").lang is None
    assert parse("").lang is None


def test_lang_hint_overrides_detection():
    assert parse(ARTICLE_EN, lang_hint="id").lang == "id"


# --- to_text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [ARTICLE_ID, ARTICLE_EN, PLAIN_TEXT_ID, "One\nTwo\nThree"])
def test_to_text_round_trip(source):
    page = parse(source)
    rendered = to_text(page)
    again = parse(rendered)
    assert again.source == "text"
    assert texts(again) == texts(page)
    assert all(isinstance(s, Section) for s in again.sections)


def test_to_text_joins_with_blank_lines():
    page = parse(html_page("<p>a</p><p>b</p>"))
    assert to_text(page) == "a\n\nb"


def test_page_and_section_are_frozen():
    page = parse("<p>x</p>")
    with pytest.raises(AttributeError):
        page.title = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        page.sections[0].text = "y"  # type: ignore[misc]


def test_round_trip_of_sample_articles_keeps_paragraphs():
    assert set(ID_PARAGRAPHS) <= set(texts(parse(ARTICLE_ID)))


def test_to_text_round_trip_with_escaped_markup_in_the_text():
    page = parse(html_page("<p>Use the &lt;p&gt; element for paragraphs.</p><p>Second one.</p>"))
    assert texts(page) == ["Use the <p> element for paragraphs.", "Second one."]
    again = parse(to_text(page), source="text")
    assert texts(again) == texts(page)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.text(
    alphabet=st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs"), blacklist_characters="<>&"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=4), min_size=1, max_size=8))
def test_to_text_round_trip_property(blocks):
    body = "".join("<p>" + "<br>".join(lines) + "</p>" for lines in blocks)
    page = parse(html_page(body))
    assert page.source == "html"
    expected = [t for t in (normalize_space(line) for lines in blocks for line in lines) if t]
    assert texts(page) == expected
    assert texts(parse(to_text(page))) == texts(page)
