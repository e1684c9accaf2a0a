"""chaff: separate the wheat from the chaff on news pages.

The public names are imported on first use (a module ``__getattr__``), so ``import classifier``
and ``chaff --help`` stay cheap: scikit-learn, pandas and LightGBM load only when a page is scored.

>>> import classifier
>>> report = classifier.score("<html><body><h1>Title</h1><p>Some text.</p></body></html>")
>>> sorted(report.to_dict())
['author', 'content', 'date', 'empty_reason', 'headline', 'inserted_links', 'lang', 'limits', 'replaced', 'sections', 'site_name', 'title']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute in it)
_EXPORTS: dict[str, tuple[str, str]] = {
    "Config": ("config", "Config"),
    "Page": ("types", "Page"),
    "PageReport": ("report", "PageReport"),
    "Section": ("types", "Section"),
    "extract": ("api", "extract"),
    "filter_records": ("records", "filter_records"),
    "load_model": ("artifact", "load"),
    "parse": ("parsing", "parse"),
    "score": ("api", "score"),
    "score_headlines": ("api", "score_headlines"),
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time ``__getattr__`` imports on demand
    from .api import extract, score, score_headlines
    from .artifact import load as load_model
    from .config import Config
    from .parsing import parse
    from .records import filter_records
    from .report import PageReport
    from .types import Page, Section


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, then keep it in this module."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'classifier' has no attribute {name!r}") from None
    value = getattr(import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
