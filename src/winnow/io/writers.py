"""Shard writers that commit atomically: write under a temporary name, rename when done.

A killed run leaves only ``*.tmp`` files behind, never a half-written shard under its
final name; the rerun overwrites them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from winnow.io.rows import JSON_COLUMNS

ROWS_PER_BATCH = 1000
BYTES_PER_BATCH = 2 * 1024 * 1024  # text per row group: bounds the writer's memory (bench)


class ShardWriter:
    """Append rows of one schema; ``close()`` commits the file under its final name."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str = "parquet") -> None:
        if fmt not in ("parquet", "jsonl"):
            raise ValueError(f"unknown output format {fmt!r}")
        self.path = path
        self.schema = schema
        self.format = fmt
        self.rows = 0
        self._tmp = path.with_name(path.name + ".tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        self._buffer: list[dict[str, Any]] = []
        self._buffered_bytes = 0
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self._tmp, schema, compression="zstd")
        else:
            self._jsonl = open(self._tmp, "wb")  # noqa: SIM115 - closed in close()

    def write(self, row: dict[str, Any]) -> None:
        self._buffer.append(row)
        self._buffered_bytes += len(row.get("text") or "") + len(row.get("html") or "")
        self.rows += 1
        if len(self._buffer) >= ROWS_PER_BATCH or self._buffered_bytes >= BYTES_PER_BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self.format == "parquet":
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        else:
            lines = []
            for row in self._buffer:
                out = dict(row)
                for column in JSON_COLUMNS:
                    out[column] = orjson.Fragment(out[column])
                lines.append(orjson.dumps(out))
            self._jsonl.write(b"\n".join(lines) + b"\n")
        self._buffer.clear()
        self._buffered_bytes = 0

    def close(self) -> None:
        self._flush()
        if self.format == "parquet":
            self._parquet.close()
        else:
            self._jsonl.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        try:
            if self.format == "parquet":
                self._parquet.close()
            else:
                self._jsonl.close()
        finally:
            self._tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def read_rows(path: Path, batch_size: int = 1024) -> Any:
    """Stream the rows of a Parquet stage file as dicts."""
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()
