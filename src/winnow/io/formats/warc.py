"""WARC and WET records → Documents, with fastwarc.

``response`` records with an HTML payload become documents whose ``html`` the extraction
step turns into text; WET ``conversion`` records are text already. Everything else
(requests, metadata, images, PDFs) is counted as skipped. A record whose block is shorter
than its Content-Length (a truncated file) is reported as bad, never read as a document.
"""

from __future__ import annotations

import email.parser
import gzip
import os
import re
import zlib
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
)
from winnow.io.formats.text import decode_html
from winnow.io.formats.warc_parts import (
    is_gzipped,
    next_member,
    next_record,
    record_end,
    warc_parts,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
WANTED = WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource
_TOKEN = re.compile(r"[A-Za-z][\w.-]{0,63}")


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
    with fsspec.open(f.url, "rb", compression=compression) as fh:
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
        record_id = record.headers.get("WARC-Record-ID", "") or f"{f.relpath}@{position}"
        url = record.headers.get("WARC-Target-URI") or None
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
        meta = {"warc_date": record.headers.get("WARC-Date")}
        rtype = record.record_type
        source = f"{f.relpath}@{position}"
        if rtype == WarcRecordType.conversion:
            text = block.decode("utf-8", errors="replace")
            yield Document(id=record_id, text=text, url=url, metadata=meta, source=source)
        elif rtype == WarcRecordType.response:
            warc_type = (record.headers.get("Content-Type") or "application/http").lower()
            if not warc_type.startswith("application/http"):
                yield Skipped(f.url, f"response {warc_type.split(';')[0]}")
                continue
            yield from _response(f, where, block, record_id, url, meta, source)
        else:  # resource: a stored file; curate it only when it is HTML or text
            content_type = (record.headers.get("Content-Type") or "").lower()
            if content_type.startswith(HTML_TYPES):
                yield _html_document(block, None, record_id, url, meta, source)
            elif content_type.startswith("text/plain"):
                text = block.decode("utf-8", errors="replace")
                yield Document(id=record_id, text=text, url=url, metadata=meta, source=source)
            else:
                yield Skipped(f.url, f"resource {content_type or 'unknown'}")


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
    for the next record."""
    if gzipped:
        return next_member(fh, position + 1, size)
    after = record_end(fh, position)
    return next_record(fh, after if after is not None and after > position else position + 1, size)


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
    record_id: str,
    url: str | None,
    meta: dict[str, Any],
    source: str,
) -> Iterator[Document | BadRecord | Skipped]:
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    if not sep:
        yield BadRecord(f.url, where, "HTTP response without a header/body separator", block[:512])
        return
    status_line, _, header_bytes = head.partition(b"\n")
    headers = email.parser.BytesHeaderParser().parsebytes(header_bytes.lstrip(b"\r\n") + b"\n\n")
    parts = status_line.split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    content_type = (headers.get("Content-Type") or "").lower()
    if status and not 200 <= status < 300:
        yield Skipped(f.url, f"HTTP {status}")
        return
    if not content_type.startswith(HTML_TYPES) and content_type:
        yield Skipped(f.url, f"response {content_type.split(';')[0]}")
        return
    try:
        if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
            body = _dechunk(body)
    except ValueError as err:
        yield BadRecord(f.url, where, f"cannot decode chunked HTTP body: {err}", body[:512])
        return
    encoding = (headers.get("Content-Encoding") or "").lower().strip()
    if encoding in ("gzip", "x-gzip", "deflate"):
        # Many crawlers store the body already decoded but keep the header: try, else as is.
        try:
            body = gzip.decompress(body) if "gzip" in encoding else zlib.decompress(body)
        except (OSError, EOFError, zlib.error):
            meta["content_encoding_ignored"] = encoding
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
    meta["http_status"] = status
    yield _html_document(body, charset, record_id, url, meta, source)


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


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = body[pos:end].split(b";")[0].strip()
        if not size_text:
            pos = end + 2
            continue
        size = int(size_text, 16)
        if size == 0:
            break
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)
