"""The README's Python snippets run as written (each as a script, in a folder holding ``data/examples``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = README.parent / "data" / "examples"
SNIPPETS = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S)
NEEDS = {"datatrove": "datatrove", "distributed": "distributed"}


def test_the_readme_has_python_snippets():
    assert len(SNIPPETS) >= 4


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_snippet_runs(number, tmp_path):
    code = SNIPPETS[number]
    for word, module in NEEDS.items():
        if f"from {word}" in code or f"import {word}" in code:
            pytest.importorskip(module)
    shutil.copytree(EXAMPLES, tmp_path / "data" / "examples")
    script = tmp_path / f"snippet_{number}.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
