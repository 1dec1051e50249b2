"""Token boundaries: the counts the Gopher rules divide by follow spaCy's English rules
(what datatrove's FineWeb filters use), and CJK/Thai still get word-like units."""

import time

import pytest

from winnow.text import tokens, tokens_with_punctuation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("well-known results, GLP-1s", ["well", "-", "known", "results", ",", "GLP-1s"]),
        ("on 2024-11-29", ["on", "2024", "-", "11", "-", "29"]),
        ("Don't, it's WE'LL", ["Do", "n't", ",", "it", "'s", "WE", "'LL"]),
        (
            "The U.S. vs. Mr. Smith at 9 a.m.",
            ["The", "U.S.", "vs.", "Mr.", "Smith", "at", "9", "a.m."],
        ),
        (
            "5,200 people... at https://x.example/a?b",
            ["5,200", "people", "...", "at", "https://x.example/a?b"],
        ),
        ("L'été à Paris.", ["L'été", "à", "Paris", "."]),
        ("Ein Haus. 東京都", ["Ein", "Haus", ".", "東", "京", "都"]),
    ],
)
def test_tokens_with_punctuation(text, expected):
    assert tokens_with_punctuation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("iPhoneを使う", ["iPhone", "を", "使", "う"]),
        ("2023年に12人", ["2023", "年", "に", "12", "人"]),
        ("GPT-4は新しい", ["GPT-4", "は", "新", "し", "い"]),
        ("价格100元", ["价", "格", "100", "元"]),
        ("ราคา100บาท", ["ราคา", "100", "บาท"]),
    ],
)
def test_latin_words_and_numbers_stop_at_unspaced_scripts(text, expected):
    """A Latin word or a number glued to Japanese, Chinese or Thai is a word of its own;
    the characters after it are not swallowed into one long "word"."""
    assert tokens(text) == expected
    assert tokens_with_punctuation(text) == expected


def test_plain_tokens_keep_hyphenated_words_whole():
    assert tokens("well-known don't") == ["well-known", "don't"]


def test_tokenizer_is_linear_on_hostile_input():
    """A 1 MB run of letters, apostrophes and periods must not backtrack for seconds."""
    for hostile in ("a" * 1_000_000, "a." * 500_000, "n't" * 300_000, "a-1" * 300_000):
        start = time.perf_counter()
        tokens_with_punctuation(hostile)
        assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "text",
    [
        "Don't stop: the U.S. paid $5,200 on 2024-11-29 to well-known GLP-1 makers (e.g. Mr. X)...",
        "Écrivez à jean.dupont@example.fr, l'été dernier — voir www.example.fr/a?b=1 !",
        "Über 3.5 Mio. Euro: Straßen-Bau in Köln-Deutz, s'il vous plaît; it's 10:30 a.m.",
    ],
)
def test_plain_text_takes_the_fast_pattern_with_the_same_tokens(text):
    """Text without CJK, Thai-like or combining-mark characters is tokenized by a simpler
    pattern: the tokens are those of the full pattern (a kana at the end forces it)."""
    import winnow.text as text_module

    assert text_module._SPECIAL.search(text) is None
    assert tokens_with_punctuation(text) == tokens_with_punctuation(text + " の")[:-1]
    assert text_module._WORD_OR_PUNCT_PLAIN.findall(text) == (
        text_module._WORD_OR_PUNCT.findall(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "Don't stop: the U.S. paid $5,200 on 2024-11-29 to well-known GLP-1 makers (e.g. Mr. X)...",
        "Über 3.5 Mio. Euro: Straßen-Bau in Köln-Deutz, s'il vous plaît; it's 10:30 a.m.",
        "東京都は2024年に新しい政策を発表しました。www.example.jp を見てください",
        "नमस्ते दुनिया, यह एक परीक्षण है।",
    ],
)
def test_text_without_an_at_sign_takes_the_pattern_without_the_email_branch(text):
    """No e-mail address can be in text without "@": its patterns leave that branch out
    and give the tokens of the full ones."""
    import winnow.text as text_module

    assert "@" not in text
    for special in (True, False):
        without = text_module._BY_SPECIAL_AND_AT[special, False]
        assert "@" not in without.pattern
        assert without.findall(text) == text_module._BY_SPECIAL_AND_AT[special, True].findall(text)
