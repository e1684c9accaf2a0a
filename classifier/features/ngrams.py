"""Hashed word and character n-gram counts: no vocabulary, so a fitted model holds only numpy arrays.

``HashedNgrams`` maps each n-gram to one of ``n_features`` columns with MurmurHash3 (stable across
processes and platforms), the way scikit-learn's ``HashingVectorizer`` does, but it hashes each
distinct word once and keeps the result: headlines repeat words constantly, so a batch costs one
dictionary lookup per word. Word n-grams see the first and last word through edge markers
(``xxstart``/``xxend``); character n-grams stay inside word boundaries (``char_wb``: each
whitespace-separated, lower-cased word padded with one space).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32

from ..text import WORD

__all__ = ["HashedNgrams", "TextInput", "word_ngrams"]

Analyzer = Literal["word", "char"]
EDGES = ("xxstart", "xxend")
WORD_SEED, CHAR_SEED = 17, 29
MIX = 0x01000193  # FNV prime: combines the hashes of the words of a word n-gram


@lru_cache(maxsize=1 << 17)
def word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """The ``low``..``high`` character n-grams of `` word `` (a padded word shorter than ``n`` gives itself).

    >>> word_ngrams("ini", 2, 3)
    (' i', 'in', 'ni', 'i ', ' in', 'ini', 'ni ')
    """
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return tuple(grams)


class TextInput:
    """Mixin for estimators whose ``X`` is a sequence of strings (not a 2-D array): scikit-learn tags."""

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()  # type: ignore[misc]
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class HashedNgrams(TextInput, TransformerMixin, BaseEstimator):
    """Counts of hashed word n-grams or character n-grams of each text (a stateless transformer).

    Args:
        analyzer: ``"word"`` (word n-grams over lower-cased ``\\w+`` tokens plus edge markers) or
            ``"char"`` (character n-grams inside word boundaries).
        ngram_range: smallest and largest ``n``.
        n_features: number of columns (hash buckets); a power of two keeps collisions uniform.

    >>> m = HashedNgrams(analyzer="char", ngram_range=(3, 3), n_features=64).fit(["x"])
    >>> int(m.transform(["Hal Ini", "hal"]).sum(axis=1)[0, 0]), m.transform(["hal"]).nnz
    (6, 3)
    """

    CACHE_WORDS = 1 << 18

    def __init__(self, *, analyzer: Analyzer = "word", ngram_range: tuple[int, int] = (1, 2), n_features: int = 1 << 18):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = n_features

    def fit(self, X: Iterable[str], y: Any = None) -> HashedNgrams:
        """Check the parameters (nothing is learned).

        Returns:
            ``self``.
        """
        if self.analyzer not in ("word", "char"):
            raise ValueError(f"analyzer must be 'word' or 'char', got {self.analyzer!r}")
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range must satisfy 1 <= low <= high, got {self.ngram_range!r}")
        self.n_features_out_ = int(self.n_features)
        return self

    def _cache(self) -> dict[str, Any]:
        cache: dict[str, Any] = self.__dict__.setdefault("_word_cache", {})
        if len(cache) >= self.CACHE_WORDS:
            cache.clear()
        return cache

    def _word_columns(self, texts: Iterable[str]) -> tuple[array[int], array[int]]:
        cache, size = self._cache(), int(self.n_features)
        low, high = self.ngram_range
        indices = array("i")
        indptr = array("q", [0])
        for text in texts:
            hashes = []
            for word in (EDGES[0], *WORD.findall(text.lower()), EDGES[1]):
                value = cache.get(word)
                if value is None:
                    value = cache[word] = murmurhash3_32(word, seed=WORD_SEED, positive=True)
                hashes.append(value)
            for n in range(low, high + 1):
                if n == 1:
                    indices.extend(h % size for h in hashes[1:-1])  # edge markers alone carry nothing
                    continue
                for i in range(len(hashes) - n + 1):
                    combined = hashes[i]
                    for h in hashes[i + 1 : i + n]:
                        combined = ((combined * MIX) ^ h) & 0xFFFFFFFF
                    indices.append(combined % size)
            indptr.append(len(indices))
        return indices, indptr

    def _char_columns(self, texts: Iterable[str]) -> tuple[array[int], array[int]]:
        cache, size = self._cache(), int(self.n_features)
        low, high = self.ngram_range
        indices = array("i")
        indptr = array("q", [0])
        for text in texts:
            for word in text.lower().split():
                columns = cache.get(word)
                if columns is None:
                    grams = word_ngrams(word, low, high)
                    columns = cache[word] = tuple(murmurhash3_32(g, seed=CHAR_SEED, positive=True) % size for g in grams)
                indices.extend(columns)
            indptr.append(len(indices))
        return indices, indptr

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """N-gram counts, one row per text.

        Returns:
            A ``float32`` CSR matrix of shape ``(len(X), n_features)``.
        """
        texts = list(X)
        indices, indptr = (self._word_columns if self.analyzer == "word" else self._char_columns)(texts)
        data = np.ones(len(indices), dtype=np.float32)
        counts = sp.csr_matrix(
            (data, np.frombuffer(indices, dtype=np.int32), np.frombuffer(indptr, dtype=np.int64)),
            shape=(len(texts), int(self.n_features)),
        )
        counts.sum_duplicates()
        return counts

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``word_0`` ... or ``char_0`` ...: one name per hash bucket."""
        return np.asarray([f"{self.analyzer}_{i}" for i in range(int(self.n_features))], dtype=object)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_word_cache", None)
        return state
