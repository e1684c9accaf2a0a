"""Word lists kept as data: one UTF-8 file per list and language, one entry per line.

A file lives at ``lexicons/<lang>/<name>.txt``. Blank lines and lines starting with ``#``
are ignored; entries are lower-cased. Adding a language means adding a folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["languages", "load", "load_all"]


@cache
def languages() -> tuple[str, ...]:
    """Language codes that have a lexicon folder, sorted."""
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


@cache
def load(lang: str, name: str) -> frozenset[str]:
    """Entries of list ``name`` for language ``lang``; empty when there is no such file."""
    path = resources.files(__name__).joinpath(lang, f"{name}.txt")
    if not path.is_file():
        return frozenset()
    lines = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def load_all(name: str) -> frozenset[str]:
    """Entries of list ``name`` over every language."""
    return frozenset().union(*(load(lang, name) for lang in languages()))
