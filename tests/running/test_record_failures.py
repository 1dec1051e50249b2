"""One record that fails, anywhere in a task (a step, the writer), is quarantined with its
file, position, step and error, counted, and the rest of the run goes on: the run
finishes, and its rerun is a no-op instead of failing the same way forever. A step that
fails on many documents is a broken step, and its task fails. Bad input costs bounded
memory: quarantined records are streamed to disk, and stats.json lists the first few."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, write_jsonl
from winnow.errors import ShardError
from winnow.recipe import parse_recipe
from winnow.running.runner import RunOptions, run
from winnow.stats import MAX_BAD_RECORDS_LISTED

sys.path.insert(0, str(Path(__file__).parent))  # faulty_steps, for recipes' imports


def recipe(*steps: object) -> object:
    return parse_recipe({"name": "failures", "imports": ["faulty_steps"], "steps": list(steps)})


def quarantined(out: Path) -> list[dict]:
    lines = []
    for path in sorted((out / "quarantine").glob("*.jsonl")):
        lines += [json.loads(line) for line in path.read_text().splitlines()]
    return lines


def ids(out: Path, kind: str) -> list[str]:
    folder = out / kind
    if not folder.exists() or not list(folder.glob("*.parquet")):
        return []
    return [r["id"] for r in pq.read_table(folder).to_pylist()]


def rows(n: int, special: dict[int, str] | None = None, prefix: str = "d") -> list[dict]:
    special = special or {}
    return [
        {"id": f"{prefix}{i}", "text": special.get(i, f"{prefix} text number {i} " * 5)}
        for i in range(n)
    ]


def test_metadata_nested_too_deep_to_write_is_quarantined(tmp_path: Path) -> None:
    """orjson reads 300 levels but writes 254 at most: today's run failed, and every rerun."""
    src = tmp_path / "in"
    src.mkdir()
    deep = '{"id": "deep", "text": "deep one", "meta": ' + "[" * 300 + "]" * 300 + "}"
    good = [json.dumps(r) for r in rows(4)]
    (src / "a.jsonl").write_text("\n".join([good[0], good[1], deep, good[2], good[3]]) + "\n")
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / fmt
        opts = RunOptions(
            [str(src)], str(out), recipe=recipe("testing.boom"), format=fmt, quiet=True
        )
        result = run(opts)
        assert result.stats["documents"] == {"in": 5, "kept": 4, "removed": 0, "failed": 1}
        assert result.stats["failed_records"]["by_step"] == {"write": 1}
        (line,) = quarantined(out)
        assert line["step"] == "write" and line["id"] == "deep"
        assert line["location"] == "a.jsonl:3" and line["file"].endswith("a.jsonl")
        assert "Recursion limit" in line["error"] and line["sample"] == "deep one"
        again = run(opts)  # the rerun of a finished run: nothing to do
        assert again.stats == result.stats
    assert ids(tmp_path / "parquet", "kept") == ["d0", "d1", "d2", "d3"]


def test_a_step_raising_on_one_document_quarantines_it(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "a.jsonl", rows(30, {7: "this one goes BOOM"}))
    write_jsonl(src / "b.jsonl", rows(30, {3: "shared", 4: "shared"}, prefix="e"))
    # the step sits after the dedup: it runs in the second stage
    result = run(
        RunOptions(
            [str(src)],
            str(tmp_path / "out"),
            recipe=recipe("dedup.exact", "testing.boom"),
            workers=2,
            quiet=True,
        )
    )
    docs = result.stats["documents"]
    assert docs == {"in": 60, "kept": 58, "removed": 1, "failed": 1}
    boom = next(s for s in result.stats["steps"] if s["step"] == "testing.boom")
    assert boom["failed"] == 1 and boom["docs_in"] == boom["kept"] + boom["removed"] + 1
    (line,) = quarantined(tmp_path / "out")
    assert line["step"] == "testing.boom" and line["location"] == "a.jsonl:8"
    assert line["error"] == "ValueError: cannot handle BOOM"
    assert "faulty_steps.py" in line["raised_at"] and "in apply" in line["raised_at"]
    assert (tmp_path / "out" / "quarantine" / "00000.stage1.jsonl").exists()
    assert "d7" not in ids(tmp_path / "out", "kept") + ids(tmp_path / "out", "removed")
    run_json = json.loads((tmp_path / "out" / "run.json").read_text())
    assert set(run_json["step_seconds"]) == {"dedup.exact", "testing.boom"}
    assert set(run_json["plan_seconds"]) == {"dedup.exact"}
    assert "seconds" not in (tmp_path / "out" / "stats.json").read_text()


def test_a_step_raising_on_most_documents_fails_its_task(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "a.jsonl", [{"id": str(i), "text": f"BOOM {i}"} for i in range(80)])
    with pytest.raises(ShardError, match=r"step testing\.boom raised on 50 of the 50 documents"):
        run(RunOptions([str(src)], str(tmp_path / "out"), recipe=recipe("testing.boom")))


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_text_no_file_can_hold_is_quarantined_by_the_writer(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "a.jsonl", rows(12, {5: "SURROGATE here"}))
    result = run(
        RunOptions(
            [str(src)],
            str(tmp_path / "out"),
            recipe=recipe("testing.surrogate"),
            format=fmt,
            quiet=True,
        )
    )
    assert result.stats["documents"] == {"in": 12, "kept": 11, "removed": 0, "failed": 1}
    (line,) = quarantined(tmp_path / "out")
    assert line["step"] == "write" and line["location"] == "a.jsonl:6"
    assert line["sample"].startswith("SURROGATE here")  # the surrogate replaced: valid JSON


def test_a_row_dropped_from_a_stage_file_keeps_the_dedup_keys_aligned(tmp_path: Path) -> None:
    """The writer drops a row of the stage file between stages: the keys of the rows after
    it must move up with them, or the plan's decisions would hit the wrong documents."""
    src = tmp_path / "in"
    src.mkdir()
    special = {2: "SURROGATE in the url", 5: "same text", 9: "same text", 11: "other"}
    write_jsonl(src / "a.jsonl", rows(14, special))
    result = run(
        RunOptions(
            [str(src)],
            str(tmp_path / "out"),
            recipe=recipe({"testing.surrogate": {"field": "url"}}, "dedup.exact"),
            quiet=True,
        )
    )
    assert result.stats["documents"] == {"in": 14, "kept": 12, "removed": 1, "failed": 1}
    removed = pq.read_table(tmp_path / "out" / "removed").to_pylist()
    assert [(r["id"], r["reason"]) for r in removed] == [("d9", "exact_duplicate")]
    assert "d5" in ids(tmp_path / "out", "kept")


def test_a_million_bad_lines_cost_bounded_memory(tmp_path: Path) -> None:
    """Bad records go to quarantine/ as they come; stats.json lists the first
    MAX_BAD_RECORDS_LISTED and counts them all; the terminal shows 20 and a count. Peak
    memory grows by little from 20,000 to 200,000 bad lines."""
    peaks = []
    for lines in (20_000, 200_000):
        src = tmp_path / f"in{lines}"
        src.mkdir()
        (src / "bad.jsonl").write_bytes(b'{"id": "ok", "text": "fine"}\n' + b"{broken\n" * lines)
        code = (
            "import resource, sys; from winnow.running.runner import RunOptions, run; "
            "from winnow.recipe import parse_recipe; "
            "r = parse_recipe({'name': 'm', 'steps': ['clean.encoding']}); "
            f"r = run(RunOptions([{str(src)!r}], {str(tmp_path / f'o{lines}')!r}, "
            "recipe=r, workers=1)); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "r.stats['unreadable_records']['count'], len(r.stats['unreadable_records']['listed']))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        assert done.returncode == 0, done.stderr
        peak, count, listed = map(int, done.stdout.split())
        assert count == lines and listed == MAX_BAD_RECORDS_LISTED
        said = [line for line in done.stderr.splitlines() if "skipped unreadable" in line]
        assert len(said) == 20 and f"and {lines - 20:,} more" in done.stderr
        quarantine = tmp_path / f"o{lines}" / "quarantine" / "00000.jsonl"
        assert sum(1 for _ in quarantine.open()) == lines
        peaks.append(peak)
    assert peaks[1] - peaks[0] < 40_000, f"peak RSS grew by {peaks[1] - peaks[0]:,} KiB"
