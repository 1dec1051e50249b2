"""``dedup.paragraphs``: paragraphs that recur across many documents are boilerplate.

CCNet's observation (Wenzek et al. 2020): a line that many pages share ("Laisser un
commentaire", a cookie notice, a site's footer) is page furniture, whatever its language.
Each document's lines are hashed after normalisation (case, punctuation and spacing
folded); a line found in more than ``max_docs`` documents of the run — or in more than
``max_docs_per_site`` pages of one site, when URLs are known — is removed from every
document that has it, with reason ``recurring`` and the count.

The thresholds were chosen on the Turku line-labelled documents (tests/eval): there, a
line shared by two documents is noise in 93% of cases (bench/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import xxhash

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import CorpusStep
from winnow.text import normalize_line, split_paragraphs

DECISION_SCHEMA = pa.schema([("ord", pa.uint32()), ("recurring", pa.list_(pa.uint64())),
                             ("counts", pa.list_(pa.uint32()))])


def site_of(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def line_hashes(text: str, min_chars: int) -> list[tuple[int, int, int]]:
    """(hash, start, end) of each non-blank line long enough to judge."""
    out = []
    for start, end in split_paragraphs(text):
        normal = normalize_line(text[start:end])
        if len(normal) >= min_chars:
            out.append((xxhash.xxh3_64_intdigest(normal.encode("utf-8")), start, end))
    return out


@register
class RecurringParagraphs(CorpusStep):
    """Remove lines that recur in many documents of the corpus (site boilerplate)."""

    name = "dedup.paragraphs"

    @dataclass
    class Config:
        max_docs: int = 1  # a line in more documents than this is boilerplate everywhere
        max_docs_per_site: int = 1  # the same, counted among the pages of one site
        min_chars: int = 1  # lines shorter than this (normalised) are left alone

        def validate(self) -> None:
            if self.max_docs < 1 or self.max_docs_per_site < 1:
                raise ValueError("max_docs and max_docs_per_site must be ≥ 1")

    class Reason(StrEnum):
        RECURRING = "recurring"

    key_schema = pa.schema([("site", pa.uint64()), ("hashes", pa.list_(pa.uint64()))])

    def key(self, doc: Document) -> tuple[int, list[int]] | None:
        hashes = sorted({h for h, _, _ in line_hashes(doc.text, self.config.min_chars)})
        if not hashes:
            return None
        return xxhash.xxh3_64_intdigest(site_of(doc.url).encode()), hashes

    def plan(self, keys_by_shard: list[pa.Table]) -> list[pa.Table]:
        sizes = [t.num_rows for t in keys_by_shard]
        if not sum(sizes):
            return [DECISION_SCHEMA.empty_table() for _ in keys_by_shard]
        lists = [t["hashes"].combine_chunks() if t.num_rows else pa.array([], pa.list_(pa.uint64()))
                 for t in keys_by_shard]
        per_doc = np.concatenate([np.diff(a.offsets.to_numpy()) for a in lists])
        hashes = np.concatenate([a.flatten().to_numpy() for a in lists])
        sites = np.repeat(np.concatenate([t["site"].to_numpy() for t in keys_by_shard]), per_doc)
        unique, global_count = np.unique(hashes, return_counts=True)
        count_of = global_count[np.searchsorted(unique, hashes)]
        site_key = hashes ^ (sites * np.uint64(0x9E3779B97F4A7C15))
        unique_site, site_count = np.unique(site_key, return_counts=True)
        site_count_of = site_count[np.searchsorted(unique_site, site_key)]
        has_site = sites != np.uint64(xxhash.xxh3_64_intdigest(b""))
        recurring = (count_of > self.config.max_docs) | (
            has_site & (site_count_of > self.config.max_docs_per_site))
        doc_start = np.concatenate([[0], np.cumsum(per_doc)])
        decisions = []
        row = 0
        for table in keys_by_shard:
            ords, rec_lists, count_lists = [], [], []
            for position in table["ord"].to_pylist():
                lo, hi = doc_start[row], doc_start[row + 1]
                mask = recurring[lo:hi]
                if mask.any():
                    ords.append(position)
                    rec_lists.append(hashes[lo:hi][mask].tolist())
                    count_lists.append(count_of[lo:hi][mask].tolist())
                row += 1
            decisions.append(pa.table([pa.array(ords, pa.uint32()),
                                       pa.array(rec_lists, pa.list_(pa.uint64())),
                                       pa.array(count_lists, pa.list_(pa.uint32()))],
                                      schema=DECISION_SCHEMA))
        return decisions

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        counts = dict(zip(decision["recurring"], decision["counts"], strict=True))
        marks = [LineMark(start, end, str(self.Reason.RECURRING),
                          f"line found in {counts[h]} documents (> max_docs "
                          f"{self.config.max_docs} or > {self.config.max_docs_per_site} "
                          f"pages of its site)")
                 for h, start, end in line_hashes(doc.text, self.config.min_chars) if h in counts]
        doc.signals["recurring_lines"] = len(marks)
        remove_lines(doc, self.name, marks)
