"""All reading and writing: JSON Lines (plain or gzip, ``-`` for stdin/stdout), pages from paths."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from .errors import InputError


@contextmanager
def open_text(path: str | Path, mode: str = "r") -> Iterator[IO[str]]:
    """Open ``path`` as UTF-8 text, gzip by suffix; ``-`` is stdin/stdout."""
    if str(path) == "-":
        stream = sys.stdin if "r" in mode else sys.stdout
        yield io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="replace") if "r" in mode else stream
        return
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        handle = opener(path, mode + "t", encoding="utf-8", errors="replace" if "r" in mode else "strict")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    with handle:
        yield cast(IO[str], handle)


@contextmanager
def open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """Open ``path`` for reading bytes, gzip by suffix; ``-`` is stdin.

    Raises:
        InputError: the file cannot be opened.
    """
    if str(path) == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = cast(IO[bytes], gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb"))
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    with handle:
        yield handle


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name the same file (through symlinks and hard links too); ``-`` never does."""
    if str(first) == "-" or str(second) == "-":
        return False
    a, b = Path(first), Path(second)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file; a line that is not a JSON object raises ``InputError`` naming it."""
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: not a JSON object")
            yield record


def read_page(path: str | Path) -> bytes:
    """The raw bytes of a page file (``-`` reads stdin)."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def read_headlines(path: str | Path) -> pd.DataFrame:
    """A labeled headline CSV (``text,label[,lang]``) as a table; ``-`` reads stdin."""
    try:
        with open_text(path) as handle:
            return pd.read_csv(handle, dtype={"text": str}, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
