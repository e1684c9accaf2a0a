"""``chaff filter``: JSON Lines in, enriched JSON Lines out, streaming, with a summary on stderr.

Every input record leaves exactly one line: in ``--output`` (with chaff's fields, or an ``error``),
in ``--rejects`` (``--on-clickbait route``), or counted as dropped (``--on-clickbait drop``).

``--resume`` is position-based (records carry no guaranteed id): it cuts a partial last line off
the output (and rejects) file, counts the complete lines, skips that many input records and appends.
It needs every record to leave a line, so it refuses ``--on-clickbait drop``, and it needs plain
files (not ``-`` or ``.gz``). Lines are flushed record by record so the count is exact after a kill.
"""

from __future__ import annotations

import gzip
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

import click
from tqdm import tqdm

from .artifact import loaded_models
from .engine import StartMethod
from .errors import ChaffError, InputError
from .io import open_binary, open_text, same_file
from .records import filter_records, read_lines, to_json_line


@dataclass(slots=True)
class Summary:
    """What a run did, for the line printed on stderr at the end."""

    skipped: int = 0
    read: int = 0
    written: int = 0
    errors: int = 0
    flagged: int = 0
    dropped: int = 0
    routed: int = 0
    repaired: int = 0
    seconds: float = 0.0
    noise_kinds: Counter[str] = field(default_factory=Counter)  # sections dropped, per kind

    def line(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        parts = [f"{self.read} records in", f"{self.written} out", f"{self.errors} errors"]
        parts += [f"{n} {what} (clickbait)" for n, what in ((self.flagged, "flagged"), (self.dropped, "dropped"), (self.routed, "routed")) if n]
        if self.repaired:
            parts.append(f"{self.repaired} repaired (see their repairs field)")
        if self.skipped:
            parts.append(f"{self.skipped} skipped (resumed)")
        line = f"chaff filter: {', '.join(parts)}; {rate:.1f} pages/s"
        if self.noise_kinds:
            kinds = ", ".join(f"{kind} {n}" for kind, n in self.noise_kinds.most_common())
            line += f"\nchaff filter: sections dropped by kind: {kinds}"
        return line


def complete_lines(path: str) -> int:
    """The number of complete lines in ``path`` (0 if missing), cutting off a partial last line."""
    file = Path(path)
    if not file.exists():
        return 0
    count = end = offset = 0
    with file.open("rb+") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
            last = chunk.rfind(b"\n")
            if last >= 0:
                end = offset + last + 1
            offset += len(chunk)
        handle.truncate(end)
    return count


def _check(options: dict[str, Any]) -> None:
    """Reject option combinations that cannot work, with a message saying what to do."""
    route, rejects = options["on_clickbait"] == "route", options["rejects"]
    if route != (rejects is not None):
        raise InputError("--on-clickbait route and --rejects FILE go together")
    if options["text_field"] and options["html_field"] != "html":
        raise InputError("give --html-field or --text-field, not both")
    if options["resume"]:
        if options["on_clickbait"] == "drop":
            raise InputError("--resume counts output lines; use --on-clickbait flag or route, not drop")
        for path in (options["output"], rejects):
            if path is not None and (path == "-" or path.endswith(".gz")):
                raise InputError(f"{path}: --resume needs a plain output file (not - or .gz)")
    if options["model_dir"] is not None and not Path(options["model_dir"]).is_dir():
        raise InputError(f"{options['model_dir']}: --model-dir is not a folder")
    named = {"--input": options["input"], "--output": options["output"], "--rejects": rejects}
    pairs = [("--output", "--input"), ("--rejects", "--input"), ("--rejects", "--output")]
    for first, second in pairs:
        if named[first] is not None and same_file(named[first], named[second]):
            raise InputError(f"{named[first]}: {first} is the same file as {second}; write to another file")


def _start_method() -> StartMethod:
    """``"fork"`` while this process has loaded no model (so it has run no OpenMP work): the workers'
    zygote is then a fork of it and skips the imports; else a forkserver (e.g. under a test runner)."""
    return "forkserver" if loaded_models() else "fork"


def _write(handle: IO[str], record: dict[str, Any], flush: bool) -> None:
    handle.write(to_json_line(record) + "\n")
    if flush:
        handle.flush()


def _run(options: dict[str, Any], results: Iterator[dict[str, Any]], summary: Summary) -> None:
    """Write the records of ``results`` into the output (and rejects) file."""
    flush = not options["output"].endswith(".gz")
    mode = "a" if options["resume"] else "w"
    with open_text(options["output"], mode) as output, (
        open_text(options["rejects"], mode) if options["rejects"] is not None else nullcontext()
    ) as rejects:
        progress = tqdm(results, file=sys.stderr, unit=" pages", disable=not sys.stderr.isatty())
        for record in progress:
            summary.read += 1
            summary.errors += "error" in record
            summary.repaired += "repairs" in record
            kinds = record.get("noise_kinds")
            if isinstance(kinds, dict):
                summary.noise_kinds.update({str(k): int(v) for k, v in kinds.items() if isinstance(v, int)})
            if "rejected" in record and options["on_clickbait"] == "drop":
                summary.dropped += 1
                continue
            if "rejected" in record and rejects is not None:
                summary.routed += 1
                _write(rejects, record, flush)
                continue
            summary.flagged += "rejected" in record
            summary.written += 1
            _write(output, record, flush)


@click.command("filter")
@click.option("--input", "input", required=True, help="JSON Lines of records (.gz ok); - reads stdin.")
@click.option("--output", "output", required=True, help="Where to write JSON Lines (.gz ok); - is stdout.")
@click.option("--html-field", default="html", show_default=True, help="The field holding each page.")
@click.option("--text-field", help="The field holding a plain-text page (instead of --html-field).")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), help="Seconds per record before it is given up with an error.")
@click.option("--max-clickbait", type=click.FloatRange(0, 1), help="Clickbait score above which a record is rejected.")
@click.option("--on-clickbait", type=click.Choice(["flag", "drop", "route"]), default="flag", show_default=True,
              help='What to do with rejected records: mark them "rejected", drop them (counted), or write them to --rejects.')
@click.option("--rejects", help="Where rejected records go with --on-clickbait route.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: keep the complete output lines, skip those records, append.")
@click.option("--max-memory", "max_memory", type=click.FloatRange(0, min_open=True),
              help="Megabytes of resident memory a worker may use (models included); a record that needs more gets an error.")
@click.option("--model-dir", help="Folder with sections.chaff / headlines.chaff to use instead of the shipped models.")
@click.option("--allow-pickle", is_flag=True, help="Also load pickle/joblib model files (they can run code: only from a trusted source).")
def filter_command(**options: Any) -> None:
    """Add clean content, clickbait score and noise to every record of a JSON Lines file."""
    from .cli import _fail  # cli registers this command, so import it late

    summary = Summary()
    started = time.monotonic()
    try:
        _check(options)
        if options["resume"]:
            summary.skipped = complete_lines(options["output"]) + (complete_lines(options["rejects"]) if options["rejects"] else 0)
        with open_binary(options["input"]) as source:
            lines = islice(read_lines(source, options["input"]), summary.skipped, None)
            results = filter_records(  # loads the models (or starts the workers) before any output is opened
                lines,
                html_field=options["html_field"],
                text_field=options["text_field"],
                max_clickbait=options["max_clickbait"],
                jobs=options["jobs"],
                timeout=options["timeout"],
                max_memory_mb=options["max_memory"],
                model_dir=options["model_dir"],
                allow_pickle=options["allow_pickle"],
                start=_start_method(),
            )
            _run(options, results, summary)
    except ChaffError as exc:
        _fail(str(exc))
        sys.exit(1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # a truncated .gz input, after the records before it
        _report(summary, started)
        _fail(f"{options['input']}: {exc}")
        sys.exit(1)
    except OSError as exc:
        _report(summary, started)
        _fail(str(exc))
        sys.exit(1)
    _report(summary, started)


def _report(summary: Summary, started: float) -> None:
    summary.seconds = time.monotonic() - started
    click.echo(summary.line(), err=True)
