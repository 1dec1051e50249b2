"""Parquet: one record a row, its ``text`` column the document; a large file is cut at
row-group boundaries."""

from __future__ import annotations

from collections.abc import Iterator

import fsspec

from winnow.io.base import (
    BadRecord,
    InputFile,
    Item,
    ReadLimits,
    is_compressed,
    open_stream,
    record_to_document,
)


def parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    return None if is_compressed(f.url) else parquet_parts(f.url, part_bytes)


def read(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    import pyarrow.parquet as pq

    # a Parquet file is read by its footer first: random access (ranged reads over HTTP)
    opened = open_stream(f) if is_compressed(f.url) else fsspec.open(f.url, "rb")
    with opened as fh:
        try:
            parquet = pq.ParquetFile(fh)
        except Exception as err:  # noqa: BLE001
            yield BadRecord(f.url, "file", f"not a readable Parquet file: {err}")
            return
        if "text" not in parquet.schema_arrow.names:
            yield BadRecord(
                f.url,
                "file",
                "Parquet input needs a 'text' column; found "
                + ", ".join(parquet.schema_arrow.names),
            )
            return
        first, end, row = f.part or (0, parquet.num_row_groups, 0)
        for group in range(first, min(end, parquet.num_row_groups)):
            try:
                table = parquet.read_row_group(group)
            except Exception as err:  # noqa: BLE001
                yield BadRecord(f.url, f"row group {group}", f"unreadable: {err}")
                continue
            for batch in table.to_batches(max_chunksize=1024):
                for record in batch.to_pylist():
                    row += 1
                    doc = record_to_document(f, record, row, check_json=True)
                    yield (
                        doc
                        if doc is not None
                        else BadRecord(f.url, f"row {row}", "null or non-string 'text'")
                    )


def parquet_parts(url: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Runs of whole row groups of about ``part_bytes`` (uncompressed) each; None when the
    footer cannot be read (the reader then reports the file)."""
    import pyarrow.parquet as pq

    try:
        with fsspec.open(url, "rb") as fh:
            meta = pq.ParquetFile(fh).metadata
    except Exception:  # noqa: BLE001 - a broken file is reported once, by its reader
        return None
    parts = []
    first = rows_before = rows = size = 0
    for group in range(meta.num_row_groups):
        info = meta.row_group(group)
        size += info.total_byte_size
        rows += info.num_rows
        if size >= part_bytes or group == meta.num_row_groups - 1:
            parts.append((first, group + 1, rows_before))
            first, rows_before, size = group + 1, rows, 0
    return parts
