"""``dedup.paragraphs``: paragraphs that recur across documents are boilerplate.

CCNet's observation (Wenzek et al. 2020): a line that many pages share ("Laisser un
commentaire", a cookie notice, a site's footer) is page furniture, whatever its language.
Each document's lines are hashed after normalisation (case, punctuation and spacing
folded); a line found in more than ``max_docs`` documents of the run — or in more than
``max_docs_per_site`` pages of one site, when URLs are known — is recurring.

First-occurrence policy (``keep_first``, on by default): the first document in input
order that has a recurring line keeps it; every later one loses it, with reason
``recurring`` and the count. So an article quoted or partly syndicated elsewhere keeps its
text once (in its first copy) instead of losing it everywhere, and site furniture
survives on one page of the corpus. ``keep_first: false`` removes it from all of them.

Defaults (more than 1 document, lines of 10+ characters, first kept) were chosen on the
Turku line-labelled documents, held-out dev split, after the cleaning steps: there a line
shared by two documents is mostly noise, and this step lifts macro keep-F1
(research/HISTORY.md, figures moved out of code comments; the grid of settings is flat:
line cleaning, 2026-11-25). In the ``web`` recipe it runs after the
near-duplicate removal, so whole copies are gone before their lines are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import xxhash

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import CorpusStep, ShardKeys
from winnow.steps.dedup.normalize import normalize_for_hash
from winnow.text import split_paragraphs

DECISION_SCHEMA = pa.schema(
    [("ord", pa.uint32()), ("recurring", pa.list_(pa.uint64())), ("counts", pa.list_(pa.uint32()))]
)


DOCS_PER_PARTITION = 200_000  # ~50 lines a document: ~160 MB of (hash, row) a partition
_SITE_MIX = np.uint64(0x9E3779B97F4A7C15)
_NO_SITE = np.uint64(xxhash.xxh3_64_intdigest(b""))


class Recurring:
    """Sorted hashes seen in too many documents, their document counts and first rows."""

    def __init__(self, hashes: np.ndarray, counts: np.ndarray, first: np.ndarray) -> None:
        order = np.argsort(hashes)
        self.hashes, self.counts, self.first = hashes[order], counts[order], first[order]

    def lookup(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(count, first row) of each value; count 0 where the value does not recur."""
        if not self.hashes.size:
            return np.zeros(values.size, np.int64), np.full(values.size, -1, np.int64)
        at = np.minimum(np.searchsorted(self.hashes, values), self.hashes.size - 1)
        hit = self.hashes[at] == values
        return (
            np.where(hit, self.counts[at], 0).astype(np.int64),
            np.where(hit, self.first[at], -1).astype(np.int64),
        )


def _recurring(scratch: Path, kind: str, parts: int, max_docs: int) -> Recurring:
    """Count each partition file on its own; keep the hashes in more than ``max_docs``."""
    found = []
    for p in range(parts):
        pairs = np.fromfile(scratch / f"{kind}{p}.bin", dtype=np.uint64).reshape(-1, 2)
        if not len(pairs):
            continue
        # rows were written in increasing order, so each hash's first index is its first row
        unique, first, counts = np.unique(pairs[:, 0], return_index=True, return_counts=True)
        keep = counts > max_docs
        found.append((unique[keep], counts[keep], pairs[first[keep], 1].astype(np.int64)))
    if not found:
        return Recurring(np.empty(0, np.uint64), np.empty(0, np.int64), np.empty(0, np.int64))
    return Recurring(*(np.concatenate(column) for column in zip(*found, strict=True)))


def _flatten(table: pa.Table) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(line hashes, lines per document, (site, line) keys, whether the page has a site)."""
    if not table.num_rows:
        empty = np.empty(0, np.uint64)
        return empty, np.empty(0, np.int64), empty, np.empty(0, bool)
    lists = table["hashes"].combine_chunks()
    per_doc = np.diff(lists.offsets.to_numpy())
    hashes = lists.flatten().to_numpy()
    sites = np.repeat(table["site"].to_numpy(), per_doc)
    return hashes, per_doc, hashes ^ (sites * _SITE_MIX), sites != _NO_SITE


def site_of(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def line_hashes(text: str, min_chars: int) -> list[tuple[int, int, int]]:
    """(hash, start, end) of each non-blank line long enough to judge."""
    out = []
    for start, end in split_paragraphs(text):
        normal = normalize_for_hash(text[start:end])
        if len(normal) >= min_chars:
            out.append((xxhash.xxh3_64_intdigest(normal.encode("utf-8")), start, end))
    return out


@register
class RecurringParagraphs(CorpusStep):
    """Remove lines that recur in many documents of the corpus (site boilerplate)."""

    name = "dedup.paragraphs"

    @dataclass
    class Config:
        max_docs: int = 1  # a line in more documents than this is recurring
        max_docs_per_site: int = 1  # the same, counted among the pages of one site
        min_chars: int = 10  # lines shorter than this (normalised) are left alone
        keep_first: bool = True  # the first document (input order) with a line keeps it

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

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        """Out of core, in three passes: each shard's line hashes are spilled to
        hash-partitioned files; each partition is counted on its own (so memory is the
        corpus's lines / ``partitions``); each shard is then matched against the small set
        of recurring hashes."""
        c = self.config
        sizes = [keys.num_rows(s) for s in range(len(keys))]
        if not sum(sizes):
            return [DECISION_SCHEMA.empty_table() for _ in sizes]
        scratch = keys.scratch / "paragraphs"
        scratch.mkdir(parents=True, exist_ok=True)
        parts = max(1, -(-sum(sizes) // DOCS_PER_PARTITION))
        self._spill(keys, scratch, parts)
        common = _recurring(scratch, "line", parts, c.max_docs)
        per_site = _recurring(scratch, "site", parts, c.max_docs_per_site)
        decisions = []
        row = 0
        for s in range(len(sizes)):
            table = keys.read(s)
            hashes, per_doc, site_keys, has_site = _flatten(table)
            doc_row = np.repeat(np.arange(row, row + len(per_doc)), per_doc)
            g_count, g_first = common.lookup(hashes)
            s_count, s_first = per_site.lookup(site_keys)
            s_count = np.where(has_site, s_count, 0)
            recurring = (g_count > 0) | (s_count > 0)
            if c.keep_first:  # the first document with the line keeps it
                first = np.where(g_count > 0, g_first, s_first)
                recurring &= doc_row != first
            count = np.maximum(g_count, s_count)
            doc_start = np.concatenate([[0], np.cumsum(per_doc)])
            doc_ords = table["ord"].to_numpy()
            ords, rec_lists, count_lists = [], [], []
            for d in np.unique(doc_row[recurring]) - row:
                lo, hi = doc_start[d], doc_start[d + 1]
                mask = recurring[lo:hi]
                ords.append(int(doc_ords[d]))
                rec_lists.append(hashes[lo:hi][mask].tolist())
                count_lists.append(count[lo:hi][mask].tolist())
            decisions.append(
                pa.table(
                    [
                        pa.array(ords, pa.uint32()),
                        pa.array(rec_lists, pa.list_(pa.uint64())),
                        pa.array(count_lists, pa.list_(pa.uint32())),
                    ],
                    schema=DECISION_SCHEMA,
                )
            )
            row += len(per_doc)
        return decisions

    def _spill(self, keys: ShardKeys, scratch: Path, parts: int) -> None:
        """Append (hash, document row) of every line, and of every (site, line) for pages
        with a URL, to the file of the hash's partition."""
        files = {
            (kind, p): open(scratch / f"{kind}{p}.bin", "wb")  # noqa: SIM115
            for kind in ("line", "site")
            for p in range(parts)
        }
        try:
            row = 0
            for s in range(len(keys)):
                hashes, per_doc, site_keys, has_site = _flatten(keys.read(s))
                doc_row = np.repeat(np.arange(row, row + len(per_doc), dtype=np.uint64), per_doc)
                for kind, values, rows in (
                    ("line", hashes, doc_row),
                    ("site", site_keys[has_site], doc_row[has_site]),
                ):
                    part = values % np.uint64(parts)
                    for p in range(parts):
                        mine = part == p
                        files[kind, p].write(np.stack([values[mine], rows[mine]], 1).tobytes())
                row += len(per_doc)
        finally:
            for f in files.values():
                f.close()

    def tally(self, decision: dict[str, Any]) -> dict[str, int]:
        return {"documents_with_recurring_lines": 1}

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        counts = dict(zip(decision["recurring"], decision["counts"], strict=True))
        marks = [
            LineMark(
                start,
                end,
                str(self.Reason.RECURRING),
                f"line found in {counts[h]} documents (> max_docs "
                f"{self.config.max_docs} or > {self.config.max_docs_per_site} "
                f"pages of its site)",
            )
            for h, start, end in line_hashes(doc.text, self.config.min_chars)
            if h in counts
        ]
        doc.signals["recurring_lines"] = len(marks)
        remove_lines(doc, self.name, marks)
