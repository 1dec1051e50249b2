"""``decontam.ngrams``: remove documents that share a word n-gram with evaluation data.

A model trained on a benchmark's test items scores well for the wrong reason. GPT-3
(Brown et al. 2020, appendix C) removed training documents sharing a 13-gram with any
test item; 13 is the default here, and n below 5 is refused (common phrases would remove
ordinary text). Words are normalised the same way on both sides (``hashing``: NFKC,
case folding, ``winnow.text.tokens``' words, punctuation dropped, one word per Han or kana
character), so "Which of the following..." matches whatever its case, punctuation or
full-width forms, and a Chinese or Japanese item matches character by character. An item
with fewer than n words has no n-gram and can match nothing (``meta.json``'s
``short_items`` counts them): give suites of short items a lower n.

References: JSONL (a ``text`` field) and Parquet (a ``text`` column), read with winnow's
own readers, or plain text with one item a line; a path may be a folder or a glob.

Cost and scale. The index (``index``) holds, per distinct reference n-gram, 8 bytes of
hash, 8 of side table (item, word offset) and 4 of bitmap, plus the items' texts: typical
suites (MMLU, HellaSwag, GSM8K, ARC) hold about 10^5-10^6 13-grams, 0.8-8 MB of hashes.
It is built once a machine and mapped read-only by every worker, which share it through
the page cache. Measured with ``bench/decontam.py`` at 10^6 13-grams (20,870 synthetic
items), on a shared 2-core machine: built in 1.2-1.9 s of CPU, peak RSS 152 MB (113 MB
above the process's start), 31 MB of files (8 MB of hashes); a worker maps it in ~0.2 s
(most of it building the character tables). A document costs its normalisation and word
hashing (numpy on code points), one n-gram hash pass and a bitmap probe per n-gram:
linear in its size and nearly independent of the index's (the binary search runs for the
~3% of probes that pass). On 2,000 real documents of 7,800 characters on average:
0.44-0.64 ms of CPU each, 2.6-6.4% of the ``web`` recipe's 10-17 ms a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from winnow.document import Document
from winnow.errors import ConfigError
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.steps.decontam.hashing import prepare, words_of
from winnow.steps.decontam.index import NgramIndex, open_index, resolve

MIN_N = 5


@register
class NgramDecontam(Step):
    """Remove documents that share a word n-gram with evaluation data (benchmark leaks)."""

    name = "decontam.ngrams"
    kind = StepKind.FILTER

    @dataclass
    class Config:
        # evaluation data: JSONL (``text``), Parquet (``text``) or plain text, one item a line
        references: list[str] = field(default_factory=list)
        n: int = 13  # GPT-3's n-gram length
        min_matches: int = 1  # distinct shared n-grams that remove a document
        cache_dir: str = ""  # where the index is kept; empty: <temp dir>/winnow-decontam

        def validate(self) -> None:
            if not self.references:
                raise ValueError("references: name at least one file of evaluation data")
            if self.n < MIN_N:
                raise ValueError(f"n {self.n} < {MIN_N}: shorter n-grams match ordinary phrases")
            if self.min_matches < 1:
                raise ValueError(f"min_matches {self.min_matches} < 1")
            try:
                resolve(self.references)
            except ConfigError as err:
                raise ValueError(str(err)) from None

    class Reason(StrEnum):
        CONTAMINATED = "decontam_ngram_overlap"

    def __init__(self, config: Any = None) -> None:
        super().__init__(config)
        self.index: NgramIndex | None = None

    def setup(self) -> None:
        c = self.config
        prepare()
        self.index = open_index(resolve(c.references), c.n, c.cache_dir)

    def apply(self, doc: Document) -> None:
        if self.index is None:
            self.setup()
        assert self.index is not None
        count, first = self.index.matches(words_of(doc.text))
        doc.signals["decontam_ngrams"] = count
        m = self.config.min_matches
        if count >= m and first is not None:
            self.reject(
                doc,
                self.Reason.CONTAMINATED,
                f"{count} {self.config.n}-gram(s) shared with evaluation data >= "
                f"min_matches {m}; first: {first.file} {first.label}: "
                f'"{" ".join(first.words)}"',
            )
