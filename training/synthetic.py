"""Generated news pages with a kind for every section: data for the section model to learn kinds and
inserted items from (issue 10), in HTML and plain text, Indonesian and English.

    python -m training.synthetic --lang id --pages 2000 --seed 1 --out /tmp/chaff/synthetic-id-train.jsonl
    python -m training.synthetic --lang en --pages 400 --seed 1001 --out /tmp/chaff/synthetic-en-eval.jsonl

**Sources** (read in place, never copied into the repository; pages holding their text are produced at
training time only):

- Indonesian: the real articles of ``../shared/datasets/indonesian-articles`` (title, publisher category,
  paragraphs). Their defects are repaired or avoided (``clean_indonesian``): Mac-Roman mojibake undone,
  paragraphs that the scraper split at a comma joined again, holes left by deleted link text closed up
  (``"kata dia kepada , Senin"`` becomes ``"kata dia kepada, Senin"``), and paragraphs that are page
  furniture in the source (orphan ``Baca juga`` labels, photo credits, editor codes, promotions) dropped;
  an article that still has fragments is not used. Publisher categories are folded into topics
  (``topic_of``).
- English: the gold texts of the English news pages of ``../shared/datasets/extraction`` in the data sets
  whose gold starts with the headline (``l3s-gn1``, ``dragnet``, ``google-trends-2017``,
  ``cleanportaleval``): the first gold line is the title, lines of at least ``min_words_en`` words that end a
  sentence are paragraphs, lines that are furniture (credits, cues, captions) are dropped. Pages labeled by
  hand in ``data/kinds``, ``data/inserted_links`` and ``data/titles`` are never used, so generated pages
  never carry the text of a page that real-page figures are measured on.

**Train and evaluation pages, by seed.** Seeds below ``EVAL_SEEDS`` (1000) make training pages, seeds from
1000 on make evaluation pages. Articles are split once by a hash of their id (``training.split.is_dev``):
training pages are built only from the non-dev articles and evaluation pages only from the dev ones, their
inserted and related headlines included; so no article text or headline is shared between the two. Each
record says its ``split``.

**Inserted items.** Between the article's paragraphs, under a cue (``Baca juga:``, ``BACA JUGA:``,
``Lihat Juga:``, ``Simak Juga:``, ``Baca Selengkapnya:``, ``Read more:``, ``RELATED:``, ``Also read`` ...),
bold or linked or both, alone on a line or as a box (a label, then one to three headlines), or, in English
HTML, as a bold linked headline with no cue. The headline is the title of another real article: ``on``
when it is about the same story or the same names (TF-IDF cosine of the two articles at least
``on_cosine`` and a rare word of both titles in common), ``off`` when it is another topic (another
publisher category for Indonesian, a cosine below ``off_cosine`` and no rare title word in common);
pairs in between are never used. A fifth of the Indonesian items and some English ones are long: the
headline followed by the first sentence of its article, 30 words or more, the way card-style items show
a teaser (the corpus has no headline of 30 words). A label with no headline (an orphan ``Baca juga``, a box
heading) is ``label``. Following ``data/README.md``: a box right before the first paragraph or right after
the last one (with only end matter between) is inserted; the same box after the share bar, the comments
or the newsletter box is ``related`` noise, with no item label.

**Honesty.** The same noise phrasing never sits at one place: furniture is drawn per page (which pieces,
how many, in which order, before or after the body), each outlet's conventions are used most of the time
and another outlet's otherwise, markup varies (tags, classes and ids drawn from pools, sometimes none;
paragraphs as ``<p>`` or as ``<br>``-separated runs; lists as ``<ul>``, ``<div>`` or headings; cues bold,
linked, inside the link or as a separate label), and plain text comes with blank lines or single line
breaks, hard-wrapped or not, with or without the page header.

**Records** (one JSON object per line)::

    {"id", "lang", "dataset": "synthetic-id"|"synthetic-en", "layout", "source": "html"|"text",
     "html" or "text", "title", "split": "train"|"eval", "seed",
     "sections": [{"text", "label": "content"|"noise", "kind", "item": "on"|"off"|"label"|null}]}

``sections`` are exactly, in order, the sections ``classifier.parsing.parse`` gives the page (checked for
every page as it is made: a page whose parse differs is a generator bug and raises ``GeneratorError``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html as htmlmod
import json
import random
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.parsing import parse
from classifier.text import normalize_space
from classifier.types import CONTENT_KINDS, Kind
from training.split import is_dev

__all__ = [
    "Article", "Corpus", "GeneratorError", "Part", "Settings", "clean_indonesian", "english_articles",
    "generate", "indonesian_articles", "layouts", "split_of_seed", "topic_of",
]  # fmt: skip

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "datasets"
EVAL_SEEDS = 1000
LABELED = (
    REPO_ROOT / "data" / "kinds" / "labels.jsonl",
    REPO_ROOT / "data" / "inserted_links" / "real_labels.jsonl",
    REPO_ROOT / "data" / "titles" / "labels.jsonl",
)
ENGLISH_SETS = ("l3s-gn1", "dragnet", "google-trends-2017", "cleanportaleval")

Item = Literal["on", "off", "label"]
Split = Literal["train", "eval"]
Lang = Literal["id", "en"]
SourceMode = Literal["html", "text", "mixed"]
T = TypeVar("T")


class GeneratorError(RuntimeError):
    """A generated page whose parsed sections are not the ones the generator meant (a bug here)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The generator's parameters (defaults documented in ``data/README.md``).

    Attributes:
        on_cosine: least TF-IDF cosine of two articles for an ``on`` item (with a shared rare title word).
        off_cosine: an ``off`` item's article has a cosine below this (and, in Indonesian, another topic).
        rare_title_df: a title word is rare when at most this many titles hold it.
        min_paragraphs: an article needs this many paragraphs after cleaning.
        max_paragraphs: longer articles are cut to their first paragraphs.
        min_words_en: least words of an English gold line kept as a paragraph.
        long_item_words: a long item (headline and teaser) has at least this many words.
    """

    on_cosine: float = 0.4
    off_cosine: float = 0.05
    rare_title_df: int = 40
    min_paragraphs: int = 4
    max_paragraphs: int = 30
    min_words_en: int = 8
    long_item_words: int = 30


@dataclass(frozen=True, slots=True)
class Article:
    """A real article: its id, headline, paragraphs, folded topic (``""`` when unknown) and origin."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    topic: str
    origin: str


@dataclass(frozen=True, slots=True)
class Part:
    """One section of a generated page, as the parser will give it, with its kind and item label."""

    text: str
    kind: Kind
    item: Item | None = None

    def record(self) -> dict[str, Any]:
        """The section as a record entry."""
        label = "content" if self.kind in CONTENT_KINDS else "noise"
        return {"text": self.text, "label": label, "kind": self.kind, "item": self.item}


def split_of_seed(seed: int) -> Split:
    """Which pages a seed makes: ``train`` below ``EVAL_SEEDS``, ``eval`` from it on.

    >>> split_of_seed(1), split_of_seed(1001)
    ('train', 'eval')
    """
    return "eval" if seed >= EVAL_SEEDS else "train"


# --------------------------------------------------------------------------------------------------
# Sources

MOJIBAKE = re.compile(r"[‚¬√Ã]")
TERMINAL = re.compile(r"[.!?\"”’')\]]$")
CLOSING_QUOTE = re.compile(r"^[\"”]\s")
HOLE = re.compile(r"\s+([,.;:])")
SOURCE_LEADIN = re.compile(r"^(?:[A-Z][A-Z .]{2,}|\w+\.(?:co|com|CO|COM|Co|id))(?:,\s*[A-Z][\w. ]{1,30}?)?\s*[-–—]{1,2}\s+")
DATED = re.compile(r"\b(?:Updated|Posted|Published)\b.*\d{4}")  # an English title line with its dateline run in
QUOTE_HOLE = re.compile(r'^["“”][,.;:]')
HTML_LIKE = re.compile(r"<[a-zA-Z!/?]")  # text a parser might sniff as markup
ID_FURNITURE = re.compile(
    r"^\(?(?:baca|lihat|simak|tonton|saksikan|ikuti|follow|klik|dapatkan|download|unduh|foto|sumber|editor|"
    r"penulis|reporter|pewarta|artikel ini|berita ini|video|advertisement|scroll|laporan wartawan)\b",
    re.I,
)
EN_FURNITURE = re.compile(
    r"^(?:\(|by |written by|posted|updated|published|read more|related|also read|see also|click|advertisement|"
    r"photo|image|follow|subscribe|sign up|copyright|©|reporting by|editing by|share|watch|listen)|"
    r"@|https?://|www\.|photograph|getty images|all rights reserved|\(ap\)|\(reuters\)",
    re.I,
)
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("football", ("bola", "liga", "sepakbola", "super skor", "champion")),
    ("sport", ("sport", "olahraga", "motogp", "f1", "netting", "tinju", "motosport")),
    ("celebrity", ("seleb", "celebrity", "entertainment", "film", "musik", "music", "tv", "korea",
                   "hollywood", "sinetron", "televisi", "cinefilm", "red carpet", "hiburan", "kapanlagi")),
    ("lifestyle", ("lifestyle", "beauty", "cantik", "gaya", "fashion", "health", "kesehatan", "parenting",
                   "family", "food", "kuliner", "horoskop", "life", "look good", "feel good", "eat good")),
    ("travel", ("travel", "pariwisata", "jalan jalan", "makan makan")),
    ("economy", ("ekbis", "bisnis", "economy", "ekonomi", "money", "makro", "saham", "fiskal", "sektor riil",
                 "property", "properti", "bursa", "rilis", "earn smart", "spend smart", "work smart")),
    ("tech", ("tekno", "techno", "gadget", "telco", "apps", "internet", "autotekno", "sains", "science",
              "elektronik", "hardware", "games")),
    ("auto", ("otomotif", "mobil", "motor", "auto", "bengkel", "modifikasi")),
    ("religion", ("muslim", "haji", "tausyiah", "doa")),
    ("world", ("international", "internasional", "dunia", "amerika", "eropa", "asia pasifik", "timur tengah",
               "afrika")),
    ("regional", ("regional", "daerah", "nusantara", "megapolitan", "metro", "jabar", "jateng", "jatim", "bali",
                  "sulsel", "sumsel", "sumut", "yogya", "batam", "manado", "berita sumut", "medan", "peristiwa",
                  "perkotaan")),
    ("news", ("news", "nasional", "hukum", "politik", "hankam", "humaniora", "edukasi", "kampus", "pendidikan",
              "berita utama", "kriminal", "dpr", "dpd", "opini", "kolom")),
)  # fmt: skip


TOPIC_PATTERNS = tuple((t, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")")) for t, words in TOPICS)


@functools.cache
def topic_of(category: str | None, subcategory: str | None) -> str:
    """A publisher's category folded into one of a dozen topics (``other`` when none fits).

    The subcategory is tried first (``News/Internasional`` is ``world``, ``Bola/Liga Inggris`` football).

    >>> topic_of("News", "Internasional"), topic_of("SELEBRITI", None), topic_of("bisnis", None)
    ('world', 'celebrity', 'economy')
    """
    for name in (subcategory, category):
        value = (name or "").lower()
        for topic, pattern in TOPIC_PATTERNS:
            if pattern.search(value):
                return topic
    return "other"


def fix_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Mac Roman (``‚Äú`` for ``“``); ``None`` when the text cannot be repaired.

    >>> fix_mojibake("‚ÄúYa‚Äù kata dia")
    '“Ya” kata dia'
    """
    if not MOJIBAKE.search(text):
        return text
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def clean_indonesian(paragraphs: Sequence[str], *, min_paragraphs: int = 4) -> tuple[str, ...] | None:
    """The article's paragraphs repaired, or ``None`` when they cannot be trusted (see the module docstring).

    >>> clean_indonesian(["Kata dia, hujan turun sejak pagi di kota itu", "\\" ujar dia.", "Warga mengungsi ke tempat lain.",
    ...                   "Baca juga:", "Banjir setinggi satu meter merendam rumah warga.", "Tim SAR sudah dikerahkan ke lokasi."])
    ('Kata dia, hujan turun sejak pagi di kota itu," ujar dia.', 'Warga mengungsi ke tempat lain.', 'Banjir setinggi satu meter merendam rumah warga.', 'Tim SAR sudah dikerahkan ke lokasi.')
    """
    joined: list[str] = []
    for raw in paragraphs:
        fixed = fix_mojibake(raw)
        if fixed is None:
            return None
        text = normalize_space(fixed)
        if not text:
            continue
        if joined and text[0].isdigit() and joined[-1][-1].isdigit():  # a decimal comma: "39,78" split in two
            joined[-1] = f"{joined[-1]},{text}"
        elif joined and CLOSING_QUOTE.match(text) and not TERMINAL.search(joined[-1]):
            joined[-1] = f"{joined[-1]},{text}"
        elif joined and (text[0].islower() or text[0] in ",.;:)"):
            joined[-1] = f"{joined[-1]}{'' if text[0] in ',.;:)' else ' '}{text}"
        elif joined and not TERMINAL.search(joined[-1]) and len(joined[-1].split()) > 8:
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    kept: list[str] = []
    for text in joined:
        text = normalize_space(re.sub(r",{2,}", ",", re.sub(r"\(\s*\)", "", HOLE.sub(r"\1", text))))
        text = re.sub(r"^[–—-]\s*", "", text)
        if not text or ID_FURNITURE.match(text) or re.fullmatch(r"\([^)]{1,40}\)", text):
            continue
        kept.append(text)
    if kept:
        kept[0] = SOURCE_LEADIN.sub("", kept[0])  # the publisher's own dateline: pages get theirs
    if len(kept) < min_paragraphs or not kept[0] or kept[0][0].islower() or kept[0][0] in ",.;:":
        return None
    if any(QUOTE_HOLE.match(p) for p in kept):
        return None
    if any(len(p.split()) < 3 or p.endswith(",") or (not TERMINAL.search(p) and len(p.split()) > 8) for p in kept):
        return None
    return tuple(kept)


def read_jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a (gzipped) JSON Lines file."""
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def indonesian_articles(shared: Path = SHARED, settings: Settings = Settings(), *, limit: int | None = None) -> list[Article]:
    """The usable articles of ``indonesian-articles``, sorted by id (of its first ``limit`` records, if given).

    Raises:
        FileNotFoundError: the shared data set is absent.
    """
    path = shared / "indonesian-articles" / "articles.jsonl.gz"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found (the shared data sets are needed)")
    articles = []
    for number, record in enumerate(read_jsonl_gz(path)):
        if limit is not None and number >= limit:
            break
        if HTML_LIKE.search(record["title"]) or any(HTML_LIKE.search(p) for p in record["paragraphs"]):
            continue
        paragraphs = clean_indonesian(record["paragraphs"], min_paragraphs=settings.min_paragraphs)
        title = fix_mojibake(normalize_space(record["title"]))
        if paragraphs is None or not title or len(title.split()) < 3:
            continue
        articles.append(
            Article(
                record["id"], title, paragraphs[: settings.max_paragraphs],
                topic_of(record.get("category"), record.get("subcategory")), str(record.get("source") or ""),
            )  # fmt: skip
        )
    return sorted(articles, key=lambda a: a.id)


def labeled_page_ids(paths: Sequence[Path] = LABELED) -> set[tuple[str, str]]:
    """``(dataset, id)`` of every real page labeled by hand in the repository."""
    found = set()
    for path in paths:
        if path.is_file():
            found |= {(r["dataset"], r["id"]) for r in read_jsonl_gz(path)}
    return found


def english_articles(shared: Path = SHARED, settings: Settings = Settings(), *, limit: int | None = None) -> list[Article]:
    """Articles from the gold texts of the English extraction pages (see the module docstring), by id
    (of the first ``limit`` pages of each data set, if given).

    Raises:
        FileNotFoundError: the shared data sets are absent.
    """
    excluded = labeled_page_ids()
    articles = []
    for dataset in ENGLISH_SETS:
        path = shared / "extraction" / dataset / "pages.jsonl.gz"
        if not path.is_file():
            raise FileNotFoundError(f"{path}: not found (the shared data sets are needed)")
        for number, record in enumerate(read_jsonl_gz(path)):
            if limit is not None and number >= limit:
                break
            if record.get("lang") != "en" or not record.get("gold_text") or (dataset, record["id"]) in excluded:
                continue
            if HTML_LIKE.search(record["gold_text"]):
                continue
            lines = [normalize_space(line) for line in record["gold_text"].splitlines()]
            lines = [line for line in lines if line]
            if not lines or not 3 <= len(lines[0].split()) <= 25 or lines[0].endswith(".") or DATED.search(lines[0]):
                continue
            paragraphs = tuple(
                line for line in lines[1:]
                if len(line.split()) >= settings.min_words_en and TERMINAL.search(line) and not EN_FURNITURE.search(line)
            )  # fmt: skip
            if len(paragraphs) >= settings.min_paragraphs:
                articles.append(Article(record["id"], lines[0], paragraphs[: settings.max_paragraphs], "", dataset))
    return sorted(articles, key=lambda a: a.id)


TITLE_WORD = re.compile(r"\w{3,}")


class Corpus:
    """Articles of one split with what inserted items need: on-topic and off-topic partners.

    Args:
        articles: the split's articles.
        settings: the cosine and rare-word limits.
    """

    def __init__(self, articles: Sequence[Article], settings: Settings = Settings()) -> None:
        self.articles = list(articles)
        self.settings = settings
        docs = [f"{a.title} {' '.join(a.paragraphs)}" for a in self.articles]
        vectorizer = TfidfVectorizer(min_df=2, max_df=0.3, sublinear_tf=True, dtype=np.float32)
        self.matrix = vectorizer.fit_transform(docs).tocsr()
        self.title_words = [frozenset(TITLE_WORD.findall(a.title.lower())) for a in self.articles]
        df = Counter(w for words in self.title_words for w in words)
        self.rare = [frozenset(w for w in words if df[w] <= settings.rare_title_df) for words in self.title_words]
        self._partners: dict[int, tuple[list[int], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.articles)

    def partners(self, index: int) -> tuple[list[int], list[int]]:
        """``(on, off)``: articles an item on this article's page may name, as ``on`` and as ``off``."""
        if index not in self._partners:
            sims = (self.matrix @ self.matrix[index].T).toarray().ravel()
            sims[index] = -1.0
            me = self.articles[index]
            on = [
                int(j) for j in np.argsort(-sims, kind="stable")[:60]
                if sims[j] >= self.settings.on_cosine and self.rare[index] & self.rare[j]
                and self.articles[j].title != me.title
            ]  # fmt: skip
            off = [
                int(j) for j in np.flatnonzero(sims < self.settings.off_cosine)
                if sims[j] >= 0 and not self.title_words[index] & self.rare[j]
                and (not me.topic or (self.articles[j].topic not in (me.topic, "other") and me.topic != "other"))
            ]  # fmt: skip
            self._partners[index] = (on, off)
        return self._partners[index]


# --------------------------------------------------------------------------------------------------
# Vocabulary: what furniture says, per language (drawn from per page; outlets prefer some of it)


@dataclass(frozen=True, slots=True)
class Vocab:
    """Phrases of page furniture in one language."""

    days: tuple[str, ...]
    months: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[str, ...]
    nav: tuple[str, ...]
    account: tuple[str, ...]
    bylines: tuple[str, ...]
    end_bylines: tuple[str, ...]
    dates: tuple[str, ...]
    leadins: tuple[str, ...]
    cues: tuple[str, ...]
    box_labels: tuple[str, ...]
    related_heads: tuple[str, ...]
    ads: tuple[str, ...]
    share_words: tuple[str, ...]
    share_heads: tuple[str, ...]
    tag_heads: tuple[str, ...]
    newsletters: tuple[str, ...]
    comment_heads: tuple[str, ...]
    comment_prompts: tuple[str, ...]
    comments: tuple[str, ...]
    comment_actions: tuple[str, ...]
    ago: tuple[str, ...]
    footer_links: tuple[str, ...]
    copyrights: tuple[str, ...]
    others: tuple[str, ...]
    captions: tuple[str, ...]
    credits: tuple[str, ...]
    section_words: tuple[str, ...]


def _words(text: str, sep: str = "|") -> tuple[str, ...]:
    """Phrases written one after the other, separated by ``sep``."""
    return tuple(w.strip() for w in text.split(sep) if w.strip())


ID = Vocab(
    days=_words("Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"),
    months=_words("Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"),
    first_names=_words(
        "Budi|Andi|Siti|Dewi|Rina|Agus|Hendra|Yusuf|Fitri|Ahmad|Rizky|Nur|Dian|Eko|Bayu|Putri|Ilham|Fajar|Galih|"
        "Wahyu|Reza|Intan|Sri|Yanti|Aditya|Dimas|Gita|Hana|Irfan|Joko|Kurnia|Laras|Maya|Nanda|Oki|Ratna|Sigit|"
        "Tika|Umar|Vina|Wulan|Yoga|Zulfikar|Ardi|Bima|Citra|Danu|Farah|Glery|Mulia|Taufik|Rahmat"
    ),
    last_names=_words(
        "Santoso|Wijaya|Pratama|Saputra|Hidayat|Nugroho|Kusuma|Setiawan|Rahman|Hakim|Siregar|Nasution|Harahap|"
        "Lubis|Purnomo|Wibowo|Susanto|Gunawan|Permana|Utomo|Firmansyah|Ramadhan|Kurniawan|Anggraini|Lestari|"
        "Maharani|Syahputra|Prabowo|Yulianto|Fauzi|Hasibuan|Panjaitan|Sembiring|Tarigan|Ginting|Lazuardi|Budi"
    ),
    cities=_words(
        "Jakarta|Surabaya|Bandung|Medan|Makassar|Semarang|Yogyakarta|Denpasar|Palembang|Malang|Bogor|Depok|"
        "Bekasi|Tangerang|Solo|Padang|Pekanbaru|Balikpapan|Pontianak|Manado|Kupang|Jayapura|Ambon|Mataram|Batam"
    ),
    nav=_words(
        "Home|Beranda|News|Berita|Nasional|Regional|Megapolitan|Internasional|Ekonomi|Bisnis|Money|Bola|Sport|"
        "Olahraga|Seleb|Hot|Lifestyle|Gaya Hidup|Tekno|Otomotif|Travel|Food|Health|Edukasi|Video|Foto|Infografis|"
        "Indeks|Terpopuler|Kolom|Opini|Hukum|Politik|Properti|Sains|Hype|Cek Fakta|Jabodetabek|Jateng|Jatim|"
        "Sumut|Kuliner|Wisata|Parenting|Hiburan|Musik|Film|Liga Inggris|Liga Indonesia|MotoGP|Otosport|Zodiak"
    ),
    account=_words("Masuk|Daftar|Login|Register|Masuk / Daftar|Cari|Pencarian|Mode Gelap|Notifikasi|Akun Saya"),
    bylines=_words(
        "{name} - {outlet}¦Penulis: {name}¦Penulis {name}¦Penulis : {name} | Editor : {name2}¦"
        "Penulis: {name} | Editor: {name2}¦Laporan Wartawan {outlet}, {name}¦Laporan Wartawan {Outlet} {name}¦"
        "Reporter: {name}¦Reporter : {name}¦Editor: {name2}¦Oleh {name}¦Oleh: {name}¦{name}¦"
        "Kontributor {city}, {name}¦Penulis: {name} Editor: {name2}¦Reporter: {name} Editor: {name2}¦{name}, {outlet}",
        "¦",
    ),
    end_bylines=_words(
        "({a}/{b})¦({a}/{a})¦({A})¦(*)¦(Antara)¦(Editor: {name2})¦Editor: {name2}¦Penulis: {name}¦"
        "Sumber: Antara¦Sumber: {outlet}¦Pewarta: {name}¦Editor : {name2}¦({outlet}/{name})¦Reporter: {name}¦"
        "Laporan: {name}¦Penulis: {name} | Editor: {name2}",
        "¦",
    ),
    dates=_words(
        "{day}, {d} {Month} {yyyy} {HH}:{MM} WIB|{day}, {d} {Mon} {yyyy} {HH}:{MM} WIB|{dd}/{mm}/{yyyy}, {HH}:{MM} WIB|"
        "{outlet} - {dd}/{mm}/{yyyy}, {HH}:{MM} WIB|Diperbarui {day}, {d} {Month} {yyyy} {HH}:{MM} WIB|"
        "Diterbitkan {d} {Month} {yyyy}, {HH}:{MM} WIB|{day} {dd} {Month} {yyyy} - {HH}:{MM}|"
        "{HH}:{MM} WIB - {day}, {d} {Mon} {yyyy}|{d} {Month} {yyyy}|{day}, {dd} {Month} {yyyy} - {HH}:{MM} WIB|"
        "Dipublikasikan: {day}, {d} {Month} {yyyy} {HH}:{MM} WIB|Update: {day}, {d} {Month} {yyyy} {HH}:{MM} WIB"
    ),
    leadins=_words(
        "{CITY}, {OUTLET} -|{City} -|{Outlet}, {City} -|{OUTLET}, {CITY} -|{CITY} -|{City}, {Outlet} -|"
        "{CITY}, {Outlet} —|{Outlet}, {CITY} -|{CITY} –|{City} –"
    ),
    cues=_words(
        "Baca juga:|Baca Juga:|BACA JUGA:|Baca juga :|Baca Juga :|Baca juga|Baca Juga|Lihat Juga:|Lihat juga:|"
        "Simak Juga:|Simak juga:|Baca Selengkapnya:|Baca selengkapnya:|Baca:|BACA:|Lihat juga Video:|Baca Juga >>"
    ),
    box_labels=_words("Baca Juga|BACA JUGA|Baca juga|Baca Juga:|Berita Terkait|Artikel Terkait|Lihat Juga|Simak Juga|"
                      "BERITA TERKAIT|Baca Juga Berita Lainnya"),
    related_heads=_words(
        "Berita Terkait|Artikel Terkait|Berita Lainnya|Terpopuler|Populer|Berita Populer|Pilihan Redaksi|"
        "Rekomendasi|Terkini|Berita Terkini|Baca Juga|Artikel Lainnya|Paling Banyak Dibaca|Trending|Lainnya di {Section}|"
        "Berita {Section} Lainnya|Rekomendasi untuk Anda|Topik Pilihan|Artikel Pilihan"
    ),
    ads=_words(
        "ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT|Advertisement|Iklan|KONTEN IKLAN|Konten Promosi|Sponsored|"
        "Ads|SCROLL TO RESUME CONTENT|Advertisment|IKLAN|Artikel berlanjut setelah iklan"
    ),
    share_words=_words("Facebook|Twitter|WhatsApp|Line|Telegram|Salin Link|Copy Link|Email|X|Share|Tweet|Bagikan"),
    share_heads=_words("Bagikan:|Bagikan|Bagikan artikel ini|Share:|Share|Bagikan ke:|BAGIKAN"),
    tag_heads=_words("Tag:|Tags:|Topik:|TOPIK:|Tag Terkait:|TAG|Topik Terkait|Tag :|KATA KUNCI:|Kata Kunci:"),
    newsletters=_words(
        "Dapatkan update berita pilihan dan breaking news setiap hari dari {Outlet}. Mari bergabung di Grup "
        "Telegram \"{Outlet} News Update\", caranya klik link {url}, kemudian join. Anda harus install aplikasi "
        "Telegram terlebih dulu di ponsel.|Ikuti berita {Outlet} di Google News|Ikuti kami di Google News|"
        "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu akses berita "
        "{Outlet} WhatsApp Channel : {url}|Berlangganan newsletter {Outlet}|Daftar sekarang dan dapatkan berita "
        "terbaru langsung di email Anda.|Masukkan alamat email Anda|Berlangganan|Dapatkan berita terbaru setiap pagi "
        "di email Anda|Follow Instagram {Outlet} untuk berita terkini|Download aplikasi {Outlet} untuk berita "
        "terbaru|Ikuti saluran WhatsApp {Outlet}|Langganan Newsletter"
    ),
    comment_heads=_words("Komentar|KOMENTAR|Tulis Komentar|{n} Komentar|Komentar Pembaca|Komentar ({n})|Beri Komentar"),
    comment_prompts=_words(
        "Login untuk berkomentar|Silakan login untuk memberikan komentar|Tulis komentar Anda...|Kirim|"
        "Urutkan: Terbaru|Lihat semua komentar|Muat lebih banyak|Komentar sepenuhnya tanggung jawab pembaca"
    ),
    comments=_words(
        "Semoga {ent} diberi kesehatan dan kekuatan.|Usut tuntas!|Mantap, lanjutkan pak.|Berita seperti ini harus "
        "jadi pelajaran buat kita semua.|Kasihan sekali, semoga cepat selesai masalahnya.|Hukum harus ditegakkan "
        "seadil-adilnya.|Kenapa baru sekarang ketahuan?|Setuju banget sama pendapat {ent}.|Terima kasih infonya, "
        "sangat bermanfaat.|Jangan cuma janji, buktikan.|Mana ini pemerintahnya?|Semoga cepat ditangani pihak "
        "berwenang.|Judulnya bikin penasaran, isinya biasa saja.|Ini baru berita bagus.|Wah, saya baru tahu soal "
        "{ent}.|Salut buat {ent}!|Semoga tidak terulang lagi di daerah lain.|Kapan ya di kota saya juga begini?|"
        "Beritanya kurang lengkap, mohon diperbaiki min.|Turut berduka cita.|Harus ada tindakan tegas.|"
        "Jangan mudah percaya kabar yang belum jelas.|Makin hari makin parah saja.|Sabar ya, semua ada hikmahnya.|"
        "Apa kabar kasus yang kemarin?|{ent} memang luar biasa.|Kok bisa ya? Heran saya.|Setuju!|Hadir menyimak."
    ),
    comment_actions=_words("Balas|Suka|Laporkan|Bagikan|Balas · Suka"),
    ago=_words("{n} menit lalu|{n} jam lalu|{n} hari lalu|{n} menit yang lalu|{n} jam yang lalu|{dd}/{mm}/{yyyy} {HH}:{MM}"),
    footer_links=_words(
        "Tentang Kami|Redaksi|Pedoman Media Siber|Kontak|Karir|Info Iklan|Kebijakan Privasi|Syarat & Ketentuan|"
        "Disclaimer|Sitemap|Kode Etik|Hubungi Kami|Ketentuan Layanan|Pedoman Pemberitaan Media Siber|Pasang Iklan|"
        "Tentang {Outlet}|Kebijakan Data Pribadi"
    ),
    copyrights=_words(
        "Copyright © {yyyy} {Outlet}. All rights reserved.|Hak Cipta © {yyyy} {Outlet}|© {yyyy} {Outlet}. "
        "Seluruh hak cipta dilindungi.|{Outlet} - Berita Terkini Indonesia|Copyright {yyyy} {Outlet}|"
        "© Copyright {yyyy} {Outlet}, Hak Cipta Dilindungi Undang-Undang"
    ),
    others=_words(
        "[Gambas:Video 20detik]|Loading...|Waktu baca {n} menit|Tonton juga video ini:|Dengarkan artikel ini|"
        "Mode Gelap|Klik untuk memperbesar|Simak video pilihan berikut ini:|Saksikan Video Pilihan Berikut Ini:|"
        "Gulir ke bawah untuk melanjutkan"
    ),
    captions=_words(
        "Ilustrasi {thing}. (Foto: {credit})|{ent} saat ditemui di {City}, {day} ({d}/{m}/{yyyy}). (Foto: {outlet}/{name})|"
        "{ent}. (ANTARA FOTO/{name})|Foto: {thing} ({name}/{outlet})|{ent} (ANTARA/{name})|Ilustrasi (Shutterstock)|"
        "(Foto: Instagram @{handle})|Foto: dok. {ent}|{thing}. ({OUTLET}/{NAME})|Dok. Istimewa|"
        "Ilustrasi {thing} (iStockphoto)|{ent} memberikan keterangan kepada wartawan di {City}. (Foto: {credit})|"
        "Foto: Ilustrasi {thing} ({name}/{outlet})"
    ),
    credits=_words("ANTARA FOTO|Istimewa|Shutterstock|iStockphoto|Dok. Pribadi|Getty Images|Freepik|Pixabay|"
                   "{outlet}/{name}|Humas Polri|Instagram"),
    section_words=_words("Nasional|Regional|Megapolitan|Bola|Seleb|Ekonomi|Tekno|Otomotif|Lifestyle|Travel|Internasional"),
)

EN = Vocab(
    days=_words("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"),
    months=_words("January|February|March|April|May|June|July|August|September|October|November|December"),
    first_names=_words(
        "Hannah|James|Sarah|Michael|Emily|David|Laura|Daniel|Rachel|Thomas|Olivia|Matthew|Sophie|Andrew|Grace|"
        "Peter|Lucy|Mark|Amy|Chris|Jessica|Ben|Katie|Sam|Anna|Tom|Claire|Joe|Helen|Ryan|Megan|Nick|Zoe|Paul|Ella|"
        "Adam|Ruth|Jack|Nina|Luke|Maria|Carlos|Priya|Kwame|Aisha|Wei"
    ),
    last_names=_words(
        "Price|Smith|Johnson|Brown|Taylor|Wilson|Davies|Evans|Thomas|Roberts|Walker|Wright|Robinson|Thompson|White|"
        "Hughes|Edwards|Green|Hall|Wood|Harris|Lewis|Martin|Jackson|Clarke|Turner|Hill|Scott|Cooper|Morris|Ward|"
        "Moore|King|Watson|Baker|Harrison|Morgan|Patel|Young|Garcia|Nguyen|Okafor|Chen|Murphy"
    ),
    cities=_words(
        "London|Washington|New York|Paris|Brussels|Berlin|Tokyo|Beijing|Moscow|Sydney|Chicago|Los Angeles|Toronto|"
        "Geneva|Nairobi|Mumbai|Jakarta|Manchester|Edinburgh|Dublin|Boston|San Francisco|Seoul|Madrid|Rome"
    ),
    nav=_words(
        "Home|News|World|UK|US|Politics|Business|Tech|Technology|Science|Health|Sport|Sports|Culture|Opinion|"
        "Lifestyle|Travel|Video|Podcasts|Weather|Entertainment|Money|Education|Environment|Local|Crime|Obituaries|"
        "Football|Cricket|Arts|Books|Music|Film|TV|Food|Style|Real Estate|Cars|Jobs|Classifieds|Games|Puzzles|"
        "Newsletters|Photos|Live"
    ),
    account=_words("Sign in|Log in|Register|Subscribe|Search|Menu|My account|Skip to main content|Skip to content|"
                   "Edition: UK|Accessibility help"),
    bylines=_words(
        "By {name}¦By {name} and {name2}¦By {NAME}¦Written by {name}¦{name}, {role}¦Posted by {name}¦"
        "Author: {name}¦By {name}, {Outlet}¦{name} | {Outlet}¦By {name} | {role}¦Story by {name}¦{name}¦"
        "By {name} Staff Writer¦From {Outlet} staff and wire reports",
        "¦",
    ),
    end_bylines=_words(
        "Reporting by {name}; Editing by {name2}|Additional reporting by {name}|{name} is a {role} for {Outlet}.|"
        "Contact {name} at {handle}@{outlet}.com.|Follow {name} on Twitter @{handle}|Editing by {name2}|"
        "Associated Press writer {name} contributed to this report.|Copyright {yyyy} The Associated Press. All rights "
        "reserved.|Our Standards: The Thomson Reuters Trust Principles.|— {name}|{name} reported from {City}."
    ),
    dates=_words(
        "{day} {d} {Month} {yyyy}|{Day3} {d} {Mon} {yyyy} {HH}.{MM} GMT|{Month} {d}, {yyyy}|"
        "Published {Month} {d}, {yyyy} {h}:{MM}{ampm} EDT|Updated: {h}:{MM} {AMPM} EDT, {Day3} {Month} {d}, {yyyy}|"
        "Last Updated: {h}:{MM}{ampm} GMT {dd}/{mm}/{yyyy}|{d} {Month} {yyyy}|{n} hours ago|Posted on {Month} {d}, {yyyy}|"
        "{Mon}. {d}, {yyyy} at {h}:{MM} p.m. ET|Published: {HH}:{MM} BST, {d} {Month} {yyyy}|{yyyy}-{mm}-{dd}|"
        "Updated {Mon} {d}, {yyyy}|First published on {day} {d} {Month} {yyyy}"
    ),
    leadins=_words("{CITY} (Reuters) -|{CITY} (AP) —|{CITY} —|{CITY}, {Mon}. {d} (Xinhua) --|{CITY} -|{City} (CNN)"),
    cues=_words(
        "Read more:|READ MORE:|Related:|RELATED:|Also read:|Also read|See also:|More:|MORE:|Read More:|"
        "Recommended:|Don't miss:|READ MORE|Read next:|ALSO READ:|Related story:|Read:"
    ),
    box_labels=_words("Related|Related stories|Related Articles|More on this story|Read more|You might also like|"
                      "Recommended|RELATED|Related coverage|Also read"),
    related_heads=_words(
        "More from {Section}|Most read|Most popular|Trending|Recommended for you|You may also like|Top stories|"
        "Related stories|Around the web|Read next|Latest news|More stories|Most viewed|Editor's picks|"
        "Related|More on this story|Popular now|What to read next"
    ),
    ads=_words(
        "Advertisement|ADVERTISEMENT|Story continues below advertisement|Continue reading the main story|"
        "Sponsored content|Ad|Scroll to continue with content|Paid Post|Sponsored|Article continues below|"
        "Advertisement - scroll to continue|AD"
    ),
    share_words=_words("Facebook|Twitter|Email|Print|Copy link|Tweet|Pinterest|WhatsApp|Reddit|LinkedIn|Share|Save|X"),
    share_heads=_words("Share this article|Share|Share this:|Share on|Share page|SHARE|Share this story"),
    tag_heads=_words("Topics:|Tags:|Related topics|Filed under:|More on:|Topics|TAGS"),
    newsletters=_words(
        "Sign up for our daily newsletter|Get the {Outlet} newsletter in your inbox|Enter your email address|"
        "Subscribe|Sign up|By signing up, you agree to our Privacy Policy.|Thank you for subscribing!|"
        "Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST|"
        "Newsletter sign-up|Privacy Notice: Newsletters may contain info about charities, online ads, and content "
        "funded by outside parties.|Get our morning briefing delivered to your inbox|Want more stories like this? "
        "Sign up for our newsletter.|Email address|Sign me up"
    ),
    comment_heads=_words("Comments|{n} comments|Join the conversation|Leave a Reply|Leave a comment|"
                         "Comments ({n})|Reader comments|Discussion"),
    comment_prompts=_words(
        "Sort by: Newest|Show more comments|Log in to comment|Your email address will not be published.|"
        "Post Comment|Comments are closed.|Required fields are marked *|View all comments"
    ),
    comments=_words(
        "This is exactly what I was worried about.|Great article, thanks for sharing.|Who could have seen this "
        "coming?|I don't agree with {ent} at all.|Finally some good news.|This needs a proper investigation.|"
        "Well said.|How is this even legal?|Typical. Nothing will change.|I've been saying this for years.|"
        "Thoughts and prayers to everyone affected.|Can someone explain what this means for the rest of us?|"
        "{ent} deserves more credit.|Not surprised in the slightest.|The headline is misleading.|Spot on.|"
        "Where was this reporting last year?|Good for {ent}!|I hope they fix it soon.|What a joke.|"
        "Interesting read, but it misses the bigger picture.|Let's wait for the full facts.|So sad to read this.|"
        "This comment section is something else.|Agreed with the previous poster."
    ),
    comment_actions=_words("Reply|Report|Like|Share|Reply · Report"),
    ago=_words("{n} minutes ago|{n} hours ago|{n} days ago|{Month} {d}, {yyyy} at {h}:{MM} {ampm}|{n}h ago|{n}d"),
    footer_links=_words(
        "About us|Contact us|Terms of use|Privacy policy|Cookie policy|Advertise with us|Careers|Help|Accessibility|"
        "Site map|Do Not Sell My Personal Information|Cookie settings|Terms and Conditions|Corrections|"
        "Contact the newsroom|About {Outlet}"
    ),
    copyrights=_words(
        "© {yyyy} {Outlet}. All rights reserved.|Copyright © {yyyy} {Outlet}|© {Outlet} {yyyy}|"
        "Copyright {yyyy} {Outlet}. All Rights Reserved.|{Outlet} is not responsible for the content of external sites."
    ),
    others=_words(
        "Listen to this article|Loading...|Click to expand|This article is more than {n} years old|"
        "Reading time: {n} min|We use cookies to improve your experience on our site.|Get our app|"
        "Watch the video above|Image|Play video|Enable JavaScript to view this content"
    ),
    captions=_words(
        "{ent} in {City} on {day}. Photograph: {credit}|(Image: {credit})|Photo: {credit}|{ent}. (AP Photo/{name})|"
        "File photo|Image 1 of {n}|Credit: {name}/Reuters|Pictured: {ent}|{ent} speaks to reporters in {City}. "
        "Photo: {credit}|{thing}. Illustration: {credit}|{ent} (Getty Images)|Photograph: {name}/{credit}"
    ),
    credits=_words("Getty Images|AP|Reuters|PA|AFP|EPA|Shutterstock|Alamy|Bloomberg|{name}|PA Media|AFP via Getty Images"),
    section_words=_words("World|Politics|Business|Sport|Culture|Science|Tech|UK|US|Health|Opinion"),
)


# --------------------------------------------------------------------------------------------------
# Layouts: what each outlet-like layout prefers, and the markup pools


@dataclass(frozen=True, slots=True)
class Layout:
    """An outlet-like layout: names and the phrasings and markup it prefers (used most of the time)."""

    name: str
    lang: Lang
    outlets: tuple[str, ...]
    bylines: tuple[int, ...]
    dates: tuple[int, ...]
    leadins: tuple[int, ...]
    cues: tuple[int, ...]
    item_markups: tuple[str, ...]
    body_classes: tuple[str, ...]
    p_br_body: float
    p_leadin_alone: float


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("detik", "id", ("detikNews", "detikcom", "detikFinance", "detikHot"), (0, 9), (1, 0),
               (1, 8), (0, 6, 15), ("div-cue-link", "table"), ("detail__body-text itp_bodycontent",
               "itp_bodycontent detail_text", "detail_text", "read__content"), 0.3, 0.6),
        Layout("kompas", "id", ("Kompas.com", "KOMPAS.com"), (4, 3), (3, 2), (0, 5), (0, 1, 2),
               ("strong-all", "strong-cue-link", "box-top"), ("read__content", "clearfix read__content",
               "article__content"), 0.1, 0.1),
        Layout("liputan6", "id", ("Liputan6.com",), (12, 0), (8, 0), (2, 7), (1, 10, 11),
               ("label-list", "strong-cue-link"), ("article-content-body__item-content",
               "article-content-body", "read-page--content"), 0.1, 0.05),
        Layout("tribun", "id", ("Tribunnews.com", "TRIBUNNEWS.COM", "TribunJakarta.com"), (5, 6, 15), (0, 9),
               (3, 0), (1, 0, 2), ("strong-cue-link", "strong-all"), ("side-article txt-article",
               "txt-article", "multi-fontsize"), 0.15, 0.05),
        Layout("okezone", "id", ("Okezone", "Okezone.com"), (14, 13), (6, 11), (2, 1, 4), (0, 1, 12, 9),
               ("strong-cue-link", "div-cue-link"), ("read", "article-content", "detail-text"), 0.3, 0.2),
        Layout("guardian", "en", ("the Guardian", "Guardian"), (0, 4), (1, 0), (2,), (2, 0, 4),
               ("strong-cue-link", "strong-all"), ("article-body-commercial-selector", "content__article-body",
               "dcr-body"), 0.0, 0.0),
        Layout("bbc", "en", ("BBC News", "BBC"), (0, 11), (6, 13), (2,), (2, 15),
               ("label-list", "strong-cue-link"), ("ssrcss-body", "story-body__inner", "article__body"), 0.0, 0.0),
        Layout("fox", "en", ("Fox News", "FOX NEWS"), (0, 6), (3, 9), (3, 1), (1, 4, 6),
               ("bold-headline", "strong-all"), ("article-body", "article-content"), 0.0, 0.0),
        Layout("blog", "en", ("The Daily Notebook", "Local Times", "Tech Digest"), (5, 1, 11), (8, 2), (2,),
               (0, 11, 7), ("strong-cue-link", "label-list", "div-cue-link"), ("entry-content", "post-content",
               "td-post-content"), 0.25, 0.0),
        Layout("wire", "en", ("Reuters", "AP News", "Xinhua"), (0, 7), (2, 3, 13), (0, 1, 3), (0, 1, 10),
               ("strong-cue-link", "div-cue-link"), ("article-body__content", "Article", "StandardArticleBody_body"),
               0.05, 0.0),
    )
}
VOCAB: dict[Lang, Vocab] = {"id": ID, "en": EN}
ITEM_MARKUPS = ("strong-cue-link", "strong-all", "div-cue-link", "link-all", "table", "plain", "b-cue")
ROLES_EN = ("Political correspondent", "Senior reporter", "Health editor", "Staff writer", "Business reporter",
            "Science correspondent", "Sports writer", "Contributor")  # fmt: skip
CLASS_WORDS = {
    "nav": ("nav", "menu", "main-menu", "navbar", "navigation", "topnav", "header__nav", "site-nav", "mainmenu"),
    "related": ("related", "box-related", "terkait", "list-berita", "most-popular", "populer", "recommended",
                "more-stories", "article-list", "sidebar-box", "trending"),
    "inserted": ("baca-juga", "lihatjg", "linksisip", "related-inline", "inline-related", "read-also", "bacajuga",
                 "embedded-article", "article-related", "box-baca"),
    "share": ("share", "social-share", "share-bar", "sharebtn", "article-share", "social", "share-buttons"),
    "byline": ("author", "byline", "detail__author", "credit", "penulis", "read__credit", "article-author", "writer"),
    "date": ("date", "detail__date", "read__time", "time", "published", "timestamp", "article-date", "dateline"),
    "caption": ("caption", "figcaption", "media__caption", "photo-caption", "wp-caption-text", "img-caption"),
    "ad": ("ads", "adv", "advertisement", "ad-slot", "parallax", "iklan", "dfp", "ad-container", "banner"),
    "tags": ("tags", "tag", "topik", "detail__body-tag", "keywords", "tag-list", "article-tags"),
    "newsletter": ("newsletter", "subscribe", "signup", "google-news", "telegram", "email-signup", "follow-us"),
    "comment": ("comments", "komentar", "comment-list", "disqus", "comment", "comments-area", "discussion"),
    "footer": ("footer", "site-footer", "foot", "bottom", "footer-links", "copyright"),
    "other": ("widget", "player", "misc", "box", "module", "embed"),
    "article": ("article", "detail", "content", "main-content", "post", "story", "read", "entry"),
}  # fmt: skip


def layouts(lang: Lang) -> tuple[str, ...]:
    """The layout names of a language.

    >>> layouts("id")
    ('detik', 'kompas', 'liputan6', 'tribun', 'okezone')
    """
    return tuple(name for name, layout in LAYOUTS.items() if layout.lang == lang)


# --------------------------------------------------------------------------------------------------
# Page plans: groups of sections in reading order, independent of markup

Role = Literal["line", "para", "heading", "item", "list", "inline", "figure"]
Region = Literal["top", "head", "body", "bottom"]


@dataclass(frozen=True, slots=True)
class Group:
    """A piece of a page: one or more sections that are rendered together.

    ``texts`` are the entries (``item``: cue and headline; ``figure``: caption and, optionally, a credit
    that becomes its own section); ``items`` the item label of each entry; ``head`` a heading (a box
    label, an inline prefix) with ``head_item`` its item label; ``linked`` whether entries are links.
    """

    role: Role
    kind: Kind
    texts: tuple[str, ...]
    region: Region = "body"
    items: tuple[Item | None, ...] = ()
    head: str | None = None
    head_item: Item | None = None
    linked: bool = True
    css: str = ""
    sep: str | None = None


class Draw:
    """Random choices of one page (a ``random.Random`` with helpers)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def one(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def some(self, options: Sequence[T], low: int, high: int) -> list[T]:
        k = min(len(options), self.rng.randint(low, high))
        return self.rng.sample(list(options), k)

    def prefer(self, pool: Sequence[T], preferred: Sequence[int], p: float = 0.75) -> T:
        """A preferred entry of ``pool`` with probability ``p``, else any entry."""
        if preferred and self.chance(p):
            return pool[self.one(preferred) % len(pool)]
        return self.one(pool)

    def css(self, role: str) -> str:
        """A class attribute for a role: usually from the role's pool, sometimes none or a generic one."""
        r = self.rng.random()
        if r < 0.2:
            return ""
        if r < 0.3:
            return self.one(CLASS_WORDS["other"])
        words = self.some(CLASS_WORDS[role], 1, 2)
        return " ".join(words)


ENTITY = re.compile(r"\b([A-Z][a-z]+(?:\s(?:[A-Z][a-z]+|[A-Z]{2,5})){1,2})\b")
ENTITY_STOP = frozenset(
    "Senin Selasa Rabu Kamis Jumat Sabtu Minggu Menurut Namun Dalam Selain Sementara Saat Ketika Untuk Pada Dia "
    "Ia Hal Kami Kita Para Sebelumnya Sebab Jadi Ini Itu Dengan The In On At As But And It He She They We This "
    "That When After Before Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Mr Mrs Ms Dr".split()
)  # fmt: skip


def entities(article: Article) -> list[str]:
    """Capitalised name-like phrases of an article, most frequent first (the title's words as a fallback)."""
    counts: Counter[str] = Counter()
    for paragraph in article.paragraphs:
        for match in ENTITY.findall(paragraph):
            if match.split()[0] not in ENTITY_STOP:
                counts[match] += 1
    found = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return found or [" ".join(article.title.split()[:3])]


class Filler:
    """Fills the placeholders of furniture phrases with one page's names, outlet, city and date."""

    def __init__(self, draw: Draw, vocab: Vocab, outlet: str, article: Article, lang: Lang) -> None:
        self.draw, self.vocab, self.outlet, self.lang = draw, vocab, outlet, lang
        rng = draw.rng
        self.when = datetime(2015, 1, 1) + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
        cities = [c for c in vocab.cities if c in " ".join(article.paragraphs[:3])]
        self.city = cities[0] if cities and draw.chance(0.8) else draw.one(vocab.cities[:6])
        self.names = entities(article)
        self.thing = " ".join(article.title.split()[: rng.randint(2, 4)]).rstrip(",:;").lower()
        self.section = draw.one(vocab.section_words)

    def person(self) -> str:
        return f"{self.draw.one(self.vocab.first_names)} {self.draw.one(self.vocab.last_names)}"

    def fill(self, template: str) -> str:
        """``template`` with its ``{...}`` fields filled (fresh names and numbers on each call)."""
        rng, when, vocab = self.draw.rng, self.when, self.vocab
        name, name2 = self.person(), self.person()
        initials = "".join(rng.choice("abcdefghijklmnoprstuwy") for _ in range(3))
        outlet = self.outlet
        domain = re.sub(r"[^a-z0-9]", "", outlet.lower()) or "news"
        fields = {
            "name": name, "name2": name2, "NAME": name.upper(), "outlet": outlet, "Outlet": outlet,
            "OUTLET": outlet.upper(), "city": self.city, "City": self.city, "CITY": self.city.upper(),
            "day": vocab.days[when.weekday()], "Day3": vocab.days[when.weekday()][:3], "d": str(when.day),
            "dd": f"{when.day:02d}", "m": str(when.month), "mm": f"{when.month:02d}", "yyyy": str(when.year),
            "Month": vocab.months[when.month - 1], "Mon": vocab.months[when.month - 1][:3], "HH": f"{when.hour:02d}",
            "MM": f"{when.minute:02d}", "h": str((when.hour - 1) % 12 + 1), "ampm": "am" if when.hour < 12 else "pm",
            "AMPM": "AM" if when.hour < 12 else "PM", "n": str(rng.randint(2, 48)), "a": initials,
            "b": "".join(rng.choice("abcdefghijklmnoprstuwy") for _ in range(3)), "A": initials.upper(),
            "ent": self.draw.one(self.names[:4]), "thing": self.thing, "credit": "", "handle": domain[:3] + name.split()[0].lower(),
            "url": f"https://{domain}.com/{rng.choice(['join', 'wa', 'tg', 'news'])}", "role": self.draw.one(ROLES_EN),
            "Section": self.section,
        }  # fmt: skip
        if "{credit}" in template:
            fields["credit"] = self.draw.one(vocab.credits).format(**fields)
        return normalize_space(template.format(**fields))


def long_item(article: Article, settings: Settings) -> str:
    """An item headline with its article's first sentence as a teaser, at least ``long_item_words`` words."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(article.paragraphs[:2]))
    text = article.title
    for sentence in sentences:
        if len(text.split()) >= settings.long_item_words:
            break
        text = f"{text} {sentence}" if text.endswith((".", "?", "!")) else f"{text}. {sentence}"
    return text


@dataclass(slots=True)
class ItemSource:
    """Draws item headlines for one page: ``on`` and ``off`` partners, without repeats."""

    corpus: Corpus
    index: int
    draw: Draw
    settings: Settings
    used: set[int] = field(default_factory=set)
    long_share: float = 0.2

    def take(self, label: Literal["on", "off"]) -> str | None:
        """A headline (sometimes with its teaser) of an unused ``label`` partner, ``None`` when none is left."""
        on, off = self.corpus.partners(self.index)
        pool = on if label == "on" else off
        free = [j for j in pool if j not in self.used] if len(pool) < 100 else pool
        for _ in range(20):
            if not free:
                return None
            j = self.draw.one(free)
            if j not in self.used:
                self.used.add(j)
                other = self.corpus.articles[j]
                return long_item(other, self.settings) if self.draw.chance(self.long_share) else other.title
        return None

    def headline(self) -> tuple[str, Item] | None:
        """An item's headline and label: ``on`` four times in five when the article has ``on`` partners left."""
        if self.draw.chance(0.8):
            text = self.take("on")
            if text is not None:
                return text, "on"
        text = self.take("off")
        return None if text is None else (text, "off")

    def any_title(self) -> str:
        """The title of some other article (related boxes)."""
        while True:
            j = self.draw.rng.randrange(len(self.corpus))
            if j != self.index and j not in self.used:
                self.used.add(j)
                return self.corpus.articles[j].title


def plan_page(
    article: Article, corpus: Corpus, index: int, draw: Draw, layout: Layout, source: Literal["html", "text"],
    settings: Settings,
) -> tuple[list[Group], str]:  # fmt: skip
    """The groups of one page, in reading order (see the module docstring for what varies), and its outlet."""
    vocab = VOCAB[layout.lang]
    outlet = draw.one(layout.outlets)
    fill = Filler(draw, vocab, outlet, article, layout.lang)
    items = ItemSource(corpus, index, draw, settings, long_share=0.2 if layout.lang == "id" else 0.1)
    items.used.add(index)
    groups: list[Group] = []
    text_page = source == "text"

    # -- top of the page: navigation, account links, an ad
    if not text_page or draw.chance(0.4):
        if draw.chance(0.85):
            groups.append(Group("list", "navigation", tuple(draw.some(vocab.nav, 4, 14)), "top", css=draw.css("nav")))
        if draw.chance(0.4):
            groups.append(Group("inline", "navigation", tuple(draw.some(vocab.account, 2, 3)), "top", css=draw.css("nav")))
        if draw.chance(0.3):
            groups.append(Group("line", "advertisement", (draw.one(vocab.ads),), "top", css=draw.css("ad")))
        if draw.chance(0.35):
            crumbs = [draw.one(vocab.nav[:4]), draw.one(vocab.section_words)]
            sep = f" {draw.one(('»', '>', '/', '›'))} "
            groups.append(Group("inline", "navigation", tuple(crumbs), "top", css=draw.css("nav"), sep=sep))
    # -- article header: kicker, headline, byline and dateline in some order, share bar, photo
    head: list[Group] = []
    if draw.chance(0.25):
        head.append(Group("line", "navigation", (draw.one(vocab.section_words),), "head", css=draw.css("nav")))
    head.append(Group("heading", "heading", (article.title,), "head"))
    meta: list[Group] = []
    byline_at_end = draw.chance(0.25)
    if not byline_at_end and draw.chance(0.9):
        meta.append(Group("line", "byline", (fill.fill(draw.prefer(vocab.bylines, layout.bylines)),), "head", css=draw.css("byline")))
        if layout.lang == "id" and draw.chance(0.15):
            meta.append(Group("line", "byline", (fill.fill("Editor: {name2}"),), "head", css=draw.css("byline")))
    if draw.chance(0.9):
        meta.append(Group("line", "dateline", (fill.fill(draw.prefer(vocab.dates, layout.dates)),), "head", css=draw.css("date")))
    if draw.chance(0.3):
        draw.rng.shuffle(meta)
    head.extend(meta)
    if draw.chance(0.35):
        head.append(share_group(draw, vocab, "head"))
    if draw.chance(0.45):
        head.append(figure_group(draw, vocab, fill, "head"))
    groups.extend(head)
    # -- body
    body = body_groups(article, draw, vocab, layout, fill, items, settings)
    groups.extend(body)
    # -- end matter attached to the body, then an attached box or not
    end: list[Group] = []
    if byline_at_end:
        end.append(Group("line", "byline", (fill.fill(draw.prefer(vocab.bylines, layout.bylines)),), "body", css=draw.css("byline")))
    if draw.chance(0.45):
        end.append(Group("line", "byline", (fill.fill(draw.one(vocab.end_bylines)),), "body", css=draw.css("byline")))
    if draw.chance(0.4):
        tags = [t.lower() if draw.chance(0.4) else t for t in fill.names[: draw.rng.randint(2, 5)]]
        prefix = draw.one(vocab.tag_heads) if draw.chance(0.8) else None
        groups_tag = Group("inline", "navigation", tuple(tags), "body", head=prefix, css=draw.css("tags"))
        end.append(groups_tag)
    draw.rng.shuffle(end)
    groups.extend(end)
    if draw.chance(0.25):
        groups.append(inserted_box(draw, vocab, items, "body", draw.one(vocab.box_labels)))
    # -- furniture after the article, in some order; related boxes among it are not inserted items
    after: list[Group] = []
    if draw.chance(0.5):
        after.append(share_group(draw, vocab, "bottom"))
    if draw.chance(0.35):
        after.extend(newsletter_groups(draw, vocab, fill))
    if draw.chance(0.3):
        after.append(comment_group(draw, vocab, fill))
    for _ in range(draw.rng.randint(0 if text_page else 1, 3)):
        head_text = fill.fill(draw.one(vocab.related_heads))
        titles = tuple(items.any_title() for _ in range(draw.rng.randint(2, 6)))
        after.append(Group("list", "related", titles, "bottom", head=head_text, css=draw.css("related")))
    if draw.chance(0.2):
        after.append(Group("line", "advertisement", (draw.one(vocab.ads),), "bottom", css=draw.css("ad")))
    if draw.chance(0.15):
        after.append(Group("line", "other", (fill.fill(draw.one(vocab.others)),), "bottom", css=draw.css("other")))
    draw.rng.shuffle(after)
    if not text_page or draw.chance(0.5):
        links = tuple(fill.fill(x) for x in draw.some(vocab.footer_links, 3, 9))
        bar = " | " if draw.chance(0.5) else None
        footer = [Group("list" if draw.chance(0.6) else "inline", "footer", links, "bottom", css=draw.css("footer"), sep=bar)]
        if draw.chance(0.85):
            footer.append(Group("line", "footer", (fill.fill(draw.one(vocab.copyrights)),), "bottom", css=draw.css("footer")))
        after.extend(footer)
    groups.extend(after)
    return groups, outlet


def share_group(draw: Draw, vocab: Vocab, region: Region) -> Group:
    """A share bar: its words in one section (with or without a heading) or one section each."""
    words = tuple(draw.some(vocab.share_words, 2, 6))
    head = draw.one(vocab.share_heads) if draw.chance(0.6) else None
    return Group("inline" if draw.chance(0.6) else "list", "share", words, region, head=head, css=draw.css("share"))


def figure_group(draw: Draw, vocab: Vocab, fill: Filler, region: Region) -> Group:
    """A photo caption (and sometimes a credit as its own section)."""
    caption = fill.fill(draw.one(vocab.captions))
    texts: tuple[str, ...] = (caption,)
    if draw.chance(0.2):
        texts = (caption, fill.fill(("Foto: " if vocab is ID else "Photo: ") + draw.one(vocab.credits)))
    return Group("figure", "caption", texts, region, css=draw.css("caption"))


def newsletter_groups(draw: Draw, vocab: Vocab, fill: Filler) -> list[Group]:
    """A newsletter or follow box: one to three of its lines."""
    lines = tuple(fill.fill(x) for x in draw.some(vocab.newsletters, 1, 3))
    return [Group("list", "newsletter", lines, "bottom", linked=False, css=draw.css("newsletter"))]


def comment_group(draw: Draw, vocab: Vocab, fill: Filler) -> Group:
    """A comment thread: heading, prompts, then comments (user, time, text, actions)."""
    texts: list[str] = [fill.fill(x) for x in draw.some(vocab.comment_prompts, 0, 2)]
    for _ in range(draw.rng.randint(0, 4)):
        person = fill.person()
        user = draw.one((person, person.split()[0].lower() + str(draw.rng.randint(1, 99)), person.split()[0]))
        texts.append(user)
        if draw.chance(0.8):
            texts.append(fill.fill(draw.one(vocab.ago)))
        texts.append(fill.fill(draw.one(vocab.comments)))
        if draw.chance(0.5):
            texts.append(draw.one(vocab.comment_actions))
    if not texts:
        texts.append(fill.fill(draw.one(vocab.comment_prompts)))
    return Group("list", "comment", tuple(texts), "bottom", head=fill.fill(draw.one(vocab.comment_heads)),
                 linked=False, css=draw.css("comment"))  # fmt: skip


def inserted_box(draw: Draw, vocab: Vocab, items: ItemSource, region: Region, label: str) -> Group:
    """A box of inserted items: a label (``label``) over one to three headlines (``on``/``off``)."""
    texts: list[str] = []
    labels: list[Item | None] = []
    for _ in range(draw.rng.randint(1, 3)):
        found = items.headline()
        if found is not None:
            texts.append(found[0])
            labels.append(found[1])
    return Group("list", "inserted_link", tuple(texts), region, items=tuple(labels), head=label, head_item="label",
                 css=draw.css("inserted"))  # fmt: skip


def body_groups(
    article: Article, draw: Draw, vocab: Vocab, layout: Layout, fill: Filler, items: ItemSource, settings: Settings
) -> list[Group]:
    """The article's paragraphs with inserted items, ads, captions and a dateline between them."""
    paragraphs = list(article.paragraphs)
    groups: list[Group] = []
    leadin = fill.fill(draw.prefer(vocab.leadins, layout.leadins)) if draw.chance(0.7) else None
    if leadin and draw.chance(layout.p_leadin_alone if draw.chance(0.8) else 0.3):
        groups.append(Group("line", "dateline", (leadin,), "body", css=draw.css("date")))
    elif leadin:
        paragraphs[0] = f"{leadin} {paragraphs[0]}"
    if draw.chance(0.12):
        groups.append(inserted_box(draw, vocab, items, "body", draw.one(vocab.box_labels)))
    # what goes into the gaps between paragraphs
    gaps = len(paragraphs) - 1
    extras: dict[int, list[Group]] = {}
    n_items = draw.rng.choice((0, 1, 1, 2, 2, 3, 4)) if gaps else 0
    for _ in range(min(n_items, gaps)):
        gap = draw.rng.randint(1, gaps)
        extras.setdefault(gap, []).append(item_group(draw, vocab, layout, items))
    for _ in range(draw.rng.choice((0, 0, 1, 1, 2))):
        ad: tuple[str, ...] = (draw.one(vocab.ads),)
        if layout.lang == "id" and draw.chance(0.4):
            ad = ("ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT")
        extras.setdefault(draw.rng.randint(1, max(gaps, 1)), []).append(
            Group("list", "advertisement", ad, "body", linked=False, css=draw.css("ad"))
        )
    if draw.chance(0.3):
        extras.setdefault(draw.rng.randint(1, max(gaps, 1)), []).append(figure_group(draw, vocab, fill, "body"))
    if draw.chance(0.06):
        extras.setdefault(draw.rng.randint(1, max(gaps, 1)), []).append(
            Group("line", "other", (fill.fill(draw.one(vocab.others)),), "body", css=draw.css("other"))
        )
    for number, paragraph in enumerate(paragraphs):
        for group in extras.get(number, []):
            groups.append(group)
        groups.append(Group("para", "paragraph", (paragraph,), "body"))
    return groups


def item_group(draw: Draw, vocab: Vocab, layout: Layout, items: ItemSource) -> Group:
    """One inserted item between paragraphs: a cue line, a box, an orphan label, or a bare bold headline."""
    r = draw.rng.random()
    if r < 0.15:
        return inserted_box(draw, vocab, items, "body", draw.one(vocab.box_labels))
    if r < 0.2:
        return Group("line", "inserted_link", (draw.one(vocab.cues),), "body", items=("label",), css=draw.css("inserted"))
    found = items.headline()
    if found is None:
        return Group("line", "inserted_link", (draw.one(vocab.cues),), "body", items=("label",))
    text, label = found
    markup = draw.prefer(ITEM_MARKUPS, [ITEM_MARKUPS.index(m) for m in layout.item_markups if m in ITEM_MARKUPS])
    cue = draw.prefer(vocab.cues, layout.cues)
    if layout.lang == "en" and (layout.name == "fox" and draw.chance(0.5) or draw.chance(0.08)):
        cue = ""
    return Group("item", "inserted_link", (cue, text), "body", items=(label,), css=markup)


# --------------------------------------------------------------------------------------------------
# Rendering


def esc(text: str) -> str:
    return htmlmod.escape(text, quote=False)


def attr(css: str) -> str:
    return f' class="{css}"' if css else ""


class HtmlWriter:
    """Renders groups to HTML, collecting the sections they make in order."""

    def __init__(self, draw: Draw, layout: Layout) -> None:
        self.draw = draw
        self.layout = layout
        self.parts: list[Part] = []
        self.br_body = draw.chance(layout.p_br_body)

    def add(self, text: str, kind: Kind, item: Item | None = None) -> None:
        self.parts.append(Part(normalize_space(text), kind, item))

    def href(self) -> str:
        return f"/read/{self.draw.rng.randrange(10**6, 10**7)}"

    def group(self, g: Group) -> str:
        """The markup of one group (appending its sections)."""
        draw = self.draw
        if g.role == "para":
            self.add(g.texts[0], g.kind)
            return f"<p>{esc(g.texts[0])}</p>"
        if g.role == "heading":
            self.add(g.texts[0], g.kind)
            tag = "h1" if g.region == "head" else draw.one(("h2", "h3"))
            return f"<{tag}{attr(draw.one(('', 'detail__title', 'read__title', 'headline', 'entry-title')))}>{esc(g.texts[0])}</{tag}>"
        if g.role == "line":
            self.add(g.texts[0], g.kind, g.items[0] if g.items else None)
            tag = draw.one(("div", "p", "div", "span")) if g.kind != "dateline" else draw.one(("div", "time", "p", "span"))
            inner = esc(g.texts[0])
            if g.kind == "inserted_link" and draw.chance(0.6):
                inner = f"<strong>{inner}</strong>"
            if tag in ("span", "time"):
                return f"<div><{tag}{attr(g.css)}>{inner}</{tag}></div>"
            return f"<{tag}{attr(g.css)}>{inner}</{tag}>"
        if g.role == "figure":
            self.add(g.texts[0], g.kind)
            img = f'<img src="/img/{draw.rng.randrange(10**5)}.jpg" alt="">'
            if len(g.texts) > 1:
                self.add(g.texts[1], g.kind)
                credit = f"<div class=\"{draw.one(('credit', 'photo-credit', 'source'))}\">{esc(g.texts[1])}</div>"
            else:
                credit = ""
            if draw.chance(0.6):
                return f"<figure{attr(g.css)}>{img}<figcaption>{esc(g.texts[0])}</figcaption>{credit}</figure>"
            return f"<div{attr(g.css)}>{img}<p>{esc(g.texts[0])}</p>{credit}</div>"
        if g.role == "item":
            return self.item(g)
        if g.role == "inline":
            return self.inline(g)
        return self.listing(g)

    def item(self, g: Group) -> str:
        cue, title = g.texts
        text = f"{cue} {title}" if cue else title
        self.add(text, g.kind, g.items[0])
        a = f'<a href="{self.href()}">{esc(title)}</a>'
        markup = g.css
        cls = attr(self.draw.css("inserted"))
        if not cue:
            return f"<p><strong>{a}</strong></p>" if self.draw.chance(0.7) else f"<h3{cls}>{a}</h3>"
        if markup == "strong-all":
            return f"<p><strong>{esc(cue)} {a}</strong></p>"
        if markup == "div-cue-link":
            return f"<div{cls}>{esc(cue)} {a}</div>"
        if markup == "link-all":
            return f'<p{cls}><a href="{self.href()}">{esc(text)}</a></p>'
        if markup == "table":
            return f'<table{cls}><tr><td><div><strong>{esc(cue)}</strong> {a}</div></td></tr></table>'
        if markup == "plain":
            return f"<p>{esc(cue)} {a}</p>"
        if markup == "b-cue":
            return f"<p><b>{esc(cue)}</b> <em>{a}</em></p>"
        return f"<p><strong>{esc(cue)}</strong> {a}</p>"

    def inline(self, g: Group) -> str:
        """Entries in one block (one section), as links separated by ``sep``, after a prefix if any."""
        sep = g.sep or self.draw.one((" ", " | ", " · ", ", "))
        joined = esc(sep).join(f'<a href="{self.href()}">{esc(t)}</a>' for t in g.texts)
        text = sep.join(g.texts)
        if g.head:
            text = f"{g.head} {text}"
            joined = f"<span>{esc(g.head)}</span> {joined}"
        self.add(text, g.kind)
        return f"<div{attr(g.css)}>{joined}</div>"

    def listing(self, g: Group) -> str:
        draw = self.draw
        out = []
        wrap = draw.one(("div", "section", "aside", "div")) if g.kind not in ("navigation", "footer") else (
            "nav" if g.kind == "navigation" and draw.chance(0.5) else "footer" if g.kind == "footer" and draw.chance(0.5) else "div"
        )  # fmt: skip
        if g.head:
            self.add(g.head, g.kind, g.head_item)
            htag = draw.one(("h2", "h3", "h4", "div", "p", "span"))
            head = f"<{htag}{attr(draw.one(('', 'title', 'box-title', 'section-title', 'heading')))}>{esc(g.head)}</{htag}>"
            out.append(f"<div>{head}</div>" if htag == "span" else head)
        style = draw.one(("ul", "div", "h3")) if g.linked else draw.one(("div", "p"))
        entries = []
        for number, text in enumerate(g.texts):
            self.add(text, g.kind, g.items[number] if g.items else None)
            inner = f'<a href="{self.href()}">{esc(text)}</a>' if g.linked else esc(text)
            if style == "ul":
                entries.append(f"<li>{inner}</li>")
            else:
                entries.append(f"<{style}{attr(draw.one(('', 'item', 'list-item', 'media__title')))}>{inner}</{style}>")
        body = f"<ul>{''.join(entries)}</ul>" if style == "ul" else "".join(entries)
        return f"<{wrap}{attr(g.css)}>{''.join(out)}{body}</{wrap}>"

    def body_group(self, g: Group) -> str:
        """Markup of a body group when the body is ``<br>``-separated runs of text."""
        if g.role == "para":
            self.add(g.texts[0], g.kind)
            return f"{esc(g.texts[0])}<br><br>"
        if g.role == "item" and g.css not in ("table", "link-all"):
            cue, title = g.texts
            self.add(f"{cue} {title}" if cue else title, g.kind, g.items[0])
            return f'<strong>{esc(cue)}</strong> <a href="{self.href()}">{esc(title)}</a><br><br>'
        return self.group(g)

    def page(self, groups: Sequence[Group], title: str, outlet: str) -> str:
        """The whole document."""
        draw = self.draw
        by_region: dict[str, list[str]] = {"top": [], "head": [], "body": [], "bottom": []}
        for g in groups:
            markup = self.body_group(g) if g.region == "body" and self.br_body else self.group(g)
            by_region[g.region].append(markup)
        body_cls = attr(draw.one(self.layout.body_classes) if draw.chance(0.8) else draw.css("article"))
        body = f"<div{body_cls}>{''.join(by_region['body'])}</div>"
        article_tag = draw.one(("article", "div", "main"))
        head = "".join(by_region["head"])
        header = f"<header{attr(draw.css('nav'))}>{''.join(by_region['top'])}</header>" if by_region["top"] else ""
        scripts = "<script>window.dataLayer=[];</script>" if draw.chance(0.5) else ""
        doc_title = esc(f"{title} - {outlet}" if draw.chance(0.7) else title)
        og = f'<meta property="og:title" content="{htmlmod.escape(title)}">' if draw.chance(0.6) else ""
        return (
            f'<!DOCTYPE html>\n<html lang="{self.layout.lang}"><head><meta charset="utf-8"><title>{doc_title}</title>{og}'
            f"<style>.x{{color:red}}</style></head><body>{scripts}{header}"
            f"<{article_tag}{attr(draw.css('article'))}>{head}{body}</{article_tag}>"
            f"{''.join(by_region['bottom'])}</body></html>"
        )


def render_html(groups: Sequence[Group], draw: Draw, layout: Layout, title: str, outlet: str) -> tuple[str, list[Part]]:
    """The page as HTML and the sections the parser will find in it."""
    writer = HtmlWriter(draw, layout)
    return writer.page(groups, title, outlet), writer.parts


def render_text(groups: Sequence[Group], draw: Draw) -> tuple[str, list[Part]]:
    """The page as plain text (one section per line or paragraph) and its sections."""
    parts: list[Part] = []
    lines: list[str] = []
    for g in groups:
        if g.role == "item":
            cue, title = g.texts
            entries = [(f"{cue} {title}" if cue else title, g.items[0])]
        elif g.role == "inline":
            text = (g.sep or draw.one((" | ", " · ", " ", ", "))).join(g.texts)
            entries = [(f"{g.head} {text}" if g.head else text, None)]
        else:
            entries = []
            if g.head:
                entries.append((g.head, g.head_item))
            bullet = draw.one(("", "", "- ", "• ")) if g.role == "list" and g.kind in ("related", "inserted_link") else ""
            entries += [(f"{bullet}{t}", g.items[n] if g.items else None) for n, t in enumerate(g.texts)]
        for text, item in entries:
            parts.append(Part(normalize_space(text), g.kind, item))
            lines.append(text)
    wrap = draw.chance(0.25)
    single = draw.chance(0.3)
    out = []
    for line in lines:
        if wrap and not single and len(line) > 90:
            width = draw.rng.randint(70, 100)
            line = "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        if draw.chance(0.05):
            line = f"  {line} "
        out.append(line)
    joiner = "\n" if single else draw.one(("\n\n", "\n\n", "\n\n\n", "\n \n"))
    return joiner.join(out) + ("\n" if draw.chance(0.5) else ""), parts


def check_sections(content: str, source: Literal["html", "text"], parts: Sequence[Part], page_id: str) -> None:
    """Raise ``GeneratorError`` unless the parser's sections of ``content`` are ``parts`` (their texts, in order)."""
    page = parse(content)
    got = [s.text for s in page.sections]
    want = [p.text for p in parts]
    if page.source != source:
        raise GeneratorError(f"{page_id}: the parser reads the page as {page.source}, not {source}")
    if got != want:
        where = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        raise GeneratorError(
            f"{page_id}: section {where} differs: parser {got[where:where + 1]!r} vs generator {want[where:where + 1]!r}"
            f" ({len(got)} vs {len(want)} sections)"
        )


# --------------------------------------------------------------------------------------------------
# Generation


def load_articles(lang: Lang, shared: Path = SHARED, settings: Settings = Settings(), *, limit: int | None = None) -> list[Article]:
    """The usable articles of a language (both splits), of the first ``limit`` source records if given."""
    if lang == "id":
        return indonesian_articles(shared, settings, limit=limit)
    return english_articles(shared, settings, limit=limit)


def generate(
    lang: Lang, pages: int, seed: int, *, source: SourceMode = "mixed", shared: Path = SHARED,
    settings: Settings = Settings(), articles: Sequence[Article] | None = None, layout: str | None = None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Generated page records (see the module docstring), deterministic for a ``seed``.

    Args:
        lang: ``id`` or ``en``.
        pages: how many pages.
        seed: the seed; below ``EVAL_SEEDS`` training pages, from it on evaluation pages.
        source: ``html``, ``text`` or ``mixed`` (each page one or the other, half and half).
        shared: the shared data sets folder.
        settings: generator parameters.
        articles: the articles to draw from (both splits; by default read from ``shared``).
        layout: one layout for every page (by default each page draws one of the language's layouts).

    Returns:
        An iterator of records.

    Raises:
        FileNotFoundError: the shared data are absent.
        GeneratorError: a generated page whose parse differs from its sections (a bug here).
    """
    names = layouts(lang)
    if layout is not None and layout not in names:
        raise ValueError(f"{layout!r} is not one of the {lang} layouts ({', '.join(names)})")
    split = split_of_seed(seed)
    pool = [a for a in (articles if articles is not None else load_articles(lang, shared, settings)) if (split == "eval") == is_dev(a.id)]
    if not pool:
        raise ValueError(f"no {lang} articles in the {split} split")
    corpus = Corpus(pool, settings)
    rng = random.Random(f"chaff-synthetic:{lang}:{seed}")
    order: list[int] = []
    for number in range(pages):
        if not order:
            order = list(range(len(corpus)))
            rng.shuffle(order)
        index = order.pop()
        article = corpus.articles[index]
        draw = Draw(random.Random(rng.getrandbits(64)))
        style = LAYOUTS[layout or draw.one(names)]
        kind: Literal["html", "text"] = source if source != "mixed" else ("html" if draw.chance(0.5) else "text")
        groups, outlet = plan_page(article, corpus, index, draw, style, kind, settings)
        page_id = f"synthetic-{lang}-s{seed}-{number:05d}"
        if kind == "html":
            content, parts = render_html(groups, draw, style, article.title, outlet)
        else:
            content, parts = render_text(groups, draw)
        check_sections(content, kind, parts, page_id)
        yield {
            "id": page_id, "lang": lang, "dataset": f"synthetic-{lang}", "layout": style.name, "source": kind,
            kind: content, "title": article.title, "split": split, "seed": seed, "article": article.id,
            "sections": [p.record() for p in parts],
        }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Write generated pages as JSON Lines (``.gz`` by suffix)."""
    parser = argparse.ArgumentParser(prog="python -m training.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=("id", "en"), required=True)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True, help=f"below {EVAL_SEEDS}: training pages; from it on: evaluation pages")
    parser.add_argument("--source", choices=("html", "text", "mixed"), default="mixed")
    parser.add_argument("--layout", help="one layout for every page (default: drawn per page)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, help="read only the first LIMIT source records (per data set): a quick look")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    try:
        counts: Counter[str] = Counter()
        opener: Callable[..., Any] = gzip.open if args.out.suffix == ".gz" else open
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with opener(args.out, "wt", encoding="utf-8") as out:
            articles = load_articles(args.lang, args.shared, limit=args.limit)
            pages = generate(args.lang, args.pages, args.seed, source=args.source, articles=articles, layout=args.layout)
            for record in pages:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[record["source"]] += 1
                counts.update(s["kind"] for s in record["sections"])
                counts.update(f"item:{s['item']}" for s in record["sections"] if s["item"])
    except (FileNotFoundError, ValueError) as error:
        print(f"training.synthetic: error: {error}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{args.out}: {args.pages} pages ({split_of_seed(args.seed)}): {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
