"""Headline candidates of a page, printed for the hand labeling of ``labels.jsonl``, and the label records.

This is the annotator's tool, not a chooser: it shows everything a reader would look at (``<title>``,
``og:title``, ``twitter:title``, JSON-LD ``headline``, microdata ``itemprop="headline"``, every
``<h1>``/``<h2>``, elements whose class or id names a title or headline, the start of the gold text and
today's chooser) so the annotator can decide the headline by reading. The decision is written by hand
into a decisions file kept outside the repository (it holds page text), one tab-separated line per page::

    dataset <TAB> id <TAB> decision [<TAB> note]

where ``decision`` is ``skip:<reason>``, ``@<candidate>`` (the text of a printed candidate, e.g. ``@h1``,
``@og:title``, ``@h2#3``, ``@gold#0``) or the headline typed out. ``build`` turns the decisions into
``labels.jsonl`` lines (no page text: token count, SHA-1 prefix, the candidates that hold the headline).

    .venv/bin/python data/titles/candidates.py show DATASET ID...       # print the candidates
    .venv/bin/python data/titles/candidates.py next [N]                 # candidates of the next N pages to label
    .venv/bin/python data/titles/candidates.py build DECISIONS > data/titles/labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from check import key  # noqa: E402
from sample import DATASETS, SHARED, plan, read_pages  # noqa: E402

from classifier import parse  # noqa: E402

# The annotator's view of a page is lxml's (libxml2) parse, as when the labels were made; kept here so
# the recorded sources stay reproducible whatever parser chaff itself uses.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def parse_tree(html: str) -> etree._Element | None:
    """lxml's tree of a page (``None`` when there is nothing to parse)."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, _PARSER)
    except (etree.ParserError, ValueError):
        return None


def is_hidden(element: etree._Element) -> bool:
    """True for elements a browser would not show."""
    get = element.get
    return get("hidden") is not None or get("aria-hidden") == "true" or bool(_HIDDEN_STYLE.search(get("style") or ""))
from classifier.text import normalize_space, tokens  # noqa: E402

TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«·•/]+\s+|\s*[|»«·•_]\s*")
META_NAMES = frozenset({"title", "headline", "dc.title", "sailthru.title", "parsely-title"})
CLASS_HINT = re.compile(r"headline|title|heading", re.I)


def _text(element: etree._Element) -> str:
    return normalize_space("".join(str(part) for part in element.itertext()))


def _jsonld_headlines(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "headline" and isinstance(value, str):
                yield value
            else:
                yield from _jsonld_headlines(value)
    elif isinstance(data, list):
        for item in data:
            yield from _jsonld_headlines(item)


def candidates(html: str, gold: str | None) -> list[tuple[str, str]]:
    """``(kind, text)`` of every headline candidate of a page, in a fixed order.

    Kinds: ``title``, ``og:title``, ``twitter:title``, ``meta`` (``<meta name="title|headline|...">``),
    ``json-ld``, ``itemprop``, ``h1``, ``h2``
    (``hidden`` appended for a heading inside a hidden element), ``class`` (an element whose
    class/id names a title or headline; context for the reader) and ``gold`` (the first five gold lines).
    """
    found: list[tuple[str, str]] = []
    root = parse_tree(html)
    if root is not None:
        for element in root.iter("title"):
            found.append(("title", _text(element)))
        for kind, xpath in (
            ("og:title", '//meta[@property="og:title" or @name="og:title"]/@content'),
            ("twitter:title", '//meta[@name="twitter:title" or @property="twitter:title"]/@content'),
        ):
            found.extend((kind, normalize_space(str(v))) for v in root.xpath(xpath))
        for element in root.xpath("//meta[@name]"):
            if element.get("name", "").lower() in META_NAMES:
                found.append(("meta", normalize_space(element.get("content", ""))))
        for script in root.xpath('//script[contains(@type, "ld+json")]'):
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            found.extend(("json-ld", normalize_space(h)) for h in _jsonld_headlines(data))
        for element in root.xpath('//*[@itemprop="headline"]'):
            value = element.get("content") if element.tag == "meta" else _text(element)
            found.append(("itemprop", normalize_space(value or "")))
        for element in root.iter("h1", "h2"):
            hidden = any(is_hidden(e) for e in (element, *element.iterancestors()))
            found.append((str(element.tag) + (" hidden" if hidden else ""), _text(element)))
        hinted = 0
        for element in root.iter():
            if hinted >= 6 or not isinstance(element.tag, str) or element.tag in {"h1", "h2", "title", "meta"}:
                continue
            attrs = f"{element.get('class', '')} {element.get('id', '')}"
            text = _text(element)
            if CLASS_HINT.search(attrs) and 3 <= len(text) <= 200:
                found.append((f"class[{attrs.strip()[:40]}]", text))
                hinted += 1
    for line in (gold or "").splitlines()[:5]:
        found.append(("gold", normalize_space(line)))
    return [(k, t) for k, t in found if t]


def sources(headline: str, found: Sequence[tuple[str, str]]) -> list[str]:
    """The candidate kinds that hold ``headline`` verbatim (same token string), in a fixed order.

    ``title-part`` marks a ``<title>`` that holds it as one of its separated parts (the headline with a
    site name or section around it), when no ``title`` holds it whole.

    >>> sources("Floods hit", [("title", "Floods hit | Daily"), ("h1", "Floods hit"), ("h1", "Floods hit")])
    ['h1', 'title-part']
    """
    want = tokens(headline)
    kinds: list[str] = []
    for kind, text in found:
        kind = kind.split(" ")[0]
        if kind.startswith("class"):
            continue
        if tokens(text) == want and kind not in kinds:
            kinds.append(kind)
    if "title" not in kinds:
        for kind, text in found:
            if kind == "title" and any(tokens(p) == want for p in TITLE_SEPARATORS.split(text)):
                kinds.append("title-part")
                break
            if kind == "title" and want and _affix(tokens(text), want):
                kinds.append("title-part")
                break
    order = ["h1", "h2", "og:title", "twitter:title", "json-ld", "itemprop", "meta", "title", "title-part", "gold"]
    return sorted(kinds, key=order.index)


def _affix(whole: list[str], part: list[str]) -> bool:
    return len(part) < len(whole) and (whole[: len(part)] == part or whole[-len(part) :] == part)


def show(record: Mapping[str, Any]) -> str:
    """A readable listing of a page's candidates, numbered per kind (``h2#3``), with today's title."""
    lines = [f"== {record['dataset']} {record['id']} lang={record['lang']} url={record['url']}"]
    counts: dict[str, int] = {}
    for kind, text in candidates(record["html"], record["gold_text"]):
        base = kind.split(" ")[0].split("[")[0]
        n = counts.get(base, 0)
        counts[base] = n + 1
        if base == "h2" and n >= 15:
            continue
        width = 160 if base == "gold" else 300
        lines.append(f"  {base}#{n}{kind[len(base):]}: {text[:width]}")
    lines.append(f"  TODAY: {parse(record['html'], source='html').title[:300]}")
    return "\n".join(lines)


def _resolve(decision: str, found: Sequence[tuple[str, str]]) -> str:
    if not decision.startswith("@"):
        return decision
    name, _, number = decision[1:].partition("#")
    texts = [t for k, t in found if k.split(" ")[0].split("[")[0] == name]
    index = int(number) if number else 0
    if index >= len(texts):
        raise ValueError(f"{decision}: no such candidate")
    return texts[index]


def build(decisions: Path, shared: Path = SHARED) -> Iterator[dict[str, Any]]:
    """``labels.jsonl`` records from a decisions file.

    Args:
        decisions: the tab-separated decisions (``dataset``, ``id``, ``decision``, optional ``note``).
        shared: the ``datasets/extraction`` folder.

    Returns:
        An iterator of label records (or skipped records), grouped by data set in ``DATASETS`` order and
        in the file's order within a data set.
    """
    rows = []
    for number, line in enumerate(decisions.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise ValueError(f"{decisions}:{number}: expected dataset, id, decision")
        rows.append((number, fields))
    rank = {d: i for i, d in enumerate(DATASETS)}
    rows.sort(key=lambda row: rank.get(row[1][0], len(rank)))
    wanted = {fields[0] for _, fields in rows}
    pages: dict[tuple[str, str], dict[str, Any]] = {}
    for dataset in sorted(wanted):
        ids = {fields[1] for _, fields in rows if fields[0] == dataset}
        pages.update({(dataset, r["id"]): r for r in read_pages(dataset, shared) if r["id"] in ids})
    for number, fields in rows:
        dataset, page_id, decision = fields[:3]
        note = fields[3] if len(fields) > 3 else ""
        if decision.startswith("skip:"):
            yield {"dataset": dataset, "id": page_id, "skipped": decision[5:].strip()}
            continue
        record = pages[(dataset, page_id)]
        found = candidates(record["html"], record["gold_text"])
        try:
            headline = normalize_space(_resolve(decision, found))
        except ValueError as error:
            raise ValueError(f"{decisions}:{number}: {error}") from None
        if not tokens(headline):
            raise ValueError(f"{decisions}:{number}: empty headline")
        out: dict[str, Any] = {
            "dataset": dataset,
            "id": page_id,
            "lang": record["lang"],
            "tokens": len(tokens(headline)),
            "sha1": key(headline),
            "source": sources(headline, found),
        }
        if note:
            out["note"] = note
        yield out


def main(argv: Sequence[str] | None = None) -> int:
    """``show`` / ``next`` / ``build`` (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_show = sub.add_parser("show")
    p_show.add_argument("dataset")
    p_show.add_argument("ids", nargs="+")
    p_next = sub.add_parser("next")
    p_next.add_argument("count", nargs="?", type=int, default=5)
    p_next.add_argument("--decisions", type=Path, required=True)
    p_next.add_argument("--dataset")
    p_build = sub.add_parser("build")
    p_build.add_argument("decisions", type=Path)
    args = parser.parse_args(argv)
    if args.command == "show":
        ids = set(args.ids)
        for record in read_pages(args.dataset):
            if record["id"] in ids:
                print(show(record))
        return 0
    if args.command == "next":
        done: dict[str, list[str]] = {}
        if args.decisions.is_file():
            for line in args.decisions.read_text(encoding="utf-8").splitlines():
                fields = line.split("\t")
                if len(fields) >= 3 and not line.startswith("#"):
                    done.setdefault(fields[0], []).append(fields[2])
        todo: list[tuple[str, str]] = []
        for dataset, (quota, order) in plan().items():
            if args.dataset and dataset != args.dataset:
                continue
            made = done.get(dataset, [])
            labeled = sum(1 for d in made if not d.startswith("skip:"))
            todo.extend((dataset, i) for i in order[len(made) : len(made) + max(0, quota - labeled)])
        todo = todo[: args.count]
        for dataset in dict.fromkeys(d for d, _ in todo):
            batch = [i for d, i in todo if d == dataset]
            records = {r["id"]: r for r in read_pages(dataset) if r["id"] in batch}
            for page_id in batch:
                print(show(records[page_id]))
        return 0
    for out in build(args.decisions):
        print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
