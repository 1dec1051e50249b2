"""Every rule of the quality filters, one positive and one negative case each, in English,
French, German and Japanese.

A positive case is an article changed just enough to break one rule, and the step must
reject it (or, for C4's line rules, remove the line) with that rule's reason code. The
negative case is the same change kept under the threshold, or the article as written, and
the step must let it through. The thresholds are the published defaults; ``web`` only
changes the ones its YAML names.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from articles import CAPTION, LANGS, OTHER, article, judged
from winnow.steps.quality.c4 import C4Quality
from winnow.steps.quality.fineweb import FineWebQuality
from winnow.steps.quality.gopher import GopherQuality
from winnow.steps.quality.gopher_repetition import GopherRepetition

SPACED = ["en", "fr", "de"]


def paragraphs(lang: str) -> list[str]:
    return article(lang).split("\n\n")


def glue(lang: str) -> str:
    """What separates words: nothing in Japanese."""
    return "" if lang == "ja" else " "


def words_in(lang: str) -> int:
    """Words Gopher counts in the article (the denominator of its ratios)."""
    return judged(GopherQuality, article(lang), lang).signals["words"]


def with_line(lang: str, line: str) -> str:
    return article(lang) + "\n\n" + line


def first_paragraphs_joined(lang: str, share: float) -> tuple[str, list[str]]:
    """The first paragraphs merged into one holding ``share`` of the text, and the rest."""
    paras, size = paragraphs(lang), len(article(lang))
    k = 1
    while len(glue(lang).join(paras[:k])) < share * size:
        k += 1
    return glue(lang).join(paras[:k]), paras[k:]


def end_with(paragraph: str, mark: str) -> str:
    return paragraph.rstrip(".。!?！？") + mark


# --- texts that break (or nearly break) one rule -----------------------------------------

HASHTAG = {"en": "#news", "fr": "#actu", "de": "#nachrichten", "ja": "#ニュース"}
LONG_WORD = {
    "en": "internationalizations",
    "fr": "anticonstitutionnellement",
    "de": "Donaudampfschifffahrtsgesellschaft",
    "ja": "",
}
SHORT_WORDS = {
    "en": "we go to it as he is",
    "fr": "il y a un an où tu es",
    "de": "er ist da wo es so",
}
KEYWORDS = {
    "en": "Laptop Tablet Phone Monitor Keyboard Mouse Speaker Camera",
    "fr": "Ordinateur Tablette Téléphone Écran Clavier Souris Enceinte Caméra",
    "de": "Laptop Tablet Telefon Bildschirm Tastatur Maus Lautsprecher Kamera",
    "ja": "テレビ カメラ パソコン マウス スピーカー キーボード タブレット モニター",
}
PAIR = {"en": "New York", "fr": "Tour Eiffel", "de": "Bayern München", "ja": "東京"}
# Five sentences: C4 keeps a document with at least five.
SENTENCES = {
    "en": [
        "The museum opened a new wing.",
        "It shows maps of the old harbour.",
        "Entry is free on Sundays.",
        "School groups must book ahead.",
        "The café closes at five.",
    ],
    "fr": [
        "Le musée a ouvert une nouvelle aile.",
        "Elle montre des cartes du vieux port.",
        "L'entrée est gratuite le dimanche.",
        "Les groupes scolaires doivent réserver.",
        "Le café ferme à dix-sept heures.",
    ],
    "de": [
        "Das Museum hat einen neuen Flügel eröffnet.",
        "Er zeigt Karten des alten Hafens.",
        "Sonntags ist der Eintritt frei.",
        "Schulklassen müssen sich anmelden.",
        "Das Café schließt um fünf Uhr.",
    ],
    "ja": [
        "博物館に新しい展示棟が開いた。",
        "古い港の地図が展示されている。",
        "日曜日は入場無料だ。",
        "学校の団体は予約が必要だ。",
        "喫茶室は五時に閉まる。",
    ],
}
LIST_ITEMS = {
    "en": "apples pears plums grapes lemons limes melons cherries peaches apricots figs dates",
    "fr": "pommes poires prunes raisins citrons melons cerises pêches abricots figues dattes",
    "de": "Äpfel Birnen Pflaumen Trauben Zitronen Melonen Kirschen Pfirsiche Feigen Datteln",
    "ja": "山 川 海 空 森 林 花 草 石 岩 雪 雨",
}
JAVASCRIPT_LINE = {
    "en": "Please enable JavaScript to see the comments.",
    "fr": "Veuillez activer JavaScript pour voir les commentaires.",
    "de": "Bitte aktivieren Sie JavaScript, um die Kommentare zu sehen.",
    "ja": "コメントを表示するにはJavaScriptを有効にしてください。",
}
POLICY_LINE = {  # C4's phrases are English; localised sites often keep them so
    "en": "By using this site you accept our Terms of Use.",
    "fr": "En utilisant ce site, vous acceptez nos Terms of Use.",
    "de": "Mit der Nutzung akzeptieren Sie unsere Terms of Use.",
    "ja": "本サイトのご利用にはTerms of Useへの同意が必要です。",
}
NOT_POLICY_LINE = {
    "en": "The central bank kept its monetary policy unchanged in March.",
    "fr": "La banque centrale a maintenu sa politique monétaire en mars.",
    "de": "Die Zentralbank hat ihre Geldpolitik im März nicht verändert.",
    "ja": "中央銀行は三月、金融政策を据え置いた。",
}


def listing(lang: str, count: int) -> str:
    """Short list items, each ending like a sentence so only the list rule applies."""
    end = "。" if lang == "ja" else "."
    items = LIST_ITEMS[lang].split()
    return "\n".join(
        items[i % len(items)] + (str(i) if i >= len(items) else "") + end for i in range(count)
    )


def shortened(lang: str, count: int) -> list[str]:
    """The article's paragraphs as lines, the first ``count`` cut to 20 characters (still
    ending like a sentence)."""
    return [
        end_with(p[:20].rstrip(), "。" if lang == "ja" else ".") if i < count else p
        for i, p in enumerate(paragraphs(lang))
    ]


@dataclass
class Rule:
    step: type
    reason: str
    positive: Callable[[str], str]
    negative: Callable[[str], str] = article
    config: dict = field(default_factory=dict)
    positive_langs: tuple[str, ...] = tuple(LANGS)  # where the rule is defined
    # config that depends on the language (a threshold derived from the article)
    config_for: Callable[[str, bool], dict] | None = None


def repeats_filler(lang: str, unit: str, share: float) -> str:
    """``unit`` repeated on one line until the repeats hold ``share`` of the text."""
    size = len(article(lang))
    count = max(3, math.ceil(share * size / (1 - share) / len(unit)) + 1)
    return " ".join([unit] * count)


RULES = {
    # Gopher quality, counting words as the web recipe does
    "gopher_short_doc": Rule(
        GopherQuality, "gopher_short_doc", lambda lg: OTHER[lg], config={"tokens": "words"}
    ),
    "gopher_long_doc": Rule(
        GopherQuality,
        "gopher_long_doc",
        article,
        config={"tokens": "words"},
        config_for=lambda lg, positive: {"max_doc_words": words_in(lg) - positive},
    ),
    "gopher_below_avg_word_length": Rule(
        GopherQuality,
        "gopher_below_avg_word_length",
        lambda lg: with_line(lg, " ".join([SHORT_WORDS[lg]] * words_in(lg))),
        lambda lg: with_line(lg, SHORT_WORDS.get(lg, "")),
        config={"tokens": "words"},
        positive_langs=tuple(SPACED),
    ),  # not defined where words are not spaced
    "gopher_above_avg_word_length": Rule(
        GopherQuality,
        "gopher_above_avg_word_length",
        lambda lg: with_line(lg, " ".join([LONG_WORD[lg]] * 2 * words_in(lg))),
        lambda lg: with_line(lg, " ".join([LONG_WORD[lg]] * 5)),
        config={"tokens": "words"},
        positive_langs=tuple(SPACED),
    ),
    "gopher_symbol_word_ratio": Rule(
        GopherQuality,
        "gopher_symbol_word_ratio",
        lambda lg: with_line(lg, " ".join([HASHTAG[lg]] * (words_in(lg) // 5))),
        lambda lg: with_line(lg, " ".join([HASHTAG[lg]] * (words_in(lg) // 20))),
        config={"tokens": "words"},
    ),
    "gopher_bullet_lines": Rule(
        GopherQuality,
        "gopher_bullet_lines",
        lambda lg: "\n".join("• " + p for p in paragraphs(lg)),
        lambda lg: "\n".join(
            ("• " if i < 0.8 * len(paragraphs(lg)) else "") + p
            for i, p in enumerate(paragraphs(lg))
        ),
        config={"tokens": "words"},
    ),
    "gopher_ellipsis_lines": Rule(
        GopherQuality,
        "gopher_ellipsis_lines",
        lambda lg: "\n".join(end_with(p, "…") for p in paragraphs(lg)),
        lambda lg: "\n".join(
            end_with(p, "…") if i < int(0.25 * len(paragraphs(lg))) else p
            for i, p in enumerate(paragraphs(lg))
        ),
        config={"tokens": "words"},
    ),
    "gopher_non_alpha_words": Rule(
        GopherQuality,
        "gopher_non_alpha_words",
        lambda lg: with_line(lg, " ".join(["12 345"] * words_in(lg))),
        lambda lg: with_line(lg, " ".join(["12 345"] * (words_in(lg) // 20))),
        config={"tokens": "words"},
    ),
    "gopher_few_stop_words": Rule(
        GopherQuality,
        "gopher_few_stop_words",
        lambda lg: " ".join([KEYWORDS[lg]] * 10),
        config={"tokens": "words"},
    ),
    # Gopher repetition, with the default thresholds for every rule
    "gopher_dup_paragraphs": Rule(
        GopherRepetition,
        "gopher_dup_paragraphs",
        lambda lg: "\n\n".join(paragraphs(lg) + [paragraphs(lg)[-1]] * len(paragraphs(lg))),
        lambda lg: "\n\n".join(paragraphs(lg)),
        config={"tokens": "words"},
    ),
    "gopher_dup_paragraph_chars": Rule(
        GopherRepetition,
        "gopher_dup_paragraph_chars",
        lambda lg: "\n\n".join([(m := first_paragraphs_joined(lg, 0.3))[0], *m[1], m[0]]),
        config={"tokens": "words"},
    ),
    "gopher_dup_lines": Rule(
        GopherRepetition,
        "gopher_dup_lines",
        lambda lg: "\n".join(paragraphs(lg) + [paragraphs(lg)[-1]] * len(paragraphs(lg))),
        lambda lg: "\n".join(paragraphs(lg)),
        config={"tokens": "words"},
    ),
    "gopher_dup_line_chars": Rule(
        GopherRepetition,
        "gopher_dup_line_chars",
        lambda lg: "\n".join([(m := first_paragraphs_joined(lg, 0.3))[0], *m[1], m[0]]),
        config={"tokens": "words"},
    ),
    "gopher_top_ngram": Rule(
        GopherRepetition,
        "gopher_top_ngram",
        lambda lg: with_line(lg, " ".join(f"{PAIR[lg]} {i}" for i in range(len(article(lg)) // 8))),
        lambda lg: with_line(lg, " ".join(f"{PAIR[lg]} {i}" for i in range(4))),
        config={"tokens": "words"},
    ),
    "gopher_dup_ngrams": Rule(
        GopherRepetition,
        "gopher_dup_ngrams",
        lambda lg: with_line(lg, repeats_filler(lg, OTHER[lg], 0.3)),
        lambda lg: with_line(lg, OTHER[lg] + glue(lg) + OTHER[lg]),
        config={"tokens": "words"},
    ),
    # C4's document rules (the web recipe leaves its line rules to clean.lines)
    "c4_lorem_ipsum": Rule(
        C4Quality,
        "c4_lorem_ipsum",
        lambda lg: with_line(lg, "Lorem ipsum dolor sit amet, consectetur adipiscing elit."),
        lambda lg: with_line(lg, OTHER[lg]),
        config={"line_rules": "off"},
    ),
    "c4_curly_bracket": Rule(
        C4Quality,
        "c4_curly_bracket",
        lambda lg: with_line(lg, "var settings = {lang: 1};"),
        lambda lg: with_line(lg, f"{OTHER[lg]} (1) [2]"),
        config={"line_rules": "off"},
    ),
    "c4_few_sentences": Rule(
        C4Quality,
        "c4_few_sentences",
        lambda lg: glue(lg).join(SENTENCES[lg][:4]),
        lambda lg: glue(lg).join(SENTENCES[lg]),
        config={"line_rules": "off"},
    ),
    # FineWeb's rules at FineWeb's thresholds
    "fineweb_line_punct_ratio": Rule(
        FineWebQuality,
        "fineweb_line_punct_ratio",
        lambda lg: "\n".join(
            p if i < int(0.1 * len(paragraphs(lg))) else end_with(p, "")
            for i, p in enumerate(paragraphs(lg))
        ),
        lambda lg: "\n".join(
            p if i <= int(0.12 * len(paragraphs(lg))) else end_with(p, "")
            for i, p in enumerate(paragraphs(lg))
        ),
    ),
    "fineweb_short_line_ratio": Rule(
        FineWebQuality,
        "fineweb_short_line_ratio",
        lambda lg: "\n".join(shortened(lg, len(paragraphs(lg)))),
        lambda lg: "\n".join(shortened(lg, int(0.6 * len(paragraphs(lg))))),
    ),
    "fineweb_char_dup_ratio": Rule(
        FineWebQuality,
        "fineweb_char_dup_ratio",
        lambda lg: "\n".join([*paragraphs(lg), paragraphs(lg)[0]]),
        lambda lg: "\n".join(paragraphs(lg)),
    ),
    "fineweb_list_ratio": Rule(
        FineWebQuality,
        "fineweb_list_ratio",
        lambda lg: listing(lg, 40),
        lambda lg: article(lg) + "\n" + listing(lg, 3),
        config={"short_line_thr": 1.0},
    ),
}


def run(rule: Rule, lang: str, positive: bool):
    config = dict(rule.config)
    if rule.config_for is not None:
        config.update(rule.config_for(lang, positive))
    text = (rule.positive if positive else rule.negative)(lang)
    return judged(rule.step, text, lang, **config)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_rejects_what_breaks_it(name, lang):
    rule = RULES[name]
    if lang not in rule.positive_langs:
        pytest.skip(f"{name} is not defined for {lang} (words are not separated by spaces)")
    doc = run(rule, lang, positive=True)
    assert doc.rejection is not None, f"{name}: {lang} positive case passed ({doc.signals})"
    assert doc.rejection.reason == rule.reason, doc.rejection


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_lets_the_near_miss_through(name, lang):
    doc = run(RULES[name], lang, positive=False)
    assert doc.rejection is None, f"{name}: {lang} negative case rejected: {doc.rejection}"


@pytest.mark.parametrize("lang", LANGS)
def test_word_length_rules_are_skipped_for_unspaced_scripts(lang):
    """Japanese "words" are characters: a mean word length would be meaningless."""
    doc = judged(GopherQuality, article(lang), lang, tokens="words")
    assert ("avg_word_length" in doc.signals) == (lang != "ja")


# --- C4's line rules (strict, as C4 publishes them; the fineweb recipe uses these) ---------

LINE_CASES = {
    "c4_no_terminal_punct": {
        "en": "Read more",
        "fr": "Lire la suite",
        "de": "Weiterlesen",
        "ja": "続きを読む",
    },
    "c4_few_words_in_line": {"en": "Thanks!", "fr": "Merci !", "de": "Danke!", "ja": "はい。"},
    "c4_javascript": JAVASCRIPT_LINE,
    "c4_policy": POLICY_LINE,
    "c4_long_word": {lg: "x" * 1001 + "." for lg in LANGS},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reason", sorted(LINE_CASES))
def test_c4_line_rule_removes_its_line_and_keeps_prose(reason, lang):
    line = LINE_CASES[reason][lang]
    text = "\n".join([*SENTENCES[lang], line, NOT_POLICY_LINE[lang], OTHER[lang]])
    doc = judged(C4Quality, text, lang, line_rules="strict")
    assert doc.rejection is None
    assert [(e.reason, e.removed) for e in doc.edits] == [(reason, line)]
    assert NOT_POLICY_LINE[lang] in doc.text and OTHER[lang] in doc.text


@pytest.mark.parametrize("lang", LANGS)
def test_c4_citation_markers_are_removed_as_edits(lang):
    from winnow.report.reconstruct import reconstruct

    cited = SENTENCES[lang][0][:-1] + "[12]" + SENTENCES[lang][0][-1]
    text = "\n".join(
        [cited, *SENTENCES[lang][1:], CAPTION[lang][:-1] + " [sic]" + "。."[lang != "ja"]]
    )
    doc = judged(C4Quality, text, lang, line_rules="strict")
    assert doc.rejection is None
    assert [(e.reason, e.removed) for e in doc.edits] == [("c4_citation", "[12]")]
    assert doc.text.startswith(SENTENCES[lang][0]) and "[sic]" in doc.text
    segments = reconstruct(doc.text, [e.to_dict() for e in doc.edits])
    assert "".join(s.text for s in segments) == text


# --- pii.redact: every kind of personal data, in sentences of each language --------------

PII_FRAME = {
    "en": "For questions, contact {} before Friday.",
    "fr": "Pour toute question, contactez {} avant vendredi.",
    "de": "Bei Fragen wenden Sie sich bis Freitag an {}.",
    "ja": "ご質問は金曜日までに{}へご連絡ください。",
}
# (found, near miss) per kind and language: the near miss looks alike and fails the check
# that makes the real one personal data (checksum, range, format).
PII_CASES = {
    "pii_email": {
        "en": ("jane.doe@example.com", "@janedoe"),
        "fr": ("marie.dupont@exemple.fr", "marie.dupont(at)exemple"),
        "de": ("max.mustermann@beispiel.de", "max.mustermann@"),
        "ja": ("taro.yamada@example.co.jp", "@taro_yamada"),
    },
    "pii_phone": {
        "en": ("(415) 555-2671", "415-55-2671"),
        "fr": ("01 42 68 53 00", "01.42.68"),
        "de": ("030 12345678", "03.04.2024"),
        "ja": ("03-1234-5678", "2023-03-14"),
    },
    "pii_ip_address": {
        "en": ("192.168.1.20", "192.168.1.256"),
        "fr": ("2001:db8::8a2e:370:7334", "12:30:45"),
        "de": ("10.0.0.1", "1.2.3"),
        "ja": ("fe80::1ff:fe23:4567:890a", "2001:db8"),
    },
    "pii_iban": {
        "en": ("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 33"),
        "fr": ("FR76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 188"),
        "de": ("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 01"),
        "ja": ("DE89370400440532013000", "DE89370400440532013001"),
    },
    "pii_card_number": {
        "en": ("4111 1111 1111 1111", "4111 1111 1111 1112"),
        "fr": ("5500-0000-0000-0004", "5500-0000-0000-0005"),
        "de": ("3782 822463 10005", "3782 822463 10006"),
        "ja": ("4012888888881881", "4012888888881882"),
    },
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(PII_CASES))
def test_pii_kind_is_redacted_and_near_miss_is_not(kind, lang):
    from winnow.document import Document
    from winnow.steps.pii import PiiRedactor

    found, near_miss = PII_CASES[kind][lang]
    doc = Document(id="p", text=PII_FRAME[lang].format(found), lang=lang)
    PiiRedactor().apply(doc)
    assert [e.reason for e in doc.edits] == [kind]
    placeholder = PiiRedactor.Config().placeholders[kind]
    assert doc.text == PII_FRAME[lang].format(placeholder)  # the words around it stay
    assert doc.signals["pii"] == {kind: 1}
    clean = Document(id="n", text=PII_FRAME[lang].format(near_miss), lang=lang)
    PiiRedactor().apply(clean)
    assert clean.edits == [], f"{near_miss!r} was taken for {clean.edits[0].reason}"
