"""classifier.features.ngrams.HashedNgrams: hashed counts equal to counting the n-grams by hand."""

import pickle
from collections import Counter

import numpy as np
import pytest
from sklearn.utils import murmurhash3_32

from classifier.features.ngrams import CHAR_SEED, HashedNgrams, word_ngrams

TEXTS = ["Hal Ini", "ini DIA  hal", "", "kata baru sekali", "é ü ß 😱", "a b c"]


def expected_char_counts(text: str, low: int, high: int, size: int) -> Counter:
    grams = [g for word in text.lower().split() for g in word_ngrams(word, low, high)]
    return Counter(murmurhash3_32(g, seed=CHAR_SEED, positive=True) % size for g in grams)


@pytest.mark.parametrize("text", TEXTS)
def test_char_counts_match_hand_count(text):
    vectorizer = HashedNgrams(analyzer="char", ngram_range=(2, 4), n_features=1 << 10).fit([])
    for _ in range(2):  # second pass from the word cache
        row = vectorizer.transform([text]).tocoo()
        assert Counter(dict(zip(row.col.tolist(), row.data.astype(int).tolist()))) == expected_char_counts(text, 2, 4, 1 << 10)


def test_word_ngrams_see_edges_and_repeats():
    vectorizer = HashedNgrams(analyzer="word", ngram_range=(1, 2), n_features=1 << 16).fit([])
    counts = vectorizer.transform(["ini ini", "Ini!"])
    assert counts[0].sum() == 2 + 3  # two unigrams, bigrams: start-ini, ini-ini, ini-end
    assert counts[1].sum() == 1 + 2
    assert vectorizer.transform(["hal ini"])[0].nnz == 5


def test_stable_across_instances_and_pickling():
    a = HashedNgrams(analyzer="char").fit([])
    first = a.transform(TEXTS).toarray()
    restored = pickle.loads(pickle.dumps(a))
    assert "_word_cache" not in restored.__dict__
    np.testing.assert_array_equal(restored.transform(TEXTS).toarray(), first)
    np.testing.assert_array_equal(HashedNgrams(analyzer="char").fit([]).transform(TEXTS).toarray(), first)


@pytest.mark.parametrize("params", [{"analyzer": "words"}, {"ngram_range": (3, 2)}])
def test_bad_parameters_are_refused(params):
    with pytest.raises(ValueError):
        HashedNgrams(**params).fit([])
