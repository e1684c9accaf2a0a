"""The headline model: input checks, empty headlines, training round trip, shipped artifact."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier import artifact as artifacts
from classifier.errors import InputError
from classifier.features.headline import FEATURES
from classifier.headlines import reasons, score, train, validate_labeled

SHARED = Path(__file__).parents[1] / ".." / "shared"
NAMES = {name for name, _ in FEATURES}
SHIPPED = Path(__file__).parents[1] / "classifier" / "pretrained" / "headlines.joblib"

CLICKBAIT = [
    "Ternyata Begini Cara Artis Korea Merawat Kulit, Kamu Wajib Coba!",
    "Jokowi Bakal Pertimbangkan Lakukan Hal Ini",
    "5 Fakta Mengejutkan yang Jarang Diketahui Orang",
    "Heboh! Video Ini Bikin Netizen Merinding",
    "Kamu Pasti Tidak Percaya Apa yang Terjadi Selanjutnya",
    "10 Reasons You Will Never Look At Cats The Same Way",
    "This Shocking Trick Will Change Your Life",
    "Here's Why You Should Stop Doing This Right Now",
    "You Won't Believe What Happened Next",
    "Which Disney Princess Are You?",
]
SOBER = [
    "DPR Gelar Paripurna Bahas RUU Perkoperasian",
    "Israel Tuding Iran Kembangkan Senjata Nuklir",
    "Menkumham: Pencabutan Paspor Sesuai Undang-Undang",
    "Gunung Merapi Semburkan Awan Panas Sejauh 1,5 Km",
    "Mantan Gubernur Papua Barat Meninggal Dunia",
    "Parliament passes budget bill after long debate",
    "Central bank raises interest rates by a quarter point",
    "Floods displace thousands in northern province",
    "Court upholds conviction in corruption case",
    "Government announces new trade agreement with neighbours",
]


@pytest.fixture(scope="module")
def small_artifact():
    rows = [(t + suffix, 1) for t in CLICKBAIT for suffix in ("", " Lagi", " Now", "!!")]
    rows += [(t + suffix, 0) for t in SOBER for suffix in ("", " Hari Ini", " Today", " 2019")]
    df = pd.DataFrame(rows, columns=["text", "label"])
    df["label"] = df["label"].map({1: "clickbait", 0: "not_clickbait"})
    return train(df, C=1.0)


def test_validate_labeled_normalises_labels():
    df = pd.DataFrame({"text": [f"h{i}" for i in range(24)], "label": ["1", 0, "TRUE", "false", "Clickbait", "not_clickbait"] * 4})
    assert validate_labeled(df)["label"].tolist() == [1, 0, 1, 0, 1, 0] * 4


@pytest.mark.parametrize(
    ("df", "message"),
    [
        (pd.DataFrame({"headline": ["a"] * 30, "label": [0, 1] * 15}), "missing column"),
        (pd.DataFrame({"text": ["a"] * 30}), "missing column"),
        (pd.DataFrame({"text": ["a"] * 30, "label": [0, 1, "maybe"] * 10}), "unknown label"),
        (pd.DataFrame({"text": ["a"] * 30, "label": [1] * 30}), "need both"),
        (pd.DataFrame({"text": ["a"] * 10, "label": [0, 1] * 5}), "need at least 20"),
    ],
)
def test_validate_labeled_errors(df, message):
    with pytest.raises(InputError, match=message) as info:
        validate_labeled(df, name="my.csv")
    assert "\n" not in str(info.value) and "my.csv" in str(info.value)


def test_empty_headline_scores_zero_with_reason(small_artifact):
    assert score(["", "   "], small_artifact).tolist() == [0.0, 0.0]
    assert reasons("  ", small_artifact) == [("empty_headline", 0.0, 0.0)]


def test_non_string_is_an_input_error(small_artifact):
    with pytest.raises(InputError, match="headline 1"):
        score(["ok", None], small_artifact)
    with pytest.raises(InputError):
        reasons(42, small_artifact)


def test_trained_artifact_round_trips(small_artifact, tmp_path):
    assert small_artifact["kind"] == "headlines" and small_artifact["metrics"]["cv_folds"] == 5
    path = artifacts.save(small_artifact, tmp_path / "h.joblib")
    loaded = artifacts.load(path, kind="headlines")
    texts = ["Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", "Government announces new budget"]
    np.testing.assert_allclose(score(texts, loaded), score(texts, small_artifact))
    assert score(texts, loaded)[0] > score(texts, loaded)[1]


def test_reasons_name_named_features(small_artifact):
    got = reasons("Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", small_artifact, top=3)
    assert len(got) == 3
    assert all(name in NAMES and isinstance(c, float) for name, _, c in got)
    assert abs(got[0][2]) >= abs(got[-1][2])


@pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped headline model")
def test_shipped_model_ranks_clickbait_above_sober():
    shipped = artifacts.load(SHIPPED, kind="headlines")
    scores = score(
        ["Usai Dilantik, Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "Israel Tuding Iran Kembangkan Senjata Nuklir",
         "You Won't Believe What This Dog Did Next", "Parliament passes budget bill after long debate"],
        shipped,
    )
    assert scores[0] > scores[1] and scores[2] > scores[3]
    assert scores[0] > 0.5 > scores[1]
    assert reasons("Jokowi Bakal Pertimbangkan Lakukan Hal Ini", shipped)[0][0] in NAMES


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared data sets")
def test_shared_corpora_validate():
    from training.train_headlines import load_corpora

    corpora = load_corpora()
    assert {"click_id", "stop_clickbait", "webis_clickbait_17", "ta1c"} == set(corpora)
    assert all(set(df["label"].unique()) == {0, 1} for df in corpora.values())


@pytest.fixture(scope="module")
def routed_artifact(small_artifact):
    """The small model plus 'per-language' pipelines: id routes to a model that loves clickbait cues."""
    from classifier.headlines import build_pipeline

    rows = [(t, 1) for t in CLICKBAIT[:5] + SOBER[:5]] * 2 + [(t, 0) for t in CLICKBAIT[5:] + SOBER[5:]] * 2
    df = pd.DataFrame(rows, columns=["text", "label"])
    inverted = build_pipeline().fit(df["text"].tolist(), df["label"].to_numpy())
    return {**small_artifact, "pipelines": {"id": inverted, "en": small_artifact["pipeline"]}}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "id"),
        ("Ternyata Begini Cara Artis Korea Merawat Kulit", "id"),
        ("DPR Gelar Paripurna Bahas RUU Perkoperasian", None),  # no function word: pooled
        ("You Won't Believe What Happened Next", "en"),
        ("Parliament passes budget bill after long debate", "en"),
        ("El presidente anunció que no habrá nuevos impuestos", "es"),
        ("¿Por qué nadie habla de esto?", "es"),
        ("Jokowi 2019", None),
    ],
)
def test_detect_language_on_headlines(text, lang):
    from classifier.headlines import detect_language

    assert detect_language(text) == lang


def test_score_routes_by_explicit_lang(routed_artifact, small_artifact):
    text = "Parliament passes budget bill after long debate"
    pooled = small_artifact["pipeline"].predict_proba([text])[0, 1]
    as_id = routed_artifact["pipelines"]["id"].predict_proba([text])[0, 1]
    assert score([text], routed_artifact, lang="id")[0] == pytest.approx(as_id)
    assert score([text], routed_artifact, lang="en")[0] == pytest.approx(pooled)
    assert score([text], routed_artifact, lang="fr")[0] == pytest.approx(pooled)  # no such model: pooled
    assert score([text], routed_artifact)[0] == pytest.approx(pooled)  # detected 'en'
    assert reasons(text, routed_artifact, lang="id") != reasons(text, routed_artifact, lang="en")


def test_score_routes_mixed_batch_in_order(routed_artifact):
    texts = ["Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "", "You Won't Believe What Happened Next", "DPR 2019"]
    got = score(texts, routed_artifact)
    one_by_one = [score([t], routed_artifact)[0] for t in texts]
    np.testing.assert_allclose(got, one_by_one)
    assert got[1] == 0.0


def test_artifact_with_per_language_pipelines_round_trips(routed_artifact, tmp_path):
    loaded = artifacts.load(artifacts.save(routed_artifact, tmp_path / "r.joblib"), kind="headlines")
    assert set(loaded["pipelines"]) == {"id", "en"}
    texts = ["Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", "Government announces new budget", "DPR 2019"]
    for lang in (None, "id", "en", "es"):
        np.testing.assert_allclose(score(texts, loaded, lang=lang), score(texts, routed_artifact, lang=lang))


@pytest.mark.skipif(not SHIPPED.exists(), reason="no shipped headline model")
def test_shipped_indonesian_sober_headline_reasons_not_title_case_first():
    shipped = artifacts.load(SHIPPED, kind="headlines")
    if "pipelines" not in shipped:
        pytest.skip("shipped model has no per-language pipelines")
    for text in ("Israel Tuding Iran Kembangkan Senjata Nuklir", "Mantan Gubernur Papua Barat Meninggal Dunia"):
        assert reasons(text, shipped, lang="id")[0][0] != "title_case_words"


def test_train_with_lang_column_fits_a_pipeline_per_language():
    from classifier.headlines import well_sampled

    def rows(texts, label, lang):
        return [(text + suffix, label, lang) for text in texts for suffix in ("", " 1", " 2", " 3")]

    data = rows(CLICKBAIT[:5], 1, "id") + rows(SOBER[:5], 0, "id") + rows(CLICKBAIT[5:], 1, "en")
    data += rows(SOBER[5:], 0, "en") + [("Solo headline xyz", 1, "fr")]
    df = pd.DataFrame(data, columns=["text", "label", "lang"])
    assert well_sampled(df, "lang") == ("en", "id")  # fr: one row
    model = train(df)
    assert set(model["pipelines"]) == {"en", "id"}
    assert model["feature_names"] == [name for name, _ in FEATURES]
    text = "Kamu Pasti Tidak Percaya Apa yang Terjadi Selanjutnya"
    assert score([text], model, lang="id")[0] == pytest.approx(model["pipelines"]["id"].predict_proba([text])[0, 1])


@pytest.mark.parametrize("texts", [["Hal Ini", "ini DIA  hal", "", "kata baru sekali", "é ü ß 😱"], ["a b c"] * 3])
def test_cached_char_ngram_counts_equal_count_vectorizer(texts):
    import pickle

    from sklearn.feature_extraction.text import CountVectorizer

    from classifier.features.ngrams import CharNgramCounts, CharNgrams

    fitted = CharNgramCounts(analyzer=CharNgrams(2, 4)).fit(CLICKBAIT + SOBER + ["hal ini dia é"])
    expected = CountVectorizer.transform(fitted, texts).toarray()
    assert (fitted.transform(texts).toarray() == expected).all()
    assert (fitted.transform(texts).toarray() == expected).all()  # from the word cache
    restored = pickle.loads(pickle.dumps(fitted))
    assert "_word_columns" not in restored.__dict__
    assert (restored.transform(texts).toarray() == expected).all()


def test_language_identifier_routes_headlines_the_word_lists_cannot_place(routed_artifact):
    from classifier.headlines import detect_language, fit_language_identifier, route

    indonesian, english = CLICKBAIT[:5] + SOBER[:5], CLICKBAIT[5:] + SOBER[5:]
    identifier = fit_language_identifier(indonesian * 3 + english * 3, ["id"] * 30 + ["en"] * 30)
    text = "DPR Gelar Paripurna Bahas RUU Perkoperasian"
    assert detect_language(text) is None
    assert route([text], routed_artifact) == [None]  # no identifier: pooled
    with_identifier = {**routed_artifact, "language_identifier": identifier}
    assert route([text, "You Won't Believe What Happened Next"], with_identifier) == ["id", "en"]


def test_domains_of_a_language_get_gated_experts():
    from classifier.headlines import route

    titles = [(t + suffix, int(t in CLICKBAIT), "Title Case Site") for t in CLICKBAIT[5:] + SOBER[5:]
              for suffix in ("", " Today", " Now")]  # fmt: skip
    posts = [(t.lower() + suffix, int(t in SOBER), "posts") for t in CLICKBAIT[5:] + SOBER[5:]
             for suffix in (" lol", " #news", " rt")]  # fmt: skip  (the opposite labels: domains disagree)
    df = pd.DataFrame(titles + posts, columns=["text", "label", "domain"]).assign(lang="en")
    model = train(df)
    assert set(model["pipelines"]) == {"en/Title Case Site", "en/posts"} and set(model["gates"]) == {"en"}
    texts = ["You Won't Believe What Happened Next", "you won't believe what happened next lol"]
    assert route(texts, model, lang="en") == ["en/Title Case Site", "en/posts"]
    got = score(texts, model, lang="en")
    assert got[0] > 0.5 > got[1]


def test_score_table_routes_rows_by_their_lang_column(routed_artifact):
    from classifier.headlines import score_table

    texts = ["Parliament passes budget bill after long debate", "DPR 2019", "Jokowi 2019"]
    table = pd.DataFrame({"text": texts, "lang": ["id", None, "en"]})
    expected = [score([texts[0]], routed_artifact, lang="id")[0], score([texts[1]], routed_artifact)[0],
                score([texts[2]], routed_artifact, lang="en")[0]]  # fmt: skip
    np.testing.assert_allclose(score_table(table, routed_artifact), expected)
    np.testing.assert_allclose(score_table(table[["text"]], routed_artifact), score(texts, routed_artifact))
