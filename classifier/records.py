"""Record → enriched record, or the same record with an ``error`` field. Never drops, never crashes.

``filter_records`` is the engine behind ``chaff filter``, ``classifier.frame.annotate`` and the Dask
helpers. Each input record comes out exactly once, in input order, either with the added fields

- ``content``: the clean article text;
- ``clickbait_score``: P(clickbait) of the headline (``None`` while no headline model is loaded);
- ``inserted_links``: a list of ``{"section_index", "text", "similarity", "off_topic"}`` dicts;
- ``noise_sections``: the indices of the sections labeled noise (``len()`` gives the count);
- ``lang``: the page's language code (``None`` when unclear);

or with an ``error`` field naming the input (``"pages.jsonl:12: timeout after 5 s"``). A record whose
clickbait score is over ``max_clickbait`` also gets ``"rejected": "clickbait"``: the caller flags,
drops or routes it.

With ``jobs > 1`` or a ``timeout``, pages are analysed in worker processes that load the models
once each. A worker runs one page at a time, so a page that overruns its timeout or kills its worker
is attributed exactly: the worker is killed or reaped, replaced, and only that record gets an error.
At most ``4 * jobs`` records are in flight or waiting to be written, whatever the input size.
Workers start from a forkserver, so a custom ``analyzer`` must be importable by name (a module-level
function, not a lambda or a function of a ``python -c`` program); a record's timeout counts from
the moment its worker has loaded the models.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import IO, Any

from .api import score
from .artifact import DEFAULT_FILES, default_path, load_default
from .report import PageReport

# Workers start from a fresh forkserver process, not as forks of the caller: a fork copies the
# caller's OpenMP thread pool (LightGBM, scikit-learn) in a state that can deadlock the child.
WORKERS = multiprocessing.get_context("forkserver")
READY = "ready"  # a worker's first message, once its models are loaded

Analyzer = Callable[[str | bytes], PageReport]
Outcome = dict[str, Any]  # the added fields, or {"error": message}

ADDED_FIELDS = ("content", "clickbait_score", "inserted_links", "noise_sections", "lang")
BINARY_SAMPLE = 8192
BINARY_SHARE = 0.1
WINDOW_PER_JOB = 4


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line of a JSON Lines input, parsed late so a malformed line still yields a record."""

    text: str
    number: int
    source: str = "-"


@dataclass(frozen=True, slots=True)
class _Task:
    """A record ready to analyse (``page`` set) or already settled (``outcome`` set)."""

    where: str
    record: dict[str, Any]
    page: str | bytes | None = None
    outcome: Outcome | None = None


def read_lines(handle: IO[str], source: str = "-") -> Iterator[Line]:
    """The non-blank lines of a JSON Lines stream, numbered from 1."""
    for number, text in enumerate(handle, 1):
        if text.strip():
            yield Line(text.rstrip("\n"), number, source)


def fields_of(report: PageReport) -> Outcome:
    """The fields ``filter_records`` adds for one page report."""
    return {
        "content": report.content,
        "clickbait_score": None if report.headline is None else round(float(report.headline.score), 4),
        "inserted_links": [link.to_dict() for link in report.inserted_links],
        "noise_sections": [section.index for section in report.noise_sections],
        "lang": report.lang,
    }


def binary_share(value: str | bytes) -> float:
    """Share of control or undecodable characters in the start of ``value``.

    >>> binary_share("plain text\\n"), binary_share("\\x00\\x01ab")
    (0.0, 0.5)
    """
    sample = value[:BINARY_SAMPLE]
    if isinstance(sample, bytes):
        bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    else:
        bad = sum(1 for c in sample if (c < " " and c not in "\t\n\r") or c == "\ufffd")
    return bad / len(sample) if sample else 0.0


def _task(position: int, item: dict | Line, field: str) -> _Task:
    """Check one input item: parse a raw line, find a usable page in ``field``."""
    where = f"{item.source}:{item.number}" if isinstance(item, Line) else f"record {position}"
    if isinstance(item, Line):
        try:
            record = json.loads(item.text)
        except json.JSONDecodeError as exc:
            return _Task(where, {"raw": item.text}, outcome={"error": f"not JSON ({exc.msg})"})
        if not isinstance(record, dict):
            return _Task(where, {"raw": item.text}, outcome={"error": "not a JSON object"})
    else:
        record = item
    page = record.get(field)
    if field not in record:
        problem = f"no {field!r} field"
    elif page is None:
        problem = f"field {field!r} is null"
    elif not isinstance(page, str | bytes):
        problem = f"field {field!r} is {type(page).__name__}, expected a string"
    elif binary_share(page) > BINARY_SHARE:
        problem = f"field {field!r} is not decodable text ({binary_share(page):.0%} control or invalid characters)"
    else:
        return _Task(where, record, page=page)
    return _Task(where, record, outcome={"error": problem})


def analyze_safely(analyzer: Analyzer, page: str | bytes) -> Outcome:
    """Run ``analyzer`` on one page; any exception becomes an error outcome."""
    try:
        return fields_of(analyzer(page))
    except Exception as exc:  # a per-record failure must not stop the run
        return {"error": f"analysis failed ({type(exc).__name__}: {exc})"}


def load_models(model_dir: str | None = None) -> None:
    """Load every default model present, once per process (a worker initializer)."""
    for kind in DEFAULT_FILES:
        if kind == "sections" or default_path(kind, model_dir).exists():
            load_default(kind, model_dir)


def _settle(task: _Task, outcome: Outcome, max_clickbait: float | None) -> dict[str, Any]:
    """The output record: the input plus its outcome, the error naming the input."""
    if "error" in outcome:
        return {**task.record, "error": f"{task.where}: {outcome['error']}"}
    record = {**task.record, **outcome}
    score_ = outcome["clickbait_score"]
    if max_clickbait is not None and score_ is not None and score_ > max_clickbait:
        record["rejected"] = "clickbait"
    return record


def _run_inline(tasks: Iterator[_Task], analyzer: Analyzer) -> Iterator[tuple[_Task, Outcome]]:
    for task in tasks:
        yield task, task.outcome or analyze_safely(analyzer, task.page)


def _worker_main(conn: Connection, analyzer: Analyzer, model_dir: str | None) -> None:
    """A worker: load the models, then analyse one page per message until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    load_models(model_dir)
    try:
        conn.send(READY)
        while (page := conn.recv()) is not None:
            conn.send(analyze_safely(analyzer, page))
    except (EOFError, OSError):
        pass  # the parent is gone


@dataclass(slots=True)
class _Slot:
    """A task's place in the output order, and its outcome once known."""

    task: _Task
    outcome: Outcome | None = None


class _Worker:
    """One worker process and the slot it is working on (if any)."""

    def __init__(self, analyzer: Analyzer, model_dir: str | None) -> None:
        self.conn, child = WORKERS.Pipe()
        self.process = WORKERS.Process(target=_worker_main, args=(child, analyzer, model_dir), daemon=True)
        self.process.start()
        child.close()
        self.slot: _Slot | None = None
        self.deadline = float("inf")

    def wait_ready(self) -> _Worker:
        """Block until the worker has loaded the models (a record's timeout starts after that)."""
        try:
            if self.conn.recv() == READY:
                return self
        except (EOFError, OSError):
            pass
        self.process.join(1)
        raise RuntimeError(f"a filter worker failed to start (exit code {self.process.exitcode})")

    def start(self, slot: _Slot, timeout: float | None) -> None:
        self.slot, self.deadline = slot, time.monotonic() + (timeout if timeout is not None else float("inf"))
        try:
            self.conn.send(slot.task.page)
        except OSError:
            pass  # a worker that died idle is noticed by its sentinel and reported by collect()

    def collect(self) -> Outcome:
        """The worker's answer, or a crash error if it died without one."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        self.process.join(1)
        return {"error": f"worker crashed (exit code {self.process.exitcode})"}

    def stop(self) -> None:
        if self.slot is None and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Pool:
    """Worker processes running single-page tasks with per-task deadlines; results in input order."""

    def __init__(self, jobs: int, analyzer: Analyzer, model_dir: str | None, timeout: float | None) -> None:
        self.spawn = partial(_Worker, analyzer, model_dir)
        self.workers = [worker.wait_ready() for worker in [self.spawn() for _ in range(jobs)]]
        self.timeout = timeout
        self.window = WINDOW_PER_JOB * jobs
        self.slots: deque[_Slot] = deque()  # read, not yet written, in input order
        self.todo: deque[_Slot] = deque()  # waiting for a worker

    def run(self, tasks: Iterator[_Task]) -> Iterator[tuple[_Task, Outcome]]:
        while True:
            self._fill(tasks)
            if not self.slots:
                return
            if self.slots[0].outcome is None:
                self._dispatch()
                self._wait()
            while self.slots and self.slots[0].outcome is not None:
                slot = self.slots.popleft()
                yield slot.task, slot.outcome

    def _fill(self, tasks: Iterator[_Task]) -> None:
        """Read tasks until the window is full or the input ends."""
        while len(self.slots) < self.window and (task := next(tasks, None)) is not None:
            slot = _Slot(task, task.outcome)
            self.slots.append(slot)
            if slot.outcome is None:
                self.todo.append(slot)

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.slot is None and self.todo:
                worker.start(self.todo.popleft(), self.timeout)

    def _wait(self) -> None:
        """Block until a worker answers, dies or overruns; record the outcomes, replace lost workers."""
        busy = [w for w in self.workers if w.slot is not None]
        nearest = min(w.deadline for w in busy)
        timeout = None if nearest == float("inf") else max(nearest - time.monotonic(), 0)
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=timeout))
        for index, worker in enumerate(self.workers):
            if worker.slot is None:
                continue
            if worker.conn in ready or worker.process.sentinel in ready:
                worker.slot.outcome = worker.collect()
            elif time.monotonic() >= worker.deadline:
                worker.slot.outcome = {"error": f"timeout after {self.timeout:g} s"}
                worker.process.kill()
                worker.process.join()
            else:
                continue
            worker.slot = None
            if not worker.process.is_alive():
                worker.stop()
                self.workers[index] = self.spawn().wait_ready()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()


def filter_records(
    records: Iterable[dict | Line],
    *,
    html_field: str = "html",
    text_field: str | None = None,
    max_clickbait: float | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    model_dir: str | None = None,
    analyzer: Analyzer | None = None,
) -> Iterator[dict[str, Any]]:
    """Enrich each record with chaff's fields, in input order; failures become an ``error`` field.

    Args:
        records: dicts, or raw ``Line``s (see ``read_lines``) so that malformed JSON is reported
            in place (its output record holds ``error`` and the ``raw`` line).
        html_field: the field holding the page.
        text_field: the field holding a plain-text page (read as text even if it holds markup);
            overrides ``html_field``.
        max_clickbait: records whose clickbait score is above it get ``"rejected": "clickbait"``.
        jobs: worker processes; 1 analyses in this process (unless ``timeout`` is set).
        timeout: seconds per record; an overrunning record gets ``error: "... timeout after S s"``.
            Enforced in worker processes, so ``jobs=1`` with a timeout runs one worker.
        model_dir: a folder of models to use instead of the shipped ones.
        analyzer: page → ``PageReport`` (default ``classifier.score``); a picklable function, so
            tests and callers can inject their own.

    Yields:
        One output record per input item.

    Raises:
        ModelFormatError: the models cannot be loaded (checked before any record is read).
    """
    if analyzer is None:
        load_models(model_dir)
        analyzer = partial(score, model_dir=model_dir, source="text" if text_field else None)
    field = text_field or html_field
    tasks = (_task(position, item, field) for position, item in enumerate(records, 1))
    if jobs <= 1 and timeout is None:
        results = _run_inline(tasks, analyzer)
    else:
        pool = _Pool(max(jobs, 1), analyzer, model_dir, timeout)
        results = _closing(pool, pool.run(tasks))
    for task, outcome in results:
        yield _settle(task, outcome, max_clickbait)


def _closing(pool: _Pool, results: Iterator[tuple[_Task, Outcome]]) -> Iterator[tuple[_Task, Outcome]]:
    """Yield from ``results`` and stop the pool however iteration ends."""
    try:
        yield from results
    finally:
        pool.close()
