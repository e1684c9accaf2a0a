"""Fuzzing at scale: generated and mutated real pages through ``extract``, ``score`` and filter.

Inputs (deterministic for a seed): half generated (random bytes, tag soup, declared charsets, extreme
nesting and sizes), half mutations of real pages from ``../shared/datasets/extraction/*/pages.jsonl.gz``
(read in place, never copied: byte flips, cuts, inserted tags, unclosed ``<title>``, malformed XML
declarations, re-encodings, wrong charset declarations, NULs, deep nesting, lone surrogates).

Every input goes through ``extract`` and ``score`` (as ``bytes`` or ``str``), its report through strict
JSON encoding, and a JSON Lines record holding it (sometimes poisoned: NaN, huge numbers, surrogate
escapes, ``\\r``) through ``filter_records``. Inputs run in the worker pool of ``classifier.engine``
(``--jobs``, a generous ``--timeout`` and memory cap so one pathological input cannot stop the run),
which also measures each input's time and its worker's peak RSS.

Reported: exceptions (by function, type and message, with the smallest reproducer), wrong return
types, non-encodable reports, filter records that are missing or not strict JSON, time outliers
(over ``--slow`` s) and memory outliers (peak RSS over ``--heavy`` MB above the worker's start).

    .venv/bin/python benchmarks/fuzz.py                      # 10,000 inputs, results/fuzz.{json,md}
    .venv/bin/python benchmarks/fuzz.py --count 500 --results fuzz-smoke
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import results_io

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
sys.path.insert(0, str(REPO_ROOT))

TAGS = ("p", "div", "a", "b", "li", "ul", "table", "td", "tr", "h1", "h2", "title", "script", "style", "span", "nav", "br", "head", "body", "html", "meta", "iframe", "svg", "math", "template", "noscript", "textarea", "select", "option", "form", "frameset")
CHARSETS = ("undefined", "idna", "punycode", "utf-16", "utf-16be", "utf-32", "x-user-defined", "utf-7", "rot13", "base64", "zlib", "unicode_escape", "no-such-charset", "", "latin-1", "windows-1251", "shift_jis", "gb18030", "iso-2022-jp", "utf-8", "UTF8", "uft-8")
SPECIALS = ("&#xD800;", "&#0;", "&#x110000;", "&amp", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<!DOCTYPE html>", "\ufeff", "\x00", "\r", "\u2028", "Baca juga: ", "<title>", "</title>", "\U0001f600", "\u202e")


# --- generated inputs -------------------------------------------------------------------------


def tag_soup(rng: random.Random, pieces: int) -> str:
    out = []
    for _ in range(pieces):
        choice = rng.random()
        if choice < 0.3:
            attrs = rng.choice(["", " class='menu nav'", " id='content'", " hidden", " style='display:none'", " href='/x'", " class=" + "x" * rng.randint(1, 5000)])
            out.append(f"<{rng.choice(TAGS)}{attrs}>")
        elif choice < 0.5:
            out.append(f"</{rng.choice(TAGS)}>")
        elif choice < 0.65:
            out.append(rng.choice(SPECIALS))
        else:
            out.append("".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x80, 0x2FFF), rng.randint(0, 0x10FFFF)])) for _ in range(rng.randint(0, 60))))
    return "".join(out)


def declare(rng: random.Random, body: str, charset: str | None = None) -> str:
    charset = charset if charset is not None else rng.choice(CHARSETS)
    form = rng.choice(['<meta charset="{}">', '<meta http-equiv="Content-Type" content="text/html; charset={}">', '<?xml version="1.0" encoding="{}"?>'])
    return f"<html><head>{form.format(charset)}<title>Judul</title></head><body>{body}</body></html>"


def to_bytes(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.5:
        data += bytes(rng.randint(0x80, 0xFF) for _ in range(rng.randint(1, 4)))  # not valid UTF-8: the declaration counts
    return data


def generated(rng: random.Random, number: int) -> tuple[str, str | bytes]:
    kind = number % 8
    if kind == 0:
        return "random bytes", rng.randbytes(rng.randint(0, 20_000))
    if kind == 1:
        return "tag soup str", tag_soup(rng, rng.randint(1, 400))
    if kind == 2:
        return "tag soup bytes", to_bytes(rng, tag_soup(rng, rng.randint(1, 400)))
    if kind == 3:
        return "declared charset", to_bytes(rng, declare(rng, "<p>Kalimat café déjà vu.</p>" + tag_soup(rng, 50)))
    if kind == 4:
        depth = rng.choice([100, 1000, 3000, 10_000])
        tag = rng.choice(["div", "b", "span", "table", "p"])
        closed = rng.random() < 0.5
        return "deep nesting", f"<{tag}>" * depth + "<p>Teks yang dalam sekali di sini.</p>" + (f"</{tag}>" * depth if closed else "")
    if kind == 5:
        return "binary-ish", rng.randbytes(200) + b"<html><body><p>text</p>" + rng.randbytes(2000)
    if kind == 6:
        links = "".join(f"<li><a href='/{i}'>Tautan {i}</a></li>" for i in range(rng.randint(100, 4_000)))
        return "many links", f"<html><body><ul>{links}</ul></body></html>"
    text = "\n\n".join(" ".join(rng.choice(["kata", "berita", "hari", "ini", "Baca juga:", "café", "\ud800", "\x00"]) for _ in range(rng.randint(1, 80))) for _ in range(rng.randint(1, 200)))
    return "plain text", text


# --- mutated real pages -----------------------------------------------------------------------


def real_pages(limit: int, seed: int) -> list[str]:
    """Up to ``limit`` real pages, round-robin over the shared extraction sets (read in place)."""
    paths = sorted(DATA_DIR.glob("*/pages.jsonl.gz"))
    if not paths:
        sys.exit(f"no pages under {DATA_DIR}")
    handles = [gzip.open(path, "rt", encoding="utf-8") for path in paths]
    pages: list[str] = []
    while handles and len(pages) < limit:
        for handle in list(handles):
            line = handle.readline()
            if not line:
                handles.remove(handle)
            elif len(pages) < limit:
                pages.append(json.loads(line)["html"])
    random.Random(seed).shuffle(pages)
    return pages


def mutate(rng: random.Random, page: str) -> tuple[str, str | bytes]:
    kind = rng.randrange(12)
    at = rng.randrange(len(page) + 1)
    if kind == 0:
        data = bytearray(page.encode("utf-8"))
        for _ in range(rng.randint(1, 50)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return "byte flips", bytes(data)
    if kind == 1:
        return "cut", page[:at]
    if kind == 2:
        return "inserted tags", page[:at] + tag_soup(rng, rng.randint(1, 100)) + page[at:]
    if kind == 3:
        return "unclosed title", page.replace("</title>", "", 1) if "</title>" in page else "<title>" + page
    if kind == 4:
        return "malformed xml declaration", rng.choice(["<?xml version='1.0' encoding='utf-8'", "<?xml?>", "<?xml version=1.0 encoding=>", "<?xml "]) + page
    if kind == 5:
        return "re-encoded", page.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "gb18030"]), "replace")
    if kind == 6:
        charset = rng.choice(CHARSETS)
        return "wrong charset declared", to_bytes(rng, page.replace("<head>", f'<head><meta charset="{charset}">', 1) if "<head>" in page else declare(rng, page, charset))
    if kind == 7:
        return "NULs and controls", "".join(c if rng.random() > 0.01 else rng.choice("\x00\x01\x0b\x1b\r") for c in page)
    if kind == 8:
        depth = rng.choice([500, 2000, 3000])
        return "deep wrapper", "<div>" * depth + page + "</div>" * rng.choice([0, depth])
    if kind == 9:
        return "lone surrogates", page[:at] + "\ud800" + page[at:]
    if kind == 10:
        return "duplicated slice", page[:at] + page[rng.randrange(len(page) + 1):] * rng.randint(1, 4)
    return "deleted slice", page[:at] + page[at + rng.randint(1, 5000):]


# --- one input, in a worker ---------------------------------------------------------------------


def poisoned_line(rng_seed: int, page: str) -> str:
    """A JSON Lines record holding ``page``, sometimes poisoned (NaN, 4,400 digits, a lone surrogate, a raw CR)."""
    rng = random.Random(rng_seed)
    record: dict[str, Any] = {"id": rng_seed, "html": page}
    choice = rng.randrange(6)
    if choice == 1:
        record["score"] = float("nan")
    elif choice == 2:
        return json.dumps(record)[:-1] + ', "n": ' + "9" * 4400 + "}"
    elif choice == 3:
        record["note"] = "\udc80 lone"
    elif choice == 4:
        return json.dumps(record).replace(" ", "\r", 1)
    return json.dumps(record, ensure_ascii=rng.random() < 0.5)


def check(item: tuple[int, str, str | bytes]) -> dict[str, Any]:
    """Run one input through extract, score and filter; what went wrong, time and peak RSS."""
    from classifier import PageReport, extract, score
    from classifier.records import filter_records, read_lines, to_json_line

    number, category, page = item
    problems: list[dict[str, str]] = []
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        content = extract(page)
        if not isinstance(content, str):
            problems.append({"kind": "wrong type", "function": "extract", "detail": type(content).__name__})
    except Exception as exc:
        problems.append({"kind": "exception", "function": "extract", "detail": f"{type(exc).__name__}: {exc}"[:300]})
    report = None
    try:
        report = score(page)
        if not isinstance(report, PageReport):
            problems.append({"kind": "wrong type", "function": "score", "detail": type(report).__name__})
        else:
            try:
                json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
            except (TypeError, ValueError) as exc:
                problems.append({"kind": "non-encodable report", "function": "score", "detail": f"{type(exc).__name__}: {exc}"[:300]})
    except Exception as exc:
        problems.append({"kind": "exception", "function": "score", "detail": f"{type(exc).__name__}: {exc}"[:300]})
    try:
        line = poisoned_line(number, page.decode("utf-8", "replace") if isinstance(page, bytes) else page)
        analyzer = (lambda _: report) if isinstance(report, PageReport) else None  # the analysis was checked above
        out = list(filter_records(read_lines(io.BytesIO(line.encode("utf-8", "surrogatepass") + b"\n"), "fuzz"), analyzer=analyzer))
        if len(out) != 1:
            problems.append({"kind": "filter lost or added records", "function": "filter", "detail": str(len(out))})
        for record in out:
            text = to_json_line(record)
            text.encode("utf-8")
            json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    except Exception as exc:
        problems.append({"kind": "exception", "function": "filter", "detail": f"{type(exc).__name__}: {exc}"[:300]})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"number": number, "category": category, "problems": problems, "seconds": seconds, "peak_growth_mb": (peak - start_rss) / 1024, "peak_mb": peak / 1024}


def load() -> None:
    from classifier.records import load_models

    load_models()


# --- the run --------------------------------------------------------------------------------------


def inputs(count: int, seed: int, pages: list[str]) -> list[tuple[int, str, str | bytes]]:
    rng = random.Random(seed)
    items: list[tuple[int, str, str | bytes]] = []
    for number in range(count):
        if number % 2 == 0 or not pages:
            category, page = generated(rng, number // 2)
            items.append((number, f"generated: {category}", page))
        else:
            category, page = mutate(rng, pages[(number // 2) % len(pages)])
            items.append((number, f"mutated: {category}", page))
    return items


def reproducer(page: str | bytes, limit: int = 300) -> str:
    return repr(page[:limit]) + (f" ... ({len(page)} long)" if len(page) > limit else "")


def main() -> None:
    from classifier.engine import Failure, Limits, run_ordered

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--pages", type=int, default=2000, help="distinct real pages to mutate")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds before an input is given up (a time outlier, counted)")
    parser.add_argument("--max-memory", type=float, default=6000.0, help="MB a worker may reach (counted)")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds over which an input is a time outlier")
    parser.add_argument("--heavy", type=float, default=500.0, help="MB of peak growth over which an input is a memory outlier")
    parser.add_argument("--results", default="fuzz")
    args = parser.parse_args()

    items = inputs(args.count, args.seed, real_pages(args.pages, args.seed))
    by_number = {number: (category, page) for number, category, page in items}
    started = time.monotonic()
    results: list[dict[str, Any]] = []
    limits = Limits(timeout=args.timeout, max_memory_mb=args.max_memory)
    for item, result in zip(items, run_ordered(items, check, jobs=args.jobs, limits=limits, initializer=load)):
        if isinstance(result, Failure):  # over --timeout (a time outlier too) or --max-memory, or a crash
            seconds = args.timeout if result.kind == "timeout" else None
            result = {"number": item[0], "category": item[1], "seconds": seconds, "peak_growth_mb": None, "peak_mb": None,
                      "problems": [{"kind": result.kind, "function": "all", "detail": result.message}]}  # fmt: skip
        results.append(result)
        if len(results) % 500 == 0:
            print(f"{len(results)} inputs, {sum(bool(r['problems']) for r in results)} with problems, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    report(args, results, by_number, time.monotonic() - started)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def report(args: argparse.Namespace, results: list[dict[str, Any]], by_number: dict[int, tuple[str, str | bytes]], seconds: float) -> None:
    kinds: Counter[str] = Counter()
    distinct: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in results:
        for problem in result["problems"]:
            kinds[problem["kind"]] += 1
            key = (problem["kind"], problem["function"], problem["detail"][:60])
            page = by_number[result["number"]][1]
            best = distinct.get(key)
            if best is None or len(page) < best["size"]:
                distinct[key] = {**problem, "category": result["category"], "size": len(page), "reproducer": reproducer(page), "count": (best or {}).get("count", 0) + 1}
            else:
                best["count"] += 1
    slow = sorted((r for r in results if r["seconds"] is not None and r["seconds"] > args.slow), key=lambda r: -r["seconds"])
    heavy = sorted((r for r in results if r["peak_growth_mb"] is not None and r["peak_growth_mb"] > args.heavy), key=lambda r: -r["peak_growth_mb"])
    timed = sorted(r["seconds"] for r in results if r["seconds"] is not None)
    summary = {
        "inputs": len(results),
        "inputs_with_problems": sum(bool(r["problems"]) for r in results),
        "problems_by_kind": dict(kinds),
        "time_outliers": len(slow),
        "memory_outliers": len(heavy),
        "timeouts": kinds.get("timeout", 0),
        "median_seconds": round(timed[len(timed) // 2], 4) if timed else None,
        "max_seconds": round(timed[-1], 2) if timed else None,
        "wall_seconds": round(seconds, 1),
    }
    outliers = [
        {"number": r["number"], "category": r["category"], "seconds": _round(r["seconds"], 2), "peak_growth_mb": _round(r["peak_growth_mb"], 1),
         "size": len(by_number[r["number"]][1]), "reproducer": reproducer(by_number[r["number"]][1], 120)}
        for r in (slow[:20] + [h for h in heavy[:20] if h not in slow[:20]])
    ]  # fmt: skip
    result = {
        **results_io.header(vars(args)),
        "summary": summary,
        "by_category": {
            category: {
                "inputs": sum(r["category"] == category for r in results),
                "with_problems": sum(r["category"] == category and bool(r["problems"]) for r in results),
                "time_outliers": sum(r["category"] == category for r in slow),
                "memory_outliers": sum(r["category"] == category for r in heavy),
            }
            for category in sorted({r["category"] for r in results})
        },
        "problems": sorted(distinct.values(), key=lambda d: -d["count"]),
        "outliers": outliers,
    }
    lines = [
        *results_io.title_lines("chaff fuzzing", result),
        *(f"- {name}: {value}" for name, value in summary.items()),
        "",
        "## Distinct problems (smallest reproducer each)",
        "",
        "| count | kind | function | detail | category | reproducer |",
        "|---|---|---|---|---|---|",
        *(f"| {d['count']} | {d['kind']} | {d['function']} | {d['detail'][:100]} | {d['category']} | `{d['reproducer'][:150]}` |".replace("\n", " ") for d in result["problems"]),
        "",
        "## By category",
        "",
        "| category | inputs | with problems | time outliers | memory outliers |",
        "|---|---|---|---|---|",
        *(f"| {name} | {c['inputs']} | {c['with_problems']} | {c['time_outliers']} | {c['memory_outliers']} |" for name, c in result["by_category"].items()),
        "",
        f"## Outliers (over {args.slow} s or {args.heavy} MB of peak growth)",
        "",
        "| input | category | seconds | peak growth MB | size |",
        "|---|---|---|---|---|",
        *(f"| {o['number']} | {o['category']} | {o['seconds']} | {o['peak_growth_mb']} | {o['size']} |" for o in outliers),
        "",
    ]
    results_io.write(args.results, result, lines)


if __name__ == "__main__":
    main()
