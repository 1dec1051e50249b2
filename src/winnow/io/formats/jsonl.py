"""JSON Lines (``.jsonl``, ``.ndjson``, ``.json``; plain, gzip or zstd): one record a line,
its ``text`` field the document. A large file is cut at line starts (plain) or at offsets of
its decompressed text (compressed, local)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import orjson
from fsspec.core import url_to_fs

from winnow.io.base import (
    COMPRESSION_RATIO,
    SAMPLE_BYTES,
    BadRecord,
    InputFile,
    Item,
    ReadLimits,
    is_compressed,
    open_stream,
    or_whole,
    record_to_document,
)

_SCAN_BYTES = 8 * 1024 * 1024


def parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    if is_compressed(f.url):
        # each part decompresses from the start: cheap from a local disk, not over a network
        return None if "://" in f.url else compressed_jsonl_parts(f.url, part_bytes)
    return or_whole(jsonl_parts, f.url, part_bytes)  # one sequential read finds line starts


def read(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    """The records of a JSONL file, or of a part of it: the lines whose first byte (in the
    decompressed stream) lies in ``[start, end)``. A part of an uncompressed file is entered
    by seeking to its first line; a compressed stream cannot be entered in the middle, so
    its part reads from the start and skips the lines before ``start`` unparsed
    (decompressing is cheap next to curating what it yields: research/HISTORY.md,
    session 12)."""
    first, end, line_no = f.part or (0, None, 0)
    end = None if end is not None and end < 0 else end  # -1: up to the end of the stream
    with open_stream(f) as fh:
        offset = first
        if f.part is not None and is_compressed(f.url):
            offset = line_no = 0
        elif offset:
            fh.seek(offset)  # a part of an uncompressed file starts at a line start
        while end is None or offset < end:
            try:
                line = fh.readline(limits.max_record_bytes + 1)
            except Exception as err:  # noqa: BLE001 - gzip, zstd and fsspec raise various types
                if offset >= first:  # a break before this part is the earlier part's report
                    yield BadRecord(
                        f.url,
                        f"line {line_no + 1}, byte {offset}",
                        f"stream broken, rest of file skipped: {type(err).__name__}: {err}",
                    )
                return
            if not line:
                return
            line_no += 1
            start = offset
            offset += len(line)
            if len(line) > limits.max_record_bytes and not line.endswith(b"\n"):
                skipped = _skip_rest_of_line(fh)
                offset += skipped
                if start < first:
                    continue
                yield BadRecord(
                    f.url,
                    f"line {line_no}, byte {start}",
                    f"record of {len(line) + skipped:,} bytes exceeds max_record_bytes "
                    f"({limits.max_record_bytes:,})",
                    line[:SAMPLE_BYTES],
                )
                continue
            if start < first or not line.strip():
                continue
            yield _jsonl_record(f, line, line_no, start)


def _skip_rest_of_line(fh: Any) -> int:
    skipped = 0
    while True:
        chunk = fh.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _jsonl_record(f: InputFile, line: bytes, line_no: int, offset: int) -> Item:
    where = f"line {line_no}"
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as err:
        reason = "invalid UTF-8" if "utf-8" in str(err).lower() else "malformed JSON"
        return BadRecord(f.url, where, f"{reason}: {err}", line[:SAMPLE_BYTES])
    if not isinstance(record, dict):
        return BadRecord(f.url, where, "a JSONL record must be an object", line[:SAMPLE_BYTES])
    doc = record_to_document(f, record, line_no)
    if doc is None:
        return BadRecord(f.url, where, "missing or non-string 'text' field", line[:SAMPLE_BYTES])
    return doc


def compressed_jsonl_parts(path: str, part_bytes: int) -> list[tuple[int, int, int]]:
    """Parts of a compressed line-delimited file, by offsets in the decompressed stream
    (``part_bytes`` each, the last one open-ended: -1), as many as the file's estimated text
    size needs. Nothing is read: each part's reader decompresses from the start and skips
    the lines before its own (``read``); a part past the end is empty."""
    count = -(-os.path.getsize(path) * COMPRESSION_RATIO // part_bytes)
    return [
        (k * part_bytes, (k + 1) * part_bytes if k < count - 1 else -1, 0)
        for k in range(max(count, 1))
    ]


def jsonl_parts(path: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Parts of a line-delimited file: each starts at the first line start at or after a
    multiple of ``part_bytes`` past the previous one, and knows how many lines precede it
    (record numbers, hence document ids, are those of the whole file). One sequential
    read, in chunks: a line of any length costs no memory. A single part (None) when the
    file is no larger than ``part_bytes`` or its size is unknown."""
    fs, fs_path = url_to_fs(path)
    size = fs.size(fs_path)
    if size is None or size <= part_bytes:
        return None
    starts = [(0, 0)]  # (byte offset of a line start, lines before it)
    lines = pos = 0
    target = part_bytes
    with fs.open(fs_path, "rb") as fh:
        while chunk := fh.read(_SCAN_BYTES):
            while target <= pos + len(chunk):
                # a line starts after the newline at target - 1 or later
                j = chunk.find(b"\n", max(target - 1 - pos, 0))
                if j < 0:
                    break
                start = pos + j + 1
                if start >= size:
                    break
                starts.append((start, lines + chunk.count(b"\n", 0, j + 1)))
                target = start + part_bytes
            lines += chunk.count(b"\n")
            pos += len(chunk)
    ends = [s for s, _ in starts[1:]] + [size]
    return [(s, e, n) for (s, n), e in zip(starts, ends, strict=True)]
