"""Shard writers that commit atomically: nothing appears under a file's name until it is whole.

Locally a file is written under a temporary name and renamed when done; on an object
store it goes up as a pending upload committed when done (``winnow.io.storage``). A
killed run leaves only ``*.tmp`` files (or pending uploads) behind, never a half-written
shard under its final name; the rerun overwrites them.

A row that cannot be serialised (metadata nested deeper than orjson writes, a lone
surrogate in a string, an integer beyond int64) is one bad record, not a failed shard:
with ``on_bad_row`` the writer leaves it out, says which (``dropped``: the rows' write
indexes) and writes the rest. The check costs nothing on good batches: a batch is
converted whole, and only a batch that fails is converted again row by row.

An ``OSError`` (a full disk, a read-only or forbidden folder) names the file it was writing.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from winnow.io import storage
from winnow.io.rows import JSON_COLUMNS

ROWS_PER_BATCH = 1000
BYTES_PER_BATCH = 2 * 1024 * 1024  # text per row group: bounds the writer's memory (bench)


# what converting a bad row raises: pyarrow's ArrowInvalid/ArrowTypeError are ValueError
# and TypeError, orjson's errors TypeError, a lone surrogate UnicodeEncodeError
ROW_ERRORS = (ValueError, TypeError, OverflowError)
BadRow = Callable[[dict[str, Any], Exception], None]
_ERRNO = re.compile(r"errno (\d+)", re.IGNORECASE)


def errno_of(err: OSError) -> int | None:
    """An OSError's errno, also where pyarrow gives it only in its message."""
    if err.errno is not None:
        return int(err.errno)
    found = _ERRNO.search(str(err))
    return int(found.group(1)) if found else None


def naming(err: OSError, path: Path | str) -> OSError:
    """``err`` with the file it concerns (pyarrow's I/O errors name none)."""
    if err.filename is not None:
        return err
    code = errno_of(err)
    named = OSError(code, os.strerror(code) if code else str(err), str(path))
    named.__cause__ = err
    return named


class ShardWriter:
    """Append rows of one schema; ``close()`` commits the file under its final name."""

    def __init__(
        self,
        path: Path | str,
        schema: pa.Schema,
        fmt: str = "parquet",
        on_bad_row: BadRow | None = None,
    ) -> None:
        if fmt not in ("parquet", "jsonl"):
            raise ValueError(f"unknown output format {fmt!r}")
        path = str(path)
        self.path = path
        self.schema = schema
        self.format = fmt
        self.rows = 0  # rows given to write(), including any dropped
        self.dropped: list[int] = []  # write indexes of the rows left out
        self.on_bad_row = on_bad_row
        self._buffer: list[dict[str, Any]] = []
        self._buffered_bytes = 0
        try:
            self._sink = storage.AtomicWriter(path)
            self._tmp = self._sink.tmp
            if fmt == "parquet":
                # a local file by path (pyarrow writes it natively), a remote one as a stream
                sink = self._sink.file if self._sink.remote else self._tmp
                self._parquet = pq.ParquetWriter(sink, schema, compression="zstd")
            else:
                self._jsonl = self._sink
        except OSError as err:
            raise naming(err, path + ".tmp") from err

    def write(self, row: dict[str, Any]) -> None:
        self._buffer.append(row)
        self._buffered_bytes += len(row.get("text") or "") + len(row.get("html") or "")
        self.rows += 1
        if len(self._buffer) >= ROWS_PER_BATCH or self._buffered_bytes >= BYTES_PER_BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        first = self.rows - len(self._buffer)
        try:
            if self.format == "parquet":
                try:
                    table = pa.Table.from_pylist(self._buffer, schema=self.schema)
                except ROW_ERRORS:
                    if self.on_bad_row is None:
                        raise
                    table = pa.Table.from_pylist(self._good_rows(first), schema=self.schema)
                self._parquet.write_table(table)
            else:
                lines = []
                for n, row in enumerate(self._buffer):
                    try:
                        lines.append(_jsonl_line(row))
                    except ROW_ERRORS as err:
                        if self.on_bad_row is None:
                            raise
                        self._drop(first + n, row, err)
                if lines:
                    self._jsonl.write(b"\n".join(lines) + b"\n")
        except OSError as err:
            raise naming(err, self._tmp) from err
        self._buffer.clear()
        self._buffered_bytes = 0

    def _good_rows(self, first: int) -> list[dict[str, Any]]:
        good = []
        for n, row in enumerate(self._buffer):
            try:
                pa.Table.from_pylist([row], schema=self.schema)
            except ROW_ERRORS as err:
                self._drop(first + n, row, err)
                continue
            good.append(row)
        return good

    def _drop(self, index: int, row: dict[str, Any], err: Exception) -> None:
        self.dropped.append(index)
        if self.on_bad_row is not None:
            self.on_bad_row(row, err)

    def close(self) -> None:
        self._flush()
        try:
            if self.format == "parquet":
                self._parquet.close()
            self._sink.commit()
        except OSError as err:
            raise naming(err, self._tmp) from err

    def abort(self) -> None:
        """Drop the temporary file; never raises (it runs while another error goes up)."""
        with contextlib.suppress(Exception):
            if self.format == "parquet":
                self._parquet.close()
        self._sink.abort()


def _jsonl_line(row: dict[str, Any]) -> bytes:
    out = dict(row)
    for column in JSON_COLUMNS:
        out[column] = orjson.Fragment(out[column])
    return orjson.dumps(out)


def write_atomic(path: Path | str, data: bytes, if_changed: bool = False) -> bool:
    """Write ``data`` to ``path`` whole or not at all (``winnow.io.storage``). With
    ``if_changed``, a file that already holds ``data`` is left alone (a read-only OUT
    can be "rewritten" with what it holds). Returns whether it wrote."""
    path = str(path)
    if if_changed:
        try:
            if storage.size(path) == len(data) and storage.read_bytes(path) == data:
                return False
        except OSError:
            pass
    try:
        storage.write_bytes(path, data)
    except OSError as err:
        raise naming(err, path + ".tmp") from err
    return True


class LineWriter:
    """A JSON-lines file written as records come (nothing held in memory), committed
    under its name by ``close()``; no record, no file."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self.count = 0
        self._tmp = self.path + ".tmp"
        self._sink: storage.AtomicWriter | None = None

    def write(self, record: dict[str, Any]) -> None:
        try:
            if self._sink is None:
                self._sink = storage.AtomicWriter(self.path)
            self._sink.write(orjson.dumps(record, default=str) + b"\n")
        except OSError as err:
            raise naming(err, self._tmp) from err
        self.count += 1

    def close(self) -> None:
        if self._sink is None:
            return
        try:
            self._sink.commit()
        except OSError as err:
            raise naming(err, self._tmp) from err

    def abort(self) -> None:
        """Drop the temporary file; never raises (it runs while another error goes up)."""
        if self._sink is not None:
            self._sink.abort()


def read_rows(path: Path | str, batch_size: int = 1024) -> Any:
    """Stream the rows of a Parquet stage file as dicts."""
    parquet = pq.ParquetFile(storage.parquet_source(str(path)))
    for batch in parquet.iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()
