"""What every input format shares: the input file, the limits on a record, what a reader
yields besides documents, and the stream of a file's decompressed bytes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import fsspec
import orjson

from winnow.document import Document

COMPRESSIONS = (".gz", ".zst", ".zstd")
# A compressed file's size on disk times this is taken for its text's size (web text
# compresses 3-5x with gzip or zstd): it sets how many parts the file is read in
COMPRESSION_RATIO = 4
SAMPLE_BYTES = 2048


@dataclass(frozen=True)
class InputFile:
    url: str  # full fsspec URL or local path
    relpath: str  # path relative to the input root: a stable document id prefix
    format: str
    # a part of a large file: (start, end, records before start); start and end are offsets
    # in the (decompressed) JSONL stream, row-group indexes (Parquet) or offsets in the file
    # on disk (WARC: record starts); end -1: to the end of the stream; records before start:
    # 0 where the reader counts them itself (a compressed stream, read from its start, or a
    # WARC, whose records are named by their own ids). None: the whole file.
    part: tuple[int, int, int] | None = None


@dataclass(slots=True)
class BadRecord:
    """A record that could not be read. Counted, quarantined, and the run goes on.

    ``location`` names the record in a way a person can find it: ``line 17``,
    ``byte 40960``, ``row 3``, or ``file`` when the whole file is unreadable.
    """

    file: str
    location: str
    error: str
    sample: bytes = b""

    def message(self) -> str:
        return f"{self.file} ({self.location}): {self.error}"


@dataclass(slots=True)
class Skipped:
    """A record that is fine but carries no text to curate (a WARC request, an image)."""

    file: str
    kind: str


Item = Document | BadRecord | Skipped


@dataclass(frozen=True)
class ReadLimits:
    max_record_bytes: int = 32 * 1024 * 1024


def is_compressed(url: str) -> bool:
    return url.lower().endswith(COMPRESSIONS)


def is_http(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://"))


def sequential(url: str) -> dict[str, Any]:
    """fsspec options for reading ``url`` once from its start: over HTTP, one streamed GET
    (fsspec's default file fetches blocks by Range requests, which a server without Range
    support answers with the whole file, and fsspec then refuses)."""
    return {"block_size": 0} if is_http(url) else {}


def supports_ranges(url: str) -> bool:
    """Whether parts of ``url`` can be read by seeking: always for local files and object
    stores; for HTTP, when a read in the middle of the file succeeds (a server without
    Range support answers with the whole file, which fsspec refuses)."""
    if not is_http(url):
        return True
    try:
        with fsspec.open(url, "rb", block_size=1 << 16) as fh:
            size = fh.size or 0
            if size < 2:
                return False
            fh.seek(size // 2)
            return len(fh.read(1)) == 1
    except Exception:  # noqa: BLE001 - any failure means: read it whole, from its start
        return False


@contextmanager
def open_stream(f: InputFile) -> Iterator[Any]:
    """A binary, line-readable stream of the file's decompressed bytes."""
    if f.url.endswith((".zst", ".zstd")):
        import zstandard  # fsspec's zstd stream cannot readline, and stops at frame ends

        with fsspec.open(f.url, "rb", **sequential(f.url)) as raw:
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            yield io.BufferedReader(reader, buffer_size=1 << 20)
        return
    with fsspec.open(f.url, "rb", compression="infer", **sequential(f.url)) as fh:
        yield fh


def record_to_document(
    f: InputFile, record: dict[str, Any], number: int, check_json: bool = False
) -> Document | None:
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
        metadata={k: v for k, v in record.items() if json_safe(v)} if check_json else record,
        source=f"{f.relpath}:{number}",
    )


def json_safe(value: Any) -> bool:
    try:
        orjson.dumps(value)
    except TypeError:
        return False
    return True


def read_whole(f: InputFile, limits: ReadLimits) -> bytes | BadRecord:
    with open_stream(f) as fh:
        data = fh.read(limits.max_record_bytes + 1)
    if len(data) > limits.max_record_bytes:
        return BadRecord(
            f.url, "file", f"larger than max_record_bytes ({limits.max_record_bytes:,})"
        )
    return data


def or_whole(plan, url: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """``plan(url, part_bytes)``, or None (the file read whole) where finding the cut points
    fails: a store without sizes or ranged reads, a broken file (which its reader then
    reports, once)."""
    if not supports_ranges(url):
        return None
    try:
        return plan(url, part_bytes)
    except Exception:  # noqa: BLE001 - any failure here only costs the parallelism
        return None


def stamp_provenance(doc: Document, f: InputFile) -> None:
    """Where and when ``doc`` was crawled, from what its reader left in ``metadata``: the
    WARC-Date of a WARC record, or a JSONL/Parquet record's own ``date`` field."""
    doc.file = f.url
    for key in ("warc_date", "date"):
        value = doc.metadata.get(key)
        if value:
            doc.date = value if isinstance(value, str) else str(value)
            return
