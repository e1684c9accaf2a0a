"""Inserted links: detection on HTML and plain text, topicality, and the entry point's edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from classifier import links
from classifier.page import Page, parse

from conftest import html_page

BODY = [
    "Kementerian Luar Negeri memanggil Duta Besar Tiongkok di Jakarta setelah kapal penjaga pantai negara itu kembali memasuki perairan Natuna Utara pada Senin pagi.",
    "Menteri Luar Negeri mengatakan pemerintah menyampaikan nota protes keras atas pelanggaran hak berdaulat Indonesia di zona ekonomi eksklusif tersebut.",
    "Badan Keamanan Laut melaporkan dua kapal penjaga pantai dan puluhan kapal nelayan asing terpantau di perairan Natuna sejak Jumat pekan lalu.",
    "Panglima Komando Armada mengatakan pasukannya siap menjaga kedaulatan di perbatasan dan kapal perang telah dikirim ke perairan Natuna Utara.",
    "Komisi I DPR mendukung langkah Kementerian Luar Negeri dan meminta pemerintah bersikap tegas terhadap setiap pelanggaran di wilayah perairan Natuna.",
]
ON = "Menlu Sampaikan Nota Protes, Indonesia Tegaskan Hak Berdaulat di Natuna Utara"
OFF = "Polisi Tangkap Pelaku Pembunuhan Pengusaha Bengkel di Bekasi, Motif Utang Piutang"
TITLE = "Kapal Asing Masuk Natuna Lagi, Menlu Panggil Duta Besar Tiongkok"


def body_proba(page: Page) -> np.ndarray:
    """P(content) as a good section model would give it: long prose is content, the rest noise."""
    return np.array([0.95 if len(s.text.split()) >= 15 else 0.05 for s in page.sections])


def run(page: Page):
    return links.inserted_links(page, body_proba(page))


def test_detik_bold_prefix_and_link():
    body = (
        "".join(f"<p>{p}</p>" for p in BODY[:2])
        + f"<table class='linksisip'><tr><td><div class='lihatjg'><strong>Baca juga:</strong> <a href='/a'>{ON}</a></div></td></tr></table>"
        + "".join(f"<p>{p}</p>" for p in BODY[2:])
    )
    page = parse(html_page(body, title=TITLE))
    found = run(page)
    assert [page.sections[f.section_index].text for f in found] == [f"Baca juga: {ON}"]
    assert not found[0].off_topic


def test_liputan6_label_and_list():
    box = f"<p>Baca Juga</p><div class='baca-juga'><ul><li><a href='/1'>{ON}</a></li><li><a href='/2'>{OFF}</a></li></ul></div>"
    page = parse(html_page("".join(f"<p>{p}</p>" for p in BODY[:3]) + box + "".join(f"<p>{p}</p>" for p in BODY[3:]), title=TITLE))
    found = run(page)
    assert [f.text for f in found] == ["Baca Juga", ON, OFF]
    assert [f.off_topic for f in found] == [False, False, True]


def test_kompas_h4_box():
    box = f"<div class='kcm-read-terkait'><h4>Baca Juga</h4><ul><li><a href='/1'>{OFF}</a></li><li><a href='/2'>{ON}</a></li></ul></div>"
    page = parse(html_page("".join(f"<p>{p}</p>" for p in BODY[:2]) + box + "".join(f"<p>{p}</p>" for p in BODY[2:]), title=TITLE))
    assert [f.text for f in run(page)] == ["Baca Juga", OFF, ON]


def test_plain_text_and_off_topic_flag():
    text = "\n\n".join([TITLE, BODY[0], BODY[1], f"Baca Juga: {ON}", BODY[2], BODY[3], f"Baca Juga: {OFF}", BODY[4]])
    page = parse(text)
    found = run(page)
    assert [f.text for f in found] == [f"Baca Juga: {ON}", f"Baca Juga: {OFF}"]
    assert [f.off_topic for f in found] == [False, True]
    assert found[0].similarity > found[1].similarity


def test_cue_word_sentence_is_not_detected():
    sentence = "Baca juga buku ini agar Anda paham bagaimana diplomasi bekerja, karena banyak hal yang tidak tampak di permukaan."
    text = "\n\n".join([TITLE, BODY[0], BODY[1], sentence, BODY[2], BODY[3]])
    page = parse(text)
    assert run(page) == ()
    assert links.cue_split(sentence) is not None  # it does start with the cue word


def test_similarity_matches_affixes():
    page = Page("Pasukan perdamaian tiba", "id", parse("\n\n".join(BODY)).sections)
    same = links.similarity("Pasukannya Dikirim ke Perbatasan Natuna", page, range(len(page.sections)))
    other = links.similarity("Resep Rendang Padang Empuk dan Meresap", page, range(len(page.sections)))
    assert links.stem("pasukannya") == links.stem("pasukan")
    assert same > other


def test_empty_page():
    assert links.inserted_links(Page("", None, ()), np.empty(0)) == ()
    assert links.inserted_links(parse(""), np.empty(0)) == ()


@pytest.mark.shared_data
def test_detik_page_from_shared(shared_data):
    from conftest import read_pages

    for record in read_pages(shared_data / "extraction" / "indonesian-news" / "pages.jsonl.gz"):
        if record["id"] == "indonesian-news-detik-1":
            page = parse(record["html"], lang_hint="id")
            found = links.inserted_links(page, body_proba(page))
            assert any(f.text.startswith("Baca juga:") for f in found)
            return
    pytest.skip("page not in this copy of the data set")
