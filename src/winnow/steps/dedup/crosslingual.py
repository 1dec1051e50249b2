"""``dedup.crosslingual``: translated copies, linked across languages by their skeletons.

A translation shares no words with its original, so word-based deduplication never sees
it; it keeps the original's *skeleton* (numbers, dates, codes, names:
``winnow.steps.dedup.skeleton``). Documents in different languages (``doc.lang``, from
``lang.identify``) whose skeletons are near-identical are linked into groups.

Stages, as ``dedup.minhash`` runs them (``winnow.step.CorpusStep``):

1. ``keys``: per document, the skeleton's items (a set, or n-grams of its sequence with
   ``order: sequence``), ``signature_size`` MinHash values over them, the language, and
   the number of items; skeletons with fewer than ``min_tokens`` distinct items are left
   out (too common to say anything).
2. ``plan``: documents sharing a band (``rows_per_band`` values) are candidates, pairs in
   one language are dropped, and the rest are **verified**: the share of equal signature
   values (the estimated Jaccard similarity of the skeletons) must reach ``threshold``.
   Verified pairs form connected groups; a group's first document in input order is its
   root, and a member joins only if its own similarity to the root reaches the threshold.
   Partitioned by (band, key range) within ``plan_memory_mb``, as ``dedup.minhash``.
3. ``decide``: every member gets ``crosslingual_group`` (the root's id),
   ``crosslingual_size``, ``crosslingual_languages`` and ``crosslingual_similarity``; with
   ``action: remove``, members in another language than the root are removed as
   ``translated_copy`` (same-language copies stay ``dedup.minhash``'s job).
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
from winnow.steps.dedup.minhash import _agreement, connected_roots
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
from winnow.steps.dedup.shingles import mix64

DECISION_SCHEMA = pa.schema(
    [
        ("ord", pa.uint32()),
        ("group", pa.string()),
        ("similarity", pa.float32()),
        ("size", pa.uint32()),
        ("languages", pa.string()),
        ("copy", pa.bool_()),  # in another language than the root, and similar to it
        ("first", pa.bool_()),  # the group's root
    ]
)
ENTRY_BYTES = 64  # a reduce task's bytes per entry (as dedup.minhash measures its own)
EXTRA = 3  # signature file columns after the MinHash values: language (2 × u32), items
GROUP = np.dtype(
    [("row", "<i8"), ("root", "<i8"), ("similarity", "<f4"), ("size", "<u4"), ("copy", "?")]
)
LANG = np.dtype([("root", "<i8"), ("lang", "<u8")])
MIN_ITEMS = 2  # a skeleton of one item (a lone number, however precise) links nothing
TOKEN_CHUNK = 16_384  # skeleton items hashed at a time (× signature_size × 8 bytes)


def lang_code(lang: str) -> int:
    """A language label as a number: its first 8 bytes (lid.176 and GlotLID labels fit)."""
    return int.from_bytes(lang.encode("utf-8")[:8].ljust(8, b"\0"), "little")


def lang_name(code: int) -> str:
    return int(code).to_bytes(8, "little").rstrip(b"\0").decode("utf-8", "replace")


def skeleton_items(doc_items: list[str], order: str, ngram: int) -> dict[str, int]:
    """What the signature is taken over: the distinct items, or the sequence's n-grams,
    each with its weight (``skeleton.weight``; an n-gram weighs as its heaviest item), so
    that a shared "2020" counts less than a shared "51,200" (weighted Jaccard)."""
    from winnow.steps.dedup.skeleton import weight

    kept = [(item, w) for item in doc_items if (w := weight(item))]
    if order == "sequence" and len(kept) > 1:
        n = min(ngram, len(kept))
        kept = [
            ("\x1f".join(i for i, _ in kept[k : k + n]), max(w for _, w in kept[k : k + n]))
            for k in range(len(kept) - n + 1)
        ]
    out: dict[str, int] = {}
    for item, w in kept:
        out[item] = max(w, out.get(item, 0))
    return out


def minhash_values(items: list[dict[str, int]], size: int, seed: int) -> np.ndarray:
    """(documents, size) uint32 MinHash values over the items, each repeated by its weight
    (weighted Jaccard): classic MinHash (one hash per value), as skeletons are short and
    one-permutation hashing would fill most bins by borrowing. An item is hashed once;
    its repetitions are that hash mixed with the repetition's number."""
    import xxhash

    seeds = mix64(np.arange(1, size + 1, dtype=np.uint64) + np.uint64(seed << 20))
    out = np.full((len(items), size), np.uint64(2**64 - 1), dtype=np.uint64)
    counts = np.array([len(i) for i in items], dtype=np.int64)
    hashes = np.fromiter(
        (xxhash.xxh3_64_intdigest(t.encode("utf-8")) for doc in items for t in doc),
        dtype=np.uint64,
        count=int(counts.sum()),
    )
    weights = np.fromiter((w for doc in items for w in doc.values()), np.int64, hashes.size)
    owner = np.repeat(np.repeat(np.arange(len(items)), counts), weights)
    repeat = np.arange(owner.size, dtype=np.int64) - np.repeat(
        np.cumsum(weights) - weights, weights
    )
    flat = mix64(np.repeat(hashes, weights) + repeat.astype(np.uint64) * _REPEAT)
    for lo in range(0, flat.size, TOKEN_CHUNK):
        hashed = mix64(flat[lo : lo + TOKEN_CHUNK, None] ^ seeds[None, :])
        np.minimum.at(out, owner[lo : lo + TOKEN_CHUNK], hashed)
    return (out >> np.uint64(32)).astype(np.uint32)


_REPEAT = np.uint64(0x9E3779B97F4A7C15)  # an item's repetitions: its hash + r × this


@register
class CrossLingualDedup(CorpusStep):
    """Link translated copies across languages by their skeletons (numbers, dates, names)."""

    name = "dedup.crosslingual"
    plotted_signals = (PlottedSignal("crosslingual_size", "translated-copy group size", "", "max"),)

    @dataclass
    class Config:
        action: str = "annotate"  # annotate | remove (all but each group's first document)
        threshold: float = 0.5  # estimated Jaccard similarity of two skeletons
        # a document is compared if its skeleton holds two distinct items or more and
        # weighs this much: each item counted by its weight (``skeleton.weight``, units of
        # 2 bits of chance agreement: 1 for numbers 10–99, 2 for years and round numbers
        # such as 5,000, 4 for 51,200, 6 for 1,284, 5 for codes; below 10 nothing)
        min_tokens: int = 6
        numbers: bool = True  # what the skeleton holds: numbers,
        dates: bool = True  # month names next to a number,
        codes: bool = True  # codes (A320, COVID-19) and URL hosts,
        # capitalised names of Latin, Greek and Cyrillic script: off by default, as they
        # lower recall against scripts without capitals and German nouns pass for names
        # (tests/eval: recall .44 with them on, 1.0 off, on articles 1–10)
        names: bool = False
        order: str = "set"  # set: items in any order | sequence: n-grams of items in order
        ngram: int = 2  # items per n-gram with order: sequence
        num_bands: int = 24
        rows_per_band: int = 3
        signature_size: int = 128
        window: int = 16  # in a band bucket, each document meets the next `window` only
        seed: int = 1
        plan_memory_mb: int = 512
        partitions: int = 0

        def validate(self) -> None:
            if self.action not in ("annotate", "remove"):
                raise ValueError(f"action must be annotate or remove, got {self.action!r}")
            if self.order not in ("set", "sequence"):
                raise ValueError(f"order must be set or sequence, got {self.order!r}")
            if not 0 < self.threshold <= 1:
                raise ValueError("threshold must be within (0, 1]")
            if self.min_tokens < 1 or self.ngram < 1 or self.window < 1:
                raise ValueError("min_tokens, ngram and window must be ≥ 1")
            if self.num_bands < 1 or self.rows_per_band < 1:
                raise ValueError("num_bands and rows_per_band must be ≥ 1")
            if self.signature_size < self.num_bands * self.rows_per_band:
                raise ValueError("signature_size must be ≥ num_bands × rows_per_band")
            if not (self.numbers or self.dates or self.codes or self.names):
                raise ValueError("the skeleton must hold something (numbers, dates, …)")
            check_plan_memory(self.plan_memory_mb, self.partitions)

    class Reason(StrEnum):
        TRANSLATED_COPY = "translated_copy"

    def setup(self) -> None:
        if self.config.dates:
            from winnow.steps.dedup.skeleton import month_names

            month_names()  # the CLDR tables, once per worker

    @property
    def key_schema(self) -> pa.Schema:
        width = 4 * (self.config.signature_size + EXTRA)
        return pa.schema(
            [("id", pa.string()), ("lang", pa.string()), ("signature", pa.binary(width))]
        )

    def items(self, text: str) -> list[str]:
        """The document's skeleton items (what ``keys`` signs), for tests and reports."""
        from winnow.steps.dedup.skeleton import skeleton

        c = self.config
        return skeleton(text, c.numbers, c.dates, c.codes, c.names)

    def key(self, doc: Document) -> tuple[str, str, bytes] | None:
        return self.keys([doc])[0]

    def keys(self, docs: list[Document]) -> list[tuple[str, str, bytes] | None]:
        c = self.config
        kept: list[int] = []
        items: list[dict[str, int]] = []
        sizes: list[int] = []
        for i, doc in enumerate(docs):
            if not doc.lang:
                continue  # no language: nothing to compare across
            signed = skeleton_items(self.items(doc.text), c.order, c.ngram)
            size = sum(signed.values())
            if size < c.min_tokens or len(signed) < MIN_ITEMS:
                continue
            kept.append(i)
            items.append(signed)
            sizes.append(size)
        out: list[tuple[str, str, bytes] | None] = [None] * len(docs)
        if not kept:
            return out
        sig = minhash_values(items, c.signature_size, c.seed)
        extra = np.empty((len(kept), EXTRA), dtype=np.uint32)
        codes = np.array([lang_code(docs[i].lang or "") for i in kept], dtype=np.uint64)
        extra[:, 0] = (codes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        extra[:, 1] = (codes >> np.uint64(32)).astype(np.uint32)
        extra[:, 2] = np.minimum(sizes, 2**32 - 1)
        rows = np.concatenate([sig, extra], axis=1)
        for j, i in enumerate(kept):
            out[i] = (docs[i].id, docs[i].lang or "", rows[j].tobytes())
        return out

    def plan(self, keys: ShardKeys) -> list[pa.Table]:
        from winnow.running.plan import plan_in_process

        return plan_in_process(self, keys)

    def plan_rounds(self, ctx: PlanContext) -> Generator[list[Any], list[Any], None]:
        """map (per shard: signatures to a flat file, band keys to partitions), reduce (per
        band and key range: candidate pairs in two languages, verified), groups (here, over
        the verified pairs only), ids (per shard: the roots'), decide."""
        if not ctx.total:
            for s in range(ctx.shards):
                ctx.write_decision(s, DECISION_SCHEMA.empty_table())
            return
        c = self.config
        ranges = partitions_for(ctx.total, ENTRY_BYTES, c.plan_memory_mb, c.partitions)
        yield [("map", s, ranges) for s in range(ctx.shards)]
        yield [("reduce", p, ranges) for p in range(c.num_bands * ranges)]
        self._groups(ctx, ranges)
        yield [("ids", s, ranges) for s in range(ctx.shards)]
        yield [("decide", s, ranges) for s in range(ctx.shards)]

    def _signatures(self, ctx: PlanContext, work: str) -> Signatures:
        return Signatures(ctx, work, self.config.signature_size + EXTRA)

    def plan_task(self, ctx: PlanContext, task: Any) -> Any:
        phase, index, ranges = task
        c = self.config
        work = work_dir(ctx, "crosslingual")
        if phase == "map":
            self._map(ctx, index, ranges, work)
            return None
        if phase == "reduce":
            maps = [join(work, f"map-{s}.bin") for s in range(ctx.shards)]
            a, b = self._bucket_pairs(read_partition(maps, index), ctx.total)
            sigs = self._signatures(ctx, work)
            lang_a, lang_b = _langs(sigs, a, c.signature_size), _langs(sigs, b, c.signature_size)
            a, b = a[lang_a != lang_b], b[lang_a != lang_b]
            similar = _agreement(_Head(sigs, c.signature_size), a, b) >= c.threshold
            save(join(work, f"pairs-{index}.npy"), np.stack([a[similar], b[similar]]))
            return int(a.size), int(similar.sum())
        lo, hi = ctx.offset(index), ctx.offset(index) + ctx.rows[index]
        if phase == "ids":
            roots = load(join(work, "roots.npy"), ctx.scratch)
            path = join(work, f"ids-{index}.arrow")
            return write_ids(ctx, index, np.asarray(roots[rows_within(roots, lo, hi)]), path)
        table = self._decisions(ctx, index, work, lo, hi)
        ctx.write_decision(index, table)
        return int(table.num_rows)

    def _map(self, ctx: PlanContext, shard: int, ranges: int, work: str) -> None:
        c = self.config
        width = c.signature_size + EXTRA
        writer = PartitionWriter(join(work, f"map-{shard}.bin"), c.num_bands * ranges)
        row = ctx.offset(shard)
        flat = _FlatFile(self._signatures(ctx, work).path(shard))
        for batch in key_batches(ctx.keys[shard], ["signature"]):
            sig = _matrix(batch, width)
            flat.write(np.ascontiguousarray(sig).data)
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
        flat.commit()
        writer.close()

    def _band_key(self, sig: np.ndarray, band: int) -> np.ndarray:
        """The band's values folded into one key (documents in one language share buckets
        too; their pairs are dropped before verification)."""
        rows = self.config.rows_per_band
        key = np.zeros(len(sig), dtype=np.uint64)
        for j in range(band * rows, (band + 1) * rows):
            key = mix64(key ^ (sig[:, j].astype(np.uint64) + np.uint64(j + 1)))
        return key

    def _bucket_pairs(self, entries: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (earlier, later) sharing a band key: in a bucket (in row order) each
        document meets the next ``window`` members. Unlike near-duplicates, a bucket of
        skeletons is not all alike, so pairing with the first member alone would miss
        translations that share a bucket with unrelated pages."""
        order = np.argsort(entries["key"], kind="stable")
        keys, docs = entries["key"][order], entries["row"][order]
        del order
        codes = [np.empty(0, np.uint64)]
        for step in range(1, self.config.window + 1):
            same = keys[step:] == keys[:-step]
            if not same.any():
                break
            first, later = docs[:-step][same], docs[step:][same]
            codes.append(first.astype(np.uint64) * np.uint64(n) + later.astype(np.uint64))
        unique = np.unique(np.concatenate(codes))
        return (unique // np.uint64(n)).astype(np.int64), (unique % np.uint64(n)).astype(np.int64)

    def _groups(self, ctx: PlanContext, ranges: int) -> None:
        """Connected groups of the verified pairs (numbered over the documents in one, so
        memory follows the links, not the corpus); a member stays in its group only if it
        is itself similar enough to the root, so a chain cannot link far-apart pages."""
        c = self.config
        work = work_dir(ctx, "crosslingual")
        n = ctx.total
        codes: list[np.ndarray] = [np.empty(0, np.uint64)]
        for p in range(c.num_bands * ranges):
            a, b = load(join(work, f"pairs-{p}.npy"), ctx.scratch)
            codes.append(a.astype(np.uint64) * np.uint64(n) + b.astype(np.uint64))
            if len(codes) > 32:
                codes = [np.unique(np.concatenate(codes))]
        unique = np.unique(np.concatenate(codes))
        a, b = (unique // np.uint64(n)).astype(np.int64), (unique % np.uint64(n)).astype(np.int64)
        nodes = np.unique(np.concatenate([a, b]))
        label = connected_roots(nodes.size, np.searchsorted(nodes, a), np.searchsorted(nodes, b))
        members = np.flatnonzero(label != np.arange(nodes.size))
        sigs = self._signatures(ctx, work)
        similarity = np.ones(nodes.size, dtype=np.float32)
        similarity[members] = _agreement(
            _Head(sigs, c.signature_size), nodes[members], nodes[label[members]]
        )
        joined = np.zeros(nodes.size, dtype=bool)
        joined[members] = similarity[members] >= c.threshold
        label = np.where(joined, label, np.arange(nodes.size))
        size = np.bincount(label, minlength=nodes.size)[label]
        keep = size > 1
        langs = _langs(sigs, nodes, c.signature_size)
        found = np.empty(int(keep.sum()), dtype=GROUP)
        found["row"], found["root"] = nodes[keep], nodes[label[keep]]
        found["similarity"], found["size"] = similarity[keep], size[keep]
        found["copy"] = joined[keep] & (langs[keep] != langs[label[keep]])
        save(join(work, "groups.npy"), found)
        save(join(work, "roots.npy"), np.unique(found["root"]))
        group_langs = np.empty(int(keep.sum()), dtype=LANG)
        group_langs["root"], group_langs["lang"] = found["root"], langs[keep]
        save(join(work, "languages.npy"), np.unique(group_langs))  # sorted by root, then code

    def _decisions(self, ctx: PlanContext, shard: int, work: str, lo: int, hi: int) -> pa.Table:
        found = load(join(work, "groups.npy"), ctx.scratch)
        mine = np.asarray(found[rows_within(found["row"], lo, hi)])
        group_ids = IdLookup(ctx, work).lookup(mine["root"])
        table_langs = load(join(work, "languages.npy"), ctx.scratch)
        names: dict[int, str] = {}
        languages = []
        for root in mine["root"].tolist():
            if root not in names:
                span = rows_within(table_langs["root"], root, root + 1)
                names[root] = ",".join(sorted(lang_name(x) for x in table_langs["lang"][span]))
            languages.append(names[root])
        ords = np.concatenate(
            [b["ord"].to_numpy() for b in key_batches(ctx.keys[shard], ["ord"])] or [[]]
        ).astype(np.uint32)
        return pa.table(
            {
                "ord": pa.array(ords[mine["row"] - lo], pa.uint32()),
                "group": group_ids,
                "similarity": pa.array(mine["similarity"], pa.float32()),
                "size": pa.array(mine["size"], pa.uint32()),
                "languages": pa.array(languages, pa.string()),
                "copy": pa.array(mine["copy"], pa.bool_()),
                "first": pa.array(mine["row"] == mine["root"], pa.bool_()),
            },
            schema=DECISION_SCHEMA,
        )

    def tally(self, decision: dict[str, Any]) -> dict[str, int]:
        """Each group's first document counts the group; every member counts itself."""
        if decision["first"]:
            return {"groups": 1, "documents_in_groups": 1}
        return {"documents_in_groups": 1}

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        languages = decision["languages"].split(",")
        doc.signals["crosslingual_group"] = decision["group"]
        doc.signals["crosslingual_size"] = decision["size"]
        doc.signals["crosslingual_languages"] = languages
        doc.signals["crosslingual_similarity"] = round(float(decision["similarity"]), 3)
        if self.config.action == "remove" and decision["copy"]:
            self.reject(
                doc,
                self.Reason.TRANSLATED_COPY,
                f"translated copy of {decision['group']} (skeleton similarity "
                f"{decision['similarity']:.2f} ≥ {self.config.threshold}; group of "
                f"{decision['size']} in {', '.join(languages)})",
            )


class _Head:
    """Signature rows without the extra columns (what ``_agreement`` compares)."""

    def __init__(self, sigs: Signatures, width: int) -> None:
        self.sigs, self.width = sigs, width

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        return self.sigs[rows][:, : self.width]


def _langs(sigs: Signatures, rows: np.ndarray, width: int) -> np.ndarray:
    """Language codes of ``rows`` (from the signature file's extra columns)."""
    out = np.empty(rows.size, dtype=np.uint64)
    for lo in range(0, rows.size, 65_536):
        part = sigs[rows[lo : lo + 65_536]]
        out[lo : lo + 65_536] = part[:, width].astype(np.uint64) | (
            part[:, width + 1].astype(np.uint64) << np.uint64(32)
        )
    return out


def _matrix(table: pa.Table, width: int) -> np.ndarray:
    """A batch's fixed-width signature column as an (n, width) uint32 array."""
    column = table["signature"].combine_chunks()
    data = column.buffers()[1]
    return np.frombuffer(
        data, dtype=np.uint32, count=len(column) * width, offset=column.offset * width * 4
    ).reshape(len(column), width)


class _FlatFile:
    """A shard's flat signature file (what ``Signatures`` memory-maps), built on this
    machine and published whole under OUT (``winnow.io.storage``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.tmp = storage.local_staging(path)
        self._file = open(self.tmp, "wb")  # noqa: SIM115 - closed in commit()

    def write(self, data: Any) -> None:
        self._file.write(data)

    def commit(self) -> None:
        self._file.close()
        storage.commit_local(self.tmp, self.path)
