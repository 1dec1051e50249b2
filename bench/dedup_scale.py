"""Deduplication at scale: generate N documents of ~500 words, run the dedup steps, report.

    python bench/dedup_scale.py --docs 1000000 --files 20 --workers 2

Documents are WCXB ground-truth texts (≥ 400 words, cut to 520) with a third of their
words replaced from a shared vocabulary, so unrelated documents stay far apart; every 50th
document is a one-word edit of the one before it (a planted near-copy). The corpus is
written once under ``bench/work/scale-N`` and reused. The run is ``winnow run`` in a child
process under ``/usr/bin/time -v`` (peak RSS of the largest process), with a recipe of
exact, MinHash and recurring-paragraph deduplication.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WCXB = HERE.parents[1] / "shared" / "data" / "wcxb"
RECIPE = """name: dedup-scale
steps:
  - dedup.exact: {}
  - dedup.minhash: {}
  - dedup.paragraphs: {max_docs: 100, max_docs_per_site: 10}
"""


def generate(folder: Path, docs: int, files: int, seed: int = 5) -> None:
    from winnow.evaluation.pages import iter_pages

    if (folder / "done").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    bases = [" ".join(t.split()[:520]) for _, _, t in iter_pages(WCXB) if len(t.split()) >= 400]
    vocab = sorted({w for b in bases[:200] for w in b.split()})
    rng = random.Random(seed)
    per = docs // files
    previous: list[str] = []
    for f in range(files):
        with open(folder / f"part-{f:03d}.jsonl", "w", encoding="utf-8") as out:
            for i in range(per):
                k = f * per + i
                words = bases[k % len(bases)].split()
                if k % 50 == 1:
                    words = previous[:]
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                else:
                    for _ in range(len(words) // 3):
                        words[rng.randrange(len(words))] = rng.choice(vocab)
                previous = words
                out.write(json.dumps({"id": f"b{k}", "text": " ".join(words)}) + "\n")
    (folder / "done").write_text(str(docs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not WCXB.is_dir():
        sys.exit(f"skipped: {WCXB} is not here (the shared evaluation data)")
    folder = HERE / "work" / f"scale-{args.docs}"
    t0 = time.perf_counter()
    generate(folder, args.docs, args.files)
    print(f"corpus ready in {time.perf_counter() - t0:.0f} s: {folder}", flush=True)
    out = HERE / "work" / f"scale-{args.docs}-out"
    shutil.rmtree(out, ignore_errors=True)
    recipe = HERE / "work" / "dedup-scale.yaml"
    recipe.write_text(RECIPE)
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "winnow.cli",
        "run",
        str(folder),
        "--out",
        str(out),
        "--recipe",
        str(recipe),
        "--workers",
        str(args.workers),
        "--format",
        "jsonl",
        "--quiet",
    ]
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode:
        sys.exit(f"winnow run failed:\n{done.stderr[-4000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    stats = json.loads((out / "stats.json").read_text())
    stage_seconds = json.loads((out / "run.json").read_text())["stage_seconds"]
    removed = {
        f"{s['step']}:{reason}": n
        for s in stats["steps"]
        for kind in ("removed_by_reason", "edits_by_reason")
        for reason, n in s.get(kind, {}).items()
    }
    result = {
        "docs": args.docs,
        "files": args.files,
        "workers": args.workers,
        "input_mb": round(sum(p.stat().st_size for p in folder.glob("*.jsonl")) / 2**20),
        "wall_s": round(wall, 1),
        "docs_per_s": round(args.docs / wall),
        "peak_rss_mb": round(rss_kb / 1024),
        "stage_seconds": stage_seconds,
        "removed": removed,
        "found": {s["step"]: s["found"] for s in stats["steps"] if "found" in s},
        "planted_copies": args.docs // 50,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
