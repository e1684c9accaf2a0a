"""Recipe: the kind estimator of the shipped section model, and its cross-validated figures.

    .venv/bin/python -m training.synthetic --lang id --pages 1500 --seed 7 --out /tmp/chaff/synth-id-train.jsonl
    .venv/bin/python -m training.synthetic --lang en --pages 1500 --seed 7 --out /tmp/chaff/synth-en-train.jsonl
    .venv/bin/python -m training.synthetic --lang id --pages 300 --seed 1007 --out /tmp/chaff/synth-id-eval.jsonl
    .venv/bin/python -m training.synthetic --lang en --pages 300 --seed 1007 --out /tmp/chaff/synth-en-eval.jsonl
    .venv/bin/python -m training.kinds_data --out /tmp/chaff/real-kinds.jsonl
    .venv/bin/python -m training.train_kinds cv --lodo /tmp/chaff/models/lodo   # figures (real pages: grouped CV)
    .venv/bin/python -m training.train_kinds ship                               # adds kinds to the shipped model
    .venv/bin/python -m training.train_kinds ship-lodo                          # and to each leave-one-out model

Data: (a) the hand-labeled real pages (``data/kinds``, ``data/inserted_links``; HTML and plain text), (b)
generated pages with exact kinds (``training/synthetic.py``; training seeds only), (c) a sample of the
extraction pages whose noise sections carry the old rules' kinds (weak labels; the hand-labeled pages left
out). The kind estimator is fitted on all three, (a) and (b) weighing more than (c).

Figures: on the real pages, 5-fold cross-validation grouped by page (both renderings of a page in one
fold); the content decision for those pages comes from the leave-one-data-set-out section models (each
trained without the page's data set), so neither decision saw the page. On the generated evaluation pages
(other seeds, other articles), the shipped content model and a kind estimator fitted without them.
Reported per group (real/generated × id/en × html/text): inserted-item detection P/R/F1, noise dropped,
content kept, noise-kind accuracy.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from classifier import artifact
from classifier.analyze import choose
from classifier.config import Config
from classifier.fit.sections import Examples, examples, labeled_pages, make_model, sample_weights
from classifier.io import read_jsonl
from classifier.models.sections import SectionModel

TMP = Path("/tmp/chaff")
CACHE = TMP / "sections-kinds.joblib"
REAL = TMP / "real-kinds.jsonl"
SYNTH_TRAIN = [TMP / "synth-id-train.jsonl", TMP / "synth-en-train.jsonl"]
SYNTH_EVAL = [TMP / "synth-id-eval.jsonl", TMP / "synth-en-eval.jsonl"]
WEAK_SHARE = 0.15  # share of the extraction pages (weak kinds) in the kind estimator's data
WEAK_WEIGHT = 0.3  # a weakly labeled row weighs this much against a generated one
REAL_WEIGHT = 5.0  # a real hand-labeled row against a generated one: 5 beat 1 in grouped CV on the real pages
FOLDS = 5


def load_records(paths: list[Path]) -> Examples:
    features = make_model(kinds=True).features
    records = [r for path in paths for r in read_jsonl(path)]
    return examples(labeled_pages(records), features)


def weak_sample(exclude: set[str]) -> Examples:
    """A seeded share of the extraction pages (both renderings), without the hand-labeled pages."""
    data: Examples = joblib.load(CACHE)
    groups = np.asarray(data.groups)
    unique = np.unique(groups)
    chosen = set(np.random.default_rng(0).choice(unique, int(WEAK_SHARE * len(unique)), replace=False))
    pages = np.flatnonzero([g in chosen and g not in exclude for g in groups])
    return data.subset(pages)


def kind_rows(data: Examples, weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    known = data.kinds != ""
    w = sample_weights(data, dataset_power=1.0)[known] * weight
    return data.X[known], data.kinds[known].astype(str), w


def fit_kinds(parts: list[tuple[Examples, float]], threads: int) -> SectionModel:
    X, y, w = zip(*(kind_rows(data, weight) for data, weight in parts))
    model = make_model(threads=threads, kinds=True)
    return model.fit_kinds(np.vstack(X), np.concatenate(y), np.concatenate(w))


def group_label(lang: str | None, mode: str, real: bool) -> str:
    return f"{'real' if real else 'generated'}/{lang or '?'}/{mode}"


def measure(
    data: Examples, proba: np.ndarray, item_proba: np.ndarray, kind_proba: np.ndarray, classes: list[str],
    langs: list[str | None], real: bool, config: Config,
) -> dict[str, dict[str, float]]:
    """Per group: inserted-item detection, noise dropped, content kept, noise-kind accuracy, with the
    decisions of ``classifier.analyze.choose`` (what ``extract`` and ``score`` do)."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    named_classes = np.asarray(classes, dtype=object)
    noise_columns = [j for j, kind in enumerate(classes) if kind != "content"]
    for i, rows in enumerate(data.layout.slices()):
        p, ip, kp = proba[rows], item_proba[rows], kind_proba[rows]
        kept, items = choose(p, data.layout.words[rows], ip, classes, lambda r, kp=kp: kp[r], config)
        found = np.zeros(len(p), dtype=bool)
        found[list(items)] = True
        truth = data.kinds[rows]
        labeled = truth != ""
        content = data.y[rows].astype(bool)
        c = counts[group_label(langs[i], data.modes[i], real)]
        c["pages"] += 1
        c["content"] += content.sum()
        c["content_kept"] += (content & kept).sum()
        c["noise"] += (~content).sum()
        c["noise_dropped"] += (~content & ~kept).sum()
        is_item = labeled & (truth == "inserted_link")
        c["items"] += is_item.sum()
        c["found"] += (found & labeled).sum()
        c["hits"] += (found & is_item).sum()
        noise_known = labeled & ~np.isin(truth, ["content", "inserted_link"]) & ~content
        best = named_classes[np.asarray(noise_columns)[np.argmax(kp[:, noise_columns], axis=1)]] if noise_columns else truth
        c["noise_named"] += noise_known.sum()
        c["noise_named_right"] += (noise_known & (best == truth)).sum()
    out = {}
    for g, c in sorted(counts.items()):
        precision = c["hits"] / c["found"] if c["found"] else float("nan")
        recall = c["hits"] / c["items"] if c["items"] else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
        out[g] = {
            "pages": int(c["pages"]), "items": int(c["items"]), "item_precision": precision, "item_recall": recall,
            "item_f1": f1, "noise_dropped": c["noise_dropped"] / max(c["noise"], 1),
            "content_kept": c["content_kept"] / max(c["content"], 1),
            "noise_kind_accuracy": c["noise_named_right"] / c["noise_named"] if c["noise_named"] else float("nan"),
        }  # fmt: skip
    return out


def langs_of(paths: list[Path]) -> dict[str, str | None]:
    return {str(r.get("id")): r.get("lang") for path in paths for r in read_jsonl(path)}


def predict(model: SectionModel, data: Examples) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """P(item) and P(kind) of every row (kinds over the model's kind classes)."""
    return model.item_proba(data.X), model.kind_proba(data.X), model.kind_classes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("cv", "report", "ship", "ship-lodo"))
    parser.add_argument("--lodo", default=str(TMP / "models" / "lodo"), help="leave-one-data-set-out section models")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--real-weight", type=float, default=REAL_WEIGHT,
                        help="weight of a hand-labeled real row against a generated one")
    parser.add_argument("--oof", default=str(TMP / "models" / "kinds-oof.npz"), help="cv writes, report reads")
    parser.add_argument("--out", default=str(TMP / "models" / "kinds.json"))
    parser.add_argument("--model", help="ship: the section model file to add the kinds to (default: the shipped one)")
    parser.add_argument("--exclude-dataset", help="ship: leave this extraction data set's pages out of the kinds "
                                                  "(for the leave-one-data-set-out models)")
    args = parser.parse_args()
    config = Config()
    start = time.perf_counter()
    real = load_records([REAL])
    synth = load_records(SYNTH_TRAIN)
    weak = weak_sample({g.split(":", 1)[-1] for g in real.groups})
    print(f"real {real.layout.pages} page renderings, generated {synth.layout.pages}, weak {weak.layout.pages}; "
          f"{time.perf_counter() - start:.0f}s", flush=True)  # fmt: skip
    oof_path = Path(args.oof)
    real_weight = args.real_weight
    if args.command == "ship":
        path = Path(args.model) if args.model else artifact.default_path("sections")
        metrics = json.loads(Path(args.out).read_text()) if Path(args.out).exists() else {}
        add_kinds(path, real, synth, weak, args.threads, metrics, args.exclude_dataset, real_weight)
        return
    if args.command == "ship-lodo":  # the kinds of every leave-one-data-set-out model, without its data set
        for name in sorted(p.name for p in Path(args.lodo).iterdir() if (p / "sections.chaff").exists()):
            add_kinds(Path(args.lodo) / name / "sections.chaff", real, synth, weak, args.threads, {}, name, real_weight)
        return
    if args.command == "cv":
        # real pages: grouped CV; generated evaluation pages: a model fitted without them
        groups = np.unique(np.asarray(real.groups), return_inverse=True)[1]
        fold = np.random.default_rng(0).permutation(groups.max() + 1)[groups] % FOLDS
        slices = real.layout.slices()
        item_oof, kind_oof, classes = np.zeros(len(real.y)), None, []
        for k in range(FOLDS):
            train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            model = fit_kinds([(real.subset(train), real_weight), (synth, 1.0), (weak, WEAK_WEIGHT)], args.threads)
            rows = np.concatenate([np.arange(slices[i].start, slices[i].stop) for i in test])
            ip, kp, classes = predict(model, real.subset(test))
            kind_oof = np.zeros((len(real.y), kp.shape[1])) if kind_oof is None else kind_oof
            item_oof[rows], kind_oof[rows] = ip, kp
            print(f"fold {k}: {time.perf_counter() - start:.0f}s", flush=True)
        evaluation = load_records(SYNTH_EVAL)
        model = fit_kinds([(real, real_weight), (synth, 1.0), (weak, WEAK_WEIGHT)], args.threads)
        eval_items, eval_kinds, eval_classes = predict(model, evaluation)
        assert eval_classes == classes
        np.savez(oof_path, item=item_oof, kind=kind_oof, eval_item=eval_items, eval_kind=eval_kinds, classes=np.asarray(classes))
        print(f"saved {oof_path}")
        return
    # report: content decisions from the leave-one-data-set-out models (real) and the shipped model (generated)
    saved = np.load(oof_path, allow_pickle=False)
    classes = [str(c) for c in saved["classes"]]
    proba = np.zeros(len(real.y))
    lodo: dict[str, SectionModel] = {}
    for i, rows in enumerate(real.layout.slices()):
        dataset = real.datasets[i]
        if dataset not in lodo:
            lodo[dataset] = artifact.load_default("sections", str(Path(args.lodo) / dataset))["pipeline"]
        one = real.subset(np.array([i]))
        proba[rows] = lodo[dataset].proba_arrays(one.X, one.layout)
    real_langs = langs_of([REAL])
    langs = [real_langs.get(pid) for pid in real.ids]
    results = {"real pages (kinds: 5-fold CV grouped by page; content: leave-one-data-set-out models)":
               measure(real, proba, saved["item"], saved["kind"], classes, langs, True, config)}  # fmt: skip
    evaluation = load_records(SYNTH_EVAL)
    shipped = artifact.load(artifact.default_path("sections"), kind="sections")["pipeline"]
    eval_langs = langs_of(SYNTH_EVAL)
    langs = [eval_langs.get(pid) for pid in evaluation.ids]
    results["generated pages (held-out seeds and articles; content: the shipped model)"] = measure(
        evaluation, shipped.proba_arrays(evaluation.X, evaluation.layout), saved["eval_item"], saved["eval_kind"],
        classes, langs, False, config,
    )  # fmt: skip
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


def add_kinds(
    path: Path, real: Examples, synth: Examples, weak: Examples, threads: int, metrics: dict[str, Any],
    exclude: str | None = None, real_weight: float = REAL_WEIGHT,
) -> None:
    """Fit the kind and item estimators and put them into the section model file at ``path``; with
    ``exclude``, that extraction data set's hand-labeled and weakly labeled pages are left out."""
    shipped = artifact.load(path, kind="sections")
    if exclude:
        real, weak = without_dataset(real, exclude), without_dataset(weak, exclude)
    model = fit_kinds([(real, real_weight), (synth, 1.0), (weak, WEAK_WEIGHT)], threads)
    target: SectionModel = shipped["pipeline"]
    target.kinds, target.items = model.kinds, model.items
    target.kinds_, target.items_ = model.kinds_, model.items_
    for stage in (target.kinds_, target.items_):
        stage.set_params(n_jobs=1)
    shipped["metrics"]["kinds"] = metrics
    described = kind_data()
    if exclude:
        described = [{**item, "excluded": exclude} for item in described]
    extraction = [item for item in shipped["training_data"] if "use" not in item]  # a refit replaces the kinds' entries
    shipped["training_data"] = extraction + described
    artifact.save(shipped, path)
    print(f"saved {path}", flush=True)


def without_dataset(data: Examples, name: str) -> Examples:
    """``data`` without the pages of one extraction data set."""
    return data.subset(np.flatnonzero(np.asarray(data.datasets) != name))


def kind_data() -> list[dict[str, str]]:
    """The training data of the kind and item estimators, described for the artifact."""
    root = Path(__file__).resolve().parents[1]
    files = [root / "data" / "kinds" / "labels.jsonl", root / "data" / "kinds" / "labels-id.jsonl",
             root / "data" / "inserted_links" / "real_labels.jsonl"]  # fmt: skip
    shared = root.parent / "shared" / "datasets" / "indonesian-articles" / "articles.jsonl.gz"
    described = [{"name": str(f.relative_to(root)), "sha256": artifact.file_digest(f), "use": "kinds (hand labels)"} for f in files]
    described.append({"name": "indonesian-articles (generated pages, training/synthetic.py seed 7)",
                      "sha256": artifact.file_digest(shared), "licence": "CC BY 4.0 (Mendeley Data)", "use": "kinds"})  # fmt: skip
    return described


if __name__ == "__main__":
    main()
