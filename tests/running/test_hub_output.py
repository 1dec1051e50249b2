"""OUT loads straight into the HuggingFace ecosystem: FineWeb's column names, a dataset
card declaring the kept (default) and removed configs, stage files ignored."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from conftest import SAMPLE, article_text, write_jsonl
from winnow.running.runner import RunOptions, run

FINEWEB_COLUMNS = [
    "text",
    "id",
    "dump",
    "url",
    "date",
    "file_path",
    "language",
    "language_score",
    "token_count",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hub")
    crawl = root / "crawl" / "CC-MAIN-2024-10" / "segments"
    crawl.mkdir(parents=True)
    rows = [
        {
            "id": lang,
            "text": article_text(lang),
            "url": f"https://{lang}.example/a",
            "date": "2024-02-21T10:00:00Z",
        }
        for lang in ("en", "de", "ja")
    ]
    rows.append({"id": "dup", "text": article_text("en"), "url": "https://copy.example/"})
    write_jsonl(crawl / "part.jsonl", rows)
    result = run(
        RunOptions(
            [str(root / "crawl"), str(SAMPLE / "crawl.warc.gz")],
            str(root / "out"),
            workers=1,
            quiet=True,
        )
    )
    assert result.stats["documents"]["removed"] >= 1  # the exact copy at least
    return root / "out"


def kept_shard_of(out, name: str):
    """The kept shard whose documents came from an input file named ``name`` (shards are
    numbered in sorted path order, which depends on where the test runs)."""
    for path in sorted((out / "kept").glob("*.parquet")):
        table = pq.read_table(path)
        if any(p.endswith(name) for p in table.column("file_path").to_pylist()):
            return table
    raise AssertionError(f"no kept shard from {name}")


def test_kept_shards_open_with_fineweb_column_names(out) -> None:
    table = kept_shard_of(out, "part.jsonl")
    assert table.column_names[: len(FINEWEB_COLUMNS)] == FINEWEB_COLUMNS
    row = table.to_pylist()[0]
    assert row["dump"] == "CC-MAIN-2024-10"
    assert row["date"] == "2024-02-21T10:00:00Z"
    assert row["file_path"].endswith("CC-MAIN-2024-10/segments/part.jsonl")
    assert row["language"] in ("en", "de", "ja") and row["language_score"] > 0.5


def test_warc_documents_carry_the_warc_date(out) -> None:
    rows = kept_shard_of(out, "crawl.warc.gz").to_pylist()
    assert rows and all(r["date"] and r["date"].startswith("20") for r in rows)
    assert all(r["file_path"].endswith("crawl.warc.gz") for r in rows)


def test_load_dataset_reads_kept_by_default_and_removed_by_name(out, monkeypatch) -> None:
    datasets = pytest.importorskip("datasets", reason="pip install 'winnow[test]'")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(out.parent / "hf-cache"))
    kept = datasets.load_dataset(str(out), cache_dir=str(out.parent / "hf-cache"))["train"]
    removed = datasets.load_dataset(str(out), "removed", cache_dir=str(out.parent / "hf-cache"))[
        "train"
    ]
    total = sum(pq.read_metadata(p).num_rows for p in (out / "kept").glob("*.parquet"))
    assert kept.num_rows == total
    assert set(FINEWEB_COLUMNS) <= set(kept.column_names)
    assert "dup" in removed["id"] and "rejected_by" in removed.column_names
    assert (out / "_state").exists()  # stage files are there, and were not read as data


def test_the_card_summarises_the_run_for_people(out) -> None:
    card = (out / "README.md").read_text()
    front, body = card.split("---\n")[1], card.split("---\n", 2)[2]
    assert "config_name: kept\n  default: true" in front
    assert "path: removed/*.parquet" in front
    assert "documents in" in body and "| en |" in body and "Recipe `web`" in body
