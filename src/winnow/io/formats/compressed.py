"""A file's decompressed bytes as a series of chunks, with the places where data was lost
reported as ``Break``s instead of raised: what line-based readers (JSONL, JSON arrays) read.

The failure model (ARCHITECTURE.md, "Bad input"):

- **gzip**: a member is the unit of integrity (its CRC-32 and length, at its end). Deflate
  damage rarely stops the inflater: it goes on producing plausible text (copies of earlier
  lines, duplicate ids) and only the member's CRC says it was wrong. So a member's output is
  held until its CRC checks; a member that grows past ``hold_bytes`` is verified ahead (a
  copy of the inflater runs to the member's end, reading on and then going back, or
  spooling the compressed bytes where the file cannot seek) before any of it is released.
  A member that fails is withheld whole (its lines are counted in the report) and reading
  resumes at the next gzip member whose header and first bytes inflate, where the file can
  seek; the bytes skipped are reported. A stream that ends inside a member (a file cut
  short: the commonest damage) releases what was inflated, which a cut cannot falsify.
- **zstd**: every complete block before the error is released (zstd checks a block's
  structure as it decodes it); the decoder is replayed byte by byte to the error so that
  nothing decoded before it is lost to buffering.
- **plain**: read as is. I/O errors are raised in every case (``read_file`` sorts them).

Output is produced in chunks of at most ``CHUNK`` bytes, so a decompression bomb costs no
memory: the reader's own limits (max_record_bytes) apply to what it assembles.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import fsspec

from winnow.io.base import InputFile, sequential

CHUNK = 1 << 20  # decompressed bytes per chunk
READ = 1 << 18  # compressed bytes per read
FEED = 1 << 14  # compressed bytes per call of an inflater
# inflated bytes a call: a call that fails loses its output, and the lines withheld from a
# damaged member are counted from what the calls before it produced
STEP = 1 << 16
HOLD_BYTES = 8 << 20
# decompressed bytes a zstd read: what a failing read loses, recovered by a replay
ZSTD_STEP = 1 << 16  # a gzip member's output held in memory before it is verified ahead
GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN = 1 << 20


@dataclass(slots=True)
class Break:
    """Data lost from the decoded stream. ``location`` names the place in the file as
    stored (None: the reader names it by its line); ``lines``: line ends in what was
    withheld; ``resumed``: the stream goes on after it; ``cut``: the stream ended early,
    what came before is sound."""

    error: str
    location: str | None = None
    lines: int = 0
    resumed: bool = False
    cut: bool = False


Chunks = Iterator["bytes | Break"]


def plain_chunks(fh: Any) -> Chunks:
    """An I/O error is raised, not reported: ``read_file`` decides whether it is the file's
    fault (a local file: reported) or the network's (a remote one: the task is retried)."""
    while chunk := fh.read(CHUNK):
        yield chunk


def zstd_chunks(fh: Any, seekable: bool = True) -> Chunks:
    """Decompressed zstd (frames read one after another). On damage, what the failing read
    decoded before the error is recovered by decoding again from the start and reading
    one byte at a time up to the error (where the file can seek)."""
    import zstandard

    def reader() -> Any:
        return zstandard.ZstdDecompressor().stream_reader(
            fh, read_size=READ, read_across_frames=True
        )

    stream = reader()
    done = 0
    try:
        while chunk := stream.read(ZSTD_STEP):
            done += len(chunk)
            yield chunk
        return
    except zstandard.ZstdError as err:
        error = f"{type(err).__name__}: {err}"
    tail = b""
    if seekable and _seekable(fh):
        tail = _zstd_replay(fh, reader, done)
    if tail:
        yield tail
    yield Break(f"stream broken, rest of file skipped: {error}")


def _zstd_replay(fh: Any, reader: Any, done: int) -> bytes:
    """The bytes decodable past ``done`` before the error, one byte a read (bounded by
    what one read asks for and a zstd block, 128 KiB)."""
    import zstandard

    tail = bytearray()
    try:
        fh.seek(0)
        stream = reader()
        while done > 0 and (data := stream.read(min(done, CHUNK))):
            done -= len(data)
        while len(tail) < ZSTD_STEP + (1 << 17) and (byte := stream.read(1)):
            tail += byte
    except (zstandard.ZstdError, OSError):
        pass
    return bytes(tail)


def _seekable(fh: Any) -> bool:
    try:
        return bool(fh.seekable())
    except (AttributeError, OSError, ValueError):
        return False


class _Source:
    """A raw file read forwards, which can be read ahead and gone back to: by seeking, or
    where the file cannot seek, by replaying the bytes read ahead from a spool."""

    def __init__(self, fh: Any, seekable: bool) -> None:
        self.fh = fh
        self.seekable = seekable and _seekable(fh)
        self.pos = fh.tell() if self.seekable else 0
        self.replay: list[Any] = []  # spools read before fh, first first

    def read(self, n: int) -> bytes:
        while self.replay:
            data = self.replay[0].read(n)
            if data:
                self.pos += len(data)
                return bytes(data)
            self.replay.pop(0).close()
        data = self.fh.read(n)
        self.pos += len(data)
        return bytes(data)

    def seek(self, pos: int) -> None:
        self.fh.seek(pos)
        self.pos = pos

    def ahead(self) -> _Ahead:
        return _Ahead(self)


class _Ahead:
    """Reads ahead in a ``_Source``; ``back()`` returns the source to where it was."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.start = source.pos
        # closed once replayed (``_Source.read``)
        self.spool: Any = (
            None if source.seekable else tempfile.SpooledTemporaryFile(64 << 20)  # noqa: SIM115
        )

    def read(self, n: int) -> bytes:
        data = self.source.read(n)
        if self.spool is not None:
            self.spool.write(data)
        return data

    def back(self) -> None:
        if self.spool is None:
            self.source.seek(self.start)
        else:
            self.spool.seek(0)
            self.source.replay.insert(0, self.spool)
            self.source.pos = self.start


def gzip_chunks(fh: Any, hold_bytes: int = HOLD_BYTES, seekable: bool = True) -> Chunks:
    """Decompressed gzip, member by member, each released once verified (module doc)."""
    source = _Source(fh, seekable)
    buf = source.read(READ)
    while buf:
        while len(buf) < len(GZIP_MAGIC) and (more := source.read(READ)):
            buf += more
        start = source.pos - len(buf)
        if not buf.startswith(GZIP_MAGIC):
            report = _resync(source, start, "not a gzip member")
            yield report
            if not report.resumed:
                return
            buf = source.read(READ)
            continue
        member = _Member(source, hold_bytes)
        yield from member.inflate(buf)
        if member.failure is None:
            buf = member.rest
            if not buf and not member.cut:
                buf = source.read(READ)
            if member.cut:
                return
            continue
        report = _resync(source, start, member.failure, member.withheld)
        yield report
        if not report.resumed:
            return
        buf = source.read(READ)


class _Member:
    """One gzip member: inflates it, holding its output until its CRC has checked."""

    def __init__(self, source: _Source, hold_bytes: int) -> None:
        self.source = source
        self.hold_bytes = hold_bytes
        self.failure: str | None = None  # why the member is withheld
        self.withheld = 0  # line ends in what was withheld
        self.rest = b""  # compressed bytes after the member
        self.cut = False  # the file ended inside the member

    def inflate(self, buf: bytes) -> Chunks:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        held: list[bytes] = []
        size = 0
        pos = 0  # where in ``buf`` the inflater's next input starts
        verified = False
        while True:
            if pos >= len(buf):
                buf, pos = self.source.read(READ), 0
                if not buf:  # cut short: what was inflated is sound, the rest is missing
                    self.cut = True
                    yield from held
                    yield Break(
                        "stream broken (file cut short?): the gzip stream ends "
                        "inside a member, rest of file skipped",
                        cut=True,
                    )
                    return
            try:
                out, pos = _feed(inflater, buf, pos, STEP)
            except zlib.error as err:
                self._fail(f"damaged gzip member ({err})", held)
                return
            if inflater.eof:
                self.rest = buf[pos:]
                yield from held
                if out:
                    yield out
                return
            if not out:
                continue
            if verified:
                yield out
                continue
            held.append(out)
            size += len(out)
            if size > self.hold_bytes:
                outcome = self._verify_ahead(inflater.copy(), buf[pos:])
                if outcome is not None and outcome != "cut":
                    self._fail(outcome, held)
                    return
                verified = True
                yield from held
                held = []

    def _fail(self, why: str, held: list[bytes]) -> None:
        self.failure = why
        self.withheld = sum(chunk.count(b"\n") for chunk in held)

    def _verify_ahead(self, inflater: Any, buf: bytes) -> str | None:
        """Run ``inflater`` (a copy) to the member's end: None when its CRC checks, "cut"
        when the file ends first, else what is wrong; the source is left where it was."""
        ahead = self.source.ahead()
        try:
            pos = 0
            while True:
                while pos < len(buf):
                    _, pos = _feed(inflater, buf, pos, CHUNK)
                    if inflater.eof:
                        return None
                buf, pos = ahead.read(READ), 0
                if not buf:
                    return "cut"
        except zlib.error as err:
            return f"damaged gzip member, found by checking it ahead ({err})"
        finally:
            ahead.back()


def _feed(inflater: Any, buf: bytes, pos: int, limit: int) -> tuple[bytes, int]:
    """Inflate at most ``limit`` bytes from ``buf[pos:]``, fed a slice at a time (zlib
    copies the input it has not used into each call's result: a whole buffer of a highly
    compressed stream would be copied once per output step). Returns the output and where
    the next input starts."""
    piece = buf[pos : pos + FEED]
    out = inflater.decompress(piece, limit)
    left = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
    return out, pos + len(piece) - len(left)


def _resync(source: _Source, start: int, why: str, withheld: int = 0) -> Break:
    """The report of a break at ``start`` (a member, or bytes that are not one), with the
    source moved to the next gzip member where the file can seek and one is found."""
    lines = f"; {withheld:,} lines decoded from it withheld" if withheld else ""
    where = f"gzip member at byte {start:,}"
    if not source.seekable:
        return Break(f"stream broken ({why}){lines}, rest of file skipped", where, withheld)
    found = _next_member(source, start + 1)
    if found is None:
        return Break(f"stream broken ({why}){lines}, rest of file skipped", where, withheld)
    source.seek(found)
    return Break(
        f"stream broken ({why}){lines}: {found - start:,} bytes skipped, reading resumed at "
        f"the gzip member at byte {found:,}",
        where,
        withheld,
        resumed=True,
    )


def _next_member(source: _Source, offset: int) -> int | None:
    """The first offset at or after ``offset`` where a gzip member starts whose first
    bytes inflate (a false match is still caught by that member's own CRC)."""
    fh = source.fh
    while True:
        fh.seek(offset)
        chunk = fh.read(_SCAN + 2)
        if len(chunk) < 3:
            return None
        at = chunk.find(GZIP_MAGIC)
        while at >= 0:
            if _inflates(fh, offset + at):
                return offset + at
            at = chunk.find(GZIP_MAGIC, at + 1)
        offset += _SCAN


def _inflates(fh: Any, offset: int) -> bool:
    fh.seek(offset)
    head = fh.read(4096)
    if len(head) < 10 or head[3] & 0xE0:  # reserved flag bits must be zero
        return False
    try:
        zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
    except zlib.error:
        return False
    return True


@contextmanager
def open_chunks(f: InputFile, start: int = 0) -> Iterator[Chunks]:
    """The decompressed chunks of ``f`` (by its name: .gz, .zst/.zstd or plain), a plain
    file entered at byte ``start``."""
    name = f.url.lower()
    options = {} if start else sequential(f.url)
    with fsspec.open(f.url, "rb", **options) as fh:
        seekable = not options and _seekable(fh)
        if name.endswith(".gz"):
            yield gzip_chunks(fh, seekable=seekable)
        elif name.endswith((".zst", ".zstd")):
            yield zstd_chunks(fh, seekable=seekable)
        else:
            if start:
                fh.seek(start)
            yield plain_chunks(fh)
