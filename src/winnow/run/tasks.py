"""The work of one shard in one stage: what every engine runs, in any process.

Stage k of shard s reads either the input files (k = 0) or the stage file left by stage
k-1 (applying corpus step k-1's decision on the way), runs segment k's per-document steps,
and writes either the next stage file plus corpus step k's keys, or the final ``kept/``
and ``removed/`` shards. Its counters go into a completion marker, written last: a marker
means the task's outputs are complete.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from winnow.document import Document
from winnow.io.base import BadRecord, ReadLimits, Skipped, stamp_provenance
from winnow.io.formats import read_file
from winnow.io.rows import KEPT_SCHEMA, REMOVED_SCHEMA, STAGE_SCHEMA, doc_to_row, row_to_doc
from winnow.io.sources import Shard
from winnow.io.writers import ShardWriter, read_rows, write_atomic
from winnow.pipeline import Pipeline, apply_decisions, run_segment
from winnow.recipe import parse_recipe
from winnow.run.layout import Layout
from winnow.stats import RunStats
from winnow.step import CorpusStep, ShardKeys


@dataclass(frozen=True)
class RunContext:
    """Everything a task needs, small and picklable."""

    out: str
    recipe: dict[str, Any]
    format: str = "parquet"
    limits: ReadLimits = field(default_factory=ReadLimits)
    quiet: bool = False

    @property
    def out_path(self) -> Path:
        return Path(self.out)


_PIPELINES: dict[bytes, Pipeline] = {}
KEY_BATCH = 256  # documents per call of a corpus step's ``keys``


def pipeline_for(recipe: dict[str, Any]) -> Pipeline:
    """Build and set up the pipeline once per process (models load once per worker)."""
    key = orjson.dumps(recipe, option=orjson.OPT_SORT_KEYS)
    if key not in _PIPELINES:
        pipeline = Pipeline.from_recipe(parse_recipe(recipe))
        pipeline.setup()
        _PIPELINES[key] = pipeline
    return _PIPELINES[key]


def read_shard_inputs(
    shard: Shard, limits: ReadLimits, stats: RunStats, quarantine: list[BadRecord], quiet: bool
) -> Iterator[Document]:
    for f in shard.files:
        counter = stats.source(f.url)
        for item in read_file(f, limits):
            counter.records += 1
            if isinstance(item, Document):
                counter.documents += 1
                stamp_provenance(item, f)
                yield item
            elif isinstance(item, Skipped):
                counter.skipped[item.kind] += 1
            else:
                counter.unreadable += 1
                quarantine.append(item)
                stats.bad_records.append(
                    {"file": item.file, "location": item.location, "error": item.error}
                )
                if not quiet:
                    print(f"winnow: skipped unreadable record: {item.message()}", file=sys.stderr)


def run_stage_task(ctx: RunContext, stage: int, shard: Shard) -> dict[str, Any]:
    """Run one stage of one shard; return (and persist) its counters."""
    pipeline = pipeline_for(ctx.recipe)
    layout = Layout(ctx.out_path, ctx.format)
    stats = RunStats()
    quarantine: list[BadRecord] = []
    if stage == 0:
        docs: Iterator[Document] = _counted_input(
            read_shard_inputs(shard, ctx.limits, stats, quarantine, ctx.quiet), stats
        )
    else:
        docs = _decided(pipeline.corpus_steps[stage - 1], layout, stage - 1, shard.name, stats)
    docs = run_segment(pipeline.segments[stage], docs, stats)
    if stage < pipeline.stages - 1:
        _write_stage(pipeline.corpus_steps[stage], layout, stage, shard.name, docs)
    else:
        _write_final(layout, ctx.format, shard.name, docs, stats)
    if quarantine:
        write_atomic(
            layout.quarantine(shard.name),
            b"".join(
                orjson.dumps(
                    {
                        "file": b.file,
                        "location": b.location,
                        "error": b.error,
                        "sample": b.sample.decode("utf-8", errors="replace"),
                    }
                )
                + b"\n"
                for b in quarantine
            ),
        )
    result = {
        "shard": shard.name,
        "stage": stage,
        "stats": stats.to_dict(),
        "bytes": _bytes_read(shard, layout, stage),
    }
    write_atomic(layout.marker(stage, shard.name), orjson.dumps(result))
    return result


def _bytes_read(shard: Shard, layout: Layout, stage: int) -> int:
    """Bytes this task read (for the progress bar's throughput)."""
    from fsspec.core import url_to_fs

    try:
        if stage == 0:
            total = 0
            for f in shard.files:
                fs, path = url_to_fs(f.url)
                total += int(fs.size(path) or 0)
            return total
        return layout.stage_docs(stage - 1, shard.name).stat().st_size
    except (OSError, ValueError):
        return 0


def _counted_input(docs: Iterator[Document], stats: RunStats) -> Iterator[Document]:
    for doc in docs:
        stats.docs_in += 1
        stats.chars_in += len(doc.text) if doc.html is None else len(doc.html)
        yield doc


def _decided(
    step: CorpusStep, layout: Layout, stage: int, shard: str, stats: RunStats
) -> Iterator[Document]:
    table = pq.read_table(layout.decisions(stage, shard))
    decisions = {row.pop("ord"): row for row in table.to_pylist()}
    docs = (row_to_doc(row) for row in read_rows(layout.stage_docs(stage, shard)))
    return apply_decisions(step, docs, decisions, stats)


def _write_stage(
    step: CorpusStep, layout: Layout, stage: int, shard: str, docs: Iterator[Document]
) -> None:
    writer = ShardWriter(layout.stage_docs(stage, shard), STAGE_SCHEMA)
    key_rows: list[tuple[int, tuple[Any, ...]]] = []
    pending: list[tuple[int, Document]] = []  # kept documents waiting for a key batch

    def flush() -> None:
        for (position, _), key in zip(pending, step.keys([d for _, d in pending]), strict=True):
            if key is not None:
                key_rows.append((position, key))
        pending.clear()

    try:
        for position, doc in enumerate(docs):
            if doc.rejection is None:
                pending.append((position, doc))
                if len(pending) >= KEY_BATCH:
                    flush()
            writer.write(doc_to_row(doc, STAGE_SCHEMA))
        flush()
    except BaseException:
        writer.abort()
        raise
    writer.close()
    schema = pa.schema([("ord", pa.uint32()), *step.key_schema])
    columns = [[position for position, _ in key_rows]] + [
        [key[i] for _, key in key_rows] for i in range(len(step.key_schema))
    ]
    keys_path = layout.keys(stage, shard)
    keys_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = keys_path.with_name(keys_path.name + ".tmp")
    pq.write_table(pa.table(columns, schema=schema), tmp)
    tmp.replace(keys_path)


def _write_final(
    layout: Layout, fmt: str, shard: str, docs: Iterator[Document], stats: RunStats
) -> None:
    kept = ShardWriter(layout.kept(shard), KEPT_SCHEMA, fmt)
    removed = ShardWriter(layout.removed(shard), REMOVED_SCHEMA, fmt)
    try:
        for doc in docs:
            if doc.rejection is None:
                stats.kept += 1
                stats.chars_out += len(doc.text)
                kept.write(doc_to_row(doc, KEPT_SCHEMA))
            else:
                stats.removed += 1
                removed.write(doc_to_row(doc, REMOVED_SCHEMA))
    except BaseException:
        kept.abort()
        removed.abort()
        raise
    kept.close()
    removed.close()


def run_plan(pipeline: Pipeline, layout: Layout, stage: int, shards: list[Shard]) -> None:
    """The global step between stages: decide across every shard's keys."""
    step = pipeline.corpus_steps[stage]
    scratch = layout.state / f"stage{stage}" / "plan-scratch"
    shutil.rmtree(scratch, ignore_errors=True)  # left by a plan that was killed
    decisions = step.plan(ShardKeys([layout.keys(stage, s.name) for s in shards], scratch))
    for shard, table in zip(shards, decisions, strict=True):
        path = layout.decisions(stage, shard.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(table, tmp)
        tmp.replace(path)
    shutil.rmtree(scratch, ignore_errors=True)
    write_atomic(layout.plan_marker(stage), orjson.dumps({"stage": stage, "step": step.name}))
