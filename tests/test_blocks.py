"""HTML blocks and the block model (the ``blocks`` extraction engine)."""

import numpy as np
import pytest

from winnow.blocks import (
    ANCESTOR_TAGS,
    ATTR_WORDS,
    N_FEATURES,
    BlockModel,
    block_features,
    page_blocks,
    parse,
)
from winnow.steps.extract import make_extractor

PARAGRAPHS = [
    "The city council voted on Tuesday to extend the tram line by four kilometres, a project "
    "that has been debated for more than a decade and that residents of the eastern "
    "districts have long asked for.",
    "Construction is expected to start next spring. The council estimates the cost at 120 "
    "million euros, two thirds of which will be covered by regional and national funds.",
    "Opponents argue that the money would be better spent on buses, which can serve the "
    "outlying villages where most of the population growth is expected over the next years.",
    "The mayor said the decision was a turning point for public transport in the region and "
    "promised that the works would be organised to limit disruption for shops on the route.",
]


def article_page(paragraphs=PARAGRAPHS, lang="en") -> str:
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    related = "".join(f'<li><a href="/a{i}">Another headline number {i} here</a></li>'
                      for i in range(6))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><title>Tram</title>'
            f"<script>var x = 1;</script></head><body>"
            f'<header class="site-header"><nav class="main-menu"><ul>{menu}</ul></nav></header>'
            f'<main><article class="post-content"><h1>Council extends the tram line</h1>'
            f"{body}</article>"
            f'<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></main>'
            f'<footer class="footer"><p>© 2026 Example News · <a href="/privacy">Privacy</a>'
            f' · <a href="/terms">Terms</a></p></footer></body></html>')


def test_blocks_follow_block_tags_and_count_link_text():
    root = parse('<html><body><p>Hello <a href="x">link</a> world<script>no()</script></p>'
                 '<div class="nav menu"><ul><li>A</li><li>B</li></ul></div>tail</body></html>')
    blocks = page_blocks(root)
    assert [b.text for b in blocks] == ["Hello link world", "A", "B", "tail"]
    assert blocks[0].link_chars == len("link") and blocks[0].tag == "p"
    ul_bit = 1 << ANCESTOR_TAGS.index("ul")
    assert blocks[1].ancestor_tags & ul_bit and not blocks[0].ancestor_tags & ul_bit
    nav_bit, menu_bit = 1 << ATTR_WORDS.index("nav"), 1 << ATTR_WORDS.index("menu")
    assert blocks[1].attr_words & nav_bit and blocks[1].attr_words & menu_bit
    assert blocks[3].tag == "body"  # text after a block belongs to the enclosing block


def test_features_have_one_row_per_block():
    blocks = page_blocks(parse(article_page()))
    x = block_features(blocks)
    assert x.shape == (len(blocks), N_FEATURES)
    assert np.isfinite(x).all()
    assert block_features([]).shape == (0, N_FEATURES)


def test_model_keeps_the_article_and_drops_the_furniture():
    text = BlockModel.load().extract(article_page())
    lines = text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    for furniture in ("Section 3", "Another headline number 2 here", "Privacy", "Related"):
        assert not any(furniture in line for line in lines), (furniture, lines)


def test_model_keeps_a_french_article_too():
    french = [
        "Le conseil municipal a voté mardi le prolongement de la ligne de tramway de quatre "
        "kilomètres, un projet débattu depuis plus de dix ans dans les quartiers de l'est.",
        "Les travaux devraient commencer au printemps prochain. Le coût est estimé à 120 "
        "millions d'euros, dont les deux tiers seront couverts par la région et l'État.",
        "Les opposants estiment que cet argent serait mieux employé pour les bus, qui "
        "desservent les villages où la population augmente le plus vite.",
    ]
    text = BlockModel.load().extract(article_page(french, "fr"))
    for paragraph in french:
        assert paragraph in text.split("\n")


@pytest.mark.parametrize("html", [
    "",
    "\x00\x01 binary junk \xff\ud800",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
    "<div>" * 2000 + "deep",
    "<p>" + "word " * 200_000 + "</p>",
    "<table>" + "<tr><td>x</td></tr>" * 5000,
])
def test_hostile_pages_do_not_crash(html):
    extract = make_extractor("blocks")
    assert isinstance(extract(html) or "", str)


def test_engine_falls_back_to_resiliparse_when_the_model_keeps_nothing(monkeypatch):
    monkeypatch.setattr(BlockModel, "main_text", lambda self, blocks: "")
    html = article_page()
    assert make_extractor("blocks")(html) == make_extractor("resiliparse")(html)
    assert PARAGRAPHS[0] in make_extractor("blocks")(html)
