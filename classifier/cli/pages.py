"""What ``score`` and ``extract`` share: inputs, models, the work on one page, ``--jobs``, outputs.

Pages run through ``classifier.records.filter_records`` (input order kept, one failure per
input, worker processes with ``--jobs``). It returns the fields ``filter`` writes, so the work
function ``render_page`` renders the whole output in the worker and hands it back as the
``content`` of a report: a JSON envelope ``{"output": ...}`` or ``{"error": ...}``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal

import click

from .. import artifact
from ..config import Config
from ..errors import ChaffError, InputError
from ..report import PageReport
from . import fail

Command = Literal["score", "extract"]
Kind = Literal["sections", "headlines", "offtopic"]
SUFFIXES = {"text": ".txt", "txt": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}
STDIN_NAME = "stdin"


@dataclass(frozen=True, slots=True)
class Input:
    """One page to process.

    Attributes:
        name: how the input is named in outputs and errors (the path given, ``-`` for stdin).
        file: the file to read.
        relative: its name under ``--output-dir`` before the format's suffix.
    """

    name: str
    file: str
    relative: str


@dataclass(frozen=True, slots=True)
class Models:
    """The model files to use: a file per kind (``--model``), else the folder's (``--model-dir``, which
    must then hold every model the command needs), else the shipped model of that kind."""

    sections: str | None = None
    headlines: str | None = None
    offtopic: str | None = None
    folder: str | None = None

    def load(self, kind: Kind) -> dict[str, Any]:
        """The model of ``kind``, loaded once per process.

        Raises:
            ModelFormatError: the file is not a chaff model, or the folder holds no model of ``kind``.
        """
        path = getattr(self, kind)
        if path is not None:
            return _load(kind, path)
        return artifact.load_default(kind, self.folder)


_LOADED: dict[tuple[str, str], dict[str, Any]] = {}  # models given as files, loaded once


def _load(kind: Kind, path: str) -> dict[str, Any]:
    key = (kind, path)
    if key not in _LOADED:
        _LOADED[key] = artifact.load(path, kind=kind)
    return _LOADED[key]


def resolve_models(files: Sequence[str], model_dir: str | None) -> Models:
    """Which model serves each kind: ``--model`` files (kind read from the file), then ``--model-dir``'s
    (checked when a command loads them), then the shipped models.

    Raises:
        ModelFormatError: a file is not a chaff model.
        InputError: two files of the same kind.
    """
    chosen: dict[str, str] = {}
    for path in files:
        model = artifact.load(path)
        kind = model["kind"]
        if kind in chosen:
            raise InputError(f"{path}: a second {kind} model (after {chosen[kind]}); give one --model per kind")
        chosen[kind] = path
        _LOADED[(kind, path)] = model
    return Models(chosen.get("sections"), chosen.get("headlines"), chosen.get("offtopic"), model_dir)


@dataclass(frozen=True, slots=True)
class Job:
    """What to make of every page: the command, its output format, models and thresholds."""

    command: Command
    fmt: str
    models: Models
    config: Config
    with_score: bool = False

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The model kinds this job uses."""
        if self.command == "score":
            return ("sections", "headlines", "offtopic")
        if self.with_score:
            return ("sections", "headlines")
        return ("sections",)

    def render(self, name: str, data: bytes) -> str:
        """The output for one page (without a trailing newline).

        Args:
            name: the input's name (``path`` in JSON, the header of the text report).
            data: the page's bytes.
        """
        from .. import render, report_html
        from ..analyze import analyze, content_of, decide
        from ..parsing import parse

        page = parse(data, config=self.config)
        if page.empty_reason == "binary":
            raise InputError("binary data, not a page (HTML or text)")
        sections = self.models.load("sections")
        if self.command == "extract" and self.fmt in ("txt", "markdown"):
            decision = decide(page, sections, self.config)
            return content_of(page, decision) if self.fmt == "txt" else render.markdown(page, decision.keep)
        headlines = self.models.load("headlines") if "headlines" in self.kinds else None
        offtopic = self.models.load("offtopic") if "offtopic" in self.kinds else None
        report = analyze(
            page, sections_model=sections, headlines_model=headlines, offtopic_model=offtopic, config=self.config
        )
        if self.command == "extract":
            return json.dumps({"path": name, **render.article_record(report, with_score=self.with_score)}, ensure_ascii=False)
        if self.fmt == "json":
            return json.dumps({"path": name, **report.to_dict()}, ensure_ascii=False)
        if self.fmt == "html":
            return report_html.article(name, report)
        return render.text_report(name, report)


def _named(name: str, exc: Exception) -> str:
    message = str(exc)
    return message if message.startswith(name) else f"{name}: {message}"


def render_page(item: str | bytes, *, job: Job) -> PageReport:
    """The work on one input, run where ``filter_records`` runs it (this process or a worker).

    Args:
        item: ``[name, file]`` as JSON text.
        job: what to make of the page.

    Returns:
        A report whose ``content`` is the envelope ``{"output": ...}`` or ``{"error": ...}``.
    """
    from ..io import read_page

    name, file = json.loads(item)
    try:
        envelope = {"output": job.render(name, read_page(file))}
    except ChaffError as exc:
        envelope = {"error": _named(name, exc)}
    return PageReport("", None, None, (), (), json.dumps(envelope, ensure_ascii=False))


def run(inputs: Sequence[Input], job: Job, jobs: int) -> Iterator[tuple[Input, str | None, str | None]]:
    """Each input with its output or its error, in input order.

    Args:
        inputs: the pages.
        job: what to make of each.
        jobs: worker processes (1: this process).

    Yields:
        ``(input, output, None)`` or ``(input, None, error message naming the input)``.
    """
    from ..records import filter_records

    records = ({"page": json.dumps([i.name, i.file])} for i in inputs)
    results = filter_records(records, html_field="page", analyzer=partial(render_page, job=job), jobs=jobs)
    for source, record in zip(inputs, results):
        if "error" in record:
            yield source, None, f"{source.name}: {record['error']}"
            continue
        envelope = json.loads(record["content"])
        yield source, envelope.get("output"), envelope.get("error")


def gather_inputs(paths: Sequence[str], input_dir: str | None) -> list[Input]:
    """The inputs named on the command line, then every non-hidden file under ``input_dir``.

    Raises:
        click.UsageError: no input at all.
    """
    inputs = [Input(p, p, STDIN_NAME if p == "-" else Path(p).name) for p in paths]
    if input_dir is not None:
        root = Path(input_dir)
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                inputs.append(Input(str(path), str(path), str(relative)))
    if not inputs and input_dir is None:
        raise click.UsageError("give one or more PATHs (- reads stdin) or --input-dir DIR")
    return inputs


@contextmanager
def stdin_as_file(inputs: list[Input]) -> Iterator[list[Input]]:
    """Read stdin once into a temporary file so that any process can read it; removed at the end."""
    if not any(i.file == "-" for i in inputs):
        yield inputs
        return
    handle, name = tempfile.mkstemp(prefix="chaff-stdin-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(sys.stdin.buffer.read())
        yield [Input(i.name, name, i.relative) if i.file == "-" else i for i in inputs]
    finally:
        os.unlink(name)


def output_paths(inputs: Sequence[Input], output_dir: str, fmt: str) -> list[Path]:
    """Where each input's output goes under ``output_dir``.

    Raises:
        InputError: two inputs would be written to the same file.
    """
    targets = [Path(output_dir) / Path(i.relative).with_suffix(SUFFIXES[fmt]) for i in inputs]
    seen: dict[Path, str] = {}
    for source, target in zip(inputs, targets):
        if target in seen:
            raise InputError(f"{seen[target]} and {source.name} would both be written to {target}")
        seen[target] = source.name
    return targets


class Writer:
    """Writes outputs to one stream (framed by format) or to one file per input."""

    def __init__(self, fmt: str, *, stream: IO[str] | None, targets: Sequence[Path] | None, several: bool) -> None:
        self.fmt = fmt
        self.stream = stream
        self.targets = dict(enumerate(targets)) if targets is not None else None
        self.several = several
        self.written = 0
        self.failed = 0

    def __enter__(self) -> Writer:
        if self.stream is not None and self.fmt == "html":
            from ..report_html import document_start

            self.stream.write(document_start())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.stream is not None:
            if self.fmt == "html":
                from ..report_html import DOCUMENT_END

                self.stream.write(DOCUMENT_END)
            self.stream.flush()

    def error(self, source: Input, message: str) -> None:
        """Report a failed input: one line on stderr, and a JSON line with ``error`` in a JSON stream."""
        self.failed += 1
        fail(message)
        if self.stream is not None and self.fmt == "json":
            self.stream.write(json.dumps({"path": source.name, "error": message}, ensure_ascii=False) + "\n")

    def write(self, position: int, source: Input, output: str) -> None:
        """Write one input's output."""
        if self.targets is not None:
            target = self.targets[position]
            if self.fmt == "html":
                from ..report_html import document

                output = document([output], title=f"chaff: {source.name}")
            else:
                output += "\n"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(output, encoding="utf-8")
            except OSError as exc:
                self.error(source, f"{source.name}: cannot write {target}: {exc.strerror or exc}")
                return
        elif self.stream is not None:
            if self.several and self.fmt in ("txt", "markdown"):
                self.stream.write(("\n" if self.written else "") + f"== {source.name}\n")
            self.stream.write(output if self.fmt == "html" else output + "\n")
        self.written += 1


def process(
    inputs: list[Input], job: Job, *, jobs: int, stream: IO[str] | None, output_dir: str | None
) -> None:
    """Run ``job`` on every input and write the outputs; exit 1 at the end when any input failed.

    Args:
        inputs: the pages (``-`` reads stdin).
        job: what to make of each page.
        jobs: worker processes.
        stream: where to write (unless ``output_dir``).
        output_dir: write one file per input here instead.
    """
    targets = output_paths(inputs, output_dir, job.fmt) if output_dir is not None else None
    for kind in job.kinds:  # a model that cannot be loaded stops the run before any page
        job.models.load(kind)
    with stdin_as_file(inputs) as readable, Writer(
        job.fmt, stream=None if targets is not None else stream, targets=targets, several=len(inputs) > 1
    ) as writer:
        for position, (source, output, error) in enumerate(run(readable, job, jobs)):
            if error is not None or output is None:
                writer.error(inputs[position], error or f"{source.name}: no output")
            else:
                writer.write(position, inputs[position], output)
    if writer.failed:
        sys.exit(1)
