"""Inserted-link benchmark: detection and off-topic P/R/F1 on data/inserted_links, and the extraction gain.

Labeled set (``data/README.md``, "Inserted links"): the invented pages in ``data/inserted_links/pages``
(``own_labels.jsonl``) and references to real pages of ``../shared/datasets/extraction``
(``real_labels.jsonl``: dataset, page id, section index, sha1 prefix of the section text, label). Real
pages are skipped with a message when ``../shared`` is absent; a reference whose hash no longer matches
(a parser change) is reported and skipped.

Detection: a labeled item (``on``/``off``/``label``) is a positive section; every other section of a labeled
page is a negative. Off-topic: positives are items labeled ``off``; a detected item flagged ``off_topic`` is
a predicted positive. Sets: ``own``, ``real`` (HTML), ``all`` (both; the figures the targets refer to) and
``real (text)`` (the real pages rendered to plain text, labels carried over by section index). Also: a threshold
sweep of the off-topic flag, and on the indonesian-news pages the extraction token F1
(``classifier.metrics.token_prf``) with and without forcing detected items to noise.

    .venv/bin/python benchmarks/inserted_links.py
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import time
import warnings
from pathlib import Path
from statistics import mean

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402
from classifier.sections import content_proba  # noqa: E402

from classifier import links  # noqa: E402
from classifier.artifact import load_default  # noqa: E402
from classifier.metrics import token_prf  # noqa: E402
from classifier.parsing import parse, to_text  # noqa: E402

DATA = REPO_ROOT / "data" / "inserted_links"
SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
OUT = REPO_ROOT / "benchmarks" / "results"
THRESHOLDS = [round(t, 3) for t in np.arange(0.05, 0.51, 0.025)]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def own_pages():
    for line in open(DATA / "own_labels.jsonl", encoding="utf-8"):
        record = json.loads(line)
        page = parse((DATA / record["page"]).read_text(encoding="utf-8"), lang_hint=record["lang"])
        gold, start = {}, 0
        for item in record["items"]:
            for i in range(start, len(page.sections)):
                if page.sections[i].text == item["text"]:
                    gold[i], start = item["label"], i + 1
                    break
            else:
                print(f"  {record['page']}: labeled item not found: {item['text'][:60]!r}", file=sys.stderr)
        yield f"own:{record['page']}", page, gold


def shared_records(dataset: str):
    with gzip.open(SHARED / dataset / "pages.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def real_pages(plain: bool = False):
    """The labeled real pages; with ``plain`` their plain-text renderings (same sections, no structure)."""
    refs = [json.loads(line) for line in open(DATA / "real_labels.jsonl", encoding="utf-8")]
    if not SHARED.is_dir():
        print(f"real pages skipped: {SHARED} not found", file=sys.stderr)
        return
    wanted = {(r["dataset"], r["id"]): r for r in refs}
    for dataset in sorted({r["dataset"] for r in refs}):
        for record in shared_records(dataset):
            ref = wanted.get((dataset, record["id"]))
            if ref is None:
                continue
            page = parse(record["html"], lang_hint=record.get("lang"))
            gold = {}
            for item in ref["items"]:
                i = item["index"]
                text = page.sections[i].text if i < len(page.sections) else ""
                if hashlib.sha1(text.encode()).hexdigest()[:12] != item["sha1"]:
                    print(f"  {record['id']}[{i}]: section changed, skipped", file=sys.stderr)
                    continue
                gold[i] = item["label"]
            if plain:
                sections = len(page.sections)
                page = parse(to_text(page), lang_hint=record.get("lang"))
                if len(page.sections) != sections:
                    print(f"  {record['id']}: text rendering has other sections, skipped", file=sys.stderr)
                    continue
            yield f"{dataset}:{record['id']}", page, gold


def evaluate(pages, model) -> tuple[dict, list]:
    det = [0, 0, 0]
    rows, seconds, npages = [], 0.0, 0
    for name, page, gold in pages:
        proba = content_proba(page, model)
        start = time.perf_counter()
        found = links.inserted_links(page, proba)
        seconds += time.perf_counter() - start
        npages += 1
        predicted = {link.section_index: link for link in found}
        det[0] += len(set(predicted) & set(gold))
        det[1] += len(set(predicted) - set(gold))
        det[2] += len(set(gold) - set(predicted))
        taken = set(predicted)
        content = [i for i in range(len(page.sections)) if i not in taken and proba[i] >= links.BODY_PROBA]
        for i, label in gold.items():
            if label == "label":
                continue
            sim = predicted[i].similarity if i in predicted else links.similarity(page.sections[i].text, page, content)
            rows.append({"page": name, "index": i, "gold_off": label == "off", "detected": i in predicted, "similarity": sim})
        for i in taken - set(gold):
            rows.append({"page": name, "index": i, "gold_off": None, "detected": True, "similarity": predicted[i].similarity,
                         "spurious": True, "text": page.sections[i].text[:80], "label_only": not predicted[i].text or predicted[i].similarity == 0.0})
    return {"detection": prf(*det), "ms_per_page": 1000 * seconds / max(npages, 1), "pages": npages}, rows


def off_topic_scores(rows: list, threshold: float) -> dict:
    tp = fp = fn = 0
    for row in rows:
        flagged = row["detected"] and row["similarity"] < threshold and not row.get("label_only", False)
        if row.get("spurious"):
            fp += flagged
        elif row["gold_off"]:
            tp += flagged
            fn += not flagged
        else:
            fp += flagged
    return prf(tp, fp, fn)


def extraction_gain(model) -> dict | None:
    if not (SHARED / "indonesian-news").is_dir():
        return None
    threshold = model.get("threshold", 0.5)
    result = {}
    for mode in ("html", "text"):
        base, forced = [], []
        for record in shared_records("indonesian-news"):
            if not record.get("gold_text"):
                continue
            page = parse(record["html"], lang_hint=record.get("lang"))
            if mode == "text":
                page = parse(to_text(page), lang_hint=record.get("lang"))
            proba = content_proba(page, model)
            keep = proba >= threshold
            removed = {link.section_index for link in links.inserted_links(page, proba)}
            texts = [s.text for s in page.sections]
            base.append(token_prf("\n\n".join(t for t, k in zip(texts, keep) if k), record["gold_text"]))
            forced.append(token_prf("\n\n".join(t for i, (t, k) in enumerate(zip(texts, keep)) if k and i not in removed), record["gold_text"]))
        result[mode] = {
            "pages": len(base),
            "without": {m: mean(getattr(x, m) for x in base) for m in ("precision", "recall", "f1")},
            "with": {m: mean(getattr(x, m) for x in forced) for m in ("precision", "recall", "f1")},
        }
    return result


def main() -> None:
    warnings.filterwarnings("ignore")
    model = load_default("sections")
    sets = {"own": list(own_pages()), "real": list(real_pages()), "real (text)": list(real_pages(plain=True))}
    report = {"sets": {}, "threshold": links.DEFAULT_OFF_TOPIC_THRESHOLD}
    for name in ("own", "real", "all", "real (text)"):
        pages = sets["own"] + sets["real"] if name == "all" else sets[name]
        if not pages:
            continue
        summary, rows = evaluate(pages, model)
        gold = [r for r in rows if not r.get("spurious")]
        summary["items"] = sum(len(g) for _, _, g in pages)
        summary["off_topic_items"] = sum(r["gold_off"] for r in gold)
        summary["off_topic"] = off_topic_scores(rows, links.DEFAULT_OFF_TOPIC_THRESHOLD)
        summary["sweep"] = {str(t): off_topic_scores(rows, t)["f1"] for t in THRESHOLDS}
        summary["spurious"] = [r for r in rows if r.get("spurious")]
        summary["misses"] = [r for r in gold if not r["detected"]]
        report["sets"][name] = summary
    report["extraction_indonesian_news"] = extraction_gain(model)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "inserted_links.json").write_text(json.dumps(report, indent=1, default=float))
    lines = ["# Inserted links", "", f"Off-topic threshold: {links.DEFAULT_OFF_TOPIC_THRESHOLD}", "",
             "| set | pages | items | off-topic items | det P | det R | det F1 | off P | off R | off F1 | ms/page |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in report["sets"].items():
        d, o = s["detection"], s["off_topic"]
        lines.append(f"| {name} | {s['pages']} | {s['items']} | {s['off_topic_items']} | {d['precision']:.3f} | {d['recall']:.3f} | "
                     f"{d['f1']:.3f} | {o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} | {s['ms_per_page']:.1f} |")
    if "all" in report["sets"]:
        lines += ["", "Off-topic F1 by threshold (all items):", "", "| threshold | F1 |", "|---|---|"]
        lines += [f"| {t} | {f:.3f} |" for t, f in report["sets"]["all"]["sweep"].items()]
    gain = report["extraction_indonesian_news"]
    if gain:
        lines += ["", "Extraction token F1 on indonesian-news (section model alone vs detected items forced to noise):", "",
                  "| mode | pages | P without | R without | F1 without | P with | R with | F1 with |", "|---|---|---|---|---|---|---|---|"]
        for mode, g in gain.items():
            w, f = g["without"], g["with"]
            lines.append(f"| {mode} | {g['pages']} | {w['precision']:.4f} | {w['recall']:.4f} | {w['f1']:.4f} | "
                         f"{f['precision']:.4f} | {f['recall']:.4f} | {f['f1']:.4f} |")
    else:
        lines += ["", "Extraction gain skipped: ../shared not found."]
    (OUT / "inserted_links.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
