"""Start-up benchmark: cold ``chaff --help`` and cold one-page ``extract``/``score`` against
trafilatura's command line in the same run, with wall time and peak RSS of each process.

"Cold" is a fresh interpreter process each time (imports and model loads included); the
operating system's file cache is warm (one untimed run of every command comes first). The
commands run interleaved, round after round, so a busy machine slows them alike; the figures
that carry over between machines are the ratios against trafilatura.

    .venv/bin/python benchmarks/startup.py                     # 7 rounds, data/examples/news-en.html
    .venv/bin/python benchmarks/startup.py --rounds 3 --page my.html --no-breakdown

``--breakdown`` (default on) also runs ``chaff score PAGE`` once under ``python -X importtime``
and sums the import time by top-level package, and times the model loads and the page itself in
one process: what the cold one-page time is made of.

Needs trafilatura (``pip install -e '.[bench]'``); without it the trafilatura rows are absent and
the reason is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "benchmarks" / "results"
DEFAULT_PAGE = REPO_ROOT / "data" / "examples" / "news-en.html"

PHASES = """
import sys, time, json
t0 = time.perf_counter()
from classifier.cli.pages import Job, Models
from classifier.config import Config
t1 = time.perf_counter()
import sklearn.pipeline, lightgbm
t2 = time.perf_counter()
from classifier import artifact
artifact.load_default("sections")
t3 = time.perf_counter()
artifact.load_default("headlines")
t4 = time.perf_counter()
Job("score", "text", Models(), Config()).render("page", open(sys.argv[1], "rb").read())
t5 = time.perf_counter()
print(json.dumps({"import chaff's page path": t1 - t0, "import sklearn.pipeline + lightgbm (rest)": t2 - t1,
                  "load the section model": t3 - t2, "load the headline model": t4 - t3, "score the page": t5 - t4}))
"""


def chaff_command() -> list[str]:
    """The ``chaff`` console script of this interpreter's environment (else ``python -m classifier``)."""
    script = Path(sys.executable).with_name("chaff")
    return [str(script)] if script.exists() else [sys.executable, "-m", "classifier"]


def trafilatura_command() -> list[str] | None:
    script = Path(sys.executable).with_name("trafilatura")
    if script.exists():
        return [str(script)]
    found = shutil.which("trafilatura")
    return [found] if found else None


def run_once(argv: list[str], stdin_path: Path | None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one fresh process."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    return wall, usage.ru_maxrss / 1024, process.returncode


def import_breakdown(page: Path) -> dict[str, float]:
    """Seconds of import time by top-level package for ``chaff score PAGE`` (``-X importtime``)."""
    argv = [sys.executable, "-X", "importtime", "-m", "classifier", "score", str(page)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    totals: dict[str, float] = defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        totals[name.split(".")[0]] += int(self_us) / 1e6
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def phases(page: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", PHASES, str(page)], capture_output=True, text=True, check=True)
    spent: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", type=Path, default=DEFAULT_PAGE, help="the one page (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=7, help="timed runs of every command (default: %(default)s)")
    parser.add_argument("--breakdown", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--name", default="startup", help="results file name (default: %(default)s)")
    args = parser.parse_args()

    chaff = chaff_command()
    trafilatura = trafilatura_command()
    commands: dict[str, tuple[list[str], Path | None]] = {
        "chaff --help": ([*chaff, "--help"], None),
        "chaff extract PAGE": ([*chaff, "extract", str(args.page)], None),
        "chaff score PAGE": ([*chaff, "score", str(args.page)], None),
    }
    if trafilatura is None:
        print("trafilatura is not installed: its rows are absent (pip install -e '.[bench]')", file=sys.stderr)
    else:
        commands["trafilatura --help"] = ([*trafilatura, "--help"], None)
        commands["trafilatura < PAGE"] = (trafilatura, args.page)

    for name, (argv, stdin) in commands.items():  # untimed: file cache, .pyc files
        wall, _, code = run_once(argv, stdin)
        if code != 0:
            raise SystemExit(f"{name}: exit code {code}")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(args.rounds):
        for name, (argv, stdin) in commands.items():
            wall, rss, _ = run_once(argv, stdin)
            runs[name].append((wall, rss))
        print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)

    rows = {
        name: {
            "median_s": statistics.median(w for w, _ in values),
            "min_s": min(w for w, _ in values),
            "max_s": max(w for w, _ in values),
            "peak_rss_mb": statistics.median(r for _, r in values),
        }
        for name, values in runs.items()
    }
    ratios = {}
    if trafilatura is not None:
        ratios["chaff --help / trafilatura --help"] = rows["chaff --help"]["median_s"] / rows["trafilatura --help"]["median_s"]
        for command in ("chaff extract PAGE", "chaff score PAGE"):
            ratios[f"{command} / trafilatura < PAGE"] = rows[command]["median_s"] / rows["trafilatura < PAGE"]["median_s"]
    result: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "page": {"path": str(args.page.relative_to(REPO_ROOT) if args.page.is_relative_to(REPO_ROOT) else args.page),
                 "bytes": args.page.stat().st_size},
        "rounds": args.rounds,
        "commands": {name: " ".join(argv) + (f" < {stdin}" if stdin else "") for name, (argv, stdin) in commands.items()},
        "results": rows,
        "ratios": ratios,
    }
    if args.breakdown:
        result["imports_by_package_s"] = {k: round(v, 3) for k, v in list(import_breakdown(args.page).items())[:15]}
        result["phases_s"] = {k: round(v, 3) for k, v in phases(args.page).items()}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (args.out / f"{args.name}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Start-up: chaff vs trafilatura (fresh process per run)",
        "",
        f"{result['created']}; Python {result['machine']['python']}, {result['machine']['cpus']} CPUs, "
        f"load average at the end {', '.join(f'{x:.1f}' for x in result['machine']['load_average'])}; "
        f"page `{result['page']['path']}` ({result['page']['bytes']:,} bytes); {result['rounds']} interleaved rounds.",
        "",
        "| command | median wall s | min | max | peak RSS MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in result["results"].items():
        lines.append(f"| `{name}` | {row['median_s']:.2f} | {row['min_s']:.2f} | {row['max_s']:.2f} | {row['peak_rss_mb']:.0f} |")
    if result["ratios"]:
        lines += ["", "| ratio of medians | |", "|---|---:|"]
        lines += [f"| {name} | {value:.2f}x |" for name, value in result["ratios"].items()]
    if "phases_s" in result:
        lines += ["", "What a cold `chaff score PAGE` spends (one process, seconds):", "", "| phase | s |", "|---|---:|"]
        lines += [f"| {name} | {value:.2f} |" for name, value in result["phases_s"].items()]
        lines += ["", "Import time by top-level package (`python -X importtime`, self time summed):", "",
                  "| package | s |", "|---|---:|"]
        lines += [f"| {name} | {value:.2f} |" for name, value in result["imports_by_package_s"].items()]
    lines += ["", "Commands:", ""] + [f"- `{name}`: `{command}`" for name, command in result["commands"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
