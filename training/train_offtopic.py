"""Recipe for the shipped off-topic pair model (``classifier/pretrained/offtopic.chaff``).

Data (read in place, never copied):

- generated pairs (``classifier.fit.offtopic``): Indonesian from ``../shared/datasets/indonesian-articles``
  (own title, same story, same category other event, other category), English from the gold texts of the
  news sets of ``../shared/datasets/extraction`` (own title, deck, near-duplicate, similar page, other page),
  leaving out the pages whose items are labeled in ``data/inserted_links/real_labels.jsonl``;
- labeled items (``data/inserted_links``): the ``on``/``off`` items of the real pages (``real_labels.jsonl``:
  each item's section re-found by the sha1 of its text among ``classifier.parsing.parse(html).sections``;
  the article is the page's gold text without the page's item lines, the title the parsed page title) and
  of the pages written for chaff (``own_labels.jsonl``: the article is the page's other sections).

The shipped model: feature statistics (IDF, topic models) fitted on the generated pairs' articles; the
classifier on the generated pairs plus every labeled item, the items weighted so that together they weigh
as much as the generated pairs. ``benchmarks/offtopic.py`` measures exactly this recipe with the items
cross-validated by page.

    .venv/bin/python -m training.train_offtopic          # writes classifier/pretrained/offtopic.chaff
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact as artifacts
from classifier.features.pair import Pair, PairFeatures
from classifier.fit.offtopic import LabeledPairs, english_pairs, indonesian_pairs, off_topic_scores
from classifier.items import headline_of
from classifier.models.offtopic import OffTopicModel
from classifier.parsing import parse

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
ARTICLES = SHARED / "indonesian-articles" / "articles.jsonl.gz"
EXTRACTION = SHARED / "extraction"
ENGLISH_SETS = ("dragnet", "l3s-gn1", "google-trends-2017", "scrapinghub", "fundus", "wcxb")
LINKS = ROOT / "data" / "inserted_links"
OUT = ROOT / "classifier" / "pretrained" / "offtopic.chaff"
SEED = 0


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if line.strip():
                yield json.loads(line)


def real_refs() -> list[dict[str, Any]]:
    """The records of ``real_labels.jsonl``."""
    return list(_jsonl(LINKS / "real_labels.jsonl"))


def generated_pairs(seed: int = SEED) -> LabeledPairs:
    """Indonesian and English generated pairs (sources prefixed ``id-``/``en-``)."""
    indonesian = indonesian_pairs(_jsonl(ARTICLES), seed=seed)
    indonesian = LabeledPairs(indonesian.pairs, indonesian.labels, indonesian.groups,
                              np.asarray([f"id-{s}" for s in indonesian.sources], dtype=object))  # fmt: skip
    exclude = {(r["dataset"], r["id"]) for r in real_refs()}
    records = (r for name in ENGLISH_SETS for r in _jsonl(EXTRACTION / name / "pages.jsonl.gz"))
    english = english_pairs(records, exclude=exclude, seed=seed)
    english = LabeledPairs(english.pairs, english.labels, english.groups,
                           np.asarray([f"en-{s}" for s in english.sources], dtype=object))  # fmt: skip
    return LabeledPairs.concat([indonesian, english])


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _without(lines: list[str], texts: list[str]) -> str:
    """``lines`` without those that are, hold or are held by one of ``texts`` (item lines)."""
    heads = [t for t in texts if len(t.split()) >= 3]
    kept = [line for line in lines if not any(t == line or t in line or (len(line.split()) >= 3 and line in t) for t in heads)]
    return "\n".join(kept)


def real_items(log: Any = sys.stderr) -> tuple[LabeledPairs, dict[str, int]]:
    """The ``on``/``off`` items of the labeled real pages as pairs, and how many were re-found.

    Returns:
        (pairs grouped by page with sources ``real-id``/``real-en``, ``{"items": n, "found": m}``).
    """
    refs = {(r["dataset"], r["id"]): r for r in real_refs()}
    pairs, labels, groups, sources = [], [], [], []
    counts = {"items": 0, "found": 0}
    for dataset in sorted({d for d, _ in refs}):
        for record in _jsonl(EXTRACTION / dataset / "pages.jsonl.gz"):
            ref = refs.get((dataset, record["id"]))
            if ref is None:
                continue
            page = parse(record["html"], lang_hint=record.get("lang"))
            where = {}
            for i, section in enumerate(page.sections):
                where.setdefault(_sha(section.text), i)
            found = []
            for item in ref["items"]:
                if item["label"] not in ("on", "off"):
                    continue
                counts["items"] += 1
                if item["sha1"] not in where:
                    print(f"  {dataset}:{record['id']}: item {item['sha1']} not re-found", file=log)
                    continue
                counts["found"] += 1
                found.append((page.sections[where[item["sha1"]]].text, item["label"]))
            every_item = [page.sections[where[i["sha1"]]].text for i in ref["items"] if i["sha1"] in where]
            texts = every_item + [headline_of(t) for t in every_item]
            gold = [line.strip() for line in (record.get("gold_text") or "").split("\n") if line.strip()]
            body = _without(gold, texts)
            for text, label in found:
                pairs.append(Pair(headline_of(text), page.title, body, ref["lang"]))
                labels.append(1 if label == "off" else 0)
                groups.append(f"{dataset}:{record['id']}")
                sources.append(f"real-{ref['lang']}")
    return LabeledPairs(pairs, np.asarray(labels, dtype=int), np.asarray(groups, dtype=object),
                        np.asarray(sources, dtype=object)), counts  # fmt: skip


def own_items(log: Any = sys.stderr) -> LabeledPairs:
    """The ``on``/``off`` items of the pages written for chaff (``own_labels.jsonl``) as pairs."""
    pairs, labels, groups = [], [], []
    for record in _jsonl(LINKS / "own_labels.jsonl"):
        page = parse((LINKS / record["page"]).read_text(encoding="utf-8"), lang_hint=record["lang"])
        texts = [s.text for s in page.sections]
        item_texts = {item["text"] for item in record["items"]}
        body = "\n".join(t for t in texts if t not in item_texts and t != page.title)
        for item in record["items"]:
            if item["label"] not in ("on", "off"):
                continue
            if item["text"] not in texts:
                print(f"  {record['page']}: item not found: {item['text'][:60]!r}", file=log)
                continue
            pairs.append(Pair(headline_of(item["text"]), page.title, body, record["lang"]))
            labels.append(1 if item["label"] == "off" else 0)
            groups.append(f"own:{record['page']}")
    return LabeledPairs(pairs, np.asarray(labels, dtype=int), np.asarray(groups, dtype=object),
                        np.full(len(pairs), "own", dtype=object))  # fmt: skip


def item_weight(generated: LabeledPairs, items: LabeledPairs) -> float:
    """The weight of one labeled item: the items together weigh as much as the generated pairs."""
    return len(generated) / max(len(items), 1)


def fit(generated: LabeledPairs, items: LabeledPairs, features: PairFeatures | None = None) -> OffTopicModel:
    """The shipped recipe: features fitted on the generated pairs' articles; the classifier on the generated
    pairs and the items (weighted by ``item_weight``)."""
    features = features if features is not None else PairFeatures().fit(generated.pairs)
    both = LabeledPairs.concat([generated, items])
    weights = np.concatenate([np.ones(len(generated)), np.full(len(items), item_weight(generated, items))])
    model = OffTopicModel()
    model.features_ = features
    return model.fit_matrix(features.transform(both.pairs), both.labels, sample_weight=weights)


def _digest(path: Path) -> dict[str, str]:
    return {"name": str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path),
            "sha256": artifacts.file_digest(path)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--metrics", default=str(ROOT / "benchmarks" / "results" / "offtopic.json"),
                        help="cross-validated figures of benchmarks/offtopic.py to store in the artifact")
    args = parser.parse_args()
    start = time.perf_counter()
    generated = generated_pairs()
    real, counts = real_items()
    items = LabeledPairs.concat([real, own_items()])
    print(f"{len(generated)} generated pairs, {len(items)} labeled items ({counts}) in {time.perf_counter() - start:.0f}s",
          file=sys.stderr)  # fmt: skip
    model = fit(generated, items)
    metrics_path = Path(args.metrics)
    metrics = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
    in_sample = off_topic_scores(items.labels, model.predict_proba(items.pairs)[:, 1])
    training_data = [
        {**_digest(ARTICLES), "rows": int(sum(s.startswith("id-") for s in generated.sources))},
        *({**_digest(EXTRACTION / n / "pages.jsonl.gz"), "rows": None} for n in ENGLISH_SETS),
        {**_digest(LINKS / "real_labels.jsonl"), "rows": int(len(real))},
        {**_digest(LINKS / "own_labels.jsonl"), "rows": int(len(items) - len(real))},
    ]
    built = artifacts.build(
        model, kind="offtopic", training_data=training_data, feature_names=model.feature_names(),
        metrics={"cross_validated": metrics.get("groups", {}), "protocol": metrics.get("protocol", ""),
                 "in_sample_items_not_a_figure": in_sample},
        threshold_config="Config.off_topic_probability",
    )  # fmt: skip
    artifacts.save(built, args.out)
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
