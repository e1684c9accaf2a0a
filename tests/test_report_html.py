"""``chaff score --format html``: a self-contained page that escapes the page's text, checked in a
real browser (headless Chromium) where one is installed."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE_ID, html_page
from lxml import html as lxml_html

from classifier import score
from classifier.cli import main
from classifier.report_html import KIND_COLOURS, document, render

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1000, 1400
needs_browser = pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium (apt-get install chromium)")

PWNED = "document.documentElement.setAttribute('data-pwned','1')"
HOSTILE = html_page(
    f"<h1>Breaking &lt;script&gt;{PWNED}&lt;/script&gt;</h1>"
    f"<p>A story with markup in its text: &lt;img src=x onerror=\"{PWNED}\"&gt; and &lt;/div&gt;&lt;/main&gt; "
    "closing tags, &amp;amp; entities and quotes \" ' that must all stay text in the report.</p>"
    "<p>Baca Juga: &lt;a href=\"javascript:alert(1)\"&gt;click&lt;/a&gt;</p>"
    "<p>The second paragraph of the story goes on about the minister and the budget for the northern "
    "provinces, where the floods damaged roads and bridges last week.</p>",
    title=f"&lt;/title&gt;&lt;script&gt;{PWNED}&lt;/script&gt;",
)


def browser(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium with no network and a throwaway profile."""
    command = [
        str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, timeout=120, check=True)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of a non-interlaced 8-bit PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):
            left = row[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[x] = (row[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(row))
        previous = row
    return width, height, [bytes(r[i] for i in range(len(r)) if i % channels < 3) for r in rows]


def colours(rows: list[bytes]) -> set[tuple[int, int, int]]:
    found = set()
    for row in rows[::4]:
        for x in range(0, len(row), 12):
            found.add((row[x], row[x + 1], row[x + 2]))
    return found


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


# --- without a browser --------------------------------------------------------------------------


def test_report_is_self_contained_and_escaped():
    report = score(HOSTILE)
    page = render("hostile.html", report)
    tree = lxml_html.document_fromstring(page)
    assert tree.xpath("//script") == []
    assert not [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
    assert not [v for e in tree.iter() if isinstance(e.tag, str) for k, v in e.attrib.items() if k in ("src", "href") and not v.startswith("#")]
    assert tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")
    texts = [" ".join(p.itertext()) for p in tree.xpath("//div[contains(@class,'sec')]/p")]
    assert texts == [s.text for s in report.sections]  # every section, its text intact
    assert any("<img src=x onerror=" in t for t in texts)


def test_report_marks_every_section_and_link():
    report = score(ARTICLE_ID)
    tree = lxml_html.document_fromstring(render("id.html", report))
    marked = tree.xpath("//div[@data-index]")
    assert [(int(d.get("data-index")), d.get("data-label"), d.get("data-kind")) for d in marked] == [
        (s.index, s.label, s.kind) for s in report.sections
    ]
    assert tree.xpath("//div[contains(@class,'gauge')]/@data-score")[0] == f"{report.headline.score:.4f}"


def test_score_html_several_inputs_is_one_document(tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE_ID, encoding="utf-8")
    (tmp_path / "b.html").write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--format", "html", str(tmp_path / "a.html"), str(tmp_path / "b.html")])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("<!DOCTYPE html>") == 1
    tree = lxml_html.document_fromstring(result.stdout)
    assert len(tree.xpath("//article")) == 2


def test_document_of_nothing_is_valid():
    assert lxml_html.document_fromstring(document([])).xpath("//main") != []


# --- in a real browser --------------------------------------------------------------------------


@needs_browser
def test_report_in_headless_chromium(tmp_path):
    report = score(ARTICLE_ID)
    page = tmp_path / "report.html"
    page.write_text(render("id.html", report), encoding="utf-8")
    shot = tmp_path / "report.png"
    browser(f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", page.as_uri(), tmp_path=tmp_path)
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    seen = colours(rows)
    assert len(seen) > 20  # not blank: text, bars, badges
    shown = {s.kind for s in report.sections}
    for kind in shown & set(KIND_COLOURS):  # every kind on the page shows its colour
        assert rgb(KIND_COLOURS[kind]) in seen, kind

    dom = browser("--dump-dom", page.as_uri(), tmp_path=tmp_path).stdout.decode("utf-8")
    tree = lxml_html.document_fromstring(dom)
    assert len(tree.xpath("//div[@data-index]")) == len(report.sections)
    assert {d.get("data-label") for d in tree.xpath("//div[@data-index]")} == {"content", "noise"}


@needs_browser
def test_page_script_cannot_run_in_the_report(tmp_path):
    report = score(HOSTILE)
    page = tmp_path / "hostile.html"
    page.write_text(render("hostile.html", report), encoding="utf-8")
    dom = browser("--dump-dom", "--virtual-time-budget=2000", page.as_uri(), tmp_path=tmp_path).stdout.decode("utf-8")
    tree = lxml_html.document_fromstring(dom)
    assert tree.get("data-pwned") is None
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert any("<script>" + PWNED in t for t in tree.xpath("//div[@data-index]/p/text()"))
