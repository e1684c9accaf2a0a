"""The ``chaff`` command line: the group, error handling and exit codes.

Every command lives in its own module, imported only when that command runs (``chaff --help``
imports click and nothing heavy).

Exit codes:
    0: every input was processed.
    1: an input or usage error, reported as one line ``chaff: error: ...`` on stderr (a missing
       or unreadable page, a file that is not a chaff model, bad training data ...). Commands that
       take several inputs process the others and exit 1 at the end when any failed.
    2: a command-line usage error reported by click (unknown option or command, a missing
       argument, an option value out of range, a ``--model``/``--model-dir`` that does not exist).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any, NoReturn

import click

from .. import __version__

# command name -> (module, attribute, one-line summary shown by ``chaff --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "score": ("classifier.cli.score", "score", "Report on each page (HTML or plain text; - reads stdin)."),
    "extract": ("classifier.cli.extract", "extract", "Write the clean article text of each page."),
    "filter": (
        "classifier.cli_filter",
        "filter_command",
        "Add clean content, clickbait score and noise to every record of a JSON Lines file.",
    ),
    "train": ("classifier.cli.train", "train", "Fit a model on your labeled data."),
    "evaluate": ("classifier.cli.evaluate", "evaluate", "Score a model on labeled data."),
}


def fail(message: str) -> None:
    """Print one error line on stderr (the caller decides the exit code)."""
    click.echo(f"chaff: error: {message}", err=True)


_fail = fail  # the name ``classifier.cli_filter`` imports


def exit_with(message: str) -> NoReturn:
    """Print one error line and exit with code 1."""
    fail(message)
    sys.exit(1)


def run_or_exit(action: Callable[[], None]) -> None:
    """Run ``action``; a ``ChaffError`` becomes one error line and exit code 1."""
    from ..errors import ChaffError

    try:
        action()
    except ChaffError as exc:
        exit_with(str(exc))


class LazyGroup(click.Group):
    """A click group whose commands are imported from their module only when they run.

    ``chaff --help`` lists them from their one-line summaries in ``COMMANDS``, without importing.
    """

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute, _ = self.lazy[cmd_name]
            command = getattr(import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        limit = formatter.width - 6 - max((len(name) for name in self.list_commands(ctx)), default=0)
        for name in self.list_commands(ctx):
            if name in self.commands:
                summary = self.commands[name].get_short_help_str(limit)
            else:
                summary = click.Command(name, help=self.lazy[name][2]).get_short_help_str(limit)
            rows.append((name, summary))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chaff")
def main() -> None:
    """chaff: clean article text, clickbait scores and off-topic inserted links for news pages.

    Exit codes: 0 ok; 1 an input or usage error (one line on stderr; with several inputs the
    others are still processed); 2 a command-line usage error.
    """
