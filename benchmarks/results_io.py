"""What every benchmark's results file starts with, and how it is written (JSON + Markdown)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent / "results"


def header(arguments: dict[str, Any]) -> dict[str, Any]:
    """Date, machine (with its load at the time) and arguments of a run."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_avg_at_end": os.getloadavg(), "python": platform.python_version()},
        "arguments": arguments,
    }


def title_lines(title: str, result: dict[str, Any]) -> list[str]:
    """A Markdown title and the line saying when, where and how the run was made."""
    load = os.getloadavg()[0]
    return [f"# {title}", "", f"{result['date']}, {os.cpu_count()} CPUs (shared; load average at the end {load:.1f}), arguments `{' '.join(sys.argv[1:])}`.", ""]


def write(name: str, result: dict[str, Any], lines: list[str]) -> None:
    """Write ``results/<name>.json`` and ``results/<name>.md``, and print the Markdown."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=True) + "\n")
    (OUT_DIR / f"{name}.md").write_text("\n".join(lines))
    print("\n".join(lines))
