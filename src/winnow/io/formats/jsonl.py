"""JSON Lines (``.jsonl``, ``.ndjson``, ``.json``; plain, gzip or zstd): one record a line,
its ``text`` field the document. A ``.json`` file holding one JSON array of records is read
as those records (``json_array``). A large file is cut at line starts (plain) or at offsets
of its decompressed text (compressed, local).

Lines are split from the decompressed chunks of ``compressed``: a line longer than
max_record_bytes costs no memory (it is counted, not kept), and where the stream lost data
(a damaged gzip member, a cut) the reader reports it once, at the line it happened in,
and goes on where the stream does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import chain
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
    or_whole,
    record_to_document,
)
from winnow.io.formats.compressed import Break, Chunks, open_chunks

_SCAN_BYTES = 8 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
LINE, LONG, BREAK = 0, 1, 2


def parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    if is_json_array(f):
        return None  # one JSON value: read whole (it streams, in bounded memory)
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
    first, last, line_no = f.part or (0, -1, 0)
    end = None if last < 0 else last  # -1: up to the end of the stream
    compressed = is_compressed(f.url)
    offset = 0 if compressed or f.part is None else first
    with open_chunks(f, offset) as chunks:
        if f.part is None and _json_name(f.url):
            head, chunks = _peek(chunks)
            if head[:1] == b"[":
                from winnow.io.formats.json_array import read_array

                yield from read_array(f, chunks, limits)
                return
        if compressed:
            line_no = 0
        for kind, start, data, extra in split_lines(chunks, offset, limits.max_record_bytes):
            if end is not None and start >= end:
                return  # the next part's
            if kind == BREAK:
                if start >= first:  # a break before this part is the earlier part's report
                    yield _break_report(f, data, line_no, start, extra)
                if not data.resumed:
                    return
                line_no += data.lines
                continue
            line_no += 1
            if start < first:
                continue
            if kind == LONG:
                yield BadRecord(
                    f.url,
                    f"line {line_no}, byte {start}",
                    f"record of {extra:,} bytes exceeds max_record_bytes "
                    f"({limits.max_record_bytes:,})",
                    data,
                )
                continue
            if start == 0 and data.startswith(BOM):
                data = data[3:]  # a UTF-8 byte order mark (Windows tools write one)
            if data.strip():
                yield _jsonl_record(f, data, line_no)


def _break_report(f: InputFile, brk: Break, line_no: int, start: int, partial: bytes) -> BadRecord:
    where = f"line {line_no + 1}, byte {start}"
    if brk.location:
        where += f" ({brk.location})"
    error = brk.error
    if partial and (brk.cut or not brk.resumed):
        error = f"record cut short, {error}"
    return BadRecord(f.url, where, error, partial[:SAMPLE_BYTES])


def split_lines(chunks: Chunks, offset: int, max_bytes: int) -> Iterator[tuple[int, int, Any, Any]]:
    """``(LINE, start, line, None)`` for each line (its newline kept; the last one may have
    none), ``(LONG, start, sample, size)`` for a line over ``max_bytes`` (only its first
    bytes kept), ``(BREAK, start, Break, partial)`` where the stream lost data (``partial``:
    the start of the line it interrupted). ``start``: the offset in the decompressed
    stream as read (data lost at a break is not counted)."""
    pieces: list[bytes] = []  # the line in progress, from earlier chunks
    size = 0  # its length so far
    sample = b""  # the start of a line too long to keep
    for chunk in chunks:
        if isinstance(chunk, Break):
            partial = sample or b"".join(pieces)[:SAMPLE_BYTES]
            yield BREAK, offset - size, chunk, partial
            pieces, size, sample = [], 0, b""
            continue
        pos = 0
        n = len(chunk)
        while pos < n:
            nl = chunk.find(b"\n", pos)
            if nl < 0:
                if not sample and size + n - pos > max_bytes:
                    sample = (b"".join(pieces) + chunk[pos : pos + SAMPLE_BYTES])[:SAMPLE_BYTES]
                    pieces = []
                elif not sample:
                    pieces.append(chunk[pos:] if pos else chunk)
                size += n - pos
                break
            stop = nl + 1
            length = size + nl - pos  # without its newline
            start = offset + pos - size
            if sample or length > max_bytes:
                if not sample:
                    sample = (b"".join(pieces) + chunk[pos : pos + SAMPLE_BYTES])[:SAMPLE_BYTES]
                yield LONG, start, sample, length + 1
            elif pieces:
                yield LINE, start, b"".join(pieces) + chunk[pos:stop], None
            else:
                yield LINE, start, chunk[pos:stop], None
            pieces, size, sample = [], 0, b""
            pos = stop
        offset += n
    if size:
        if sample or size > max_bytes:
            yield LONG, offset - size, sample or b"".join(pieces)[:SAMPLE_BYTES], size
        else:
            yield LINE, offset - size, b"".join(pieces), None


def _json_name(url: str) -> bool:
    name = url.rsplit("/", 1)[-1].lower()
    for suffix in (".gz", ".zst", ".zstd"):
        name = name.removesuffix(suffix)
    return name.endswith(".json")


def _peek(chunks: Chunks) -> tuple[bytes, Chunks]:
    """The first non-blank byte of the stream (after a byte order mark), and the stream
    whole again."""
    seen: list[Any] = []
    blank = b""
    for chunk in chunks:
        seen.append(chunk)
        if isinstance(chunk, Break):
            break
        blank = (blank + chunk)[: 1 << 20]
        text = blank.removeprefix(BOM).lstrip()
        if text or len(blank) >= 1 << 20:
            return text[:1], chain(seen, chunks)
    return b"", chain(seen, chunks)


def is_json_array(f: InputFile) -> bool:
    """Whether a ``.json`` file holds one JSON array (its first non-blank byte is ``[``)."""
    if not _json_name(f.url):
        return False
    try:
        with open_chunks(f, 0) as chunks:
            head, _ = _peek(chunks)
    except Exception:  # noqa: BLE001 - unreadable: its reader reports it
        return False
    return head == b"["


def _jsonl_record(f: InputFile, line: bytes, line_no: int) -> Item:
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
