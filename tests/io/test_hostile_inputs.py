"""Damaged and hostile JSON inputs, generated here: good records of known ids mixed with the
damage. Every test checks that no good record is lost where it could be read, that no
document carries text its record did not have (garbage from a damaged stream), and that
each damage is one BadRecord naming the file and the position."""

import gzip
import io
import json
import random
import zlib
from collections import Counter

import pytest
import zstandard

from winnow.document import Document
from winnow.io.base import BadRecord, InputFile, ReadLimits
from winnow.io.formats import compressed, detect_format, read_file
from winnow.io.formats.compressed import Break, gzip_chunks
from winnow.io.sources import expand_inputs, split_large_files

WORDS = ["river", "stone", "window", "garden", "letter", "market", "silver", "harbor"]


def records(count: int, tag: str, seed: int = 1) -> list[bytes]:
    rng = random.Random(seed)
    return [
        json.dumps(
            {"id": f"{tag}{i}", "text": " ".join(rng.choices(WORDS, k=rng.randint(20, 200)))}
        ).encode()
        + b"\n"
        for i in range(count)
    ]


def read(path, limits=None):
    f = InputFile(str(path), path.name, detect_format(str(path)))
    return list(read_file(f, limits or ReadLimits()))


def check(items, lines, path):
    """The documents are records of ``lines`` (text unchanged, no id twice); every bad
    record names the file. Returns (ids read, bad records)."""
    truth = {r["id"]: r["text"] for r in map(json.loads, lines)}
    docs = [i for i in items if isinstance(i, Document)]
    assert all(truth.get(d.id) == d.text for d in docs), "a document not in the input"
    assert not [k for k, n in Counter(d.id for d in docs).items() if n > 1]
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert all(b.file == str(path) and b.location for b in bad)
    return [d.id for d in docs], bad


def damage(data: bytes, at: int, how: str, rng: random.Random) -> bytes:
    if how == "zeros":
        return data[:at] + b"\x00" * 64 + data[at + 64 :]
    if how == "random":
        return data[:at] + bytes(rng.randrange(256) for _ in range(16)) + data[at + 16 :]
    flipped = bytearray(data)
    flipped[at] ^= 1 << rng.randrange(8)
    return bytes(flipped)


def test_zstd_damaged_mid_stream_keeps_every_line_decoded_before_the_damage(tmp_path):
    lines = records(3000, "z")
    packed = zstandard.ZstdCompressor(level=3).compress(b"".join(lines))
    data = damage(packed, len(packed) // 2, "zeros", random.Random(0))
    path = tmp_path / "damaged.jsonl.zst"
    path.write_bytes(data)
    # what decodes cleanly before the damage, one byte a read (no buffer to lose)
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
    clean = bytearray()
    with pytest.raises(zstandard.ZstdError):
        while byte := reader.read(1):
            clean += byte
    whole = clean.count(b"\n")
    assert 1000 < whole < 3000
    ids, bad = check(read(path), lines, path)
    assert ids == [f"z{i}" for i in range(whole)]  # every complete line, in order
    (report,) = bad
    assert (
        report.location.startswith(f"line {whole + 1}, byte ") and "stream broken" in report.error
    )


@pytest.mark.parametrize("how", ["zeros", "random", "bit"])
def test_a_damaged_gzip_member_costs_only_itself(tmp_path, how):
    """30 members of 100 records; member 12 damaged: the 29 others are read whole, none
    of member 12's records (unverifiable) becomes a document, and the report names the
    member, the bytes skipped and where reading resumed."""
    lines = records(3000, "g")
    members = [gzip.compress(b"".join(lines[k * 100 : (k + 1) * 100])) for k in range(30)]
    members[12] = damage(members[12], len(members[12]) // 2, how, random.Random(3))
    path = tmp_path / "members.jsonl.gz"
    path.write_bytes(b"".join(members))
    start, after = sum(map(len, members[:12])), sum(map(len, members[:13]))
    ids, bad = check(read(path), lines, path)
    assert ids == [f"g{i}" for i in range(3000) if not 1200 <= i < 1300]
    (report,) = bad
    assert f"gzip member at byte {start:,}" in report.location
    assert f"reading resumed at the gzip member at byte {after:,}" in report.error
    assert f"{after - start:,} bytes skipped" in report.error
    assert report.location.startswith("line 1201,")


def test_gzip_garbage_never_becomes_a_document(tmp_path):
    """Damage anywhere in a single-member file: the inflater mostly runs on, producing
    copies of earlier lines (duplicate ids), and only the CRC says so; nothing of the
    member is released."""
    lines = records(400, "s")
    packed = gzip.compress(b"".join(lines))
    rng = random.Random(11)
    for trial in range(24):
        how = ("zeros", "random", "bit")[trial % 3]
        path = tmp_path / f"s{trial}.jsonl.gz"
        path.write_bytes(damage(packed, rng.randrange(20, len(packed) - 30), how, rng))
        ids, bad = check(read(path), lines, path)
        assert ids in ([], [f"s{i}" for i in range(400)])  # a flip in the header's padding
        assert len(bad) == (0 if ids else 1)


@pytest.mark.parametrize("seekable", [True, False])
def test_members_past_the_hold_are_verified_ahead(seekable):
    """A member larger than what is held is checked to its end before any of it goes out
    (by seeking back, or by replaying the bytes read ahead where the file cannot seek)."""
    lines = records(3000, "h")
    members = [gzip.compress(b"".join(lines[k * 1000 : (k + 1) * 1000])) for k in range(3)]
    good = b"".join(members)
    bad_member = damage(members[1], len(members[1]) * 3 // 4, "zeros", random.Random(5))
    for data, expect_break in ((good, False), (members[0] + bad_member + members[2], True)):
        stream = io.BytesIO(data)
        out = list(gzip_chunks(stream, hold_bytes=4096, seekable=seekable))
        text = b"".join(c for c in out if isinstance(c, bytes))
        breaks = [c for c in out if isinstance(c, Break)]
        if not expect_break:
            assert text == b"".join(lines) and not breaks
            continue
        (brk,) = breaks
        assert "checking it ahead" in brk.error or "damaged" in brk.error
        kept = b"".join(lines[:1000]) + (b"".join(lines[2000:]) if seekable else b"")
        assert text == kept and brk.resumed == seekable


def test_a_member_cut_short_then_more_members(tmp_path):
    lines = records(600, "c")
    members = [gzip.compress(b"".join(lines[k * 100 : (k + 1) * 100])) for k in range(6)]
    members[2] = members[2][: len(members[2]) // 2]  # the next member follows the cut
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(b"".join(members))
    ids, bad = check(read(path), lines, path)
    assert ids == [f"c{i}" for i in range(600) if not 200 <= i < 300]
    assert len(bad) == 1 and "reading resumed" in bad[0].error


def test_a_gzip_file_cut_short_keeps_what_precedes_the_cut(tmp_path):
    lines = records(2000, "t")
    packed = gzip.compress(b"".join(lines))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    ids, bad = check(read(path), lines, path)
    assert len(ids) > 1000 and ids == [f"t{i}" for i in range(len(ids))]
    (report,) = bad
    assert "record cut short" in report.error and f"line {len(ids) + 1}," in report.location


def test_junk_between_and_after_gzip_members_is_reported(tmp_path):
    lines = records(500, "j")
    members = [gzip.compress(b"".join(lines[k * 100 : (k + 1) * 100])) for k in range(5)]
    path = tmp_path / "junk.jsonl.gz"
    path.write_bytes(b"".join(members[:3]) + b"JUNK" * 100 + b"".join(members[3:]) + b"tail")
    ids, bad = check(read(path), lines, path)
    assert ids == [f"j{i}" for i in range(500)]
    assert ["400 bytes skipped" in b.error for b in bad] == [True, False]
    assert "not a gzip member" in bad[1].error and "rest of file skipped" in bad[1].error


@pytest.mark.parametrize("compress", [None, "gz", "zst"])
def test_a_byte_order_mark_does_not_cost_the_first_record(tmp_path, compress):
    lines = records(5, "b")
    data = b"\xef\xbb\xbf" + b"".join(lines)
    suffix = {None: "", "gz": ".gz", "zst": ".zst"}[compress]
    if compress == "gz":
        data = gzip.compress(data)
    elif compress == "zst":
        data = zstandard.ZstdCompressor().compress(data)
    path = tmp_path / f"bom.jsonl{suffix}"
    path.write_bytes(data)
    ids, bad = check(read(path), lines, path)
    assert ids == [f"b{i}" for i in range(5)] and not bad


def test_a_json_array_of_records_is_streamed(tmp_path, monkeypatch):
    """Elements with brackets, commas and escaped quotes in their strings, bad elements
    among good ones, read across chunk boundaries of a few bytes."""
    monkeypatch.setattr(compressed, "CHUNK", 7)
    good = [
        {"id": "a1", "text": 'brackets ] } [ { and "quotes" \\ and, commas'},
        {"id": "a2", "text": "nested", "meta": {"k": [1, 2, {"x": "]"}]}},
    ]
    body = (
        "\ufeff [\n"
        + json.dumps(good[0])
        + ",\n"
        + '{"id": "nope"},\n'  # no text
        + "[1, 2],\n"  # not a record
        + json.dumps(good[1])
        + ',\n{"id": "huge", "text": "'
        + "x" * 5000
        + '"},\n'
        + json.dumps({"id": "a3", "text": "after the huge one"})
        + "\n]\n"
    )
    path = tmp_path / "records.json"
    path.write_text(body, encoding="utf-8")
    items = read(path, ReadLimits(max_record_bytes=1000))
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.id, d.text) for d in docs] == [
        ("a1", good[0]["text"]),
        ("a2", "nested"),
        ("a3", "after the huge one"),
    ]
    assert docs[1].metadata == {"meta": {"k": [1, 2, {"x": "]"}]}}
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert [b.location.split(",")[0] for b in bad] == ["element 2", "element 3", "element 5"]
    assert "'text'" in bad[0].error and "object" in bad[1].error
    assert "exceeds max_record_bytes" in bad[2].error
    # never cut into parts at line starts
    (whole,) = expand_inputs([str(path)])
    assert split_large_files([whole], 10) == [whole]


@pytest.mark.parametrize(
    "body,expected",
    [
        ("[1, 2, 3]", "first element is not an object"),
        ('[{"text": "a"}, {"text": "b"', "not closed"),
        ('[{"text": "a"} {"text": "b"}]', "malformed JSON array"),
        ('[{"text": "a"}] trailing', "data after the JSON array"),
    ],
)
def test_json_arrays_that_are_not_records(tmp_path, body, expected):
    path = tmp_path / "x.json.gz"
    path.write_bytes(gzip.compress(body.encode()))
    items = read(path)
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert len(bad) == 1 and expected in bad[0].error, bad
    assert len([i for i in items if isinstance(i, Document)]) == (0 if "[1" in body else 1)


def test_an_empty_json_array_and_json_lines_named_json(tmp_path):
    (tmp_path / "empty.json").write_text("  [ ]  ")
    assert read(tmp_path / "empty.json") == []
    lines = records(3, "l")
    (tmp_path / "lines.json").write_bytes(b"".join(lines))
    ids, bad = check(read(tmp_path / "lines.json"), lines, tmp_path / "lines.json")
    assert ids == ["l0", "l1", "l2"] and not bad


def test_a_gzip_bomb_in_jsonl_costs_bounded_memory(tmp_path):
    """A 64 MB line in a 64 KB gzip: counted, never held (max_record_bytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = b'{"id": "ok", "text": "fine"}\n{"id": "bomb", "text": "'
    parts = [packer.compress(head)]
    zeros = b"0" * (1 << 20)
    parts += [packer.compress(zeros) for _ in range(64)]
    parts.append(packer.compress(b'"}\n{"id": "last", "text": "after"}\n') + packer.flush())
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(b"".join(parts))
    items = read(path, ReadLimits(max_record_bytes=1 << 20))
    assert [i.id for i in items if isinstance(i, Document)] == ["ok", "last"]
    (bad,) = [i for i in items if isinstance(i, BadRecord)]
    assert bad.location.startswith("line 2,") and "exceeds max_record_bytes" in bad.error
