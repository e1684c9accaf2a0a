"""pandas: add chaff's fields to a DataFrame column of pages, through ``filter_records``."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from .records import ADDED_FIELDS, Analyzer, filter_records

COLUMNS = (*ADDED_FIELDS, "error", "rejected")


def annotate(
    df: pd.DataFrame,
    column: str = "html",
    *,
    kind: Literal["html", "text"] = "html",
    jobs: int = 1,
    timeout: float | None = None,
    max_clickbait: float | None = None,
    model_dir: str | None = None,
    analyzer: Analyzer | None = None,
) -> pd.DataFrame:
    """A copy of ``df`` with the columns ``content``, ``clickbait_score``, ``inserted_links``,
    ``noise_sections``, ``lang``, ``error`` and ``rejected`` (existing ones are replaced).

    Rows stream through one ``filter_records`` run (so ``jobs`` workers serve the whole frame);
    only the page column is handed over, and every row gets a value in every new column (``None``
    where it does not apply), so the schema is the same for every frame, empty ones included.

    Args:
        df: the frame.
        column: the column holding the pages.
        kind: ``"text"`` marks the column as plain text (see ``filter_records``'s ``text_field``).
        jobs, timeout, max_clickbait, model_dir, analyzer: as for ``filter_records``.
    """
    results = filter_records(
        ({column: _missing_as_none(value)} for value in df[column]),
        html_field=column,
        text_field=column if kind == "text" else None,
        jobs=jobs,
        timeout=timeout,
        max_clickbait=max_clickbait,
        model_dir=model_dir,
        analyzer=analyzer,
    )
    values: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for record in results:
        for name in COLUMNS:
            values[name].append(record.get(name))
    return df.assign(**{name: _series(name, column_values, df.index) for name, column_values in values.items()})


def _missing_as_none(value: Any) -> Any:
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


def _series(name: str, values: list[Any], index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype="float64" if name == "clickbait_score" else object)
