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

from collections.abc import Generator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import xxhash

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.io import storage
from winnow.io.storage import join
from winnow.registry import register
from winnow.step import CorpusStep, PlanContext, ShardKeys
from winnow.steps.dedup.normalize import normalize_for_hash
from winnow.steps.dedup.partition import (
    ENTRY,
    PartitionWriter,
    check_plan_memory,
    key_batches,
    load,
    partitions_for,
    range_part,
    read_partition,
    save,
    work_dir,
)
from winnow.text import split_paragraphs, word_count

DECISION_SCHEMA = pa.schema(
    [("ord", pa.uint32()), ("recurring", pa.list_(pa.uint64())), ("counts", pa.list_(pa.uint32()))]
)
RECURRING = np.dtype([("hash", "<u8"), ("count", "<i8"), ("first", "<i8")])


# A reduce task's bytes per (hash, row) entry: the entry, np.unique's sort and its
# outputs (bench/dedup_scale.py --mode plan measures the peak).
ENTRY_BYTES = 80
_SITE_MIX = np.uint64(0x9E3779B97F4A7C15)
_NO_SITE = np.uint64(xxhash.xxh3_64_intdigest(b""))


def _recurring(entries: np.ndarray, max_docs: int) -> np.ndarray:
    """The hashes of one partition found in more than ``max_docs`` documents, with their
    count and first row (entries come in row order, so a hash's first index is its first
    row), sorted by hash."""
    found = np.empty(0, dtype=RECURRING)
    if not entries.size:
        return found
    unique, first, counts = np.unique(entries["key"], return_index=True, return_counts=True)
    keep = counts > max_docs
    found = np.empty(int(keep.sum()), dtype=RECURRING)
    found["hash"], found["count"] = unique[keep], counts[keep]
    found["first"] = entries["row"][first[keep]]
    return found


def _lookup(tables: list[np.ndarray], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(count, first row) of each value among the recurring hashes of its partition (one
    sorted, memory-mapped table per partition); count 0 where it does not recur."""
    count = np.zeros(values.size, np.int64)
    first = np.full(values.size, -1, np.int64)
    part = range_part(values, len(tables))
    for p, table in enumerate(tables):
        mine = np.flatnonzero(part == p)
        if not mine.size or not table.size:
            continue
        at = np.minimum(np.searchsorted(table["hash"], values[mine]), table.size - 1)
        hit = np.asarray(table["hash"][at]) == values[mine]
        count[mine[hit]] = table["count"][at[hit]]
        first[mine[hit]] = table["first"][at[hit]]
    return count, first


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


def _list_values(path: str) -> int:
    """Line hashes in a key file, from its footer (the leaf values of ``hashes``)."""
    meta = storage.parquet_file(path).metadata
    total = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            if group.column(c).path_in_schema.startswith("hashes"):
                total += group.column(c).num_values
    return total


def site_of(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _words(normal: str, enough: int) -> int:
    """Words of a normalised line, counted exactly only when a count of its spaces says
    it may have fewer than ``enough`` (a Han or kana character is a word, as in
    ``winnow.text.tokens``)."""
    spaced = normal.count(" ") + 1
    return spaced if spaced >= enough else word_count(normal)


def judged_lines(text: str, min_chars: int, min_words: int) -> list[tuple[int, int, int, bool]]:
    """(hash, start, end, long) of each non-blank line long enough to judge; ``long``:
    it has ``min_words`` words or more.

    A shorter line between the document's first and last long line is left out: inside
    the body, a short line is a heading ("Key features", "Conclusion") that many pages
    share without being furniture; menus and calls to action ("Laisser un commentaire")
    sit before or after the body. On WCXB dev pages, 81 % of the lines of one to four
    words this step removed were gold main text (1,200 of 1,500), against half of the
    longer ones (research/lines_furniture.py, 2026-12)."""
    spans = []
    for start, end in split_paragraphs(text):
        normal = normalize_for_hash(text[start:end])
        if len(normal) >= min_chars:
            spans.append((normal, start, end, _words(normal, min_words) >= min_words))
    long = [i for i, span in enumerate(spans) if span[3]]
    first, last = (long[0], long[-1]) if long else (len(spans), -1)
    return [
        (xxhash.xxh3_64_intdigest(normal.encode("utf-8")), start, end, is_long)
        for i, (normal, start, end, is_long) in enumerate(spans)
        if is_long or not first < i < last
    ]


def line_hashes(text: str, min_chars: int, min_words: int = 0) -> list[tuple[int, int, int]]:
    """(hash, start, end) of each line ``judged_lines`` judges."""
    return [(h, start, end) for h, start, end, _ in judged_lines(text, min_chars, min_words)]


@register
class RecurringParagraphs(CorpusStep):
    """Remove lines that recur in many documents of the corpus (site boilerplate)."""

    name = "dedup.paragraphs"

    @dataclass
    class Config:
        max_docs: int = 1  # a line in more documents than this is recurring
        max_docs_per_site: int = 1  # the same, counted among the pages of one site
        min_chars: int = 10  # lines shorter than this (normalised) are left alone
        # ... and, inside the body (between its first and last line of this many words),
        # lines of fewer words: headings, not furniture (``judged_lines``)
        min_words: int = 5
        keep_first: bool = True  # the first document (input order) with a line keeps it
        plan_memory_mb: int = 512  # a plan task's memory: sets the number of hash ranges
        partitions: int = 0  # hash ranges of the plan; 0: from plan_memory_mb

        def validate(self) -> None:
            if self.max_docs < 1 or self.max_docs_per_site < 1:
                raise ValueError("max_docs and max_docs_per_site must be ≥ 1")
            if self.min_words < 0:
                raise ValueError("min_words must be ≥ 0")
            check_plan_memory(self.plan_memory_mb, self.partitions)

    class Reason(StrEnum):
        RECURRING = "recurring"
        # the whole document: every line of min_words words or more recurs elsewhere, so
        # what would be left (short lines, or nothing) is no text worth keeping
        ONLY_RECURRING = "only_recurring_lines"

    key_schema = pa.schema([("site", pa.uint64()), ("hashes", pa.list_(pa.uint64()))])

    def key(self, doc: Document) -> tuple[int, list[int]] | None:
        c = self.config
        hashes = sorted({h for h, _, _ in line_hashes(doc.text, c.min_chars, c.min_words)})
        if not hashes:
            return None
        return xxhash.xxh3_64_intdigest(site_of(doc.url).encode()), hashes

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        """The partitioned plan below, run here one task at a time."""
        from winnow.running.plan import plan_in_process

        return plan_in_process(self, keys)

    def plan_rounds(self, ctx: PlanContext) -> Generator[list[Any], list[Any], None]:
        """Partitioned by hash range: map (per shard: (line hash, row) and, for pages with
        a URL, ((site, line) hash, row) entries to partition blocks), reduce (per kind and
        range: the hashes found in too many documents, with their first row), decide (per
        shard: each line looked up in its partition's memory-mapped recurring hashes)."""
        if not ctx.total:
            for s in range(ctx.shards):
                ctx.write_decision(s, DECISION_SCHEMA.empty_table())
            return
        c = self.config
        lines = sum(_list_values(path) for path in ctx.keys)
        ranges = partitions_for(lines, ENTRY_BYTES, c.plan_memory_mb, c.partitions)
        yield [("map", s, ranges) for s in range(ctx.shards)]
        yield [("reduce", p, ranges) for p in range(2 * ranges)]
        yield [("decide", s, ranges) for s in range(ctx.shards)]

    def plan_task(self, ctx: PlanContext, task: Any) -> Any:
        phase, index, ranges = task
        work = work_dir(ctx, "paragraphs")
        if phase == "map":
            writer = PartitionWriter(join(work, f"map-{index}.bin"), 2 * ranges)
            row = ctx.offset(index)
            for batch in key_batches(ctx.keys[index], ["site", "hashes"]):
                hashes, per_doc, site_keys, has_site = _flatten(batch)
                doc_row = np.repeat(np.arange(row, row + len(per_doc)), per_doc)
                entries = np.empty(hashes.size + int(has_site.sum()), dtype=ENTRY)
                entries["key"] = np.concatenate([hashes, site_keys[has_site]])
                entries["row"] = np.concatenate([doc_row, doc_row[has_site]])
                part = range_part(entries["key"], ranges)
                part[hashes.size :] += ranges  # (site, line) entries: the second half
                writer.add(part, entries)
                row += len(per_doc)
            writer.close()
            return None
        if phase == "reduce":
            maps = [join(work, f"map-{s}.bin") for s in range(ctx.shards)]
            limit = self.config.max_docs if index < ranges else self.config.max_docs_per_site
            found = _recurring(read_partition(maps, index), limit)
            save(join(work, f"recurring-{index}.npy"), found)
            return int(found.size)
        tables = [load(join(work, f"recurring-{p}.npy"), ctx.scratch) for p in range(2 * ranges)]
        table = self._decide_shard(ctx, index, tables[:ranges], tables[ranges:])
        ctx.write_decision(index, table)
        return int(table.num_rows)

    def _decide_shard(
        self, ctx: PlanContext, shard: int, common: list[np.ndarray], per_site: list[np.ndarray]
    ) -> pa.Table:
        """Each line of the shard's documents looked up among the recurring hashes; a row
        for each document that loses a line."""
        c = self.config
        ords: list[int] = []
        rec_lists: list[list[int]] = []
        count_lists: list[list[int]] = []
        row = ctx.offset(shard)
        for table in key_batches(ctx.keys[shard], ["ord", "site", "hashes"]):
            hashes, per_doc, site_keys, has_site = _flatten(table)
            doc_row = np.repeat(np.arange(row, row + len(per_doc)), per_doc)
            g_count, g_first = _lookup(common, hashes)
            s_count, s_first = _lookup(per_site, site_keys)
            s_count = np.where(has_site, s_count, 0)
            recurring = (g_count > 0) | (s_count > 0)
            if c.keep_first:  # the first document with the line keeps it
                first = np.where(g_count > 0, g_first, s_first)
                recurring &= doc_row != first
            count = np.maximum(g_count, s_count)
            doc_start = np.concatenate([[0], np.cumsum(per_doc)])
            doc_ords = table["ord"].to_numpy()
            for d in np.unique(doc_row[recurring]) - row:
                lo, hi = doc_start[d], doc_start[d + 1]
                mask = recurring[lo:hi]
                ords.append(int(doc_ords[d]))
                rec_lists.append(hashes[lo:hi][mask].tolist())
                count_lists.append(count[lo:hi][mask].tolist())
            row += len(per_doc)
        return pa.table(
            [
                pa.array(ords, pa.uint32()),
                pa.array(rec_lists, pa.list_(pa.uint64())),
                pa.array(count_lists, pa.list_(pa.uint32())),
            ],
            schema=DECISION_SCHEMA,
        )

    def tally(self, decision: dict[str, Any]) -> dict[str, int]:
        return {"documents_with_recurring_lines": 1}

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        c = self.config
        counts = dict(zip(decision["recurring"], decision["counts"], strict=True))
        judged = judged_lines(doc.text, c.min_chars, c.min_words)
        marks = [
            LineMark(
                start,
                end,
                str(self.Reason.RECURRING),
                f"line found in {counts[h]} documents (> max_docs "
                f"{c.max_docs} or > {c.max_docs_per_site} pages of its site)",
            )
            for h, start, end, _ in judged
            if h in counts
        ]
        doc.signals["recurring_lines"] = len(marks)
        long = [h for h, _, _, is_long in judged if is_long]
        left = len(split_paragraphs(doc.text)) - len(marks)
        if not left or (long and all(h in counts for h in long)):
            # nothing worth keeping would be left: the whole document goes (its text as it
            # was, for the removed document's record)
            return self.reject(
                doc,
                self.Reason.ONLY_RECURRING,
                f"all {len(long)} line(s) of ≥ {c.min_words} words recur in other documents; "
                f"{left} shorter line(s) would be left",
            )
        remove_lines(doc, self.name, marks)
