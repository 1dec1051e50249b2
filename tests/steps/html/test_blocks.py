"""HTML blocks and the block model (the ``blocks`` extraction engine)."""

import numpy as np
import pytest

from conftest import article_text
from winnow.steps.html.blocks.features import N_FEATURES, _has_words, _text_counts, block_features
from winnow.steps.html.blocks.model import BlockModel, ScoredText
from winnow.steps.html.blocks.parse import (
    close_runaway_title,
    drop_early_end_tags,
    page_blocks,
    parse,
    preformatted_text,
)
from winnow.steps.html.blocks.tags import ANCESTOR_TAGS, ATTR_WORDS, DIGIT_SPAN
from winnow.steps.html.extract import make_extractor
from winnow.text import word_count

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
    related = "".join(
        f'<li><a href="/a{i}">Another headline number {i} here</a></li>' for i in range(6)
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Tram</title>'
        f"<script>var x = 1;</script></head><body>"
        f'<header class="site-header"><nav class="main-menu"><ul>{menu}</ul></nav></header>'
        f'<main><article class="post-content"><h1>Council extends the tram line</h1>'
        f"{body}</article>"
        f'<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></main>'
        f'<footer class="footer"><p>© 2026 Example News · <a href="/privacy">Privacy</a>'
        f' · <a href="/terms">Terms</a></p></footer></body></html>'
    )


def test_blocks_follow_block_tags_and_count_link_text():
    root = parse(
        '<html><body><p>Hello <a href="x">link</a> world<script>no()</script></p>'
        '<div class="nav menu"><ul><li>A</li><li>B</li></ul></div>tail</body></html>'
    )
    blocks = page_blocks(root)
    assert [b.text for b in blocks] == ["Hello link world", "A", "B", "tail"]
    assert blocks[0].link_chars == len("link") and blocks[0].tag == "p"
    ul_bit = 1 << ANCESTOR_TAGS.index("ul")
    assert blocks[1].ancestor_tags & ul_bit and not blocks[0].ancestor_tags & ul_bit
    nav_bit, menu_bit = 1 << ATTR_WORDS.index("nav"), 1 << ATTR_WORDS.index("menu")
    assert blocks[1].attr_words & nav_bit and blocks[1].attr_words & menu_bit
    assert blocks[3].tag == "body"  # text after a block belongs to the enclosing block


def test_blocks_inside_inline_elements_carry_their_tags_and_class_words():
    """An inline element's tag and class/id words reach the blocks opened inside it (read
    only then): each of two blocks in one <span>, a block two inline levels down, and not
    the block after the <span>."""
    root = parse(
        '<html><body><span class="sidebar" id="comments-area"><a href="/x">'
        "<div>one</div><em><p>two</p></em></a><div>three</div></span>"
        '<p>after <b class="share">bold</b></p></body></html>'
    )
    blocks = page_blocks(root)
    assert [b.text for b in blocks] == ["one", "two", "three", "after bold"]
    side, share = 1 << ATTR_WORDS.index("sidebar"), 1 << ATTR_WORDS.index("share")
    link, em = 1 << ANCESTOR_TAGS.index("a"), 1 << ANCESTOR_TAGS.index("em")
    one, two, three, after = blocks
    assert all(b.attr_words & side and b.in_comments for b in (one, two, three))
    assert one.ancestor_tags & link and not one.ancestor_tags & em
    assert two.ancestor_tags & link and two.ancestor_tags & em
    assert not three.ancestor_tags & link
    assert one.link_chars == 3 and two.link_chars == 3 and three.link_chars == 0
    assert not after.attr_words & (side | share) and not after.in_comments
    assert [b.own_attr_words for b in blocks] == [0, 0, 0, 0]


def test_text_that_the_parser_leaves_in_head_is_read_and_the_title_is_not():
    # an unknown tag in <head> (seen on an L3S-GN1 news page) makes libxml2 put the rest
    # of the page inside <head>: that text is the page, and must not be skipped with head
    html = (
        "<html><head><title>Tram news</title><meta charset='utf-8'><mbox>"
        "<table><tr><td><p>" + PARAGRAPHS[0] + "</p><p>" + PARAGRAPHS[1] + "</p></td></tr>"
        "</table></mbox></head><body></body></html>"
    )
    texts = [b.text for b in page_blocks(parse(html))]
    assert texts == PARAGRAPHS[:2]
    assert make_extractor("blocks")(html).split("\n") == PARAGRAPHS[:2]
    normal = page_blocks(parse(article_page()))
    assert "Tram" not in [b.text for b in normal]  # the <title> is still not a block


def test_a_title_left_open_by_a_damaged_page_does_not_swallow_the_page():
    # bytes cut out of the head: "</title>" is gone, and the parser would make the whole
    # page the title's text (five L3S-GN1 news pages; trafilatura finds nothing there)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    for damaged in (
        "<title>Tram line(The Daily)ntById('font');",
        '<TITLE>Computerworld - Tram line</titavaScript" src="x.js">',
    ):
        html = f"<html><head>{damaged}</head><body>{body}</body></html>"
        assert close_runaway_title(html.encode()) != html.encode()
        assert make_extractor("blocks")(html).split("\n")[-4:] == PARAGRAPHS
    # pages with a closed title, no title, or nothing after it come back unchanged
    for fine in (
        article_page(),
        f"<html><body>{body}</body></html>",
        "<html><head><title>Only a title",
        "<title>" + "x" * 5000,
    ):
        assert close_runaway_title(fine.encode()) == fine.encode()
    long_title = f"<html><head><title>{'T' * 1500}</title></head><body>{body}</body></html>"
    assert close_runaway_title(long_title.encode()) == long_title.encode()


def test_text_after_an_early_end_of_document_is_read():
    # a template that closes the document after its header, the article below: libxml2
    # would drop everything after "</html>", a browser shows it (a WCXB page lost 755 words)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        '<html><body><header><nav><a href="/">Home</a></nav></header></BODY></html>\n'
        f"<article>{body}</article></body></html>"
    )
    assert [b.text for b in page_blocks(parse(html))][-4:] == PARAGRAPHS
    assert make_extractor("blocks")(html).split("\n")[-4:] == PARAGRAPHS
    normal = article_page().encode()  # closed at its end: left as it is
    assert drop_early_end_tags(normal) is normal


def test_a_button_left_open_does_not_hide_the_page_but_a_real_button_is_skipped():
    # "<button><div></button>": libxml2 ignores the end tag and the rest of the page ends up
    # inside the button (three WCXB pages gave only "Skip to content")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    filler = "".join(f'<div class="row"><span>{i}</span></div>' for i in range(25))
    html = (
        f'<html><body><header><button class="menu"><span>Menu</span><div></button>'
        f"</header><main>{filler}<article>{body}</article></main></body></html>"
    )
    assert [b.text for b in page_blocks(parse(html))][-4:] == PARAGRAPHS
    closed = (
        '<html><body><button class="share"><div><svg></svg></div>Share this</button>'
        f"<article>{body}</article></body></html>"
    )
    assert "Share this" not in [b.text for b in page_blocks(parse(closed))]


def test_features_have_one_row_per_block():
    blocks = page_blocks(parse(article_page()))
    x = block_features(blocks)
    assert x.shape == (len(blocks), N_FEATURES)
    assert np.isfinite(x).all()
    assert block_features([]).shape == (0, N_FEATURES)


def test_main_run_covers_the_article_and_not_the_menus_around_it():
    """Features 17-19: inside / before / after the page's main run of prose."""
    blocks = page_blocks(parse(article_page()))
    x = block_features(blocks)
    texts = [b.text for b in blocks]
    first = texts.index(PARAGRAPHS[0])
    last = texts.index(PARAGRAPHS[-1])
    assert x[first : last + 1, 17].all()
    assert x[:first, 18].all() and not x[:first, 17].any()  # the menu and the heading
    assert x[last + 1 :, 19].all() and not x[last + 1 :, 17].any()  # related list, footer


def test_main_run_counts_words_in_scripts_without_spaces():
    """A Japanese paragraph is one \\w+ run; the main run must still find the article."""
    paragraphs = [
        "市議会は火曜日の夜に集まり、川沿いの新しい自転車道について話し合った。",
        "市長は、最初の区間は九月末までに完成する見込みだと述べた。",
        "小麦粉の値段は高いが、客はその味には価値があると話している。",
    ]
    blocks = page_blocks(parse(article_page(paragraphs, "ja")))
    x = block_features(blocks)
    texts = [b.text for b in blocks]
    first, last = texts.index(paragraphs[0]), texts.index(paragraphs[-1])
    assert x[first : last + 1, 17].all() and not x[last + 1 :, 17].any()


def test_page_wide_counts_equal_the_regex_counts_of_each_block():
    """The numpy counts must stay what the block model was trained on: ``\\w+`` runs,
    terminal marks, ``\\d`` in the first characters, in every script (emoji and Han
    outside the BMP, combining marks, Arabic-Indic and Devanagari digits, lone surrogates)."""
    import random
    import re

    alphabet = list("abZ _-.!?;:…。！？09٣४½²Ⅷ一あ\u0301éß\u0e01😀𠀀\ud800\"”»)'")
    rng = random.Random(7)
    for _ in range(200):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))
            for _ in range(rng.randint(1, 8))
        ]
        words, terminals, digits = _text_counts(texts)
        assert words.tolist() == [len(re.findall(r"\w+", t)) for t in texts]
        assert terminals.tolist() == [len(re.findall(r"[.!?。！？…:;]", t)) for t in texts]
        assert digits.tolist() == [len(re.findall(r"\d", t[:DIGIT_SPAN])) for t in texts]
        for t in texts:
            assert _has_words(t * 3, 6) == (word_count(t * 3) >= 6)


def test_max_sum_run():
    from winnow.util.runs import max_sum_run

    assert max_sum_run([-5, 3, -1, 4, -10, 2]) == (1, 3)
    assert max_sum_run([-1, -2]) == (0, -1)
    assert max_sum_run([]) == (0, -1)
    assert max_sum_run([2, -3, 2]) == (0, 0)  # ties: the first run


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


@pytest.mark.parametrize(
    "html",
    [
        "",
        "\x00\x01 binary junk \xff\ud800",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
        "<div>" * 2000 + "deep",
        "<p>" + "word " * 200_000 + "</p>",
        "<table>" + "<tr><td>x</td></tr>" * 5000,
        # inline elements nested deep, a block opened in each: each resolves one more level
        '<span class="a">' * 2000 + "<div>x</div>" + '<span class="b"><div>y</div>' * 2000,
    ],
)
def test_hostile_pages_do_not_crash(html):
    extract = make_extractor("blocks")
    assert isinstance(extract(html) or "", str)


def test_engine_falls_back_to_resiliparse_when_the_model_keeps_nothing(monkeypatch):
    monkeypatch.setattr(
        BlockModel,
        "main_text_scored",
        lambda self, blocks, keep_comments=False, keep_aside_nav=False: ScoredText(
            "", np.zeros(0, np.float32), np.zeros(0, np.int64)
        ),
    )
    html = article_page()
    assert make_extractor("blocks")(html) == make_extractor("resiliparse")(html)
    assert PARAGRAPHS[0] in make_extractor("blocks")(html)


def _clean(lines, p_main=None, block=None, **config):
    from winnow.document import LAYOUT_KEY, Document, PageLayout
    from winnow.steps.clean.lines.step import LineCleaner

    step = LineCleaner(LineCleaner.Config(**config))
    step.setup()
    doc = Document(id="x", text="\n".join(lines), lang="en")
    if p_main is not None:
        blocks = np.arange(len(lines)) if block is None else np.array(block)
        doc.cache[LAYOUT_KEY] = PageLayout(
            doc.text, np.full(len(lines), p_main, np.float32), blocks
        )
    step.apply(doc)
    return {e.removed: e.reason for e in doc.edits}


SHOP = [
    "Insulated bottles",
    "No products in the cart.",
    "Our bottles keep drinks cold for 24 hours and hot for 12 hours.",
    "Bamboo Motion-X Board",
    "$99+",
    "Learn more about Birthday mode",
    "Share on Facebook Twitter WhatsApp",
]


def test_clean_lines_trusts_the_block_model_except_for_strong_rules():
    untrusted = _clean(SHOP)
    assert untrusted["Learn more about Birthday mode"] == "call_to_action"
    assert _clean(SHOP, p_main=0.1) == untrusted  # layout says furniture: no change
    trusted = _clean(SHOP, p_main=0.95)
    # the layout vouches for these lines: context rules and the line model leave them ...
    strong = {"$99+": "no_letters", "Share on Facebook Twitter WhatsApp": "share_buttons"}
    assert set(untrusted) - set(strong)
    assert trusted == strong  # ... strong rules do not ask
    assert _clean(SHOP, p_main=0.95, layout_trust=2.0) == untrusted  # switched off


def test_layout_scores_reach_clean_lines_through_the_pipeline():
    from winnow.document import LAYOUT_KEY, Document
    from winnow.steps.html.extract import HtmlExtract

    step = HtmlExtract(HtmlExtract.Config(engine="blocks"))
    step.setup()
    doc = Document(id="p", text="", html=article_page())
    step.apply(doc)
    text, p_main, block = doc.cache[LAYOUT_KEY]
    assert text is doc.text and len(p_main) == len(block) == len(doc.text.split("\n"))
    assert (p_main >= BlockModel.load().threshold).all()
    # explain and the output show how much of the page the extractor kept
    assert doc.signals["blocks_kept"] == len(p_main) < doc.signals["blocks"]


CODE_POST = [
    "To build the name, each part is appended when it is set, as in this example:",
    "user = {",
    '    prefix: "Mrs.",',
    '    last: "Badonka"',
    "};",
    "name = user.prefix;",
    "if ( user.last.len() ) {",
    '    name &= " #user.last#";',
    "}",
    "writeOutput( name );",
    "The output is the full name, with a space between its parts, as expected.",
]


def test_preformatted_text_keeps_its_lines_and_their_indentation():
    raw = "\n    def f(x):\n\t\treturn x  \n\n    \n    f(1)\n"
    assert preformatted_text(raw) == "def f(x):\n    return x\nf(1)"
    assert preformatted_text(" \n\t\n") == ""
    blocks = page_blocks(
        parse(
            "<html><body><p>Before   the\ncode.</p><pre><code>a = 1\n"
            "  b = 2</code>\n</pre><p>After.</p></body></html>"
        )
    )
    assert [b.text for b in blocks] == ["Before the code.", "a = 1\n  b = 2", "After."]


def test_a_pre_block_reaches_the_text_as_lines_each_scored_with_its_block():
    from winnow.document import LAYOUT_KEY, Document
    from winnow.steps.html.extract import HtmlExtract

    verse = "The tram goes east\n  past the river\nand comes back at dawn"
    paragraphs = [*PARAGRAPHS[:2], f"</p><pre>{verse}</pre><p>", *PARAGRAPHS[2:]]
    step = HtmlExtract(HtmlExtract.Config(engine="blocks"))
    step.setup()
    doc = Document(id="p", text="", html=article_page(paragraphs))
    step.apply(doc)
    assert verse in doc.text  # not flattened to one line
    layout = doc.cache[LAYOUT_KEY]
    lines = doc.text.split("\n")
    assert len(layout.p_main) == len(layout.block) == len(lines)
    first = lines.index("The tram goes east")
    # the three lines of the <pre> share one block and its score
    assert len(set(layout.block[first : first + 3].tolist())) == 1
    assert len(set(layout.p_main[first : first + 3].tolist())) == 1
    assert doc.signals["blocks_kept"] == len(set(layout.block.tolist()))


def test_code_in_a_pre_block_goes_as_a_whole_block():
    # lines 1-9 come from one <pre>: the brace lines are code, and so is the rest of the block
    block = [0, *[1] * 9, 2]
    removed = _clean(CODE_POST, p_main=0.95, block=block)
    assert all(removed.get(line) in ("code", "no_letters") for line in CODE_POST[1:10]), removed
    assert removed["name = user.prefix;"] == "code"
    assert CODE_POST[0] not in removed and CODE_POST[-1] not in removed
    # without block information (text input), only the lines that look like code go
    alone = _clean(CODE_POST, p_main=0.95)
    assert alone.get("user = {") == "code" and '    prefix: "Mrs.",' not in alone
    # a <pre> without code keeps its lines; the rule follows remove_code_lines
    verse = [
        PARAGRAPHS[0],
        "The tram goes east",
        "past the river",
        "and comes back at dawn",
        *PARAGRAPHS[1:],
    ]
    assert _clean(verse, p_main=0.95, block=[0, 1, 1, 1, 2, 3, 4]) == {}
    kept_code = _clean(CODE_POST, p_main=0.95, block=block, remove_code_lines=False)
    assert set(kept_code.values()) == {"no_letters"}  # "}" and "};" only


def test_a_huge_pre_block_is_linear():
    html = "<html><body><pre>" + "x = 1;\n" * 200_000 + "</pre></body></html>"
    (block,) = page_blocks(parse(html))
    assert block.text.count("\n") == 199_999


READER_COMMENTS = [  # replies under an article, in four languages
    "I have taken this tram every morning for ten years and the extension is long overdue, "
    "the buses on the eastern side are always full before eight.",
    "Je ne comprends pas pourquoi les travaux commencent au printemps, alors que les "
    "commerçants de la rue principale ont demandé un calendrier plus court.",
    "Die Kosten werden am Ende wieder höher sein als geplant, das war bei jeder "
    "Straßenbahnlinie in dieser Stadt bisher so, leider auch diesmal.",
    "東側の住民として、この延伸を十年以上待っていました。工事中の渋滞が心配ですが、"
    "完成すれば通勤がずっと楽になると思います。",
]


ARTICLE = [*PARAGRAPHS, *article_text("en").split("\n\n")[:4]]  # ~1,500 characters


def commented_page(section: str, paragraphs=ARTICLE) -> str:
    """``article_page`` with ``section`` (the comments' container attributes) below the
    article."""
    replies = "".join(
        f'<li class="reply"><p class="author">Reader {i}</p><p>{c}</p></li>'
        for i, c in enumerate(READER_COMMENTS)
    )
    html = article_page(paragraphs)
    return html.replace(
        "</article>", f"</article><div {section}><h3>4 comments</h3><ol>{replies}</ol></div>"
    )


@pytest.mark.parametrize(
    "section",
    [
        'id="comments" class="comments-area"',
        'class="articleComments"',
        'id="disqus_thread"',
        'class="fb-comments"',
    ],
)
def test_readers_comments_below_an_article_are_left_out(section, monkeypatch):
    from winnow.document import Document
    from winnow.steps.html.extract import HtmlExtract

    html = commented_page(section)
    # a model that keeps every block: what goes, goes by the comment rule
    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    text = make_extractor("blocks")(html)
    assert all(p in text for p in ARTICLE)
    assert not any(c[:30] in text for c in READER_COMMENTS), text
    assert "Reader 1" not in text and "4 comments" not in text
    step = HtmlExtract(HtmlExtract.Config(engine="blocks"))
    step.setup()
    doc = Document(id="p", text="", html=html)
    step.apply(doc)
    assert doc.text == text
    assert doc.signals["comment_blocks_dropped"] == 1 + 2 * len(READER_COMMENTS)
    # asked to keep them, the extractor leaves them to the model (here: keeps them)
    kept = make_extractor("blocks", comments=True)(html)
    assert all(c in kept for c in READER_COMMENTS)
    step = HtmlExtract(HtmlExtract.Config(engine="blocks", comments=True))
    step.setup()
    doc = Document(id="p", text="", html=html)
    step.apply(doc)
    assert doc.text == kept and "comment_blocks_dropped" not in doc.signals


@pytest.mark.parametrize(
    "section",
    [
        'class="MsoCommentText"',
        'class="commentary"',
        'class="recommended"',
        'class="entry-content"',
    ],
)
def test_other_class_words_do_not_make_a_comment_section(section):
    root = parse(commented_page(section))
    assert not any(b.in_comments for b in page_blocks(root))


def test_a_discussion_page_keeps_its_comments(monkeypatch):
    from winnow.steps.html.blocks.rules import comment_blocks

    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    # a short opening post, then the replies: the replies are what the page is
    html = commented_page('id="comments"', paragraphs=PARAGRAPHS[:1])
    blocks = page_blocks(parse(html))
    assert sum(b.in_comments for b in blocks) >= len(READER_COMMENTS)
    assert not comment_blocks(blocks).any()
    text = make_extractor("blocks")(html)
    assert PARAGRAPHS[0] in text and any(c[:30] in text for c in READER_COMMENTS)
    # the same replies under a full article go
    assert comment_blocks(page_blocks(parse(commented_page('id="comments"')))).any()


TEASERS = {  # other articles' headlines (links) and their first words, cut short
    "en": [
        "Council approves new bus depot",
        "The council approved on Monday the plans for a "
        "depot that will house forty electric buses and",
    ],
    "fr": [
        "Le conseil approuve un nouveau dépôt",
        "Le conseil municipal a approuvé lundi les "
        "plans d'un dépôt qui accueillera quarante bus électriques et",
    ],
    "de": [
        "Stadtrat genehmigt neues Busdepot",
        "Der Stadtrat hat am Montag die Pläne für ein "
        "Depot genehmigt, in dem vierzig Elektrobusse und",
    ],
    "ja": [
        "市議会、新しいバス車庫を承認",
        "市議会は月曜日、電気バス四十台を収容する車庫の計画を承認し、来年の春には",
    ],
}


def teaser_page(lang: str, count: int, end: str = "...") -> str:
    title, lead = TEASERS[lang]
    items = "".join(f'<li><a href="/t{i}">{title} ({i})</a> {lead}{end}</li>' for i in range(count))
    html = article_page(ARTICLE)
    return html.replace("<main>", f'<main><ul class="latest">{items}</ul>')


@pytest.mark.parametrize("lang", sorted(TEASERS))
def test_a_run_of_teasers_is_left_out(lang, monkeypatch):
    from winnow.document import Document
    from winnow.steps.html.extract import HtmlExtract

    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    title = TEASERS[lang][0]
    for end in ("...", "…", " [...]"):
        text = make_extractor("blocks")(teaser_page(lang, 5, end))
        assert title not in text and all(p in text for p in ARTICLE)
    step = HtmlExtract(HtmlExtract.Config(engine="blocks"))
    step.setup()
    doc = Document(id="p", text="", html=teaser_page(lang, 5))
    step.apply(doc)
    assert doc.signals["teaser_blocks_dropped"] == 5
    # three are not yet a list; whole sentences are not teasers; nor is a cut line
    # without a link
    assert title in make_extractor("blocks")(teaser_page(lang, 3))
    assert title in make_extractor("blocks")(teaser_page(lang, 5, end="."))
    unlinked = (
        teaser_page(lang, 5).replace('<a href="/t', '<span data-t="').replace("</a>", "</span>")
    )
    assert title in make_extractor("blocks")(unlinked)


PULL_QUOTES = {  # a box beside the article: a quote from it and links to other stories
    "en": ["“A turning point for public transport”", "Read also: the bus depot plans"],
    "fr": ["« Un tournant pour les transports publics »", "Lire aussi : le dépôt de bus"],
    "de": ["„Ein Wendepunkt für den Nahverkehr“", "Lesen Sie auch: das Busdepot"],
    "ja": ["「公共交通の転換点だ」", "あわせて読みたい：バス車庫の計画"],
}


def aside_page(lang: str, paragraphs=ARTICLE) -> str:
    quote, more = PULL_QUOTES[lang]
    box = f'<aside class="box"><p>{quote}</p><p><a href="/more">{more}</a></p></aside>'
    return article_page(paragraphs).replace("<h1>", f"{box}<h1>")


@pytest.mark.parametrize("lang", sorted(PULL_QUOTES))
def test_asides_and_navs_beside_an_article_are_left_out(lang, monkeypatch):
    from winnow.document import Document
    from winnow.steps.html.extract import HtmlExtract

    # a model that keeps every block: what goes, goes by the aside rule
    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    quote, more = PULL_QUOTES[lang]
    text = make_extractor("blocks")(aside_page(lang))
    assert all(p in text for p in ARTICLE)
    assert quote not in text and more not in text
    assert "Another headline number 1" not in text  # the page's "Related" <aside>
    step = HtmlExtract(HtmlExtract.Config(engine="blocks"))
    step.setup()
    doc = Document(id="p", text="", html=aside_page(lang))
    step.apply(doc)
    # the box, the page's "Related" <aside> (a heading, 6 links), its <nav> (8 links)
    assert doc.signals["aside_nav_blocks_dropped"] == 2 + 1 + 6 + 8
    assert "Section 1" not in text
    # asked to keep them, the extractor leaves them to the model (here: keeps them)
    step = HtmlExtract(HtmlExtract.Config(engine="blocks", aside_nav=True))
    step.setup()
    doc = Document(id="p", text="", html=aside_page(lang))
    step.apply(doc)
    assert quote in doc.text and more in doc.text
    assert "aside_nav_blocks_dropped" not in doc.signals


@pytest.mark.parametrize("tag", ["aside", "nav"])
def test_a_page_with_its_text_in_an_aside_or_nav_keeps_it(tag, monkeypatch):
    from winnow.steps.html.blocks.rules import aside_nav_blocks

    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    html = (
        f"<html><body><div><a href='/'>Home</a></div><{tag} class='main'>{body}</{tag}>"
        "<footer>© 2026</footer></body></html>"
    )
    blocks = page_blocks(parse(html))
    bit = 1 << ANCESTOR_TAGS.index(tag)
    assert sum(bool(b.ancestor_tags & bit) for b in blocks) == len(ARTICLE)
    assert not aside_nav_blocks(blocks).any()
    text = make_extractor("blocks")(html)
    assert all(p in text for p in ARTICLE)
    # the same box beside a full article goes
    assert aside_nav_blocks(page_blocks(parse(aside_page("en")))).any()


def test_the_run_totals_the_blocks_extraction_left_out(monkeypatch):
    """What extraction leaves out makes no edit; the run's counters (stats.json "found",
    the report) still total it per rule."""
    from winnow.document import Document
    from winnow.pipeline import Pipeline, run_in_memory
    from winnow.recipe import parse_recipe
    from winnow.stats import RunStats

    monkeypatch.setattr(
        BlockModel, "scores", lambda self, blocks: np.ones(len(blocks), dtype=np.float32)
    )
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": ["html.extract"]}))
    pipeline.setup()
    stats = RunStats()
    pages = [aside_page("en"), commented_page('id="comments"'), teaser_page("en", 5)]
    run_in_memory(
        pipeline, [Document(id=str(i), text="", html=h) for i, h in enumerate(pages)], stats
    )
    found = stats.step("html.extract").found
    # a page's "Related" <aside> (a heading, 6 links) and <nav> (8 links), the box
    assert found == {
        "aside_nav_blocks_dropped": 3 * (7 + 8) + 2,
        "comment_blocks_dropped": 1 + 2 * len(READER_COMMENTS),
        "teaser_blocks_dropped": 5,
    }
