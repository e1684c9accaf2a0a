"""Shared fixtures and helpers for the chaff test suite.

- ``shared_data``: the ``../shared/datasets`` folder next to the repository; tests that use it
  are skipped (not failed) where it is absent.
- ``html_page(body, ...)``: a small, complete HTML document around a body fragment.
- ``ARTICLE_*``: a short Indonesian and a short English news page (navigation, article, footer)
  that the shipped model is expected to clean.
- ``read_pages(path, limit)``: records of a (gzipped) pages JSONL file.

Tests marked ``slow`` are skipped unless ``--run-slow`` is given.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATASETS = REPO_ROOT.parent / "shared" / "datasets"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than ~20 s; skipped unless --run-slow")
    config.addinivalue_line("markers", "shared_data: needs ../shared (skipped without it)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/datasets`` relative to the repository root; skips the test when it is absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
    if not path.is_dir():
        pytest.skip(f"needs ../shared (no {path})")
    return path


def read_pages(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of a pages JSONL file (gzip by suffix), at most ``limit`` of them."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            if line.strip():
                yield json.loads(line)


def html_page(body: str, *, title: str | None = "Test page", head: str = "", charset: str | None = "utf-8") -> str:
    """A complete HTML document around ``body`` (a fragment of markup).

    >>> html_page("<p>Hi</p>", title=None, charset=None)
    '<!DOCTYPE html>\\n<html><head></head><body><p>Hi</p></body></html>'
    """
    parts = []
    if charset:
        parts.append(f'<meta charset="{charset}">')
    if title is not None:
        parts.append(f"<title>{title}</title>")
    parts.append(head)
    return f"<!DOCTYPE html>\n<html><head>{''.join(parts)}</head><body>{body}</body></html>"


@pytest.fixture
def make_html():
    """The ``html_page`` builder, as a fixture."""
    return html_page


ID_PARAGRAPHS = (
    "Presiden mengatakan bahwa pertemuan dengan menteri luar negeri itu berlangsung di istana pada hari "
    "Senin dan membahas kerja sama kedua negara di bidang perdagangan.",
    "Menurut juru bicara, kedua pihak sepakat untuk memperkuat hubungan dagang dan meningkatkan investasi "
    "di sektor energi terbarukan dalam lima tahun ke depan.",
    "Pertemuan tersebut juga membahas situasi keamanan di kawasan, termasuk upaya untuk menjaga perdamaian "
    "di perbatasan yang selama ini menjadi perhatian kedua negara.",
)
ID_NAV = ("Beranda", "Berita", "Olahraga")
ID_FOOTER = "Copyright 2024 Media Contoh. All rights reserved."
ID_HEADING = "Presiden bertemu menteri luar negeri"

ARTICLE_ID = html_page(
    "<nav class='main-menu'><ul>"
    + "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ID_NAV)
    + "</ul></nav>"
    + f"<article><h1>{ID_HEADING}</h1>"
    + "".join(f"<p>{p}</p>" for p in ID_PARAGRAPHS)
    + f"</article><footer><p>{ID_FOOTER}</p></footer>",
    title=ID_HEADING,
)

EN_PARAGRAPHS = (
    "The minister said on Monday that the government would review the budget after the floods damaged "
    "roads and bridges in the northern provinces.",
    "Officials from the transport ministry told reporters that repairs could take several months, and that "
    "the cost was still being estimated by engineers.",
    "Residents in the affected areas have been asked to avoid travel until the main routes are declared "
    "safe by the local authorities.",
)
ARTICLE_EN = html_page(
    "<div id='nav' class='menu'><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></div>"
    + "<div class='story'><h1>Floods damage roads in the north</h1>"
    + "".join(f"<p>{p}</p>" for p in EN_PARAGRAPHS)
    + "</div><div class='footer'>Copyright 2024 Example News. All rights reserved.</div>",
    title="Floods damage roads in the north",
)

PLAIN_TEXT_ID = "\n\n".join((ID_HEADING, *ID_PARAGRAPHS))
