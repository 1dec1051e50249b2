"""Every kind of bad input in one run: the run completes, every good document is in the
output, each bad record is counted with its file and position, and quarantined."""

import gzip
import json

import pyarrow.parquet as pq

from conftest import article_text, page, warc_response, write_jsonl
from winnow.recipe import parse_recipe
from winnow.running.runner import RunOptions, run

RECIPE = parse_recipe(
    {"name": "robust", "steps": ["html.extract", "lang.identify", "clean.lines", "dedup.exact"]}
)


def test_run_survives_all_bad_inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = article_text("en")
    write_jsonl(
        src / "a-good.jsonl",
        [{"id": "good-1", "text": good}, {"id": "good-2", "text": article_text("de")}],
    )
    # malformed lines and invalid UTF-8 between good ones
    (src / "b-mixed.jsonl").write_bytes(
        b'{"id": "good-3", "text": "first good line of text"}\n{"broken\n'
        b'{"id": "bad-utf8", "text": "caf\xe9"}\n{"id": "good-4", "text": "last good"}\n'
    )
    # a gzip cut in the middle of its stream
    data = gzip.compress(
        "".join(
            json.dumps({"id": f"gz-{i}", "text": f"gz doc {i} " * 30}) + "\n" for i in range(3000)
        ).encode()
    )
    (src / "c-cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (src / "d-empty.jsonl").write_bytes(b"")
    (src / "e-junk.jsonl").write_bytes(bytes(range(256)) * 64)  # binary junk
    # a 40 MB single line, beyond the 16 MiB limit set below
    with open(src / "f-huge.jsonl", "wb") as fh:
        fh.write(b'{"id": "huge", "text": "' + b"x" * (40 * 1024 * 1024) + b'"}\n')
        fh.write(b'{"id": "after-huge", "text": "still read"}\n')
    # a WARC truncated inside its last record, and hostile HTML
    records = [
        warc_response(
            f"https://w.example/{i}", page(f"P{i}", good), f"00000000-0000-0000-0000-{i:012d}"
        )
        for i in range(3)
    ]
    warc = b"".join(records)
    (src / "g-cut.warc.gz").write_bytes(warc[: len(warc) - len(records[-1]) // 2])
    (src / "h-hostile.html").write_text(
        "<div>" * 50_000 + "<script>alert(1)</script>" + "<p>deep</p>" + "</div>" * 10
    )
    result = run(
        RunOptions(
            [str(src)],
            str(tmp_path / "out"),
            recipe=RECIPE,
            workers=2,
            max_record_bytes=16 * 1024 * 1024,
            quiet=True,
        )
    )
    out = tmp_path / "out"
    ids = {r["id"] for kind in ("kept", "removed") for r in pq.read_table(out / kind).to_pylist()}
    expected = {"good-1", "good-2", "good-3", "good-4", "after-huge"}
    assert expected <= ids
    assert sum(1 for i in ids if i.startswith("gz-")) > 100  # read up to the damage
    assert sum(1 for i in ids if i.startswith("<urn:uuid:")) == 2  # the intact records
    stats = result.stats
    bad = stats["unreadable_records"]["listed"]
    by_file = {b["file"].rsplit("/", 1)[-1]: b for b in bad}
    assert {
        "b-mixed.jsonl",
        "c-cut.jsonl.gz",
        "e-junk.jsonl",
        "f-huge.jsonl",
        "g-cut.warc.gz",
    } <= set(by_file)
    assert by_file["f-huge.jsonl"]["location"].startswith("line 1")
    assert stats["unreadable_records"]["count"] == len(bad)
    quarantined = "".join(p.read_text() for p in (out / "quarantine").glob("*.jsonl"))
    assert "b-mixed.jsonl" in quarantined and "f-huge.jsonl" in quarantined
    empty = next(v for k, v in stats["inputs"].items() if k.endswith("d-empty.jsonl"))
    assert empty == {"records": 0, "documents": 0, "unreadable": 0, "skipped": {}}
