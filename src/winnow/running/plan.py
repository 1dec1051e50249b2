"""The plan between stages, as rounds of tasks on the run's engine.

A corpus step's ``plan_rounds`` yields rounds of small task arguments; each round runs
``plan_task`` on the engine (a local process pool or Ray), and its results come back to
the step in task order, so nothing depends on which task finishes first. Workers rebuild
the step from a :class:`StepSource` (its recipe and stage, or its name and parameters):
tasks carry paths and numbers, never documents nor keys, and share files under the plan's
scratch folder. The deduplication plans use this to partition their keys by hash range
(``winnow.steps.dedup.partition``); a step that only implements ``plan`` runs it as one
task.
"""

from __future__ import annotations

import dataclasses
import importlib
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from winnow.errors import ShardError
from winnow.io import storage
from winnow.step import CorpusStep, PlanContext, ShardKeys


class PlanError(ShardError):
    """A task of a plan failed; rerunning the command redoes the plan."""


@dataclasses.dataclass(frozen=True)
class StepSource:
    """How a worker rebuilds the corpus step: stage ``stage`` of ``recipe`` (a resolved
    recipe dict, built once per process by ``winnow.pipeline.pipeline_for``), or the step
    named ``name`` with ``params`` (its Config's fields), after importing ``module``."""

    name: str = ""
    params: bytes = b"{}"  # the Config's fields as JSON
    module: str = ""
    recipe: bytes = b""  # the recipe dict as JSON (hashable, small)
    stage: int = -1

    @classmethod
    def of_step(cls, step: CorpusStep) -> StepSource:
        params = orjson.dumps(
            dataclasses.asdict(step.config), option=orjson.OPT_SORT_KEYS, default=str
        )
        return cls(name=step.name, params=params, module=type(step).__module__)

    @classmethod
    def of_recipe(cls, recipe: dict[str, Any], stage: int) -> StepSource:
        return cls(recipe=orjson.dumps(recipe, option=orjson.OPT_SORT_KEYS), stage=stage)

    def build(self) -> CorpusStep:
        if self.recipe:
            from winnow.pipeline import pipeline_for

            return pipeline_for(orjson.loads(self.recipe)).corpus_steps[self.stage]
        from winnow.registry import get_step

        if self.module:
            importlib.import_module(self.module)  # registers a step defined outside winnow
        cls = get_step(self.name)
        step = cls(cls.Config(**orjson.loads(self.params)))
        step.setup()
        if not isinstance(step, CorpusStep):
            raise TypeError(f"{self.name} is not a corpus step")
        return step


# Steps by source, per process: a worker builds each once; the driver registers its own
# object, so tasks that an engine runs in-process use it as it is.
_STEPS: dict[StepSource, CorpusStep] = {}


def plan_task(source: StepSource, ctx: PlanContext, index: int, arg: Any) -> tuple[int, Any]:
    """The engine's task: one task of one round, with its index in the round."""
    storage.configure(ctx.scratch, ctx.storage_options)
    step = _STEPS.get(source)
    if step is None:
        step = _STEPS[source] = source.build()
    try:
        return index, step.plan_task(ctx, arg)
    finally:
        _release_freed_memory()


def _release_freed_memory() -> None:
    """Hand the memory a task freed back to the system (glibc keeps freed blocks of up to
    32 MB in its heaps, so a worker's resident memory would creep up task after task)."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        try:
            import ctypes

            _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


class SerialEngine:
    """Runs tasks one after the other in this process (``plan`` called directly)."""

    workers = 1

    def map(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        from winnow.running.engines.base import TaskFailure

        for a in args:
            try:
                yield fn(*a)
            except Exception:  # noqa: BLE001 - reported as the engines report it
                yield TaskFailure(a, traceback.format_exc())

    def close(self) -> None:
        pass


def key_rows(path: str) -> int:
    return int(storage.parquet_file(path).metadata.num_rows)


def run_corpus_plan(
    step: CorpusStep,
    source: StepSource,
    keys: Sequence[Path | str],
    decisions: Sequence[Path | str],
    scratch: Path | str,
    engine: Any,
    on_round: Callable[[dict[str, Any]], None] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run ``step``'s plan over the shards' key files; write each shard's decision table.

    Returns one summary per round (round, tasks, seconds), each also given to ``on_round``
    as the round ends. A failed task raises :class:`PlanError` once the round's other tasks
    are done; decision files already written are complete (written atomically), and a
    rerun redoes the whole plan.
    """
    storage.makedirs(str(scratch))
    for path in decisions:  # left by a plan that was killed: every one is written anew
        storage.remove(str(path))
    ctx = PlanContext(
        keys=tuple(str(p) for p in keys),
        rows=tuple(key_rows(str(p)) for p in keys),
        decisions=tuple(str(p) for p in decisions),
        scratch=str(scratch),
        storage_options=dict(storage_options or {}),
    )
    if len(ctx.decisions) != len(ctx.keys):
        raise ValueError("one decision path per key file")
    _STEPS[source] = step
    rounds = step.plan_rounds(ctx)
    summary: list[dict[str, Any]] = []
    try:
        results: list[Any] | None = None
        while True:
            try:
                tasks = rounds.send(results)  # type: ignore[arg-type]
            except StopIteration:
                break
            t0 = time.perf_counter()
            results = _run_round(engine, source, ctx, tasks, len(summary))
            summary.append(
                {"round": len(summary), "tasks": len(tasks), "seconds": time.perf_counter() - t0}
            )
            if on_round is not None:
                on_round(summary[-1])
    finally:
        rounds.close()
        _STEPS.pop(source, None)
        storage.forget_local_copies(ctx.scratch)  # this machine's; workers' go with /tmp
    missing = [p for p in ctx.decisions if not storage.exists(p)]
    if missing:
        raise PlanError(f"{step.name}: the plan wrote no decision table for {missing[0]}")
    return summary


def _run_round(
    engine: Any, source: StepSource, ctx: PlanContext, tasks: list[Any], number: int
) -> list[Any]:
    from winnow.running.engines.base import TaskFailure

    results: list[Any] = [None] * len(tasks)
    failures = []
    for outcome in engine.map(plan_task, [(source, ctx, i, a) for i, a in enumerate(tasks)]):
        if isinstance(outcome, TaskFailure):
            failures.append(outcome)
        else:
            index, value = outcome
            results[index] = value
    if failures:
        first = failures[0]
        raise PlanError(
            f"{len(failures)} of {len(tasks)} task(s) of plan round {number + 1} failed; "
            f"rerun the same command to redo the plan. First (task {first.args[3]!r}):\n"
            f"{first.error}"
        )
    return results


def plan_in_process(step: CorpusStep, keys: ShardKeys) -> list[Any]:
    """``step``'s rounds run here, one task at a time, over ``keys`` (paths or in-memory
    tables): what a partitioned step's ``plan`` does when called directly."""
    import pyarrow.parquet as pq

    scratch = storage.join(str(keys.scratch), f"plan-{step.name}")
    storage.makedirs(scratch)
    paths: list[str] = []
    for s in range(len(keys)):
        source = keys.source(s)
        if isinstance(source, Path | str):
            paths.append(str(source))
        else:
            paths.append(storage.join(scratch, f"keys-{s}.parquet"))
            tmp = storage.local_staging(paths[-1])
            pq.write_table(source, tmp)
            storage.commit_local(tmp, paths[-1])
    decisions = [storage.join(scratch, f"decisions-{s}.parquet") for s in range(len(keys))]
    run_corpus_plan(
        step,
        StepSource.of_step(step),
        paths,
        decisions,
        storage.join(scratch, "work"),
        SerialEngine(),
    )
    return [storage.read_parquet(p) for p in decisions]


class SortedDecisions:
    """A shard's decision table read a batch at a time: ``get(position)`` for positions in
    increasing order (as ``apply_decisions`` asks), so the next stage never holds the whole
    table. Tables are sorted by ``ord`` when written (``PlanContext.write_decision``)."""

    def __init__(self, path: Path | str, batch_rows: int = 4096) -> None:
        self._rows = self._read(path, batch_rows)
        self._next: dict[str, Any] | None = next(self._rows, None)
        self._last = -1

    @staticmethod
    def _read(path: Path | str, batch_rows: int) -> Iterator[dict[str, Any]]:
        for batch in storage.parquet_file(str(path)).iter_batches(batch_size=batch_rows):
            yield from batch.to_pylist()

    def get(self, position: int) -> dict[str, Any] | None:
        if position < self._last:
            raise ValueError("decisions are read in increasing positions only")
        self._last = position
        while self._next is not None and self._next["ord"] < position:
            previous = self._next["ord"]
            self._next = next(self._rows, None)
            if self._next is not None and self._next["ord"] <= previous:
                raise ValueError("a decision table not sorted by ord")
        if self._next is None or self._next["ord"] != position:
            return None
        row = dict(self._next)
        del row["ord"]
        return row
