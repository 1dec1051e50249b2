"""Fuzz targets: every input reader and the HTML extractor, fed arbitrary bytes.

Each target takes bytes and fails (raises) only when winnow does something it promises
not to: a reader raising instead of reporting a bad record, yielding anything but a
``Document``, ``BadRecord`` or ``Skipped``, or a document without string id and text; the
extractor raising or returning anything but text or None. ``SEEDS`` builds, in code, the
inputs a fuzzing run starts from, and the regression cases found (no stored blobs).

``fuzz_one.py`` runs a target under atheris; ``test_fuzz.py`` runs every seed through every
target (always) and each target under atheris for a few seconds (slow, with atheris).
"""

from __future__ import annotations

import atexit
import gzip
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from winnow.document import Document
from winnow.io.base import BadRecord, InputFile, ReadLimits, Skipped
from winnow.io.formats import detect_format, file_parts, read_file

_DIR = Path(tempfile.mkdtemp(prefix="winnow-fuzz-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)
# small enough that a decompression bomb in a fuzz input is a bad record, not a stall
LIMITS = ReadLimits(max_record_bytes=4 * 1024 * 1024)


# Errors that ``read_file``'s last-resort handler may report for a whole file: what
# decompressors and decoders raise on bad data. A programming error there (a KeyError in
# a reader) is a bug that costs the rest of the file, not bad data.
PROGRAMMING_ERRORS = (
    "AssertionError",
    "AttributeError",
    "IndexError",
    "KeyError",
    "NameError",
    "RecursionError",
    "TypeError",
    "UnboundLocalError",
    "ZeroDivisionError",
)


def check_items(items: object) -> int:
    count = 0
    for item in items:  # type: ignore[attr-defined]
        assert isinstance(item, Document | BadRecord | Skipped), type(item)
        if isinstance(item, Document):
            assert isinstance(item.id, str) and isinstance(item.text, str), item
            assert item.html is None or isinstance(item.html, str)
        else:
            assert isinstance(item.file, str)
        if isinstance(item, BadRecord):
            assert not item.error.startswith(
                tuple(f"unreadable: {name}" for name in PROGRAMMING_ERRORS)
            ), item.error
        count += 1
    return count


def read_bytes(name: str, data: bytes) -> None:
    """``data`` as the file ``name``: read whole, then in small parts where the format cuts
    large files into parts."""
    path = _DIR / name
    path.write_bytes(data)
    fmt = detect_format(name)
    assert fmt is not None, name
    whole = InputFile(str(path), name, fmt)
    check_items(read_file(whole, LIMITS))
    part_bytes = 1 + (data[0] if data else 0) % 97
    parts = file_parts(whole, part_bytes)
    for part in (parts or [])[:64]:  # a few hundred bytes: at most a few dozen parts
        check_items(read_file(InputFile(str(path), name, fmt, part), LIMITS))


def _mode(data: bytes, modes: int) -> tuple[int, bytes]:
    """The first byte picks how the rest is packed (compressed or left raw ...)."""
    return (data[0] % modes, data[1:]) if data else (0, b"")


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _zst(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _compressed(name: str, compress: Callable[[bytes], bytes]) -> Callable[[bytes], None]:
    """Compressed input: the rest compressed, raw (not compressed at all), compressed then
    cut short, or compressed in two frames/members."""

    def target(data: bytes) -> None:
        mode, rest = _mode(data, 4)
        if mode == 0:
            packed = compress(rest)
        elif mode == 1:
            packed = rest
        elif mode == 2:
            full = compress(rest)
            packed = full[: len(full) * len(rest) // (2 * len(rest) + 1)]
        else:
            half = len(rest) // 2
            packed = compress(rest[:half]) + compress(rest[half:])
        read_bytes(name, packed)

    return target


def _warc_gz(name: str) -> Callable[[bytes], None]:
    """Gzipped WARC as Common Crawl writes it: one member a record (split at "WARC/"),
    one member for everything, raw bytes, or members with one byte flipped."""

    def target(data: bytes) -> None:
        mode, rest = _mode(data, 4)
        records = [b"WARC/" + r for r in rest.split(b"WARC/") if r] or [rest]
        if mode == 0:
            packed = b"".join(_gz(r) for r in records)
        elif mode == 1:
            packed = _gz(rest)
        elif mode == 2:
            packed = rest
        else:
            packed = bytearray(b"".join(_gz(r) for r in records))
            if packed:
                packed[len(rest) % len(packed)] ^= 0x5A
            packed = bytes(packed)
        read_bytes(name, packed)

    return target


def _parquet(data: bytes) -> None:
    """Raw bytes as a Parquet file, or a table made from the bytes (cells split at NUL,
    the column types picked by the first byte) written as Parquet, whole or with one byte
    of it changed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    mode, rest = _mode(data, 3)
    if mode == 0:
        read_bytes("in.parquet", rest)
        return
    cells = rest.split(b"\x00")
    kind = (data[0] // 3) % 4
    if kind == 0:
        text = pa.array([c.decode("utf-8", "replace") for c in cells])
    elif kind == 1:
        text = pa.array([None if not c else c.decode("utf-8", "replace") for c in cells])
    elif kind == 2:
        text = pa.array(cells)  # binary, not string
    else:
        text = pa.array([len(c) for c in cells])
    columns = {"text": text, "id": pa.array([c[:8].hex() for c in cells])}
    if data[0] & 0x80:
        columns["meta"] = pa.array([{"k": c[:4].decode("latin-1")} for c in cells])
    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink, row_group_size=max(1, len(cells) // 3))
    packed = bytearray(sink.getvalue())
    if mode == 2 and packed:
        packed[len(rest) * 7919 % len(packed)] ^= 0xFF
    read_bytes("in.parquet", bytes(packed))


_EXTRACTOR: Callable[[str], object] | None = None


def _html_extract(data: bytes) -> None:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from winnow.steps.html.extract import make_extractor

        _EXTRACTOR = make_extractor("blocks")
    text = _EXTRACTOR(data.decode("utf-8", "replace"))
    assert text is None or isinstance(text, str), type(text)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "jsonl": lambda data: read_bytes("in.jsonl", data),
    "jsonl_gz": _compressed("in.jsonl.gz", _gz),
    "jsonl_zst": _compressed("in.jsonl.zst", _zst),
    "parquet": _parquet,
    "text": lambda data: read_bytes("in.txt", data),
    "html": lambda data: read_bytes("in.html", data),
    "warc": lambda data: read_bytes("in.warc", data),
    "warc_gz": _warc_gz("in.warc.gz"),
    "wet": lambda data: read_bytes("in.warc.wet", data),
    "wet_gz": _warc_gz("in.warc.wet.gz"),
    "html_extract": _html_extract,
}


# ---- seeds: where fuzzing starts, and the regression cases it found --------------------


def _warc_record(kind: str, headers: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{len(block):08d}>\r\n"
        f"WARC-Date: 2026-07-01T12:00:00Z\r\nWARC-Target-URI: http://example.com/\r\n"
        f"{headers}Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def _http(body: bytes, extra: str = "", status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


_PAGE = (
    b"<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav><article>"
    b"<h1>Title</h1><p>The library will stay open late during the exam period.</p>"
    b"<p>Volunteers cleaned the beach on Sunday.</p></article></body></html>"
)
_RESPONSE = "Content-Type: application/http; msgtype=response\r\n"
_WARC = (
    _warc_record("warcinfo", "Content-Type: application/warc-fields\r\n", b"software: x\r\n")
    + _warc_record("request", "Content-Type: application/http; msgtype=request\r\n", b"GET /")
    + _warc_record("response", _RESPONSE, _http(_PAGE))
    + _warc_record(
        "response", _RESPONSE, _http(b"5\r\n<p>hi\r\n0\r\n\r\n", "Transfer-Encoding: chunked\r\n")
    )
    + _warc_record("response", _RESPONSE, _http(b"", status="404 Not Found"))
    + _warc_record("resource", "Content-Type: text/html\r\n", _PAGE)
)
_WET = _warc_record(
    "conversion", "Content-Type: text/plain\r\n", "Grüße aus Köln.\n漢字かな。\n".encode()
)
_JSONL = (
    b'{"id": "a", "text": "Hello world.", "url": "http://x/"}\n'
    b'{"text": "no id", "meta": {"k": [1, 2]}}\n'
    b"\n"
    b'{"id": 7, "text": 5}\n'
    b"[1, 2]\n"
    b'{"text": "\\ud800 lone surrogate escape"}\n'
    b'{"text": "cut off\n'
)

# Regression cases: inputs that once broke a target, kept as (target, bytes).
REGRESSIONS: list[tuple[str, bytes]] = []


def seeds(target: str) -> list[bytes]:
    """The starting corpus of ``target``: valid files of its format, broken ones, and its
    regression cases. The first byte of a seed is the target's packing mode where it has
    one (see the targets)."""
    raw = {
        "jsonl": [_JSONL, b"", b"\n\n", b"{}", b'{"text": "x"}' * 3, b"\xff\xfe{"],
        "text": ["Grüße\n漢字\x00\r\n".encode(), b"\xef\xbb\xbfbom", b"\xff\xfe\xfa", b""],
        "html": [_PAGE, b"<meta charset=shift_jis>\x82\xa0", b"<html", b"\x00\xff" * 8],
        "warc": [_WARC, _WARC[: len(_WARC) // 2], b"WARC/1.0\r\n\r\n", b"WARC/"],
        "wet": [_WET, _WET[:-40], _WET.replace(b"Content-Length: ", b"Content-Length: 9")],
        "html_extract": [_PAGE, b"<div>" * 300 + b"x", b"<table><tr><td>" * 50, b"<p>" * 99],
    }
    if target in raw:
        out = raw[target]
    elif target.startswith("jsonl_"):
        out = [bytes([mode]) + _JSONL for mode in range(4)]
    elif target == "warc_gz":
        out = [bytes([mode]) + _WARC for mode in range(4)]
    elif target == "wet_gz":
        out = [bytes([mode]) + _WET + _WARC for mode in range(4)]
    elif target == "parquet":
        cells = b"\x00".join([b"Hello world.", b"", "漢字".encode(), b"\xff\xfe"])
        out = [bytes([first]) + cells for first in (1, 2, 4, 5, 7, 10, 0x81, 0x85)]
        out.append(b"\x00PAR1\x00\x00\x00\x00PAR1")
    else:
        raise KeyError(target)
    return out + [data for name, data in REGRESSIONS if name == target]


def write_seeds(target: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, data in enumerate(seeds(target)):
        (folder / f"seed-{number:03d}").write_bytes(data)
    return folder


def run_target(target: str, data: bytes) -> None:
    """One input through one target, in this process (what the fuzzer does per input)."""
    TARGETS[target](data)


if __name__ == "__main__":  # python fuzz_targets.py: every seed through every target
    for name in TARGETS:
        for seed in seeds(name):
            run_target(name, seed)
    print(f"{sum(len(seeds(n)) for n in TARGETS)} seeds ok in {os.getpid()}")
