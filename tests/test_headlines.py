"""The headline model: one Pipeline (inputs + LanguageRouter), input checks, routing, reasons that add
up to the logit, training round trip, scikit-learn tooling, the shipped artifact."""

import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict

from classifier import artifact as artifacts
from classifier.errors import InputError
from classifier.features.headline import FEATURES
from classifier.fit.headlines import train, validate_labeled
from classifier.models.headlines import (
    POOLED,
    WORDING,
    HeadlineInputs,
    LanguageRouter,
    build_pipeline,
    explain,
    rate,
    score,
    score_table,
)  # fmt: skip

SHARED = Path(__file__).parents[1] / ".." / "shared"
NAMES = {name for name, _ in FEATURES} | {WORDING}
SHIPPED = Path(__file__).parents[1] / "classifier" / "pretrained" / "headlines.chaff"

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
SMALL = {"word_features": 1 << 12, "char_features": 1 << 14}


def table(with_lang: bool = False) -> pd.DataFrame:
    rows = [(t + suffix, 1, "id" if i < 5 else "en") for i, t in enumerate(CLICKBAIT) for suffix in ("", " Lagi", " Now", "!!")]
    rows += [(t + suffix, 0, "id" if i < 5 else "en") for i, t in enumerate(SOBER) for suffix in ("", " Hari Ini", " Today", " 2019")]
    df = pd.DataFrame(rows, columns=["text", "label", "lang"])
    return df if with_lang else df.drop(columns="lang")


@pytest.fixture(scope="module")
def small_artifact():
    df = table()
    df["label"] = df["label"].map({1: "clickbait", 0: "not_clickbait"})
    return train(df, **SMALL)


@pytest.fixture(scope="module")
def routed_artifact():
    """Per-language experts: 'id' rows are Indonesian, 'en' rows English."""
    return train(table(with_lang=True), **SMALL)


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


def test_artifact_is_one_pipeline_around_a_router(small_artifact):
    pipeline = small_artifact["pipeline"]
    assert [name for name, _ in pipeline.steps] == ["inputs", "router"]
    assert isinstance(pipeline[0], HeadlineInputs) and isinstance(pipeline[-1], LanguageRouter)
    assert set(pipeline[-1].experts_) == {POOLED}  # no lang column: pooled only
    assert small_artifact["feature_names"] == [name for name, _ in FEATURES] + [WORDING]


def test_empty_headline_scores_zero_with_reason(small_artifact):
    assert score(["", "   "], small_artifact).tolist() == [0.0, 0.0]
    probability, explanation = rate("  ", small_artifact)
    assert probability == 0.0 and explanation.contributions == (("empty_headline", 0.0),)


def test_non_string_is_an_input_error_naming_its_index(small_artifact):
    with pytest.raises(InputError, match="headline 1"):
        score(["ok", None], small_artifact)
    with pytest.raises(InputError, match="headline 0"):
        rate(42, small_artifact)


def test_bare_string_is_one_headline(small_artifact):
    got = score("Jokowi Bakal Pertimbangkan Lakukan Hal Ini", small_artifact)
    assert got.shape == (1,)
    assert got[0] == pytest.approx(score(["Jokowi Bakal Pertimbangkan Lakukan Hal Ini"], small_artifact)[0])


def test_trained_artifact_round_trips(small_artifact, tmp_path):
    assert small_artifact["kind"] == "headlines" and small_artifact["metrics"]["cv_folds"] == 5
    loaded = artifacts.load(artifacts.save(small_artifact, tmp_path / "h.joblib"), kind="headlines")
    texts = ["Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", "Government announces new budget"]
    np.testing.assert_allclose(score(texts, loaded), score(texts, small_artifact))
    assert score(texts, loaded)[0] > score(texts, loaded)[1]


def test_reasons_add_up_to_the_logit(routed_artifact):
    texts = ["Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", "Parliament passes budget bill", "DPR 2019", "¿Qué pasó?"]
    pipeline = routed_artifact["pipeline"]
    logits = pipeline.decision_function(texts)
    for text, explanation, logit in zip(texts, explain(texts, routed_artifact), logits):
        names = [name for name, _ in explanation.contributions]
        assert sorted(names) == sorted(NAMES)
        total = explanation.intercept + math.fsum(value for _, value in explanation.contributions)
        assert total == pytest.approx(explanation.logit, abs=1e-9) and explanation.logit == pytest.approx(logit)
        assert explanation.probability == pytest.approx(score([text], routed_artifact)[0])
        sizes = [abs(value) for _, value in explanation.contributions]
        assert sizes == sorted(sizes, reverse=True)


def test_score_honours_lang(routed_artifact):
    router = routed_artifact["pipeline"][-1]
    assert set(router.experts_) == {POOLED, "id", "en"}
    text = "Parliament passes budget bill after long debate"
    features = router.vectorizer_.transform([text])
    by_expert = {key: expert.predict_proba(features)[0, 1] for key, expert in router.experts_.items()}
    assert score([text], routed_artifact, lang="id")[0] == pytest.approx(by_expert["id"])
    assert score([text], routed_artifact, lang="en")[0] == pytest.approx(by_expert["en"])
    assert score([text], routed_artifact, lang="fr")[0] == pytest.approx(by_expert[POOLED])  # no fr expert
    assert score([text], routed_artifact)[0] == pytest.approx(by_expert["en"])  # detected 'en'
    assert rate(text, routed_artifact, lang="id")[1].expert == "id"


def test_mixed_batch_scores_as_one_by_one(routed_artifact):
    texts = ["Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "", "You Won't Believe What Happened Next", "DPR 2019"]
    got = score(texts, routed_artifact)
    np.testing.assert_allclose(got, [score([t], routed_artifact)[0] for t in texts])
    assert got[1] == 0.0


def test_score_table_routes_rows_by_their_lang_column(routed_artifact):
    texts = ["Parliament passes budget bill after long debate", "DPR 2019", "Jokowi 2019"]
    frame = pd.DataFrame({"text": texts, "lang": ["id", None, "en"]})
    expected = [score([texts[0]], routed_artifact, lang="id")[0], score([texts[1]], routed_artifact)[0],
                score([texts[2]], routed_artifact, lang="en")[0]]  # fmt: skip
    np.testing.assert_allclose(score_table(frame, routed_artifact), expected)
    np.testing.assert_allclose(score_table(frame[["text"]], routed_artifact), score(texts, routed_artifact))


def test_detector_fallback_routes_headlines_without_a_listed_word(routed_artifact):
    router = routed_artifact["pipeline"][-1]
    assert list(router.detector_.predict(["Gunung Merapi Semburkan Awan Panas Sejauh 1,5 Km Lagi"])) == ["id"]


def test_domains_of_a_language_get_gated_experts():
    titles = [(t + suffix, int(t in CLICKBAIT), "Title Case Site") for t in CLICKBAIT[5:] + SOBER[5:]
              for suffix in ("", " Today", " Now")]  # fmt: skip
    posts = [(t.lower() + suffix, int(t in SOBER), "posts") for t in CLICKBAIT[5:] + SOBER[5:]
             for suffix in (" lol", " #news", " rt")]  # fmt: skip  (the opposite labels: domains disagree)
    df = pd.DataFrame(titles + posts, columns=["text", "label", "domain"]).assign(lang="en")
    model = train(df, **SMALL)
    router = model["pipeline"][-1]
    assert set(router.experts_) == {POOLED, "en/Title Case Site", "en/posts"} and set(router.gates_) == {"en"}
    texts = ["You Won't Believe What Happened Next", "you won't believe what happened next lol"]
    assert [e.expert for e in explain(texts, model, lang="en")] == ["en/Title Case Site", "en/posts"]
    got = score(texts, model, lang="en")
    assert got[0] > 0.5 > got[1]


def test_scikit_learn_tooling_works_on_the_pipeline():
    df = table(with_lang=True)
    pipeline = build_pipeline(**SMALL)
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    proba = cross_val_predict(pipeline, df[["text", "lang"]], df["label"], cv=cv, method="predict_proba")
    assert proba.shape == (len(df), 2) and ((proba >= 0) & (proba <= 1)).all()
    assert clone(pipeline).get_params()["router__min_rows"] == 20
    search = GridSearchCV(pipeline, {"router__expert__model__C": [0.5, 2.0]}, cv=cv, scoring="roc_auc")
    search.fit(df[["text", "lang"]], df["label"])
    assert search.best_params_["router__expert__model__C"] in (0.5, 2.0)
    restored = pickle.loads(pickle.dumps(search.best_estimator_))
    np.testing.assert_allclose(restored.predict_proba(df[["text"]]), search.best_estimator_.predict_proba(df[["text"]]))


def test_fitted_state_is_arrays_not_vocabularies(routed_artifact):
    """No fitted attribute is a big dict or list of strings (what makes skops files huge)."""
    router = routed_artifact["pipeline"][-1]
    parts = [router.vectorizer_, router.detector_, *router.experts_.values()]
    for part in parts:
        for name, value in vars(part).items():
            if isinstance(value, (dict, list, set)):
                assert len(value) < 100, f"{type(part).__name__}.{name} holds {len(value)} items"


def test_shipped_model_ranks_clickbait_above_sober():
    shipped = artifacts.load(SHIPPED, kind="headlines")
    scores = score(
        ["Usai Dilantik, Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "Israel Tuding Iran Kembangkan Senjata Nuklir",
         "You Won't Believe What This Dog Did Next", "Parliament passes budget bill after long debate"],
        shipped,
    )
    assert scores[0] > scores[1] and scores[2] > scores[3]
    assert scores[0] > 0.5 > scores[1]
    _, explanation = rate("Jokowi Bakal Pertimbangkan Lakukan Hal Ini", shipped)
    assert explanation.expert == "id" and explanation.top(1)[0][0] in NAMES


def test_shipped_model_has_an_expert_per_language_and_an_english_gate():
    router = artifacts.load(SHIPPED, kind="headlines")["pipeline"][-1]
    assert {"id", "es", POOLED} <= set(router.experts_) and set(router.gates_) == {"en"}


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared data sets")
def test_shared_corpora_validate():
    from training.train_headlines import load_corpora

    corpora = load_corpora()
    assert {"click_id", "stop_clickbait", "webis_clickbait_17", "ta1c"} == set(corpora)
    assert all(set(df["label"].unique()) == {0, 1} for df in corpora.values())


def test_page_headline_result_reasons_add_up_to_the_logit(routed_artifact):
    from classifier.analyze import headline_result
    from classifier.config import Config

    result = headline_result("Ternyata Begini Cara Artis Korea Merawat Kulit", routed_artifact, Config(), lang="id")
    data = result.to_dict()
    assert {"text", "score", "label", "reasons", "logit", "intercept", "contributions"} <= set(data)
    assert result.intercept + math.fsum(v for _, v in result.contributions) == pytest.approx(result.logit)
    assert result.score == pytest.approx(1 / (1 + math.exp(-result.logit)))
    assert [list(r) for r in result.reasons] == [list(c) for c in result.contributions[:5]]
    assert data["intercept"] + sum(v for _, v in data["contributions"]) == pytest.approx(data["logit"], abs=1e-3)
    empty = headline_result("   ", routed_artifact, Config()).to_dict()
    assert empty["score"] == 0.0 and empty["logit"] is None and empty["reasons"] == [["empty_headline", 0.0]]


def test_soft_gate_blends_domain_experts_and_still_adds_up():
    titles = [(t + suffix, int(t in CLICKBAIT), "site") for t in CLICKBAIT[5:] + SOBER[5:] for suffix in ("", " Today", " Now")]
    posts = [(t.lower() + suffix, int(t in SOBER), "posts") for t in CLICKBAIT[5:] + SOBER[5:] for suffix in (" lol", " #news", " rt")]
    df = pd.DataFrame(titles + posts, columns=["text", "label", "domain"]).assign(lang="en")
    model = train(df, **SMALL)
    router = model["pipeline"][-1]
    texts = ["You Won't Believe What Happened", "court upholds conviction lol"]
    hard = score(texts, model, lang="en")
    router.soft_gate = True
    try:
        soft = score(texts, model, lang="en")
        for explanation, p in zip(explain(texts, model, lang="en"), soft):
            assert explanation.intercept + math.fsum(v for _, v in explanation.contributions) == pytest.approx(explanation.logit)
            assert explanation.probability == pytest.approx(p)
    finally:
        router.soft_gate = False
    assert not np.allclose(hard, soft)


def test_pipeline_round_trips_through_skops_with_classifier_types_only(routed_artifact):
    sio = pytest.importorskip("skops.io")
    pipeline = routed_artifact["pipeline"]
    blob = sio.dumps(pipeline)
    untrusted = sio.get_untrusted_types(data=blob)
    assert all(name.startswith(("classifier.", "scipy.sparse.")) for name in untrusted), untrusted
    restored = sio.loads(blob, trusted=untrusted)
    texts = ["Ini Dia 7 Rahasia yang Bikin Kamu Kaget!", "Parliament passes budget bill", ""]
    np.testing.assert_allclose(restored.predict_proba(texts), pipeline.predict_proba(texts))


def test_vectorizer_weighs_ngrams_as_tfidf_transformer_does(routed_artifact):
    from classifier.models.headlines import weigh

    vectorizer = routed_artifact["pipeline"][-1].vectorizer_
    texts = CLICKBAIT + SOBER + ["", "é ü ß 😱", "kata kata kata baru"]
    for ngrams, tfidf in ((vectorizer.words_, vectorizer.word_idf_), (vectorizer.chars_, vectorizer.char_idf_)):
        counts = ngrams.transform(texts)
        np.testing.assert_allclose(weigh(counts, tfidf).toarray(), tfidf.transform(counts).toarray(), rtol=1e-6, atol=1e-7)


def test_stack_equals_hstack():
    import scipy.sparse as sp

    from classifier.models.headlines import stack

    rng = np.random.default_rng(0)
    dense = rng.normal(size=(5, 3))
    blocks = [sp.random(5, 7, density=0.3, format="csr", random_state=1, dtype=np.float32),
              sp.csr_matrix((5, 4), dtype=np.float32), sp.random(5, 6, density=0.5, format="csr", random_state=2)]
    expected = sp.hstack([sp.csr_matrix(dense), *blocks], format="csr").toarray()
    got = stack(dense, blocks)
    assert got.shape == (5, 20) and got.has_sorted_indices
    np.testing.assert_allclose(got.toarray(), expected, rtol=1e-6)
    assert stack(np.zeros((0, 3)), [sp.csr_matrix((0, 4))]).shape == (0, 7)
