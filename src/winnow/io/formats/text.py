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
    """Decode page bytes: the declared charset when it is a real text encoding and works,
    else detection."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    codec = text_codec(declared) if declared else None
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    # with WHATWG names (the default) detection falls back to UTF-8, never None
    return bytes_to_str(data, detect_encoding(data) or "utf-8")


# The encodings of the WHATWG Encoding Standard (what browsers decode pages with), by
# Python codec name, and the labels Python does not know. Anything else a page declares
# (utf-7, idna, punycode, rot13, hex, zlib_codec, unicode_escape...) is not a page
# encoding: those codecs raise unexpected errors, transform bytes, or run in super-linear
# time, so the page's encoding is detected instead.
_PAGE_CODEC_NAMES = (
    "utf-8 utf-8-sig utf-16 utf-16-le utf-16-be cp866 iso8859-2 iso8859-3 iso8859-4 "
    "iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 iso8859-13 iso8859-14 iso8859-15 "
    "iso8859-16 koi8-r koi8-u mac-roman mac-cyrillic cp874 cp1250 cp1251 cp1252 cp1253 "
    "cp1254 cp1255 cp1256 cp1257 cp1258 gb18030 big5hkscs euc_jp iso2022_jp cp932 "
    "cp949"
)
_PAGE_CODECS = frozenset(_PAGE_CODEC_NAMES.split())
# WHATWG decodes these labels with a superset: the superset's Python codec
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
_LABELS = {
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "mac": "mac-roman",
    "x-sjis": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "x-gbk": "gb18030",
    "unicode-1-1-utf-8": "utf-8",
    "x-euc-jp": "euc_jp",
}


def text_codec(label: str) -> str | None:
    """The Python codec for a declared charset, or None where it names no page encoding."""
    import codecs

    name = label.strip().strip("\"'").lower()
    if not name or len(name) > 40:
        return None
    name = _LABELS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    codec = _SUPERSETS.get(codec, codec)
    return codec if codec in _PAGE_CODECS else None


def read_html(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    data = read_whole(f, limits)
    if isinstance(data, BadRecord):
        yield data
        return
    yield Document(id=f.relpath, text="", html=decode_html(data), source=f.relpath)


def read(f: InputFile, limits: ReadLimits) -> Iterator[Item]:
    return read_html(f, limits) if f.format == "html" else read_text(f, limits)
