"""Fuzzing in CI: hostile bytes, tag soup and declared charsets through extract/score, and JSON-level
poison through filter. Bounded example counts (the 10,000-input run is ``benchmarks/fuzz.py``).

Pages declaring charset labels that name no web encoding (``NON_TEXT_CODECS``: they raised before the
WHATWG label table) are tested on their own.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier import PageReport, extract, score
from classifier.records import filter_records, read_lines, to_json_line

pytestmark = pytest.mark.fuzz

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CHARSETS = ("utf-16", "utf-16le", "utf-32", "x-user-defined", "no-such-charset", "utf-7", "rot13", "base64", "zlib",
            "unicode_escape", "latin-1", "windows-1252", "shift_jis", "", "utf-8\x00", "ünïcödé")  # fmt: skip
NON_TEXT_CODECS = ("undefined", "idna", "punycode")  # labels of no web encoding (they once raised UnicodeError)
DECLARATIONS = (
    '<meta charset="{}">',
    '<meta http-equiv="Content-Type" content="text/html; charset={}">',
    '<?xml version="1.0" encoding="{}"?>',
)
TAGS = ("p", "div", "a", "b", "li", "ul", "table", "td", "h1", "title", "script", "style", "meta", "html", "body", "head")
BODY = "<p>Kalimat ini adalah contoh paragraf yang cukup panjang untuk pengujian, café déjà vu.</p>"


def check_page(page: str | bytes) -> None:
    """extract gives a str, score a PageReport whose dict is strict, UTF-8 encodable JSON."""
    content = extract(page)
    assert isinstance(content, str)
    report = score(page)
    assert isinstance(report, PageReport)
    json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")


soup = st.lists(
    st.one_of(
        st.builds(lambda t: f"<{t}>", st.sampled_from(TAGS)),
        st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
        st.text(max_size=40),
        st.sampled_from(["&#xD800;", "&#0;", "<!--", "<![CDATA[", "<?xml ", "\ufeff", "\x00", "\r", "Baca juga: "]),
    ),
    max_size=40,
).map("".join)


@FUZZ
@given(st.sampled_from(CHARSETS), st.sampled_from(DECLARATIONS), soup, st.binary(max_size=200))
def test_declared_charsets_never_raise(charset, declaration, text, noise):
    head = declaration.format(charset)
    check_page(f"<html><head>{head}<title>T</title></head><body>{BODY}{text}</body></html>".encode("utf-8", "surrogatepass") + noise)


@pytest.mark.parametrize("charset", NON_TEXT_CODECS)
def test_declared_non_text_codecs_are_ignored(charset):
    # once raised: the declared charset was used on bytes that are not valid UTF-8; no web encoding now
    check_page(f'<html><head><meta charset="{charset}"></head><body>{BODY}</body></html>'.encode() + b"\xff")


@FUZZ
@given(st.binary(max_size=3000))
def test_bytes_never_raise(data):
    check_page(data)


@FUZZ
@given(soup)
def test_tag_soup_as_str_and_utf16_bytes_never_raises(text):
    check_page(text)
    check_page(text.encode("utf-16", "surrogatepass"))


# --- JSON-level poison through filter ---------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
        st.text(alphabet=st.characters(blacklist_categories=()), max_size=30),
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def poison_line(draw) -> bytes:
    """One input line: a record (maybe poisoned) or garbage."""
    kind = draw(st.sampled_from(["record", "value", "deep", "digits", "bytes", "cut"]))
    if kind == "record":
        record = {"html": draw(st.one_of(soup, json_values)), "extra": draw(json_values)}
        text = json.dumps(record, ensure_ascii=draw(st.booleans()))  # NaN, Infinity, lone surrogates as \\udXXX
        return text.encode("utf-8", "surrogatepass")
    if kind == "value":
        return json.dumps(draw(json_values)).encode()
    if kind == "deep":
        depth = draw(st.integers(100, 50_000))
        return (draw(st.sampled_from(["[", '{"a":'])) * depth).encode()
    if kind == "digits":
        return ('{"html": "<p>x</p>", "n": ' + "7" * draw(st.integers(4000, 9000)) + "}").encode()
    if kind == "cut":
        return json.dumps({"html": BODY})[: draw(st.integers(1, 20))].encode()
    return draw(st.binary(max_size=200)).replace(b"\n", b" ")


@FUZZ
@given(st.lists(poison_line(), min_size=1, max_size=6), st.booleans())
def test_filter_turns_any_line_into_exactly_one_strict_json_record(lines, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + b"\n"
    expected = sum(1 for i, line in enumerate(data.split(b"\n")[:-1]) if line.decode("utf-8", "replace").lstrip("\ufeff").strip())
    out = list(filter_records(read_lines(io.BytesIO(data), "fuzz.jsonl")))
    assert len(out) == expected
    for record in out:
        text = to_json_line(record)
        text.encode("utf-8")
        json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in output"))
        if "error" in record:
            assert record["error"].startswith("fuzz.jsonl:") and "\n" not in record["error"]
