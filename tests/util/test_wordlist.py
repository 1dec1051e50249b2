"""The trie-shaped word regex finds what the plain longest-first alternation finds."""

import random
import re

import pytest

from winnow.steps.html.blocks.tags import ATTR_WORDS
from winnow.util.wordlist import trie_pattern


def plain(words):
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


def test_class_words_match_as_the_plain_alternation():
    trie = re.compile(trie_pattern(ATTR_WORDS))
    for value in (
        "main-content sidebar-nav",
        "navbar commentlist",
        "sidebars-more",
        "entry-title post-date",
        "x",
        "",
        "headlines header head",
        "pagination pager page",
        "adsense advert ads",
    ):
        assert trie.findall(value) == plain(ATTR_WORDS).findall(value), value
    assert trie.findall("sidebar side") == ["sidebar", "side"]  # the longest word first


def test_random_word_lists_and_texts():
    rng = random.Random(20261129)
    for _ in range(300):
        words = [
            "".join(rng.choice("abc.+") for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 12))
        ]
        text = "".join(rng.choice("abc.+ ") for _ in range(60))
        assert re.findall(trie_pattern(words), text) == plain(words).findall(text), (words, text)


def test_no_words_or_an_empty_word_is_an_error():
    for words in ([], ["a", ""]):
        with pytest.raises(ValueError):
            trie_pattern(words)
