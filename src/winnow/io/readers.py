"""Readers: one generator per input format, each yielding Documents, BadRecords, Skipped.

Every reader streams (memory stays bounded by ``max_record_bytes``), names each bad record
by file and line/byte/row, and keeps the good records read before a file turns out to be
corrupt or truncated.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import fsspec
import orjson

from winnow.document import Document
from winnow.io.records import BadRecord, Skipped
from winnow.io.sources import InputFile, is_compressed

Item = Document | BadRecord | Skipped
SAMPLE_BYTES = 2048


@dataclass(frozen=True)
class ReadLimits:
    max_record_bytes: int = 32 * 1024 * 1024


def read_file(f: InputFile, limits: ReadLimits = ReadLimits()) -> Iterator[Item]:
    """Yield everything in one input file; never raises for bad data."""
    reader = _READERS[f.format]
    try:
        yield from reader(f, limits)
    except Exception as err:  # noqa: BLE001 - any decoder's error is one bad file, not a crash
        # Raised while opening or decompressing: a corrupt gzip, a truncated zstd frame.
        yield BadRecord(f.url, "file", f"unreadable: {type(err).__name__}: {err}")


@contextmanager
def _open(f: InputFile) -> Iterator[Any]:
    """A binary, line-readable stream of the file's decompressed bytes."""
    if f.url.endswith((".zst", ".zstd")):
        import zstandard  # fsspec's zstd stream cannot readline, and stops at frame ends

        with fsspec.open(f.url, "rb") as raw:
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            yield io.BufferedReader(reader, buffer_size=1 << 20)
        return
    with fsspec.open(f.url, "rb", compression="infer") as fh:
        yield fh


def read_jsonl(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    """The records of a JSONL file, or of a part of it: the lines whose first byte (in the
    decompressed stream) lies in ``[start, end)``. A part of an uncompressed file is entered
    by seeking to its first line; a compressed stream cannot be entered in the middle, so
    its part reads from the start and skips the lines before ``start`` unparsed
    (decompressing is a hundred times faster than curating what it yields)."""
    first, end, line_no = f.part or (0, None, 0)
    end = None if end is not None and end < 0 else end  # -1: up to the end of the stream
    with _open(f) as fh:
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
                        f.url, f"line {line_no + 1}, byte {offset}",
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
                    f.url, f"line {line_no}, byte {start}",
                    f"record of {len(line) + skipped:,} bytes exceeds max_record_bytes "
                    f"({limits.max_record_bytes:,})", line[:SAMPLE_BYTES],
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


def record_to_document(f: InputFile, record: dict[str, Any], number: int,
                       check_json: bool = False) -> Document | None:
    """A record with a ``text`` field → Document (None without one). ``id`` and ``url`` are
    taken when present; the other fields are kept as metadata (with ``check_json``, only
    those that serialise to JSON: Parquet cells can hold bytes or timestamps)."""
    text = record.pop("text", None)
    if not isinstance(text, str):
        return None
    doc_id = record.pop("id", None)
    url = record.pop("url", None)
    return Document(
        id=str(doc_id) if doc_id is not None else f"{f.relpath}:{number}",
        text=text,
        url=str(url) if url is not None else None,
        metadata={k: v for k, v in record.items() if _json_safe(v)} if check_json else record,
        source=f"{f.relpath}:{number}",
    )


def read_parquet(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    import pyarrow.parquet as pq

    with _open(f) as fh:
        try:
            parquet = pq.ParquetFile(fh)
        except Exception as err:  # noqa: BLE001
            yield BadRecord(f.url, "file", f"not a readable Parquet file: {err}")
            return
        if "text" not in parquet.schema_arrow.names:
            yield BadRecord(f.url, "file", "Parquet input needs a 'text' column; found "
                            + ", ".join(parquet.schema_arrow.names))
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
                    yield doc if doc is not None else BadRecord(
                        f.url, f"row {row}", "null or non-string 'text'")


def _json_safe(value: Any) -> bool:
    try:
        orjson.dumps(value)
    except TypeError:
        return False
    return True


def _read_whole(f: InputFile, limits: ReadLimits) -> bytes | BadRecord:
    with _open(f) as fh:
        data = fh.read(limits.max_record_bytes + 1)
    if len(data) > limits.max_record_bytes:
        return BadRecord(f.url, "file",
                         f"larger than max_record_bytes ({limits.max_record_bytes:,})")
    return data


def read_text(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    data = _read_whole(f, limits)
    if isinstance(data, BadRecord):
        yield data
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield BadRecord(f.url, f"byte {err.start}", f"invalid UTF-8: {err.reason}",
                        data[max(0, err.start - 64) : err.start + 64])
        return
    yield Document(id=f.relpath, text=text.removeprefix("\ufeff"), source=f.relpath)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes: the declared charset when it works, else detection."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return bytes_to_str(data, detect_encoding(data))


def read_html(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    data = _read_whole(f, limits)
    if isinstance(data, BadRecord):
        yield data
        return
    yield Document(id=f.relpath, text="", html=decode_html(data), source=f.relpath)


def read_warc(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    from winnow.io.warc import iter_warc

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


_READERS = {
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "text": read_text,
    "html": read_html,
    "warc": read_warc,
}

__all__ = ["BadRecord", "ReadLimits", "Skipped", "read_file"]
