"""Recipe: the headline ranker (``classifier/pretrained/titles.json``).

    .venv/bin/python -m training.train_titles            # fit, report CV and the hand-labeled check, save

Training pages: every page of the extraction sets whose gold text starts with the article's headline
(cleaneval, cleanportaleval, dragnet, google-trends-2017, l3s-gn1), minus the 220 pages drawn for the
hand-labeled check (``data/titles/labels.jsonl``). A candidate is the positive when its words are
those of one of the first three lines of the gold text and it is the longest such candidate (weak labels:
some gold texts start with a date, a kicker or the site's name; those shorter matches are left out, neither
positive nor negative); pages where no candidate matches are left out. The ranker is a logistic regression over the
candidates' named features (``classifier.parsing.title.FEATURES``); on a page the best-scored candidate is
the headline. Reported: page-grouped 5-fold CV accuracy on the training pages, and the accuracy on the
hand-labeled check set, which the ranker never saw.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from classifier import artifact
from classifier.io import read_jsonl
from classifier.parsing import html as html_parser
from classifier.parsing.meta import read_head
from classifier.parsing.title import FEATURES, TitleRanker, candidates, describe
from classifier.text import tokens

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets" / "extraction"
DATASETS = ("cleaneval", "cleanportaleval", "dragnet", "google-trends-2017", "l3s-gn1")
OUT = ROOT / "classifier" / "pretrained" / "titles.json"
GOLD_LINES = 3


def check_ids() -> set[str]:
    return {json.loads(line)["id"] for line in (ROOT / "data" / "titles" / "labels.jsonl").open(encoding="utf-8")}


def page_rows(record: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """Candidate features and weak labels of one page, or ``None`` when no candidate is the headline."""
    tree = html_parser.parse_tree(record["html"])
    if tree is None:
        return None
    head = read_head(tree.document, tree.json_ld)
    sections, _ = html_parser.walk(tree, max_sections=100_000, keep_share=0.5, keep_chars=500)
    found = candidates(head, sections)
    lines = [" ".join(tokens(line)) for line in record["gold_text"].splitlines() if tokens(line)][:GOLD_LINES]
    matches = np.array([" ".join(tokens(c.text)) in lines for c in found])
    if not matches.any():
        return None
    # the headline is the longest matching candidate; shorter matches (a date, a kicker, a site name that
    # the gold text also starts with) are neither headline nor counter-example, so they are left out
    words = np.array([len(tokens(c.text)) for c in found])
    best = int(np.flatnonzero(matches)[np.argmax(words[matches])])
    keep = ~matches
    keep[best] = True
    labels = np.zeros(len(found), dtype=bool)
    labels[best] = True
    return describe(found, head, sections)[keep], labels[keep]


def main() -> None:
    excluded = check_ids()
    X, y, groups, sizes = [], [], [], {}
    for dataset in DATASETS:
        used = 0
        for record in read_jsonl(SHARED / dataset / "pages.jsonl.gz"):
            if record.get("gold_text") is None or record["id"] in excluded:
                continue
            rows = page_rows(record)
            if rows is None:
                continue
            X.append(rows[0])
            y.append(rows[1])
            groups.append(np.full(len(rows[1]), len(groups)))
            used += 1
        sizes[dataset] = used
        print(dataset, used, "pages", flush=True)
    matrix, labels, group = np.vstack(X), np.concatenate(y).astype(int), np.concatenate(groups)
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0) + 1e-9

    def fit(rows: np.ndarray) -> TitleRanker:
        """A pairwise ranker: logistic regression on (headline − other candidate) differences of one page."""
        scaled = (matrix[rows] - mean) / scale
        pairs = []
        for page in np.unique(group[rows]):
            members = np.flatnonzero(group[rows] == page)
            positive = members[labels[rows][members] == 1]
            negative = members[labels[rows][members] == 0]
            for p in positive:
                pairs.extend(scaled[p] - scaled[negative])
        if not pairs:
            raise SystemExit("no page with both a headline and another candidate")
        diffs = np.asarray(pairs)
        model = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False).fit(
            np.vstack([diffs, -diffs]), np.r_[np.ones(len(diffs)), np.zeros(len(diffs))]
        )
        return TitleRanker(model.coef_[0], 0.0, mean, scale, {})

    right = []
    for train, test in GroupKFold(n_splits=5).split(matrix, labels, group):
        ranker = fit(train)
        scores = ranker.scores(matrix[test])
        for page in np.unique(group[test]):
            rows = np.flatnonzero(group[test] == page)
            right.append(bool(labels[test][rows[np.argmax(scores[rows])]]))
    cv = float(np.mean(right))
    print(f"page-grouped 5-fold CV accuracy on {len(right)} training pages: {cv:.3f}")
    ranker = fit(np.arange(len(labels)))
    sys.path.insert(0, str(ROOT / "data" / "titles"))
    from check import check

    from classifier.parsing import parse

    meta = {
        "training_data": [
            {"name": d, "pages": sizes[d], "sha256": artifact.file_digest(SHARED / d / "pages.jsonl.gz"),
             "excluded": "the hand-labeled check pages (data/titles/labels.jsonl)"}
            for d in DATASETS
        ],
        "metrics": {"cv_page_accuracy": cv, "cv_pages": len(right)},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    OUT.write_text(TitleRanker(ranker.coef, ranker.intercept, mean, scale, meta).to_json() + "\n", encoding="utf-8")
    from classifier.parsing.title import load_ranker

    load_ranker.cache_clear()
    result = check(lambda page: parse(page, source="html").title)
    print(f"hand-labeled check: {result['right']}/{result['n']} = {result['accuracy']:.3f}")
    meta["metrics"]["check_accuracy"] = result["accuracy"]
    OUT.write_text(TitleRanker(ranker.coef, ranker.intercept, mean, scale, meta).to_json() + "\n", encoding="utf-8")
    for name, weight in sorted(zip(FEATURES, ranker.coef), key=lambda p: -abs(p[1])):
        print(f"  {name:28s} {weight:+.2f}")


if __name__ == "__main__":
    main()
