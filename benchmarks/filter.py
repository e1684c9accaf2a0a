"""Filter benchmark: pages/s of ``chaff filter`` with 1 and 2 jobs and on a 2-worker Dask cluster,
and peak memory (RSS of the whole process tree) for a small vs a 10x larger input.

Input: a pool of the shared extraction pages (``../shared/datasets/extraction/*/pages.jsonl.gz``),
taken round-robin across data sets and repeated to each size asked (so small and large inputs hold
the same page mix), written to a temporary folder (never into the repository). Output goes to ``/dev/null`` (CLI) or the temporary folder (Dask). Each run is
a fresh subprocess, so model loading and worker start-up are included in the time.

Targets: jobs 2 >= 1.7x jobs 1; Dask within 20% of jobs 2; peak memory within 10% between sizes.

    .venv/bin/python benchmarks/filter.py                         # the full protocol (slow)
    .venv/bin/python benchmarks/filter.py --records 200 --memory-sizes 1000,10000 --memory-scorer stub
    .venv/bin/python benchmarks/filter.py --records 200 --results filter-memory-real   # real scorer's memory
    .venv/bin/python benchmarks/filter.py --jobs-sizes 50,200,5000 --results filter-jobs   # jobs 1 vs 2 only

``--memory-scorer stub`` replaces the page analysis by a trivial one in the memory runs, so that
10,000 records take seconds: it measures what the memory target is about (streaming, bounded
in-flight work), not the models, whose size does not depend on the input length.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import results_io

from classifier.report import PageReport

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
OUT_DIR = REPO_ROOT / "benchmarks" / "results"
DASK_PARTS = 8

# Child programs; argv[1:] are passed on. STUB swaps the page analysis for ``stub_score`` (imported
# from this file by name, so that filter workers, started by a forkserver, can import it too).
STUB = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import classifier.records, filter as bench
classifier.records.score = bench.stub_score
"""


def stub_score(page: str | bytes, **_) -> PageReport:
    """A trivial page analysis for the memory runs: the first 200 characters as content."""
    return PageReport("", None, None, (), (), page[:200])


CLI = """
import sys
from classifier.cli_filter import filter_command
filter_command.main(sys.argv[1:])
"""
DASK = """
import json, sys, time
from distributed import Client, LocalCluster
from classifier.distributed import filter_files
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        started = time.monotonic()
        filter_files(sys.argv[1], sys.argv[2], client=client)
        print(json.dumps({"seconds": time.monotonic() - started}))
"""


def page_pool(size: int) -> list[dict]:
    """The first ``size`` shared pages, taken round-robin across data sets."""
    paths = sorted(DATA_DIR.glob("*/pages.jsonl.gz"))
    if not paths:
        sys.exit(f"no pages under {DATA_DIR}")
    handles = [gzip.open(path, "rt", encoding="utf-8") for path in paths]
    pool: list[dict] = []
    while handles and len(pool) < size:
        for handle in list(handles):
            line = handle.readline()
            if not line:
                handles.remove(handle)
            elif len(pool) < size:
                pool.append(json.loads(line))
    return pool


def write_input(folder: Path, pool: list[dict], count: int, parts: int = 0) -> Path:
    """``pool`` repeated to ``count`` records (id, lang, html) in ``folder/input-<count>.jsonl``,
    also split in ``parts`` files for Dask."""
    path = folder / f"input-{count}.jsonl"
    splits = [open(folder / f"part-{count}-{i}.jsonl", "w", encoding="utf-8") for i in range(parts)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = pool[number % len(pool)]
            text = json.dumps({"id": f"{record['id']}#{number}", "lang": record.get("lang"), "html": record["html"]}) + "\n"
            out.write(text)
            if splits:
                splits[number * parts // count].write(text)
    for split in splits:
        split.close()
    return path


def run_measured(argv: list[str]) -> tuple[float, float, float, str]:
    """Run ``argv``; its wall time, CPU time of its process tree, peak RSS of the tree (MB) and stdout.

    The tree is sampled every 50 ms: CPU time is the sum over every process seen of its last CPU
    reading (worker processes started by a forkserver are not reaped by the run, so the kernel's
    children totals miss them); peak RSS is the largest sum of the tree's resident sizes."""
    started = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, cpu = 0, {}
    tree = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            processes = [tree, *tree.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in processes))
            for process in processes:
                times = process.cpu_times()
                cpu[process.pid] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    stdout, stderr = child.communicate()
    if child.returncode:
        sys.exit(f"{argv[:3]}... failed:\n{stderr[-2000:]}")
    return time.monotonic() - started, sum(cpu.values()), peak / 2**20, stdout


def cli_run(path: Path, jobs: int, stub: bool = False) -> dict:
    program = (STUB if stub else "") + CLI
    argv = [sys.executable, "-c", program, "--input", str(path), "--output", os.devnull, "--jobs", str(jobs)]
    seconds, cpu, peak, _ = run_measured(argv)
    return {"engine": f"cli jobs={jobs}", "scorer": "stub" if stub else "real", "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak, 1)}


def dask_run(folder: Path, count: int) -> dict:
    out = folder / f"dask-out-{count}"
    seconds, cpu, peak, stdout = run_measured([sys.executable, "-c", DASK, str(folder / f"part-{count}-*.jsonl"), str(out)])
    inner = json.loads(stdout.strip().splitlines()[-1])["seconds"]
    return {"engine": "dask 2 workers", "scorer": "real", "seconds": round(seconds, 2), "seconds_without_cluster_startup": round(inner, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak, 1)}


def with_rate(result: dict, count: int) -> dict:
    seconds = result.get("seconds_without_cluster_startup", result["seconds"])
    cores = result["cpu_seconds"] / result["seconds"]
    return {"records": count, **result, "pages_per_s": round(count / seconds, 2), "cores_used": round(cores, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000, help="records for the throughput runs")
    parser.add_argument("--memory-sizes", default="1000,10000", help="two input sizes for the memory runs")
    parser.add_argument("--memory-scorer", choices=["real", "stub"], default="real")
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--pool", type=int, default=500, help="distinct pages, repeated to every input size")
    parser.add_argument("--results", default="filter", help="name of the results files under benchmarks/results/")
    parser.add_argument("--jobs-sizes", help="only compare jobs 1 and 2 (start-up included) at these input sizes, e.g. 50,200,5000")
    args = parser.parse_args()
    if args.jobs_sizes:
        jobs_scaling(args)
        return
    small, large = (int(n) for n in args.memory_sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="chaff-filter-bench-") as tmp:
        folder = Path(tmp)
        pool = page_pool(args.pool)
        source = write_input(folder, pool, args.records, DASK_PARTS)
        throughput = [with_rate(cli_run(source, 1), args.records), with_rate(cli_run(source, 2), args.records), with_rate(dask_run(folder, args.records), args.records)]
        stub = args.memory_scorer == "stub"
        memory = [with_rate(cli_run(write_input(folder, pool, n), args.memory_jobs, stub), n) for n in (small, large)]
    report(args, throughput, memory)


def jobs_scaling(args: argparse.Namespace) -> None:
    """``chaff filter`` with 1 and 2 jobs at each size (fresh processes, start-up included)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="chaff-filter-bench-") as tmp:
        folder = Path(tmp)
        pool = page_pool(args.pool)
        for count in (int(n) for n in args.jobs_sizes.split(",")):
            source = write_input(folder, pool, count)
            one, two = (with_rate(cli_run(source, jobs), count) for jobs in (1, 2))
            rows.append({"records": count, "jobs1": one, "jobs2": two, "speedup": round(one["seconds"] / two["seconds"], 2)})
    result = {
        **results_io.header(vars(args)),
        "rows": rows,
        "target": "jobs 2 faster than jobs 1 (speedup > 1) from 50 records on",
    }
    lines = [
        *results_io.title_lines("chaff filter: jobs 1 vs jobs 2, start-up included", result),
        "| records | jobs 1 s | jobs 2 s | speedup (jobs 1 s / jobs 2 s) | jobs 1 pages/s | jobs 2 pages/s | peak RSS jobs 1 / 2 (MB) |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {r['records']} | {r['jobs1']['seconds']} | {r['jobs2']['seconds']} | {r['speedup']} | {r['jobs1']['pages_per_s']} | "
            f"{r['jobs2']['pages_per_s']} | {r['jobs1']['peak_rss_mb']} / {r['jobs2']['peak_rss_mb']} |"
            for r in rows
        ),
        "",
    ]
    results_io.write(args.results, result, lines)


def report(args: argparse.Namespace, throughput: list[dict], memory: list[dict]) -> None:
    """Write ``benchmarks/results/<results>.json`` and ``.md`` and print the summary."""
    one, two, dask = (r["pages_per_s"] for r in throughput)
    checks = {
        "jobs2_speedup": round(two / one, 2),
        "jobs2_cpu_overhead": round(throughput[1]["cpu_seconds"] / throughput[0]["cpu_seconds"] - 1, 3),
        "dask_vs_jobs2": round(dask / two, 2),
        "memory_growth": round(memory[1]["peak_rss_mb"] / memory[0]["peak_rss_mb"] - 1, 3),
    }
    targets = {"jobs2_speedup": ">= 1.7", "jobs2_cpu_overhead": "(info: extra CPU of the pool)", "dask_vs_jobs2": ">= 0.8", "memory_growth": "<= 0.10"}
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_avg_at_end": os.getloadavg(), "python": platform.python_version()},
        "arguments": vars(args),
        "throughput": throughput,
        "memory": memory,
        "checks": checks,
        "targets": targets,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"{args.results}.json").write_text(json.dumps(result, indent=1) + "\n")
    rows = [
        f"| {r['engine']} | {r['scorer']} | {r['records']} | {r['pages_per_s']} | {r['cpu_seconds']} | {r['cores_used']} | {r['peak_rss_mb']} |"
        for r in throughput + memory
    ]
    lines = [
        "# chaff filter benchmark",
        "",
        f"{result['date']}, {os.cpu_count()} CPUs (shared; load average at the end {os.getloadavg()[0]:.1f}), arguments `{' '.join(sys.argv[1:])}`.",
        "",
        "| engine | scorer | records | pages/s | CPU s (tree) | cores used (CPU s / wall s) | peak RSS of the tree (MB) |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        *(f"- {name}: {value} (target {targets[name]})" for name, value in checks.items()),
        "",
    ]
    (OUT_DIR / f"{args.results}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
