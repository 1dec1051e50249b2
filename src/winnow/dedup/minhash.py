"""``dedup.minhash``: near-duplicate documents with MinHash-LSH, verified before removal.

Stages (the engine runs them with files between, see ``winnow.step.CorpusStep``):

1. ``keys``: per batch of documents, ``num_bands × rows`` MinHash values over word n-gram
   shingles (words, or characters for Chinese and Japanese, so the same code finds CJK
   near-copies), by one-permutation hashing with densification; the signatures go to the
   shard's key file.
2. ``plan``: documents sharing a band (``rows`` consecutive values) are candidates; each
   candidate pair is **verified** — the share of equal signature values estimates the
   Jaccard similarity, and only pairs at or above ``threshold`` are joined — so a bucket
   collision alone never removes anything. Verified pairs are clustered with union–find;
   the document kept is the first of its cluster in input order (shard, position), which
   does not depend on worker count. The others are removed, naming the kept document and
   the estimated similarity; every member records the cluster size (FineWeb-2 uses it to
   re-weight).
3. ``decide``: applies that verdict while the shard streams through the next stage.

Defaults follow FineWeb: word 5-grams, 14 bands × 8 rows, 64-bit hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pyarrow as pa

from winnow.dedup.shingles import batch_shingles, mix64
from winnow.document import Document
from winnow.registry import register
from winnow.step import CorpusStep

DECISION_SCHEMA = pa.schema([("ord", pa.uint32()), ("duplicate_of", pa.string()),
                             ("similarity", pa.float32()), ("cluster_size", pa.uint32())])


_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)


def oph_signatures(owner: np.ndarray, shingles: np.ndarray, docs: int, bins: int,
                   seed: int) -> np.ndarray:
    """One-permutation hashing with densification (Shrivastava & Li 2014), for a batch.

    Each shingle is hashed once; the hash picks one of ``bins`` bins and the signature keeps
    each bin's minimum — one hash per shingle instead of one per shingle and permutation.
    A bin no shingle fell into borrows from the next filled bin to its right (mixed with
    the distance), which keeps P[equal values] = Jaccard. Rows of all-empty bins: no text.
    """
    value = mix64(shingles ^ np.uint64(seed * 0x9E3779B97F4A7C15 % 2**64))
    slot = owner * bins + (value % np.uint64(bins)).astype(np.int64)
    order = np.lexsort((value, slot))
    slot, value = slot[order], value[order]
    first = np.ones(slot.size, dtype=bool)
    first[1:] = slot[1:] != slot[:-1]
    sig = np.full(docs * bins, _EMPTY, dtype=np.uint64)
    sig[slot[first]] = value[first]
    sig = sig.reshape(docs, bins)
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
        return np.frombuffer(data, dtype=np.uint32, count=len(column) * width,
                             offset=start).reshape(len(column), width)
    return np.frombuffer(b"".join(column.to_pylist()), dtype=np.uint32).reshape(-1, width)


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the smaller index (earlier in input order) becomes the root
            self.parent[max(ra, rb)] = min(ra, rb)


@register
class MinHashDedup(CorpusStep):
    """Remove near-duplicate documents (MinHash-LSH, verified by estimated Jaccard)."""

    name = "dedup.minhash"

    @dataclass
    class Config:
        ngram: int = 5
        num_bands: int = 14
        rows_per_band: int = 8
        threshold: float = 0.8  # estimated Jaccard a candidate pair must reach
        seed: int = 1
        max_bucket: int = 1000  # a band bucket this large is capped (pathological templates)
        # Values kept per document: the first num_bands × rows_per_band form the bands; all
        # of them estimate the Jaccard of a candidate pair (more values, less noise:
        # σ ≈ 0.025 instead of 0.038 at J = 0.8). 32 bits each.
        signature_size: int = 256

        def validate(self) -> None:
            if self.signature_size < self.num_bands * self.rows_per_band:
                raise ValueError("signature_size must be ≥ num_bands × rows_per_band")
            if not 0 < self.threshold <= 1:
                raise ValueError("threshold must be within (0, 1]")
            if self.num_bands < 1 or self.rows_per_band < 1 or self.ngram < 1:
                raise ValueError("ngram, num_bands and rows_per_band must be ≥ 1")

    class Reason(StrEnum):
        NEAR_DUPLICATE = "near_duplicate"

    @property
    def key_schema(self) -> pa.Schema:  # type: ignore[override]
        c = self.config
        # fixed width: the plan reads every shard's signatures as one numpy array, no copies
        return pa.schema([("id", pa.string()), ("signature", pa.binary(4 * c.signature_size))])

    def key(self, doc: Document) -> tuple[str, bytes] | None:
        return self.keys([doc])[0]

    def keys(self, docs: list[Document]) -> list[tuple[str, bytes] | None]:
        """Signatures of a batch: shingles and one-permutation hashing over the whole batch,
        so numpy's per-call cost is shared (bench/RESULTS.md has the throughput)."""
        c = self.config
        owner, shingles = batch_shingles([d.text for d in docs], c.ngram)
        sig = (oph_signatures(owner, shingles, len(docs), c.signature_size, c.seed)
               >> np.uint64(32)).astype(np.uint32)
        has_text = np.bincount(owner, minlength=len(docs)) > 0
        return [(d.id, sig[i].tobytes()) if has_text[i] else None
                for i, d in enumerate(docs)]

    def plan(self, keys_by_shard: list[pa.Table]) -> list[pa.Table]:
        c = self.config
        perms = c.signature_size
        sizes = [t.num_rows for t in keys_by_shard]
        n = sum(sizes)
        if n == 0:
            return [DECISION_SCHEMA.empty_table() for _ in keys_by_shard]
        sigs = np.concatenate([_signature_matrix(t, perms) for t in keys_by_shard if t.num_rows])
        uf = UnionFind(n)
        for a, b in self._candidate_pairs(sigs):
            if float(np.mean(sigs[a] == sigs[b])) >= c.threshold:
                uf.union(a, b)
        roots = np.array([uf.find(i) for i in range(n)])
        # A member is removed only if it is itself similar enough to the document kept: a
        # chain a~b~c must not remove c for looking like b when it is far from a.
        similarity = np.ones(n, dtype=np.float32)
        removed = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(roots != np.arange(n)):
            similarity[i] = float(np.mean(sigs[i] == sigs[roots[i]]))
            removed[i] = similarity[i] >= c.threshold
        roots = np.where(removed, roots, np.arange(n))
        cluster_size = np.bincount(roots, minlength=n)[roots]
        ids = pa.chunked_array([t["id"].combine_chunks() for t in keys_by_shard if t.num_rows])
        ords = np.concatenate([t["ord"].to_numpy() for t in keys_by_shard])
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        decisions = []
        for s in range(len(sizes)):
            rows = offsets[s] + np.flatnonzero(cluster_size[offsets[s] : offsets[s + 1]] > 1)
            decisions.append(pa.table({
                "ord": pa.array(ords[rows], pa.uint32()),
                "duplicate_of": pa.array([None if roots[i] == i else ids[int(roots[i])].as_py()
                                          for i in rows], pa.string()),
                "similarity": pa.array(similarity[rows], pa.float32()),
                "cluster_size": pa.array(cluster_size[rows].astype(np.uint32), pa.uint32()),
            }, schema=DECISION_SCHEMA))
        return decisions

    def _candidate_pairs(self, sigs: np.ndarray) -> list[tuple[int, int]]:
        """Pairs (earlier, later) that share at least one band, each pair once."""
        c = self.config
        seen: set[tuple[int, int]] = set()
        pairs = []
        for band in range(c.num_bands):
            lo_col, hi_col = band * c.rows_per_band, (band + 1) * c.rows_per_band
            keys = np.zeros(len(sigs), dtype=np.uint64)
            for j in range(lo_col, hi_col):  # the band's values folded into one key
                keys = mix64(keys ^ (sigs[:, j].astype(np.uint64) + np.uint64(j + 1)))
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            ends = np.r_[starts[1:], len(order)]
            for lo, hi in zip(starts, ends, strict=True):
                if hi - lo < 2:
                    continue
                members = np.sort(order[lo:min(hi, lo + c.max_bucket)])
                first = int(members[0])
                # compare everyone with the bucket's first and with its predecessor: enough
                # to connect a cluster, linear in the bucket size
                for k in range(1, len(members)):
                    for other in {first, int(members[k - 1])}:
                        pair = (other, int(members[k]))
                        if pair not in seen:
                            seen.add(pair)
                            pairs.append(pair)
        return pairs

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        doc.signals["minhash_cluster_size"] = decision["cluster_size"]
        if decision["duplicate_of"] is not None:
            self.reject(doc, self.Reason.NEAR_DUPLICATE,
                        f"near-duplicate of {decision['duplicate_of']} (estimated Jaccard "
                        f"{decision['similarity']:.2f} ≥ {self.config.threshold}; cluster of "
                        f"{decision['cluster_size']})")
