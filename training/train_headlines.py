"""Recipe for the shipped headline model (``classifier/pretrained/headlines.joblib``).

Loads the four shared clickbait corpora and, by stratified 5-fold cross-validation, compares
(a) one pooled model for all languages; (b) one model per language (id, en, es), routed as
``classifier.headlines.route`` does for a bare headline (word lists, then a learned language
identifier, pooled model as fallback), English being two experts (Stop Clickbait's site headlines
and Webis's news-tweet posts, whose notions of clickbait differ; the corpus is the ``domain``)
chosen by a gate, gradient boosting over the named features; (c) the same routed by the gold
language (oracle: what a page with a detected language gets). Then fits everything on all rows and
writes the artifact (``pipeline`` = pooled fallback, ``pipelines``, ``gates``,
``language_identifier``) with its training data (names, rows, sha256) and the routed CV metrics per
corpus (pooled ones under ``pooled``).

    .venv/bin/python -m training.train_headlines                     # CV table, write the artifact
    .venv/bin/python -m training.train_headlines --setting char3-5   # another candidate setting
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from classifier import artifact as artifacts
from classifier.headlines import feature_names, fit_routed, score, score_table, validate_labeled
from classifier.metrics import classification_scores

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "clickbait"
CORPORA = ("click_id", "stop_clickbait", "webis_clickbait_17", "ta1c")
OUT = Path(__file__).resolve().parents[1] / "classifier" / "pretrained" / "headlines.joblib"
CANDIDATES: dict[str, dict] = {
    "C=1": {}, "C=0.5": {"C": 0.5}, "C=3": {"C": 3.0},
    "char3-5": {"char_ngrams": (3, 5)},
    "char3-5,word1-3": {"char_ngrams": (3, 5), "word_ngrams": (1, 3)},
}  # fmt: skip
DEFAULT = "C=1"
LANGUAGES = ("id", "en", "es")
FOLDS = 5
SEED = 0


def load_corpora(root: Path = DATA) -> dict[str, pd.DataFrame]:
    """Each corpus's ``train.csv`` as a validated table, with ``corpus`` and ``path`` recorded."""
    corpora = {}
    for name in CORPORA:
        df = validate_labeled(pd.read_csv(root / name / "train.csv"), name=name)
        df["corpus"] = df["domain"] = name
        corpora[name] = df.reset_index(drop=True)
    return corpora


def fold_ids(df: pd.DataFrame) -> np.ndarray:
    """Stratified fold number of each row (seeded, so every setting sees the same folds)."""
    ids = np.empty(len(df), dtype=int)
    cv = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for k, (_, test) in enumerate(cv.split(df["text"], df["label"])):
        ids[test] = k
    return ids


def out_of_fold(corpora: dict[str, pd.DataFrame], params: dict, *, jobs: int = 2) -> dict[str, dict]:
    """Out-of-fold P(clickbait) per corpus of (a) the pooled model and (b) per-language routing.

    Every fold trains the pooled model, one model per language and the language identifier on the
    training folds of every corpus (language from the data's ``lang`` column). "routed" scores each
    test headline as ``score`` does a bare headline (detected language); "oracle" passes the gold one.

    Returns:
        ``{"one": {corpus: proba}, "routed": {corpus: proba}, "oracle": {corpus: proba}}``.
    """
    pool = pd.concat([df.assign(fold=fold_ids(df)) for df in corpora.values()], ignore_index=True)
    out = {key: pd.Series(np.nan, index=pool.index) for key in ("one", "routed", "oracle")}
    for k in range(FOLDS):
        start = time.time()
        test = pool[pool["fold"] == k]
        models = fit_routed(pool[pool["fold"] != k], params, LANGUAGES, jobs=jobs)
        texts = test["text"].tolist()
        out["one"][test.index] = models["pipeline"].predict_proba(texts)[:, 1]
        out["routed"][test.index] = score(texts, models)
        out["oracle"][test.index] = score_table(test, models)
        print(f"  fold {k}: {time.time() - start:.0f}s", flush=True)
    return {key: {name: proba[pool["corpus"] == name].to_numpy() for name in corpora} for key, proba in out.items()}


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a markdown table (floats to 4 places)."""
    cells = [[f"{v:.4f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def compare(corpora: dict[str, pd.DataFrame], probas: dict[str, dict]) -> pd.DataFrame:
    """CV metrics of pooled vs routed (detector) vs oracle-routed, one row per corpus."""
    rows = []
    for models, proba in probas.items():
        for name, df in corpora.items():
            rows.append({"models": models, "corpus": name, **classification_scores(df["label"], proba[name])})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--oof", type=Path, default=None, help="also save the out-of-fold probabilities (npz)")
    parser.add_argument("--setting", default=DEFAULT, choices=list(CANDIDATES))
    args = parser.parse_args(argv)
    corpora = load_corpora()
    params = CANDIDATES[args.setting]
    probas = out_of_fold(corpora, params)
    table = compare(corpora, probas)
    print(markdown(table))
    if args.oof:
        np.savez(args.oof, **{f"{key}/{name}": p for key, d in probas.items() for name, p in d.items()})
    metrics = {"cv_folds": FOLDS, "setting": args.setting, "routing": "word lists, then language identifier, pooled fallback",
               **{name: classification_scores(df["label"], probas["routed"][name]) for name, df in corpora.items()},
               "pooled": {name: classification_scores(df["label"], probas["one"][name]) for name, df in corpora.items()}}  # fmt: skip
    data = pd.concat(corpora.values(), ignore_index=True)
    models = fit_routed(data, params, LANGUAGES, jobs=2)
    pooled = models.pop("pipeline")
    training_data = [
        {"name": f"clickbait/{name}/train.csv", "rows": len(df),
         "sha256": artifacts.file_digest(DATA / name / "train.csv")}  # fmt: skip
        for name, df in corpora.items()
    ]
    artifact = artifacts.build(pooled, kind="headlines", training_data=training_data, metrics=metrics, params=params,
                               feature_names=feature_names(pooled), **models)  # fmt: skip
    path = artifacts.save(artifact, args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), setting {args.setting}")


if __name__ == "__main__":
    main()
