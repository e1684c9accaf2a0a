"""Off-topic pair model benchmark: P/R/F1 and calibration (ECE) per group, against today's similarity rule.

Groups: ``real-id`` / ``real-en`` (the ``on``/``off`` items of the labeled real pages,
``data/inserted_links/real_labels.jsonl``, each re-found by the sha1 of its section text), ``own`` (the pages
written for chaff, ``own_labels.jsonl``), ``gen-id`` / ``gen-en`` (the generated pairs of
``training/train_offtopic.py``). Every figure is out-of-fold:

- generated pairs: 5-fold cross-validation grouped by article (feature statistics, which use no labels, are
  fitted once on the generated articles);
- labeled items: 5-fold cross-validation grouped by page; each fold's model is the shipped recipe
  (``training.train_offtopic.fit``: generated pairs plus the other folds' items, items weighted to weigh as
  much as the generated pairs) — ``recipe``; and, for comparison, a model fitted on the generated pairs
  alone, which never sees an item — ``generated only``.

The rule of 0.1 (``fit.rules.topicality.headline_similarity`` below 0.275, ``OLD_RULE_THRESHOLD``, is
off-topic) is scored on the same items (no probabilities, so no ECE). Also measured: the skops
serialisation of the fitted model (size, dumps/loads time, the types to trust) and the feature time per pair
relative to today's similarity on the same items (one process).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/offtopic.py
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from classifier.config import Config  # noqa: E402
from classifier.features.pair import Pair, PairFeatures  # noqa: E402
from classifier.fit.offtopic import LabeledPairs, grouped_proba, off_topic_scores  # noqa: E402
from classifier.fit.rules.topicality import article_of, headline_similarity  # noqa: E402
from classifier.models.offtopic import OffTopicModel  # noqa: E402
from classifier.types import Page, Section  # noqa: E402
from training.train_offtopic import fit, generated_pairs, own_items, real_items  # noqa: E402

OUT = REPO_ROOT / "benchmarks" / "results"
FOLDS = 5

OLD_RULE_THRESHOLD = 0.275  # the similarity threshold of chaff 0.1 (tuned on the real items themselves)


def similarity(pair: Pair) -> float:
    """Today's topicality similarity of a pair (title and body lines as the article's sections)."""
    lines = [line for line in pair.body.split("\n") if line.strip()]
    page = Page(pair.title, pair.lang, tuple(Section(line) for line in lines))
    return headline_similarity(pair.headline, article_of(page, range(len(lines))))


def recipe_cv(generated: LabeledPairs, items: LabeledPairs, features: PairFeatures, xg: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """Out-of-fold P(off) of the items under the shipped recipe, folds grouped by page."""
    proba = np.zeros(len(items))
    for train_rows, test_rows in GroupKFold(n_splits=FOLDS).split(xi, items.labels, items.groups):
        model = fit(generated, items.subset(train_rows), features=features)
        proba[test_rows] = 1.0 / (1.0 + np.exp(-model.decision_matrix(xi[test_rows])))
    return proba


def skops_figures(model: OffTopicModel) -> dict:
    """Size and time of ``skops.io.dumps``/``loads`` of the model, and the types loading must trust."""
    try:
        import skops.io as sio
    except ImportError:
        return {"skipped": "skops not installed (pip install skops)"}
    start = time.perf_counter()
    data = sio.dumps(model)
    dumped = time.perf_counter() - start
    untrusted = sio.get_untrusted_types(data=data)
    start = time.perf_counter()
    loaded = sio.loads(data, trusted=untrusted)
    loaded_s = time.perf_counter() - start
    return {"bytes": len(data), "dumps_s": dumped, "loads_s": loaded_s, "trusted_types": untrusted,
            "round_trip_equal": bool(np.allclose(loaded.classifier_.coef_, model.classifier_.coef_))}  # fmt: skip


def main() -> None:
    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    generated = generated_pairs()
    real, found = real_items()
    items = LabeledPairs.concat([real, own_items()])
    print(f"data in {time.perf_counter() - start:.0f}s: {len(generated)} generated pairs, {len(items)} items", file=sys.stderr)
    features = PairFeatures().fit(generated.pairs)
    xg = features.transform(generated.pairs)
    xi = features.transform(items.pairs)
    print(f"features in {time.perf_counter() - start:.0f}s", file=sys.stderr)

    threshold = Config().off_topic_probability
    gen_proba = grouped_proba(xg, generated.labels, generated.groups, folds=FOLDS, make=OffTopicModel, features=features)
    only = OffTopicModel()
    only.features_ = features
    only.fit_matrix(xg, generated.labels)
    only_proba = 1.0 / (1.0 + np.exp(-only.decision_matrix(xi)))
    recipe_proba = recipe_cv(generated, items, features, xg, xi)

    t0 = time.perf_counter()
    sims = np.array([similarity(p) for p in items.pairs])
    similarity_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    only.predict_proba(items.pairs)
    model_s = time.perf_counter() - t0
    rule = (sims < OLD_RULE_THRESHOLD).astype(float)

    groups: dict[str, dict] = {}
    item_groups = {"real-id": items.sources == "real-id", "real-en": items.sources == "real-en",
                   "real": np.isin(items.sources, ["real-id", "real-en"]), "own": items.sources == "own"}  # fmt: skip
    for name, rows in item_groups.items():
        groups[name] = {
            "recipe (CV by page)": off_topic_scores(items.labels[rows], recipe_proba[rows], threshold=threshold),
            "generated only": off_topic_scores(items.labels[rows], only_proba[rows], threshold=threshold),
            "similarity < 0.275 (today)": {k: v for k, v in off_topic_scores(items.labels[rows], rule[rows]).items() if k != "ece"},
        }
    for lang in ("id", "en"):
        rows = np.array([s.startswith(f"{lang}-") for s in generated.sources])
        groups[f"gen-{lang}"] = {
            "recipe (CV by article)": off_topic_scores(generated.labels[rows], gen_proba[rows], threshold=threshold),
            "similarity < 0.275 (today)": {k: v for k, v in off_topic_scores(
                generated.labels[rows][:2000], (np.array([similarity(p) for p in np.asarray(generated.pairs, dtype=object)[rows][:2000]]) < 0.275).astype(float)
            ).items() if k != "ece"} | {"note": "first 2000 pairs"},
        }  # fmt: skip
    shipped = fit(generated, items, features=features)
    report = {
        "protocol": "items: 5-fold CV grouped by page, each fold fitted by the shipped recipe; generated: 5-fold CV "
                    "grouped by article; threshold Config.off_topic_probability",
        "threshold": threshold,
        "items_refound": found,
        "pairs": {"generated": int(len(generated)), "items": int(len(items)),
                  "generated_sources": {str(s): int((generated.sources == s).sum()) for s in sorted(set(generated.sources))}},
        "groups": groups,
        "coefficients": dict(zip(shipped.feature_names(), map(float, shipped.classifier_.coef_[0]))),
        "speed": {"model_ms_per_pair": 1000 * model_s / len(items), "similarity_ms_per_pair": 1000 * similarity_s / len(items),
                  "ratio": model_s / similarity_s},
        "skops": skops_figures(shipped),
        "seconds": time.perf_counter() - start,
    }  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "offtopic.json").write_text(json.dumps(report, indent=1, default=float))
    lines = ["# Off-topic pair model", "", report["protocol"], "",
             f"Real items re-found by sha1 under the current parser: {found['found']} of {found['items']}.", "",
             "| group | method | pairs | off | P | R | F1 | ECE |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, methods in groups.items():
        for method, s in methods.items():
            ece = f"{s['ece']:.3f}" if "ece" in s else "–"
            lines.append(f"| {name} | {method} | {s['pairs']} | {s['off']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {ece} |")
    sk = report["skops"]
    lines += ["", f"Speed: pair model {report['speed']['model_ms_per_pair']:.2f} ms/pair, today's similarity "
              f"{report['speed']['similarity_ms_per_pair']:.2f} ms/pair (ratio {report['speed']['ratio']:.1f}, one process).", ""]  # fmt: skip
    if "bytes" in sk:
        lines.append(f"skops: {sk['bytes'] / 1e6:.2f} MB, dumps {sk['dumps_s']:.2f}s, loads {sk['loads_s']:.2f}s; "
                     f"types to trust: {', '.join(sk['trusted_types']) or 'none'}.")  # fmt: skip
    (OUT / "offtopic.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
