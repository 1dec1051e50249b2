"""tokens.count: GPT-2 token counts equal to GPT-2's own tokenizer, whitespace included.

The pinned counts come from a pure-Python GPT-2 BPE over OpenAI's encoder.json and
vocab.bpe (bench/tokens_agreement.py), not from the step's own code.
"""

import time

import pytest

from conftest import TEXTS
from winnow.document import Document
from winnow.errors import ConfigError, MissingExtraError
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe
from winnow.stats import RunStats
from winnow.steps import tokens
from winnow.steps.tokens import TokenCount


@pytest.fixture(scope="module")
def step():
    step = TokenCount()
    step.setup()
    return step


def count(step, text: str) -> int:
    doc = Document(id="x", text=text)
    step.apply(doc)
    return doc.signals["token_count"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("Hello world", 2),
        # newlines and runs of spaces are tokens of their own (blingfire's text_to_ids drops
        # them: 2 for both of these)
        ("Hello\n\nWorld", 4),
        ("  hello  \n world", 6),
        ("tab\t\tbed   \n\n\n", 9),
        ("Ça va ?\tOui.\r\n", 11),
        # characters with a 0xA0 byte in UTF-8 (blingfire reads it as a space)
        ("voilà à Paris", 5),
        ("Россия Р", 9),
        ("עברית נכון", 13),
        ("x\u00a0y", 3),
        ("\ufeff", 3),
        ("\x00abc", 2),
        ("東京都の図書館", 15),
        # one special token, as HuggingFace's GPT-2 tokenizer (FineWeb's counter) reads it
        ("<|endoftext|>", 1),
        ("a<|endoftext|>b", 3),
    ],
)
def test_counts_are_gpt2s(step, text, expected):
    assert count(step, text) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", 29), ("fr", 50), ("de", 59), ("es", 48), ("ja", 74)]
)
def test_counts_of_each_sample_language(step, lang, expected):
    assert count(step, TEXTS[lang]) == expected


def test_a_long_document_is_counted_in_full_and_in_linear_time(step):
    assert count(step, "a" * 100_000) == 25_000
    start = time.perf_counter()
    assert count(step, "a" * 400_000) == 100_000  # one 400,000-letter word: no stall
    assert time.perf_counter() - start < 5
    # 29 tokens a page; "\n\n" is two tokens before a word and one at the very end
    assert count(step, (TEXTS["en"] + "\n\n") * 2_000) == 2_000 * 31 - 1


def test_the_run_totals_tokens_per_step():
    docs = [Document(id=str(i), text=t) for i, t in enumerate(TEXTS.values())]
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": ["tokens.count"]}))
    pipeline.setup()
    stats = RunStats()
    run_in_memory(pipeline, docs, stats)
    assert stats.step("tokens.count").found["token_count"] == 29 + 50 + 59 + 48 + 74
    assert TokenCount.tallied_signals == ("token_count",)
    assert [p.name for p in TokenCount.plotted_signals] == ["token_count"]


def test_a_bad_tokenizer_is_refused_before_any_work():
    with pytest.raises(ConfigError, match="tokenizer must be one of gpt2"):
        parse_recipe({"steps": [{"tokens.count": {"tokenizer": "gpt5"}}]})
    with pytest.raises(ConfigError, match="unknown parameter"):
        parse_recipe({"steps": [{"tokens.count": {"max_len": 512}}]})


def test_a_vocabulary_that_is_not_gpt2s_is_refused(monkeypatch):
    """The vocabulary read from blingfire's wheel must be GPT-2's, byte for byte."""
    real = tokens.gpt2_vocabulary()
    assert tokens.vocab_digest(real) == tokens.VOCAB_SHA256
    changed = [*real[:-1], b"not a gpt2 token"]
    monkeypatch.setattr(tokens, "gpt2_vocabulary", lambda: changed)
    with pytest.raises(MissingExtraError, match="not GPT-2's vocabulary"):
        tokens.Gpt2Counter()


def test_blingfire_models_count_pieces_in_full():
    """Another vocabulary: blingfire's XLM-RoBERTa model; a long text is not cut short."""
    step = TokenCount(TokenCount.Config(tokenizer="xlm_roberta_base"))
    step.setup()
    one = count(step, "hello world ")
    assert one > 0
    assert count(step, "hello world " * 50_000) == 50_000 * one
    assert count(step, "voilà à Paris") > 0 and count(step, "") == 0
