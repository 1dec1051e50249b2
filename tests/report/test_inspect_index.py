"""The inspector's index: text search (kept and removed, phrases, prefixes, Chinese,
Japanese and Korean substrings), filters and paging, rebuilt when a shard changes and
reused otherwise, beside the run or, for a read-only run, in a cache folder.

The runs are written with winnow's own schema and writers, no pipeline: each test says
exactly which documents are where. ``sample_run`` and ``write_run`` also serve
test_inspect_server.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from winnow.document import Document, Edit, Rejection
from winnow.io.rows import KEPT_SCHEMA, REMOVED_SCHEMA, doc_to_row
from winnow.io.writers import ShardWriter
from winnow.report.index import fts_query, fts_text
from winnow.report.inspect import Inspector
from winnow.report.query import Filters, Index

FILLER = {
    "en": "The committee met on Tuesday to discuss the budget for the coming year.",
    "de": "Der Ausschuss traf sich am Dienstag, um den Haushalt zu besprechen.",
    "ja": "委員会は火曜日に来年度の予算について話し合った。",
}


def doc(
    doc_id: str,
    text: str,
    lang: str = "en",
    removed: tuple[str, str] | None = None,
    cut: tuple[str, str] | None = None,
) -> Document:
    d = Document(id=doc_id, text=text, url=f"https://example.com/{doc_id}", lang=lang)
    d.lang_score = 0.9
    if cut:
        d.edits.append(Edit(cut[0], cut[1], "Cookie banner line.", 0, 0, "a banner"))
    if removed:
        d.rejection = Rejection(removed[0], removed[1], "measured 1 < threshold 2")
    return d


def write_run(out: Path, shards: dict[str, list[Document]], fmt: str = "parquet") -> Path:
    """``shards`` maps ``kept/00000`` or ``removed/00000`` to its documents."""
    counts = {"kept": 0, "removed": 0}
    for name, docs in shards.items():
        kind = name.split("/")[0]
        schema = KEPT_SCHEMA if kind == "kept" else REMOVED_SCHEMA
        writer = ShardWriter(out / f"{name}.{fmt}", schema, fmt)
        for d in docs:
            writer.write(doc_to_row(d, schema))
        writer.close()
        counts[kind] += len(docs)
    stats = {"documents": {"in": sum(counts.values()), **counts}, "steps": []}
    (out / "stats.json").write_text(json.dumps(stats))
    return out


def sample_run(out: Path, fmt: str = "parquet") -> Path:
    """Kept and removed documents in five languages, with planted words and phrases."""
    kept = [
        doc("k-fox", "A quick brown fox jumps over the harbour wall. " + FILLER["en"]),
        doc("k-de", "Die Straßenbahn fährt heute nicht. " + FILLER["de"], lang="de"),
        doc("k-ja", "東京タワーの夜景はとてもきれいです。" + FILLER["ja"], lang="ja"),
        doc("k-zh", "北京烤鸭非常好吃。我们明天再去。", lang="zh"),
        doc("k-ko", "저는 서울에서 태어났습니다.", lang="ko"),
        doc("k-cut", "Plain text with a cut line. " + FILLER["en"], cut=("clean.lines", "boiler")),
    ]
    kept += [doc(f"k-{n:03d}", f"Filler document number {n}. " + FILLER["en"]) for n in range(40)]
    removed = [
        doc(
            "r-fox", "The fox was quick but brown. Spam spam.", removed=("quality.gopher", "short")
        ),
        doc("r-dup", "A quick brown fox jumps again.", removed=("dedup.exact", "duplicate")),
        doc(
            "r-ja",
            "大阪の夜景もきれいです。",
            lang="ja",
            removed=("lang.filter", "low_score"),
            cut=("clean.lines", "boiler"),
        ),
    ]
    shards = {"kept/00000": kept[:20], "kept/00001": kept[20:], "removed/00000": removed}
    return write_run(out, shards, fmt)


def ids(index: Index, start: int = 0, size: int = 1000, **filters: str) -> list[str]:
    rows, matched = index.search(Filters(**filters), start, size)
    assert matched >= len(rows)
    return [r["id"] for r in rows]


@pytest.fixture(scope="module", params=["parquet", "jsonl"])
def index(request, tmp_path_factory) -> Index:
    out = sample_run(tmp_path_factory.mktemp("run"), request.param)
    built = Index(out)
    built.build()
    return built


def test_search_finds_kept_and_removed_documents(index):
    assert ids(index, q="quick brown fox") == ["k-fox", "r-dup"]  # a phrase: in this order
    assert ids(index, q="fox quick") == []
    assert ids(index, q="FOX", status="removed") == ["r-fox", "r-dup"]  # any case
    assert ids(index, q="strassenbahn") == [] and ids(index, q="Straßenbahn") == ["k-de"]
    assert ids(index, q="harb") == [] and ids(index, q="harb*") == ["k-fox"]  # a prefix
    assert ids(index, q="zebra") == []
    assert ids(index, q='"') == [] and ids(index, q="!!") == []  # nothing to search: no error


def test_chinese_japanese_korean_substrings(index):
    assert ids(index, q="京タ") == ["k-ja"]  # across what a word splitter would cut
    assert ids(index, q="夜景") == ["k-ja", "r-ja"]
    assert ids(index, q="夜景", status="kept") == ["k-ja"]
    assert ids(index, q="烤鸭非") == ["k-zh"] and ids(index, q="鸭烤") == []
    assert ids(index, q="울에서") == ["k-ko"]  # Hangul: particles attach without a space
    assert ids(index, q="大阪 夜景") == []  # not adjacent
    assert fts_query("東京") == '" 東 京 "' and fts_text("ab東c") == "ab 東 c"


def test_filters(index):
    assert ids(index, status="removed") == ["r-fox", "r-dup", "r-ja"]
    assert ids(index, step="dedup.exact") == ["r-dup"]
    # a step filter finds documents it removed and documents it cut lines from
    assert ids(index, step="clean.lines") == ["k-cut", "r-ja"]
    assert ids(index, step="clean.lines", status="kept") == ["k-cut"]
    assert ids(index, reason="boiler", lang="ja") == ["r-ja"]
    assert ids(index, lang="ja") == ["k-ja", "r-ja"]
    assert ids(index, lang="ja", q="東京") == ["k-ja"]
    assert ids(index, lang="xx") == [] and ids(index, step="no.such") == []
    steps, reasons, langs = index.facets()
    assert steps == ["clean.lines", "dedup.exact", "lang.filter", "quality.gopher"]
    assert "duplicate" in reasons and langs == ["de", "en", "ja", "ko", "zh"]


def test_paging_runs_across_shards_in_order(index):
    everything = ids(index)
    assert len(everything) == 49 and everything[:2] == ["k-fox", "k-de"]
    assert everything[-3:] == ["r-fox", "r-dup", "r-ja"]
    pages = [ids(index, start=s, size=15) for s in range(0, 60, 15)]
    assert [len(p) for p in pages] == [15, 15, 15, 4]
    assert [i for page in pages for i in page] == everything  # none twice, none missed
    rows, matched = index.search(Filters(q="filler"), 30, 15)
    assert matched == 40 and [r["id"] for r in rows] == [f"k-{n:03d}" for n in range(30, 40)]
    assert index.search(Filters(), 1000, 15) == ([], 49)


def test_list_rows_carry_what_the_list_shows(index):
    rows, _ = index.search(Filters(q="夜景", status="removed"), 0, 10)
    (row,) = rows
    assert (row["kind"], row["shard"], row["row"]) == ("removed", "00000", 2)
    assert (row["step"], row["reason"], row["lang"], row["edits"]) == (
        "lang.filter",
        "low_score",
        "ja",
        1,
    )
    assert row["chars"] == len("大阪の夜景もきれいです。") and row["preview"].startswith("大阪")


def _parts(out: Path) -> dict[str, tuple[int, int]]:
    folder = out / "_state" / "inspect"
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.sqlite")}


def test_index_is_reused_and_rebuilt_only_where_a_shard_changed(tmp_path):
    out = sample_run(tmp_path / "out")
    first = Index(out)
    assert len(first.todo) == 3
    first.build()
    before = _parts(out)
    assert sorted(before) == ["kept-00000.sqlite", "kept-00001.sqlite", "removed-00000.sqlite"]

    again = Index(out)
    assert again.todo == [] and again.ready  # nothing to build: every part still valid
    again.build()
    assert _parts(out) == before

    write_run(out, {"kept/00001": [doc("k-new", "An okapi appeared in the garden.")]})
    changed = Index(out)
    assert [(p.kind, p.shard) for p in changed.todo] == [("kept", "00001")]
    changed.build()
    after = _parts(out)
    assert after["kept-00000.sqlite"] == before["kept-00000.sqlite"]
    assert after["kept-00001.sqlite"] != before["kept-00001.sqlite"]
    assert ids(changed, q="okapi") == ["k-new"] and ids(changed, q="filler") == [
        f"k-{n:03d}" for n in range(14)
    ]

    (out / "removed" / "00000.parquet").unlink()  # a shard gone: its part goes too
    gone = Index(out)
    gone.build()
    assert "removed-00000.sqlite" not in _parts(out) and ids(gone, status="removed") == []


def test_a_read_only_run_is_indexed_in_a_cache_folder(tmp_path, monkeypatch):
    out = sample_run(tmp_path / "out")
    (out / "_state").mkdir()
    (out / "_state" / "inspect").write_text("not a folder")  # cannot hold the index, even as root
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if os.geteuid() != 0:  # a real read-only tree where permissions bind
        for path in [*sorted(out.rglob("*"), reverse=True), out]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    files_before = sorted(p.relative_to(out) for p in out.rglob("*"))
    try:
        index = Index(out)
        index.build()
        assert ids(index, q="quick brown fox") == ["k-fox", "r-dup"]
        assert sorted(p.relative_to(out) for p in out.rglob("*")) == files_before
        cached = list((tmp_path / "cache" / "winnow" / "inspect").glob("*/*.sqlite"))
        assert len(cached) == 3
        assert Index(out).todo == []  # the cached parts are found again
    finally:
        for path in [out, *out.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_an_index_beside_a_run_is_used_even_when_it_cannot_be_written(tmp_path, monkeypatch):
    out = sample_run(tmp_path / "out")
    Index(out).build()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("winnow.report.query.writable", lambda folder: False)
    index = Index(out)  # nothing to build, so no writable folder is needed
    assert index.todo == [] and ids(index, q="okapi") == []
    assert not (tmp_path / "cache").exists()


def test_without_fts5_search_scans_the_shards(tmp_path, monkeypatch):
    monkeypatch.setattr("winnow.report.query.has_fts5", lambda: False)
    out = sample_run(tmp_path / "out")
    index = Index(out)
    index.build()
    assert not any(p.fts for p in index.parts)
    assert ids(index, q="Quick Brown") == ["k-fox", "r-dup"]  # a substring, any case
    assert ids(index, q="京タ", lang="ja") == ["k-ja"]


def test_shards_build_in_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr("winnow.report.query.POOL_BYTES", 0)
    out = sample_run(tmp_path / "out")
    index = Index(out)
    index.build(workers=2)
    assert index.ready and not any(p.error for p in index.parts)
    assert ids(index, q="夜景") == ["k-ja", "r-ja"]


def test_an_unreadable_shard_is_reported_and_the_rest_indexed(tmp_path):
    out = sample_run(tmp_path / "out")
    (out / "kept" / "00001.parquet").write_bytes(b"not parquet at all")
    inspector = Inspector(out)
    assert ids(inspector.index, q="fox") == ["k-fox", "r-fox", "r-dup"]
    page = inspector.list_page({})
    assert 'id="failed"' in page and "kept/00001" in page


def test_pages_say_how_much_is_indexed_while_indexing(tmp_path):
    out = sample_run(tmp_path / "out")
    inspector = Inspector(out, build=False)
    page = inspector.list_page({})
    assert "0 of 3 shards ready" in page and "0 matches" in page
    assert inspector.doc_page("kept", "00000", 0) is not None  # documents read from shards
    inspector.index.build()
    page = inspector.list_page({"start": "0"})
    assert 'id="indexing"' not in page and "49 matches" in page
