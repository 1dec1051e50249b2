"""Hostile WARC and HTTP records, generated here, between good records of known ids: the
good ones are all read, each hostile one is a BadRecord naming the file and the record's
position, or a Skipped of a bounded kind, and none costs more than its size in time."""

import gzip
import time
import zlib
from collections import Counter

import brotli
import pytest

from conftest import TEXTS, page
from winnow.document import Document
from winnow.io.base import BadRecord, InputFile, ReadLimits, Skipped
from winnow.io.formats import read_file

LIMITS = ReadLimits(max_record_bytes=1 << 20)


def record(
    uri: str,
    block: bytes,
    rid: str,
    kind: str = "response",
    content_type: str = "application/http; msgtype=response",
    declared: int | None = None,
) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: 2026-07-01T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block) if declared is None else declared}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http(body: bytes, headers: bytes = b"Content-Type: text/html; charset=utf-8\r\n") -> bytes:
    return b"HTTP/1.1 200 OK\r\n" + headers + b"\r\n" + body


def good(n: int) -> bytes:
    html = page(f"Good {n}", TEXTS["en"]).encode()
    return record(f"https://good.example/{n}", http(html), f"good-{n}")


def read(tmp_path, records: list[bytes], gzipped: bool = True, name: str = "c.warc.gz"):
    path = tmp_path / name
    data = b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records)
    path.write_bytes(data)
    items = list(read_file(InputFile(str(path), path.name, "warc"), LIMITS))
    docs = {d.id: d for d in items if isinstance(d, Document)}
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert all(b.file == str(path) and "record at byte" in b.location for b in bad)
    return docs, bad, [i.kind for i in items if isinstance(i, Skipped)]


def good_ids(*numbers: int) -> set[str]:
    return {f"<urn:uuid:good-{n}>" for n in numbers}


def test_absurd_http_header_fields(tmp_path):
    html = page("Hostile", TEXTS["de"]).encode()
    records = [
        good(0),
        # a header that never ends within the bound
        record("https://h.example/1", b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 400_000, "huge"),
        good(1),
        # binary bytes in the Content-Type: an invalid media type, a bounded kind
        record(
            "https://h.example/2",
            http(html, b"Content-Type: \x00\xff\xfe/\x01" * 50 + b"\r\n"),
            "binary",
        ),
        # Content-Type repeated: the last one counts (WHATWG fetch)
        record(
            "https://h.example/3",
            http(html, b"Content-Type: image/png\r\nContent-Type: text/html\r\n"),
            "dup",
        ),
        # a status code of 30 digits, a field folded over lines, a 100 kB field value
        record(
            "https://h.example/4",
            b"HTTP/1.1 " + b"9" * 30 + b" OK\r\nContent-Type: text/html;\r\n"
            b" charset=utf-8\r\nX-Long: " + b"v" * 100_000 + b"\r\n\r\n" + html,
            "odd",
        ),
        good(2),
    ]
    docs, bad, kinds = read(tmp_path, records)
    assert good_ids(0, 1, 2) <= set(docs)
    assert "<urn:uuid:dup>" in docs and "Hostile" in docs["<urn:uuid:dup>"].html
    assert "<urn:uuid:odd>" in docs  # no status code read: treated as unknown, as before
    (huge,) = bad
    assert "without an end of header" in huge.error
    assert "response invalid" in kinds and max(map(len, kinds)) < 100


@pytest.mark.parametrize(
    "charset",
    [
        "utf-7",
        "idna",
        "punycode",
        "rot13",
        "uu_codec",
        "zlib_codec",
        "hex",
        "unicode_escape",
        "x-no-such-thing",
        "a" * 500,
    ],
)
def test_charsets_that_are_not_page_encodings_fall_back_to_detection(tmp_path, charset):
    text = TEXTS["fr"] + " " + "Été déjà " * 20_000  # ~200 kB: a super-linear codec shows
    html = page("Page", text).encode("utf-8")
    headers = f"Content-Type: text/html; charset={charset}\r\n".encode()
    started = time.perf_counter()
    docs, bad, _ = read(
        tmp_path, [good(0), record("https://c.example/", http(html, headers), "cs"), good(1)]
    )
    assert time.perf_counter() - started < 5
    assert not bad and good_ids(0, 1) <= set(docs)
    assert TEXTS["fr"] in docs["<urn:uuid:cs>"].html  # decoded as what it is: UTF-8


def test_a_real_declared_charset_is_used(tmp_path):
    html = page("Страница", TEXTS["en"] + " Привет").encode("cp1251")
    headers = b"Content-Type: text/html; charset=windows-1251\r\n"
    docs, _, _ = read(tmp_path, [record("https://r.example/", http(html, headers), "ru")])
    assert "Привет" in docs["<urn:uuid:ru>"].html


def _bomb(coding: str) -> bytes:
    data = b"<p>" + b"a" * (64 << 20)
    if coding == "gzip":
        return gzip.compress(data, 9)
    if coding == "deflate":
        return zlib.compress(data, 9)
    return brotli.compress(data, quality=5)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_http_body_bombs_are_bounded_and_reported(tmp_path, coding):
    headers = f"Content-Type: text/html\r\nContent-Encoding: {coding}\r\n".encode()
    small = page("Small", TEXTS["es"]).encode()
    small_packed = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[coding](
        small
    )
    records = [
        good(0),
        record("https://b.example/bomb", http(_bomb(coding), headers), "bomb"),
        record("https://b.example/fine", http(small_packed, headers), "fine"),
        good(1),
    ]
    docs, bad, _ = read(tmp_path, records)
    assert good_ids(0, 1) <= set(docs) and TEXTS["es"] in docs["<urn:uuid:fine>"].html
    (bomb,) = bad
    assert "decompresses to more than max_record_bytes" in bomb.error


@pytest.mark.parametrize("overshoot", [3, 8, 20, 300])
def test_a_content_length_too_long_does_not_cost_the_next_record(tmp_path, overshoot):
    """A plain WARC whose record 2 declares more bytes than it has: record 3, whose header
    the declared block runs into, is still read; a payload that quotes a WARC record
    (record 1) is still read as the payload it is."""
    quoted = page("Quote", "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc")
    quote_block = http(b"\r\n\r\n" + quoted.encode())
    block = http(page("Liar", TEXTS["en"]).encode())
    records = [
        good(0),
        record("https://q.example/", quote_block, "quote"),
        record("https://l.example/", block, "liar", declared=len(block) + overshoot),
        good(3),
        good(4),
    ]
    docs, bad, _ = read(tmp_path, records, gzipped=False, name="c.warc")
    assert good_ids(0, 3, 4) <= set(docs) and "<urn:uuid:quote>" in docs
    if overshoot >= 20:  # the liar's block holds record 3's header: reported, skipped
        (liar,) = bad
        assert "runs past the record's end" in liar.error and "<urn:uuid:liar>" not in docs
    elif bad:  # a few bytes into the next header: the stream break after it is reported
        (liar,) = bad
        assert "reading resumed" in liar.error
    # (3 bytes: only the separator was swallowed, which fastwarc reads past)


def test_wget_resource_and_metadata_records_are_not_pages(tmp_path):
    html = page("Resource", TEXTS["de"]).encode()
    records = [
        record(
            "metadata://gnu.org/software/wget/warc/MANIFEST.txt",
            b"<urn:uuid:x>\n",
            "m1",
            kind="resource",
            content_type="text/plain",
        ),
        record(
            "metadata://gnu.org/software/wget/warc/wget.log",
            b"--2026-07-01-- https://x\n",
            "m2",
            kind="resource",
            content_type="text/plain",
        ),
        record(
            "https://w.example/",
            b"outlinks: https://w.example/a\n",
            "m3",
            kind="metadata",
            content_type="application/warc-fields",
        ),
        record(
            "https://w.example/page.html", html, "res", kind="resource", content_type="text/html"
        ),
        good(0),
    ]
    docs, bad, kinds = read(tmp_path, records)
    assert set(docs) == {"<urn:uuid:res>"} | good_ids(0) and not bad
    assert Counter(kinds) == {"WARC resource record (metadata URI)": 2, "WARC metadata record": 1}


def test_bracketed_target_uris_lose_their_brackets(tmp_path):
    block = http(page("Old", TEXTS["en"]).encode())
    docs, _, _ = read(tmp_path, [record("<https://old.example/page>", block, "old")])
    assert docs["<urn:uuid:old>"].url == "https://old.example/page"
