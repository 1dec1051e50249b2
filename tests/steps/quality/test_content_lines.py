"""The line-counting quality rules measured over a page's prose-like lines (``lines:
content``) and C4's "{" rule with a share of code lines (issue 33): structured pages whose
repeated labels, table cells and code examples are content are kept; the published rules
(the defaults, as the ``fineweb`` recipe runs them) still remove them; junk made of prose
is still removed either way."""

from __future__ import annotations

import pytest

from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import StepSpec, build_config
from winnow.steps.quality.c4 import C4Quality
from winnow.steps.quality.content_lines import counted_lines, is_content_line
from winnow.steps.quality.fineweb import FineWebQuality
from winnow.steps.quality.gopher_repetition import GopherRepetition

# a review: a paragraph per camera, then the same three shop names under each
CAMERAS = {
    "Canon EOS R6": "Its autofocus tracks eyes well even when the light is fading fast.",
    "Sony A7 IV": "Video from this body is sharp, and the menus were finally redesigned.",
    "Nikon Z6 III": "A partly stacked sensor makes the electronic shutter far more usable.",
    "Panasonic S5 II": "Phase detection arrived at last, so the focus no longer hunts at night.",
    "Fujifilm X-H2S": "Film simulations give colours that many photographers love straight away.",
}
REVIEW = "\n".join(
    f"{i}. {name}\n{line}\nWhere to buy\nB&H Photo\nAmazon\nKEH Camera (used)"
    for i, (name, line) in enumerate(CAMERAS.items(), 1)
)
# a price table: one sentence, then cells without a full stop
PRICES = "Here are the average costs of movers that we found in New York this year.\n" + "\n".join(
    f"Mover {i}\n${100 + i}.00 per hour plus parts\nRating {i % 5}.5 of 5\nOpen 9:00-17:00"
    for i in range(40)
)
# the same prose sentence over and over: junk however lines are counted
SPAM = "\n".join(["Buy cheap watches online today at the very best price."] * 12 + ["Contact us."])
# a list of long titles without a full stop: a list page however lines are counted
TITLES = "\n".join(
    f"Product {i} Graphics Card with sixteen gigabytes of memory model X{i}" for i in range(20)
)

GOPHER_WEB = {
    "tokens": "words",
    "dup_para_frac": 1.0,
    "dup_para_char_frac": 1.0,
    "dup_line_char_frac": 1.0,
}
FINEWEB_WEB = {"char_duplicates_ratio": 0.1, "short_line_thr": 1.0}


def _gopher(text: str, **params: object) -> Document:
    step = GopherRepetition(
        build_config(StepSpec("quality.gopher_repetition", {**GOPHER_WEB, **params}))
    )
    doc = Document("d", text)
    step.apply(doc)
    return doc


def _fineweb(text: str, **params: object) -> Document:
    step = FineWebQuality(build_config(StepSpec("quality.fineweb", {**FINEWEB_WEB, **params})))
    doc = Document("d", text)
    step.apply(doc)
    return doc


def test_content_line_counts_words_of_every_script():
    assert is_content_line("The camera tracks eyes well in low light.", 6)
    assert not is_content_line("KEH Camera (used)", 6)
    assert not is_content_line("$101.00 per hour", 6)
    # Chinese without spaces: its tokens are counted, not the one run between spaces
    assert is_content_line("这台相机在弱光下也能很好地追踪眼睛。", 6)
    assert not is_content_line("价格", 6)


def test_too_few_content_lines_fall_back_to_all_lines():
    lines = ["One long line of prose that has enough words in it.", "Amazon", "Amazon"]
    assert counted_lines(lines, "content", 6, 3) == (lines, False)
    assert counted_lines(lines, "content", 6, 1) == ([lines[0]], True)
    assert counted_lines(lines, "all", 6, 1) == (lines, False)


def test_repeated_labels_remove_a_page_only_as_published():
    published = _gopher(REVIEW)
    assert published.rejection is not None
    assert published.rejection.reason == "gopher_dup_lines"
    content = _gopher(REVIEW, lines="content")
    assert content.rejection is None
    assert content.signals["gopher_content_only"] is True
    assert content.signals["dup_line_frac"] == 0


def test_repeated_prose_is_removed_over_content_lines_too():
    doc = _gopher(SPAM, lines="content")
    assert doc.rejection is not None
    assert doc.rejection.reason == "gopher_dup_lines"
    assert "content lines" in doc.rejection.detail


def test_repeated_ngrams_are_counted_in_content_lines():
    # the shop names repeat as 5-grams across lines; counted over prose they do not
    assert _gopher(REVIEW, lines="content", dup_line_frac=1.0).rejection is None
    ngrams = _gopher(REVIEW, dup_line_frac=1.0)
    assert ngrams.rejection is not None
    assert ngrams.rejection.reason in ("gopher_dup_ngrams", "gopher_top_ngram")


def test_table_cells_do_not_count_against_punctuation():
    published = _fineweb(PRICES)
    assert published.rejection is not None
    assert published.rejection.reason == "fineweb_line_punct_ratio"
    # one sentence is too little prose to trust: judged on all its lines, still removed
    assert _fineweb(PRICES, lines="content").rejection is not None
    prose = "\n".join(
        f"Mover {i} charged us ${100 + i} for the whole day of work." for i in range(3)
    )
    doc = _fineweb(prose + "\n" + PRICES, lines="content")
    assert doc.rejection is None
    assert doc.signals["fineweb_content_only"] is True
    assert doc.signals["line_punct_ratio"] == 1.0


def test_lists_of_long_lines_are_still_removed():
    doc = _fineweb(TITLES, lines="content")
    assert doc.rejection is not None
    assert doc.rejection.reason == "fineweb_line_punct_ratio"


def test_repeated_characters_counted_in_content_lines():
    assert _fineweb(REVIEW).rejection is not None  # the shop names: 0.1 of characters
    assert _fineweb(REVIEW, lines="content").rejection is None
    assert _fineweb(SPAM + "\nAnother sentence here.", lines="content").rejection is not None


PROSE = " ".join(f"This is sentence number {i} of the guide to the library." for i in range(40))


def _c4(text: str, share: float) -> Document:
    params = {"line_rules": "off", "ignore_braced_words": True, "curly_bracket_min_share": share}
    doc = Document("d", text)
    C4Quality(build_config(StepSpec("quality.c4", params))).apply(doc)
    return doc


def test_a_code_example_in_documentation_is_kept_with_a_share():
    docs = PROSE + "\nCall it as:\n    run(x) { return x; }\nThen the value is returned."
    assert _c4(docs, 0.0).rejection is not None  # C4 as published
    kept = _c4(docs, 0.05)
    assert kept.rejection is None
    assert 0 < kept.signals["brace_line_share"] < 0.05
    code = "\n".join(["body { color: red; }", "p { margin: 0; }"] * 20) + "\n" + PROSE[:400]
    removed = _c4(code, 0.05)
    assert removed.rejection is not None
    assert removed.rejection.reason == "c4_curly_bracket"


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("quality.gopher_repetition", {"lines": "prose"}, "lines must be one of"),
        ("quality.fineweb", {"lines": "some"}, "lines must be one of"),
        ("quality.fineweb", {"lines": "content", "content_min_words": 0}, "content_min_words"),
        ("quality.gopher_repetition", {"content_min_lines": 0}, "content_min_lines"),
        ("quality.c4", {"curly_bracket_min_share": 1.5}, "curly_bracket_min_share"),
    ],
)
def test_bad_parameters_are_config_errors(name, params, message):
    with pytest.raises(ConfigError, match=message):
        build_config(StepSpec(name, params))


def test_defaults_are_the_published_rules():
    assert GopherRepetition.Config().lines == "all"
    assert FineWebQuality.Config().lines == "all"
    assert C4Quality.Config().curly_bracket_min_share == 0.0
    # and they record nothing new: the published rules' output stays as it was
    assert "fineweb_content_only" not in _fineweb(REVIEW).signals
    assert "gopher_lines_counted" not in _gopher(REVIEW).signals
