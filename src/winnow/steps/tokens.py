"""Token counts: GPT-2 tokens per document, the ``token_count`` FineWeb publishes.

FineWeb's counts come from datatrove's ``TokensCounter``: HuggingFace ``tokenizers`` with the
Hub's ``gpt2`` tokenizer, ``<|endoftext|>`` in a text counted as one token. winnow downloads
nothing: GPT-2's vocabulary ships inside blingfire's wheel (``gpt2.i2w``, MIT) and tiktoken's
byte-pair encoder (MIT) runs it, so the counts are GPT-2's exactly.

blingfire's own ``text_to_ids`` is not used for GPT-2: its model drops newlines and folds
runs of spaces, and reads every 0xA0 byte as a space (``à``, Cyrillic ``Р``, Hebrew ``נ``,
many CJK characters come out wrong); on 3,043 real documents 2% of its counts were exact
and it found 5% fewer tokens (``bench/tokens_agreement.py``). Its vocabulary is exact: the
tokens read back from ``gpt2.i2w`` equal OpenAI's ``encoder.json`` byte for byte (checked
below by a digest). blingfire's other models (WordPiece, SentencePiece) are offered as
blingfire counts them, which no reference here has checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from winnow.document import Document
from winnow.errors import MissingExtraError, missing_dependency
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind

# GPT-2's pre-tokenizer, as OpenAI published it (encoder.py; HuggingFace's ByteLevel uses
# the same): contractions, letters, digits, other symbols, each with one leading space
PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
END_OF_TEXT = "<|endoftext|>"
N_VOCAB = 50257  # 256 bytes, 50,000 merges, <|endoftext|>
# SHA-256 of the 50,256 tokens (ids 0-50255, each as a 2-byte length and its bytes), computed
# from OpenAI's encoder.json (sha256 196139668be6…, the file tiktoken pins): what blingfire's
# gpt2.i2w must give back
VOCAB_SHA256 = "a05c98a9bb6636f0d0778ef0e593770bac1befc392db5f1156cc5714b8afa64f"
# blingfire's models that count characters or pieces, not bytes; ``roberta`` (GPT-2's BPE
# again) and the URL models are left out
BLINGFIRE_MODELS = (
    "bert_base_tok",
    "bert_base_cased_tok",
    "bert_multi_cased",
    "bert_chinese",
    "xlm_roberta_base",
    "xlnet",
    "xlnet_nonorm",
    "laser100k",
    "laser250k",
    "laser500k",
)
TOKENIZERS = ("gpt2", *BLINGFIRE_MODELS)

_COUNTERS: dict[str, Any] = {}


def byte_order() -> list[int]:
    """GPT-2's ids 0-255: the printable bytes first, then the rest, each in byte order."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    return printable + [b for b in range(256) if b not in printable]


def vocab_digest(tokens: list[bytes]) -> str:
    digest = hashlib.sha256()
    for token in tokens:
        digest.update(len(token).to_bytes(2, "big") + token)
    return digest.hexdigest()


def _blingfire() -> Any:
    try:
        import blingfire
    except ImportError:
        raise missing_dependency("blingfire") from None
    return blingfire


def _library() -> Any:
    """blingfire's shared library, with function objects of our own (their argument types
    set here leave blingfire's module untouched)."""
    import ctypes

    return ctypes.CDLL(_blingfire().blingfire._name)


def _model_path(name: str) -> str:
    return str(Path(_blingfire().__file__).parent / name)


def gpt2_vocabulary() -> list[bytes]:
    """GPT-2's tokens by id (0-50255) from blingfire's ``gpt2.i2w``.

    blingfire turns ids back into text with a leading space stripped, so each token is read
    between two ``a`` tokens and they are cut off again. The 256 single bytes come from
    GPT-2's fixed byte order (blingfire renders the NUL byte as a space).
    """
    import ctypes

    bf = _blingfire()
    handle = bf.load_model(_model_path("gpt2.i2w"))
    ids_to_text = _library().IdsToText
    ids_to_text.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_int32),
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_bool,
    ]
    ids_to_text.restype = ctypes.c_int
    tokens = [bytes([b]) for b in byte_order()]
    a = tokens.index(b"a")
    ids = (ctypes.c_int32 * 3)(a, 0, a)
    out = ctypes.create_string_buffer(1024)
    try:
        for token_id in range(256, N_VOCAB - 1):
            ids[1] = token_id
            n = ids_to_text(handle, ids, 3, out, len(out), False)
            text = out.raw[: max(n - 1, 0)]  # n counts the closing NUL
            tokens.append(text[1:-1] if text[:1] == text[-1:] == b"a" else b"")
    finally:
        bf.free_model(handle)
    return tokens


class Gpt2Counter:
    """GPT-2 token counts with tiktoken, over the vocabulary read from blingfire's wheel."""

    def __init__(self) -> None:
        try:
            import tiktoken
        except ImportError:
            raise missing_dependency("tiktoken") from None
        tokens = gpt2_vocabulary()
        if vocab_digest(tokens) != VOCAB_SHA256:
            from importlib.metadata import version as installed

            version = installed("blingfire")
            raise MissingExtraError(
                f"tokens.count: blingfire ({version}) ships a gpt2.i2w that is not GPT-2's "
                "vocabulary; install blingfire==0.1.8, the version winnow depends on"
            )
        self._encoding = tiktoken.Encoding(
            name="gpt2",
            pat_str=PATTERN,
            mergeable_ranks={token: rank for rank, token in enumerate(tokens)},
            special_tokens={END_OF_TEXT: N_VOCAB - 1},
            explicit_n_vocab=N_VOCAB,
        )
        self._special = {END_OF_TEXT}

    def count(self, text: str) -> int:
        # <|endoftext|> inside a text is one token, as HuggingFace's tokenizer counts it
        return len(self._encoding.encode(text, allowed_special=self._special))


class BlingfireCounter:
    """Counts by one of blingfire's own id models (``<name>.bin`` in its wheel)."""

    def __init__(self, name: str) -> None:
        import ctypes

        self._handle = _blingfire().load_model(_model_path(f"{name}.bin"))
        self._text_to_ids = _library().TextToIds
        self._text_to_ids.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int32),
            ctypes.c_int,
            ctypes.c_int,
        ]
        self._text_to_ids.restype = ctypes.c_int

    def count(self, text: str) -> int:
        import ctypes

        data = text.encode("utf-8")
        # blingfire writes at most ``size`` ids and returns how many it wrote, so the buffer
        # must hold them all: a piece covers at least one byte; doubled if ever full
        size = len(data) + 8
        while True:
            out = (ctypes.c_int32 * size)()
            n = self._text_to_ids(self._handle, data, len(data), out, size, 0)
            if n < size:
                return max(n, 0)
            size *= 2


def load_counter(name: str) -> Any:
    """The counter for ``name``, loaded once per process."""
    if name not in _COUNTERS:
        _COUNTERS[name] = Gpt2Counter() if name == "gpt2" else BlingfireCounter(name)
    return _COUNTERS[name]


@register
class TokenCount(Step):
    """Count the document's tokens (GPT-2's tokenizer, as FineWeb's token_count)."""

    name = "tokens.count"
    kind = StepKind.ANNOTATE
    tallied_signals = ("token_count",)  # the run's total tokens per step in stats.json
    plotted_signals = (PlottedSignal("token_count", "tokens per document"),)

    @dataclass
    class Config:
        # gpt2: GPT-2's byte-level BPE, exact (FineWeb's ``tokenizer: gpt2``); or one of
        # blingfire's other models, counted as blingfire counts them
        tokenizer: str = "gpt2"

        def validate(self) -> None:
            if self.tokenizer not in TOKENIZERS:
                raise ValueError(
                    f"tokenizer must be one of {', '.join(TOKENIZERS)}, got {self.tokenizer!r}"
                )

    def setup(self) -> None:
        self._counter = load_counter(self.config.tokenizer)

    def apply(self, doc: Document) -> None:
        doc.signals["token_count"] = self._counter.count(doc.text) if doc.text else 0
