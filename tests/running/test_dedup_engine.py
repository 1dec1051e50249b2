"""The dedup stages through the engine: worker counts, resume mid-stage, stats counts."""

import os
import random
import signal
import subprocess
import sys
import time

from test_engine import output_bytes

from conftest import FIXTURES, write_jsonl
from winnow.recipe import parse_recipe
from winnow.running.runner import RunOptions, run

RECIPE = parse_recipe(
    {
        "name": "dedup-test",
        "steps": ["dedup.exact", "dedup.minhash", {"dedup.paragraphs": {"max_docs": 3}}],
    }
)
FOOTER = "Laisser un commentaire"


def corpus(folder, files=4, per_file=6):
    """Near-copies of two articles spread over every shard, unrelated filler, and a footer
    line on every fourth document."""
    rng = random.Random(3)
    folder.mkdir(parents=True, exist_ok=True)
    articles = [(FIXTURES / n).read_text(encoding="utf-8") for n in ("seed-en.txt", "seed-de.txt")]
    for f in range(files):
        rows = []
        for i in range(per_file):
            k = f * per_file + i
            if k % 3 == 0:
                words = articles[k % 2].split(" ")
                words[rng.randrange(len(words))] = f"edit{k}"
                text = " ".join(words)
            else:
                text = " ".join(f"w{rng.randrange(10**6)}" for _ in range(120))
            if k % 4 == 0:
                text += "\n\n" + FOOTER
            rows.append({"id": f"d{k:03d}", "text": text, "url": f"https://s{k % 5}.example/{k}"})
        write_jsonl(folder / f"part-{f}.jsonl", rows)
    return folder


def test_dedup_stages_same_for_any_worker_count_and_counted(tmp_path):
    src = corpus(tmp_path / "in")
    one = run(RunOptions([str(src)], str(tmp_path / "w1"), recipe=RECIPE, workers=1, quiet=True))
    run(RunOptions([str(src)], str(tmp_path / "w2"), recipe=RECIPE, workers=2, quiet=True))
    assert output_bytes(tmp_path / "w1") == output_bytes(tmp_path / "w2")
    steps = {s["step"]: s for s in one.stats["steps"]}
    minhash = steps["dedup.minhash"]
    # 8 near-copies of two articles: two clusters, six removed
    assert minhash["found"] == {"clusters": 2, "documents_in_clusters": 8}
    assert minhash["removed_by_reason"] == {"near_duplicate": 6}
    recurring = steps["dedup.paragraphs"]
    assert (
        recurring["edits_by_reason"]["recurring"]
        == recurring["found"]["documents_with_recurring_lines"]
        > 0
    )


def test_resume_after_kill_mid_stage_with_half_written_plan_scratch(tmp_path):
    src = corpus(tmp_path / "in", files=40, per_file=8)
    recipe = tmp_path / "dedup.yaml"
    recipe.write_text("steps: [dedup.exact, dedup.minhash, {dedup.paragraphs: {max_docs: 3}}]\n")
    out, clean = tmp_path / "o", tmp_path / "clean"
    cmd = [
        sys.executable,
        "-m",
        "winnow.cli",
        "run",
        str(src),
        "-o",
        str(out),
        "--recipe",
        str(recipe),
        "--workers",
        "1",
        "-q",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True)
    markers = out / "_state" / "markers"
    deadline = time.time() + 120
    while time.time() < deadline and not list((markers / "stage2").glob("*.json")):
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "stats.json").exists(), "the run ended before it could be killed"
    # a plan killed while spilling leaves scratch files behind
    scratch = out / "_state" / "stage2" / "plan-scratch" / "paragraphs"
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "line0.bin").write_bytes(b"half a record")
    done = {p: p.stat().st_mtime_ns for p in markers.glob("stage[01]/*.json")}
    assert len(done) == 80
    run(RunOptions([str(src)], str(out), recipe=str(recipe), workers=2, quiet=True))
    run(RunOptions([str(src)], str(clean), recipe=str(recipe), workers=1, quiet=True))
    assert output_bytes(out) == output_bytes(clean)
    assert all(p.stat().st_mtime_ns == t for p, t in done.items()), "finished work was redone"
    assert not scratch.exists()
