"""The ``chaff`` command line: score, extract, train, evaluate (and filter).

Library errors become one line on stderr and exit code 1; a bad file among several is
reported and the others are still processed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from . import __version__, artifact, sections
from .cli_filter import filter_command
from .config import Config
from .errors import ChaffError, InputError
from .io import read_headlines, read_jsonl, read_page
from .metrics import classification_scores
from .report import PageReport


def _fail(message: str) -> None:
    click.echo(f"chaff: error: {message}", err=True)


def _model_dir(value: str | None) -> str | None:
    if value is not None and not Path(value).is_dir():
        raise click.BadParameter(f"{value} is not a folder", param_hint="--model-dir")
    return value


def _each_path(paths: Iterable[str], handle: Callable[[str], None]) -> None:
    """Run ``handle`` on every path; report failures one line each and exit 1 if any failed."""
    failed = 0
    for path in paths:
        try:
            handle(path)
        except ChaffError as exc:
            failed += 1
            _fail(str(exc) if str(exc).startswith(path) else f"{path}: {exc}")
    if failed:
        sys.exit(1)


def render_text(path: str, report: PageReport) -> str:
    """A readable report: headline, sections marked content/noise, inserted links."""
    lines = [f"== {path}", f"title: {report.title}", f"lang:  {report.lang or 'unknown'}"]
    if report.headline is not None:
        h = report.headline
        reasons = ", ".join(f"{name} {value:+.2f}" for name, value in h.reasons)
        lines.append(f"headline: {h.score:.2f} {h.label}" + (f" ({reasons})" if reasons else ""))
    lines.append(f"sections: {len(report.sections)} ({len(report.noise_sections)} noise)")
    for s in report.sections:
        text = s.text if len(s.text) <= 100 else s.text[:97] + "..."
        lines.append(f"  [{s.index:>3}] {s.label:<7} {s.kind:<13} {s.score:.2f}  {text}")
    if report.inserted_links:
        lines.append("inserted links:")
        for link in report.inserted_links:
            topic = "OFF-TOPIC" if link.off_topic else "on-topic"
            lines.append(f"  [{link.section_index:>3}] {topic:<9} similarity {link.similarity:.2f}  {link.text}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chaff")
def main() -> None:
    """chaff: clean article text, clickbait scores and off-topic inserted links for news pages."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model-dir", help="Folder with sections.joblib / headlines.joblib to use instead of the shipped models.")
@click.option(
    "--off-topic-threshold",
    type=click.FloatRange(0, 1),
    default=Config().off_topic_threshold,
    show_default=True,
    help="Inserted links less similar to the article than this are flagged off-topic.",
)
def score(paths: tuple[str, ...], fmt: str, model_dir: str | None, off_topic_threshold: float) -> None:
    """Report on each page (HTML or plain text; - reads stdin)."""
    from .api import score as score_page

    model_dir = _model_dir(model_dir)
    config = Config(off_topic_threshold=off_topic_threshold)

    def handle(path: str) -> None:
        report = score_page(read_page(path), model_dir=model_dir, config=config)
        if fmt == "json":
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        else:
            click.echo(render_text(path, report))

    _each_path(paths, handle)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write (default stdout).")
@click.option("--model-dir", help="Folder with a sections.joblib to use instead of the shipped model.")
def extract(paths: tuple[str, ...], output, model_dir: str | None) -> None:
    """Write the clean article text of each page."""
    from .api import extract as extract_page

    model_dir = _model_dir(model_dir)

    def handle(path: str) -> None:
        output.write(extract_page(read_page(path), model_dir=model_dir) + "\n")

    _each_path(paths, handle)


@main.group()
def train() -> None:
    """Fit a model on your labeled data."""


@main.group()
def evaluate() -> None:
    """Score a model on labeled data."""


def _labeled_pages(paths: Iterable[str]) -> list[sections.LabeledPage]:
    records = [r for path in paths for r in read_jsonl(path)]
    return list(sections.labeled_pages(records))


def _run(action: Callable[[], None]) -> None:
    try:
        action()
    except ChaffError as exc:
        _fail(str(exc))
        sys.exit(1)


@train.command("sections")
@click.option("--data", "data", multiple=True, required=True, help="Sections JSONL or pages JSONL (html + gold_text); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
@click.option("--estimator", type=click.Choice(sections.ESTIMATORS), default="boosting", show_default=True)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
def train_sections(data: tuple[str, ...], out: str, estimator: str, folds: int) -> None:
    """Train a content/noise section model; prints cross-validated metrics."""

    def action() -> None:
        pages = _labeled_pages(data)
        described = [{"name": p, "sha256": artifact.file_digest(p) if p != "-" else ""} for p in data]
        model = sections.train(pages, estimator=estimator, folds=folds, training_data=described)
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, "threshold": model["threshold"], **model["metrics"]}, indent=1))

    _run(action)


@evaluate.command("sections")
@click.option("--data", "data", multiple=True, required=True, help="Sections JSONL or pages JSONL; repeatable.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A model file (default: the shipped one).")
def evaluate_sections(data: tuple[str, ...], model_path: str | None) -> None:
    """Section accuracy and page F1 of a section model."""

    def action() -> None:
        model = artifact.load(model_path, kind="sections") if model_path else artifact.load_default("sections")
        pages = _labeled_pages(data)
        if not pages:
            raise InputError(f"{', '.join(data)}: no labeled pages")
        click.echo(json.dumps(sections.evaluate(pages, model), indent=1))

    _run(action)


def _headline_table(paths: Iterable[str]):
    import pandas as pd

    from .fit.headlines import validate_labeled

    tables = [validate_labeled(read_headlines(p), name=p) for p in paths]
    return pd.concat(tables, ignore_index=True)


@train.command("headlines")
@click.option("--data", "data", multiple=True, required=True, help="Headline CSV (text,label[,lang][,domain]); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
def train_headlines(data: tuple[str, ...], out: str) -> None:
    """Train a clickbait headline model; prints cross-validated metrics."""

    def action() -> None:
        table = _headline_table(data)
        described = [{"name": p, "sha256": artifact.file_digest(p) if p != "-" else ""} for p in data]
        from .fit.headlines import train

        model = train(table, training_data=described)
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, **model["metrics"]}, indent=1))

    _run(action)


@evaluate.command("headlines")
@click.option("--data", "data", multiple=True, required=True, help="Headline CSV (text,label[,lang][,domain]); repeatable.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A model file (default: the shipped one).")
def evaluate_headlines(data: tuple[str, ...], model_path: str | None) -> None:
    """Accuracy, F1, ROC-AUC, Brier score and calibration error of a headline model."""

    def action() -> None:
        model = artifact.load(model_path, kind="headlines") if model_path else artifact.load_default("headlines")
        table = _headline_table(data)
        from .models.headlines import score_table

        proba = score_table(table, model)
        click.echo(json.dumps({"rows": len(table), **classification_scores(table["label"], proba)}, indent=1))

    _run(action)


main.add_command(filter_command)
