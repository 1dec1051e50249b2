"""One document a file: ``.txt`` (UTF-8 text) and ``.html``/``.htm`` (a page for extraction)."""

from __future__ import annotations

from collections.abc import Iterator

from winnow.document import Document
from winnow.io.base import (
    BadRecord,
    InputFile,
    Item,
    ReadLimits,
    read_whole,
)


def read_text(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    data = read_whole(f, limits)
    if isinstance(data, BadRecord):
        yield data
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield BadRecord(
            f.url,
            f"byte {err.start}",
            f"invalid UTF-8: {err.reason}",
            data[max(0, err.start - 64) : err.start + 64],
        )
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
    # with WHATWG names (the default) detection falls back to UTF-8, never None
    return bytes_to_str(data, detect_encoding(data) or "utf-8")


def read_html(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    data = read_whole(f, limits)
    if isinstance(data, BadRecord):
        yield data
        return
    yield Document(id=f.relpath, text="", html=decode_html(data), source=f.relpath)


def read(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    return read_html(f, limits) if f.format == "html" else read_text(f, limits)
