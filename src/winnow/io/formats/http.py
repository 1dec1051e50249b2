"""The HTTP response inside a WARC ``response`` record: status, the few header fields used,
and the body decoded from its transfer and content codings, each step bounded.

Crawled headers are whatever a server sent: huge, binary, repeated. Only the first
``MAX_HEADER_BYTES`` are searched for the end of the header; fields are read as Latin-1
and the last Content-Type wins (WHATWG fetch); names that end up as counters (media
types) are checked to be tokens, so a hostile value never becomes a stats key. A body's
decompressed size is bounded by max_record_bytes: a gzip, deflate, brotli or zstd bomb
costs at most that much memory and time, and is reported.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any

MAX_HEADER_BYTES = 256 * 1024
MAX_FIELD_CHARS = 4096
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-z0-9._:-]{1,40})""")


class BodyError(ValueError):
    """The body cannot be decoded within the limits (reported as a bad record)."""


@dataclass
class Response:
    status: int  # 0: the status line has no 3-digit code
    fields: dict[str, list[str]] = field(default_factory=dict)  # lower-case name → values
    body: bytes = b""

    def last(self, name: str) -> str:
        values = self.fields.get(name)
        return values[-1] if values else ""

    @property
    def media_type(self) -> str:
        """The Content-Type's media type, lower case; "" when absent, "invalid" when it is
        not a type/subtype token."""
        value = self.last("content-type").split(";", 1)[0].strip().lower()
        if not value:
            return ""
        return value if _MEDIA_TYPE.fullmatch(value) else "invalid"

    @property
    def charset(self) -> str | None:
        m = _CHARSET.search(self.last("content-type").lower())
        return m.group(1) if m else None


def media_type(value: str | None) -> str:
    """A Content-Type value's media type for a counter name ("invalid" if not a token)."""
    kind = (value or "").split(";", 1)[0].strip().lower()
    return kind if _MEDIA_TYPE.fullmatch(kind) else ("invalid" if kind else "unknown")


def parse_response(block: bytes) -> Response:
    """The status, header fields and raw body of an HTTP response; ValueError when there
    is no end of header within ``MAX_HEADER_BYTES``."""
    end = block.find(b"\r\n\r\n", 0, MAX_HEADER_BYTES)
    sep = 4
    if end < 0:  # a header written with bare newlines
        end, sep = block.find(b"\n\n", 0, MAX_HEADER_BYTES), 2
    if end < 0:
        raise ValueError(
            f"HTTP response without an end of header in its first {MAX_HEADER_BYTES:,} bytes"
        )
    lines = block[:end].split(b"\n")
    parts = lines[0].split(None, 2)
    code = parts[1] if len(parts) > 1 else b""
    response = Response(int(code) if len(code) == 3 and code.isdigit() else 0)
    fields = response.fields
    name = ""
    for raw in lines[1:]:
        line = raw.rstrip(b"\r")
        if line[:1] in (b" ", b"\t") and name:  # an obsolete folded continuation
            fields[name][-1] = (fields[name][-1] + " " + _text(line))[:MAX_FIELD_CHARS]
            continue
        key, colon, value = line.partition(b":")
        if not colon:
            continue
        name = _text(key).lower()[:64]
        fields.setdefault(name, []).append(_text(value)[:MAX_FIELD_CHARS])
    response.body = block[end + sep :]
    return response


def _text(value: bytes) -> str:
    return value[: MAX_FIELD_CHARS * 2].decode("latin-1").strip()


def decode_body(response: Response, max_bytes: int) -> tuple[bytes, str | None]:
    """The body with its transfer and content codings undone, and the content coding left
    in place (None: none), which happens when the body does not decode as its header says
    (many crawlers store the body decoded and keep the header). BodyError: a coding's
    output exceeds ``max_bytes``, or the chunked framing is broken."""
    body = response.body
    if "chunked" in ",".join(response.fields.get("transfer-encoding", [])).lower():
        body = dechunk(body)
    codings = [
        c.strip().lower()
        for value in response.fields.get("content-encoding", [])
        for c in value.split(",")
        if c.strip() and c.strip().lower() != "identity"
    ]
    for coding in reversed(codings[:4]):
        try:
            body = _undo(coding, body, max_bytes)
        except BodyError:
            raise
        except Exception:  # noqa: BLE001 - each codec raises its own type; keep the body
            return body, coding
    return body, None


def _undo(coding: str, data: bytes, max_bytes: int) -> bytes:
    if coding in ("gzip", "x-gzip"):
        out = _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), data, max_bytes)
    elif coding == "deflate":  # zlib-wrapped as the RFC says, or raw as some servers send
        try:
            out = _inflate(zlib.decompressobj(zlib.MAX_WBITS), data, max_bytes)
        except zlib.error:
            out = _inflate(zlib.decompressobj(-zlib.MAX_WBITS), data, max_bytes)
    elif coding == "br":
        import brotli  # a dependency of fastwarc

        out = brotli.Decompressor().process(data, output_buffer_limit=max_bytes + 1)
    elif coding == "zstd":
        import io

        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        out = reader.read(max_bytes + 1)
    else:
        raise ValueError(f"unknown content coding {coding[:40]!r}")
    if len(out) > max_bytes:
        raise BodyError(
            f"HTTP body ({coding}, {len(data):,} bytes) decompresses to more than "
            f"max_record_bytes ({max_bytes:,})"
        )
    return out


def _inflate(inflater: Any, data: bytes, max_bytes: int) -> bytes:
    """At most ``max_bytes`` + 1 bytes; a body cut short (crawlers truncate large ones)
    gives what precedes the cut."""
    return inflater.decompress(data, max_bytes + 1)


def dechunk(body: bytes) -> bytes:
    """The payload of a chunked body (its size lines and trailers removed); ValueError on a
    size line that is not hexadecimal. A body cut inside a chunk keeps what is there."""
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos, pos + 1024)
        if end < 0:
            break
        size_text = body[pos:end].split(b";")[0].strip()
        if not size_text:
            pos = end + 2
            continue
        if len(size_text) > 16:
            raise BodyError(f"chunk size line too long ({len(size_text)} bytes)")
        size = int(size_text, 16)
        if size == 0:
            break
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)
