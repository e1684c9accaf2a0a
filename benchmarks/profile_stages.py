"""Where the time of ``classifier.extract`` / ``classifier.score`` goes: cProfile over dev-split pages,
own time (``tottime``) summed by stage.

    .venv/bin/python benchmarks/profile_stages.py                         # 200 pages, extract
    .venv/bin/python benchmarks/profile_stages.py --call score --pages 100
    PYTHONPATH=/tmp/v1 .venv/bin/python benchmarks/profile_stages.py --label v0.1   # an older checkout, same pages

Stages are read from the file each function lives in, so the table works for older layouts of the
package too (``classifier/page.py`` and ``classifier/links.py`` of 0.1, ``classifier/parsing/`` now).
Profiling slows Python code more than compiled code: the shares, not the seconds, are the figure.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "benchmarks" / "results"

# (substring of the file path, stage); the first match wins
STAGES = (
    ("/classifier/parsing/", "parse and walk"),
    ("/classifier/parse/", "parse and walk"),
    ("/classifier/page.py", "parse and walk"),
    ("/classifier/html.py", "parse and walk"),
    ("/classifier/segment_html.py", "parse and walk"),
    ("/classifier/segment_text.py", "parse and walk"),
    ("/selectolax/", "parse and walk"),
    ("selectolax", "parse and walk"),
    ("/lxml/", "parse and walk"),
    ("lxml", "parse and walk"),
    ("/classifier/features/", "section features"),
    ("/classifier/features.py", "section features"),
    ("/classifier/context.py", "section features"),
    ("/classifier/text.py", "section features"),
    ("/classifier/lexicons/", "section features"),
    ("/classifier/links.py", "inserted-link rules"),
    ("/classifier/topicality.py", "inserted-link rules"),
    ("/classifier/kinds.py", "inserted-link rules"),
    ("/classifier/items.py", "inserted items and off-topic"),
    ("/classifier/models/offtopic.py", "inserted items and off-topic"),
    ("/classifier/models/headlines.py", "headline"),
    ("/classifier/headlines.py", "headline"),
    ("/classifier/models/", "model"),
    ("/classifier/sections.py", "model"),
    ("/lightgbm/", "model"),
    ("/sklearn/", "model"),
    ("/numpy/", "numpy"),
    ("/scipy/", "numpy"),
    ("/re/", "regex engine"),
    ("method 'finditer' of 're.Pattern'", "regex engine"),
    ("method 'findall' of 're.Pattern'", "regex engine"),
    ("method 'sub' of 're.Pattern'", "regex engine"),
    ("method 'search' of 're.Pattern'", "regex engine"),
    ("method 'match' of 're.Pattern'", "regex engine"),
)


def stage_of(filename: str) -> str:
    for needle, stage in STAGES:
        if needle in filename:
            return stage
    return "other (analysis, builtins)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--call", choices=("extract", "score"), default="extract")
    parser.add_argument("--label", default="main", help="the name of this checkout in the results file")
    args = parser.parse_args()
    import classifier

    call = getattr(classifier, args.call)
    from extraction import dev_pages  # the extraction benchmark's reader

    html = dev_pages(args.pages)
    call(html[0])  # imports and model loads are not profiled
    profile = cProfile.Profile()
    profile.enable()
    for page in html:
        call(page)
    profile.disable()
    stats = pstats.Stats(profile)
    by_stage: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_stage[stage_of(filename if filename != "~" else function)] += tottime
    others = sorted(((tottime, f"{filename}:{function}") for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers)
                     in stats.stats.items() if stage_of(filename if filename != "~" else function).startswith("other")),  # type: ignore[attr-defined]
                    reverse=True)[:8]
    total = sum(by_stage.values())
    rows = sorted(by_stage.items(), key=lambda kv: -kv[1])
    result = {"label": args.label, "call": args.call, "pages": len(html), "total_s": total,
              "stages": {k: {"seconds": v, "share": v / total} for k, v in rows},
              "largest_other": [[name, seconds] for seconds, name in others]}  # fmt: skip
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"profile-{args.label}-{args.call}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"{args.label}: {args.call} on {len(html)} dev pages, {total:.1f} s profiled ({path.name})")
    print("| stage | seconds | share |\n|---|---:|---:|")
    for stage, seconds in rows:
        print(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
