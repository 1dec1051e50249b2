"""``dedup.minhash``: near-duplicate documents with MinHash-LSH, verified before removal.

Stages (the engine runs them with files between, see ``winnow.step.CorpusStep``):

1. ``keys``: per batch of documents, ``num_bands × rows`` MinHash values over word n-gram
   shingles (words, or characters for Chinese and Japanese, so the same code finds CJK
   near-copies), by one-permutation hashing with densification; the signatures go to the
   shard's key file. The plan is out of core: see ``MinHashDedup.plan``.
2. ``plan``: documents sharing a band (``rows`` consecutive values) are candidates; each
   candidate pair is **verified** — the share of equal signature values estimates the
   Jaccard similarity, and only pairs at or above ``threshold`` are joined — so a bucket
   collision alone never removes anything. Verified pairs are clustered into connected
   components (``connected_roots``); the document kept is the first of its cluster in
   input order (shard, position), which does not depend on worker count. The others are
   removed, naming the kept document and the estimated similarity; every member records
   the cluster size (FineWeb-2 uses it to re-weight).
3. ``decide``: applies that verdict while the shard streams through the next stage.

Defaults follow FineWeb: word 5-grams, 14 bands × 8 rows, 64-bit hashes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from winnow.document import Document
from winnow.registry import register
from winnow.step import CorpusStep, PlottedSignal, ShardKeys
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
    column = table["signature"].combine_chunks()
    if isinstance(column.type, pa.FixedSizeBinaryType):
        data = column.buffers()[1]
        start = column.offset * width * 4
        return np.frombuffer(
            data, dtype=np.uint32, count=len(column) * width, offset=start
        ).reshape(len(column), width)
    return np.frombuffer(b"".join(column.to_pylist()), dtype=np.uint32).reshape(-1, width)


def _agreement(sigs: np.ndarray, a: np.ndarray, b: np.ndarray, chunk: int = 16384) -> np.ndarray:
    """Share of equal signature values of each pair (a[i], b[i]): the Jaccard estimate.

    Pairs come sorted by their first member, so a memory-mapped file is read mostly in
    order; a chunk at a time keeps the gathered rows small."""
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
        plan_memory_mb: int = 512  # a band is sorted in key-range passes beyond this
        # Values kept per document: the first num_bands × rows_per_band form the bands; all
        # of them estimate the Jaccard of a candidate pair (more values, less noise:
        # σ ≈ 0.025 instead of 0.038 at J = 0.8). 32 bits each.
        signature_size: int = 256

        def validate(self) -> None:
            if self.signature_size < self.num_bands * self.rows_per_band:
                raise ValueError("signature_size must be ≥ num_bands × rows_per_band")
            if not 0 < self.threshold <= 1:
                raise ValueError("threshold must be within (0, 1]")
            if self.plan_memory_mb < 16:
                raise ValueError("plan_memory_mb must be ≥ 16")
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
        """Out of core: signatures and band keys go to flat files under ``keys.scratch``;
        each band is sorted on its own (in key-range passes if it would not fit
        ``plan_memory_mb``); candidate pairs are verified against memory-mapped signatures.
        Memory grows with the number of candidate pairs, not with the corpus."""
        c = self.config
        sizes = [keys.num_rows(s) for s in range(len(keys))]
        n = sum(sizes)
        if n == 0:
            return [DECISION_SCHEMA.empty_table() for _ in sizes]
        scratch = keys.scratch / "minhash"
        scratch.mkdir(parents=True, exist_ok=True)
        sigs = self._spill_signatures(keys, scratch, n)
        pairs = self._candidate_pairs(scratch, n)
        a, b = (pairs // np.uint64(n)).astype(np.int64), (pairs % np.uint64(n)).astype(np.int64)
        verified = _agreement(sigs, a, b) >= c.threshold
        roots = connected_roots(n, a[verified], b[verified])
        # A member is removed only if it is itself similar enough to the document kept: a
        # chain a~b~c must not remove c for looking like b when it is far from a.
        members = np.flatnonzero(roots != np.arange(n))
        similarity = np.ones(n, dtype=np.float32)
        similarity[members] = _agreement(sigs, members, roots[members])
        removed = np.zeros(n, dtype=bool)
        removed[members] = similarity[members] >= c.threshold
        roots = np.where(removed, roots, np.arange(n))
        cluster_size = np.bincount(roots, minlength=n)[roots]
        del sigs
        kept_ids = keys.ids_of(np.unique(roots[removed]))
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        decisions = []
        for s in range(len(sizes)):
            rows = offsets[s] + np.flatnonzero(cluster_size[offsets[s] : offsets[s + 1]] > 1)
            ords = keys.read(s, ["ord"])["ord"].to_numpy()
            decisions.append(
                pa.table(
                    {
                        "ord": pa.array(ords[rows - offsets[s]], pa.uint32()),
                        "duplicate_of": pa.array(
                            [kept_ids[int(roots[i])] if removed[i] else None for i in rows],
                            pa.string(),
                        ),
                        "similarity": pa.array(similarity[rows], pa.float32()),
                        "cluster_size": pa.array(cluster_size[rows].astype(np.uint32), pa.uint32()),
                    },
                    schema=DECISION_SCHEMA,
                )
            )
        return decisions

    def _spill_signatures(self, keys: ShardKeys, scratch: Path, n: int) -> np.ndarray:
        """Write every signature to one flat file and each band's keys to a file of its
        own, a shard at a time; return the signatures memory-mapped."""
        c = self.config
        width = c.signature_size
        sig_path = scratch / "signatures.u32"
        band_files = [open(scratch / f"band{b}.u64", "wb") for b in range(c.num_bands)]  # noqa: SIM115
        try:
            with open(sig_path, "wb") as sig_file:
                for s in range(len(keys)):
                    table = keys.read(s, ["signature"])
                    if not table.num_rows:
                        continue
                    sig = _signature_matrix(table, width)
                    sig_file.write(sig.tobytes())
                    for b, f in enumerate(band_files):
                        f.write(self._band_key(sig, b).tobytes())
        finally:
            for f in band_files:
                f.close()
        return np.memmap(sig_path, dtype=np.uint32, mode="r", shape=(n, width))

    def _band_key(self, sig: np.ndarray, band: int) -> np.ndarray:
        """The band's ``rows_per_band`` values folded into one 64-bit key per document."""
        rows = self.config.rows_per_band
        key = np.zeros(len(sig), dtype=np.uint64)
        for j in range(band * rows, (band + 1) * rows):
            key = mix64(key ^ (sig[:, j].astype(np.uint64) + np.uint64(j + 1)))
        return key

    def _candidate_pairs(self, scratch: Path, n: int) -> np.ndarray:
        """Pairs (earlier, later) sharing at least one band, each once, as earlier·n + later.

        In a bucket (sorted by document), each member pairs with the bucket's first and
        with its predecessor: enough to connect a cluster, linear in the bucket size.
        """
        c = self.config
        passes = max(1, math.ceil(n * 32 / (c.plan_memory_mb * 2**20)))  # ~32 bytes a doc
        found: list[np.ndarray] = []
        for band in range(c.num_bands):
            keys = np.memmap(scratch / f"band{band}.u64", dtype=np.uint64, mode="r")
            for part in range(passes):
                if passes == 1:
                    docs = np.arange(n, dtype=np.int64)
                    part_keys = np.asarray(keys)
                else:  # a key range at a time: the memory of one pass is n / passes
                    docs = np.flatnonzero(keys % np.uint64(passes) == np.uint64(part))
                    part_keys = np.asarray(keys[docs])
                order = np.argsort(part_keys, kind="stable")  # equal keys stay in doc order
                sorted_keys = part_keys[order]
                docs = docs[order]
                new_group = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
                group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(docs)), 0))
                rank = np.arange(len(docs)) - group_start
                take = ~new_group & (rank < c.max_bucket)
                later = docs[take]
                for earlier in (docs[group_start[take]], docs[np.flatnonzero(take) - 1]):
                    found.append(earlier.astype(np.uint64) * np.uint64(n) + later.astype(np.uint64))
            if len(found) > 1:
                found = [np.unique(np.concatenate(found))]
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.uint64)

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
