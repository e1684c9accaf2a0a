"""The rules of chaff 0.1 for inserted links, kept as weak labelers (classifier.fit.rules.links)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import html_page

from classifier.fit.rules import links, topicality
from classifier.parsing import parse
from classifier.types import Page

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
    assert topicality.stem("pasukannya") == topicality.stem("pasukan")
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


def paragraphs(texts) -> str:
    return "".join(f"<p>{p}</p>" for p in texts)


def article(inner: str, after: str = "") -> str:
    """A page whose article body is ``inner``, followed by ``after`` outside the article."""
    return html_page(f"<article><div class='body'>{inner}</div></article>{after}", title=TITLE)


def texts(page, found) -> list[str]:
    return [page.sections[f.section_index].text for f in found]


def test_related_box_after_share_bar_is_furniture():
    after = (
        "<div class='share'><a href='/f'>Share on Facebook</a> <a href='/t'>Share on Twitter</a></div>"
        "<div class='widget'><div class='widget-head'>Related Articles:</div>"
        f"<ul><li><a href='/1'>{OFF}</a></li><li><a href='/2'>{ON}</a></li></ul></div>"
    )
    assert run(parse(article(paragraphs(BODY), after))) == ()


def test_related_aside_after_article_is_furniture_but_related_box_in_body_is_inserted():
    box = f"<h4>Related</h4><ul><li><a href='/1'>{OFF}</a></li><li><a href='/2'>{ON}</a></li></ul>"
    aside = parse(article(paragraphs(BODY), f"<aside class='related'>{box}</aside>"))
    assert run(aside) == ()
    inline = parse(article(paragraphs(BODY[:2]) + f"<aside class='related-inline'>{box}</aside>" + paragraphs(BODY[2:])))
    assert [f.text for f in run(inline)] == ["Related", OFF, ON]


def test_teaser_list_in_another_container_is_not_in_the_body_run():
    teasers = "".join(
        f"<article class='more-posts'><a href='/{k}'>Read More</a><h5><a href='/{k}'>{OFF}</a></h5><div>{BODY[k]}</div></article>"
        for k in range(3)
    )
    share = "<ul class='share'>" + "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in ("Facebook", "Twitter", "Email", "Print")) + "</ul>"
    page = parse(html_page(f"<main><div class='article-body'>{paragraphs(BODY)}</div>{share}{teasers}</main>", title=TITLE))
    assert run(page) == ()


def test_box_heading_with_items_inside_the_body():
    box = (
        "<div class='related-stories'><h3>More from UK</h3>"
        f"<h4><a href='/1'>{OFF}</a></h4><h4><a href='/2'>{ON}</a></h4></div>"
    )
    page = parse(article(paragraphs(BODY[:2]) + box + paragraphs(BODY[2:])))
    assert [f.text for f in run(page)] == ["More from UK", OFF, ON]


def test_topic_tags_are_not_items():
    tags = "<div class='tags'>Related Topics:</div><ul>" + "".join(
        f"<li class='taxonomy-term'><a href='/t{k}'>{t}</a></li>" for k, t in enumerate(["Natuna Sea", "Diplomacy", "Jakarta"])
    ) + "</ul>"
    assert run(parse(article(paragraphs(BODY) + tags))) == ()


def test_story_card_ending_in_read_more():
    card = (
        f"<div class='inset-story'><h6><a href='/s'>{OFF}</a></h6>"
        "<p>In recent months hundreds of people have been taken to hospital</p><div><a href='/s'>Read more</a></div></div>"
    )
    page = parse(article(paragraphs(BODY[:2]) + card + paragraphs(BODY[2:])))
    found = run(page)
    assert texts(page, found)[0] == OFF and texts(page, found)[-1] == "Read more" and len(found) == 3
    assert found[0].off_topic and found[1].similarity == 0.0  # the teaser carries no headline to judge


def test_promotion_card_and_promotion_lines_are_not_items():
    promo_card = (
        "<div class='rich-link'><h1><a href='/n'>Sign up for the Sleeve Notes email: music news and reviews</a></h1>"
        "<div><a href='/n'>Read more</a></div></div>"
    )
    lines = (
        "<p><strong><a href='/app'>CLICK HERE TO GET THE NEWS APP</a></strong></p><p><a href='/fb'>Read more on Fox Business</a></p>"
        "<p><strong><a href='/au'>Read more legal analysis by Wes Oliver</a></strong></p>"
    )
    page = parse(article(paragraphs(BODY[:2]) + promo_card + paragraphs(BODY[2:4]) + lines + paragraphs(BODY[4:])))
    assert run(page) == ()


def test_bold_linked_headline_between_short_sentences():
    bold = f"<p><strong><a href='/x'>{OFF.upper()}</a></strong></p>"
    short = ["Webb emerged, naked.", "At first, there was no sign of her."]
    page = parse(article(paragraphs(BODY[:2]) + paragraphs(short[:1]) + bold + paragraphs(short[1:]) + paragraphs(BODY[2:])))
    found = run(page)
    assert [f.text for f in found] == [OFF.upper()] and found[0].off_topic


def test_linked_photo_credit_is_not_an_item():
    figure = "<figure><img src='a.jpg'><figcaption><a href='/c'>Glens Falls Post Star Photo Desk</a></figcaption></figure>"
    assert run(parse(article(paragraphs(BODY[:2]) + figure + paragraphs(BODY[2:])))) == ()


def test_orphan_label_counts_inside_the_body_only():
    inside = "\n\n".join([TITLE, BODY[0], BODY[1], "Baca Juga:", BODY[2], BODY[3], BODY[4]])
    assert [f.text for f in run(parse(inside))] == ["Baca Juga:"]
    before = "\n\n".join([TITLE, "Baca Juga:", BODY[0], BODY[1], BODY[2], BODY[3], BODY[4]])
    assert run(parse(before)) == ()


def test_plain_text_box_far_from_the_article_is_not_inserted():
    comments = [f"Komentar pembaca nomor {k}: saya setuju dengan langkah pemerintah menjaga perairan Natuna dari kapal asing itu." for k in range(2)]
    filler = [f"Menu {k}" for k in range(14)]
    text = "\n\n".join([TITLE, *BODY, *filler, "Baca Juga", ON, OFF, *comments])
    assert run(parse(text)) == ()


def test_bold_linked_headline_next_to_a_caption():
    figure = "<figure><img src='a.jpg'><figcaption>Kapal penjaga pantai di perairan Natuna, Senin (1/1)</figcaption></figure>"
    bold = f"<p><strong><a href='/x'>{ON.upper()}</a></strong></p>"
    page = parse(article(paragraphs(BODY[:2]) + bold + figure + paragraphs(BODY[2:])))
    assert [f.text for f in run(page)] == [ON.upper()]
