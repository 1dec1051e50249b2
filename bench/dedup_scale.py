"""Deduplication at scale: time and memory of the dedup plans as the corpus grows.

    python bench/dedup_scale.py --docs 1000000 --files 20 --workers 2            # long, run
    python bench/dedup_scale.py --short --docs 400000 --files 8 --mode run      # issue 31
    python bench/dedup_scale.py --short --docs 10000000 --mode plan --plan-memory-mb 512,64

Two corpora. ``long`` (the default): WCXB ground-truth texts (≥ 400 words, cut to 520) with
a third of their words replaced from a shared vocabulary; every 50th document is a one-word
edit of the one before it; exact, MinHash and recurring-paragraph deduplication. ``short``
(``--short``): synthetic documents of 80–140 words drawn from a Zipf vocabulary of 30,000
made-up words; in every group of 50, document 1 is a one-word edit of document 0 (a
near-copy) and document 2 a copy of document 0 (an exact copy); exact and MinHash only, as
issue 31 measured. Corpora are written once under ``bench/work`` and reused.

``--mode run``: ``winnow run`` in a child process. ``--mode plan``: key files for exact and
MinHash deduplication of the short corpus, laid out as the stage writes them (one Parquet
file per shard of at most 400,000 documents, at least 8 shards; see ``make_keys`` for how
the keys are drawn), then the partitioned plans (``winnow.running.plan``) on a local engine in
a child process, once per ``--plan-memory-mb`` budget. Either way the peak is the
anonymous memory (RssAnon) of the whole process tree, summed over its processes, sampled
every 0.2 s (with the largest of the child itself, the driver, and of any one worker);
``cpu_s`` the CPU seconds of the tree (a measure of work that the load of a shared machine
does not change); disk the bytes under the run's output (``run``, each kind's own peak too:
stage docs, keys, decisions, plan scratch, output) or the plan's scratch folder (``plan``),
sampled every second. A run also records the phase it was in at each peak (from its
markers: which stage, or which plan) and a timeline every 5 s, which is where a profile
starts (then ``py-spy dump --pid`` of the process that peaks, in that phase).
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
# Rows per row group of a key file, as the stage writes them once the integration patch of
# the partitioned plans is in (tasks.KEY_ROW_GROUP); before it, one row group per shard.
KEY_ROW_GROUP = 16_384
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
    return [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9)))
        for _ in range(30_000)
    ]


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
    """Peak RssAnon summed over a process and all its descendants (every 0.2 s), the phase
    of the run at each peak (from its markers), and the peak bytes under a folder, split
    by kind of file (every second); a coarse timeline (every 5 s) for profiles."""

    def __init__(self, pid: int, folder: Path | None = None, run: bool = True) -> None:
        super().__init__(daemon=True)
        self.pid, self.folder, self.is_run = pid, folder, run
        self.peak_mb = 0.0
        self.peak_processes = 0
        self.peak_root_mb = 0.0  # the child itself (winnow's driver)
        self.peak_other_mb = 0.0  # the largest of its descendants (a worker)
        self.peak_disk = 0
        self.peak_kinds: dict[str, int] = {}  # bytes by kind of file (see disk_kinds)
        self.phase = "start" if run else "plan"
        self.phase_at: dict[str, str] = {}  # the phase when each peak was reached
        self.timeline: list[tuple[float, float, float, float, int, str]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        tick, t0 = 0, time.perf_counter()
        while not self._halt.is_set():
            if self.folder is not None and tick % 5 == 0:
                kinds = (
                    disk_kinds(self.folder)
                    if self.is_run
                    else {"scratch": folder_bytes(self.folder)}
                )
                for kind, size in kinds.items():
                    self.peak_kinds[kind] = max(self.peak_kinds.get(kind, 0), size)
                self.peak_disk = max(self.peak_disk, sum(kinds.values()))
                if self.is_run:
                    self.phase = run_phase(self.folder)
            total, count, root, other = self.sample()
            if root > self.peak_root_mb:
                self.peak_root_mb, self.phase_at["driver"] = root, self.phase
            if other > self.peak_other_mb:
                self.peak_other_mb, self.phase_at["worker"] = other, self.phase
            if total > self.peak_mb:
                self.peak_mb, self.peak_processes = total, count
                self.phase_at["tree"] = self.phase
            if tick % 25 == 0:
                t = round(time.perf_counter() - t0, 1)
                point = (t, round(total), round(root), round(other), count, self.phase)
                self.timeline.append(point)
            tick += 1
            self._halt.wait(0.2)

    def sample(self) -> tuple[float, int, float, float]:
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
        total = root = other = 0.0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/status", "rb") as f:
                    for line in f:
                        if line.startswith(b"RssAnon:"):
                            mb = int(line.split()[1]) / 1024
                            total += mb
                            if pid == self.pid:
                                root = mb
                            else:
                                other = max(other, mb)
            except OSError:
                continue
        return total, len(tree), root, other

    def stop(self) -> None:
        self._halt.set()
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


def disk_kinds(folder: Path) -> dict[str, int]:
    """Bytes under a run's OUT by kind: each stage's (``stageK/…``) ``docs``, ``keys``,
    ``decisions`` and the plan's ``plan-scratch`` (partition files, signatures, ids);
    ``output`` (kept, removed, quarantine, reports); ``other`` state (markers, config)."""
    out: dict[str, int] = {}
    for root, _, names in os.walk(folder):
        parts = Path(root).relative_to(folder).parts
        if parts[:1] != ("_state",):
            kind = "output"
        elif (
            len(parts) >= 3
            and parts[1].startswith("stage")
            and parts[2]
            in (
                "docs",
                "keys",
                "decisions",
                "plan-scratch",
            )
        ):
            kind = f"{parts[1]}/{parts[2]}"
        else:
            kind = "other"
        for name in names:
            try:
                out[kind] = out.get(kind, 0) + os.stat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return out


def run_phase(folder: Path) -> str:
    """Where a run is, from its markers: ``stageK n marked`` while stage K runs (n of its
    shards done; also after its last shard, until its plan starts or the run ends),
    ``planK`` while the plan after stage K runs (its scratch folder exists)."""
    markers = folder / "_state" / "markers"
    try:
        names = set(os.listdir(markers))
    except OSError:
        return "start"
    stages = sorted(int(n[5:]) for n in names if n.startswith("stage") and n[5:].isdigit())
    phase = "stage0 0 marked"
    for k in stages:
        try:
            phase = f"stage{k} {len(os.listdir(markers / f'stage{k}'))} marked"
        except OSError:
            continue
        if (folder / "_state" / f"stage{k}" / "plan-scratch").exists():
            phase = f"plan{k}"
        if f"plan{k}.json" in names:
            phase = f"stage{k + 1} 0 marked"
    return phase


def measured(
    command: list[str], folder: Path | None, run: bool = True
) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a child; its wall time, and the peaks of its process tree (see TreeSampler)."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu0, t0 = cpu(), time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid, folder, run)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop()
    done = subprocess.CompletedProcess(command, proc.returncode, out, err)
    return done, {
        "wall_s": round(time.perf_counter() - t0, 1),
        # CPU seconds of the child and its (reaped) workers: on a shared machine, a measure
        # of work that the other users' load does not change
        "cpu_s": round(cpu() - cpu0, 1),
        "peak_anon_mb": round(sampler.peak_mb),
        "processes_at_peak": sampler.peak_processes,
        "peak_driver_mb": round(sampler.peak_root_mb),
        "peak_worker_mb": round(sampler.peak_other_mb),
        "peak_disk_mb": round(sampler.peak_disk / 2**20),
        # each kind's own peak (they peak at different times: the sum is an upper bound)
        "peak_disk_by_kind_mb": {k: round(v / 2**20) for k, v in sampler.peak_kinds.items()},
        "phase_at_peak": sampler.phase_at,
        "timeline": sampler.timeline,
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
    run_json = json.loads((out / "run.json").read_text())
    stage_seconds = run_json["stage_seconds"]
    # what stays under _state after a run (stage docs are removed): key and decision files
    kept_state = disk_kinds(out)
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
        "docs_per_cpu_s": round(args.docs / peaks["cpu_s"]),
        "stage_seconds": stage_seconds,
        "plan_seconds": run_json.get("plan_seconds"),
        "shards": run_json.get("shards"),
        # bytes per input document of what stays under _state (stage docs are removed)
        "final_state_bytes_per_doc": {
            k: round(v / args.docs, 1) for k, v in kept_state.items() if k != "output"
        },
        "removed": removed,
        "planted": {"near": args.docs // GROUP, "exact": args.docs // GROUP},
    }
    shutil.rmtree(out, ignore_errors=True)
    return result


def make_keys(folder: Path, docs: int, shards: int, seed: int = 11) -> None:
    """Key files of exact and MinHash deduplication for ``docs`` short documents, as the
    stage writes them (one Parquet table per shard: ``ord`` then the step's key columns).
    The keys are drawn, not computed (computing 10^7 signatures takes hours on 2 cores):
    64-bit text hashes, and signatures of 256 uniform 32-bit values, which is what the
    steps' keys look like to a plan; in every group of 50, document 2 repeats document 0's
    hash (an exact copy, which gets no MinHash key, as the exact step removed it first)
    and document 1 repeats 90% of its signature values (a near-copy, Jaccard ≈ 0.9)."""
    from concurrent.futures import ProcessPoolExecutor

    if (folder / "done").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as pool:
        list(
            pool.map(
                _shard_keys,
                [(folder, s, c, seed) for s, c in enumerate(_split(docs // CHUNK, shards))],
            )
        )
    (folder / "done").write_text(str(docs))


def _shard_keys(job: tuple[Path, int, list[int], int]) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder, shard, chunks, seed = job
    exact, minhash = [], []
    for c in chunks:
        rng = np.random.default_rng([seed, c])
        k = np.arange(c * CHUNK, (c + 1) * CHUNK)
        hashes = rng.integers(0, 2**64, CHUNK, dtype=np.uint64)
        hashes[k % GROUP == 2] = hashes[k % GROUP == 0]
        sigs = rng.integers(0, 2**32, (CHUNK, 256), dtype=np.uint32)
        near = np.flatnonzero(k % GROUP == 1)
        sigs[near] = np.where(rng.random((near.size, 256)) < 0.9, sigs[near - 1], sigs[near])
        ords = np.arange(CHUNK) + CHUNK * (c - chunks[0])
        ids = pa.array([f"s{i}" for i in k.tolist()])
        exact.append(pa.table({"ord": pa.array(ords, pa.uint32()), "hash": hashes, "id": ids}))
        kept = np.flatnonzero(k % GROUP != 2)
        signature = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(1024), kept.size, [None, pa.py_buffer(sigs[kept].tobytes())]
        )
        minhash.append(
            pa.table(
                {
                    "ord": pa.array(ords[kept], pa.uint32()),
                    "id": ids.take(pa.array(kept)),
                    "signature": signature,
                }
            )
        )
    for name, tables in (("exact", exact), ("minhash", minhash)):
        (folder / name).mkdir(exist_ok=True)
        pq.write_table(
            pa.concat_tables(tables),
            folder / name / f"{shard:05d}.parquet",
            row_group_size=KEY_ROW_GROUP,
        )


def plan_mode(args: argparse.Namespace, kind: str) -> dict:
    if kind != "short":
        sys.exit("--mode plan measures the short corpus (--short)")
    shards = max(8, -(-args.docs // 400_000))
    folder = HERE / "work" / f"keys-{args.docs}"
    t0 = time.perf_counter()
    make_keys(folder, args.docs, shards)
    print(f"keys ready in {time.perf_counter() - t0:.0f} s: {folder}", flush=True)
    result: dict = {"mode": "plan", "docs": args.docs, "shards": shards, "workers": args.workers}
    result["key_files_mb"] = round(folder_bytes(folder) / 2**20)
    for budget in args.plan_memory_mb.split(","):
        plans: dict = {}
        for step in ("exact", "minhash"):
            scratch = HERE / "work" / f"plan-scratch-{args.docs}"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            command = [sys.executable, __file__, "--plan-child", str(folder / step)]
            command += ["--step", step, "--workers", str(args.workers)]
            command += ["--scratch", str(scratch), "--plan-memory-mb", budget]
            done, peaks = measured(command, scratch, run=False)
            if done.returncode:
                sys.exit(f"plan failed:\n{done.stderr[-4000:]}")
            plans[step] = {**peaks, **json.loads(done.stdout.strip().splitlines()[-1])}
            shutil.rmtree(scratch, ignore_errors=True)
        seconds = sum(plans[s]["plan_s"] for s in ("exact", "minhash"))
        cpu = sum(plans[s]["cpu_s"] for s in ("exact", "minhash"))
        plans["plan_s"] = round(seconds, 1)
        plans["docs_per_s"] = round(args.docs / seconds)
        plans["docs_per_cpu_s"] = round(args.docs / cpu)
        plans["peak_anon_mb"] = max(plans[s]["peak_anon_mb"] for s in ("exact", "minhash"))
        plans["peak_disk_mb"] = max(plans[s]["peak_disk_mb"] for s in ("exact", "minhash"))
        result[f"plan_memory_mb={budget}"] = plans
        print(json.dumps({budget: plans}), flush=True)
    if not args.keep_keys:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def plan_child(args: argparse.Namespace) -> None:
    """One plan over the key files in ``args.plan_child``, on a local engine."""
    import pyarrow.parquet as pq

    from winnow.running.engines.local import LocalEngine
    from winnow.running.plan import StepSource, run_corpus_plan
    from winnow.steps.dedup.exact import ExactDedup
    from winnow.steps.dedup.minhash import MinHashDedup

    step_class = ExactDedup if args.step == "exact" else MinHashDedup
    step = step_class(step_class.Config(plan_memory_mb=int(args.plan_memory_mb)))
    keys = sorted(Path(args.plan_child).glob("*.parquet"))
    scratch = Path(args.scratch)
    decisions = [scratch / "decisions" / k.name for k in keys]
    engine = LocalEngine(args.workers)
    t0 = time.perf_counter()
    try:
        rounds = run_corpus_plan(
            step, StepSource.of_step(step), keys, decisions, scratch / "work", engine
        )
    finally:
        engine.close()
    seconds = time.perf_counter() - t0
    removed = sum(
        len(pq.read_table(d, columns=["duplicate_of"])["duplicate_of"].drop_null())
        for d in decisions
    )
    print(
        json.dumps(
            {
                "plan_s": round(seconds, 1),
                "rounds_s": [round(r["seconds"], 1) for r in rounds],
                "tasks": [r["tasks"] for r in rounds],
                "removed": removed,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--short", action="store_true", help="synthetic short documents")
    parser.add_argument("--mode", choices=("run", "plan"), default="run")
    parser.add_argument("--plan-memory-mb", default="512", help="(plan) budgets, e.g. 512,64")
    parser.add_argument("--keep-keys", action="store_true", help="(plan) keep the key files")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--plan-child", help=argparse.SUPPRESS)  # internal: one plan
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plan_child:
        plan_child(args)
        return
    kind = "short" if args.short else "long"
    if kind == "long" and not WCXB.is_dir():
        sys.exit(f"skipped: {WCXB} is not here (the shared evaluation data)")
    result = plan_mode(args, kind) if args.mode == "plan" else run_mode(args, kind)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
