"""clean.repeats, the quality filters and pii.redact: positive and negative cases in
English, French, German and Japanese."""

import pytest

from articles import CAPTION, CREDIT, LANGS, OTHER, article, judged
from winnow.document import Document
from winnow.steps.clean.repeats import RepeatedParagraphs
from winnow.steps.pii import PiiRedactor
from winnow.steps.quality.c4 import C4Quality
from winnow.steps.quality.fineweb import FineWebQuality
from winnow.steps.quality.gopher import GopherQuality
from winnow.steps.quality.gopher_repetition import GopherRepetition


@pytest.mark.parametrize("lang", LANGS)
def test_repeated_caption_with_credit_is_removed_first_kept(lang):
    sep = "" if lang == "ja" else " "
    text = "\n\n".join([OTHER[lang], CAPTION[lang], CAPTION[lang] + sep + CREDIT[lang]])
    doc = Document(id="x", text=text)
    RepeatedParagraphs().apply(doc)
    assert doc.text == "\n\n".join([OTHER[lang], CAPTION[lang]])
    (edit,) = doc.edits
    assert edit.reason in ("near_repeated_paragraph", "contained_paragraph")
    assert "repeats paragraph 2" in edit.detail


@pytest.mark.parametrize("lang", LANGS)
def test_exact_repeat_and_distinct_paragraphs(lang):
    doc = Document(id="x", text="\n\n".join([CAPTION[lang], OTHER[lang], CAPTION[lang]]))
    RepeatedParagraphs().apply(doc)
    assert [e.reason for e in doc.edits] == ["repeated_paragraph"]
    distinct = Document(id="y", text="\n\n".join([CAPTION[lang], OTHER[lang]]))
    RepeatedParagraphs().apply(distinct)
    assert distinct.edits == []


@pytest.mark.parametrize("lang", LANGS)
def test_longer_paragraph_opening_with_an_earlier_line_is_kept(lang):
    """An earlier short line (a title) inside a later, mostly new paragraph is no repeat."""
    sep = "" if lang == "ja" else " "
    text = "\n\n".join([OTHER[lang], OTHER[lang] + sep + CAPTION[lang]])
    doc = Document(id="x", text=text)
    RepeatedParagraphs().apply(doc)
    assert doc.edits == [] and doc.text == text
    # with the new part allowed to be most of the paragraph, it goes as contained
    RepeatedParagraphs(RepeatedParagraphs.Config(max_added_share=0.9)).apply(doc)
    assert [e.reason for e in doc.edits] == ["contained_paragraph"]


@pytest.mark.parametrize("lang", LANGS)
def test_summary_glued_from_earlier_paragraphs_is_removed(lang):
    """A page description printed again at the end: every sentence is an earlier paragraph,
    though no single earlier paragraph holds most of it."""
    paragraphs = [p for p in article(lang).split("\n\n") if len(p) > 40][:3]
    sep = "" if lang == "ja" else " "
    text = "\n\n".join([*paragraphs, sep.join(paragraphs)])
    doc = Document(id="x", text=text)
    RepeatedParagraphs().apply(doc)
    assert doc.text == "\n\n".join(paragraphs)
    (edit,) = doc.edits
    assert edit.reason == "contained_paragraph" and "earlier paragraphs" in edit.detail
    # a paragraph that adds a sentence of its own to them stays
    fresh = "\n\n".join([*paragraphs[:2], sep.join([*paragraphs[:2], OTHER[lang]])])
    doc = Document(id="y", text=fresh)
    RepeatedParagraphs().apply(doc)
    assert doc.edits == []


def test_repeats_window_leaves_distant_quotes():
    text = "\n\n".join(
        [
            CAPTION["en"],
            *[f"Paragraph number {i} says something new." for i in range(6)],
            CAPTION["en"],
        ]
    )
    doc = Document(id="x", text=text)
    RepeatedParagraphs(RepeatedParagraphs.Config(window=3)).apply(doc)
    assert doc.edits == []


@pytest.mark.parametrize("lang", LANGS)
def test_quality_filters_keep_real_articles(lang):
    for step in (
        C4Quality(C4Quality.Config(line_rules="off")),
        GopherRepetition(),
        GopherQuality(),
        FineWebQuality(),
    ):
        doc = Document(id="x", text=article(lang), lang=lang)
        step.apply(doc)
        assert doc.rejection is None, f"{step.name} rejected a {lang} article: {doc.rejection}"


def test_chinese_or_japanese_article_is_not_too_short_for_gopher():
    doc = Document(id="x", text=article("ja"), lang="ja")
    GopherQuality().apply(doc)
    assert doc.rejection is None and doc.signals["words"] >= 50
    assert "avg_word_length" not in doc.signals  # not defined for unsegmented scripts


@pytest.mark.parametrize("lang", LANGS)
def test_gopher_rejects_short_and_stopwordless_text(lang):
    short = Document(id="s", text=OTHER[lang], lang=lang)
    GopherQuality().apply(short)
    assert short.rejection.reason == "gopher_short_doc"
    if lang == "ja":
        return
    keywords = " ".join(["Laptop Tablet Phone Monitor Keyboard Mouse Speaker Camera"] * 10)
    spam = Document(id="k", text=keywords, lang=lang)
    GopherQuality().apply(spam)
    assert spam.rejection.reason == "gopher_few_stop_words"


@pytest.mark.parametrize("lang", LANGS)
def test_gopher_repetition_rejects_repeated_text(lang):
    doc = Document(id="r", text="\n\n".join([OTHER[lang]] * 6 + [CAPTION[lang]]), lang=lang)
    GopherRepetition().apply(doc)
    assert doc.rejection is not None and doc.rejection.reason.startswith("gopher_dup")


@pytest.mark.parametrize("line_rules", ["strict", "off"])
@pytest.mark.parametrize("lang", LANGS)
def test_c4_document_rules_look_at_lines_c4_keeps(lang, line_rules):
    """As C4 and datatrove: "{" and "lorem ipsum" drop the document only on a line that
    C4's line filters keep. A wiki template line without a sentence end, or a javascript
    line, is dropped (or left to clean.lines) first; a sentence with a brace is not."""
    config = C4Quality.Config(line_rules=line_rules)
    for harmless in (
        "{{Infobox city | name = Stockholm}}",
        "lorem ipsum dolor sit amet",
        "Please enable JavaScript to view {comments}.",
    ):
        doc = Document(id="h", text=article(lang) + "\n\n" + harmless, lang=lang)
        C4Quality(config).apply(doc)
        assert doc.rejection is None, (harmless, doc.rejection)
    code = Document(
        id="c", text=article(lang) + "\n\nvar settings = {lang: 1, debug: false};", lang=lang
    )
    C4Quality(config).apply(code)
    assert code.rejection is not None and code.rejection.reason == "c4_curly_bracket"


def test_c4_document_rules():
    lorem = Document(id="l", text=article("en") + "\n\nLorem ipsum dolor sit amet.")
    C4Quality().apply(lorem)
    assert lorem.rejection.reason == "c4_lorem_ipsum"
    code = Document(id="c", text=article("en") + "\n\nif (x) { y(); }")
    C4Quality().apply(code)
    assert code.rejection.reason == "c4_curly_bracket"
    few = Document(id="f", text="One sentence here. Another one.")
    C4Quality().apply(few)
    assert few.rejection.reason == "c4_few_sentences"


@pytest.mark.parametrize("lang", LANGS)
def test_c4_strict_line_rules_understand_every_script(lang):
    text = article(lang) + "\n\nMenu\n\n" + OTHER[lang]
    doc = Document(id="x", text=text, lang=lang)
    C4Quality(C4Quality.Config(line_rules="strict")).apply(doc)
    removed = [e.removed for e in doc.edits]
    assert "Menu" in removed
    assert OTHER[lang] in doc.text  # ends in . or 。: kept in every language


def test_fineweb_rejects_lists():
    listing = Document(id="l", text="\n".join(f"Item {i}" for i in range(60)))
    FineWebQuality().apply(listing)
    assert listing.rejection.reason in ("fineweb_line_punct_ratio", "fineweb_short_line_ratio")


PII = {
    "en": ("Call (415) 555-2671 or write to jane.doe@example.com.", ["pii_phone", "pii_email"]),
    "fr": ("Appelez le 01 42 68 53 00 ou le +33 6 12 34 56 78.", ["pii_phone", "pii_phone"]),
    "de": (
        "IBAN DE89 3704 0044 0532 0130 00, Server 192.168.1.20.",
        ["pii_iban", "pii_ip_address"],
    ),
    "ja": ("電話: +81 3-1234-5678、カード 4111 1111 1111 1111。", ["pii_phone", "pii_card_number"]),
}
NOT_PII = {
    "en": "On 2020-07-08 at 12:30:45 version 1.2.3 sold 5200 copies for $18.99.",
    "fr": "Le 08.07.2020 à 03h52, plus de 60 000 nouveaux cas en une journée.",
    "de": "Am 8. Juli 2020 um 03:52 Uhr, Bestellnummer 4111 1111 1111 1112.",
    "ja": "2023年3月14日 09:41、四千人を超える作業員が働いている。",
}


@pytest.mark.parametrize("lang", LANGS)
def test_pii_is_replaced_and_never_stored(lang):
    text, kinds = PII[lang]
    doc = Document(id="p", text=text)
    PiiRedactor().apply(doc)
    assert sorted(e.reason for e in doc.edits) == sorted(kinds)
    for edit in doc.edits:
        assert edit.removed.startswith("<") and edit.removed.endswith(">")
    for secret in ("555-2671", "jane.doe", "53 00", "0532", "192.168", "1234-5678", "1111 1111"):
        assert secret not in doc.text
        assert all(secret not in e.removed + e.detail for e in doc.edits)


@pytest.mark.parametrize("lang", LANGS)
def test_dates_prices_versions_are_not_pii(lang):
    doc = Document(id="n", text=NOT_PII[lang])
    PiiRedactor().apply(doc)
    assert doc.text == NOT_PII[lang] and doc.edits == []


def test_pii_patterns_stay_linear_on_hostile_input():
    from winnow.steps.pii import PiiType, find_pii

    for hostile in (
        "a" * 100_000,
        "1 " * 50_000,
        "+1 " * 30_000,
        "a@" * 50_000,
        "1:" * 50_000,
        "0-1 2.3/4 " * 10_000,
    ):
        find_pii(hostile, set(PiiType))  # completes (a backtracking blow-up would hang)


# Prose dense with punctuation marks (quotes, colons, commas, numbers): every mark is a
# token in datatrove's count, so under 80% of its "tokens" have a letter, while 97% of its
# words do.
PUNCTUATED = {
    "en": "Yes, well: “no”, she said (twice), then paused; “why?” – “because, 2, 3…”, he said.",
    "fr": "Oui, bon : « non », dit-elle (deux fois), puis : « pourquoi ? » – « parce que… ».",
    "de": "Ja, gut: „nein“, sagte sie (zweimal), dann: „warum?“ – „weil, 2, 3…“, sagte er.",
}


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_gopher_alpha_ratio_counts_words_or_datatrove_tokens(lang):
    text = article(lang) + "\n\n" + "\n\n".join([PUNCTUATED[lang]] * 12)
    datatrove = Document(id="d", text=text, lang=lang)
    GopherQuality().apply(datatrove)
    assert datatrove.rejection.reason == "gopher_non_alpha_words"
    words = Document(id="w", text=text, lang=lang)
    GopherQuality(GopherQuality.Config(tokens="words")).apply(words)
    assert words.rejection is None, words.rejection
    assert words.signals["alpha_words_ratio"] > 0.9
    numbers = Document(
        id="n", text=article(lang) + "\n\n" + " ".join(["12 345 678 90"] * 60), lang=lang
    )
    GopherQuality(GopherQuality.Config(tokens="words")).apply(numbers)
    assert numbers.rejection.reason == "gopher_non_alpha_words"  # numbers are not words


def with_results_table(lang: str, rows: int, leader: str) -> str:
    """An article followed by a table of match results laid out with dot leaders."""
    table = [f"Team {chr(65 + i)}{i}{leader}{i}:{i + 3}" for i in range(rows)]
    return article(lang) + "\n" + "\n".join(table)


@pytest.mark.parametrize("lang", LANGS)
def test_gopher_repetition_words_mode_ignores_runs_of_marks(lang):
    # the dots of the leaders repeat, the words do not
    text = with_results_table(lang, 40, " ………………………… ")
    datatrove = judged(GopherRepetition, text, lang)
    assert datatrove.rejection.reason in ("gopher_top_ngram", "gopher_dup_ngrams")
    words = judged(GopherRepetition, text, lang, tokens="words")
    assert words.rejection is None, words.rejection
    repeated = judged(
        GopherRepetition, "\n\n".join([OTHER[lang]] * 6 + [CAPTION[lang]]), lang, tokens="words"
    )
    assert repeated.rejection.reason.startswith("gopher_dup")


@pytest.mark.parametrize("lang", LANGS)
def test_gopher_symbol_ratio_words_mode_counts_a_dot_leader_once(lang):
    # datatrove counts every "…" of a leader; the words mode counts a run of marks once
    # (as Dolma counts words holding one): one per row
    text = with_results_table(lang, 12, "………………………….")
    datatrove = judged(GopherQuality, text, lang)
    assert datatrove.rejection.reason == "gopher_symbol_word_ratio"
    words = judged(GopherQuality, text, lang, tokens="words")
    assert words.rejection is None, words.rejection
    assert 0 < words.signals["symbol_word_ratio"] < 0.1
    # truncated teasers: an ellipsis in every other word is still too many
    sep, piece = ("", OTHER[lang][:4]) if lang == "ja" else (" ", OTHER[lang][:12])
    teasers = sep.join(["…", piece] * 200)
    many = judged(GopherQuality, article(lang) + "\n" + teasers, lang, tokens="words")
    assert many.rejection.reason == "gopher_symbol_word_ratio"


def test_gopher_tokens_mode_is_validated():
    from winnow.errors import ConfigError
    from winnow.recipe import parse_recipe

    with pytest.raises(ConfigError, match="tokens must be one of"):
        parse_recipe({"steps": [{"quality.gopher": {"tokens": "spacy"}}]})


@pytest.mark.parametrize("recipe_name", ["web", "fineweb"])
def test_recipes_stay_linear_on_hostile_lines(recipe_name):
    """Lines that made a backtracking pattern rescan the rest of the line from each of its
    characters (sentence ends, C4's code rule, the Gopher tokenizer's whitespace skip and
    e-mail branch): 200,000 characters each took minutes to hours; linear, they take well
    under a second. An alarm turns a regression into a failure instead of a hung run."""
    import signal

    import yaml

    from conftest import ROOT
    from winnow.pipeline import Pipeline, run_in_memory
    from winnow.recipe import parse_recipe

    recipe = yaml.safe_load((ROOT / f"src/winnow/recipes/{recipe_name}.yaml").read_text())
    pipeline = Pipeline.from_recipe(parse_recipe(recipe))
    pipeline.setup()
    n = 200_000
    hostile = {
        "sentence": "x" * n + ".y",
        "braces": "{" * n,
        "spaces": "a" + " " * n + "_",
        "dashes": "word " * 20 + "-" * n,
        "hyphens": "ab-" * (n // 3),
        "dots": "a." * (n // 2),
        "colons": "1:" * (n // 2),
        "ats": "a@" * (n // 2),
        "numbers": "1 " * (n // 2),
        "hashes": "#" * n,
        "ellipses": "…" * n,
        "pipes": "| " * (n // 2),
        "mojibake": "Ã©" * (n // 2),
        "controls": "\x80a" * (n // 2),
        "cyrillic": "СЂ" * (n // 2),
    }

    def too_slow(signum, frame):
        raise TimeoutError("a pattern went quadratic on a hostile line")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(120)
    try:
        docs = [
            Document(id=name, text=f"A first line of prose, as pages have.\n{text}")
            for name, text in hostile.items()
        ]
        out = run_in_memory(pipeline, docs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(out) == len(hostile)


def test_pii_patterns_match_exactly_what_their_plain_forms_match():
    """The PII patterns open with their first character and check the one before it from
    there (fast); the plain forms below open with that check. Both must find the same spans
    on text built from the pieces of phone numbers, cards, IBANs and addresses."""
    import random
    import re

    from winnow.steps import pii

    w = pii.W
    plain = {
        "IPV4": r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)",
        "IPV6": f"(?<!{w}|:)[0-9A-Fa-f:]{{3,39}}(?!{w}|:)",
        "PHONE_INTL": f"(?<!{w}|\\+)" r"\+\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?){2,6}" f"(?!{w})",
        "PHONE_NANP": f"(?<!{w}|\\()" r"\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}" f"(?!{w})",
        "PHONE_TRUNK": f"(?<!{w}|[.,/\\-])"
        r"0\d{1,4}(?:[ .\-/]\d{2,8}){1,4}"
        f"(?![.,/\\-]\\d|{w})",
        "PHONE_LOCAL": f"(?<!{w}|[(.,/\\-])"
        r"(?>(?:\(\d{1,12}|\d{1,12})\)?(?:[ .\-/]\(?\d{1,12}\)?){0,6})"
        f"(?!\\d|{w})",
        "IBAN": f"(?<!{w})" r"[A-Z]{2}\d{2}(?:[ \u00a0\u202f\-]?[A-Z0-9]){11,30}",
        "CARD": r"(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d\-])",
    }
    pieces = [
        "+49",
        "+1 ",
        "(555) ",
        "555-",
        "0",
        "030",
        " ",
        "-",
        ".",
        "/",
        "1234",
        "12",
        "DE89",
        "3704",
        "0044",
        "4111",
        "1111",
        "192.168.",
        "1.",
        "255",
        "::",
        "fe80:",
        "a",
        "電",
        "(",
        ")",
        "x",
        "_",
        ",",
        "\u0e01",
        "é",
        "٣",
    ]
    rng = random.Random(11)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(12000)]
    for name, source in plain.items():
        fast, slow = getattr(pii, name), re.compile(source)
        found = 0
        for text in texts:
            spans = [m.span() for m in slow.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == spans, (name, text)
            found += len(spans)
        assert found >= 20, name  # the text does hold matches to compare


@pytest.mark.parametrize("kept_before", [3, 200])
def test_repeats_find_the_same_paragraph_with_few_or_many_kept(kept_before):
    """Up to ``MAX_POSTINGS`` kept paragraphs a repeat is found by comparing with each; past
    that, through the shingle index: the same paragraph either way, the most similar one
    (ties to the earlier), and a long page of distinct paragraphs loses nothing."""
    from winnow.steps.clean.repeats import MAX_POSTINGS

    assert 3 < MAX_POSTINGS < 200  # one case on each side
    filler = [
        f"Entry {i}: the committee noted item {i} and moved on to item {i + 1}."
        for i in range(kept_before)
    ]
    near = CAPTION["en"].replace("2023", "2024")  # one word changed: Jaccard 0.88
    text = "\n\n".join([CAPTION["en"], *filler, near, CAPTION["en"] + " " + CREDIT["en"]])
    doc = Document(id="x", text=text)
    RepeatedParagraphs().apply(doc)
    details = [e.detail for e in doc.edits]
    assert len(details) == 2 and all("repeats paragraph 1:" in d for d in details), details
    assert doc.text == "\n\n".join([CAPTION["en"], *filler])
