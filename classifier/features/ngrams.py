"""Character n-grams inside word boundaries, computed and looked up once per distinct word.

``CharNgrams`` is an ``analyzer`` like scikit-learn's ``char_wb`` (lower-cased, each word padded
with spaces); ``CharNgramCounts`` is a ``CountVectorizer`` over it whose ``transform`` caches the
column ids of each word. Headlines repeat words constantly, so this is several times faster than
``TfidfVectorizer(analyzer="char_wb")`` over the same text, with the same counts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer


@lru_cache(maxsize=1 << 17)
def word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """The ``low``..``high`` character n-grams of `` word `` (a word shorter than ``n`` gives itself).

    >>> word_ngrams("ini", 2, 3)
    (' i', 'in', 'ni', 'i ', ' in', 'ini', 'ni ')
    """
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return tuple(grams)


class CharNgrams:
    """Callable analyzer: the cached ``word_ngrams`` of every whitespace-separated word, lower-cased.

    >>> CharNgrams(3, 3)("Hal Ini")
    [' ha', 'hal', 'al ', ' in', 'ini', 'ni ']
    """

    def __init__(self, low: int = 2, high: int = 5):
        self.low, self.high = low, high

    def __call__(self, text: str) -> list[str]:
        grams: list[str] = []
        for word in text.lower().split():
            grams.extend(word_ngrams(word, self.low, self.high))
        return grams

    def __repr__(self) -> str:
        return f"CharNgrams({self.low}, {self.high})"


class CharNgramCounts(CountVectorizer):
    """``CountVectorizer`` over ``CharNgrams`` whose ``transform`` looks each word up once.

    ``fit`` is scikit-learn's (vocabulary, ``min_df``...). ``transform`` gives the same matrix as
    ``CountVectorizer.transform`` but keeps, per distinct word, the column ids of its n-grams, so
    a headline costs one dictionary lookup per word instead of one per n-gram. The cache holds
    at most ``CACHE_WORDS`` words and is not pickled.

    >>> v = CharNgramCounts(analyzer=CharNgrams(3, 3)).fit(["hal ini", "ini dia"])
    >>> v.transform(["Ini ini"]).toarray().tolist() == CountVectorizer.transform(v, ["Ini ini"]).toarray().tolist()
    True
    """

    CACHE_WORDS = 1 << 18

    def transform(self, raw_documents) -> sp.csr_matrix:
        if not isinstance(self.analyzer, CharNgrams):
            return super().transform(raw_documents)
        cache = self.__dict__.setdefault("_word_columns", {})
        vocabulary, low, high = self.vocabulary_, self.analyzer.low, self.analyzer.high
        indices: list[int] = []
        indptr = [0]
        for text in raw_documents:
            for word in text.lower().split():
                columns = cache.get(word)
                if columns is None:
                    if len(cache) >= self.CACHE_WORDS:
                        cache.clear()
                    grams = word_ngrams(word, low, high)
                    columns = cache[word] = tuple(vocabulary[g] for g in grams if g in vocabulary)
                indices.extend(columns)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=self.dtype)
        counts = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(vocabulary)))
        counts.sum_duplicates()
        return counts

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_word_columns", None)
        return state
