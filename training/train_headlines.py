"""Recipe for the shipped headline model (``classifier/pretrained/headlines.joblib``).

Loads the four shared clickbait corpora, compares by stratified 5-fold cross-validation
(a) one model for all languages against (b) one model per language (with ``--grid``, for a
few regularisation choices too), prints the table, then fits the chosen setting on all rows and
writes the artifact with its training data (names, rows, sha256) and CV metrics per corpus.

    .venv/bin/python -m training.train_headlines            # compare, choose, write
    .venv/bin/python -m training.train_headlines --grid     # ... over every setting (slow)
    .venv/bin/python -m training.train_headlines --no-compare  # write the default setting only
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedKFold

from classifier import artifact as artifacts
from classifier.headlines import build_pipeline, validate_labeled
from classifier.metrics import classification_scores

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "clickbait"
CORPORA = ("click_id", "stop_clickbait", "webis_clickbait_17", "ta1c")
OUT = Path(__file__).resolve().parents[1] / "classifier" / "pretrained" / "headlines.joblib"
CANDIDATES: dict[str, dict] = {"C=1": {}, "C=0.5": {"C": 0.5}, "C=3": {"C": 3.0}}
DEFAULT = "C=1"
FOLDS = 5
SEED = 0


def load_corpora(root: Path = DATA) -> dict[str, pd.DataFrame]:
    """Each corpus's ``train.csv`` as a validated table, with ``corpus`` and ``path`` recorded."""
    corpora = {}
    for name in CORPORA:
        df = validate_labeled(pd.read_csv(root / name / "train.csv"), name=name)
        df["corpus"] = name
        corpora[name] = df.reset_index(drop=True)
    return corpora


def fold_ids(df: pd.DataFrame) -> np.ndarray:
    """Stratified fold number of each row (seeded, so every setting sees the same folds)."""
    ids = np.empty(len(df), dtype=int)
    cv = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for k, (_, test) in enumerate(cv.split(df["text"], df["label"])):
        ids[test] = k
    return ids


def _fit_predict(train: pd.DataFrame, test: pd.DataFrame, params: dict) -> np.ndarray:
    pipeline = build_pipeline(**params).fit(train["text"].tolist(), train["label"].to_numpy())
    return pipeline.predict_proba(test["text"].tolist())[:, 1]


def out_of_fold(corpora: dict[str, pd.DataFrame], params: dict, *, per_language: bool, jobs: int = 2):
    """Out-of-fold P(clickbait) per corpus, training either one pooled model or one per language."""
    pool = pd.concat([df.assign(fold=fold_ids(df)) for df in corpora.values()], ignore_index=True)
    groups = [g for _, g in pool.groupby("lang")] if per_language else [pool]
    tasks = [(g, k) for g in groups for k in range(FOLDS)]
    preds = Parallel(n_jobs=jobs)(
        delayed(_fit_predict)(g[g["fold"] != k], g[g["fold"] == k], params) for g, k in tasks
    )
    proba = pd.Series(np.nan, index=pool.index)
    for (g, k), p in zip(tasks, preds):
        proba[g.index[g["fold"] == k]] = p
    return {name: proba[pool["corpus"] == name].to_numpy() for name in corpora}


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a markdown table (floats to 4 places)."""
    cells = [[f"{v:.4f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def compare(corpora: dict[str, pd.DataFrame], settings: list[str]) -> tuple[pd.DataFrame, dict]:
    """CV metrics of every (one | per-language) x candidate setting, one row per corpus.

    Returns:
        The table, and the out-of-fold probabilities of each ``(models, setting)``.
    """
    rows, probas = [], {}
    for models in ("one", "per-language"):
        for setting in settings:
            params, start = CANDIDATES[setting], time.time()
            proba = probas[models, setting] = out_of_fold(corpora, params, per_language=models != "one")
            for name, df in corpora.items():
                rows.append({"models": models, "setting": setting, "corpus": name,
                             **classification_scores(df["label"], proba[name])})  # fmt: skip
            print(f"  {models} {setting}: {time.time() - start:.0f}s", flush=True)
    return pd.DataFrame(rows), probas


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-compare", action="store_true", help="skip the comparison, fit the default")
    parser.add_argument("--grid", action="store_true", help="also compare every regularisation setting")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    corpora = load_corpora()
    if args.no_compare:
        chosen, proba = DEFAULT, out_of_fold(corpora, CANDIDATES[DEFAULT], per_language=False)
    else:
        table, probas = compare(corpora, list(CANDIDATES) if args.grid else [DEFAULT])
        print(markdown(table))
        summary = table.groupby(["models", "setting"], as_index=False)[["accuracy", "f1", "roc_auc", "ece"]].mean()
        print(markdown(summary))
        summary["mean"] = summary[["accuracy", "f1", "roc_auc"]].mean(axis=1)
        best = summary.sort_values("mean", ascending=False).iloc[0]
        print(f"best by mean(accuracy, F1, AUC): {best['models']} {best['setting']}")
        # ship one model for every language: the best setting of that family
        one = summary[summary["models"] == "one"].sort_values("mean", ascending=False).iloc[0]
        chosen, proba = one["setting"], probas["one", one["setting"]]
    params = CANDIDATES[chosen]
    metrics = {"cv_folds": FOLDS, "setting": chosen,
               **{name: classification_scores(df["label"], proba[name]) for name, df in corpora.items()}}  # fmt: skip
    data = pd.concat(corpora.values(), ignore_index=True)
    pipeline = build_pipeline(**params).fit(data["text"].tolist(), data["label"].to_numpy())
    training_data = [
        {"name": f"clickbait/{name}/train.csv", "rows": len(df),
         "sha256": artifacts.file_digest(DATA / name / "train.csv")}  # fmt: skip
        for name, df in corpora.items()
    ]
    artifact = artifacts.build(pipeline, kind="headlines", training_data=training_data, metrics=metrics, params=params)
    path = artifacts.save(artifact, args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), setting {chosen}")


if __name__ == "__main__":
    main()
