"""classifier.score_headlines: the public entry point honours lang, takes a bare str, checks items."""

import numpy as np
import pytest

import classifier
from classifier import artifact as artifacts
from classifier.errors import InputError
from classifier.models.headlines import POOLED, score

TEXTS = ["Jokowi Bakal Pertimbangkan Lakukan Hal Ini", "Parliament passes budget bill after long debate"]


def test_lang_routes_every_headline_to_that_experts():
    shipped = artifacts.load_default("headlines")
    router = shipped["pipeline"][-1]
    features = router.vectorizer_.transform(TEXTS)
    for lang in ("id", "es"):
        expected = router.experts_[lang].predict_proba(features)[:, 1]
        np.testing.assert_allclose(classifier.score_headlines(TEXTS, lang=lang), expected)
    np.testing.assert_allclose(classifier.score_headlines(TEXTS, lang="de"), router.experts_[POOLED].predict_proba(features)[:, 1])
    np.testing.assert_allclose(classifier.score_headlines(TEXTS), score(TEXTS, shipped))


def test_bare_string_empty_and_bad_items():
    assert classifier.score_headlines(TEXTS[0]).shape == (1,)
    assert classifier.score_headlines(["", "  "]).tolist() == [0.0, 0.0]
    with pytest.raises(InputError, match="headline 2"):
        classifier.score_headlines([TEXTS[0], TEXTS[1], 3])
