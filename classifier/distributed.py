"""Run ``chaff filter`` on Dask: a DataFrame column, or partitioned files on a cluster.

Needs the optional extra: ``pip install chaff[dask]``. On a real cluster::

    from distributed import Client
    from classifier.distributed import filter_files

    client = Client("tcp://scheduler:8786")  # every worker needs chaff installed
    filter_files("/data/pages/*.jsonl.gz", "/data/filtered", client=client, max_clickbait=0.8)

Input and output paths must be reachable by every worker (a shared file system, or any fsspec URL
such as ``s3://bucket/pages/*.jsonl.gz`` with its library installed). Models reach the workers once
each: ``filter_files`` registers ``ModelPlugin``, which loads them when a worker starts (workers that
join later too); without a client, the per-process cached loader does the same on first use.
Tasks run one page at a time per worker thread (``jobs=1``): Dask provides the parallelism.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, Literal

from .errors import ChaffError
from .frame import annotate
from .records import filter_records, load_models, read_lines, to_json_line

try:
    from distributed import WorkerPlugin
except ImportError:  # the extra is missing: functions below say so when called
    WorkerPlugin = object  # type: ignore[misc,assignment]


def _dask() -> Any:
    """The ``dask`` module, or a ``ChaffError`` that says how to install it."""
    try:
        import dask
        import dask.bag
        import dask.dataframe
    except ImportError:
        raise ChaffError("the Dask engine needs the dask extra: pip install 'chaff[dask]'") from None
    return dask


class ModelPlugin(WorkerPlugin):
    """Loads chaff's models on each Dask worker when it starts."""

    name = "chaff-models"  # registering again replaces it

    def __init__(self, model_dir: str | None = None) -> None:
        self.model_dir = model_dir

    def setup(self, worker: Any) -> None:
        load_models(self.model_dir)


def filter_dask(
    ddf: Any,
    column: str = "html",
    *,
    kind: Literal["html", "text"] = "html",
    max_clickbait: float | None = None,
    model_dir: str | None = None,
) -> Any:
    """``annotate`` every partition of a Dask DataFrame (lazy; compute or write the result)."""
    _dask()
    meta = annotate(ddf._meta, column, kind=kind, max_clickbait=max_clickbait, model_dir=model_dir)
    return ddf.map_partitions(annotate, column, kind=kind, max_clickbait=max_clickbait, model_dir=model_dir, meta=meta)


def _for_parquet(frame: Any) -> Any:
    """An annotated partition with each item's reasons as ``{"feature", "contribution"}`` records (Parquet
    columns hold one type: the ``[name, value]`` pairs of JSON become structs)."""

    def links(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [
            {**link, "reasons": [{"feature": name, "contribution": weight} for name, weight in link.get("reasons", [])]}
            for link in value
        ]

    return frame.assign(inserted_links=frame["inserted_links"].map(links))


def _parquet_schema(frame: Any) -> Any:
    """The Arrow schema of an annotated frame (Dask cannot infer object columns from its meta)."""
    import pyarrow as pa

    reason = pa.list_(pa.struct([("feature", pa.string()), ("contribution", pa.float64())]))
    link = pa.struct([
        ("section_index", pa.int64()), ("text", pa.string()), ("headline", pa.string()), ("similarity", pa.float64()),
        ("off_topic", pa.bool_()), ("p_off_topic", pa.float64()), ("p_item", pa.float64()), ("reasons", reason),
    ])  # fmt: skip
    strings = ("content", "title", "lang", "author", "date", "site_name", "empty_reason", "error", "rejected")
    added = {name: pa.string() for name in strings}
    added |= {
        "clickbait_score": pa.float64(), "inserted_links": pa.list_(link), "noise_sections": pa.list_(pa.int64()),
        "noise_kinds": pa.map_(pa.string(), pa.int64()),
    }  # fmt: skip
    given = pa.Schema.from_pandas(frame._meta.drop(columns=list(added)), preserve_index=False)
    return pa.schema([pa.field(name, added[name]) if name in added else given.field(name) for name in frame.columns])


def _filter_lines(pairs: Iterable[tuple[str, str]], **options: Any) -> Iterator[str]:
    """One partition (one file) of ``(line, path)`` pairs → output JSON lines, line numbers kept."""
    iterator = iter(pairs)
    first = next(iterator, None)
    if first is None:
        return
    texts = (text for text, _ in chain([first], iterator))
    for record in filter_records(read_lines(texts, first[1]), **options):
        yield to_json_line(record)


def filter_files(
    input_glob: str,
    output_dir: str,
    client: Any = None,
    *,
    html_field: str = "html",
    text_field: str | None = None,
    max_clickbait: float | None = None,
    model_dir: str | None = None,
) -> None:
    """Filter partitioned files: JSON Lines (``.jsonl``, ``.gz`` ok) or Parquet (``*.parquet``).

    JSON Lines go line by line through ``filter_records`` (one partition per input file, so a
    malformed line becomes an ``error`` record naming file and line) into
    ``output_dir/part-<i>.jsonl``, ``i`` following the sorted input files. Parquet goes through
    ``filter_dask`` into a Parquet dataset in ``output_dir``. Uses ``client`` if given (and loads
    the models on its workers), else Dask's default scheduler.
    """
    dask = _dask()
    if client is not None:
        client.register_plugin(ModelPlugin(model_dir))
    if input_glob.endswith(".parquet"):
        frame = filter_dask(
            dask.dataframe.read_parquet(input_glob),
            text_field or html_field,
            kind="text" if text_field else "html",
            max_clickbait=max_clickbait,
            model_dir=model_dir,
        )
        frame = frame.map_partitions(_for_parquet, meta=frame._meta)
        pending = [frame.to_parquet(output_dir, compute=False, write_index=False, schema=_parquet_schema(frame))]
    else:
        lines = dask.bag.read_text(
            input_glob, include_path=True, files_per_partition=1, errors="replace", linedelimiter="\n", encoding="utf-8"
        )
        options = {"html_field": html_field, "text_field": text_field, "max_clickbait": max_clickbait, "model_dir": model_dir}
        out = lines.map_partitions(_filter_lines, **options)
        pending = out.to_textfiles(f"{output_dir}/part-*.jsonl", compute=False)
    if client is not None:
        client.compute(pending, sync=True)
    else:
        dask.compute(*pending)
