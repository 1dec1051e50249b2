"""``winnow run``: plan the stages, run them on an engine, resume, and write the stats.

A rerun into the same OUT with the same configuration skips every task whose completion
marker exists, so a killed run resumes where it stopped and a finished run is a no-op.
A different configuration is refused rather than mixed into the old output.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from winnow.errors import ConfigError, OutputConflictError, ShardError
from winnow.io.base import ReadLimits
from winnow.io.sources import PART_BYTES, expand_inputs, make_shards, split_large_files
from winnow.io.writers import write_atomic
from winnow.pipeline import Pipeline
from winnow.recipe import Recipe, load_recipe
from winnow.run.card import write_dataset_card
from winnow.run.engines.base import TaskFailure
from winnow.run.engines.local import LocalEngine
from winnow.run.layout import Layout
from winnow.run.tasks import RunContext, run_plan, run_stage_task
from winnow.stats import RunStats


@dataclass
class RunOptions:
    inputs: list[str]
    out: str
    recipe: str | Recipe = "web"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    format: str = "parquet"
    files_per_shard: int = 1000
    part_bytes: int = PART_BYTES  # a larger JSONL or Parquet file is cut into parts; 0: never
    max_record_bytes: int = ReadLimits().max_record_bytes
    overwrite: bool = False
    progress: bool | None = None  # None: only when stderr is a terminal
    quiet: bool = False
    engine: str = "local"  # "local" (processes on this machine) or "ray"
    ray_address: str | None = None  # None: start a local Ray; "auto" or ray://…: join one


@dataclass
class RunResult:
    out: Path
    stats: dict[str, Any]
    failed: list[str]
    seconds: float


def _json(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def run(options: RunOptions) -> RunResult:
    from winnow.version import __version__

    started = time.time()
    if options.engine not in ("local", "ray"):
        raise ConfigError(f"--engine must be local or ray, got {options.engine!r}")
    if options.format not in ("parquet", "jsonl"):
        raise ConfigError(f"--format must be parquet or jsonl, got {options.format!r}")
    recipe = options.recipe if isinstance(options.recipe, Recipe) else load_recipe(options.recipe)
    pipeline = Pipeline.from_recipe(recipe)  # validates every step before any work
    files = split_large_files(expand_inputs(options.inputs), options.part_bytes)
    shards = make_shards(files, options.files_per_shard)
    out = Path(options.out)
    layout = Layout(out, options.format)
    config: dict[str, Any] = {
        "recipe": recipe.to_dict(),
        "inputs": [asdict(f) for f in files],
        "format": options.format,
        "files_per_shard": options.files_per_shard,
        "part_bytes": options.part_bytes,
        "max_record_bytes": options.max_record_bytes,
    }
    _claim_output(layout, config, options.overwrite)
    ctx = RunContext(
        out=str(out),
        recipe=config["recipe"],
        format=options.format,
        limits=ReadLimits(options.max_record_bytes),
        quiet=options.quiet,
    )
    show = options.progress if options.progress is not None else sys.stderr.isatty()
    engine: Any
    if options.engine == "ray":
        from winnow.run.engines.ray import RayEngine

        engine = RayEngine(options.workers, options.ray_address)
    else:
        engine = LocalEngine(options.workers)
    failed: list[str] = []
    stage_seconds = []
    try:
        for stage in range(pipeline.stages):
            t0 = time.perf_counter()
            todo = [s for s in shards if not layout.marker(stage, s.name).exists()]
            label = _stage_label(pipeline, stage)
            failed += _run_stage(engine, ctx, stage, todo, len(shards), label, show)
            if failed:
                break
            if stage < pipeline.stages - 1 and not layout.plan_marker(stage).exists():
                run_plan(pipeline, layout, stage, shards)
            stage_seconds.append(round(time.perf_counter() - t0, 3))
    finally:
        engine.close()
    if failed:
        raise ShardError(
            f"{len(failed)} task(s) failed; rerun the same command to retry them "
            f"(finished shards are kept):\n" + "\n".join(failed)
        )
    stats = RunStats()
    for shard in shards:
        for stage in range(pipeline.stages):
            stats.merge(
                RunStats.from_dict(
                    orjson.loads(layout.marker(stage, shard.name).read_bytes())["stats"]
                )
            )
    stats_dict = stats.to_dict(pipeline.step_names)
    write_atomic(out / "stats.json", _json(stats_dict))
    elapsed = time.time() - started
    write_atomic(
        out / "run.json",
        _json(
            {
                "winnow_version": __version__,
                "engine": options.engine,
                "workers": engine.workers,
                "recipe": recipe.name,
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                "seconds": round(elapsed, 3),
                "stage_seconds": stage_seconds,
                "docs_per_s": round(stats.docs_in / elapsed, 1) if elapsed else None,
                "shards": len(shards),
            }
        ),
    )
    for stage in range(pipeline.stages - 1):
        shutil.rmtree(layout.state / f"stage{stage}" / "docs", ignore_errors=True)
    from winnow.report.html import write_report

    write_dataset_card(out, config["recipe"], stats_dict, options.format)
    write_report(out)
    if show:
        _print_summary(stats_dict, elapsed)
    return RunResult(out, stats_dict, failed, elapsed)


def _print_summary(stats: dict[str, Any], seconds: float) -> None:
    """The final table on the terminal: what each step did."""
    rows = [("step", "in", "kept", "removed", "lines cut", "top reason")]
    for s in stats["steps"]:
        reasons = {**s["removed_by_reason"], **s["edits_by_reason"]}
        top = max(reasons.items(), key=lambda kv: kv[1])[0] if reasons else ""
        rows.append(
            (
                s["step"],
                f"{s['docs_in']:,}",
                f"{s['kept']:,}",
                f"{s['removed']:,}",
                f"{sum(s['edits_by_reason'].values()):,}",
                top,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        cells = [
            r[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(r[1:5], widths[1:5], strict=True)),
            r[5],
        ]
        print("  ".join(cells), file=sys.stderr)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=sys.stderr)


def _claim_output(layout: Layout, config: dict[str, Any], overwrite: bool) -> None:
    path = layout.state / "config.json"
    if path.exists():
        previous = orjson.loads(path.read_bytes())
        if previous == orjson.loads(_json(config)):
            return  # same run: resume
        if not overwrite:
            differs = sorted(k for k in config if previous.get(k) != orjson.loads(_json(config))[k])
            raise OutputConflictError(
                f"{layout.out} holds a run with another configuration (differs in: "
                f"{', '.join(differs)}). Use a new output folder, or --overwrite to replace it."
            )
        for sub in ("kept", "removed", "quarantine", "_state"):
            shutil.rmtree(layout.out / sub, ignore_errors=True)
    elif layout.out.exists() and any(layout.out.iterdir()) and not overwrite:
        raise OutputConflictError(
            f"{layout.out} exists, is not empty and holds no winnow run; "
            "choose an empty or new folder (or --overwrite)."
        )
    write_atomic(path, _json(config))


def _stage_label(pipeline: Pipeline, stage: int) -> str:
    names = [s.name for s in pipeline.segments[stage]]
    if stage < len(pipeline.corpus_steps):
        names.append(pipeline.corpus_steps[stage].name + " (keys)")
    return f"stage {stage + 1}/{pipeline.stages}: " + (", ".join(names) or "write")


def _run_stage(
    engine: Any, ctx: RunContext, stage: int, todo: list[Any], total: int, label: str, show: bool
) -> list[str]:
    failed = []
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(
            total=total,
            initial=total - len(todo),
            desc=label,
            unit="shard",
            file=sys.stderr,
            dynamic_ncols=True,
        )
    docs = 0
    read = 0
    t0 = time.perf_counter()
    for result in engine.map(run_stage_task, [(ctx, stage, s) for s in todo]):
        if isinstance(result, TaskFailure):
            shard = result.args[2]
            failed.append(
                f"stage {stage} shard {shard.name} "
                f"({', '.join(f.url for f in shard.files[:3])}): "
                f"{result.error.strip().splitlines()[-1]}"
            )
            if not ctx.quiet:
                print(f"winnow: task failed:\n{result.error}", file=sys.stderr)
        else:
            docs += _docs_of(result)
            read += result.get("bytes", 0)
        if bar is not None:
            elapsed = max(time.perf_counter() - t0, 1e-9)
            bar.set_postfix_str(f"{docs / elapsed:,.0f} docs/s, {read / elapsed / 1e6:,.1f} MB/s")
            bar.update(1)
    if bar is not None:
        bar.close()
    return failed


def _docs_of(result: dict[str, Any]) -> int:
    stats = result["stats"]
    first = stats["steps"][0] if stats["steps"] else None
    return stats["documents"]["in"] or (first["docs_in"] if first else 0)
