"""``dedup.minhash``: near-duplicate documents with MinHash-LSH, verified before removal.

Stages (the engine runs them with files between, see ``winnow.step.CorpusStep``):

1. ``keys``: per batch of documents, ``num_bands × rows`` MinHash values over word n-gram
   shingles (words, or characters for Chinese and Japanese, so the same code finds CJK
   near-copies), by one-permutation hashing with densification; the signatures go to the
   shard's key file.
2. ``plan``: documents sharing a band (``rows`` consecutive values) are candidates; each
   candidate pair is **verified** — the share of equal signature values estimates the
   Jaccard similarity, and only pairs at or above ``threshold`` are joined — so a bucket
   collision alone never removes anything. Verified pairs are clustered into connected
   components (``connected_roots``); the document kept is the first of its cluster in
   input order (shard, position), which does not depend on worker count. The others are
   removed, naming the kept document and the estimated similarity; every member records
   the cluster size (FineWeb-2 uses it to re-weight). The plan runs as tasks partitioned
   by (band, band-key range), each holding ~96 bytes per document of its range, with as
   many ranges as ``plan_memory_mb`` asks (``MinHashDedup.plan_rounds``).
3. ``decide``: applies that verdict while the shard streams through the next stage.

Defaults follow FineWeb: word 5-grams, 14 bands × 8 rows, 64-bit hashes.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa

from winnow.document import Document
from winnow.io import storage
from winnow.io.storage import join
from winnow.registry import register
from winnow.step import CorpusStep, PlanContext, PlottedSignal, ShardKeys
from winnow.steps.dedup.partition import (
    ENTRY,
    IdLookup,
    PartitionWriter,
    Signatures,
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
from winnow.steps.dedup.shingles import batch_shingles, mix64

KEY_CHUNK_CHARS = 1 << 20  # characters of text per signature call (see keys)

DECISION_SCHEMA = pa.schema(
    [
        ("ord", pa.uint32()),
        ("duplicate_of", pa.string()),
        ("similarity", pa.float32()),
        ("cluster_size", pa.uint32()),
    ]
)

# A reduce task's bytes per entry of its band and key range: the 16-byte (key, row) entry,
# its sort order, the sorted copies and bucket arrays, the candidate pairs
# (bench/dedup_scale.py --mode plan measures the peak).
ENTRY_BYTES = 64
CLUSTER = np.dtype(
    [("row", "<i8"), ("root", "<i8"), ("similarity", "<f4"), ("size", "<u4"), ("removed", "?")]
)

_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)


def oph_signatures(
    owner: np.ndarray, shingles: np.ndarray, docs: int, bins: int, seed: int
) -> np.ndarray:
    """One-permutation hashing with densification (Shrivastava & Li 2014), for a batch.

    Each shingle is hashed once; the hash picks one of ``bins`` bins and the signature keeps
    each bin's minimum — one hash per shingle instead of one per shingle and permutation.
    A bin no shingle fell into borrows from the next filled bin to its right (mixed with
    the distance), which keeps P[equal values] = Jaccard. Rows of all-empty bins: no text.
    """
    value = mix64(shingles ^ np.uint64(seed * 0x9E3779B97F4A7C15 % 2**64))
    slot = owner * bins + (value % np.uint64(bins)).astype(np.int64)
    flat = np.full(docs * bins, _EMPTY, dtype=np.uint64)
    # each bin's minimum in one unbuffered pass (far faster than sorting by (bin, value):
    # research/HISTORY.md, figures moved out of code comments);
    # a shingle repeated in a document changes nothing, so shingles need not be distinct
    np.minimum.at(flat, slot, value)
    sig = flat.reshape(docs, bins)
    empty = sig == _EMPTY
    filled = ~empty.all(axis=1)
    distance = 1
    while (empty & filled[:, None]).any() and distance < bins:
        borrowed = np.roll(sig, -distance, axis=1)
        take = empty & (borrowed != _EMPTY)
        sig[take] = mix64(borrowed[take] + np.uint64(distance))
        empty &= ~take
        distance += 1
    return sig


def _signature_matrix(table: pa.Table, width: int) -> np.ndarray:
    """A shard's signatures as an (n, width) uint32 view of the Arrow buffer."""
    chunks = table["signature"].chunks
    column = chunks[0] if len(chunks) == 1 else table["signature"].combine_chunks()
    if isinstance(column.type, pa.FixedSizeBinaryType):
        data = column.buffers()[1]
        start = column.offset * width * 4
        return np.frombuffer(
            data, dtype=np.uint32, count=len(column) * width, offset=start
        ).reshape(len(column), width)
    return np.frombuffer(b"".join(column.to_pylist()), dtype=np.uint32).reshape(-1, width)


def _agreement(sigs: Any, a: np.ndarray, b: np.ndarray, chunk: int = 16384) -> np.ndarray:
    """Share of equal signature values of each pair (a[i], b[i]): the Jaccard estimate.

    ``sigs[rows]`` gives the signatures of rows (``Signatures``: memory-mapped files).
    Pairs come sorted by their first member, so the files are read mostly in order; a
    chunk at a time keeps the gathered rows small."""
    out = np.empty(a.size, dtype=np.float32)
    for lo in range(0, a.size, chunk):
        left, right = a[lo : lo + chunk], b[lo : lo + chunk]
        out[lo : lo + chunk] = (sigs[left] == sigs[right]).mean(axis=1)
    return out


def connected_roots(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each of ``n`` nodes, the smallest node of its component under edges (a, b).

    Hooking and pointer jumping on numpy arrays (no Python loop per edge): roots only ever
    hook onto smaller labels, so a component ends labelled by its smallest member — the
    earliest document in input order.
    """
    label = np.arange(n, dtype=np.int64)
    if a.size == 0:
        return label
    while True:
        la, lb = label[a], label[b]
        if np.array_equal(la, lb):
            return label
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        while True:  # compress every path to its root
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped


@register
class MinHashDedup(CorpusStep):
    """Remove near-duplicate documents (MinHash-LSH, verified by estimated Jaccard)."""

    name = "dedup.minhash"
    plotted_signals = (
        PlottedSignal("minhash_cluster_size", "near-duplicate cluster size", "", "max"),
    )

    @dataclass
    class Config:
        ngram: int = 5
        num_bands: int = 14
        rows_per_band: int = 8
        threshold: float = 0.8  # estimated Jaccard a candidate pair must reach
        seed: int = 1
        max_bucket: int = 1000  # a band bucket this large is capped (pathological templates)
        plan_memory_mb: int = 512  # a plan task's memory: sets the number of key ranges
        partitions: int = 0  # key ranges of each band in the plan; 0: from plan_memory_mb
        # Values kept per document: the first num_bands × rows_per_band form the bands; all
        # of them estimate the Jaccard of a candidate pair (more values, less noise:
        # σ ≈ 0.025 instead of 0.038 at J = 0.8). 32 bits each.
        signature_size: int = 256

        def validate(self) -> None:
            if self.signature_size < self.num_bands * self.rows_per_band:
                raise ValueError("signature_size must be ≥ num_bands × rows_per_band")
            if not 0 < self.threshold <= 1:
                raise ValueError("threshold must be within (0, 1]")
            check_plan_memory(self.plan_memory_mb, self.partitions)
            if self.num_bands < 1 or self.rows_per_band < 1 or self.ngram < 1:
                raise ValueError("ngram, num_bands and rows_per_band must be ≥ 1")

    class Reason(StrEnum):
        NEAR_DUPLICATE = "near_duplicate"

    @property
    def key_schema(self) -> pa.Schema:
        c = self.config
        # fixed width: the plan reads every shard's signatures as one numpy array, no copies
        return pa.schema([("id", pa.string()), ("signature", pa.binary(4 * c.signature_size))])

    def key(self, doc: Document) -> tuple[str, bytes] | None:
        return self.keys([doc])[0]

    def keys(self, docs: list[Document]) -> list[tuple[str, bytes] | None]:
        """Signatures of a batch: shingles and one-permutation hashing over whole chunks of
        documents, so numpy's per-call cost is shared (bench/RESULTS.md has the throughput);
        a chunk holds at most ``KEY_CHUNK_CHARS`` characters (or one document), because the
        tokenizer's per-byte arrays take several times the text's size: a batch of long
        pages in one call raised a run's peak memory (research/HISTORY.md, line cleaning,
        2026-11-25; figures moved out of code comments)."""
        out: list[tuple[str, bytes] | None] = []
        start = 0
        while start < len(docs):
            end, size = start + 1, len(docs[start].text)
            while end < len(docs) and size + len(docs[end].text) <= KEY_CHUNK_CHARS:
                size += len(docs[end].text)
                end += 1
            out += self._chunk_keys(docs[start:end])
            start = end
        return out

    def _chunk_keys(self, docs: list[Document]) -> list[tuple[str, bytes] | None]:
        c = self.config
        owner, shingles = batch_shingles([d.text for d in docs], c.ngram, distinct=False)
        sig = (
            oph_signatures(owner, shingles, len(docs), c.signature_size, c.seed) >> np.uint64(32)
        ).astype(np.uint32)
        has_text = np.bincount(owner, minlength=len(docs)) > 0
        return [(d.id, sig[i].tobytes()) if has_text[i] else None for i, d in enumerate(docs)]

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        """The partitioned plan below, run here one task at a time."""
        from winnow.running.plan import plan_in_process

        return plan_in_process(self, keys)

    def plan_rounds(self, ctx: PlanContext) -> Generator[list[Any], list[Any], None]:
        """Partitioned by (band, band-key range): map (per shard: signatures to a flat
        file, band keys to partition blocks), reduce (per band and range: candidate pairs
        of each bucket, verified against the memory-mapped signatures), clusters (here,
        over the verified pairs only), ids (per shard: the kept documents'), decide."""
        if not ctx.total:
            for s in range(ctx.shards):
                ctx.write_decision(s, DECISION_SCHEMA.empty_table())
            return
        c = self.config
        ranges = partitions_for(ctx.total, ENTRY_BYTES, c.plan_memory_mb, c.partitions)
        yield [("map", s, ranges) for s in range(ctx.shards)]
        yield [("reduce", p, ranges) for p in range(c.num_bands * ranges)]
        self._clusters(ctx, ranges)
        yield [("ids", s, ranges) for s in range(ctx.shards)]
        yield [("decide", s, ranges) for s in range(ctx.shards)]

    def plan_task(self, ctx: PlanContext, task: Any) -> Any:
        phase, index, ranges = task
        c = self.config
        work = work_dir(ctx, "minhash")
        maps = [join(work, f"map-{s}.bin") for s in range(ctx.shards)]
        if phase == "map":
            self._map(ctx, index, ranges, work)
            return None
        if phase == "reduce":
            a, b = self._bucket_pairs(read_partition(maps, index), ctx.total)
            sigs = Signatures(ctx, work, c.signature_size)
            verified = _agreement(sigs, a, b) >= c.threshold
            save(join(work, f"pairs-{index}.npy"), np.stack([a[verified], b[verified]]))
            return int(a.size), int(verified.sum())
        lo, hi = ctx.offset(index), ctx.offset(index) + ctx.rows[index]
        if phase == "ids":
            kept = load(join(work, "kept.npy"), ctx.scratch)
            return write_ids(
                ctx,
                index,
                np.asarray(kept[rows_within(kept, lo, hi)]),
                join(work, f"ids-{index}.arrow"),
            )
        found = load(join(work, "clusters.npy"), ctx.scratch)
        mine = np.asarray(found[rows_within(found["row"], lo, hi)])
        removed = mine["removed"]
        position = np.full(mine.size, -1, dtype=np.int64)
        position[removed] = np.arange(int(removed.sum()))
        kept_ids = IdLookup(ctx, work).lookup(mine["root"][removed])
        ords = storage.read_parquet(ctx.keys[index], columns=["ord"])["ord"].to_numpy()
        table = pa.table(
            {
                "ord": pa.array(ords[mine["row"] - lo], pa.uint32()),
                "duplicate_of": kept_ids.take(pa.array(position, mask=position < 0)),
                "similarity": pa.array(mine["similarity"], pa.float32()),
                "cluster_size": pa.array(mine["size"], pa.uint32()),
            },
            schema=DECISION_SCHEMA,
        )
        ctx.write_decision(index, table)
        return int(table.num_rows)

    def _map(self, ctx: PlanContext, shard: int, ranges: int, work: str) -> None:
        """A shard's signatures to one flat file (for verification), and each band's keys
        to the partition of (band, key range)."""
        c = self.config
        writer = PartitionWriter(join(work, f"map-{shard}.bin"), c.num_bands * ranges)
        row = ctx.offset(shard)
        sig_path = Signatures(ctx, work, c.signature_size).path(shard)
        sig_tmp = storage.local_staging(sig_path)  # built here, published whole
        with open(sig_tmp, "wb") as sig_file:
            for batch in key_batches(ctx.keys[shard], ["signature"]):
                sig = _signature_matrix(batch, c.signature_size)
                sig_file.write(np.ascontiguousarray(sig).data)  # no copy: a view
                rows = np.arange(row, row + len(sig))
                entries = np.empty(len(sig) * c.num_bands, dtype=ENTRY)
                parts = np.empty(entries.size, dtype=np.int64)
                for band in range(c.num_bands):
                    at = slice(band * len(sig), (band + 1) * len(sig))
                    entries["key"][at] = self._band_key(sig, band)
                    entries["row"][at] = rows
                    parts[at] = band * ranges + range_part(entries["key"][at], ranges)
                writer.add(parts, entries)
                row += len(sig)
        storage.commit_local(sig_tmp, sig_path)
        writer.close()

    def _clusters(self, ctx: PlanContext, ranges: int) -> None:
        """Connected components of the verified pairs (numbered over the documents that
        have one, so memory follows the pairs, not the corpus); each member stays only if
        it is itself similar enough to the document kept: a chain a~b~c must not remove c
        for looking like b when it is far from a."""
        c = self.config
        work = work_dir(ctx, "minhash")
        n = ctx.total
        codes: list[np.ndarray] = [np.empty(0, np.uint64)]
        for p in range(c.num_bands * ranges):
            a, b = load(join(work, f"pairs-{p}.npy"), ctx.scratch)
            codes.append(a.astype(np.uint64) * np.uint64(n) + b.astype(np.uint64))
            if len(codes) > 32:  # a pair found in several bands is held once
                codes = [np.unique(np.concatenate(codes))]
        unique = np.unique(np.concatenate(codes))
        del codes
        a, b = (unique // np.uint64(n)).astype(np.int64), (unique % np.uint64(n)).astype(np.int64)
        del unique
        nodes = np.unique(np.concatenate([a, b]))
        label = connected_roots(nodes.size, np.searchsorted(nodes, a), np.searchsorted(nodes, b))
        del a, b
        members = np.flatnonzero(label != np.arange(nodes.size))
        similarity = np.ones(nodes.size, dtype=np.float32)
        sigs = Signatures(ctx, work, c.signature_size)
        similarity[members] = _agreement(sigs, nodes[members], nodes[label[members]])
        removed = np.zeros(nodes.size, dtype=bool)
        removed[members] = similarity[members] >= c.threshold
        label = np.where(removed, label, np.arange(nodes.size))
        size = np.bincount(label, minlength=nodes.size)[label]
        keep = size > 1
        found = np.empty(int(keep.sum()), dtype=CLUSTER)
        found["row"], found["root"] = nodes[keep], nodes[label[keep]]
        found["similarity"], found["size"] = similarity[keep], size[keep]
        found["removed"] = removed[keep]
        save(join(work, "clusters.npy"), found)
        save(join(work, "kept.npy"), np.unique(found["root"][found["removed"]]))

    def _band_key(self, sig: np.ndarray, band: int) -> np.ndarray:
        """The band's ``rows_per_band`` values folded into one 64-bit key per document."""
        rows = self.config.rows_per_band
        key = np.zeros(len(sig), dtype=np.uint64)
        for j in range(band * rows, (band + 1) * rows):
            key = mix64(key ^ (sig[:, j].astype(np.uint64) + np.uint64(j + 1)))
        return key

    def _bucket_pairs(self, entries: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (earlier, later) sharing this band's key, each once, in order.

        In a bucket (sorted by document), each member pairs with the bucket's first and
        with its predecessor: enough to connect a cluster, linear in the bucket size; a
        bucket's members past ``max_bucket`` are left out (pathological templates).
        """
        order = np.argsort(entries["key"], kind="stable")  # equal keys stay in row order
        sorted_keys, docs = entries["key"][order], entries["row"][order]
        del order
        new_group = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        group_start = np.maximum.accumulate(np.where(new_group, np.arange(docs.size), 0))
        rank = np.arange(docs.size) - group_start
        take = ~new_group & (rank < self.config.max_bucket)
        later = docs[take].astype(np.uint64)
        codes = np.unique(
            np.concatenate(
                [
                    docs[group_start[take]].astype(np.uint64) * np.uint64(n) + later,
                    docs[np.flatnonzero(take) - 1].astype(np.uint64) * np.uint64(n) + later,
                ]
            )
        )
        return (codes // np.uint64(n)).astype(np.int64), (codes % np.uint64(n)).astype(np.int64)

    def tally(self, decision: dict[str, Any]) -> dict[str, int]:
        """Each cluster's kept document counts it once; every member counts itself."""
        if decision["duplicate_of"] is None:
            return {"clusters": 1, "documents_in_clusters": 1}
        return {"documents_in_clusters": 1}

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        doc.signals["minhash_cluster_size"] = decision["cluster_size"]
        if decision["duplicate_of"] is not None:
            self.reject(
                doc,
                self.Reason.NEAR_DUPLICATE,
                f"near-duplicate of {decision['duplicate_of']} (estimated Jaccard "
                f"{decision['similarity']:.2f} ≥ {self.config.threshold}; cluster of "
                f"{decision['cluster_size']})",
            )
