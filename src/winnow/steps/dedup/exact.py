"""Exact duplicate documents across the whole run, by a hash of the normalised text.

The first occurrence is kept, where "first" is the order of (shard, position in shard):
shards are numbered in sorted input order, so the choice does not depend on how many
workers ran or in which order they finished. The plan is partitioned by hash range
(``winnow.steps.dedup.partition``): each task holds ~64 bytes per document of its
partition, and there are enough partitions for that to fit ``plan_memory_mb``.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa
import xxhash

from winnow.document import Document
from winnow.io import storage
from winnow.io.storage import join
from winnow.registry import register
from winnow.step import CorpusStep, PlanContext, ShardKeys
from winnow.steps.dedup.normalize import normalize_for_hash
from winnow.steps.dedup.partition import (
    ENTRY,
    IdLookup,
    PartitionWriter,
    check_plan_memory,
    key_batches,
    load,
    partitions_for,
    range_part,
    read_partition,
    rows_within,
    save,
    work_dir,
    write_ids,
)

DECISION_SCHEMA = pa.schema(
    [("ord", pa.uint32()), ("duplicate_of", pa.string()), ("copies", pa.uint32())]
)
# A reduce task's bytes per entry: the 16-byte (hash, row) entry, its sort order, the
# sorted copies and the group arrays (measured peak, bench/dedup_scale.py --mode plan).
ENTRY_BYTES = 64
FOUND = np.dtype([("dup", "<i8"), ("first", "<i8"), ("copies", "<u4")])


def _duplicates(entries: np.ndarray) -> np.ndarray:
    """Each entry whose hash an earlier row has: (its row, the group's first row, the
    group's size), by row. Entries come in row order, so a stable sort by hash keeps the
    rows of a group in input order."""
    order = np.argsort(entries["key"], kind="stable")
    hashes, rows = entries["key"][order], entries["row"][order]
    del order
    start = np.ones(rows.size, dtype=bool)
    start[1:] = hashes[1:] != hashes[:-1]
    group = np.cumsum(start) - 1
    found = np.empty(int((~start).sum()), dtype=FOUND)
    found["dup"] = rows[~start]
    found["first"] = rows[start][group][~start]
    found["copies"] = np.bincount(group)[group][~start]
    return found[np.argsort(found["dup"], kind="stable")]


def text_hash(text: str) -> int:
    return xxhash.xxh3_64_intdigest(normalize_for_hash(text).encode("utf-8"))


@register
class ExactDedup(CorpusStep):
    """Remove documents whose normalised text repeats an earlier document's exactly."""

    name = "dedup.exact"

    @dataclass
    class Config:
        min_chars: int = 0  # documents shorter than this are never called duplicates
        plan_memory_mb: int = 512  # a plan task's memory: sets the number of hash ranges
        partitions: int = 0  # hash ranges of the plan; 0: from plan_memory_mb

        def validate(self) -> None:
            check_plan_memory(self.plan_memory_mb, self.partitions)

    class Reason(StrEnum):
        DUPLICATE = "exact_duplicate"

    key_schema = pa.schema([("hash", pa.uint64()), ("id", pa.string())])

    def key(self, doc: Document) -> tuple[int, str] | None:
        if len(doc.text) < self.config.min_chars:
            return None
        return text_hash(doc.text), doc.id

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        """The partitioned plan below, run here one task at a time."""
        from winnow.running.plan import plan_in_process

        return plan_in_process(self, keys)

    def plan_rounds(self, ctx: PlanContext) -> Generator[list[Any], list[Any], None]:
        """Partitioned by hash range: map (per shard: (hash, row) entries to partition
        blocks), reduce (per partition: groups of equal hashes, the first row of each kept),
        ids (per shard: the ids of the documents kept as originals), decide (per shard)."""
        if not ctx.total:
            for s in range(ctx.shards):
                ctx.write_decision(s, DECISION_SCHEMA.empty_table())
            return
        c = self.config
        parts = partitions_for(ctx.total, ENTRY_BYTES, c.plan_memory_mb, c.partitions)
        for phase in ("map", "reduce", "ids", "decide"):
            count = parts if phase == "reduce" else ctx.shards
            yield [(phase, i, parts) for i in range(count)]

    def plan_task(self, ctx: PlanContext, task: Any) -> Any:
        phase, index, parts = task
        work = work_dir(ctx, "exact")
        maps = [join(work, f"map-{s}.bin") for s in range(ctx.shards)]
        if phase == "map":
            writer = PartitionWriter(maps[index], parts)
            row = ctx.offset(index)
            for batch in key_batches(ctx.keys[index], ["hash"]):
                entries = np.empty(batch.num_rows, dtype=ENTRY)
                entries["key"] = batch["hash"].to_numpy()
                entries["row"] = np.arange(row, row + batch.num_rows)
                writer.add(range_part(entries["key"], parts), entries)
                row += batch.num_rows
            writer.close()
            return None
        if phase == "reduce":
            found = _duplicates(read_partition(maps, index))
            save(join(work, f"found-{index}.npy"), found)
            save(join(work, f"firsts-{index}.npy"), np.unique(found["first"]))
            return int(found.size)
        lo, hi = ctx.offset(index), ctx.offset(index) + ctx.rows[index]
        if phase == "ids":
            firsts = [load(join(work, f"firsts-{p}.npy"), ctx.scratch) for p in range(parts)]
            mine = np.unique(np.concatenate([f[rows_within(f, lo, hi)] for f in firsts]))
            return write_ids(ctx, index, mine, join(work, f"ids-{index}.arrow"))
        results = [load(join(work, f"found-{p}.npy"), ctx.scratch) for p in range(parts)]
        dups = np.concatenate([f[rows_within(f["dup"], lo, hi)] for f in results])
        dups = dups[np.argsort(dups["dup"], kind="stable")]
        ords = storage.read_parquet(ctx.keys[index], columns=["ord"])["ord"].to_numpy()
        table = pa.table(
            [
                pa.array(ords[dups["dup"] - lo], pa.uint32()),
                IdLookup(ctx, work).lookup(dups["first"]),
                pa.array(dups["copies"], pa.uint32()),
            ],
            schema=DECISION_SCHEMA,
        )
        ctx.write_decision(index, table)
        return int(table.num_rows)

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        doc.signals["exact_copies"] = decision["copies"]
        self.reject(
            doc,
            self.Reason.DUPLICATE,
            f"same normalised text as {decision['duplicate_of']} "
            f"(kept; {decision['copies']} copies in the run)",
        )
