"""WARC and WET records → Documents, with fastwarc.

``response`` records with an HTML payload become documents whose ``html`` the extraction
step turns into text; WET ``conversion`` records are text already. Everything else
(requests, metadata, images, PDFs) is counted as skipped. A record whose block is shorter
than its Content-Length (a truncated file) is reported as bad, never read as a document.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import fsspec
from fastwarc.warc import ArchiveIterator, WarcRecordType

from winnow.document import Document
from winnow.io.base import (
    COMPRESSION_RATIO,
    BadRecord,
    InputFile,
    Item,
    ReadLimits,
    Skipped,
    is_compressed,
    or_whole,
    sequential,
)
from winnow.io.formats.http import Response, decode_body, media_type, parse_response
from winnow.io.formats.text import decode_html
from winnow.io.formats.warc_parts import (
    RECORD_MARK as _RECORD_MARK,
)
from winnow.io.formats.warc_parts import (
    header_length,
    is_gzipped,
    next_member,
    next_record,
    record_end,
    warc_parts,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
WANTED = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
_TOKEN = re.compile(r"[A-Za-z][\w.-]{0,63}")
_OVERSHOOT = 16  # > len(b"\r\n\r\nWARC/1."): a longer overshoot is found in the block


def parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    if f.url.lower().endswith(".gz"):  # gzip members: cut by their size on disk
        return or_whole(warc_parts, f.url, max(part_bytes // COMPRESSION_RATIO, 1))
    if not is_compressed(f.url):  # local or remote: ranged reads
        return or_whole(warc_parts, f.url, part_bytes)
    return None


def read(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    if f.part is not None:  # entered at the record its part starts with (a ranged read)
        start, end, _ = f.part
        with fsspec.open(f.url, "rb") as fh:
            fh.seek(start)
            yield from iter_warc(fh, f, limits.max_record_bytes, start, end)
        return
    # fastwarc decompresses gzip itself, several times faster than Python's gzip module.
    compression = None if f.url.endswith((".gz", ".warc", ".wet")) else "infer"
    with fsspec.open(f.url, "rb", compression=compression, **sequential(f.url)) as fh:
        yield from iter_warc(fh, f, limits.max_record_bytes)


def iter_warc(
    fh: Any,
    f: InputFile,
    max_record_bytes: int,
    start: int = 0,
    end: int | None = None,
) -> Iterator[Document | BadRecord | Skipped]:
    """The records of ``fh`` (positioned at byte ``start`` of the file), up to the first
    record that starts at or after byte ``end`` (a part of the file: ``sources``).

    Where a local file breaks (a damaged gzip member, bytes that are not a record), reading
    resumes at the next record (``warc_parts.next_member`` / ``next_record``): the damage
    costs the records in it, reported once with the bytes skipped, not the rest of the
    file."""
    rest = "rest of file" if end is None else f"rest of part (to byte {end})"
    size = _resync_size(fh, f)
    # how to find the next record after a break (only where one can be skipped over, a
    # known size): by the file's bytes, as the parts are cut
    gzipped = size is not None and is_gzipped(fh)
    broken: tuple[str, str] | None = None  # a break not reported yet: (where, error)
    read_any = False  # a record read since the start or the last resume
    # every record type, so that a part stops at the first record past its end whatever it
    # is (and never reads into the next part); the wanted types are picked out below
    iterator = ArchiveIterator(fh, parse_http=False)
    position = start
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            if broken is not None:
                yield _break_report(f, broken, rest)
            return
        except Exception as err:  # noqa: BLE001
            if broken is None:
                where = f"after the record at byte {position}" if read_any else f"byte {position}"
                broken = (where, str(err))
            resume = None if size is None else _resume_at(fh, position, gzipped, size)
            if resume is None or (end is not None and resume >= end):
                yield _break_report(f, broken, rest)
                return
            fh.seek(resume)
            iterator = ArchiveIterator(fh, parse_http=False)
            position = resume
            read_any = False
            continue
        position = record.stream_pos
        read_any = True
        if end is not None and position >= end:
            if broken is not None:
                yield _break_report(f, broken, rest)
            return
        if broken is not None:
            yield _break_report(f, broken, rest, resumed=position)
            broken = None
        if not record.record_type & WANTED:
            yield _not_wanted(f, record, position)
            continue
        where = f"record at byte {position}"
        length = record.content_length
        if length > max_record_bytes:
            yield BadRecord(f.url, where, f"record of {length:,} bytes exceeds max_record_bytes")
            continue
        try:
            block = record.reader.read()
        except Exception as err:  # noqa: BLE001
            yield BadRecord(f.url, where, f"unreadable record body: {err}")
            return
        if len(block) < length:
            yield BadRecord(
                f.url,
                where,
                f"truncated record: {len(block):,} of {length:,} bytes (file cut short?)",
                block[:2048],
            )
            return
        if size is not None and not gzipped and _RECORD_MARK in block:
            swallowed = _swallowed(fh, position, block, size)
            if swallowed is not None:
                yield BadRecord(
                    f.url,
                    where,
                    f"Content-Length {length:,} runs past the record's end into the WARC "
                    f"record at byte {swallowed:,}: this record is not read, reading "
                    "resumed there",
                    block[:512],
                )
                if end is not None and swallowed >= end:
                    return
                fh.seek(swallowed)
                iterator = ArchiveIterator(fh, parse_http=False)
                position = swallowed
                read_any = False
                continue
        yield from _record_items(f, record, block, position, max_record_bytes)


def _record_items(
    f: InputFile, record: Any, block: bytes, position: int, max_bytes: int
) -> Iterator[Document | BadRecord | Skipped]:
    """What one wanted record (response, conversion, resource) gives."""
    where = f"record at byte {position}"
    record_id = record.headers.get("WARC-Record-ID", "") or f"{f.relpath}@{position}"
    url = target_uri(record.headers.get("WARC-Target-URI"))
    meta = {"warc_date": record.headers.get("WARC-Date")}
    rtype = record.record_type
    source = f"{f.relpath}@{position}"
    if rtype == WarcRecordType.conversion:
        text = block.decode("utf-8", errors="replace")
        yield Document(id=record_id, text=text, url=url, metadata=meta, source=source)
    elif rtype == WarcRecordType.response:
        warc_type = record.headers.get("Content-Type") or "application/http"
        if not warc_type.lower().startswith("application/http"):
            yield Skipped(f.url, f"response {media_type(warc_type)}")
            return
        yield from _response(f, where, block, max_bytes, record_id, url, meta, source)
    else:  # resource: a stored file; a page only when it was fetched from the web
        scheme = (url or "").split(":", 1)[0].lower() if url and ":" in url else ""
        if scheme not in ("http", "https"):  # wget's log and manifest (metadata://...)
            named = scheme if scheme.isalnum() and len(scheme) <= 16 else "no"
            yield Skipped(f.url, f"WARC resource record ({named} URI)")
            return
        content_type = record.headers.get("Content-Type") or ""
        kind = media_type(content_type)
        if kind in HTML_TYPES:
            charset = Response(0, {"content-type": [content_type]}).charset
            yield _html_document(block, charset, record_id, url, meta, source)
        elif kind == "text/plain":
            text = block.decode("utf-8", errors="replace")
            yield Document(id=record_id, text=text, url=url, metadata=meta, source=source)
        else:
            yield Skipped(f.url, f"resource {kind}")


def target_uri(value: str | None) -> str | None:
    """WARC-Target-URI as a URL: WARC 1.0's ``<...>`` brackets (some writers kept the
    grammar's brackets) are removed."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    return value or None


def _swallowed(fh: Any, position: int, block: bytes, size: int) -> int | None:
    """Where a record begins inside the block of the plain record at ``position`` when
    that block's declared Content-Length is too long, else None. Too long: what follows
    the declared end is not a record boundary, and the block holds a record header whose
    own record ends at one (a payload that quotes a WARC record is followed by more
    payload). The file's position is kept."""
    saved = fh.tell()
    try:
        header = header_length(fh, position)
        if header is None:
            return None
        block_start = position + header[0]
        if _at_boundary(fh, block_start + header[1], size):
            return None
        at = block.find(b"\r\n\r\n" + _RECORD_MARK)
        while at >= 0:
            candidate = block_start + at + 4
            inner = header_length(fh, candidate)
            if inner is not None and _at_boundary(fh, candidate + inner[0] + inner[1], size):
                return candidate
            at = block.find(b"\r\n\r\n" + _RECORD_MARK, at + 1)
        return None
    finally:
        fh.seek(saved)


def _at_boundary(fh: Any, block_end: int, size: int) -> bool:
    """Whether a block ending at ``block_end`` is followed by its CRLF CRLF and then the
    next record or the end of the file."""
    fh.seek(block_end)
    after = fh.read(9)
    return after[:4] == b"\r\n\r\n" and (after[4:] == b"WARC/" or block_end + 4 >= size)


def _not_wanted(f: InputFile, record: Any, position: int) -> Skipped | BadRecord:
    """A record that carries no page (request, metadata, warcinfo...): counted by type. A
    type fastwarc does not know is a damaged header when it is not a single token."""
    kind = (record.headers.get("WARC-Type") or "").strip()
    if record.record_type == WarcRecordType.unknown and not _TOKEN.fullmatch(kind):
        return BadRecord(
            f.url,
            f"record at byte {position}",
            f"malformed WARC header: WARC-Type {kind[:80]!r}",
            kind.encode("utf-8", "replace")[:512],
        )
    return Skipped(f.url, f"WARC {kind.lower()} record")


def _resync_size(fh: Any, f: InputFile) -> int | None:
    """The file's size where a break can be skipped over (a local file, plain or gzipped
    record by record), else None."""
    name = f.url.lower()
    if "://" in f.url or not name.endswith((".gz", ".warc", ".wet")):
        return None
    try:
        return os.path.getsize(f.url) if fh.seekable() else None
    except (OSError, AttributeError):
        return None


def _resume_at(fh: Any, position: int, gzipped: bool, size: int) -> int | None:
    """The next record start after a break that followed the record at ``position``. In a
    plain file the search starts past that record's block when its header can be read (the
    record was read, or is the one that failed), so a WARC quoted in a payload is not taken
    for the next record; it starts a little before that end, where a Content-Length too
    long by a few bytes (too few to swallow a whole record mark: ``_swallowed``) put it."""
    if gzipped:
        return next_member(fh, position + 1, size)
    after = record_end(fh, position)
    if after is None or after <= position:
        return next_record(fh, position + 1, size)
    return next_record(fh, max(after - _OVERSHOOT, position + 1), size)


def _break_report(
    f: InputFile, broken: tuple[str, str], rest: str, resumed: int | None = None
) -> BadRecord:
    where, error = broken
    lost = (
        f"{rest} skipped"
        if resumed is None
        else f"up to byte {resumed:,} skipped, reading resumed at the record there"
    )
    return BadRecord(f.url, where, f"WARC stream broken ({error}): {lost}")


def _response(
    f: InputFile,
    where: str,
    block: bytes,
    max_bytes: int,
    record_id: str,
    url: str | None,
    meta: dict[str, Any],
    source: str,
) -> Iterator[Document | BadRecord | Skipped]:
    try:
        response = parse_response(block)
    except ValueError as err:
        yield BadRecord(f.url, where, str(err), block[:512])
        return
    status = response.status
    kind = response.media_type
    if status and not 200 <= status < 300:
        yield Skipped(f.url, f"HTTP {status}")
        return
    if kind and kind not in HTML_TYPES:
        yield Skipped(f.url, f"response {kind}")
        return
    try:
        body, ignored = decode_body(response, max_bytes)
    except ValueError as err:
        yield BadRecord(f.url, where, f"cannot decode the HTTP body: {err}", block[:512])
        return
    if ignored:
        meta["content_encoding_ignored"] = ignored[:40]
    meta["http_status"] = status
    yield _html_document(body, response.charset, record_id, url, meta, source)


def _html_document(
    body: bytes,
    charset: str | None,
    record_id: str,
    url: str | None,
    meta: dict[str, Any],
    source: str,
) -> Document:
    return Document(
        id=record_id,
        text="",
        url=url,
        html=decode_html(body, charset),
        metadata=meta,
        source=source,
    )
