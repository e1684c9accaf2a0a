"""Bytes to text, as browsers decode a page, and a guard against binary input.

The order is the one of the HTML standard's encoding sniffing, without the network: a byte-order mark
wins; then bytes that are valid UTF-8 are UTF-8; then the charset the page declares (``<meta charset>``,
``http-equiv``, or an XML declaration), read through the WHATWG label table, where a declared UTF-16 on
bytes without a BOM means UTF-8 and a label that names no web encoding (``undefined``, ``idna``,
``punycode``, ``x-no-such-charset``) is ignored; then UTF-8 with replacement characters when valid
multi-byte characters outnumber invalid bytes, else windows-1252. Decoding never raises.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "binary_share", "decode", "encoding_of_label"]

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})""", re.I)
SNIFF_BYTES = 8192
BINARY_SAMPLE = 8192
CONTROL = frozenset(b for b in range(32) if b not in (9, 10, 12, 13)) | {127}
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# The web's encodings (WHATWG Encoding Standard) as Python codec names. A declared label is looked up
# here (after the aliases below, then Python's own alias table); anything else is not a web encoding.
WEB_CODECS = frozenset(
    "utf_8 cp866 iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8 iso8859_10 "
    "iso8859_13 iso8859_14 iso8859_15 iso8859_16 koi8_r koi8_u mac_roman cp874 cp1250 cp1251 cp1252 "
    "cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 mac_cyrillic gbk gb18030 big5hkscs euc_jp iso2022_jp "
    "shift_jis cp932 cp949 utf_16_le utf_16_be".split()
)
# WHATWG label → encoding decisions that differ from Python's aliases.
LABELS = {
    "ascii": "cp1252", "us-ascii": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "cp819": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gbk", "gb_2312-80": "gbk", "x-gbk": "gbk", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "windows-949": "cp949", "x-sjis": "shift_jis",
    "windows-31j": "cp932", "x-mac-roman": "mac_roman", "macintosh": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic", "x-user-defined": "cp1252", "unicode-1-1-utf-8": "utf_8",
    # A page that declares UTF-16 without a byte-order mark is decoded as UTF-8 (HTML standard).
    "utf-16": "utf_8", "utf-16le": "utf_8", "utf-16be": "utf_8", "unicode": "utf_8", "ucs-2": "utf_8",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used and how many characters had to be replaced."""

    text: str
    encoding: str
    replaced: int


def encoding_of_label(label: str) -> str | None:
    """The Python codec of a declared charset label, or ``None`` when it names no web encoding.

    >>> encoding_of_label("ISO-8859-1"), encoding_of_label("utf-16"), encoding_of_label("Shift_JIS")
    ('cp1252', 'utf_8', 'shift_jis')
    >>> encoding_of_label("idna") is None, encoding_of_label("undefined") is None
    (True, True)
    """
    label = label.strip().lower()
    name = LABELS.get(label)
    if name is None:
        try:
            name = codecs.lookup(label).name.replace("-", "_")
        except (LookupError, ValueError):
            return None
    return name if name in WEB_CODECS else None


def declared_encoding(data: bytes) -> str | None:
    """The web encoding a page declares in its first bytes (XML declaration or ``<meta>``), if any."""
    head = data[:SNIFF_BYTES]
    for pattern in (XML_ENCODING, CHARSET):
        found = pattern.search(head)
        if found:
            encoding = encoding_of_label(found.group(1).decode("ascii", "replace"))
            if encoding is not None:
                return encoding
    return None


def binary_share(data: bytes | str) -> float:
    """Share of control characters (other than tab, newlines and form feed) in the start of ``data``.

    >>> binary_share(b"plain text\\n"), binary_share(b"\\x00\\x01ab")
    (0.0, 0.5)
    """
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return 0.0
    found = CONTROL_CHARS.findall(sample) if isinstance(sample, str) else CONTROL_BYTES.findall(sample)
    return len(found) / len(sample)


def _replaced(text: str, data: bytes) -> int:
    """Replacement characters in ``text`` that were not already in the page as UTF-8 bytes."""
    return max(text.count("\ufffd") - data.count(b"\xef\xbf\xbd"), 0)


def decode(data: bytes) -> Decoded:
    """Decode a page's bytes (see the module docstring for the order). Never raises.

    >>> decode(b"caf\\xc3\\xa9").text, decode(b"caf\\xe9").text
    ('café', 'café')
    """
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(bom_encoding.removesuffix("-sig"), errors="replace")
            return Decoded(text, bom_encoding, _replaced(text, data))
    try:
        return Decoded(data.decode("utf-8"), "utf_8", 0)
    except UnicodeDecodeError:
        pass
    encoding = declared_encoding(data)
    if encoding is not None and encoding != "utf_8":
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, _replaced(text, data))
    text = data.decode("utf-8", errors="replace")
    invalid = _replaced(text, data)
    valid_non_ascii = sum(1 for c in text if ord(c) > 127) - text.count("\ufffd")
    if encoding == "utf_8" or valid_non_ascii > invalid:
        return Decoded(text, "utf_8", invalid)
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, "cp1252", _replaced(text, data))
