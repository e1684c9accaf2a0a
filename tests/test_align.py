"""classifier.align.label_sections: gold text → content/noise per section."""

from __future__ import annotations

from conftest import ARTICLE_ID, ID_HEADING, ID_PARAGRAPHS

from classifier.align import MIN_TRIGRAM_SHARE, label_sections
from classifier.parsing import parse
from classifier.types import Section

GOLD = "Judul Berita\nThe first paragraph of the story goes here, with more words after it.\nBudi Santoso"


def labels(*texts: str, gold: str = GOLD) -> list[bool]:
    return label_sections([Section(t) for t in texts], gold)


def test_long_section_inside_the_gold_is_content():
    assert labels("the first paragraph of the story") == [True]
    assert labels("THE FIRST, paragraph — of the STORY!") == [True]  # tokens are lower-cased \w+ runs


def test_long_section_outside_the_gold_is_noise():
    assert labels("Subscribe to our newsletter today") == [False]


def test_trigram_share_threshold():
    assert MIN_TRIGRAM_SHARE == 0.5
    # 6 tokens → 4 trigrams: 2 in gold ("the first paragraph", "first paragraph of") → exactly half → content
    assert labels("the first paragraph of zzz yyy") == [True]
    # 7 tokens → 5 trigrams, 2 in gold → below half → noise
    assert labels("the first paragraph of zzz yyy xxx") == [False]
    # a section spanning two gold lines still shares the trigrams across the line break
    assert labels("with more words after it Budi Santoso") == [True]


def test_short_sections_need_a_whole_gold_line():
    assert labels("Judul Berita", "Budi Santoso", "judul  berita!") == [True, True, True]
    assert labels("Judul") == [False]  # one token: must equal a whole line
    assert labels("Berita") == [False]


def test_two_token_section_inside_the_gold_is_content():
    assert labels("first paragraph") == [True]
    assert labels("paragraph first") == [False]
    assert labels("first para") == [False]  # matches whole tokens, not substrings


def test_one_token_line_in_gold_is_content():
    assert labels("Home", gold="Home\nSomething else entirely here") == [True]
    assert labels("Home", gold="Welcome Home today") == [False]


def test_sections_without_word_tokens_are_noise():
    assert labels("...", "—", "") == [False, False, False]


def test_empty_gold_labels_everything_noise():
    assert labels("the first paragraph of the story", "Judul Berita", gold="") == [False, False]


def test_order_and_length_follow_the_sections():
    texts = ["Home", "the first paragraph of the story", "Login", "Budi Santoso"]
    assert labels(*texts) == [False, True, False, True]
    assert label_sections([], GOLD) == []


def test_aligns_a_parsed_page_against_its_article_text():
    page = parse(ARTICLE_ID)
    gold = "\n".join((ID_HEADING, *ID_PARAGRAPHS))
    kept = [s.text for s, keep in zip(page.sections, label_sections(page.sections, gold)) if keep]
    assert kept == [ID_HEADING, *ID_PARAGRAPHS]
