"""The public API: extract() and score() on articles, plain text and hostile input."""

from __future__ import annotations

import json
import math
import os

import pytest
from conftest import (
    ARTICLE_EN,
    ARTICLE_ID,
    EN_PARAGRAPHS,
    ID_FOOTER,
    ID_HEADING,
    ID_NAV,
    ID_PARAGRAPHS,
    PLAIN_TEXT_ID,
    html_page,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import classifier
from classifier import Config, PageReport, extract, score

REPORT_KEYS = {
    "title", "lang", "author", "date", "site_name", "headline", "sections", "inserted_links", "content",
    "empty_reason", "replaced", "limits",
}
SECTION_KEYS = {"index", "text", "label", "score", "kind", "kind_score", "reasons"}


def test_public_api_names():
    for name in ("extract", "score", "PageReport", "load_model", "parse", "Config"):
        assert name in classifier.__all__
        assert hasattr(classifier, name)


# --- articles ---------------------------------------------------------------------------------


def test_extract_keeps_the_article_and_drops_navigation():
    content = extract(ARTICLE_ID)
    blocks = content.split("\n\n")
    for paragraph in ID_PARAGRAPHS:
        assert paragraph in blocks
    for word in ID_NAV:
        assert word not in blocks
    assert ID_FOOTER not in content


def test_extract_english_article():
    content = extract(ARTICLE_EN)
    for paragraph in EN_PARAGRAPHS:
        assert paragraph in content
    assert "Home" not in content
    assert "All rights reserved" not in content


def test_extract_bytes_equals_extract_str():
    assert extract(ARTICLE_ID.encode("utf-8")) == extract(ARTICLE_ID)


def test_score_labels_every_section():
    report = score(ARTICLE_ID)
    assert isinstance(report, PageReport)
    assert report.title == ID_HEADING
    assert report.lang == "id"
    assert [s.index for s in report.sections] == list(range(len(report.sections)))
    by_text = {s.text: s for s in report.sections}
    for paragraph in ID_PARAGRAPHS:
        assert by_text[paragraph].label == "content"
        assert by_text[paragraph].kind == "paragraph"
    for word in ID_NAV:
        assert by_text[word].label == "noise"
        assert by_text[word].kind == "navigation"
    assert by_text[ID_FOOTER].label == "noise"
    assert by_text[ID_FOOTER].kind == "footer"
    assert report.content == "\n\n".join(s.text for s in report.sections if s.label == "content")
    assert {s.text for s in report.noise_sections} >= {*ID_NAV, ID_FOOTER}
    for section in report.sections:
        assert 0.0 <= section.score <= 1.0


def test_score_title_and_lang_overrides():
    report = score(ARTICLE_ID, title="Judul lain", lang="en")
    assert report.title == "Judul lain"
    assert report.lang == "en"


def test_content_threshold_config():
    keep_all = score(ARTICLE_ID, config=Config(content_threshold=0.0))
    assert all(s.label == "content" for s in keep_all.sections)
    keep_none = score(ARTICLE_ID, config=Config(content_threshold=1.01))
    assert keep_none.content == "" and keep_none.empty_reason == "all_noise"
    assert all(s.label == "noise" for s in keep_none.sections)


def test_without_a_threshold_the_best_text_of_each_page_is_kept():
    report = score(ARTICLE_ID)
    best = max(report.sections, key=lambda s: s.score)
    assert best.label == "content" and best.text in report.content and report.empty_reason is None


def test_plain_text_article():
    content = extract(PLAIN_TEXT_ID)
    for paragraph in ID_PARAGRAPHS:
        assert paragraph in content.split("\n\n")
    report = score(PLAIN_TEXT_ID)
    assert report.lang == "id"
    assert report.title == ID_HEADING
    assert len(report.sections) == 1 + len(ID_PARAGRAPHS)


INSERTED_LINE = "Baca Juga: Polisi tangkap pencuri motor di Bekasi"
INSERTED_PAGES = {
    "text": "\n\n".join((ID_HEADING, ID_PARAGRAPHS[0], INSERTED_LINE, *ID_PARAGRAPHS[1:])),
    "html": html_page(
        f"<article><h1>{ID_HEADING}</h1><p>{ID_PARAGRAPHS[0]}</p>"
        "<p><strong>Baca Juga:</strong> <a href='/berita/123'>Polisi tangkap pencuri motor di Bekasi</a></p>"
        + "".join(f"<p>{p}</p>" for p in ID_PARAGRAPHS[1:])
        + "</article>"
    ),
}


@pytest.mark.parametrize("source", ["text", "html"])
def test_inserted_link_line_is_noise(source):
    report = score(INSERTED_PAGES[source])
    inserted = [s for s in report.sections if s.text == INSERTED_LINE]
    assert len(inserted) == 1
    assert inserted[0].label == "noise"
    assert inserted[0].kind == "inserted_link"
    assert "Baca Juga" not in report.content


@pytest.mark.parametrize("source", ["text", "html"])
def test_story_paragraphs_around_an_inserted_link_are_kept(source):
    content = extract(INSERTED_PAGES[source]).split("\n\n")
    for paragraph in ID_PARAGRAPHS:
        assert paragraph in content


def test_trailing_related_articles_label_is_noise():
    text = "\n\n".join((ID_HEADING, *ID_PARAGRAPHS, *EN_PARAGRAPHS, "Artikel Terkait"))
    last = score(text).sections[-1]
    assert last.text == "Artikel Terkait"
    assert last.label == "noise"
    assert last.kind in ("related", "inserted_link")


def test_to_dict_is_json_safe_with_the_design_keys():
    report = score(ARTICLE_ID)
    data = report.to_dict()
    assert set(data) == REPORT_KEYS
    again = json.loads(json.dumps(data, allow_nan=False))
    assert again == data
    assert data["content"] == report.content
    assert data["title"] == ID_HEADING and data["lang"] == "id"
    assert data["headline"] is None or {"text", "score", "label", "reasons"} <= set(data["headline"])
    assert isinstance(data["inserted_links"], list)
    for item in data["sections"]:
        assert set(item) == SECTION_KEYS
        assert item["label"] in ("content", "noise")
        assert isinstance(item["score"], float) and math.isfinite(item["score"])
        assert isinstance(item["kind"], str) and item["kind"]
    assert [s["index"] for s in data["sections"]] == list(range(len(data["sections"])))


def test_to_dict_of_an_empty_page():
    data = score("").to_dict()
    assert set(data) == REPORT_KEYS
    assert data["sections"] == [] and data["content"] == "" and data["title"] == ""
    json.dumps(data, allow_nan=False)


# --- hostile input ----------------------------------------------------------------------------


def assert_safe(page) -> str:
    """extract returns a str and score a JSON-safe report, without raising."""
    content = extract(page)
    assert isinstance(content, str)
    report = score(page)
    assert isinstance(report, PageReport)
    assert report.content == content
    json.dumps(report.to_dict())
    return content


@pytest.mark.parametrize("empty", ["", b"", " ", "\n\n\n", b"\xef\xbb\xbf", "<html></html>", "<!DOCTYPE html>"])
def test_empty_input_gives_empty_string(empty):
    assert assert_safe(empty) == ""


def test_binary_garbage():
    assert_safe(os.urandom(1) + bytes(range(256)) * 8)
    assert_safe(b"\x00" * 1000)
    assert_safe(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_invalid_utf8():
    content = assert_safe(b"<p>" + b"Ini adalah kalimat yang cukup panjang. \xc3\x28 \xa0\xa1 \xff" * 20 + b"</p>")
    assert "\x00" not in content


def test_page_with_no_text():
    assert assert_safe(html_page("<div><img src='a.png'><br><hr><iframe src='x'></iframe><script>var a=1;</script></div>")) == ""


def test_page_of_only_links():
    links = "".join(f"<li><a href='/{i}'>Tautan nomor {i}</a></li>" for i in range(200))
    content = assert_safe(html_page(f"<ul>{links}</ul>"))
    assert len(content) < 200  # nothing like an article here


def test_deeply_nested_page():
    depth = 5000
    assert_safe("<div>" * depth + "deep text" + "</div>" * depth)
    assert_safe("<b>" * depth + "deep text")  # unclosed


def test_large_page_5mb():
    paragraph = "<p>" + "Kalimat ini adalah contoh paragraf yang cukup panjang untuk pengujian. " * 200 + "</p>\n"
    page = html_page(paragraph * (5_000_000 // len(paragraph)))
    content = assert_safe(page)
    assert len(content) > 1_000_000


def test_huge_page_50mb():
    paragraph = "<p>" + "Kalimat ini adalah contoh paragraf yang cukup panjang untuk pengujian. " * 1000 + "</p>\n"
    page = html_page(paragraph * (50_000_000 // len(paragraph)))
    content = extract(page)
    assert isinstance(content, str)


# --- properties -------------------------------------------------------------------------------

TAGS = ("p", "div", "a", "b", "br", "li", "ul", "table", "td", "h1", "script", "span", "nav", "html", "body", "title")
ATTRS = ("", " hidden", " class='menu nav'", " style='display:none'", " aria-hidden='true'", " href='/x'", " id='content'")


@st.composite
def tag_soup(draw) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
                st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
                st.text(max_size=30),
                st.sampled_from(["&amp;", "&nbsp;", "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "<?xml version='1.0'?>", "\x00", "Baca juga:"]),
            ),
            max_size=40,
        )
    )
    return "".join(pieces)


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data):
    assert_safe(data)


@PROPERTY
@given(st.text(max_size=2000))
def test_random_text_never_raises(text):
    assert_safe(text)


@PROPERTY
@given(tag_soup())
def test_random_tag_soup_never_raises(soup):
    content = assert_safe(soup)
    assert content == content.strip()
    report = score(soup)
    assert all(s.text for s in report.sections)
    assert all(s.label in ("content", "noise") for s in report.sections)


# --- types at the edges -----------------------------------------------------------------------


@pytest.mark.parametrize("page", [None, 42, 4.2, ["<p>a</p>"], {"html": "x"}, bytearray(b"<p>a</p>"), memoryview(b"x")])
@pytest.mark.parametrize("function", [extract, score])
def test_anything_but_str_or_bytes_is_a_typed_input_error(function, page):
    with pytest.raises(classifier.errors.InputError, match=rf"{function.__name__}\(\) takes the page as str or bytes, not {type(page).__name__}$"):
        function(page)


@pytest.mark.parametrize("function", [extract, score])
def test_lone_surrogates_in_a_str_page_never_reach_the_output(function):
    result = function("<html><body><h1>Caf\ud800</h1><p>Kalimat caf\udfff yang cukup panjang untuk pengujian ini.</p></body></html>")
    text = result if isinstance(result, str) else json.dumps(result.to_dict(), ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate left
