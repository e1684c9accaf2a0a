"""Write the invented inserted-link pages (``pages/``) and their labels (``own_labels.jsonl``).

Run from the repository root: ``.venv/bin/python data/inserted_links/make_pages.py``. Deterministic.
Every page is built from ``topics.py`` (text written for chaff). Each labeled item records the exact
section text chaff's parser yields for it and its label: ``on`` / ``off`` (topicality) or ``label``
(a bare "Baca Juga" box heading or orphan label: inserted-link noise with no headline to judge).
"""

from __future__ import annotations

import html
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from topics import OFF_TOPIC, TOPICS, TRAPS  # noqa: E402

PAGES = HERE / "pages"
CUES = {
    "id": ("Baca Juga", "BACA JUGA", "Baca juga", "Lihat Juga", "Simak Juga"),
    "en": ("Read also", "READ MORE", "Related", "See also", "Also read"),
}
BYLINE = {"id": "Dewi Lestari\n\nPenulis", "en": "By Sam Carter, Staff Reporter"}
TRAILER = {"id": "Artikel Terkait", "en": "More from News"}
SIDEBAR = {"id": "Berita Terpopuler", "en": "Most Read"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


class Builder:
    def __init__(self, topic: dict, rng: random.Random) -> None:
        self.topic, self.rng, self.lang = topic, rng, topic["lang"]
        self.items: list[dict] = []
        self.on = list(topic["on_topic"])
        self.off = rng.sample(OFF_TOPIC[self.lang], 4)

    def pick(self, label: str) -> str:
        pool = self.on if label == "on" else self.off
        return pool[self.rng.randrange(len(pool))]

    def item(self, text: str, label: str) -> None:
        self.items.append({"text": " ".join(text.split()), "label": label})


def text_cue(b: Builder) -> str:
    t, lang, paras = b.topic, b.lang, b.topic["paragraphs"]
    cues = CUES[lang]
    out = [t["title"], BYLINE[lang]]
    plan = {1: ("on", 0, ": "), 3: ("off", 1, ": "), 5: ("on", 3, " | ")}
    for k, p in enumerate(paras):
        out.append(p)
        if k in plan:
            label, cue, sep = plan[k]
            line = f"{cues[cue]}{sep}{b.pick(label)}"
            out.append(line)
            b.item(line, label)
        if k == 4:
            out.append(TRAPS[lang][0])
    off = b.pick("off")
    line = f"{cues[2]} {off}" if lang == "id" else f"{cues[4]}: {off}"  # no separator in Indonesian
    out.insert(len(out) - 1, line)
    b.item(line, "off")
    out.append(TRAILER[lang])
    return "\n\n".join(out) + "\n"


def text_box(b: Builder) -> str:
    t, lang, paras = b.topic, b.lang, b.topic["paragraphs"]
    label = CUES[lang][0]
    out = [t["title"], BYLINE[lang]]
    for k, p in enumerate(paras):
        out.append(p)
        if k == 2:
            out.append(label)
            b.item(label, "label")
            for kind in ("on", "off", "on"):
                head = b.pick(kind)
                out.append(head)
                b.item(head, kind)
        if k == 4:
            out.append(TRAPS[lang][-1])
        if k == 5:
            orphan = f"{label}:"
            out.append(orphan)
            b.item(orphan, "label")
    return "\n\n".join(out) + "\n"


def page_html(title: str, body: str, lang: str, sidebar: list[str]) -> str:
    nav = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Home", "News", "Sport", "Tekno"))
    side = "".join(f"<li><a href='/s/{i}'>{esc(h)}</a></li>" for i, h in enumerate(sidebar))
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>{esc(title)}</title></head><body>\n"
        f"<nav class='main-menu'><ul>{nav}</ul></nav>\n<div class='container'><article class='detail'>\n"
        f"<h1>{esc(title)}</h1>\n<div class='author'>{esc(BYLINE[lang].split(chr(10))[0])}</div>\n"
        f"<div class='detail__body-text itp_bodycontent'>\n{body}\n</div></article>\n"
        f"<aside class='sidebar'><div class='box-popular'><h3>{SIDEBAR[lang]}</h3><ul>{side}</ul></div></aside></div>\n"
        f"<footer><p>Copyright 2024 Media Contoh. All rights reserved.</p></footer>\n</body></html>\n"
    )


def html_detik(b: Builder) -> str:
    paras = b.topic["paragraphs"]
    parts = []
    for k, p in enumerate(paras):
        parts.append(f"<p>{esc(p)}</p>")
        if k in (1, 4):
            kind = "on" if k == 1 else "off"
            head = b.pick(kind)
            parts.append(
                f"<table class='linksisip'><tr><td><div class='lihatjg'><strong>Baca juga:</strong> "
                f"<a href='/x'>{esc(head)}</a></div></td></tr></table>"
            )
            b.item(f"Baca juga: {head}", kind)
        if k == 3:
            head = b.pick("off")
            parts.append(f"<div class='lihatjg'><strong>Baca juga: </strong><a href='/y'>{esc(head)}</a></div>")
            b.item(f"Baca juga: {head}", "off")
        if k == 5:
            head = b.pick("on")
            parts.append(f"<p><strong>Simak juga:</strong> <a href='/v'>{esc(head)}</a></p>")
            b.item(f"Simak juga: {head}", "on")
            parts.append(f"<p>{esc(TRAPS['id'][1])}</p>")
    return page_html(b.topic["title"], "\n".join(parts), "id", b.rng.sample(OFF_TOPIC["id"], 4))


def html_box(b: Builder) -> str:
    paras = b.topic["paragraphs"]
    parts = []
    for k, p in enumerate(paras):
        parts.append(f"<p>{esc(p)}</p>")
        if k == 1:  # liputan6: label paragraph + list box
            heads = [(b.pick(kind), kind) for kind in ("on", "off")]
            parts.append("<p class='baca-juga__header'>Baca Juga</p><div class='baca-juga'><ul class='baca-juga__list'>"
                         + "".join(f"<li><a href='/l'>{esc(h)}</a></li>" for h, _ in heads) + "</ul></div>")
            b.item("Baca Juga", "label")
            for h, kind in heads:
                b.item(h, kind)
        if k == 3:  # bold prefix inside a paragraph
            head = b.pick("off")
            parts.append(f"<p><strong>BACA JUGA:</strong> <a href='/b'>{esc(head)}</a></p>")
            b.item(f"BACA JUGA: {head}", "off")
        if k == 4:  # kompas: h4 + list inside kcm-read-terkait
            heads = [(b.pick(kind), kind) for kind in ("on", "on", "off")]
            parts.append("<div class='kcm-read-terkait'><h4>Baca Juga</h4><ul>"
                         + "".join(f"<li><a href='/k'>{esc(h)}</a></li>" for h, _ in heads) + "</ul></div>")
            b.item("Baca Juga", "label")
            for h, kind in heads:
                b.item(h, kind)
    return page_html(b.topic["title"], "\n".join(parts), "id", b.rng.sample(OFF_TOPIC["id"], 4))


def html_en(b: Builder) -> str:
    paras = b.topic["paragraphs"]
    parts = []
    for k, p in enumerate(paras):
        parts.append(f"<p>{esc(p)}</p>")
        if k == 1:
            head = b.pick("on")
            parts.append(f"<p><strong>Read also:</strong> <a href='/r'>{esc(head)}</a></p>")
            b.item(f"Read also: {head}", "on")
        if k == 2:
            head = b.pick("off")
            parts.append(f"<p>READ MORE: <a href='/m'>{esc(head)}</a></p>")
            b.item(f"READ MORE: {head}", "off")
        if k == 3:
            parts.append(f"<p>{esc(TRAPS['en'][0])}</p>")
        if k == 4:
            heads = [(b.pick(kind), kind) for kind in ("off", "on")]
            parts.append("<aside class='related-inline'><h4>Related</h4><ul>"
                         + "".join(f"<li><a href='/a'>{esc(h)}</a></li>" for h, _ in heads) + "</ul></aside>")
            b.item("Related", "label")
            for h, kind in heads:
                b.item(h, kind)
    return page_html(b.topic["title"], "\n".join(parts), "en", b.rng.sample(OFF_TOPIC["en"], 4))


FORMATS = {
    "id": (("text_cue", "txt", text_cue), ("html_detik", "html", html_detik), ("html_box", "html", html_box),
           ("text_box", "txt", text_box)),
    "en": (("text_cue", "txt", text_cue), ("html_en", "html", html_en), ("text_box", "txt", text_box)),
}


def main() -> None:
    PAGES.mkdir(exist_ok=True)
    records = []
    for topic in TOPICS:
        for name, suffix, render in FORMATS[topic["lang"]]:
            rng = random.Random(f"{topic['key']}-{name}")
            builder = Builder(topic, rng)
            path = PAGES / f"{topic['lang']}-{topic['key']}-{name}.{suffix}"
            path.write_text(render(builder), encoding="utf-8")
            records.append({"page": f"pages/{path.name}", "lang": topic["lang"], "items": builder.items})
    with open(HERE / "own_labels.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    items = [i for r in records for i in r["items"]]
    print(f"{len(records)} pages, {len(items)} items:",
          {k: sum(i["label"] == k for i in items) for k in ("on", "off", "label")})


if __name__ == "__main__":
    main()
