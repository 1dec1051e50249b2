"""What the benchmark scripts share: timing a child process, reading its JSON line,
medians of repeated runs, and one measured ``winnow run``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def timed(cmd: list[str]) -> tuple[str, float, float]:
    """Run a command; return its stderr, wall seconds and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read()
    if status != 0:
        sys.exit(f"{cmd[0:3]} failed:\n{err[-3000:]}")
    return err, time.perf_counter() - start, usage.ru_maxrss / 1024


def last_json(err: str) -> dict:
    """The last line of a child's stderr that is a JSON object (its result)."""
    return json.loads([x for x in err.strip().splitlines() if x.startswith("{")][-1])


def median_of(runs: list[dict]) -> dict:
    """The run with the median docs/s, plus every run's docs/s."""
    ordered = sorted(runs, key=lambda r: r["docs_per_s"])
    return {**ordered[len(ordered) // 2], "runs_docs_per_s": [r["docs_per_s"] for r in runs]}


def winnow_run(
    inputs: list[Path], out: Path, recipe: str, workers: int, extra: tuple[str, ...] = ()
) -> dict:
    """``winnow run`` into an empty OUT (a finished run there would only be resumed);
    throughput from its run.json, counts from its stats.json."""
    winnow = str(Path(sys.executable).parent / "winnow")
    shutil.rmtree(out, ignore_errors=True)
    _, wall, rss = timed(
        [
            winnow,
            "run",
            *map(str, inputs),
            "-o",
            str(out),
            "--recipe",
            recipe,
            "--workers",
            str(workers),
            "--overwrite",
            "-q",
            *extra,
        ]
    )
    seconds = json.loads((out / "run.json").read_text())["seconds"]
    documents = json.loads((out / "stats.json").read_text())["documents"]
    return {
        "documents": documents["in"],
        "seconds": round(seconds, 2),
        "docs_per_s": round(documents["in"] / seconds, 1),
        "docs_per_s_per_core": round(documents["in"] / seconds / workers, 1),
        "kept": documents["kept"],
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(rss),
        "workers": workers,
    }
