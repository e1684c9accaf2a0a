"""The Dask engine: DataFrame partitions and partitioned files on a small LocalCluster."""

from __future__ import annotations

import gzip
import json
import sys

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

from classifier.distributed import filter_dask, filter_files  # noqa: E402
from classifier.errors import ChaffError  # noqa: E402

PAGE = "<html><head><title>News {0}</title></head><body><p>The council met on day {0} to discuss the bridge budget and repairs.</p></body></html>"


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def test_filter_dask_matches_pandas(client):
    df = pd.DataFrame({"id": range(6), "html": [PAGE.format(i) for i in range(6)]})
    out = filter_dask(dd.from_pandas(df, npartitions=3)).compute()
    assert out["id"].tolist() == list(range(6))
    assert out["content"].str.contains("bridge").all() and out["error"].isna().all()


def test_filter_files_jsonl(client, tmp_path):
    for part in range(2):
        with gzip.open(tmp_path / f"in-{part}.jsonl.gz", "wt") as handle:
            handle.write(json.dumps({"id": part, "html": PAGE.format(part)}) + "\n")
            handle.write("{broken\n" if part else "\n")
    filter_files(str(tmp_path / "in-*.jsonl.gz"), str(tmp_path / "out"), client=client)
    parts = [[json.loads(line) for line in (tmp_path / "out" / f"part-{i}.jsonl").read_text().splitlines()] for i in range(2)]
    assert [r["id"] for r in parts[0]] == [0] and "bridge" in parts[0][0]["content"]
    assert parts[1][1]["error"].endswith("in-1.jsonl.gz:2: not JSON (Expecting property name enclosed in double quotes)")


def test_filter_files_parquet(client, tmp_path):
    (tmp_path / "in").mkdir()
    for part in range(2):
        pd.DataFrame({"id": [part], "html": [PAGE.format(part)]}).to_parquet(tmp_path / "in" / f"{part}.parquet")
    filter_files(str(tmp_path / "in" / "*.parquet"), str(tmp_path / "out"), client=client)
    out = pd.read_parquet(tmp_path / "out").sort_values("id")
    assert out["id"].tolist() == [0, 1] and out["content"].str.contains("bridge").all()


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ChaffError, match=r"pip install 'chaff\[dask\]'"):
        filter_files("in/*.jsonl", "out")


def test_filter_files_reads_records_with_cr_bom_and_poison(client, tmp_path):
    lines = ['{"id": 0, "html": "<p>one\rtwo</p>"}', '{"id": 1, "html": "<p>caf\\ud800</p>"}', '{"id": 2, "html": NaN}']
    (tmp_path / "in-0.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    filter_files(str(tmp_path / "in-*.jsonl"), str(tmp_path / "out"), client=client)
    text = (tmp_path / "out" / "part-0.jsonl").read_text(encoding="utf-8")
    out = [json.loads(line, parse_constant=lambda c: pytest.fail(c)) for line in text.splitlines()]
    assert [r["id"] for r in out] == [0, 1, 2]
    assert "error" not in out[0] and out[1]["repairs"] == {"lone_surrogates": 1}
    assert out[2]["html"] is None and "error" in out[2]
