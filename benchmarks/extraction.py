"""Extraction benchmark: chaff against trafilatura, jusText, Resiliparse, readability and keep-everything.

Protocol (DESIGN.md, "Evaluation protocol"): per page, bag-of-tokens precision/recall/F1 of the extractor's
output against ``gold_text`` (``classifier.metrics.token_prf``), averaged per data set, then the mean over data
sets and the mean pooled over pages. Pages with a null gold are skipped; pages with an empty gold ("") are
included and score 0 whatever the output (the metric is undefined there; ``correctly_empty`` in the JSON counts
the extractors that output nothing on them). Each extractor runs in its own subprocess, single process, timed
per page on the raw input string (parse included), and reports the peak RSS of that subprocess. The workers
import nothing from ``classifier`` (whose import costs ~170 MB of scikit-learn) except for chaff itself, and
score their outputs only after reading their peak RSS.

Modes: ``html`` feeds the page's HTML; ``text`` first renders each page to plain text (visible blocks separated
by blank lines) and compares chaff with keep-everything (the plain text itself).

    .venv/bin/python benchmarks/extraction.py --limit 20          # quick run, all data sets
    .venv/bin/python benchmarks/extraction.py --split dev --mode html
    .venv/bin/python benchmarks/extraction.py --huge --extractors chaff,keep-everything
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from statistics import mean

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

DATA_DIR = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
OUT_DIR = REPO_ROOT / "benchmarks" / "results"
DATASETS = (
    "cleaneval", "cleanportaleval", "dragnet", "fundus", "google-trends-2017",
    "indonesian-news", "l3s-gn1", "readability", "scrapinghub", "wcxb",
)
METRICS = ("precision", "recall", "f1")
WARMUP_HTML = "<html><head><title>Warm up</title></head><body><p>" + "A short warm-up paragraph. " * 20 + "</p></body></html>"

Extractor = Callable[[str, "str | None", str], str]


# --------------------------------------------------------------------------- plain text rendering

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})


def parse_html(html: str):
    """lxml root of ``html`` (None for a page lxml cannot parse)."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style


def plain_text(html: str) -> str:
    """All visible text of an HTML page: one paragraph per block element (or ``<br><br>``), blank-line separated.

    Drops script/style/noscript/template/head/iframe/object, comments and ``hidden``/``display:none`` elements.
    """
    root = parse_html(html)
    if root is None:
        return ""
    paragraphs: list[str] = []
    parts: list[str] = []
    after_br = False

    def flush() -> None:
        nonlocal after_br
        text = " ".join("".join(parts).split())
        if text:
            paragraphs.append(text)
        parts.clear()
        after_br = False

    def add(text: str | None) -> None:
        nonlocal after_br
        if text:
            parts.append(text)
            after_br = after_br and not text.strip()

    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            add(node.tail)
        elif tag is None or tag in SKIP_TAGS or _hidden(node):
            add(node.tail)
        elif tag == "br":
            if after_br:
                flush()
            else:
                parts.append(" ")
                after_br = True
            add(node.tail)
        else:
            if tag in BLOCK_TAGS:
                flush()
            add(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
    flush()
    return "\n\n".join(paragraphs)


def chaff_plain_text(html: str) -> str:
    """The package's own rendering: ``classifier.parsing.parse`` sections joined by blank lines."""
    from classifier.parsing import parse

    return "\n\n".join(section.text for section in parse(html).sections)


def select_renderer(choice: str) -> tuple[str, Callable[[str], str]]:
    """(description, function) of the plain-text renderer: ``chaff``, ``lxml`` or ``auto`` (chaff if importable)."""
    if choice in ("auto", "chaff"):
        try:
            from classifier.parsing import parse  # noqa: F401
        except Exception as error:  # the package is being written: any import failure means "not available"
            if choice == "chaff":
                raise SystemExit(f"--renderer chaff: classifier.parsing.parse is not importable ({error!r})") from error
            return f"benchmark plain_text (lxml); classifier.parsing.parse not importable: {error!r}", plain_text
        return "classifier.parsing.parse (sections joined by blank lines)", chaff_plain_text
    return "benchmark plain_text (lxml)", plain_text


# --------------------------------------------------------------------------- extractors

JUSTEXT_STOPLISTS = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "it": "Italian", "jv": "Javanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "nb": "Norwegian_Bokmal", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese",
}


def extract_chaff(page: str, lang: str | None, dataset: str = "", *, model_dir: str | None = None, lodo: str | None = None) -> str:
    """``classifier.extract(page)``; with ``model_dir`` the model in that folder; with ``lodo`` (leave one data
    set out) the model in ``<lodo>/<dataset>/``, trained without the page's data set."""
    from classifier import extract

    if lodo and dataset:  # the warm-up page has no data set: it loads the shipped model
        model_dir = str(Path(lodo) / dataset)
    return extract(page, model_dir=model_dir) if model_dir else extract(page)


def extract_trafilatura(html: str, lang: str | None, dataset: str = "") -> str:
    """``trafilatura.extract(html, include_comments=False)``: the article without reader comments, the setting a
    user who wants the article picks (the default keeps comments)."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def extract_trafilatura_precision(html: str, lang: str | None, dataset: str = "") -> str:
    """``trafilatura.extract(html, include_comments=False, favor_precision=True)``."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


def extract_justext(html: str, lang: str | None, dataset: str = "") -> str:
    """jusText with the page language's stoplist (English when it has none); non-boilerplate paragraphs."""
    import justext

    stoplist = justext.get_stoplist(JUSTEXT_STOPLISTS.get(lang or "", "English"))
    return "\n\n".join(p.text for p in justext.justext(html, stoplist) if not p.is_boilerplate)


def extract_resiliparse(html: str, lang: str | None, dataset: str = "") -> str:
    """Resiliparse ``extract_plain_text(html, main_content=True)``."""
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


def extract_readability(html: str, lang: str | None, dataset: str = "") -> str:
    """readability-lxml ``Document(html).summary()``, rendered with ``plain_text``."""
    from readability import Document

    return plain_text(Document(html).summary())


def keep_everything(html: str, lang: str | None, dataset: str = "") -> str:
    """Baseline: all visible text of the page."""
    return plain_text(html)


def keep_text(text: str, lang: str | None, dataset: str = "") -> str:
    """Plain-text baseline: the input itself."""
    return text


EXTRACTORS: dict[str, dict[str, Extractor]] = {
    "html": {
        "chaff": extract_chaff,
        "trafilatura": extract_trafilatura,
        "trafilatura-precision": extract_trafilatura_precision,
        "justext": extract_justext,
        "resiliparse": extract_resiliparse,
        "readability": extract_readability,
        "keep-everything": keep_everything,
    },
    "text": {
        "chaff": extract_chaff,
        "keep-everything": keep_text,
    },
}
ALL_EXTRACTORS = tuple(EXTRACTORS["html"])


def chaff_unavailable() -> str | None:
    """Why ``classifier.extract`` cannot be used (None when it can)."""
    try:
        from classifier import extract  # noqa: F401
    except Exception as error:  # ImportError while it is being written, or a half-written module
        return f"classifier.extract not importable: {error!r}"
    return None


def bind(name: str, mode: str, model_dir: str | None = None, lodo: str | None = None) -> Extractor:
    """The extractor ``name`` for ``mode``, with chaff's model directory (or leave-one-out folder) bound."""
    function = EXTRACTORS[mode][name]
    return partial(function, model_dir=model_dir, lodo=lodo) if name == "chaff" and (model_dir or lodo) else function


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class Item:
    """One page as an extractor sees it."""

    id: str
    dataset: str
    lang: str | None
    content: str
    gold: str


def iter_records(data_dir: Path, datasets: Iterable[str], split: str = "all", limit: int | None = None) -> Iterator[dict]:
    """Records with a gold text (null gold skipped), optionally dev split only, at most ``limit`` per data set."""
    from training.split import is_dev

    for dataset in datasets:
        taken = 0
        with gzip.open(data_dir / dataset / "pages.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                if limit is not None and taken >= limit:
                    break
                record = json.loads(line)
                if record["gold_text"] is None or (split == "dev" and not is_dev(record["id"])):
                    continue
                taken += 1
                yield record


def dev_pages(limit: int) -> list[str]:
    """The first dev-split pages of every data set, ``limit`` in all (the profiling and cost benchmarks' pages)."""
    per_set = max(1, limit // len(DATASETS))
    return [record["html"] for record in iter_records(DATA_DIR, DATASETS, split="dev", limit=per_set)][:limit]


def token_prf(predicted: str, gold: str):
    """``classifier.metrics.token_prf``, imported on first use (see the module docstring on memory)."""
    from classifier.metrics import token_prf as protocol_prf

    return protocol_prf(predicted, gold)


def to_item(record: dict, render: Callable[[str], str] | None = None) -> Item:
    """An ``Item`` of ``record``: its HTML, or its rendering by ``render`` (plain-text mode; "" if that fails)."""
    content = record["html"]
    if render is not None:
        try:
            content = render(content)
        except Exception:
            content = ""
    return Item(record["id"], record["dataset"], record["lang"], content, record["gold_text"])


def write_lines(rows: Iterable[dict], path: Path) -> int:
    """Write dicts as JSON Lines; returns the count."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_lines(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


# --------------------------------------------------------------------------- running and scoring

@dataclass(frozen=True)
class PageResult:
    """Scores and cost of one extractor on one page."""

    dataset: str
    precision: float
    recall: float
    f1: float
    seconds: float
    error: str | None = None
    output_empty: bool = False
    gold_empty: bool = False


class PageTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise PageTimeout("page timeout")


def run_one(extractor: Extractor, item: Item, page_timeout: float | None = None) -> tuple[str, float, str | None]:
    """(output, seconds, error) of ``extractor`` on ``item``; an exception (or timeout) gives empty output."""
    use_alarm = bool(page_timeout) and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, page_timeout)
    start = time.perf_counter()
    try:
        output, error = extractor(item.content, item.lang, item.dataset), None
        if not isinstance(output, str):
            output, error = "", f"TypeError: returned {type(output).__name__}, not str"
    except Exception as exc:  # an extractor failing on a page must not abort the run
        output, error = "", f"{type(exc).__name__}: {exc}"[:300]
    finally:
        seconds = time.perf_counter() - start
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return output, seconds, error


def page_result(dataset: str, gold: str, output: str, seconds: float, error: str | None) -> PageResult:
    """Score one output against its gold text."""
    return PageResult(dataset, *token_prf(output, gold), seconds, error, not output.strip(), not gold.strip())


def score_page(extractor: Extractor, item: Item, page_timeout: float | None = None) -> PageResult:
    """Run ``extractor`` on ``item`` and score its output against the gold text."""
    return page_result(item.dataset, item.gold, *run_one(extractor, item, page_timeout))


def summarize(results: list[PageResult]) -> dict:
    """Means of P/R/F1 over ``results`` with time, pages/s, errors and empty-output counts."""
    seconds = sum(r.seconds for r in results)
    summary = {m: mean(getattr(r, m) for r in results) if results else 0.0 for m in METRICS}
    summary.update(
        pages=len(results),
        seconds=seconds,
        pages_per_s=len(results) / seconds if seconds else None,
        errors=sum(r.error is not None for r in results),
        empty_outputs=sum(r.output_empty for r in results),
        empty_gold=sum(r.gold_empty for r in results),
        correctly_empty=sum(r.gold_empty and r.output_empty for r in results),
    )
    return summary


def aggregate(results: list[PageResult]) -> dict:
    """Per data set summaries, their unweighted mean (``macro``) and the summary pooled over pages."""
    by_dataset: dict[str, list[PageResult]] = {}
    for result in results:
        by_dataset.setdefault(result.dataset, []).append(result)
    datasets = {name: summarize(rs) for name, rs in by_dataset.items()}
    macro = {m: mean(d[m] for d in datasets.values()) if datasets else 0.0 for m in METRICS}
    return {"datasets": datasets, "macro": macro, "pooled": summarize(results)}


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Linux: ``VmHWM`` of /proc/self/status, because ``ru_maxrss`` survives ``exec`` and so reports the parent's
    peak in a freshly started worker. Elsewhere ``ru_maxrss`` (kB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run_extractor(name: str, extractor: Extractor, items: Iterable[Item], page_timeout: float | None = None) -> dict:
    """Warm ``extractor`` up (imports, lazy model loading), run it on every item with progress on stderr, read
    the peak RSS, then score the outputs (spilled to a temporary file meanwhile, so they do not count)."""
    from tqdm import tqdm

    run_one(extractor, Item("warm-up", "", "en", WARMUP_HTML, ""))
    warm_rss = peak_rss_mb()
    examples = []
    with tempfile.TemporaryDirectory(prefix="chaff-bench-") as tmp:
        spill = Path(tmp) / "outputs.jsonl"
        with open(spill, "w", encoding="utf-8") as out:
            for item in tqdm(items, desc=name, unit="page", file=sys.stderr, mininterval=2):
                output, seconds, error = run_one(extractor, item, page_timeout)
                out.write(json.dumps([item.dataset, item.gold, output, seconds, error], ensure_ascii=False) + "\n")
                if error and len(examples) < 5:
                    examples.append(f"{item.id}: {error}")
        peak_rss = peak_rss_mb()
        results = [page_result(*row) for row in read_lines(spill)]
    return {
        "extractor": name,
        "pages": [asdict(r) for r in results],
        "warm_rss_mb": warm_rss,
        "peak_rss_mb": peak_rss,
        "error_examples": examples,
    }


# --------------------------------------------------------------------------- huge page

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there been one all we their has would when if so no will more what up out about can "
    "pemerintah menteri negara presiden rakyat kota berita laporan kebijakan ekonomi"
).split()


def huge_page(target_mb: float = 20, seed: int = 0) -> tuple[str, str]:
    """(html, gold) of a synthetic page of about ``target_mb`` MB: article paragraphs among nav/related blocks."""
    rng = random.Random(seed)

    def sentence_words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    nav = "<nav class='menu'><ul>" + "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(40)) + "</ul></nav>"
    head = "<html><head><title>Huge page</title><style>p{margin:0}</style><script>var x = 1;</script></head><body>"
    parts, gold, size, target = [head, nav, "<main><article><h1>A very long article</h1>"], [], 0, target_mb * 1e6
    while size < target:
        paragraph = sentence_words(rng.randint(40, 120)).capitalize() + "."
        gold.append(paragraph)
        block = f"<p>{paragraph}</p>"
        if len(gold) % 5 == 0:
            block += "<div class='related'><b>Baca juga:</b> <a href='/r'>" + sentence_words(8) + "</a></div>"
        if len(gold) % 200 == 0:
            block += nav
        parts.append(block)
        size += len(block)
    parts.append("</article></main><footer><p>Copyright · Privacy · Terms</p></footer></body></html>")
    return "".join(parts), "\n".join(gold)


def run_huge(name: str, extractor: Extractor, target_mb: float) -> dict:
    """Time and peak memory of ``extractor`` on one synthetic page of ``target_mb`` MB."""
    run_one(extractor, Item("warm-up", "", "en", WARMUP_HTML, ""))
    warm_rss = peak_rss_mb()
    html, gold = huge_page(target_mb)
    generated_rss = peak_rss_mb()
    output, seconds, error = run_one(extractor, Item("huge", "huge", "en", html, gold))
    peak_rss = peak_rss_mb()
    return {
        "extractor": name, "page_mb": len(html.encode()) / 1e6, "seconds": seconds, "error": error,
        "output_chars": len(output), **token_prf(output, gold)._asdict(),
        "warm_rss_mb": warm_rss, "page_rss_mb": generated_rss, "peak_rss_mb": peak_rss,
    }


# --------------------------------------------------------------------------- orchestration

def worker_command(args: argparse.Namespace, mode: str, name: str, inputs: Path | None) -> list[str]:
    """Command line re-invoking this script for one extractor in one mode, printing JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--json", "--mode", mode, "--extractors", name,
               "--split", args.split, "--datasets", ",".join(args.datasets), "--data-dir", str(args.data_dir),
               "--huge-mb", str(args.huge_mb)]
    for flag, value in (("--limit", args.limit), ("--model-dir", args.model_dir), ("--lodo", args.lodo),
                        ("--page-timeout", args.page_timeout), ("--inputs", inputs)):
        if value is not None:
            command += [flag, str(value)]
    return command + (["--huge"] if args.huge else [])


def run_worker(command: list[str], timeout: float | None) -> dict:
    """Run one single-extractor worker subprocess; a crash or timeout becomes ``{"failed": reason}``."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"worker timed out after {timeout} s"}
    if done.returncode != 0:
        return {"failed": f"worker exited with code {done.returncode}"}
    return json.loads(done.stdout)[0]


def worker_items(args: argparse.Namespace) -> Iterator[Item]:
    """The prepared ``--inputs`` file, or (standalone ``--json`` runs) the pages read and rendered here."""
    if args.inputs:
        return (Item(**row) for row in read_lines(args.inputs))
    render = select_renderer(args.renderer)[1] if args.mode == "text" else None
    return (to_item(r, render) for r in iter_records(args.data_dir, args.datasets, args.split, args.limit))


def worker_main(args: argparse.Namespace) -> None:
    """``--json``: run the selected extractors in this process and print their raw results as JSON."""
    output = []
    for name in args.extractors:
        extractor = bind(name, args.mode, args.model_dir, args.lodo)
        if args.huge:
            output.append(run_huge(name, extractor, args.huge_mb))
            continue
        output.append(run_extractor(name, extractor, worker_items(args), args.page_timeout))
    json.dump(output, sys.stdout)


def prepare_inputs(args: argparse.Namespace, renderer: Callable[[str], str] | None, path: Path) -> int:
    """Select the pages (and render them to plain text when ``renderer`` is given) once, into ``path``."""
    from tqdm import tqdm

    records = iter_records(args.data_dir, args.datasets, args.split, args.limit)
    desc = "render text" if renderer else "select pages"
    items = (to_item(r, renderer) for r in tqdm(records, desc=desc, unit="page", file=sys.stderr, mininterval=2))
    return write_lines(map(asdict, items), path)


def versions() -> dict[str, str]:
    try:
        from classifier import __version__ as chaff_version
    except Exception:
        chaff_version = "not importable"
    found = {"chaff": chaff_version}
    for dist in ("trafilatura", "jusText", "resiliparse", "readability-lxml", "lxml"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    found["python"] = platform.python_version()
    return found


def command_line() -> str:
    python = os.path.relpath(sys.executable, REPO_ROOT) if sys.executable.startswith(str(REPO_ROOT)) else sys.executable
    return shlex.join([python, "benchmarks/extraction.py", *sys.argv[1:]])


CATASTROPHE_F1 = 0.3  # a page is lost: the extractor's F1 is below this ...
BASELINE_F1 = 0.5  # ... while keeping everything scores above this


def catastrophic(raw: dict[str, dict]) -> dict[str, int]:
    """Per extractor: pages it loses (F1 < 0.3) where keep-everything scores > 0.5 (needs keep-everything)."""
    baseline = raw.get("keep-everything", {}).get("pages")
    if not baseline:
        return {}
    return {
        name: sum(p["f1"] < CATASTROPHE_F1 and b["f1"] > BASELINE_F1 for p, b in zip(result["pages"], baseline))
        for name, result in raw.items() if "pages" in result
    }


def collect(mode: str, raw: dict[str, dict]) -> dict:
    """Aggregate the workers' raw results of one mode into the report structure."""
    extractors, failed = {}, {}
    lost = catastrophic(raw)
    for name, result in raw.items():
        if "failed" in result:
            failed[name] = result["failed"]
            continue
        pages = [PageResult(**p) for p in result["pages"]]
        extractors[name] = aggregate(pages) | {
            k: result[k] for k in ("warm_rss_mb", "peak_rss_mb", "error_examples")}
        if name in lost:
            extractors[name]["catastrophic_pages"] = lost[name]
    return {"mode": mode, "extractors": extractors, "failed": failed}


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for the tables: ``digits`` decimals, none (with thousands separators) from 10,000 up."""
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.{digits}f}"


def metric_table(report: dict, metric: str) -> list[str]:
    """Markdown rows: data sets, mean over data sets, pooled; one column per extractor."""
    names = list(report["extractors"])
    runs = report["extractors"]
    datasets = [d for d in report["datasets"] if any(d in r["datasets"] for r in runs.values())]
    pages = {d: next(r["datasets"][d]["pages"] for r in runs.values() if d in r["datasets"]) for d in datasets}
    rows = [f"| data set | pages | {' | '.join(names)} |", "|---|---:|" + "---:|" * len(names)]
    for d in datasets:
        cells = [fmt(runs[n]["datasets"].get(d, {}).get(metric)) for n in names]
        rows.append(f"| {d} | {pages[d]} | {' | '.join(cells)} |")
    total = sum(pages.values())
    for label, key in (("**mean over data sets**", "macro"), ("**pooled**", "pooled")):
        cells = [fmt(runs[n][key][metric]) for n in names]
        rows.append(f"| {label} | {total} | {' | '.join(cells)} |")
    return rows


def speed_table(report: dict) -> list[str]:
    rows = ["| extractor | pages | seconds | pages/s | peak RSS MB | RSS after warm-up MB | errors | empty outputs "
            "| catastrophic pages |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, run in report["extractors"].items():
        p = run["pooled"]
        rows.append(f"| {name} | {p['pages']} | {fmt(p['seconds'], 1)} | {fmt(p['pages_per_s'], 1)} | "
                    f"{fmt(run['peak_rss_mb'], 0)} | {fmt(run['warm_rss_mb'], 0)} | {p['errors']} | {p['empty_outputs']} "
                    f"| {run.get('catastrophic_pages', '–')} |")
    return rows


def header(report: dict, title: str) -> list[str]:
    lines = [f"# {title}", "", f"Command: `{report['command']}`", "",
             f"Created {report['created']} · " + " · ".join(f"{k} {v}" for k, v in report["versions"].items()), ""]
    for key, label in (("renderer", "Plain-text renderer"), ("note", "Note")):
        if report.get(key):
            lines += [f"{label}: {report[key]}", ""]
    for name, reason in {**report.get("skipped", {}), **report.get("failed", {})}.items():
        lines += [f"Not run: **{name}** — {reason}", ""]
    return lines


def markdown(report: dict) -> str:
    """The report of one mode and split as markdown tables."""
    lines = header(report, f"Extraction benchmark — {report['mode']} mode, split {report['split']}")
    if not report["extractors"]:
        return "\n".join(lines + ["No extractor ran."]) + "\n"
    for metric, title in (("f1", "F1"), ("precision", "Precision"), ("recall", "Recall")):
        lines += [f"## {title}", "", *metric_table(report, metric), ""]
    lines += ["## Speed and memory", "", "Single process per extractor; time of the extractor call on the raw input "
              "string (parse included); peak RSS of the extractor's own subprocess. Catastrophic pages: F1 < 0.3 where "
              "keep-everything scores > 0.5.", "", *speed_table(report), ""]
    examples = [(n, e) for n, r in report["extractors"].items() for e in r["error_examples"]]
    if examples:
        lines += ["## Error examples", "", *(f"- {n}: `{e}`" for n, e in examples), ""]
    return "\n".join(lines)


def huge_markdown(report: dict) -> str:
    lines = header(report, "Extraction benchmark — one huge synthetic page")
    lines += ["Peak RSS of the extractor's subprocess; it holds the generated page (its size in memory is the "
              "'RSS with page' column).", "",
              "| extractor | page MB | seconds | peak RSS MB | RSS after warm-up MB | RSS with page MB | output chars | F1 | error |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in report["extractors"].items():
        lines.append(f"| {name} | {fmt(r['page_mb'], 1)} | {fmt(r['seconds'], 2)} | {fmt(r['peak_rss_mb'], 0)} | "
                     f"{fmt(r['warm_rss_mb'], 0)} | {fmt(r['page_rss_mb'], 0)} | {r['output_chars']} | {fmt(r['f1'])} | "
                     f"{r['error'] or ''} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict, stem: str, out_dir: Path, render: Callable[[dict], str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / f"{stem}.md").write_text(render(report), encoding="utf-8")
    print(f"wrote {out_dir / stem}.json and .md", file=sys.stderr)


def base_report(args: argparse.Namespace, skipped: dict[str, str]) -> dict:
    return {"command": command_line(), "created": dt.datetime.now().isoformat(timespec="seconds"),
            "versions": versions(), "split": args.split, "datasets": args.datasets, "skipped": skipped}


def run_mode(args: argparse.Namespace, mode: str, names: list[str], skipped: dict[str, str]) -> None:
    """Run every extractor of ``mode`` in its own subprocess, then write the JSON and markdown reports."""
    if not names:
        print(f"[{mode}] no extractor to run", file=sys.stderr)
        return
    report = base_report(args, skipped)
    renderer = None
    if mode == "text":
        report["renderer"], renderer = select_renderer(args.renderer)
        report["note"] = "plain-text mode compares chaff with keep-everything (the rendered text itself)."
        print(f"[text] plain-text renderer: {report['renderer']}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="chaff-bench-") as tmp:
        inputs = Path(tmp) / f"{mode}-inputs.jsonl"
        prepare_inputs(args, renderer, inputs)
        raw = {}
        for name in names:
            print(f"[{mode}] {name}", file=sys.stderr)
            raw[name] = run_worker(worker_command(args, mode, name, inputs), args.timeout)
    report |= collect(mode, raw)
    write_report(report, f"extraction-{mode}-{args.split}{'-lodo' if args.lodo else ''}", args.out, markdown)


def run_huge_check(args: argparse.Namespace, names: list[str], skipped: dict[str, str]) -> None:
    report = base_report(args, skipped) | {"extractors": {}, "failed": {}}
    for name in names:
        print(f"[huge] {name}", file=sys.stderr)
        result = run_worker(worker_command(args, "html", name, None), args.timeout)
        if "failed" in result:
            report["failed"][name] = result["failed"]
        else:
            report["extractors"][name] = result
    write_report(report, "extraction-huge", args.out, huge_markdown)


def csv_list(choices: Iterable[str]) -> Callable[[str], list[str]]:
    allowed = tuple(choices)

    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {', '.join(allowed)}")
        return items

    return parse


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=csv_list(DATASETS), default=list(DATASETS), help="comma-separated (default: all ten)")
    parser.add_argument("--extractors", type=csv_list(ALL_EXTRACTORS), default=list(ALL_EXTRACTORS), help="comma-separated (default: all)")
    parser.add_argument("--mode", choices=("html", "text", "both"), default="both")
    parser.add_argument("--limit", type=int, help="at most N pages per data set (quick runs)")
    parser.add_argument("--split", choices=("all", "dev"), default="all", help="dev: only pages with training.split.is_dev(id)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default: benchmarks/results/)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="directory of <dataset>/pages.jsonl.gz")
    parser.add_argument("--model-dir", help="forwarded to chaff as extract(page, model_dir=DIR)")
    parser.add_argument("--lodo", help="leave one data set out: chaff uses the model in LODO/<dataset>/ for a page of "
                                       "<dataset> (training.train_sections --lodo writes them)")
    parser.add_argument("--renderer", choices=("auto", "chaff", "lxml"), default="auto",
                        help="plain-text rendering for text mode: classifier.parsing.parse (chaff), the benchmark's lxml "
                             "plain_text, or auto = chaff when importable")
    parser.add_argument("--huge", action="store_true", help="only time the extractors on one huge synthetic page")
    parser.add_argument("--huge-mb", type=float, default=20.0, help="size of the huge page (default 20)")
    parser.add_argument("--page-timeout", type=float, default=300.0, help="seconds per page before it counts as an error")
    parser.add_argument("--timeout", type=float, help="seconds per extractor subprocess (default: none)")
    parser.add_argument("--json", action="store_true", help="run in this process and print raw JSON results (worker mode)")
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.json:
        worker_main(args)
        return
    skipped = {}
    if "chaff" in args.extractors and (reason := chaff_unavailable()):
        print(f"skipping chaff: {reason}", file=sys.stderr)
        skipped["chaff"] = reason
    names = [n for n in args.extractors if n not in skipped]
    if args.huge:
        run_huge_check(args, names, skipped)
        return
    for mode in ("html", "text") if args.mode == "both" else (args.mode,):
        html_only = [n for n in names if n not in EXTRACTORS[mode]]
        if html_only:
            print(f"[{mode}] HTML-only, not run on plain text: {', '.join(html_only)}", file=sys.stderr)
        run_mode(args, mode, [n for n in names if n in EXTRACTORS[mode]], skipped)


if __name__ == "__main__":
    main()
