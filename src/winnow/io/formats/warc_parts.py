"""Where a large WARC (or WET) file can be cut into parts: at record starts.

A part is entered by seeking to its first record, so no part reads what precedes it. The
file may be local or at any fsspec URL that allows random access (S3, GCS, HTTP with
ranges): finding the cut points reads a few chunks around each, never the whole file.

- A gzipped WARC written as crawlers write them (Common Crawl, wget, warcio) is a series of
  gzip members, one per record. Past each cut point the first gzip header (``1f 8b 08``)
  whose member decompresses to a line starting "WARC/" is the next record start; a byte
  sequence that only looks like a header fails that test. A file compressed as one single
  stream has no such point and stays whole.
- An uncompressed file is walked record by record from its start, each header giving the
  Content-Length to jump over: only the headers are read, and the starts found are exact
  (a WARC quoted inside a payload is never mistaken for a record). Where a header cannot be
  parsed the walk stops and the rest of the file is one part.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import BinaryIO

from fsspec.core import url_to_fs

GZIP_MAGIC = b"\x1f\x8b\x08"
RECORD_MARK = b"WARC/1."
_SCAN_BYTES = 1 << 20
_PROBE_BYTES = 4096  # compressed bytes a member's first line is decompressed from
_HEAD_BYTES = 4096  # what a WARC header block nearly always fits in
_HEADER_BYTES = 1 << 16  # the most a WARC header block may take
_CONTENT_LENGTH = re.compile(rb"\r?\nContent-Length:[ \t]*(\d+)", re.IGNORECASE)


def warc_parts(url: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Parts ``(start, end, 0)`` of about ``part_bytes`` each (bytes of the file as stored),
    or None when the file is smaller, its size is unknown, or it cannot be cut."""
    fs, path = url_to_fs(url)
    size = fs.size(path)
    if size is None or size <= part_bytes:
        return None
    with fs.open(path, "rb") as fh:
        starts = (_member_starts if is_gzipped(fh) else _record_starts)(fh, size, part_bytes)
    if len(starts) < 2:
        return None
    return [(s, e, 0) for s, e in zip(starts, [*starts[1:], size], strict=True)]


def is_gzipped(fh: BinaryIO) -> bool:
    """Whether a seekable file starts with a gzip header, whatever its name says (a
    ``.warc`` that is gzipped, a ``.warc.gz`` that is not); the position is kept."""
    position = fh.tell()
    try:
        fh.seek(0)
        return fh.read(3) == GZIP_MAGIC
    finally:
        fh.seek(position)


def _member_starts(fh: BinaryIO, size: int, part_bytes: int) -> list[int]:
    starts = [0]
    while (target := starts[-1] + part_bytes) < size:
        found = next_member(fh, target, size)
        if found is None:
            break
        starts.append(found)
    return starts


def next_member(fh: BinaryIO, offset: int, size: int) -> int | None:
    """The first gzip member at or after ``offset`` that holds the start of a WARC record."""
    return _scan(fh, offset, size, GZIP_MAGIC, _opens_record)


def _scan(
    fh: BinaryIO, offset: int, size: int, mark: bytes, accept: Callable[[BinaryIO, int], bool]
) -> int | None:
    """The first occurrence of ``mark`` at or after ``offset`` that ``accept`` confirms,
    read in chunks that overlap by the mark's length less one."""
    while offset < size:
        fh.seek(offset)
        chunk = fh.read(_SCAN_BYTES + len(mark) - 1)
        at = chunk.find(mark)
        while at >= 0:
            if accept(fh, offset + at):
                return offset + at
            at = chunk.find(mark, at + 1)
        offset += _SCAN_BYTES
    return None


def _opens_record(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(_PROBE_BYTES), 8)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def next_record(fh: BinaryIO, offset: int, size: int) -> int | None:
    """The first line at or after ``offset`` of a plain WARC file that starts a record with
    a readable header ("WARC/1.", a blank line within _HEADER_BYTES, a Content-Length):
    where reading resumes after damage (not used to cut parts, which walk the headers)."""
    return _scan(fh, offset, size, RECORD_MARK, _starts_record)


def _starts_record(fh: BinaryIO, offset: int) -> bool:
    return (offset == 0 or _line_start(fh, offset)) and header_length(fh, offset) is not None


def record_end(fh: BinaryIO, offset: int) -> int | None:
    """Where the block of the plain record starting at ``offset`` ends (by its header)."""
    header = header_length(fh, offset)
    return None if header is None else offset + header[0] + header[1]


def _line_start(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset - 1)
    return fh.read(1) == b"\n"


def header_length(fh: BinaryIO, offset: int) -> tuple[int, int] | None:
    """(header bytes, Content-Length) of the record starting at ``offset``, or None."""
    fh.seek(offset)
    head = fh.read(_HEAD_BYTES)
    end = head.find(b"\r\n\r\n")
    if end < 0 and len(head) == _HEAD_BYTES:
        head += fh.read(_HEADER_BYTES - _HEAD_BYTES)
        end = head.find(b"\r\n\r\n")
    if not head.startswith(b"WARC/") or end < 0:
        return None
    length = _CONTENT_LENGTH.search(head, 0, end + 2)
    if length is None:
        return None
    return end + 4, int(length.group(1))


def _record_starts(fh: BinaryIO, size: int, part_bytes: int) -> list[int]:
    starts = [0]
    offset = 0
    while True:
        following = _after_record(fh, offset)
        if following is None or following >= size:
            return starts
        if following >= starts[-1] + part_bytes:
            starts.append(following)
        offset = following


def _after_record(fh: BinaryIO, offset: int) -> int | None:
    """Where the record after the one starting at ``offset`` starts; None where the header
    is not a WARC header or no record follows."""
    following = record_end(fh, offset)
    if following is None:
        return None
    fh.seek(following)
    gap = fh.read(64)  # the record's closing CRLF CRLF, then the next header
    at = gap.find(b"WARC/")
    if at < 0 or gap[:at].strip(b"\r\n"):
        return None
    return following + at
