"""A ``.json`` file holding one JSON array of records (``[{...}, {...}]``), streamed: each
element is cut out by a scan that tracks strings and nesting only, then parsed alone, so
memory is bounded by the largest record (max_record_bytes), not by the file."""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson

from winnow.io.base import (
    SAMPLE_BYTES,
    BadRecord,
    InputFile,
    Item,
    ReadLimits,
    record_to_document,
)
from winnow.io.formats.compressed import Break, Chunks

_TOKEN = re.compile(rb'["\[\]{},]')
_NOT_BLANK = re.compile(rb"[^ \t\r\n]")
_BOM = b"\xef\xbb\xbf"


class _Buffer:
    """The decompressed stream, held from ``base`` on (earlier bytes are dropped)."""

    def __init__(self, chunks: Chunks) -> None:
        self.chunks = chunks
        self.data = b""
        self.base = 0  # stream offset of data[0]
        self.broken: Break | None = None
        self.ended = False

    def more(self, keep_from: int) -> bool:
        """Append the next chunk, dropping what lies before stream offset ``keep_from``."""
        if self.ended:
            return False
        for chunk in self.chunks:
            if isinstance(chunk, Break):
                self.broken = chunk
                break
            if chunk:
                cut = keep_from - self.base
                self.data = self.data[cut:] + chunk
                self.base = keep_from
                return True
        self.ended = True
        return False

    def next_byte(self, at: int) -> int | None:
        """The offset of the first non-blank byte at or after ``at`` (None: the end)."""
        while True:
            m = _NOT_BLANK.search(self.data, at - self.base)
            if m is not None:
                return self.base + m.start()
            at = self.base + len(self.data)
            if not self.more(at):
                return None

    def byte(self, at: int) -> bytes:
        return self.data[at - self.base : at - self.base + 1]


def read_array(f: InputFile, chunks: Chunks, limits: ReadLimits) -> Iterator[Item]:
    buf = _Buffer(chunks)
    at = buf.next_byte(0)
    if at is not None and buf.data[at - buf.base :].startswith(_BOM):
        at = buf.next_byte(at + 3)
    if at is None or buf.byte(at) != b"[":
        yield BadRecord(f.url, "file", "not a JSON array")
        return
    index = 0
    at += 1
    while True:
        at = buf.next_byte(at)
        if at is None:
            yield _unclosed(f, buf, index)
            return
        if buf.byte(at) == b"]" and index == 0:
            break
        start = at
        end, size = _element_end(buf, start, limits.max_record_bytes)
        if end is None:
            yield _unclosed(f, buf, index)
            return
        index += 1
        where = f"element {index}, byte {start}"
        if size > limits.max_record_bytes:
            yield BadRecord(
                f.url,
                where,
                f"record of {size:,} bytes exceeds max_record_bytes ({limits.max_record_bytes:,})",
            )
        else:
            item = _record(f, buf.data[start - buf.base : end - buf.base], index, where)
            if item is None:
                yield BadRecord(
                    f.url,
                    "file",
                    "a JSON array of records (objects with a 'text' field) expected; "
                    "its first element is not an object",
                )
                return
            yield item
        at = buf.next_byte(end)
        if at is None:
            yield _unclosed(f, buf, index)
            return
        sep = buf.byte(at)
        if sep == b"]":
            break
        if sep != b",":
            yield BadRecord(
                f.url,
                f"byte {at}",
                f"malformed JSON array: {sep!r} after element {index}, rest of file skipped",
            )
            return
        at += 1
    after = buf.next_byte(at + 1)
    if after is not None:
        yield BadRecord(f.url, f"byte {after}", "data after the JSON array ignored")


def _element_end(buf: _Buffer, start: int, max_bytes: int) -> tuple[int | None, int]:
    """Where the element starting at ``start`` ends (exclusive; None: the stream ends
    first), and its size. Only strings and nesting are tracked; the element's own parse
    judges the rest. An element over ``max_bytes`` is scanned without being kept."""
    depth = 0
    at = start  # stream offset where scanning resumes
    keep = start  # what the buffer must hold: the element, unless it is too long
    while True:
        if at - start > max_bytes:
            keep = max(keep, at - 1)  # too long: scanned, no longer kept
        data, base = buf.data, buf.base
        m = _TOKEN.search(data, at - base)
        if m is None:
            at = base + len(data)
            if not buf.more(keep if at - start <= max_bytes else at - 1):
                return None, at - start
            continue
        ch = m.group()
        pos = base + m.start()
        if ch == b'"':
            closed = _string_end(buf, pos + 1, keep, start, max_bytes)
            if closed is None:
                return None, 0
            at, keep = closed
            if depth == 0:
                return at, at - start
            continue
        if ch in b"[{":
            depth += 1
        elif ch in b"]}":
            if depth == 0:  # a scalar element ends at the array's close
                return pos, pos - start
            depth -= 1
            if depth == 0:
                return pos + 1, pos + 1 - start
        elif depth == 0:  # a comma after a scalar element
            return pos, pos - start
        at = pos + 1


def _string_end(
    buf: _Buffer, at: int, keep: int, start: int, max_bytes: int
) -> tuple[int, int] | None:
    """The offset past the quote that closes the string whose body starts at ``at`` (a
    quote preceded by an even run of backslashes), and what the buffer must keep."""
    while True:
        data, base = buf.data, buf.base
        q = data.find(b'"', at - base)
        if q < 0:
            at = base + len(data)
            if at - start > max_bytes:
                keep = max(keep, at - 1)  # a backslash just before the cut still counts
            if not buf.more(keep):
                return None
            continue
        slashes = 0
        while q - slashes - 1 >= 0 and data[q - slashes - 1] == 0x5C:
            slashes += 1
        if slashes % 2 == 0:
            return base + q + 1, keep
        at = base + q + 1


def _record(f: InputFile, raw: bytes, index: int, where: str) -> Item | None:
    """The element as a Document or a BadRecord; None: the first element is no object."""
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        return BadRecord(f.url, where, f"malformed JSON: {err}", raw[:SAMPLE_BYTES])
    if not isinstance(record, dict):
        if index == 1:
            return None
        return BadRecord(f.url, where, "a record must be an object", raw[:SAMPLE_BYTES])
    doc = record_to_document(f, record, index)
    if doc is None:
        return BadRecord(f.url, where, "missing or non-string 'text' field", raw[:SAMPLE_BYTES])
    return doc


def _unclosed(f: InputFile, buf: _Buffer, index: int) -> BadRecord:
    why = f"stream broken ({buf.broken.error})" if buf.broken else "file cut short?"
    return BadRecord(
        f.url,
        f"after element {index}, byte {buf.base + len(buf.data)}",
        f"the JSON array is not closed: {why}",
    )
