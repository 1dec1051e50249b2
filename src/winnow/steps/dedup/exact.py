"""Exact duplicate documents across the whole run, by a hash of the normalised text.

The first occurrence is kept, where "first" is the order of (shard, position in shard):
shards are numbered in sorted input order, so the choice does not depend on how many
workers ran or in which order they finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa
import xxhash

from winnow.document import Document
from winnow.registry import register
from winnow.step import CorpusStep, ShardKeys
from winnow.steps.dedup.normalize import normalize_for_hash

DECISION_SCHEMA = pa.schema(
    [("ord", pa.uint32()), ("duplicate_of", pa.string()), ("copies", pa.uint32())]
)


def text_hash(text: str) -> int:
    return xxhash.xxh3_64_intdigest(normalize_for_hash(text).encode("utf-8"))


@register
class ExactDedup(CorpusStep):
    """Remove documents whose normalised text repeats an earlier document's exactly."""

    name = "dedup.exact"

    @dataclass
    class Config:
        min_chars: int = 0  # documents shorter than this are never called duplicates

    class Reason(StrEnum):
        DUPLICATE = "exact_duplicate"

    key_schema = pa.schema([("hash", pa.uint64()), ("id", pa.string())])

    def key(self, doc: Document) -> tuple[int, str] | None:
        if len(doc.text) < self.config.min_chars:
            return None
        return text_hash(doc.text), doc.id

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        """Sort 12 bytes a document (hash, position); ids are read back only for the
        documents that are kept as originals of a duplicate."""
        sizes = [keys.num_rows(s) for s in range(len(keys))]
        if not sum(sizes):
            return [DECISION_SCHEMA.empty_table() for _ in sizes]
        hashes = np.concatenate(
            [keys.read(s, ["hash"])["hash"].to_numpy() for s in range(len(sizes))]
        )
        order = np.argsort(hashes, kind="stable")  # by hash, then by position in the run
        sorted_hashes = hashes[order]
        del hashes
        group_start = np.ones(len(order), dtype=bool)
        group_start[1:] = sorted_hashes[1:] != sorted_hashes[:-1]
        group_id = np.cumsum(group_start) - 1
        first_row = order[group_start][group_id]  # for each sorted row, its group's first
        counts = np.bincount(group_id)[group_id]
        dup_rows = order[~group_start]
        first_of_dup = first_row[~group_start]
        copies = counts[~group_start]
        ids = keys.ids_of(np.unique(first_of_dup))
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        decisions = []
        for s in range(len(sizes)):
            mine = (dup_rows >= offsets[s]) & (dup_rows < offsets[s + 1])
            ords = keys.read(s, ["ord"])["ord"].to_numpy()
            decisions.append(
                pa.table(
                    [
                        pa.array(ords[dup_rows[mine] - offsets[s]], pa.uint32()),
                        pa.array([ids[int(r)] for r in first_of_dup[mine]], pa.string()),
                        pa.array(copies[mine], pa.uint32()),
                    ],
                    schema=DECISION_SCHEMA,
                )
            )
        return decisions

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        doc.signals["exact_copies"] = decision["copies"]
        self.reject(
            doc,
            self.Reason.DUPLICATE,
            f"same normalised text as {decision['duplicate_of']} "
            f"(kept; {decision['copies']} copies in the run)",
        )
