"""Recipe for the shipped headline model (``classifier/pretrained/headlines.chaff``).

Loads the four shared clickbait corpora (language from their ``lang`` column, ``domain`` = corpus,
so English gets a gate between Stop Clickbait's site headlines and Webis's news tweets) and
cross-validates the one ``Pipeline`` (``classifier.models.headlines.build_pipeline``):

- stratified 5-fold CV per corpus (the folds of every corpus train together), each test headline
  scored three ways: routed by the detected language (a bare headline), by the gold language
  (a page, whose language is known), and by the pooled expert alone;
- CLICK-ID publisher-grouped 5-fold CV (``source``; no publisher in both train and test), on the
  Indonesian rows, gold-language routing.

Then fits the pipeline on every row and writes the artifact with its training data (names, rows,
sha256) and the CV metrics.

    .venv/bin/python -m training.train_headlines --oof /tmp/headlines_oof.npz   # CV, write the artifact
    .venv/bin/python -m training.train_headlines --setting C=2                  # another setting
    .venv/bin/python -m training.train_headlines --reuse-oof /tmp/headlines_oof.npz   # refit only
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone

from classifier import artifact as artifacts
from classifier.fit.headlines import fold_ids, model_inputs, validate_labeled
from classifier.metrics import classification_scores
from classifier.models.headlines import POOLED, build_pipeline, feature_names

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "clickbait"
CORPORA = ("click_id", "stop_clickbait", "webis_clickbait_17", "ta1c")
OUT = Path(__file__).resolve().parents[1] / "classifier" / "pretrained" / "headlines.chaff"
CANDIDATES: dict[str, dict[str, Any]] = {"C=1": {}, "C=2": {"C": 2.0}, "C=0.5": {"C": 0.5}}
DEFAULT = "C=1"
FOLDS = 5
SEED = 0
WAYS = ("routed", "oracle", "pooled")


def load_corpora(root: Path = DATA) -> dict[str, pd.DataFrame]:
    """Each corpus's ``train.csv`` as a validated table, ``domain`` = corpus name."""
    corpora = {}
    for name in CORPORA:
        df = validate_labeled(pd.read_csv(root / name / "train.csv"), name=name)
        df["corpus"] = df["domain"] = name
        corpora[name] = df.reset_index(drop=True)
    return corpora


def pooled_proba(pipeline: Any, texts: list[str]) -> np.ndarray:
    """P(clickbait) of the pooled expert alone (what a headline of an unknown language gets)."""
    router = pipeline[-1]
    expert = router.experts_[POOLED]
    return np.asarray(expert.predict_proba(router.vectorizer_.transform(texts))[:, 1])


def out_of_fold(corpora: dict[str, pd.DataFrame], params: dict[str, Any]) -> dict[str, dict[str, np.ndarray]]:
    """Stratified out-of-fold P(clickbait) per corpus, for each of ``WAYS``.

    Returns:
        ``{way: {corpus: proba}}``.
    """
    pool = pd.concat([df.assign(fold=fold_ids(df["label"], folds=FOLDS, seed=SEED)) for df in corpora.values()],
                     ignore_index=True)  # fmt: skip
    out = {way: np.full(len(pool), np.nan) for way in WAYS}
    pipeline = build_pipeline(**params)
    for k in range(FOLDS):
        start = time.time()
        train, test = pool[pool["fold"] != k], pool[pool["fold"] == k]
        fitted = clone(pipeline).fit(model_inputs(train), train["label"].to_numpy())
        rows = test.index.to_numpy()
        texts = test["text"].tolist()
        out["routed"][rows] = fitted.predict_proba(texts)[:, 1]
        out["oracle"][rows] = fitted.predict_proba(test[["text", "lang"]])[:, 1]
        out["pooled"][rows] = pooled_proba(fitted, texts)
        print(f"  fold {k}: {time.time() - start:.0f}s", flush=True)
    return {way: {name: proba[(pool["corpus"] == name).to_numpy()] for name in corpora} for way, proba in out.items()}


def grouped_out_of_fold(df: pd.DataFrame, params: dict[str, Any], group: str = "source") -> np.ndarray:
    """Out-of-fold P(clickbait) of one corpus with folds grouped by ``group`` (e.g. publisher)."""
    ids = fold_ids(df["label"], folds=FOLDS, seed=SEED, groups=df[group])
    out = np.full(len(df), np.nan)
    for k in range(FOLDS):
        train, test = df[ids != k], df[ids == k]
        fitted = clone(build_pipeline(**params)).fit(model_inputs(train), train["label"].to_numpy())
        out[ids == k] = fitted.predict_proba(test[["text", "lang"]])[:, 1]
    return out


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a markdown table (floats to 4 places)."""
    cells = [[f"{v:.4f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--oof", type=Path, default=None, help="also save the out-of-fold probabilities (npz)")
    parser.add_argument("--setting", default=DEFAULT, choices=list(CANDIDATES))
    parser.add_argument("--reuse-oof", type=Path, default=None,
                        help="take the CV probabilities from an earlier --oof file of the same setting; only refit")
    args = parser.parse_args(argv)
    corpora = load_corpora()
    params = CANDIDATES[args.setting]
    if args.reuse_oof:
        saved = np.load(args.reuse_oof)
        probas = {way: {name: saved[f"{way}/{name}"] for name in corpora} for way in WAYS}
        grouped = saved["grouped/click_id"]
    else:
        probas = out_of_fold(corpora, params)
        grouped = grouped_out_of_fold(corpora["click_id"], params)
    rows = [{"routing": way, "corpus": name, **classification_scores(df["label"], probas[way][name])}
            for way in WAYS for name, df in corpora.items()]  # fmt: skip
    rows.append({"routing": "oracle, publisher-grouped", "corpus": "click_id",
                 **classification_scores(corpora["click_id"]["label"], grouped)})  # fmt: skip
    print(markdown(pd.DataFrame(rows)))
    if args.oof:
        arrays = {f"{way}/{name}": p for way, d in probas.items() for name, p in d.items()}
        np.savez(args.oof, **arrays, **{"grouped/click_id": grouped})
    metrics = {
        "cv_folds": FOLDS, "setting": args.setting, "routing": "detected language (lexicon words, then char n-gram NB)",
        **{name: classification_scores(df["label"], probas["routed"][name]) for name, df in corpora.items()},
        "oracle": {name: classification_scores(df["label"], probas["oracle"][name]) for name, df in corpora.items()},
        "pooled": {name: classification_scores(df["label"], probas["pooled"][name]) for name, df in corpora.items()},
        "click_id_publisher_grouped": classification_scores(corpora["click_id"]["label"], grouped),
    }  # fmt: skip
    data = pd.concat(corpora.values(), ignore_index=True)
    start = time.time()
    pipeline = build_pipeline(**params).fit(model_inputs(data), data["label"].to_numpy())
    print(f"fitted on {len(data)} rows in {time.time() - start:.0f}s")
    training_data = [
        {"name": f"clickbait/{name}/train.csv", "rows": len(df), "sha256": artifacts.file_digest(DATA / name / "train.csv")}
        for name, df in corpora.items()
    ]
    artifact = artifacts.build(pipeline, kind="headlines", training_data=training_data, metrics=metrics, params=params,
                               feature_names=feature_names())  # fmt: skip
    path = artifacts.save(artifact, args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), setting {args.setting}")


if __name__ == "__main__":
    main()
