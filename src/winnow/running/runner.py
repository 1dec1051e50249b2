"""``winnow run``: plan the stages, run them on an engine, resume, and write the stats.

A rerun into the same OUT with the same configuration skips every task whose completion
marker exists, so a killed run resumes where it stopped, and a finished run is a no-op that
reads but writes nothing (it works on a read-only copy). A different configuration is
refused rather than mixed into the old output; a second run into an OUT being written is
refused by the lock (``winnow.running.lock``). What fails how: ``winnow.running.failures``.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from winnow.errors import ConfigError, OutputConflictError, ShardError
from winnow.io import storage
from winnow.io.base import ReadLimits
from winnow.io.sources import (
    PART_BYTES,
    SkippedInput,
    expand_inputs,
    make_shards,
    split_large_files,
)
from winnow.io.writers import write_atomic
from winnow.pipeline import Pipeline
from winnow.recipe import Recipe, load_recipe
from winnow.running.card import write_dataset_card
from winnow.running.engines.base import TaskFailure
from winnow.running.engines.local import LocalEngine
from winnow.running.failures import (
    environment_error,
    is_step_failure,
    one_line,
    task_environment_error,
)
from winnow.running.faults import fault
from winnow.running.layout import Layout
from winnow.running.object_lock import output_lock
from winnow.running.progress import Messages, StageDisplay, stage_label, summary
from winnow.running.tasks import RunContext, run_plan, run_stage_task, task_bytes
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
    # fsspec options of OUT's filesystem (``--storage-option``), in every worker too
    storage_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunResult:
    out: Path | str  # a local folder, or OUT's URL
    stats: dict[str, Any]
    failed: list[str]
    seconds: float


def output_location(out: str) -> str:
    """OUT as the storage functions take it: a URL (``s3://bucket/prefix``) as given, less
    a trailing slash; a local folder (or ``file://`` URL) as the user spelled it (the
    report shows it)."""
    if storage.is_remote(out):
        return out.rstrip("/")
    return out.removeprefix("file://") or "."


def _result_out(out: str) -> Path | str:
    return out if storage.is_remote(out) else Path(out)


def _json(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def run(options: RunOptions) -> RunResult:
    started = time.time()
    if options.engine not in ("local", "ray"):
        raise ConfigError(f"--engine must be local or ray, got {options.engine!r}")
    if options.format not in ("parquet", "jsonl"):
        raise ConfigError(f"--format must be parquet or jsonl, got {options.format!r}")
    recipe = options.recipe if isinstance(options.recipe, Recipe) else load_recipe(options.recipe)
    pipeline = Pipeline.from_recipe(recipe)  # validates every step before any work
    out = output_location(options.out)
    storage.configure(out, options.storage_options)  # before inputs on the same store are listed
    skipped: list[SkippedInput] = []
    files = split_large_files(expand_inputs(options.inputs, skipped), options.part_bytes)
    if not options.quiet:
        _report_skipped(skipped)
    shards = make_shards(files, options.files_per_shard)
    layout = Layout(out, options.format)
    config: dict[str, Any] = {
        "recipe": recipe.to_dict(),
        "inputs": [asdict(f) for f in files],
        "format": options.format,
        "files_per_shard": options.files_per_shard,
        "part_bytes": options.part_bytes,
        "max_record_bytes": options.max_record_bytes,
    }
    try:
        done = _finished(layout, pipeline, shards, config, skipped)
        if done is not None:  # a finished run's rerun: read only, no lock, no write
            if options.progress or (options.progress is None and sys.stderr.isatty()):
                print(f"winnow: nothing to do: {out} holds this run, finished", file=sys.stderr)
            return RunResult(_result_out(out), done, [], time.time() - started)
        _check_output(layout, config, options.overwrite)
        lock = output_lock(layout.state)
        lock.acquire()
        try:
            return _run_locked(options, recipe, pipeline, shards, layout, config, started, skipped)
        finally:
            lock.release()
    except OSError as err:
        problem = environment_error(err)
        if problem is None:
            raise
        raise problem from err


def _run_locked(
    options: RunOptions,
    recipe: Recipe,
    pipeline: Pipeline,
    shards: list[Any],
    layout: Layout,
    config: dict[str, Any],
    started: float,
    skipped: list[SkippedInput],
) -> RunResult:
    from winnow.version import __version__

    out = layout.out
    _claim_output(layout, config, options.overwrite)
    ctx = RunContext(
        out=out,
        storage_options=options.storage_options,
        recipe=config["recipe"],
        format=options.format,
        limits=ReadLimits(options.max_record_bytes),
        quiet=options.quiet,
    )
    show = options.progress if options.progress is not None else sys.stderr.isatty()
    engine: Any
    if options.engine == "ray":
        from winnow.running.engines.ray import RayEngine

        engine = RayEngine(options.workers, options.ray_address)
    else:
        engine = LocalEngine(options.workers)
    failed: list[str] = []
    stage_seconds = []
    messages = Messages(options.quiet)
    read = (0, 0)
    try:
        for stage in range(pipeline.stages):
            t0 = time.perf_counter()
            todo = [s for s in shards if not storage.exists(layout.marker(stage, s.name))]
            stage_failed, docs, nbytes = _run_stage(
                engine, ctx, layout, pipeline, stage, todo, shards, show, messages
            )
            failed += stage_failed
            if stage == 0:
                read = (docs, nbytes)
            if failed:
                break
            if stage < pipeline.stages - 1 and not storage.exists(layout.plan_marker(stage)):
                fault(f"before-plan:{stage}")
                run_plan(pipeline, layout, stage, shards, engine, ctx.recipe, ctx.storage_options)
            stage_seconds.append(round(time.perf_counter() - t0, 3))
    finally:
        engine.close()
        messages.close()
    if failed:
        broken = all("a bug in the step rather than bad records" in line for line in failed)
        raise ShardError(
            f"{len(failed)} task(s) failed"
            + (
                " because a step is broken; fix it, then rerun the same command"
                if broken
                else "; rerun the same command to retry them"
            )
            + " (finished shards are kept):\n"
            + "\n".join(failed)
        )
    fault("before-stats")
    stats, step_seconds = _merged_stats(layout, pipeline, shards)
    stats_dict = _with_skipped(stats.to_dict(pipeline.step_names), skipped)
    write_atomic(layout.path("stats.json"), _json(stats_dict), if_changed=True)
    elapsed = time.time() - started
    plans = [
        orjson.loads(storage.read_bytes(layout.plan_marker(k))) for k in range(pipeline.stages - 1)
    ]
    write_atomic(
        layout.path("run.json"),
        _json(
            {
                "winnow_version": __version__,
                "engine": options.engine,
                "workers": engine.workers,
                "recipe": recipe.name,
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                "seconds": round(elapsed, 3),
                "stage_seconds": stage_seconds,
                # seconds inside each step, summed over every task (and every attempt)
                "step_seconds": {
                    n: round(step_seconds[n], 3) for n in pipeline.step_names if n in step_seconds
                },
                "plan_seconds": {p["step"]: round(p.get("seconds", 0.0), 3) for p in plans},
                "docs_per_s": round(stats.docs_in / elapsed, 1) if elapsed else None,
                "shards": len(shards),
            }
        ),
    )
    for stage in range(pipeline.stages - 1):
        storage.remove_tree(storage.join(layout.stage_dir(stage), "docs"))
    from winnow.report.html import write_report

    write_dataset_card(out, config["recipe"], stats_dict, options.format)
    write_report(out)
    if show:
        print(summary(read[0], read[1], elapsed), file=sys.stderr)
        _print_summary(stats_dict, elapsed)
        if failed_docs := stats_dict["documents"].get("failed"):
            by = ", ".join(
                f"{n:,} by {k}" for k, n in stats_dict["failed_records"]["by_step"].items()
            )
            print(
                f"winnow: {failed_docs:,} documents quarantined ({by}): see quarantine/",
                file=sys.stderr,
            )
    return RunResult(_result_out(out), stats_dict, failed, elapsed)


def _merged_stats(
    layout: Layout, pipeline: Pipeline, shards: list[Any]
) -> tuple[RunStats, defaultdict[str, float]]:
    """Every task's counters, from the markers, in shard and stage order; and the seconds
    spent in each step."""
    stats = RunStats()
    seconds: defaultdict[str, float] = defaultdict(float)
    for shard in shards:
        for stage in range(pipeline.stages):
            marker = orjson.loads(storage.read_bytes(layout.marker(stage, shard.name)))
            stats.merge(RunStats.from_dict(marker["stats"]))
            for name, spent in marker.get("step_seconds", {}).items():
                seconds[name] += spent
    return stats, seconds


def _finished(
    layout: Layout,
    pipeline: Pipeline,
    shards: list[Any],
    config: dict[str, Any],
    skipped: list[SkippedInput],
) -> dict[str, Any] | None:
    """The stats of the finished run OUT holds with this configuration, or None. Reads
    only, so that a rerun on a read-only copy of OUT is a no-op."""
    path = storage.join(layout.state, "config.json")
    if not storage.exists(path) or orjson.loads(storage.read_bytes(path)) != orjson.loads(
        _json(config)
    ):
        return None
    final = [layout.path(n) for n in ("stats.json", "run.json", "README.md", "report.html")]
    markers = [layout.plan_marker(k) for k in range(pipeline.stages - 1)] + [
        layout.marker(k, s.name) for k in range(pipeline.stages) for s in shards
    ]
    if not all(storage.exists(p) for p in final + markers):
        return None
    stats_dict = _merged_stats(layout, pipeline, shards)[0].to_dict(pipeline.step_names)
    stats_dict = _with_skipped(stats_dict, skipped)
    if storage.read_bytes(layout.path("stats.json")) != _json(stats_dict):
        return None
    return stats_dict


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


def _holds_only_lock(out: str) -> bool:
    """OUT holds nothing but a lock (of a run killed before it wrote its config)."""
    if storage.listdir(out) != ["_state"]:
        return False
    return all(n.startswith("lock") for n in storage.listdir(storage.join(out, "_state")))


def _check_output(layout: Layout, config: dict[str, Any], overwrite: bool) -> None:
    """Refuse an OUT that holds something else, before anything is written there."""
    path = storage.join(layout.state, "config.json")
    if storage.exists(path):
        previous = orjson.loads(storage.read_bytes(path))
        now = orjson.loads(_json(config))
        if previous != now and not overwrite:
            differs = sorted(k for k in config if previous.get(k) != now[k])
            raise OutputConflictError(
                f"{layout.out} holds a run with another configuration (differs in: "
                f"{', '.join(differs)}). Use a new output folder, or --overwrite to replace it."
            )
    elif storage.listdir(layout.out) and not overwrite and not _holds_only_lock(layout.out):
        raise OutputConflictError(
            f"{layout.out} exists, is not empty and holds no winnow run; "
            "choose an empty or new folder (or --overwrite)."
        )


def _claim_output(layout: Layout, config: dict[str, Any], overwrite: bool) -> None:
    """With the lock held: resume the same run, or replace another (``overwrite``)."""
    _check_output(layout, config, overwrite)
    path = storage.join(layout.state, "config.json")
    if storage.exists(path):
        if orjson.loads(storage.read_bytes(path)) == orjson.loads(_json(config)):
            return  # same run: resume
        for sub in ("kept", "removed", "quarantine"):
            storage.remove_tree(layout.path(sub))
        for entry in storage.listdir(layout.state):  # all but the lock this run holds
            if not entry.startswith("lock"):
                where = storage.join(layout.state, entry)
                if storage.is_dir(where):
                    storage.remove_tree(where)
                else:
                    storage.remove(where)
    write_atomic(path, _json(config))


def _run_stage(
    engine: Any,
    ctx: RunContext,
    layout: Layout,
    pipeline: Pipeline,
    stage: int,
    todo: list[Any],
    shards: list[Any],
    show: bool,
    messages: Messages,
) -> tuple[list[str], int, int]:
    """Run one stage's tasks; return the failures and what this run's tasks read."""
    keys_of = pipeline.corpus_steps[stage].name if stage < len(pipeline.corpus_steps) else None
    label = stage_label([s.name for s in pipeline.segments[stage]], keys_of, stage, pipeline.stages)
    totals: list[int | None] = [None] * len(todo)
    done_bytes = 0
    if show:
        totals = [task_bytes(s, layout, stage, remote=False) for s in todo]
        pending = {s.name for s in todo}
        for s in shards:
            if s.name not in pending:
                done_bytes += orjson.loads(storage.read_bytes(layout.marker(stage, s.name))).get(
                    "bytes", 0
                )
    display = StageDisplay(label, totals, len(shards) - len(todo), len(shards), done_bytes, show)
    messages.display = display
    failed: list[str] = []
    index = {s.name: i for i, s in enumerate(todo)}
    progress = display.progress if show else None  # no channel at all when nobody looks
    results = engine.map(run_stage_task, [(ctx, stage, s) for s in todo], progress)
    try:
        for result in results:
            if isinstance(result, TaskFailure):
                shard = result.args[2]
                display.failed(index[shard.name])
                problem = task_environment_error(result)
                if problem is not None:
                    raise problem  # every further task would fail alike: stop now
                where = f"stage {stage} shard {shard.name} " + (
                    f"({', '.join(f.url for f in shard.files[:3])})"
                )
                failed.append(f"{where}: {one_line(result)}")
                if result.died or is_step_failure(result):
                    messages.say(f"winnow: task failed: {where}: {one_line(result)}")
                else:  # a bug: the whole traceback
                    messages.say(f"winnow: task failed: {where}:\n{result.error}")
            else:
                i = index[result["shard"]]
                display.finished(i, _docs_of(result), result.get("bytes", 0))
                messages.add(result.get("messages", []), result.get("message_count", 0))
            fault(f"after-task:{stage}")
    finally:
        results.close()  # leaving early stops the tasks still running
        docs, nbytes, _ = display.close()
        messages.display = None
    return failed, docs, nbytes


def _docs_of(result: dict[str, Any]) -> int:
    stats = result["stats"]
    first = stats["steps"][0] if stats["steps"] else None
    return stats["documents"]["in"] or (first["docs_in"] if first else 0)


SKIPPED_SHOWN = 20  # input paths named on the terminal; stats.json lists up to 1,000
SKIPPED_LISTED = 1000


def _report_skipped(skipped: list[SkippedInput]) -> None:
    for item in skipped[:SKIPPED_SHOWN]:
        print(f"winnow: skipped input {item.path}: {item.reason}", file=sys.stderr)
    if len(skipped) > SKIPPED_SHOWN:
        print(
            f"winnow: … and {len(skipped) - SKIPPED_SHOWN:,} more (stats.json: skipped_inputs)",
            file=sys.stderr,
        )


def _with_skipped(stats_dict: dict[str, Any], skipped: list[SkippedInput]) -> dict[str, Any]:
    """Every input path found but not read is in stats.json with its reason."""
    if skipped:
        stats_dict["skipped_inputs"] = {
            "count": len(skipped),
            "listed": [{"path": s.path, "reason": s.reason} for s in skipped[:SKIPPED_LISTED]],
        }
    return stats_dict
