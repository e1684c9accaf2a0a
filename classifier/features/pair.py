"""Pair features: how an inserted item's headline relates to the article it sits in.

A ``Pair`` is (item headline with its cue label already stripped, article title, article body text,
language). ``PairFeatures`` turns pairs into one row of named, finite features each:

- word overlap on lightly stemmed content words (``classifier.text.stem``), plain and IDF-weighted, with
  the whole article, with the title alone and with the lead (the body's first words);
- TF-IDF cosines of the stemmed words and of character n-grams (headline against article and title);
- shared names: capitalised words of the headline that the article writes capitalised mid-sentence, and
  the headline's names the article never mentions;
- how central the shared words are in the article (their counts there) and how rare (their IDF);
- topical similarity: cosine of the headline's and the article's projections on topics of a non-negative
  matrix factorisation (NMF) of TF-IDF word vectors, fitted per language group (Indonesian / other) on the
  training articles;
- sizes: headline words, article words.

Every fitted statistic is a numpy array (hashed vocabularies: ``HashingVectorizer`` is stateless, so no
dict of strings is stored), so the fitted transformer serialises with ``skops``. The feature functions are
listed, in order, in ``FEATURES``; ``PairFeatures.get_feature_names_out()`` returns their names.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from .. import lexicons
from ..text import WORD, stem

__all__ = ["FEATURES", "FEATURE_NAMES", "Pair", "PairFeatures", "PairView", "content_stems", "names_of"]

STOPWORDS = lexicons.load_all("stopwords")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")
_TOKEN_PATTERN = r"\S+"  # stems are joined by spaces before hashing


@dataclass(frozen=True, slots=True)
class Pair:
    """An inserted item's headline and the article it sits in.

    Attributes:
        headline: the item's headline, its cue label ("Baca juga:") already stripped.
        title: the article's title (may be empty).
        body: the article's text (its content sections without the inserted items).
        lang: language code of the page (``id``, ``en``, ...) or ``None``.
    """

    headline: str
    title: str
    body: str
    lang: str | None = None


def content_stems(text: str, lang: str | None) -> list[str]:
    """The stemmed content words of ``text`` in order: stopwords, digits and words under 3 letters dropped.

    >>> content_stems("Polisi menangkap pelaku pembunuhan di Bekasi", "id")
    ['polis', 'angkap', 'laku', 'bunuh', 'bekas']
    """
    out = []
    for word in WORD.findall(text.lower()):
        if len(word) < 3 or word in STOPWORDS or word.isdigit():
            continue
        out.append(stem(word, lang))
    return out


def names_of(text: str, *, headline: bool) -> set[str]:
    """Lower-cased capitalised words (names) of ``text``, stopwords and words under 3 letters dropped.

    In a headline every capitalised word counts (headlines are often title-cased); in running text only
    words that do not open a sentence.

    >>> sorted(names_of("Menlu Retno bertemu Wang Yi. Mereka membahas Natuna", headline=False))
    ['natuna', 'retno', 'wang']
    """
    found: set[str] = set()
    start = 0
    for match in WORD.finditer(text):
        word = match.group()
        opens = not headline and (match.start() == 0 or _SENTENCE_END.search(text, start, match.start()) is not None)
        start = match.end()
        if opens or len(word) < 3 or not word[0].isupper():
            continue
        lowered = word.lower()
        if lowered not in STOPWORDS and not lowered.isdigit():
            found.add(lowered)
    return found


@dataclass(frozen=True, slots=True)
class PairView:
    """What the feature functions read from one pair, computed once (pure data; see ``PairFeatures``)."""

    head: list[str]  # headline content stems
    article: Counter[str]  # stem counts of title + body
    title: set[str]
    lead: set[str]
    idf: dict[str, float]  # IDF of every headline stem
    max_idf: float
    head_names: set[str]
    article_names: set[str]
    article_words: set[str]  # lower-cased words of title + body (for names the article never writes capitalised)
    word_cosine: float
    char_cosine: float
    char_cosine_title: float
    topic_similarity: float
    article_length: int


def _share(view: PairView, terms: set[str] | Counter[str], weighted: bool) -> float:
    unique = set(view.head)
    if not unique:
        return 0.0
    def weight(term: str) -> float:
        return float(view.idf[term]) if weighted else 1.0

    total = sum(weight(t) for t in unique)
    return sum(weight(t) for t in unique if t in terms) / total if total else 0.0


def word_overlap(view: PairView) -> float:
    """Share of the headline's distinct content stems that occur in the article (title or body)."""
    return _share(view, view.article, weighted=False)


def word_overlap_idf(view: PairView) -> float:
    """``word_overlap`` with each stem weighted by its IDF (rare shared words count more)."""
    return _share(view, view.article, weighted=True)


def title_overlap_idf(view: PairView) -> float:
    """IDF-weighted share of the headline's stems that occur in the article's title."""
    return _share(view, view.title, weighted=True)


def lead_overlap_idf(view: PairView) -> float:
    """IDF-weighted share of the headline's stems that occur in the lead (the body's first words)."""
    return _share(view, view.lead, weighted=True)


def word_cosine(view: PairView) -> float:
    """TF-IDF cosine of the headline's and the article's stemmed words."""
    return view.word_cosine


def char_cosine(view: PairView) -> float:
    """TF-IDF cosine of the headline's and the article's character 3-5-grams."""
    return view.char_cosine


def char_cosine_title(view: PairView) -> float:
    """TF-IDF cosine of the headline's and the title's character 3-5-grams."""
    return view.char_cosine_title


def shared_names(view: PairView) -> float:
    """log(1 + headline names that the article writes capitalised mid-sentence or in its title)."""
    return math.log1p(len(view.head_names & view.article_names))


def names_share(view: PairView) -> float:
    """Share of the headline's names the article writes capitalised (0 for a headline without names)."""
    return len(view.head_names & view.article_names) / len(view.head_names) if view.head_names else 0.0


def unknown_names(view: PairView) -> float:
    """log(1 + headline names that occur nowhere in the article): another event's people and places."""
    return math.log1p(len(view.head_names - view.article_words))


def shared_centrality(view: PairView) -> float:
    """Mean over the headline's distinct stems of log(1 + the stem's count in the article): whether the
    shared words are what the article is about (its protagonists) or mentioned once."""
    unique = set(view.head)
    return sum(math.log1p(view.article[t]) for t in unique) / len(unique) if unique else 0.0


def max_shared_idf(view: PairView) -> float:
    """The largest IDF among shared stems, over the largest IDF of the model (1: the rarest word is shared)."""
    shared = [view.idf[t] for t in set(view.head) if t in view.article]
    return max(shared) / view.max_idf if shared and view.max_idf else 0.0


def missing_idf(view: PairView) -> float:
    """log(1 + the summed IDF of the headline's stems that the article lacks)."""
    return math.log1p(sum(view.idf[t] for t in set(view.head) if t not in view.article))


def topic_similarity(view: PairView) -> float:
    """Cosine of the headline's and the article's projections on the fitted topics (NMF)."""
    return view.topic_similarity


def headline_words(view: PairView) -> float:
    """log(1 + content words of the headline)."""
    return math.log1p(len(view.head))


def article_words(view: PairView) -> float:
    """log(1 + content words of the article)."""
    return math.log1p(view.article_length)


FEATURES: tuple[Callable[[PairView], float], ...] = (
    word_overlap, word_overlap_idf, title_overlap_idf, lead_overlap_idf, word_cosine, char_cosine,
    char_cosine_title, shared_names, names_share, unknown_names, shared_centrality, max_shared_idf,
    missing_idf, topic_similarity, headline_words, article_words,
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = tuple(f.__name__ for f in FEATURES)


def _group(lang: str | None) -> int:
    """Topic model of a language: 0 Indonesian (and Malay), 1 every other language."""
    return 0 if lang in ("id", "ms") else 1


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def _row_cosines(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Cosine of row i of ``a`` with row i of ``b``."""
    return np.asarray(_l2_rows(a).multiply(_l2_rows(b)).sum(axis=1)).ravel()


class PairFeatures(TransformerMixin, BaseEstimator):
    """Pairs → a matrix of the named features of ``FEATURES`` (one row per pair).

    ``fit`` learns, from the distinct articles of the pairs: the IDF of hashed stemmed words and of hashed
    character n-grams, and per language group an NMF topic model over the ``topic_terms`` most frequent
    hashed words. All fitted state is numpy arrays.

    Args:
        hash_features: size of the hashed word and character n-gram spaces.
        char_ngrams: (min, max) character n-gram sizes (within word boundaries).
        lead_words: words of the body that make its lead.
        topics: NMF components per language group (fewer when there are few articles).
        topic_terms: most frequent hashed words kept for the topic model.
        random_state: seed of the NMF initialisation.
    """

    def __init__(
        self,
        *,
        hash_features: int = 2**18,
        char_ngrams: tuple[int, int] = (3, 5),
        lead_words: int = 60,
        topics: int = 40,
        topic_terms: int = 6000,
        random_state: int = 0,
    ) -> None:
        self.hash_features = hash_features
        self.char_ngrams = char_ngrams
        self.lead_words = lead_words
        self.topics = topics
        self.topic_terms = topic_terms
        self.random_state = random_state

    # ---------------------------------------------------------------- vectorisers (stateless)
    def _words(self) -> HashingVectorizer:
        return HashingVectorizer(n_features=self.hash_features, token_pattern=_TOKEN_PATTERN, lowercase=False,
                                 alternate_sign=False, norm=None)  # fmt: skip

    def _chars(self) -> HashingVectorizer:
        return HashingVectorizer(n_features=self.hash_features, analyzer="char_wb", ngram_range=self.char_ngrams,
                                 alternate_sign=False, norm=None)  # fmt: skip

    @staticmethod
    def _stemmed(texts: Sequence[str], langs: Sequence[str | None]) -> list[str]:
        return [" ".join(content_stems(t, lang)) for t, lang in zip(texts, langs)]

    # ---------------------------------------------------------------- fit
    def fit(self, X: Sequence[Pair], y: Any = None) -> PairFeatures:
        """Learn IDFs and topic models from the distinct articles of ``X``.

        Args:
            X: pairs.
            y: ignored.

        Returns:
            self.
        """
        articles: dict[tuple[str, str], str | None] = {}
        for pair in X:
            articles.setdefault((pair.title, pair.body), pair.lang)
        texts = [f"{t}\n{b}" for t, b in articles]
        langs = list(articles.values())
        stemmed = self._stemmed(texts, langs)
        words = self._words().transform(stemmed).tocsr()
        chars = self._chars().transform([t.lower() for t in texts]).tocsr()
        n = len(texts)
        self.word_idf_ = self._idf(words, n)
        self.char_idf_ = self._idf(chars, n)
        self.max_idf_ = float(math.log((1 + n) / 1) + 1.0)
        groups = np.array([_group(lang) for lang in langs])
        columns, components = [], []
        for g in (0, 1):
            rows = words[groups == g]
            cols, comp = self._topic_model(rows)
            columns.append(cols)
            components.append(comp)
        self.topic_columns_ = columns
        self.topic_components_ = components
        self.n_features_in_ = 1
        return self

    @staticmethod
    def _idf(matrix: sp.csr_matrix, n: int) -> np.ndarray:
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)

    def _topic_model(self, counts: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """(hashed columns kept, NMF components over them as float32); empty arrays without articles."""
        n = counts.shape[0]
        k = min(self.topics, n // 5)
        if k < 2:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        keep = np.sort(np.argsort(-df, kind="stable")[: self.topic_terms])
        keep = keep[df[keep] > 1] if (df[keep] > 1).sum() >= k else keep
        sub = counts[:, keep].astype(np.float64)
        sub.data = 1.0 + np.log(sub.data)
        sub = _l2_rows(sub.multiply(self.word_idf_[keep]).tocsr())
        nmf = NMF(n_components=k, init="nndsvda", random_state=self.random_state, max_iter=300)
        nmf.fit(sub)
        return keep.astype(np.int64), nmf.components_.astype(np.float32)

    # ---------------------------------------------------------------- transform
    def _tfidf(self, counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
        counts = counts.astype(np.float64).tocsr()
        counts.data = 1.0 + np.log(counts.data)
        return sp.csr_matrix(counts.multiply(idf).tocsr())

    def _topics(self, tfidf: sp.csr_matrix, groups: np.ndarray) -> np.ndarray:
        """Topic weights of each row (projection on its group's components), zero-padded to one width."""
        width = max(c.shape[0] for c in self.topic_components_)
        out = np.zeros((tfidf.shape[0], max(width, 1)))
        for g, (cols, comp) in enumerate(zip(self.topic_columns_, self.topic_components_)):
            rows = np.flatnonzero(groups == g)
            if len(rows) and comp.size:
                sub = _l2_rows(tfidf[rows][:, cols])
                out[np.ix_(rows, np.arange(comp.shape[0]))] = sub @ comp.T
        return out

    def views(self, X: Sequence[Pair]) -> list[PairView]:
        """What the feature functions read from each pair.

        Args:
            X: pairs.

        Returns:
            One ``PairView`` per pair.
        """
        langs = [p.lang for p in X]
        heads = self._stemmed([p.headline for p in X], langs)
        arts = [f"{p.title}\n{p.body}" for p in X]
        distinct: dict[tuple[str, str | None], str] = {}
        for text, lang in zip(arts, langs):
            if (text, lang) not in distinct:
                distinct[(text, lang)] = " ".join(content_stems(text, lang))
        art_stems = [distinct[(text, lang)] for text, lang in zip(arts, langs)]
        row_of = {key: k for k, key in enumerate(distinct)}
        rows = np.asarray([row_of[(text, lang)] for text, lang in zip(arts, langs)], dtype=np.int64)
        words = self._words()
        chars = self._chars()
        head_w = self._tfidf(words.transform(heads), self.word_idf_)
        art_w = self._tfidf(words.transform(list(distinct.values())), self.word_idf_)[rows]
        head_c = self._tfidf(chars.transform([p.headline.lower() for p in X]), self.char_idf_)
        art_c = self._tfidf(chars.transform([text.lower() for text, _ in distinct]), self.char_idf_)[rows]
        title_c = self._tfidf(chars.transform([p.title.lower() for p in X]), self.char_idf_)
        word_cos = _row_cosines(head_w, art_w)
        char_cos = _row_cosines(head_c, art_c)
        title_cos = _row_cosines(head_c, title_c)
        groups = np.array([_group(lang) for lang in langs])
        head_t, art_t = self._topics(head_w, groups), self._topics(art_w, groups)
        norms = np.linalg.norm(head_t, axis=1) * np.linalg.norm(art_t, axis=1)
        topic_cos = np.divide((head_t * art_t).sum(axis=1), norms, out=np.zeros(len(X)), where=norms > 0)
        out = []
        cache: dict[tuple[str, str, str | None], tuple[Counter[str], set[str], set[str], set[str], set[str]]] = {}
        for i, pair in enumerate(X):
            head = heads[i].split()
            idf = {t: float(self.word_idf_[abs(murmurhash3_32(t, seed=0)) % self.hash_features]) for t in set(head)}
            key = (pair.title, pair.body, pair.lang)
            if key not in cache:
                lead = " ".join(WORD.findall(pair.body)[: self.lead_words])
                cache[key] = (
                    Counter(art_stems[i].split()),
                    set(content_stems(pair.title, pair.lang)),
                    set(content_stems(lead, pair.lang)),
                    names_of(pair.body, headline=False) | names_of(pair.title, headline=True),
                    {w.lower() for w in WORD.findall(arts[i])},
                )
            article, title, lead_stems, names, words_of_article = cache[key]
            out.append(PairView(
                head=head,
                article=article,
                title=title,
                lead=lead_stems,
                idf=idf,
                max_idf=self.max_idf_,
                head_names=names_of(pair.headline, headline=True),
                article_names=names,
                article_words=words_of_article,
                word_cosine=float(word_cos[i]),
                char_cosine=float(char_cos[i]),
                char_cosine_title=float(title_cos[i]),
                topic_similarity=float(topic_cos[i]),
                article_length=sum(article.values()),
            ))  # fmt: skip
        return out

    def transform(self, X: Sequence[Pair]) -> np.ndarray:
        """The feature matrix of ``X``: one row per pair, one column per name of ``get_feature_names_out()``.

        Args:
            X: pairs.

        Returns:
            A float array of shape (len(X), len(FEATURES)), every value finite.
        """
        rows = [[f(view) for f in FEATURES] for view in self.views(X)]
        return np.asarray(rows, dtype=float).reshape(len(X), len(FEATURES))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The feature names, in column order."""
        return np.asarray(FEATURE_NAMES, dtype=object)
