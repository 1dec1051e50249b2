import gzip
from collections import Counter
from itertools import pairwise

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import TEXTS, page, shared_path, warc_response, write_jsonl
from winnow.document import Document
from winnow.io.base import BadRecord, InputFile, ReadLimits, Skipped
from winnow.io.formats import detect_format, read_file
from winnow.io.formats.jsonl import jsonl_parts
from winnow.io.sources import expand_inputs, make_shards, split_large_files


def read(path, relpath=None, limits=None):
    fmt = detect_format(str(path))
    return list(read_file(InputFile(str(path), relpath or path.name, fmt), limits or ReadLimits()))


def docs_of(items):
    return [i for i in items if isinstance(i, Document)]


def bad_of(items):
    return [i for i in items if isinstance(i, BadRecord)]


@pytest.mark.parametrize(
    "compress,suffix", [(None, ".jsonl"), ("gz", ".jsonl.gz"), ("zst", ".jsonl.zst")]
)
def test_jsonl_plain_and_compressed(tmp_path, compress, suffix):
    path = write_jsonl(
        tmp_path / f"a{suffix}",
        [
            {"id": "x1", "url": "https://a.example/1", "text": TEXTS["en"], "crawl": "CC-1"},
            {"text": TEXTS["fr"]},
        ],
        compress,
    )
    docs = docs_of(read(path))
    assert [d.id for d in docs] == ["x1", f"a{suffix}:2"]
    assert docs[0].url == "https://a.example/1"
    assert docs[0].metadata == {"crawl": "CC-1"}
    assert docs[1].text == TEXTS["fr"]


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "fine"}\n'
        b'{"id": "broken", "text": "cut off\n'
        b"[1, 2, 3]\n"
        b'{"id": "notext"}\n'
        b'{"id": "bad-utf8", "text": "caf\xe9"}\n'
        b"\n"
        b'{"id": "ok2", "text": "also fine"}\n'
    )
    items = read(path)
    assert [d.id for d in docs_of(items)] == ["ok1", "ok2"]
    bad = bad_of(items)
    assert [b.location for b in bad] == ["line 2", "line 3", "line 4", "line 5"]
    assert "malformed JSON" in bad[0].error
    assert "must be an object" in bad[1].error
    assert "'text'" in bad[2].error
    assert "UTF-8" in bad[3].error
    assert all(b.file == str(path) for b in bad)


def test_huge_line_is_skipped_without_losing_neighbours(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"id": "before", "text": "first"}\n')
        fh.write(b'{"id": "huge", "text": "' + b"a" * (50 * 1024 * 1024) + b'"}\n')
        fh.write(b'{"id": "after", "text": "last"}\n')
    items = read(path, limits=ReadLimits(max_record_bytes=16 * 1024 * 1024))
    assert [d.id for d in docs_of(items)] == ["before", "after"]
    (bad,) = bad_of(items)
    assert bad.location.startswith("line 2") and "exceeds max_record_bytes" in bad.error
    assert len(bad.sample) <= 4096


def test_a_gzip_member_that_fails_its_crc_is_withheld_whole(tmp_path):
    """Deflate damage rarely stops the inflater: the text after it is plausible garbage
    (copies of earlier lines) until the member's CRC fails. Nothing of a member is released
    before its CRC checks, so a damaged single-member file yields no document, and the
    report counts what was withheld (tests/io/test_hostile_inputs.py: many members)."""
    rows = [{"id": f"d{i}", "text": f"document number {i} " * 20} for i in range(2000)]
    data = gzip.compress(
        "".join(f'{{"id": "{r["id"]}", "text": "{r["text"]}"}}\n' for r in rows).encode()
    )
    damaged = data[: len(data) // 2] + b"\x00" * 64 + data[len(data) // 2 + 64 :]
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(damaged)
    items = read(path)
    assert docs_of(items) == []
    (bad,) = bad_of(items)
    assert "stream broken" in bad.error and "withheld" in bad.error
    assert "gzip member at byte 0" in bad.location


def test_not_gzip_at_all(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    items = read(path)
    assert not docs_of(items) and len(bad_of(items)) == 1


def test_empty_files_give_nothing_and_no_error(tmp_path):
    for name in ("e.jsonl", "e.txt"):
        (tmp_path / name).write_bytes(b"")
    assert read(tmp_path / "e.jsonl") == []
    (doc,) = read(tmp_path / "e.txt")
    assert doc.text == ""


def test_parquet_reader(tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "text": [TEXTS["en"], None, TEXTS["de"]],
                "id": ["a", "b", None],
                "score": [1.0, 2.0, 3.0],
            }
        ),
        path,
    )
    items = read(path)
    docs = docs_of(items)
    assert [d.id for d in docs] == ["a", "p.parquet:3"]
    assert docs[0].metadata == {"score": 1.0}
    assert bad_of(items)[0].location == "row 2"


def test_parquet_without_text_column(tmp_path):
    path = tmp_path / "q.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    (bad,) = read(path)
    assert "'text' column" in bad.error


def test_text_and_html_files_are_one_document_each(tmp_path):
    (tmp_path / "sub").mkdir()
    txt = tmp_path / "sub" / "note.txt"
    txt.write_text(TEXTS["fr"], encoding="utf-8")
    html = tmp_path / "page.html"
    html.write_bytes(page("Été", TEXTS["fr"]).encode("latin-1", errors="replace"))
    files = expand_inputs([str(tmp_path)])
    assert [f.relpath for f in files] == ["page.html", "sub/note.txt"]
    (doc,) = read(txt, "sub/note.txt")
    assert doc.id == "sub/note.txt" and doc.text == TEXTS["fr"]
    (hdoc,) = read(html)
    assert hdoc.html is not None and "Été" in hdoc.html  # charset detected, not mangled


def test_text_file_with_invalid_utf8_is_a_bad_record(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"hello \xff\xfe world")
    (bad,) = read(path)
    assert isinstance(bad, BadRecord) and "invalid UTF-8" in bad.error and "byte 6" in bad.location


def test_warc_responses_become_html_documents(tmp_path):
    path = tmp_path / "c.warc.gz"
    path.write_bytes(
        warc_response(
            "https://a.example/", page("A", TEXTS["en"]), "00000000-0000-0000-0000-000000000001"
        )
        + warc_response(
            "https://a.example/logo.png",
            "PNG",
            "00000000-0000-0000-0000-000000000002",
            content_type="image/png",
        )
    )
    items = read(path)
    (doc,) = docs_of(items)
    assert doc.id == "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert doc.url == "https://a.example/" and TEXTS["en"] in doc.html
    assert any(isinstance(i, Skipped) for i in items)


def test_truncated_warc_is_reported(tmp_path):
    clipped = shared_path("data", "warc-samples", "resiliparse", "clipped.warc.gz")
    items = read(clipped)
    (bad,) = bad_of(items)
    assert "truncated record" in bad.error and bad.location == "record at byte 0"


def test_warc_cut_in_the_middle_keeps_earlier_records(tmp_path):
    records = [
        warc_response(
            f"https://a.example/{i}",
            page(f"P{i}", TEXTS["de"]),
            f"00000000-0000-0000-0000-{i:012d}",
        )
        for i in range(5)
    ]
    data = b"".join(records)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - len(records[-1]) // 2])
    items = read(path)
    assert len(docs_of(items)) == 4
    assert len(bad_of(items)) == 1


def test_wet_and_real_warc_samples():
    wet = shared_path("data", "warc-samples", "cc-whirlwind", "whirlwind.warc.wet.gz")
    (doc,) = docs_of(read(wet))
    assert doc.url and "Escopete" in doc.text
    warc = shared_path("data", "warc-samples", "resiliparse", "warcfile.warc.gz")
    items = read(warc)
    assert len(docs_of(items)) == 16 and not bad_of(items)
    # every other record is counted by its type, none dropped unseen: 50 records in all
    kinds = Counter(i.kind for i in items if isinstance(i, Skipped))
    assert kinds == {
        "WARC request record": 17,
        "WARC metadata record": 16,
        "WARC warcinfo record": 1,
    }


def test_a_warc_record_with_a_mangled_header_is_reported(tmp_path):
    records = [gzip.decompress(r) for r in _warc_records(6)]
    records[3] = records[3].replace(b"WARC-Type: response\r\n", b"WARC-Type: response\rjunk\n")
    path = tmp_path / "mangled.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    items = read(path)
    (bad,) = bad_of(items)
    assert "malformed WARC header" in bad.error and bad.location.startswith("record at byte")
    assert len(docs_of(items)) == 5


def test_every_shared_warc_sample_reads_without_raising():
    folder = shared_path("data", "warc-samples")
    for path in sorted(folder.rglob("*.warc.gz")):
        items = read(path)  # must not raise
        assert all(isinstance(i, Document | BadRecord | Skipped) for i in items)


def test_shards_group_small_files_and_keep_record_files_alone(tmp_path):
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text("x")
    write_jsonl(tmp_path / "big.jsonl", [{"text": "y"}])
    shards = make_shards(expand_inputs([str(tmp_path)]), files_per_shard=2)
    assert [[f.relpath for f in s.files] for s in shards] == [
        ["big.jsonl"],
        ["p0.txt", "p1.txt"],
        ["p2.txt", "p3.txt"],
        ["p4.txt"],
    ]


def test_glob_and_missing_input(tmp_path):
    from winnow.errors import ConfigError

    write_jsonl(tmp_path / "a.jsonl", [{"text": "y"}])
    write_jsonl(tmp_path / "b.jsonl", [{"text": "z"}])
    assert len(expand_inputs([str(tmp_path / "*.jsonl")])) == 2
    with pytest.raises(ConfigError, match="does not exist"):
        expand_inputs([str(tmp_path / "nope.jsonl")])
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(ConfigError, match="unknown input format"):
        expand_inputs([str(tmp_path / "x.pdf")])


def test_fsspec_url_input(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"id": "m", "text": "memory"}])
    files = expand_inputs([f"file://{tmp_path}/a.jsonl"])
    assert files[0].url.startswith("file://")
    (doc,) = docs_of(list(read_file(files[0])))
    assert doc.id == "m"


def _described(items):
    """What a reader yielded, comparable across runs: ids and texts, bad records' places."""
    return [(i.id, i.text) if isinstance(i, Document) else (i.location, i.error) for i in items]


def _read_parts(path, part_bytes, limits=None):
    (whole,) = expand_inputs([str(path)])
    parts = split_large_files([whole], part_bytes)
    return parts, [item for f in parts for item in read_file(f, limits or ReadLimits())]


@pytest.mark.parametrize("part_bytes", [1, 7, 50, 64, 333, 10_000])
def test_jsonl_parts_read_exactly_the_whole_file(tmp_path, part_bytes):
    path = tmp_path / "big.jsonl"
    lines = [b'{"text": "%s"}\n' % (b"w" * (n * 7 % 40)) for n in range(60)]
    lines[10] = b"not json\n"
    lines[20] = b"\n"  # a blank line
    lines[30] = b'{"text": "' + b"x" * 500 + b'"}\n'  # over max_record_bytes below
    path.write_bytes(b"".join(lines) + b'{"text": "no final newline"}')
    limits = ReadLimits(max_record_bytes=300)
    whole = list(read_file(InputFile(str(path), "big.jsonl", "jsonl"), limits))
    parts, items = _read_parts(path, part_bytes, limits)
    assert _described(items) == _described(whole)  # same ids (line numbers), same errors
    assert "line 11" in bad_of(items)[0].location and "line 31" in bad_of(items)[1].location
    if part_bytes < 10_000:
        assert len(parts) > 1
        # parts tile the file, each starting at a line start
        data = path.read_bytes()
        assert parts[0].part[0] == 0 and parts[-1].part[1] == len(data)
        for a, b in pairwise(parts):
            assert a.part[1] == b.part[0] and data[b.part[0] - 1 : b.part[0]] == b"\n"
            assert b.part[2] == data[: b.part[0]].count(b"\n")
    else:
        assert [f.part for f in parts] == [None]


def test_jsonl_parts_scan_in_chunks(tmp_path, monkeypatch):
    import winnow.io.formats.jsonl as jsonl

    monkeypatch.setattr(jsonl, "_SCAN_BYTES", 16)  # boundaries fall across chunks
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": f"doc {n} " * (n % 9)} for n in range(80)])
    data = path.read_bytes()
    for part_bytes in (5, 33, 100, 1000):
        starts = [s for s, _, _ in jsonl_parts(str(path), part_bytes)]
        expected, target = [0], part_bytes
        for offset in (i + 1 for i, ch in enumerate(data) if ch == 10):
            if offset >= target and offset < len(data):
                expected.append(offset)
                target = offset + part_bytes
        assert starts == expected


def test_small_files_are_not_split(tmp_path):
    small = write_jsonl(tmp_path / "s.jsonl", [{"text": "a"}])
    packed = write_jsonl(tmp_path / "c.jsonl.gz", [{"text": "a"}] * 3, "gz")
    files = expand_inputs([str(small), str(packed)])
    assert split_large_files(files, 10_000) == files
    assert split_large_files(files, 0) == files


def test_a_file_whose_cut_points_cannot_be_found_is_read_whole(tmp_path, monkeypatch):
    """A store without sizes or ranged reads (or one that fails while planning) leaves the
    file whole: its reader reports what is wrong with it, once."""
    import winnow.io.formats.jsonl as jsonl
    import winnow.io.formats.warc as warc

    def fail(*_):
        raise RuntimeError("this store cannot seek")

    monkeypatch.setattr(jsonl, "jsonl_parts", fail)
    monkeypatch.setattr(warc, "warc_parts", fail)
    big = write_jsonl(tmp_path / "big.jsonl", [{"text": f"doc {n} " * 20} for n in range(50)])
    (tmp_path / "c.warc.gz").write_bytes(b"".join(_warc_records(6)))
    files = expand_inputs([str(big), str(tmp_path / "c.warc.gz")])
    assert split_large_files(files, 100) == files
    assert len(docs_of(read(big))) == 50


@pytest.mark.parametrize("compress,suffix", [("gz", ".jsonl.gz"), ("zst", ".jsonl.zst")])
@pytest.mark.parametrize("part_bytes", [1, 40, 333, 5_000])
def test_compressed_jsonl_parts_read_exactly_the_whole_file(tmp_path, compress, suffix, part_bytes):
    rows = [{"text": "w" * (n * 7 % 40)} for n in range(60)]
    rows[10] = {"txt": "no text"}
    rows[30] = {"text": "x" * 500}  # over max_record_bytes below
    path = write_jsonl(tmp_path / f"big{suffix}", rows, compress)
    limits = ReadLimits(max_record_bytes=300)
    whole = list(read_file(InputFile(str(path), path.name, "jsonl"), limits))
    parts, items = _read_parts(path, part_bytes, limits)
    assert _described(items) == _described(whole)  # each record once, same ids and errors
    if part_bytes < 1_000:
        assert len(parts) > 1 and parts[-1].part[1] == -1  # the last part runs to the end
    else:  # ~300 compressed bytes: about 1,200 of text, one part
        assert [f.part for f in parts] == [None]
    assert len(bad_of(items)) == 2


def test_a_broken_compressed_stream_is_reported_once_by_its_part(tmp_path):
    import zlib

    rows = [{"text": f"record number {n} " * 5} for n in range(400)]
    data = "".join(f'{{"text": "{r["text"]}"}}\n' for r in rows).encode()
    packer = zlib.compressobj(wbits=31)
    packed = packer.compress(data) + packer.flush()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])  # the stream ends in the middle
    whole = list(read_file(InputFile(str(path), path.name, "jsonl")))
    parts, items = _read_parts(path, 2_000)
    assert len(parts) > 2
    assert _described(items) == _described(whole)
    assert len(bad_of(items)) == 1 and "stream broken" in bad_of(items)[0].error
    assert 100 < len(docs_of(items)) < 400


def test_parquet_parts_follow_row_groups(tmp_path):
    path = tmp_path / "p.parquet"
    texts = [f"text number {n}" if n % 7 else None for n in range(100)]
    pq.write_table(pa.table({"text": texts, "n": list(range(100))}), path, row_group_size=10)
    whole = list(read_file(InputFile(str(path), "p.parquet", "parquet")))
    parts, items = _read_parts(path, 1)
    assert len(parts) == 10 and [f.part[2] for f in parts] == list(range(0, 100, 10))
    assert _described(items) == _described(whole)
    assert [f.part for f in split_large_files(expand_inputs([str(path)]), 1 << 30)] == [None]


def _warc_records(count: int) -> list[bytes]:
    """Gzipped records as crawlers write them: responses, with a request before every third
    (a type that is skipped, so that cuts also fall before records nobody reads)."""
    records = []
    for n in range(count):
        if n % 3 == 0:
            request = (
                f"WARC/1.0\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:r{n}>\r\n"
                "Content-Length: 4\r\n\r\nGET \r\n\r\n"
            ).encode()
            records.append(gzip.compress(request, mtime=0))
        body = TEXTS["de"] * (1 + n % 4)
        if n == 5:  # a payload that quotes a WARC header must not be taken for a record
            body += "\r\n\r\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc"
        records.append(
            warc_response(
                f"https://a.example/{n}", page(f"P{n}", body), f"00000000-0000-0000-0000-{n:012d}"
            )
        )
    return records


def _warc_described(items):
    return [
        (i.id, i.source, i.html)
        if isinstance(i, Document)
        else (type(i).__name__, getattr(i, "location", None), getattr(i, "error", None))
        for i in items
    ]


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("part_bytes", [1, 3_000, 20_000, 10**9])
def test_warc_parts_start_at_records_and_read_exactly_the_whole_file(tmp_path, gzipped, part_bytes):
    records = _warc_records(24)
    if not gzipped:
        records = [gzip.decompress(r) for r in records]
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(b"".join(records))
    record_starts = {sum(map(len, records[:k])) for k in range(len(records))}
    whole = read(path)
    parts, items = _read_parts(path, part_bytes)
    assert _warc_described(items) == _warc_described(whole)
    assert len(docs_of(items)) == 24 and not bad_of(items)
    if part_bytes == 10**9:
        assert [f.part for f in parts] == [None]
        return
    assert len(parts) > 1
    assert parts[0].part[0] == 0 and parts[-1].part[1] == path.stat().st_size
    for a, b in pairwise(parts):
        assert a.part[1] == b.part[0] and b.part[0] in record_starts
    if part_bytes == 1:  # every record its own part
        assert len(parts) == len(records)


def test_a_warc_gzipped_as_one_stream_stays_whole(tmp_path):
    path = tmp_path / "one.warc.gz"
    path.write_bytes(gzip.compress(b"".join(gzip.decompress(r) for r in _warc_records(10))))
    parts, items = _read_parts(path, 1)
    assert [f.part for f in parts] == [None] and len(docs_of(items)) == 10


@pytest.mark.parametrize("damaged", [0, 7, 15])
def test_a_damaged_warc_record_costs_only_itself(tmp_path, damaged):
    records = _warc_records(12)  # 16 records: requests at 0, 4, 8, 12
    records[damaged] = records[damaged][:20] + b"\x00" * 50 + records[damaged][70:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(records))
    whole = read(path)
    (bad,) = bad_of(whole)
    assert "WARC stream broken" in bad.error and path.name in bad.file
    if damaged < 15:  # reading resumes at the next record, whose start is named
        after = sum(map(len, records[: damaged + 1]))
        assert "reading resumed" in bad.error and f"{after:,}" in bad.error
    else:
        assert "rest of file skipped" in bad.error
    assert len(docs_of(whole)) == 11 if damaged else 12  # record 0 is a request
    parts, items = _read_parts(path, 1)  # a part per record (the damaged one may join another)
    assert len(parts) >= 15 and len(bad_of(items)) == 1
    assert _warc_described(docs_of(items)) == _warc_described(docs_of(whole))


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_mislabelled_warc_reads_on_after_damage_by_what_its_bytes_are(tmp_path, gzipped):
    """A gzipped WARC named .warc, a plain one named .warc.gz: after damage the next record
    is found as the bytes say (gzip members or record headers), not as the name says."""
    records = _warc_records(12)
    if gzipped:
        records[7] = records[7][:20] + b"\x00" * 50 + records[7][70:]
        path = tmp_path / "gzipped-but-named.warc"
    else:
        records = [gzip.decompress(r) for r in records]
        records.insert(8, b"this is not a WARC record\r\n" * 20)
        path = tmp_path / "plain-but-named.warc.gz"
    path.write_bytes(b"".join(records))
    items = read(path)
    (bad,) = bad_of(items)
    assert "reading resumed" in bad.error, bad.error
    assert len(docs_of(items)) == (11 if gzipped else 12)


def test_a_warc_gzipped_as_one_stream_stops_at_damage(tmp_path):
    data = gzip.compress(b"".join(gzip.decompress(r) for r in _warc_records(12)))
    path = tmp_path / "one.warc.gz"
    middle = len(data) // 2
    path.write_bytes(data[:middle] + b"\x00" * 40 + data[middle + 40 :])
    items = read(path)
    (bad,) = bad_of(items)
    assert "rest of file skipped" in bad.error
    assert len(docs_of(items)) < 12


@pytest.mark.parametrize("damage", ["junk between records", "a mangled version line"])
def test_a_plain_warc_reads_on_after_damage(tmp_path, damage):
    records = [gzip.decompress(r) for r in _warc_records(12)]
    if damage == "junk between records":
        records.insert(8, b"this is not a WARC record\r\n" * 20)
        expected = 12
    else:  # the response that quotes a WARC in its payload: the quote is not a record
        records[7] = records[7].replace(b"WARC/1.0", b"WARC/1.0x!!", 1)
        expected = 11
    path = tmp_path / "damaged.warc"
    path.write_bytes(b"".join(records))
    items = read(path)
    (bad,) = bad_of(items)
    assert "WARC stream broken" in bad.error and "reading resumed" in bad.error
    assert len(docs_of(items)) == expected
    assert "abc" not in [d.html for d in docs_of(items)]
    _, in_parts = _read_parts(path, 1)
    assert _warc_described(docs_of(in_parts)) == _warc_described(docs_of(items))
