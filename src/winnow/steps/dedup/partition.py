"""What the partitioned deduplication plans share: a shuffle of (hash, row) entries by hash
range, ids read back for the few documents kept as originals, and memory-mapped lookups.

The plans run as rounds of tasks (``CorpusStep.plan_rounds``). A *map* task reads one
shard's key file a batch at a time and appends its entries to one scratch file, grouped by
partition (an index says where each batch's block of each partition lies). A *reduce* task
reads one partition's blocks from every shard: a key range, so equal keys meet in one task
and its memory is the corpus's entries / partitions. Results go to small files that later
tasks memory-map (file pages, which the kernel can drop, not the process's own memory).

Scratch lives under OUT, so it is wherever OUT is (``winnow.io.storage``): on an object
store a task builds each file locally and uploads it whole, reads partition blocks with
ranged GETs, and memory-maps a downloaded copy (one per machine) of what it looks up.

A *row* is a document's position across all shards in shard order (input order), so
"first" means the same whatever the number of partitions or workers.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from winnow.io import storage
from winnow.step import PlanContext

ENTRY = np.dtype([("key", "<u8"), ("row", "<i8")])
BATCH_ROWS = 16_384  # key-file rows a task works on at a time
MAX_PARTITIONS = 4096


def partitions_for(items: int, bytes_each: int, memory_mb: int, fixed: int = 0) -> int:
    """``fixed`` if set, else enough partitions for ``items`` entries of ``bytes_each``
    (working memory included) to fit ``memory_mb`` per task."""
    if fixed:
        return fixed
    need = math.ceil(items * bytes_each / (memory_mb * 2**20))
    return max(1, min(MAX_PARTITIONS, need))


def check_plan_memory(memory_mb: float, partitions: int) -> None:
    """The plan parameters every deduplication step shares (``Config.validate``)."""
    if memory_mb < 16:
        raise ValueError(f"plan_memory_mb must be ≥ 16, got {memory_mb}")
    if not 0 <= partitions <= MAX_PARTITIONS:
        raise ValueError(f"partitions must be within 0–{MAX_PARTITIONS} (0: from plan_memory_mb)")


def range_part(values: np.ndarray, parts: int) -> np.ndarray:
    """The partition of each 64-bit hash: which of ``parts`` equal ranges of its top 32
    bits it falls in (hashes are uniform, so the partitions are even)."""
    if parts == 1:
        return np.zeros(values.size, dtype=np.int64)
    top = values.astype(np.uint64) >> np.uint64(32)
    return ((top * np.uint64(parts)) >> np.uint64(32)).astype(np.int64)


def key_batches(path: str, columns: list[str]) -> Iterator[pa.Table]:
    """A key file a few columns and at most ``BATCH_ROWS`` rows at a time. Memory is one
    row group: read one by one (``iter_batches`` reads ahead and holds several)."""
    reader = storage.parquet_file(path)
    for group in range(reader.metadata.num_row_groups):
        table = reader.read_row_group(group, columns=columns)
        for start in range(0, table.num_rows, BATCH_ROWS):
            yield table.slice(start, BATCH_ROWS)
        del table


def work_dir(ctx: PlanContext, name: str) -> str:
    path = storage.join(ctx.scratch, name)
    storage.makedirs(path)
    return path


class PartitionWriter:
    """One shard's entries, a batch at a time, each batch's grouped by partition."""

    def __init__(self, path: str, parts: int) -> None:
        self.path, self.parts = path, parts
        self._tmp = storage.local_staging(path)
        self._file = open(self._tmp, "wb")  # noqa: SIM115 - closed in close()
        self._counts: list[np.ndarray] = []
        self._itemsize = 0

    def add(self, part: np.ndarray, entries: np.ndarray) -> None:
        """Append ``entries`` (in row order) to partitions ``part``; order is kept within
        each partition."""
        order = np.argsort(part, kind="stable")
        self._file.write(entries[order].tobytes())
        self._counts.append(np.bincount(part, minlength=self.parts).astype(np.int64))
        self._itemsize = entries.dtype.itemsize

    def close(self) -> None:
        try:
            self._file.close()
            counts = np.array(self._counts, dtype=np.int64).reshape(-1, self.parts)
            starts = (np.cumsum(counts.ravel()) - counts.ravel()).reshape(counts.shape)
            if storage.is_remote(self.path) and counts.shape[0] > 1:
                starts, counts = self._group_by_partition(starts, counts)
            save(_index_path(self.path), np.stack([starts, counts]))
        except BaseException:
            self.abort()
            raise
        storage.commit_local(self._tmp, self.path)  # after its index: a rerun redoes both

    def _group_by_partition(
        self, starts: np.ndarray, counts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rewrite the local file so that each partition is one contiguous block (its
        batches in order): a reduce task then reads a shard's partition with one ranged
        GET instead of one per batch."""
        size = self._itemsize
        data = np.memmap(self._tmp, dtype=np.uint8, mode="r") if counts.sum() else None
        grouped = self._tmp + ".grouped"
        with open(grouped, "wb") as out:
            for p in range(self.parts):
                for b in np.flatnonzero(counts[:, p]):
                    first = int(starts[b, p]) * size
                    assert data is not None
                    out.write(data[first : first + int(counts[b, p]) * size].tobytes())
        del data
        os.replace(grouped, self._tmp)
        totals = counts.sum(axis=0, keepdims=True)
        return np.cumsum(totals) - totals, totals

    def abort(self) -> None:
        """Drop the staged file; never raises (it runs while another error goes up)."""
        with contextlib.suppress(OSError):
            self._file.close()
        storage.drop_local(self._tmp)


def _index_path(path: str) -> str:
    return path + ".index.npy"


def read_partition(paths: list[str], part: int, dtype: np.dtype = ENTRY) -> np.ndarray:
    """Every shard's block of partition ``part``, in shard then batch order (so rows
    ascend when each shard's entries were written in row order)."""
    chunks = []
    for path in paths:
        starts, counts = np.load(io.BytesIO(storage.read_bytes(_index_path(path))))
        if not counts[:, part].any():
            continue
        if not storage.is_remote(path):
            with open(path, "rb") as f:
                for start, count in zip(starts[:, part], counts[:, part], strict=True):
                    if count:
                        f.seek(int(start) * dtype.itemsize)
                        chunks.append(np.fromfile(f, dtype=dtype, count=int(count)))
            continue
        for start, count in zip(starts[:, part], counts[:, part], strict=True):
            if count:  # a ranged GET per block
                first = int(start) * dtype.itemsize
                raw = storage.read_range(path, first, first + int(count) * dtype.itemsize)
                chunks.append(np.frombuffer(raw, dtype=dtype))
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=dtype)


def save(path: str, array: np.ndarray) -> None:
    tmp = storage.local_staging(path)
    try:
        with open(tmp, "wb") as fh:
            np.save(fh, array)
    except BaseException:
        storage.drop_local(tmp)
        raise
    storage.commit_local(tmp, path)


def load(path: str, root: str) -> np.ndarray:
    """A saved array, memory-mapped (an empty one read as is: nothing to map); ``root``
    is the plan's scratch (a remote file is mapped from this machine's copy)."""
    local = storage.local_copy(path, root)
    array = np.load(local, mmap_mode="r")
    return array if array.size else np.load(local)


def rows_within(sorted_rows: np.ndarray, lo: int, hi: int) -> slice:
    """The slice of an ascending row array that lies in [lo, hi)."""
    start, stop = np.searchsorted(sorted_rows, [lo, hi])
    return slice(int(start), int(stop))


def write_ids(ctx: PlanContext, shard: int, rows: np.ndarray, path: str) -> int:
    """Save (row, id) of ``rows`` (ascending, all in ``shard``) as an Arrow file; only the
    shard's ``id`` column is read, and only if it holds such a row."""
    ids: pa.Array = pa.array([], pa.string())
    if rows.size:
        column = storage.read_parquet(ctx.keys[shard], columns=["id"])["id"]
        ids = column.take(pa.array(rows - ctx.offset(shard))).combine_chunks()
    table = pa.table({"row": pa.array(rows, pa.int64()), "id": ids})
    tmp = storage.local_staging(path)
    try:
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    except BaseException:
        storage.drop_local(tmp)
        raise
    storage.commit_local(tmp, path)
    return int(rows.size)


class IdLookup:
    """Ids of rows saved by ``write_ids`` (one file per shard), memory-mapped."""

    def __init__(self, ctx: PlanContext, folder: str) -> None:
        self.ctx, self.folder = ctx, folder
        self._open: dict[int, tuple[np.ndarray, pa.Array]] = {}

    def _shard(self, shard: int) -> tuple[np.ndarray, pa.Array]:
        if shard not in self._open:
            path = storage.join(self.folder, f"ids-{shard}.arrow")
            source = pa.memory_map(storage.local_copy(path, self.ctx.scratch))
            table = pa.ipc.open_file(source).read_all()
            rows = table["row"].combine_chunks().to_numpy(zero_copy_only=False)
            self._open[shard] = (rows, table["id"].combine_chunks())
        return self._open[shard]

    def lookup(self, rows: np.ndarray) -> pa.Array:
        """The id of each row (every one must have been saved)."""
        out: list[Any] = [None] * rows.size
        if not rows.size:
            return pa.array(out, pa.string())
        shard_of = self.ctx.shard_of(rows)
        order = np.argsort(shard_of, kind="stable")
        pieces, positions = [], []
        for shard in np.unique(shard_of):
            mine = order[shard_of[order] == shard]
            saved_rows, ids = self._shard(int(shard))
            at = np.searchsorted(saved_rows, rows[mine])
            if (at >= saved_rows.size).any() or (saved_rows[at] != rows[mine]).any():
                raise KeyError(f"rows of shard {shard} without a saved id")
            pieces.append(ids.take(pa.array(at)))
            positions.append(mine)
        gathered = pa.concat_arrays(pieces)
        back = np.empty(rows.size, dtype=np.int64)
        back[np.concatenate(positions)] = np.arange(rows.size)
        return gathered.take(pa.array(back))


class Signatures:
    """Every shard's MinHash signatures, one flat uint32 file per shard, memory-mapped."""

    def __init__(self, ctx: PlanContext, folder: str, width: int) -> None:
        self.ctx, self.folder, self.width = ctx, folder, width
        self.bounds = np.concatenate([[0], np.cumsum(np.asarray(ctx.rows, dtype=np.int64))])
        self._maps: dict[int, np.ndarray] = {}

    def path(self, shard: int) -> str:
        return storage.join(self.folder, f"signatures-{shard}.u32")

    def _map(self, shard: int) -> np.ndarray:
        if shard not in self._maps:
            self._maps[shard] = np.memmap(
                storage.local_copy(self.path(shard), self.ctx.scratch),
                dtype=np.uint32,
                mode="r",
                shape=(self.ctx.rows[shard], self.width),
            )
        return self._maps[shard]

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        """Signatures of ``rows`` as one (len(rows), width) array."""
        out = np.empty((rows.size, self.width), dtype=np.uint32)
        shard_of = np.searchsorted(self.bounds, rows, side="right") - 1
        for shard in np.unique(shard_of):
            mine = shard_of == shard
            out[mine] = self._map(int(shard))[rows[mine] - self.bounds[shard]]
        return out
