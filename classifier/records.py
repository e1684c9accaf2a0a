"""Record → enriched record, or the same record with an ``error`` field. Never drops, never crashes.

``filter_records`` is the engine behind ``chaff filter``, ``classifier.frame.annotate`` and the Dask
helpers. Each input record comes out exactly once, in input order, either with the added fields

- ``content``: the clean article text;
- ``clickbait_score``: P(clickbait) of the headline (``None`` while no headline model is loaded);
- ``inserted_links``: a list of ``{"section_index", "text", "similarity", "off_topic"}`` dicts;
- ``noise_sections``: the indices of the sections labeled noise (``len()`` gives the count);
- ``lang``: the page's language code (``None`` when unclear);

or with an ``error`` field naming the input (``"pages.jsonl:12: timeout after 5 s"``). Any failure of
one record becomes its ``error``: malformed JSON (also numbers over 4,300 digits and nesting too deep
to parse), a missing or non-text field, an analysis error, a timeout, a memory cap, a crashed worker.
A record whose clickbait score is over ``max_clickbait`` also gets ``"rejected": "clickbait"``: the
caller flags, drops or routes it.

Every output record can be written as strict JSON (``to_json_line``): lone surrogates (``"\\ud800"``)
become U+FFFD and non-finite numbers (``NaN``, ``Infinity``) become ``null``, in the input as read
and in the output, and invalid UTF-8 in a raw input line is replaced; a record so repaired carries
``"repairs": {"lone_surrogates": n, "non_finite_numbers": n, "invalid_utf8": n}`` (counts > 0 only).

With ``jobs > 1``, a ``timeout`` or a ``max_memory_mb``, pages are analysed in the worker processes
of ``classifier.engine``: the models are loaded once, in a zygote process the workers fork from,
and each worker runs one page at a time under its own deadline, so only the record that overruns
(or kills its worker) gets an error. At most ``4 * jobs`` records are in flight or waiting to be
written, whatever the input size. A custom ``analyzer`` must be importable by name (a module-level
function, not a lambda or a function of a ``python -c`` program).
"""

from __future__ import annotations

import json
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from .api import LONE_SURROGATE as SURROGATE
from .api import score
from .artifact import KINDS, load_default
from .config import Config
from .engine import Failure, Limits, OrderedPool, Ready, StartMethod
from .parsing.decode import binary_share
from .report import PageReport

Analyzer = Callable[[str | bytes], PageReport]
Outcome = dict[str, Any]  # the added fields, or {"error": message}

ADDED_FIELDS = (
    "content", "title", "clickbait_score", "inserted_links", "noise_sections", "noise_kinds", "lang", "author",
    "date", "site_name", "empty_reason",
)  # fmt: skip
# Fields chaff writes that an input may legitimately hold from an earlier chaff run (overwritten as
# before): the core outputs of 0.1. The metadata fields added since are renamed instead (``_unclashed``).
OWN_FIELDS = frozenset({"content", "clickbait_score", "inserted_links", "noise_sections", "lang"})
WINDOW_PER_JOB = 4
BOM = "\ufeff"
MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line of a JSON Lines input, parsed late so a malformed line still yields a record.

    ``replaced`` counts the invalid UTF-8 sequences replaced by U+FFFD when the line was decoded.
    """

    text: str
    number: int
    source: str = "-"
    replaced: int = 0


@dataclass(frozen=True, slots=True)
class _Task:
    """A record ready to analyse (``page`` set) or already settled (``outcome`` set)."""

    where: str
    record: dict[str, Any]
    page: str | bytes | None = None
    outcome: Outcome | None = None
    repairs: tuple[tuple[str, int], ...] = ()


def _decode(raw: bytes | str) -> tuple[str, int]:
    """A line as text, and how many invalid UTF-8 sequences were replaced."""
    if isinstance(raw, str):
        return raw, 0
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        return text, text.count("\ufffd") - raw.count("\ufffd".encode())


def read_lines(handle: Iterable[bytes | str], source: str = "-") -> Iterator[Line]:
    """The non-blank lines of a JSON Lines stream, numbered from 1.

    Lines end at ``\\n`` only (a ``\\r`` inside a record does not split it; ``\\r\\n`` ends
    are fine), a UTF-8 byte order mark at the start is dropped, and a binary stream's invalid
    UTF-8 is replaced (counted in ``Line.replaced``).

    Args:
        handle: a binary stream (preferred: see ``classifier.io.open_binary``) or lines of text.
        source: the name errors give for the stream.

    Yields:
        ``Line``s.
    """
    for number, raw in enumerate(handle, 1):
        text, replaced = _decode(raw)
        if number == 1 and text.startswith(BOM):
            text = text[1:]
        if text.strip():
            yield Line(text.rstrip("\n").removesuffix("\r"), number, source, replaced)


def fields_of(report: PageReport) -> Outcome:
    """The fields ``filter_records`` adds for one page report: the content, the headline's score, title
    and metadata, the inserted items (with P(off-topic) and reasons), the noise sections and their kinds,
    and why the content is empty when it is."""
    return {
        "content": report.content,
        "title": report.title,
        "clickbait_score": None if report.headline is None else round(float(report.headline.score), 4),
        "inserted_links": [link.to_dict() for link in report.inserted_links],
        "noise_sections": [section.index for section in report.noise_sections],
        "noise_kinds": dict(Counter(section.kind for section in report.noise_sections)),
        "lang": report.lang,
        "author": report.author,
        "date": report.date,
        "site_name": report.site_name,
        "empty_reason": report.empty_reason,
    }


def repair(value: Any, counts: dict[str, int]) -> Any:
    """``value`` with lone surrogates replaced by U+FFFD and non-finite floats by ``None``.

    Repairs are added to ``counts`` (``lone_surrogates``, ``non_finite_numbers``); values that
    need none are returned as they are.

    >>> counts = {}
    >>> repair({"a": "x\\ud800", "b": [float("nan"), 1]}, counts), counts
    ({'a': 'x\ufffd', 'b': [None, 1]}, {'lone_surrogates': 1, 'non_finite_numbers': 1})
    """
    if isinstance(value, str):
        found = len(SURROGATE.findall(value)) if SURROGATE.search(value) else 0
        if not found:
            return value
        counts["lone_surrogates"] = counts.get("lone_surrogates", 0) + found
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        counts["non_finite_numbers"] = counts.get("non_finite_numbers", 0) + 1
        return None
    if isinstance(value, dict):
        return {repair(k, counts) if isinstance(k, str) else k: repair(v, counts) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [repair(v, counts) for v in value]
    return value


def to_json_line(record: dict[str, Any]) -> str:
    """``record`` as one line of strict JSON (no NaN, no lone surrogates), without the newline.

    Values that need it are repaired (see ``repair``) and the repairs added to the record's
    ``repairs`` counts; values JSON cannot hold are written as their ``str``.
    """
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False, default=str)
        if not SURROGATE.search(text):
            return text
    except ValueError:
        pass
    counts: dict[str, int] = {}
    repaired = repair(record, counts)
    previous = record.get("repairs")
    merged = dict(previous) if isinstance(previous, dict) else {}
    for name, count in counts.items():
        merged[name] = merged.get(name, 0) + count
    return json.dumps({**repaired, "repairs": merged}, ensure_ascii=False, allow_nan=False, default=str)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return _one_line(str(exc))


def _one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _task(position: int, item: dict[str, Any] | Line, field: str) -> _Task:
    """Check one input item: parse a raw line, repair it, find a usable page in ``field``."""
    where = f"{item.source}:{item.number}" if isinstance(item, Line) else f"record {position}"
    counts: dict[str, int] = {}
    if isinstance(item, Line):
        if item.replaced:
            counts["invalid_utf8"] = item.replaced
        try:
            parsed = json.loads(item.text, strict=False)  # control characters (a raw \r) inside strings are read
        except (ValueError, RecursionError) as exc:  # also numbers over 4,300 digits, deep nesting
            return _Task(where, {"raw": repair(item.text, counts)}, outcome={"error": f"not JSON ({_json_problem(exc)})"}, repairs=tuple(counts.items()))
        if not isinstance(parsed, dict):
            return _Task(where, {"raw": repair(item.text, counts)}, outcome={"error": "not a JSON object"}, repairs=tuple(counts.items()))
        record = parsed
    else:
        record = item
    try:
        record = repair(record, counts)
    except RecursionError:
        return _Task(where, {}, outcome={"error": "record nested too deeply"})
    repairs = tuple(counts.items())
    page = record.get(field)
    if field not in record:
        problem = f"no {field!r} field"
    elif page is None:
        problem = f"field {field!r} is null"
    elif not isinstance(page, str | bytes):
        problem = f"field {field!r} is {type(page).__name__}, expected a string"
    elif (share := binary_share(page)) > Config().max_binary_share:
        problem = f"field {field!r} is binary data, not a page ({share:.0%} control characters)"
    elif isinstance(page, str) and (share := _replaced_share(page)) > Config().max_binary_share:
        problem = f"field {field!r} is not decodable text ({share:.0%} replacement characters)"
    else:
        return _Task(where, record, page=page, repairs=repairs)
    return _Task(where, record, outcome={"error": problem}, repairs=repairs)


def analyze_safely(analyzer: Analyzer, page: str | bytes) -> Outcome:
    """Run ``analyzer`` on one page; any exception becomes an error outcome."""
    try:
        return fields_of(analyzer(page))
    except Exception as exc:  # a per-record failure must not stop the run
        return {"error": _one_line(f"analysis failed ({type(exc).__name__}: {exc})")}


def load_models(model_dir: str | None = None, allow_pickle: bool = False) -> None:
    """Load the section and headline models, once per process (a worker initializer).

    Raises:
        ModelFormatError: a model is missing (also from a given ``model_dir``) or unreadable.
    """
    for kind in KINDS:
        load_default(kind, model_dir, allow_pickle=allow_pickle)  # type: ignore[arg-type]


def _settle(task: _Task, outcome: Outcome, max_clickbait: float | None) -> dict[str, Any]:
    """The output record: the input plus its outcome (the error naming the input) and repairs."""
    extra: dict[str, Any] = {"repairs": dict(task.repairs)} if task.repairs else {}
    if "error" in outcome:
        return {**task.record, "error": f"{task.where}: {outcome['error']}", **extra}
    record = {**task.record, **_unclashed(task.record, outcome), **extra}
    score_ = outcome["clickbait_score"]
    if max_clickbait is not None and score_ is not None and score_ > max_clickbait:
        record["rejected"] = "clickbait"
    return record


def _replaced_share(text: str) -> float:
    """Share of U+FFFD (bytes that could not be decoded upstream) in the start of ``text``."""
    sample = text[:8192]
    return sample.count("\ufffd") / len(sample) if sample else 0.0


def _unclashed(record: dict[str, Any], outcome: Outcome) -> Outcome:
    """The added fields, each renamed ``chaff_<name>`` where the input record already has a field of its
    name other than the page field itself (an input's own ``title`` or ``date`` is never overwritten)."""
    return {(f"chaff_{k}" if k in record and k not in OWN_FIELDS else k): v for k, v in outcome.items()}


def _as_outcome(result: Outcome | Failure) -> Outcome:
    return {"error": result.message} if isinstance(result, Failure) else result


def filter_records(
    records: Iterable[dict[str, Any] | Line],
    *,
    html_field: str = "html",
    text_field: str | None = None,
    max_clickbait: float | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    max_memory_mb: float | None = None,
    model_dir: str | None = None,
    allow_pickle: bool = False,
    analyzer: Analyzer | None = None,
    start: StartMethod = "forkserver",
) -> Iterator[dict[str, Any]]:
    """Enrich each record with chaff's fields, in input order; failures become an ``error`` field.

    The models are loaded (inline) or the worker pool is started before this returns, so a model
    that cannot be loaded is reported before any record is read.

    Args:
        records: dicts, or raw ``Line``s (see ``read_lines``) so that malformed JSON is reported
            in place (its output record holds ``error`` and the ``raw`` line).
        html_field: the field holding the page.
        text_field: the field holding a plain-text page (read as text even if it holds markup);
            overrides ``html_field``.
        max_clickbait: records whose clickbait score is above it get ``"rejected": "clickbait"``.
        jobs: worker processes; 1 analyses in this process (unless a limit is set).
        timeout: seconds per record, on its worker's clock from the moment the worker receives
            it; an overrunning record gets ``error: "... timeout after S s"``.
        max_memory_mb: resident memory a worker may reach (models included); a record that
            pushes it over gets ``error: "... memory limit exceeded (M MB)"``.
        model_dir: a folder of models to use instead of the shipped ones (it must hold both).
        allow_pickle: also load pickle/joblib model files (they can run code: trusted files only).
        analyzer: page → ``PageReport`` (default ``classifier.score``); a picklable function, so
            tests and callers (``chaff extract/score --jobs``) can bring their own.
        start: how the worker pool starts (see ``classifier.engine.OrderedPool``): ``"fork"``
            only from a process that has run no OpenMP work yet, as ``chaff filter`` does.

    Returns:
        An iterator of one output record per input item.

    Raises:
        ModelFormatError: the models cannot be loaded.
    """
    initializer = partial(load_models, model_dir, allow_pickle)
    if analyzer is None:
        analyzer = partial(score, model_dir=model_dir, source="text" if text_field else None)
    field = text_field or html_field
    tasks = (_task(position, item, field) for position, item in enumerate(records, 1))
    fn = partial(analyze_safely, analyzer)
    if jobs <= 1 and timeout is None and max_memory_mb is None:
        initializer()
        return _inline(tasks, fn, max_clickbait)
    pool: OrderedPool[str | bytes, Outcome] = OrderedPool(
        fn,
        jobs=jobs,
        limits=Limits(timeout=timeout, max_memory_mb=max_memory_mb),
        initializer=initializer,
        window=WINDOW_PER_JOB * max(jobs, 1),
        start=start,
    )
    return _pooled(tasks, pool, max_clickbait)


def _inline(tasks: Iterator[_Task], fn: Callable[[str | bytes], Outcome], max_clickbait: float | None) -> Iterator[dict[str, Any]]:
    for task in tasks:
        outcome = task.outcome if task.outcome is not None else fn(task.page)  # type: ignore[arg-type]
        yield _settle(task, outcome, max_clickbait)


def _pooled(tasks: Iterator[_Task], pool: OrderedPool[str | bytes, Outcome], max_clickbait: float | None) -> Iterator[dict[str, Any]]:
    """Run the pool over the tasks; pair each result with its task; stop the pool however it ends."""
    pending: deque[_Task] = deque()

    def feed() -> Iterator[str | bytes | Ready[Outcome]]:
        for task in tasks:
            pending.append(task)
            yield Ready(task.outcome) if task.outcome is not None else task.page  # type: ignore[misc]

    try:
        for result in pool.run(feed()):
            yield _settle(pending.popleft(), _as_outcome(result), max_clickbait)
    finally:
        pool.close()
