"""Section features: the named whole-page functions, and SectionFeatures with page context."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ARTICLE_ID, html_page

from classifier.features import section as sf
from classifier.features.base import arrays_of
from classifier.features.context import SectionFeatures, feature_names, page_matrix, refs
from classifier.fit.sections import attr_cues
from classifier.parsing import parse
from classifier.types import Page, Section

FEATURE = dict(sf.FEATURES)
STRUCTURE_NAMES = [name for name, _ in sf.STRUCTURE_FEATURES]

INSERTED = Section(
    "Baca juga: Harga BBM naik lagi",
    tag="p",
    path=("html", "body", "article", "p"),
    attrs=("", "", "story content", "read more"),
    link_chars=19,
    strong_chars=10,
    lead_strong=10,
)
SENTENCE = Section("Presiden mengatakan, \"kami akan datang.\" Lalu ia pergi pada 12/05/2024!")
NAV = Section("Home | News • Sport", tag="li", path=("html", "body", "nav", "ul", "li"), attrs=("", "", "", "menu", ""), link_chars=15, strong_chars=0, lead_strong=0)
FOOTER = Section("© 2024 ACME. All rights reserved.", tag="div", path=("html", "body", "footer", "div"), attrs=("", "", "", ""), link_chars=0, strong_chars=0, lead_strong=0)


def alone(section: Section):
    """The arrays of a page holding only ``section`` (an HTML page when the section has structure)."""
    return arrays_of(Page("t", None, (section,), "text" if section.tag is None else "html"))


def f(name: str, section: Section) -> float:
    return float(FEATURE[name](alone(section))[0])


# --- text features ----------------------------------------------------------------------------


def test_length_features():
    assert f("log_chars", INSERTED) == pytest.approx(math.log1p(len(INSERTED.text)))
    assert f("log_words", INSERTED) == pytest.approx(math.log1p(6))  # baca juga harga bbm naik lagi
    assert f("mean_word_length", Section("ab abcd")) == 3.0
    assert f("mean_word_length", Section("!!!")) == 0.0


def test_sentence_features():
    assert f("sentence_ends", SENTENCE) == pytest.approx(math.log1p(2))
    assert f("ends_like_sentence", SENTENCE) == 1.0
    assert f("ends_like_sentence", Section('He said "yes."')) == 1.0
    assert f("ends_like_sentence", INSERTED) == 0.0
    assert f("sentence_ends", Section("no end here")) == 0.0
    assert f("sentence_ends", Section("v1.2 is out")) == 0.0  # a dot inside a token is not a sentence end


def test_ratio_features():
    assert f("punctuation_ratio", Section("ab, cd.")) == pytest.approx(2 / 7)
    assert f("digit_ratio", Section("a1b2")) == 0.5
    assert f("upper_ratio", Section("ABcd 12")) == 0.5
    assert f("upper_ratio", Section("123")) == 0.0
    assert f("titlecase_ratio", Section("Harga BBM naik lagi")) == 0.5
    assert f("comma_rate", Section("a, b, c, d")) == pytest.approx(3 / 4)
    assert f("separator_rate", NAV) == pytest.approx(2 / 3)
    assert f("separator_rate", Section("|")) == 1.0


def test_stopword_ratio():
    assert f("stopword_ratio", Section("the cat and the dog")) == pytest.approx(3 / 5)
    assert f("stopword_ratio", Section("yang dan di")) == 1.0
    assert f("stopword_ratio", Section("Xylophone Zebra")) == 0.0
    assert f("stopword_ratio", Section("...")) == 0.0


def test_cue_features():
    assert f("starts_with_link_cue", INSERTED) == 1.0
    assert f("starts_with_link_cue", Section("BACA JUGA")) == 1.0
    assert f("starts_with_link_cue", Section("Read also: the budget")) == 1.0
    assert f("starts_with_link_cue", Section("Bacaan juga penting")) == 0.0  # a cue must end at a word boundary
    assert f("starts_with_link_cue", SENTENCE) == 0.0
    assert f("boilerplate_hits", Section("All rights reserved")) >= 1.0
    assert f("boilerplate_hits", Section("Presiden bertemu menteri")) == 0.0
    assert f("has_copyright", FOOTER) == 1.0
    assert f("has_copyright", Section("COPYRIGHT ACME")) == 1.0
    assert f("has_copyright", SENTENCE) == 0.0


def test_date_quote_and_case_features():
    assert f("has_date", SENTENCE) == 1.0
    assert f("has_date", Section("Diperbarui 10:45 WIB")) == 1.0
    assert f("has_date", Section("tahun 2019 lalu")) == 1.0
    assert f("has_date", Section("nomor 12345")) == 0.0
    assert f("has_quote", SENTENCE) == 1.0
    assert f("has_quote", Section("“kutipan”")) == 1.0
    assert f("has_quote", INSERTED) == 0.0
    assert f("starts_lowercase", Section("dan kemudian")) == 1.0
    assert f("starts_lowercase", SENTENCE) == 0.0
    assert f("starts_lowercase", Section("12 orang")) == 0.0


# --- structural features ----------------------------------------------------------------------


def test_structural_features_of_an_html_section():
    assert f("link_density", INSERTED) == pytest.approx(19 / 30)
    assert f("strong_density", INSERTED) == pytest.approx(10 / 30)
    assert f("lead_strong_ratio", INSERTED) == pytest.approx(10 / 30)
    assert f("depth", INSERTED) == 4.0
    assert f("tag_p", INSERTED) == 1.0
    assert f("tag_li", INSERTED) == 0.0
    assert f("inside_article", INSERTED) == 1.0
    assert f("inside_nav", INSERTED) == 0.0
    assert f("tag_li", NAV) == 1.0
    assert f("inside_nav", NAV) == 1.0
    assert f("inside_ul", NAV) == 1.0
    assert f("inside_footer", FOOTER) == 1.0
    assert f("tag_div", FOOTER) == 1.0
    assert f("tag_heading", Section("H", tag="h3", path=("h3",), attrs=("",), link_chars=0, strong_chars=0, lead_strong=0)) == 1.0
    assert f("tag_h1", Section("H", tag="h3", path=("h3",), attrs=("",), link_chars=0, strong_chars=0, lead_strong=0)) == 0.0


@pytest.mark.parametrize("name", STRUCTURE_NAMES)
def test_structural_features_are_nan_for_plain_text(name):
    assert math.isnan(f(name, SENTENCE))


@pytest.mark.parametrize("name", [name for name, _ in sf.TEXT_FEATURES])
def test_text_features_are_finite_for_both_kinds(name):
    for section in (SENTENCE, INSERTED, NAV, FOOTER, Section("x")):
        assert math.isfinite(f(name, section))


def test_attr_cue_features():
    near, anywhere = ("content", "more", "nav"), ("content", "more", "nav")
    values = list(sf.attr_cue_features(alone(INSERTED), near)[0])
    assert values == [1.0, 1.0, 0.0] + [1.0, 1.0, 0.0]
    assert list(sf.attr_cue_names(anywhere)) == [f"attr_near_{c}" for c in anywhere] + [f"attr_any_{c}" for c in anywhere]
    deep = Section("x", tag="p", path=tuple("abcde"), attrs=("nav", "", "", "", ""), link_chars=0, strong_chars=0, lead_strong=0)
    assert list(sf.attr_cue_features(alone(deep), ("nav",))[0]) == [0.0, 1.0]  # nav sits above the local levels
    assert all(math.isnan(v) for v in sf.attr_cue_features(alone(SENTENCE), near)[0])


def test_a_page_computes_like_its_sections_one_by_one():
    sections = (INSERTED, NAV, FOOTER, Section("Harga naik, kata dia. “Lagi?”", tag="p", path=("p",), attrs=("",),
                                             link_chars=0, strong_chars=0, lead_strong=0))
    whole = arrays_of(Page("t", None, sections, "html"))
    for name, feature in sf.FEATURES:
        np.testing.assert_allclose(feature(whole), [f(name, s) for s in sections], err_msg=name)


def test_word_tokens_follow_the_sections():
    page = parse("Satu dua.\n\nTiga 😀 empat_lima ñandú\n\n...\n\nenam")
    a = arrays_of(page)
    assert a.n_words.tolist() == [2, 3, 0, 1]
    terms = {(int(o), t) for o, i in zip(a.term_owner, a.term_id) for t, j in a.vocabulary.items() if j == i}
    assert terms == {(0, "satu"), (0, "dua"), (1, "tiga"), (1, "empat_lima"), (1, "ñandú"), (3, "enam")}


def test_long_pages_are_read_in_chunks_with_the_same_counts(monkeypatch):
    from classifier.features import base

    page = parse("\n\n".join(f"Paragraf nomor {i} tentang harga, kata dia. Lalu “pergi” pada 2024!" for i in range(50)))
    whole = arrays_of(page)
    monkeypatch.setattr(base, "CHUNK_CHARS", 200)
    chunked = arrays_of(page)
    for name in base.COUNTS:
        np.testing.assert_array_equal(whole.counts[name], chunked.counts[name], err_msg=name)
    assert sorted(whole.vocabulary) == sorted(chunked.vocabulary)


# --- SectionFeatures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def features() -> SectionFeatures:
    return SectionFeatures(attr_cues()).fit(None)


def test_feature_names_unique_and_match_output_shape(features):
    names = list(features.get_feature_names_out())
    assert len(names) == len(set(names))
    assert names[: len(sf.FEATURES)] == [name for name, _ in sf.FEATURES]
    assert features.n_features_in_ == len(names)
    for source in (ARTICLE_ID, "One.\n\nTwo.\n\nThree."):
        page = parse(source)
        X = features.transform(refs(page))
        assert X.shape == (len(page.sections), len(names))
    assert page_matrix(parse(ARTICLE_ID), tuple(attr_cues()))[0].shape[1] == len(feature_names(tuple(attr_cues())))


def test_no_attr_cues_means_fewer_columns():
    plain = SectionFeatures().fit(None)
    with_cues = SectionFeatures(("nav", "menu")).fit(None)
    assert len(with_cues.get_feature_names_out()) == len(plain.get_feature_names_out()) + 4


def test_empty_page_gives_zero_rows(features):
    empty = parse("")
    assert features.transform(refs(empty)).shape == (0, len(features.get_feature_names_out()))
    assert page_matrix(empty, tuple(attr_cues()))[0].shape == (0, len(features.get_feature_names_out()))


def test_context_features_on_a_three_section_page(features):
    page = Page(
        "Judul",
        "id",
        (Section("Judul"), Section("Ini adalah paragraf yang lebih panjang dari judulnya."), Section("akhir")),
        "text",
    )
    names = list(features.get_feature_names_out())
    X = features.transform(refs(page))
    col = lambda name: X[:, names.index(name)]  # noqa: E731
    log_words = col("log_words")
    np.testing.assert_allclose(col("position"), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(col("log_index"), np.log1p([0, 1, 2]))
    np.testing.assert_allclose(col("log_index_from_end"), np.log1p([2, 1, 0]))
    np.testing.assert_allclose(col("log_sections"), [math.log1p(3)] * 3)
    np.testing.assert_allclose(col("page_is_html"), [0.0] * 3)
    np.testing.assert_allclose(col("prev1_log_words"), [np.nan, log_words[0], log_words[1]])
    np.testing.assert_allclose(col("next1_log_words"), [log_words[1], log_words[2], np.nan])
    np.testing.assert_allclose(col("prev2_log_words"), [np.nan, np.nan, log_words[0]])
    np.testing.assert_allclose(col("next2_log_words"), [log_words[2], np.nan, np.nan])
    np.testing.assert_allclose(col("window1_log_words"), [log_words[:2].mean(), log_words.mean(), log_words[1:].mean()])
    assert np.isnan(col("prev1_link_density")).all()  # plain text: structure absent everywhere
    assert np.isnan(col("page_link_density")).all()
    assert np.isnan(col("dominant_parent_share")).all()
    np.testing.assert_allclose(col("from_title"), [0.0, math.log1p(1), math.log1p(2)])
    np.testing.assert_allclose(col("log_duplicates"), [0.0, 0.0, 0.0])
    np.testing.assert_allclose(col("title_similarity"), [1.0, 0.0, 0.0])


def test_context_features_of_an_html_page(features):
    page = parse(html_page("<div class='nav'><a href='/'>Home</a></div><article><h1>Title here</h1><p>A sentence of words.</p><p>A sentence of words.</p></article>", title=None))
    names = list(features.get_feature_names_out())
    X = features.transform(refs(page))
    col = lambda name: X[:, names.index(name)]  # noqa: E731
    assert [s.text for s in page.sections] == ["Home", "Title here", "A sentence of words.", "A sentence of words."]
    np.testing.assert_allclose(col("page_is_html"), [1.0] * 4)
    np.testing.assert_allclose(col("link_density"), [1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(col("page_link_density"), [0.25] * 4)
    np.testing.assert_allclose(col("log_duplicates"), [0.0, 0.0, math.log1p(1), math.log1p(1)])
    np.testing.assert_allclose(col("from_title"), [-math.log1p(1), 0.0, math.log1p(1), math.log1p(2)])
    assert col("attr_near_nav")[0] == 1.0 and col("attr_near_nav")[1] == 0.0


def test_transform_rows_follow_refs_across_pages(features):
    a, b = parse(ARTICLE_ID), parse("Satu.\n\nDua.")
    X_all = features.transform(refs(a) + refs(b))
    np.testing.assert_allclose(X_all[: len(a.sections)], features.transform(refs(a)), equal_nan=True)
    np.testing.assert_allclose(X_all[len(a.sections) :], features.transform(refs(b)), equal_nan=True)


def test_single_section_page(features):
    X = features.transform(refs(parse("Only one line here.")))
    names = list(features.get_feature_names_out())
    assert X.shape == (1, len(names))
    assert X[0, names.index("position")] == 0.0
    assert np.isnan(X[0, names.index("prev1_log_words")]) and np.isnan(X[0, names.index("next1_log_words")])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=6))
def test_word_owners_match_each_sections_own_tokens(texts):
    from classifier.text import WORD, normalize_space

    sections = tuple(Section(t) for t in map(normalize_space, texts) if t)
    a = arrays_of(Page("t", None, sections, "text"))
    assert a.n_words.tolist() == [len(WORD.findall(s.text)) for s in sections]
