"""Headline features: each cue fires on the examples it is meant for, names are consistent."""

import math

import numpy as np
import pytest

from classifier.features import headline as h
from classifier.features.transform import NamedFeatures


@pytest.mark.parametrize(
    ("fn", "text"),
    [
        (h.forward_reference, "Jokowi Bakal Pertimbangkan Lakukan Hal Ini"),
        (h.forward_reference, "Ternyata Begini Cara Artis Korea Merawat Kulit"),
        (h.forward_reference, "Here's Why You Should Never Skip Breakfast"),
        (h.forward_reference, "Así será el regreso de Masterchef"),
        (h.hyperbole, "Usulannya Ditolak Mentah-mentah, Warganet Heboh"),
        (h.hyperbole, "This Shocking Video Will Change Your Mind"),
        (h.emotion, "Terharu, Ibu Ini Menangis Saat Anaknya Wisuda"),
        (h.superlative, "The 10 Best Pizzas Of All Time"),
        (h.second_person, "Kamu Wajib Tahu Fakta Ini"),
        (h.second_person, "Anda Pasti Belum Tahu"),
        (h.second_person, "Which Friend Are You?"),
        (h.informal, "Gokil Banget, Kucing Ini Bisa Main Piano Nih"),
        (h.listicle, "5 Fakta Menarik Tentang Kucing"),
        (h.listicle, "10 Reasons Cats Are Better Than Dogs"),
        (h.starts_with_number, "17 Things Only Introverts Understand"),
        (h.starts_with_demonstrative, "Ini Target Lampard Bersama Chelsea"),
        (h.ends_with_demonstrative, "Jokowi Bakal Pertimbangkan Lakukan Hal Ini"),
        (h.starts_with_question_word, "Kenapa Kucing Suka Kotak?"),
        (h.question_marks, "¿Cuál será la lista del Tata?"),
        (h.exclamation_marks, "Wow!"),
        (h.ends_with_question, "Peluang Balik Jadi Wagub DKI?"),
        (h.ellipsis, "Dia Membuka Pintu dan…"),
        (h.quotes, "'Kode' Keras Ketua Hipmi Ingin Jadi Menteri"),
        (h.reported_speech, "Menkumham: Pencabutan Paspor Sudah Sesuai Undang-Undang"),
        (h.all_caps_words, "SHOCKING news today"),
        (h.hashtags, "#SegundaDivisión | La fortaleza del ataque"),
        (h.mentions, "Lo dijo @alguien en la radio"),
        (h.urls, "Mira esto https://t.co/abc"),
        (h.emoji, "Hoy se dará a conocer la lista 🇲🇽"),
    ],
)
def test_feature_fires(fn, text):
    assert fn(text) > 0


@pytest.mark.parametrize(
    "fn",
    [h.forward_reference, h.hyperbole, h.listicle, h.starts_with_demonstrative, h.question_marks, h.second_person],
)
def test_sober_headline_is_quiet(fn):
    assert fn("Israel Tuding Iran Kembangkan Senjata Nuklir") == 0


def test_listicle_needs_a_list_noun():
    assert h.listicle("Gempa 5 SR Guncang Bali") == 0


@pytest.mark.parametrize("text", ["", "   ", "!!!", "12345", "🇲🇽"])
def test_every_feature_is_a_finite_float_on_odd_input(text):
    for name, fn in h.FEATURES:
        value = fn(text)
        assert isinstance(value, float) and math.isfinite(value), name


def test_names_unique_and_match_transformer():
    names = [name for name, _ in h.FEATURES]
    assert len(names) == len(set(names))
    transformer = NamedFeatures(h.FEATURES).fit(["a"])
    assert list(transformer.get_feature_names_out()) == names
    assert transformer.transform(["Ini Dia 5 Fakta!", ""]).shape == (2, len(names))


def test_lexicons_loaded_for_three_languages():
    for phrases, examples in [
        (h.FORWARD_REFERENCE, ("hal ini", "here s why", "lo que")),
        (h.SECOND_PERSON, ("kamu", "you", "usted")),
        (h.HYPERBOLE, ("mentah mentah", "shocking", "impactante")),
    ]:
        assert set(examples) <= phrases


SAMPLES = [
    "", "   ", "Ini Dia 5 Fakta!", "Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "10 Reasons Why Cats Rule",
    "Menkumham: Pencabutan Paspor Sesuai \"Undang-Undang\"...", "¿Por qué nadie habla de esto? ¡Increíble!",
    "SHOCKING: you won't believe this… #wow @bbc https://t.co/x 😱", "İstanbul'da ŞOK gelişme", "straße ß 2019 2020",
    "The 10 Best Pizzas Of All Time", "Así será el regreso de Masterchef", "Kamu Wajib Tahu Fakta Ini Nih Banget",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_fast_row_equals_feature_functions(text):
    expected = [fn(text) for _, fn in h.FEATURES]
    assert h.feature_row(text) == pytest.approx(expected)


def test_headline_features_transformer_matches_named_features():
    fast = h.HeadlineFeatures().fit(SAMPLES)
    slow = NamedFeatures(h.FEATURES).fit(SAMPLES)
    assert list(fast.get_feature_names_out()) == list(slow.get_feature_names_out())
    np.testing.assert_allclose(fast.transform(SAMPLES), slow.transform(SAMPLES))
