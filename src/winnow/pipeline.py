"""An ordered list of steps, split into stages at corpus-wide steps.

``[extract, langid, dedup.exact, pii]`` becomes two segments of per-document steps with
one corpus step between them: stage 0 runs ``extract, langid`` and writes the dedup keys;
the plan decides duplicates across all shards; stage 1 applies that decision and runs
``pii``. A recipe without corpus steps is a single stage.

A step raising on one document is, by default, the caller's to handle (``explain``, the
Python API: the exception goes up). ``winnow run`` passes ``on_error``: the document
leaves the stream (the run quarantines it) and the step's ``failed`` count goes up, so one
odd record cannot fail every rerun. The seconds spent in each step add up in
``stats.seconds`` (one clock read per batch and step, or per document for a corpus step's
decisions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Protocol

import orjson

from winnow.document import Document
from winnow.recipe import Recipe, parse_recipe
from winnow.stats import RunStats
from winnow.step import CorpusStep, Step


@dataclass
class Pipeline:
    recipe: Recipe
    segments: list[list[Step]]  # per-document steps of each stage
    corpus_steps: list[CorpusStep]  # corpus_steps[k] sits between segments k and k+1

    @classmethod
    def from_recipe(cls, recipe: Recipe) -> Pipeline:
        segments: list[list[Step]] = [[]]
        corpus: list[CorpusStep] = []
        for step in recipe.build():
            if isinstance(step, CorpusStep):
                corpus.append(step)
                segments.append([])
            else:
                segments[-1].append(step)
        return cls(recipe, segments, corpus)

    @property
    def stages(self) -> int:
        return len(self.segments)

    @property
    def step_names(self) -> list[str]:
        return [spec.name for spec in self.recipe.steps]

    def setup(self) -> None:
        for segment in self.segments:
            for step in segment:
                step.setup()
        for step in self.corpus_steps:
            step.setup()


class StepTracer(Protocol):
    """A hook around every step that the stage loop runs (``winnow explain`` records what
    each step did to one document with it). ``before`` returns what ``after`` compares with;
    ``skipped`` is told of a step not run on a document already removed."""

    def before(self, step: Step, doc: Document) -> Any: ...

    def after(self, step: Step, doc: Document, before: Any) -> None: ...

    def skipped(self, step: Step, doc: Document) -> None: ...


def run_step(step: Step, doc: Document, stats: RunStats) -> None:
    """Apply one per-document step to a kept document and count what it did."""
    counter = stats.step(step.name)
    counter.docs_in += 1
    chars_before = len(doc.text) if doc.html is None else len(doc.html)
    counter.chars_in += chars_before
    edits_before = len(doc.edits)
    step.apply(doc)
    for key in step.tallied_signals:
        if count := doc.signals.get(key):
            counter.found[key] += count
    count_outcome(step.name, doc, stats, chars_before, edits_before)


def count_outcome(
    name: str, doc: Document, stats: RunStats, chars_before: int, edits_before: int
) -> None:
    counter = stats.step(name)
    for edit in doc.edits[edits_before:]:
        counter.edits[edit.reason] += 1
    if doc.rejection is not None:
        counter.removed[doc.rejection.reason] += 1
        counter.chars_removed += max(chars_before, len(doc.text))
    else:
        counter.kept += 1
        counter.chars_removed += max(0, chars_before - len(doc.text))


# Per-document steps run over a small batch, one step after another, instead of one
# document through every step: each step's tables (the language-ID model, the block and
# line networks, compiled patterns) stay warm in the CPU caches. Same output, faster
# (the batch size was measured: research/HISTORY.md, session 14). The characters bound
# keeps a batch of huge records small: memory stays that of a few documents.
BATCH_DOCS = 64
BATCH_CHARS = 8_000_000


def batches(
    docs: Iterable[Document], max_docs: int = BATCH_DOCS, max_chars: int = BATCH_CHARS
) -> Iterator[list[Document]]:
    """Consecutive runs of documents, each at most ``max_docs`` long and closed once its
    text (or HTML) reaches ``max_chars``."""
    batch: list[Document] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text) if doc.html is None else len(doc.html)
        if len(batch) >= max_docs or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


# ``on_error(step, doc, error)``: a step raised on ``doc``; the document is dropped from the
# stream after the call (which may itself raise to stop the task)
OnError = Callable[[Step, Document, Exception], None]


class Decisions(Protocol):
    """A shard's decision rows by position: a dict, or ``winnow.running.plan.SortedDecisions``
    (asked in increasing positions, read while streaming)."""

    def get(self, position: int, /) -> dict[str, Any] | None: ...


def run_segment(
    steps: list[Step],
    docs: Iterable[Document],
    stats: RunStats,
    tracer: StepTracer | None = None,
    on_error: OnError | None = None,
) -> Iterator[Document]:
    """Stream documents through per-document steps, a batch at a time (``batches``), in
    their input order; removed ones pass through untouched. The one loop every run uses:
    ``winnow run``'s tasks, in-memory runs and ``winnow explain`` (with a ``tracer``)."""
    seconds = stats.seconds
    for batch in batches(docs, BATCH_DOCS, BATCH_CHARS):
        for step in steps:
            failed: list[Document] = []
            started = perf_counter()
            for doc in batch:
                if doc.rejection is not None:
                    if tracer is not None:
                        tracer.skipped(step, doc)
                    continue
                try:
                    if tracer is None:
                        run_step(step, doc, stats)
                    else:
                        before = tracer.before(step, doc)
                        run_step(step, doc, stats)
                        tracer.after(step, doc, before)
                except Exception as err:
                    if on_error is None:
                        raise
                    stats.step(step.name).failed += 1
                    failed.append(doc)
                    on_error(step, doc, err)
            seconds[step.name] += perf_counter() - started
            if failed:
                gone = {id(d) for d in failed}
                batch = [d for d in batch if id(d) not in gone]
        yield from batch


def apply_decisions(
    step: CorpusStep,
    docs: Iterable[Document],
    decisions: Decisions,
    stats: RunStats,
    tracer: StepTracer | None = None,
    on_error: OnError | None = None,
) -> Iterator[Document]:
    """A corpus step's plan applied to the documents of one shard, in their order (their
    position is the ``ord`` of the plan's decision rows)."""
    spent = 0.0
    try:
        for position, doc in enumerate(docs):
            if doc.rejection is not None:
                if tracer is not None:
                    tracer.skipped(step, doc)
                yield doc
                continue
            started = perf_counter()
            try:
                if tracer is None:
                    apply_decision(step, doc, decisions.get(position), stats)
                else:
                    before = tracer.before(step, doc)
                    apply_decision(step, doc, decisions.get(position), stats)
                    tracer.after(step, doc, before)
            except Exception as err:
                if on_error is None:
                    raise
                stats.step(step.name).failed += 1
                on_error(step, doc, err)
                continue
            finally:
                spent += perf_counter() - started
            yield doc
    finally:
        stats.seconds[step.name] += spent


def apply_decision(
    step: CorpusStep, doc: Document, decision: dict[str, Any] | None, stats: RunStats
) -> None:
    """Count a corpus step's verdict on one kept document (and apply it, if any)."""
    counter = stats.step(step.name)
    counter.docs_in += 1
    chars_before = len(doc.text)
    counter.chars_in += chars_before
    edits_before = len(doc.edits)
    if decision is not None:
        step.decide(doc, decision)
        counter.found.update(step.tally(decision))
    count_outcome(step.name, doc, stats, chars_before, edits_before)


def run_in_memory(
    pipeline: Pipeline,
    docs: list[Document],
    stats: RunStats | None = None,
    tracer: StepTracer | None = None,
) -> list[Document]:
    """Run every stage over a list of documents in this process (the Python API, explain,
    evaluations, tests). Corpus steps see the list as one shard. Documents are changed in
    place and returned."""
    stats = stats if stats is not None else RunStats()
    for stage, segment in enumerate(pipeline.segments):
        docs = list(run_segment(segment, docs, stats, tracer))
        if stage < len(pipeline.corpus_steps):
            step = pipeline.corpus_steps[stage]
            docs = list(apply_decisions(step, docs, plan_in_memory(step, docs), stats, tracer))
    return docs


def plan_in_memory(step: CorpusStep, docs: list[Document]) -> dict[int, dict[str, Any]]:
    """A corpus step's decisions for a list of documents taken as one shard, by position."""
    import tempfile
    from pathlib import Path

    import pyarrow as pa

    from winnow.step import ShardKeys

    live = [(i, d) for i, d in enumerate(docs) if d.rejection is None]
    rows = [
        (i, k)
        for (i, _), k in zip(live, step.keys([d for _, d in live]), strict=True)
        if k is not None
    ]
    schema = pa.schema([("ord", pa.uint32()), *step.key_schema])
    columns = [[i for i, _ in rows]] + [
        [k[c] for _, k in rows] for c in range(len(step.key_schema))
    ]
    with tempfile.TemporaryDirectory(prefix="winnow-plan-") as scratch:
        (decision,) = step.plan(ShardKeys([pa.table(columns, schema=schema)], Path(scratch)))
    return {row.pop("ord"): row for row in decision.to_pylist()}


# set-up pipelines by recipe, per process
_PIPELINES: dict[bytes, Pipeline] = {}


def pipeline_for(recipe: dict[str, Any]) -> Pipeline:
    """Build and set up the pipeline once per process (models load once per worker)."""
    key = orjson.dumps(recipe, option=orjson.OPT_SORT_KEYS)
    if key not in _PIPELINES:
        pipeline = Pipeline.from_recipe(parse_recipe(recipe))
        pipeline.setup()
        _PIPELINES[key] = pipeline
    return _PIPELINES[key]
