"""Reading the labeled data of ``train`` and ``evaluate``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..fit import sections
from ..io import read_headlines, read_jsonl

if TYPE_CHECKING:
    import pandas as pd


def labeled_pages(paths: Iterable[str]) -> list[sections.LabeledPage]:
    """The labeled pages of sections JSONL or pages JSONL files."""
    records = [r for path in paths for r in read_jsonl(path)]
    return list(sections.labeled_pages(records))


def headline_table(paths: Iterable[str]) -> pd.DataFrame:
    """The labeled headline CSVs, checked and concatenated."""
    import pandas as pd

    from ..fit.headlines import validate_labeled

    tables = [validate_labeled(read_headlines(p), name=p) for p in paths]
    return pd.concat(tables, ignore_index=True)
