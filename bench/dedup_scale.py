"""Deduplication at scale: time and memory of the dedup plans as the corpus grows.

    python bench/dedup_scale.py --docs 1000000 --files 20 --workers 2            # long, run
    python bench/dedup_scale.py --short --docs 400000 --files 8 --mode run      # issue 31
    python bench/dedup_scale.py --short --docs 10000000 --files 25 --mode plan  # the plans

Two corpora. ``long`` (the default): WCXB ground-truth texts (≥ 400 words, cut to 520) with
a third of their words replaced from a shared vocabulary; every 50th document is a one-word
edit of the one before it; exact, MinHash and recurring-paragraph deduplication. ``short``
(``--short``): synthetic documents of 80–140 words drawn from a Zipf vocabulary of 30,000
made-up words; in every group of 50, document 1 is a one-word edit of document 0 (a
near-copy) and document 2 a copy of document 0 (an exact copy); exact and MinHash only, as
issue 31 measured. Corpora are written once under ``bench/work`` and reused.

``--mode run``: ``winnow run`` in a child process. ``--mode plan``: the corpus steps'
key files are made the way the stage makes them (the steps' real ``keys`` over the
documents, one Parquet file per shard, MinHash only over documents the exact step keeps),
then the partitioned plans run (``winnow.run.plan``) on a local engine, in a child process.
Either way the peak is the anonymous memory (RssAnon) of the whole process tree, summed
over its processes, sampled every 0.2 s; disk is the bytes under the run's state (``run``)
or the plan's scratch folder (``plan``), sampled every second.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WCXB = HERE.parents[1] / "shared" / "data" / "wcxb"
RECIPES = {
    "long": """name: dedup-scale
steps:
  - dedup.exact: {}
  - dedup.minhash: {}
  - dedup.paragraphs: {max_docs: 100, max_docs_per_site: 10}
""",
    "short": "name: dedup-short\nsteps: [dedup.exact, dedup.minhash]\n",
}
GROUP = 50  # planted copies: one near-copy and one exact copy in every 50 documents
CHUNK = 10_000  # short documents are generated in chunks of this many (a multiple of GROUP)


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


def short_texts(chunk: int, seed: int = 7) -> list[tuple[str, str]]:
    """(id, text) of documents chunk·CHUNK … (chunk+1)·CHUNK - 1: the same on every call."""
    import numpy as np

    vocab = _vocabulary(seed)
    weights = 1 / (np.arange(len(vocab)) + 10.0)
    rng = np.random.default_rng([seed, chunk])
    sizes = rng.integers(80, 141, CHUNK)
    picks = np.searchsorted(np.cumsum(weights / weights.sum()), rng.random(int(sizes.sum())))
    words = list(map(vocab.__getitem__, np.minimum(picks, len(vocab) - 1).tolist()))
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    out: list[tuple[str, str]] = []
    for i in range(CHUNK):
        k = chunk * CHUNK + i
        if k % GROUP == 1:  # a one-word edit of the document before
            base = words[bounds[i - 1] : bounds[i]]
            base[int(rng.integers(len(base)))] = vocab[int(rng.integers(len(vocab)))]
            text = " ".join(base)
        elif k % GROUP == 2:  # an exact copy of the group's first document
            text = out[-2][1]
        else:
            text = " ".join(words[bounds[i] : bounds[i + 1]])
        out.append((f"s{k}", text))
    return out


@functools.cache
def _vocabulary(seed: int) -> list[str]:
    """30,000 made-up words of 3–9 letters (repeats are harmless)."""
    rng = random.Random(seed)
    return ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(30_000)]


def generate_short(folder: Path, docs: int, files: int) -> None:
    if (folder / "done").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    chunks = _split(docs // CHUNK, files)
    for f, mine in enumerate(chunks):
        with open(folder / f"part-{f:03d}.jsonl", "wb") as out:
            for c in mine:
                out.write(
                    b"".join(
                        json.dumps({"id": i, "text": t}).encode() + b"\n" for i, t in short_texts(c)
                    )
                )
    (folder / "done").write_text(str(docs))


def _split(chunks: int, files: int) -> list[list[int]]:
    """Chunk numbers per file, in order, as even as they go."""
    per, extra = divmod(chunks, files)
    out, start = [], 0
    for f in range(files):
        n = per + (f < extra)
        out.append(list(range(start, start + n)))
        start += n
    return out


class TreeSampler(threading.Thread):
    """Peak RssAnon summed over a process and all its descendants (every 0.2 s), and the
    peak bytes under a folder (every second)."""

    def __init__(self, pid: int, folder: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.pid, self.folder = pid, folder
        self.peak_mb = 0.0
        self.peak_processes = 0
        self.peak_disk = 0
        self._stop = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            total, count = self.sample()
            if total > self.peak_mb:
                self.peak_mb, self.peak_processes = total, count
            if self.folder is not None and tick % 5 == 0:
                self.peak_disk = max(self.peak_disk, folder_bytes(self.folder))
            tick += 1
            self._stop.wait(0.2)

    def sample(self) -> tuple[float, int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            parent = frontier.pop()
            children = [p for p, pp in parents.items() if pp == parent and p not in tree]
            tree.update(children)
            frontier += children
        total = 0.0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/status", "rb") as f:
                    for line in f:
                        if line.startswith(b"RssAnon:"):
                            total += int(line.split()[1]) / 1024
            except OSError:
                continue
        return total, len(tree)

    def stop(self) -> None:
        self._stop.set()
        self.join()


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def measured(command: list[str], folder: Path | None) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a child; its wall time, and the peaks of its process tree (see TreeSampler)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid, folder)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop()
    done = subprocess.CompletedProcess(command, proc.returncode, out, err)
    return done, {
        "wall_s": round(time.perf_counter() - t0, 1),
        "peak_anon_mb": round(sampler.peak_mb),
        "processes_at_peak": sampler.peak_processes,
        "peak_disk_mb": round(sampler.peak_disk / 2**20),
    }


def run_mode(args: argparse.Namespace, kind: str) -> dict:
    folder = HERE / "work" / f"{kind}-{args.docs}"
    t0 = time.perf_counter()
    if kind == "short":
        generate_short(folder, args.docs, args.files)
    else:
        generate(folder, args.docs, args.files)
    print(f"corpus ready in {time.perf_counter() - t0:.0f} s: {folder}", flush=True)
    out = HERE / "work" / f"{kind}-{args.docs}-out"
    shutil.rmtree(out, ignore_errors=True)
    recipe = HERE / "work" / f"dedup-{kind}.yaml"
    recipe.write_text(RECIPES[kind])
    command = [sys.executable, "-m", "winnow.cli", "run", str(folder), "--out", str(out)]
    command += ["--recipe", str(recipe), "--workers", str(args.workers)]
    command += ["--format", "jsonl", "--quiet"]
    out.mkdir(parents=True)
    done, peaks = measured(command, out)
    if done.returncode:
        sys.exit(f"winnow run failed:\n{done.stderr[-4000:]}")
    stats = json.loads((out / "stats.json").read_text())
    stage_seconds = json.loads((out / "run.json").read_text())["stage_seconds"]
    removed = {
        f"{s['step']}:{reason}": n
        for s in stats["steps"]
        for what in ("removed_by_reason", "edits_by_reason")
        for reason, n in s.get(what, {}).items()
    }
    result = {
        "mode": "run",
        "corpus": kind,
        "docs": args.docs,
        "files": args.files,
        "workers": args.workers,
        "input_mb": round(sum(p.stat().st_size for p in folder.glob("*.jsonl")) / 2**20),
        **peaks,
        "docs_per_s": round(args.docs / peaks["wall_s"]),
        "stage_seconds": stage_seconds,
        "removed": removed,
        "planted": {"near": args.docs // GROUP, "exact": args.docs // GROUP},
    }
    shutil.rmtree(out, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--short", action="store_true", help="synthetic short documents")
    parser.add_argument("--mode", choices=("run", "plan"), default="run")
    parser.add_argument("--plan-memory-mb", type=int, default=512)
    parser.add_argument("--keep-keys", action="store_true", help="(plan) keep the key files")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    kind = "short" if args.short else "long"
    if kind == "long" and not WCXB.is_dir():
        sys.exit(f"skipped: {WCXB} is not here (the shared evaluation data)")
    if args.mode == "plan":
        from dedup_scale_plan import plan_mode  # type: ignore[import-not-found]

        result = plan_mode(args, kind)
    else:
        result = run_mode(args, kind)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
