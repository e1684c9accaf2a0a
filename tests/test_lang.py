"""classifier.lang: the one language detector, for pages and headlines."""

import pickle

import pytest

from classifier.lang import LanguageDetector, detect

GERMAN = "Die Regierung hat am Montag angekündigt, dass die Steuern nicht erhöht werden, und der Minister sagte, es sei für alle gut."
FRENCH = "Le gouvernement a annoncé lundi que les impôts ne seront pas augmentés, et le ministre a dit que c'est une bonne nouvelle pour tous."
PORTUGUESE = "O governo anunciou na segunda-feira que os impostos não vão subir, e o ministro disse que isso é bom para todos os cidadãos."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "id"),
        ("Ternyata Begini Cara Artis Korea Merawat Kulit", "id"),
        ("DPR Gelar Paripurna Bahas RUU Perkoperasian", None),  # no listed word
        ("You Won't Believe What Happened Next", "en"),
        ("Parliament passes budget bill after long debate", "en"),
        ("El presidente anunció que no habrá nuevos impuestos", "es"),
        ("¿Por qué nadie habla de esto?", "es"),
        ("Jokowi 2019", None),
        ("", None),
    ],
)
def test_detect_headlines(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize(("text", "lang"), [(GERMAN * 20, "de"), (FRENCH * 20, "fr"), (PORTUGUESE * 20, "pt")])
def test_detect_pages_in_languages_without_a_headline_model(text, lang):
    assert detect(text[:5000]) == lang


def test_detect_accepts_tokens():
    assert detect(["the", "president", "said"]) == "en"


def test_detector_falls_back_to_char_ngrams_only_when_sure():
    indonesian = ["DPR Gelar Paripurna Bahas RUU Perkoperasian", "Gunung Merapi Semburkan Awan Panas",
                  "Mantan Gubernur Papua Barat Meninggal", "Menkumham Cabut Paspor Buronan"] * 5
    english = ["Parliament passes budget bill", "Floods displace thousands in province",
               "Court upholds conviction", "Government announces trade agreement"] * 5
    detector = LanguageDetector().fit(indonesian + english, ["id"] * 20 + ["en"] * 20)
    assert list(detector.classes_) == ["en", "id"]
    got = detector.predict(["Gubernur Papua Semburkan Paspor", "You Won't Believe This", "12345"])
    assert list(got) == ["id", "en", None]  # fallback, word lists, no evidence at all
    restored = pickle.loads(pickle.dumps(detector))
    assert list(restored.predict(["Gubernur Papua Semburkan Paspor"])) == ["id"]


def test_detector_with_one_language_uses_word_lists_only():
    detector = LanguageDetector().fit(["a b c"] * 3 + ["x"], ["id", "id", "id", None])
    assert detector.fallback_ is None
    assert list(detector.predict(["DPR Gelar Paripurna", "You Won't Believe This"])) == [None, "en"]
