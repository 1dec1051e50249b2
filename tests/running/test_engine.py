import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import SAMPLE, TEXTS, page, warc_response, write_jsonl
from winnow.errors import ConfigError, OutputConflictError
from winnow.io.rows import KEPT_SCHEMA, REMOVED_SCHEMA
from winnow.recipe import parse_recipe
from winnow.running.runner import RunOptions, run

# The engine's contracts do not depend on the recipe: a light one keeps these tests fast and
# independent of the cleaning and quality steps (tested on their own).
RECIPE = parse_recipe(
    {
        "name": "engine-test",
        "steps": [
            "html.extract",
            "lang.identify",
            {"lang.filter": {"min_score": 0.5}},
            "dedup.exact",
        ],
    }
)


def opts(inputs, out, **kw):
    kw.setdefault("quiet", True)
    kw.setdefault("recipe", RECIPE)
    return RunOptions(inputs, out, **kw)


def corpus(folder: Path, files: int = 6, per_file: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    langs = list(TEXTS)
    for f in range(files):
        rows = []
        for i in range(per_file):
            lang = langs[(f + i) % len(langs)]
            # every 4th document repeats one from file 0: duplicates cross shard borders
            text = TEXTS[lang] + f" Item {i % 4 if i % 4 == 0 else f * 100 + i}."
            rows.append({"id": f"f{f}-{i}", "text": text})
        write_jsonl(folder / f"part-{f:02d}.jsonl", rows)
    (folder / "pages").mkdir(exist_ok=True)
    (folder / "pages" / "a.html").write_text(page("A page", TEXTS["en"]))
    (folder / "crawl.warc.gz").write_bytes(
        warc_response(
            "https://w.example/", page("W", TEXTS["de"]), "00000000-0000-0000-0000-0000000000aa"
        )
    )
    return folder


def output_bytes(out: Path) -> dict[str, bytes]:
    files = {}
    for sub in ("kept", "removed", "quarantine"):
        for path in sorted((out / sub).glob("*")) if (out / sub).exists() else []:
            files[f"{sub}/{path.name}"] = path.read_bytes()
    files["stats.json"] = (out / "stats.json").read_bytes()
    return files


def test_output_is_identical_for_any_worker_count(tmp_path):
    src = corpus(tmp_path / "in")
    one = run(opts([str(src)], str(tmp_path / "w1"), workers=1))
    two = run(opts([str(src)], str(tmp_path / "w2"), workers=2))
    assert one.stats == two.stats
    assert output_bytes(tmp_path / "w1") == output_bytes(tmp_path / "w2")
    assert one.stats["documents"]["in"] == 6 * 12 + 2


def test_output_is_identical_for_any_batch_size(tmp_path, monkeypatch):
    """Steps run a batch of documents at a time; the batch size must not show in the output
    (the web recipe: extraction, line cleaning and filters on pages and texts)."""
    import winnow.pipeline as pipeline_module
    from winnow.recipe import load_recipe

    src = corpus(tmp_path / "in", files=2)
    outputs = []
    for size in (1, 5, 64):
        monkeypatch.setattr(pipeline_module, "BATCH_DOCS", size)
        out = tmp_path / f"b{size}"
        run(opts([str(src)], str(out), workers=1, recipe=load_recipe("web")))
        outputs.append(output_bytes(out))
    assert outputs[0] == outputs[1] == outputs[2]


def test_batches_are_bounded_by_documents_and_characters():
    from winnow.document import Document
    from winnow.pipeline import batches

    docs = [Document(id=str(i), text="x" * (10 if i != 3 else 1000)) for i in range(8)]
    sizes = [[d.id for d in b] for b in batches(docs, max_docs=3, max_chars=500)]
    # the 1,000-character document closes its batch at once; order is the input's
    assert sizes == [["0", "1", "2"], ["3"], ["4", "5", "6"], ["7"]]
    assert list(batches([], max_docs=3, max_chars=500)) == []


def order_key(doc_id: str) -> tuple[int, int]:
    f, i = doc_id[1:].split("-")
    return int(f), int(i)


def test_exact_duplicates_keep_the_first_in_input_order(tmp_path):
    src = corpus(tmp_path / "in")
    result = run(opts([str(src)], str(tmp_path / "o"), workers=2))
    removed = pq.read_table(tmp_path / "o" / "removed").to_pylist()
    dups = [r for r in removed if r["reason"] == "exact_duplicate"]
    assert dups, "planted duplicates must be found"
    kept_ids = {r["id"] for r in pq.read_table(tmp_path / "o" / "kept").to_pylist()}
    for r in dups:
        assert r["rejected_by"] == "dedup.exact"
        original = r["detail"].split("same normalised text as ")[1].split(" ")[0]
        assert original in kept_ids
        # the kept one comes first in sorted input order (file, then line)
        assert order_key(original) < order_key(r["id"])
    step = next(s for s in result.stats["steps"] if s["step"] == "dedup.exact")
    assert step["removed_by_reason"]["exact_duplicate"] == len(dups)


def test_output_schema_parquet_and_jsonl(tmp_path):
    src = corpus(tmp_path / "in", files=2)
    run(opts([str(src)], str(tmp_path / "p"), workers=1))
    kept = pq.read_table(next((tmp_path / "p" / "kept").glob("*.parquet")))
    assert kept.schema.equals(KEPT_SCHEMA)
    removed_files = sorted((tmp_path / "p" / "removed").glob("*.parquet"))
    removed = pq.read_table(removed_files[0])
    assert removed.schema.equals(REMOVED_SCHEMA)
    row = pq.read_table(tmp_path / "p" / "removed").to_pylist()[0]
    assert row["rejected_by"] and row["reason"] and row["detail"]
    assert json.loads(row["signals"]) is not None and row["text"]
    run(opts([str(src)], str(tmp_path / "j"), workers=1, format="jsonl"))
    lines = (tmp_path / "j" / "kept" / "00000.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    assert set(first) == set(KEPT_SCHEMA.names)
    assert isinstance(first["signals"], dict) and isinstance(first["edits"], list)


def test_stats_count_every_step_and_input(tmp_path):
    src = corpus(tmp_path / "in", files=2)
    (src / "broken.jsonl").write_text('{"text": "ok", "id": "fine"}\n{"text": oops}\n')
    result = run(opts([str(src)], str(tmp_path / "o"), workers=1))
    stats = json.loads((tmp_path / "o" / "stats.json").read_text())
    assert stats == json.loads(json.dumps(result.stats))
    assert [s["step"] for s in stats["steps"]] == [s.name for s in RECIPE.steps]
    for s in stats["steps"]:
        assert s["docs_in"] == s["kept"] + s["removed"]
    broken = next(v for k, v in stats["inputs"].items() if k.endswith("broken.jsonl"))
    assert broken == {"records": 2, "documents": 1, "unreadable": 1, "skipped": {}}
    (listed,) = stats["unreadable_records"]["listed"]
    assert listed["location"] == "line 2" and listed["file"].endswith("broken.jsonl")
    quarantined = (tmp_path / "o" / "quarantine").glob("*.jsonl")
    assert any("oops" in p.read_text() for p in quarantined)
    docs = stats["documents"]
    assert docs["in"] == docs["kept"] + docs["removed"]


def test_rerun_of_finished_run_does_nothing_and_changes_nothing(tmp_path):
    src = corpus(tmp_path / "in", files=3)
    out = tmp_path / "o"
    run(opts([str(src)], str(out), workers=1))
    before = output_bytes(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    run(opts([str(src)], str(out), workers=1))
    assert output_bytes(out) == before
    for p, mtime in mtimes.items():  # stats.json, run.json and the report included
        assert p.stat().st_mtime_ns == mtime, f"{p} was rewritten"
    assert {p for p in out.rglob("*") if p.is_file()} == set(mtimes)


def test_other_configuration_into_same_output_is_refused(tmp_path):
    src = corpus(tmp_path / "in", files=1)
    out = tmp_path / "o"
    run(opts([str(src)], str(out), workers=1))
    with pytest.raises(OutputConflictError, match="another configuration"):
        run(opts([str(src)], str(out), workers=1, format="jsonl"))
    run(opts([str(src)], str(out), workers=1, format="jsonl", overwrite=True))
    assert list((out / "kept").glob("*.jsonl"))
    assert not list((out / "kept").glob("*.parquet"))


def test_unknown_step_fails_before_any_work(tmp_path):
    src = corpus(tmp_path / "in", files=1)
    recipe = tmp_path / "r.yaml"
    recipe.write_text("steps: [html.extract, lang.identify, quality.gopherr]\n")
    with pytest.raises(ConfigError, match=r"quality\.gopherr"):
        run(opts([str(src)], str(tmp_path / "o"), recipe=str(recipe)))
    assert not (tmp_path / "o").exists()


def test_resume_after_a_killed_run(tmp_path):
    src = corpus(tmp_path / "in", files=40, per_file=30)
    out = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-m",
        "winnow.cli",
        "run",
        str(src),
        "-o",
        str(out),
        "--workers",
        "1",
        "-q",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True)
    markers = out / "_state" / "markers" / "stage0"
    deadline = time.time() + 60
    while time.time() < deadline and len(list(markers.glob("*.json"))) < 3:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = {p.name: p.stat().st_mtime_ns for p in markers.glob("*.json")}
    assert done_before, "the run should have finished some shards before the kill"
    assert not (out / "stats.json").exists() or len(done_before) == 42
    run(opts([str(src)], str(out), workers=2, recipe="web"))
    for name, mtime in done_before.items():
        assert (markers / name).stat().st_mtime_ns == mtime, f"shard {name} was redone"
    clean = tmp_path / "clean"
    run(opts([str(src)], str(clean), workers=1, recipe="web"))
    assert output_bytes(out) == output_bytes(clean)
    assert not list(out.rglob("*.tmp"))


def test_bundled_sample_runs_end_to_end(tmp_path):
    result = run(RunOptions([str(SAMPLE)], str(tmp_path / "demo"), workers=2, quiet=True))
    stats = result.stats
    assert stats["documents"]["in"] > 300
    by_step = {s["step"]: s for s in stats["steps"]}
    for name in ("html.extract", "lang.filter", "dedup.exact"):
        assert by_step[name]["removed"] > 0, f"the sample gives {name} nothing to do"
    langs = {r["language"] for r in pq.read_table(tmp_path / "demo" / "kept").to_pylist()}
    assert {"en", "fr", "de", "es", "it", "ja"} <= langs
    assert stats["unreadable_records"]["count"] == 1


def kept_ids(out: Path) -> list[str]:
    return [r["id"] for r in pq.read_table(out / "kept").to_pylist()]


def test_a_large_file_is_cut_into_parts_with_the_same_result(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    langs = list(TEXTS)
    # no ids in the records: ids come from line numbers, which parts must keep
    rows = [{"text": TEXTS[langs[i % len(langs)]] + f" Item {i % 50}."} for i in range(300)]
    rows[123] = {"txt": "no text field"}
    write_jsonl(src / "big.jsonl", rows)
    (src / "big.jsonl").write_bytes((src / "big.jsonl").read_bytes() + b"{broken\n")
    whole = run(opts([str(src)], str(tmp_path / "whole"), workers=1, part_bytes=0))
    cut = run(opts([str(src)], str(tmp_path / "cut"), workers=2, part_bytes=8_000))
    shards = sorted(p.name for p in (tmp_path / "cut" / "_state" / "markers" / "stage0").glob("*"))
    assert len(shards) >= 5  # one file, several tasks
    assert "<td>1 file<br>" in (tmp_path / "cut" / "report.html").read_text()
    assert whole.stats["documents"] == cut.stats["documents"]
    assert whole.stats["unreadable_records"]["count"] == 2
    assert whole.stats["unreadable_records"] == cut.stats["unreadable_records"]
    # duplicates across parts: the first in file order is kept, as without parts
    assert kept_ids(tmp_path / "whole") == kept_ids(tmp_path / "cut")
    assert "big.jsonl:1" in kept_ids(tmp_path / "cut")
    again = run(opts([str(src)], str(tmp_path / "cut2"), workers=1, part_bytes=8_000))
    assert again.stats == cut.stats
    assert output_bytes(tmp_path / "cut") == output_bytes(tmp_path / "cut2")


def test_a_large_warc_is_cut_at_records_with_the_same_result(tmp_path):
    src = tmp_path / "crawl.warc.gz"
    langs = list(TEXTS)
    records = [
        warc_response(
            f"https://a.example/{i}",
            page(f"P{i % 40}", TEXTS[langs[i % len(langs)]] + f" Item {i % 40}."),
            f"00000000-0000-0000-0000-{i:012d}",
        )
        for i in range(120)
    ]
    src.write_bytes(b"".join(records))
    whole = run(opts([str(src)], str(tmp_path / "whole"), workers=1, part_bytes=0))
    cut = run(opts([str(src)], str(tmp_path / "cut"), workers=2, part_bytes=16_000))
    shards = sorted(p.name for p in (tmp_path / "cut" / "_state" / "markers" / "stage0").glob("*"))
    assert len(shards) >= 5
    assert whole.stats["documents"] == cut.stats["documents"]
    assert whole.stats["documents"]["removed"] > 0  # repeats across parts found as without
    assert kept_ids(tmp_path / "whole") == kept_ids(tmp_path / "cut")


def assert_remote_parts_match_whole(
    tmp_path, url: str, data: bytes, part_bytes: int, documents: int
) -> None:
    """``data`` at ``url`` on fsspec's in-memory filesystem (S3 and GCS files allow the same
    ranged reads), run whole and cut into ``part_bytes`` parts: at least four parts, the
    same documents kept, in the same order, as the file read whole."""
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe(url, data)
    try:
        whole = run(opts([url], str(tmp_path / "whole"), workers=1, part_bytes=0))
        cut = run(opts([url], str(tmp_path / "cut"), workers=1, part_bytes=part_bytes))
    finally:
        fs.rm("memory://winnow-test", recursive=True)
    markers = tmp_path / "cut" / "_state" / "markers" / "stage0"
    assert len(list(markers.glob("*"))) >= 4
    assert whole.stats["documents"] == cut.stats["documents"]
    assert whole.stats["documents"]["in"] == documents
    assert kept_ids(tmp_path / "whole") == kept_ids(tmp_path / "cut")


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_large_remote_warc_is_cut_at_records_with_the_same_result(tmp_path, gzipped):
    """A WARC at an fsspec URL is cut by ranged reads around each cut point, and each part
    is read from its own first record: the same documents as the file read whole."""
    import gzip

    records = [
        warc_response(
            f"https://r.example/{i}",
            page(f"R{i % 30}", TEXTS["en"] + f" Item {i % 30}."),
            f"00000000-0000-0000-0000-{i:012d}",
        )
        for i in range(60)
    ]
    if not gzipped:
        records = [gzip.decompress(r) for r in records]
    url = f"memory://winnow-test/crawl.warc{'.gz' if gzipped else ''}"
    assert_remote_parts_match_whole(tmp_path, url, b"".join(records), 12_000, 60)


def test_a_large_remote_jsonl_is_cut_at_line_starts_with_the_same_result(tmp_path):
    """A JSONL file at an fsspec URL: one sequential read finds the line starts, each part
    is read from its own (a ranged read); ids and output are those of the whole file."""
    import orjson

    langs = list(TEXTS)
    # no ids in the records: ids come from line numbers, which parts must keep
    rows = [{"text": TEXTS[langs[i % len(langs)]] + f" Item {i % 25}."} for i in range(90)]
    data = b"".join(orjson.dumps(r) + b"\n" for r in rows)
    assert_remote_parts_match_whole(tmp_path, "memory://winnow-test/dump.jsonl", data, 3_000, 90)
