"""The work of one shard in one stage: what every engine runs, in any process.

Stage k of shard s reads either the input files (k = 0) or the stage file left by stage
k-1 (applying corpus step k-1's decision on the way), runs segment k's per-document steps,
and writes either the next stage file plus corpus step k's keys, or the final ``kept/``
and ``removed/`` shards. Its counters go into a completion marker, written last: a marker
means the task's outputs are complete.

A record that fails anywhere in the task is quarantined and the task goes on: a record
that cannot be read (the readers report it), a document a step raises on (``apply``,
``keys`` or ``decide``), and a document that cannot be written (see ``ShardWriter``). Each
goes to ``quarantine/`` as it comes, with its file, position, step and error, and is
counted in ``stats.json``. A step that raises on many documents (at least
``STEP_ERROR_MIN``, and more than ``STEP_ERROR_SHARE`` of those it saw) is broken rather
than meeting odd records: the task fails with ``StepFailedError``, which a rerun does not
mend.
"""

from __future__ import annotations

import traceback
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from winnow.document import Document
from winnow.io import storage
from winnow.io.base import COMPRESSION_RATIO, BadRecord, ReadLimits, Skipped, stamp_provenance
from winnow.io.formats import read_file
from winnow.io.rows import KEPT_SCHEMA, REMOVED_SCHEMA, STAGE_SCHEMA, doc_to_row, row_to_doc
from winnow.io.sources import Shard
from winnow.io.writers import ROW_ERRORS, LineWriter, ShardWriter, read_rows, write_atomic
from winnow.pipeline import (
    BATCH_CHARS,
    Pipeline,
    apply_decisions,
    batches,
    pipeline_for,
    run_segment,
)
from winnow.running.failures import StepFailedError
from winnow.running.faults import fault
from winnow.running.layout import Layout
from winnow.running.progress import MAX_MESSAGES, InputPosition, Meter, file_span
from winnow.stats import RunStats
from winnow.step import CorpusStep, Step

STEP_ERROR_MIN = 50
STEP_ERROR_SHARE = 0.10
SAMPLE_CHARS = 2048
FAULT_AT_DOC = 10  # where the failure point "task:STAGE:SHARD" sits (tests)


@dataclass(frozen=True)
class RunContext:
    """Everything a task needs, small and picklable."""

    out: str
    recipe: dict[str, Any]
    format: str = "parquet"
    limits: ReadLimits = field(default_factory=ReadLimits)
    quiet: bool = False
    storage_options: dict[str, Any] = field(default_factory=dict)  # OUT's fsspec options


KEY_BATCH = 256  # documents per call of a corpus step's ``keys``
KEY_ROW_GROUP = 16_384  # key rows a stage task holds before writing them (one row group)


def _clean(text: str | None, limit: int | None = None) -> str:
    """``text`` (cut to ``limit``) as valid UTF-8: a lone surrogate cannot go to JSON."""
    text = (text or "")[:limit]
    return text if text.isascii() else text.encode("utf-8", "replace").decode("utf-8")


class Quarantine:
    """One task's quarantine file, streamed, and its first lines for the terminal."""

    def __init__(self, path: str, stats: RunStats) -> None:
        self.file = LineWriter(path)
        self.stats = stats
        self.messages: list[str] = []
        self.count = 0
        self.keyed: Counter[str] = Counter()  # documents a corpus step's ``keys`` saw

    def _say(self, line: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(line)

    def bad_record(self, item: BadRecord) -> None:
        self.file.write(
            {
                "file": item.file,
                "location": item.location,
                "error": item.error,
                "sample": item.sample.decode("utf-8", errors="replace"),
            }
        )
        self.stats.add_bad_record(
            {"file": item.file, "location": item.location, "error": item.error}
        )
        self._say(f"skipped unreadable record: {item.message()}")

    def failed(self, where: str, record: dict[str, Any], err: BaseException) -> None:
        """A document (its row's fields) that ``where`` (a step, or "write") raised on."""
        error = _clean(f"{type(err).__name__}: {err}", 500)
        frames = traceback.extract_tb(err.__traceback__)
        at = f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
        file, location = _clean(record.get("file_path")), _clean(record.get("source"))
        self.file.write(
            {
                "file": file,
                "location": location,
                "error": error,
                "step": where,
                "id": _clean(record.get("id")),
                "raised_at": at,
                "sample": _clean(record.get("text") or record.get("html"), SAMPLE_CHARS),
            }
        )
        self.stats.add_failure(
            where, {"file": file, "location": location, "step": where, "error": error}
        )
        what = "it could not be written" if where == "write" else f"step {where} raised"
        self._say(f"quarantined a document ({what}): {file} ({location}): {error}")

    def on_step_error(self, step: Step, doc: Document, err: Exception) -> None:
        fields = {
            "file_path": doc.file,
            "source": doc.source,
            "id": doc.id,
            "text": doc.text or doc.html,
        }
        self.failed(step.name, fields, err)
        counter = self.stats.step(step.name)
        seen = max(counter.docs_in, self.keyed[step.name])
        if counter.failed >= STEP_ERROR_MIN and counter.failed > STEP_ERROR_SHARE * seen:
            raise StepFailedError(
                f"step {step.name} raised on {counter.failed:,} of the {seen:,} "
                f"documents it saw (last: {type(err).__name__}: {err}): a bug in the step rather "
                "than bad records; fix it or take it out of the recipe (see quarantine/)"
            ) from err


def read_shard_inputs(
    shard: Shard,
    limits: ReadLimits,
    stats: RunStats,
    quarantine: Quarantine,
    position: InputPosition | None = None,
) -> Iterator[Document]:
    for n, f in enumerate(shard.files):
        counter = stats.source(f.url)
        if position is not None:
            position.start(n)
        for item in read_file(f, limits):
            counter.records += 1
            if isinstance(item, Document):
                counter.documents += 1
                stamp_provenance(item, f)
                if position is not None:
                    position.docs += 1
                yield item
            elif isinstance(item, Skipped):
                counter.skipped[item.kind] += 1
            else:
                counter.unreadable += 1
                quarantine.bad_record(item)


def input_bytes(shard: Shard, remote: bool = True) -> int | None:
    """Bytes a stage-0 task reads (None: unknown; remote files are only asked with
    ``remote``, as the driver must not send a request per file before it starts)."""
    total = 0
    for f in shard.files:
        span = file_span(f.url, f.part, f.format, COMPRESSION_RATIO)
        if span is None:
            if not remote:
                return None
            from fsspec.core import url_to_fs

            try:
                fs, path = url_to_fs(f.url)
                span = int(fs.size(path) or 0)
            except (OSError, ValueError):
                span = 0
        total += span
    return total


def task_bytes(shard: Shard, layout: Layout, stage: int, remote: bool = True) -> int | None:
    """Bytes the task of ``shard`` in ``stage`` reads: its inputs, or its stage file."""
    if stage == 0:
        return input_bytes(shard, remote)
    try:
        return storage.size(layout.stage_docs(stage - 1, shard.name))
    except OSError:
        return None


def run_stage_task(ctx: RunContext, stage: int, shard: Shard) -> dict[str, Any]:
    """Run one stage of one shard; return (and persist) its counters."""
    storage.configure(ctx.out, ctx.storage_options)
    pipeline = pipeline_for(ctx.recipe)
    layout = Layout(ctx.out, ctx.format)
    stats = RunStats()
    quarantine = Quarantine(layout.quarantine(shard.name, stage), stats)
    total = task_bytes(shard, layout, stage) or 0
    point = f"task:{stage}:{shard.name}"
    try:
        if stage == 0:
            position = InputPosition(shard.files, COMPRESSION_RATIO)
            meter = Meter(total, position)
            docs = read_shard_inputs(shard, ctx.limits, stats, quarantine, position)
        else:
            rows = pq.ParquetFile(
                storage.parquet_source(layout.stage_docs(stage - 1, shard.name))
            ).metadata.num_rows
            meter = Meter(total)
            meter.position = lambda: total * meter.docs // max(1, rows)
            step = pipeline.corpus_steps[stage - 1]
            docs = _decided(step, layout, stage - 1, shard.name, stats, quarantine)
        docs = _metered(docs, stats, meter, point, counted=stage == 0)
        docs = run_segment(pipeline.segments[stage], docs, stats, None, quarantine.on_step_error)
        if stage < pipeline.stages - 1:
            _write_stage(pipeline.corpus_steps[stage], layout, stage, shard.name, docs, quarantine)
        else:
            _write_final(layout, ctx.format, shard.name, docs, stats, quarantine)
        quarantine.file.close()
    except BaseException:
        quarantine.file.abort()
        raise
    meter.send()
    result = {
        "shard": shard.name,
        "stage": stage,
        "stats": stats.to_dict(),
        "bytes": total,
        "step_seconds": {name: round(s, 6) for name, s in sorted(stats.seconds.items())},
        "messages": quarantine.messages,
        "message_count": quarantine.count,
    }
    write_atomic(layout.marker(stage, shard.name), orjson.dumps(result))
    return result


def _metered(
    docs: Iterator[Document], stats: RunStats, meter: Meter, point: str, counted: bool
) -> Iterator[Document]:
    for doc in docs:
        chars = len(doc.text) if doc.html is None else len(doc.html)
        if counted:
            stats.docs_in += 1
            stats.chars_in += chars
        meter.add(chars)
        if meter.docs == FAULT_AT_DOC:
            fault(point)
        yield doc


def _decided(
    step: CorpusStep,
    layout: Layout,
    stage: int,
    shard: str,
    stats: RunStats,
    quarantine: Quarantine,
) -> Iterator[Document]:
    from winnow.running.plan import SortedDecisions

    # sorted by ord: merged with the shard's documents while both stream, a batch at a time
    decisions = SortedDecisions(layout.decisions(stage, shard))
    docs = (row_to_doc(row) for row in read_rows(layout.stage_docs(stage, shard)))
    return apply_decisions(step, docs, decisions, stats, None, quarantine.on_step_error)


def _keys(
    step: CorpusStep, docs: list[Document], stats: RunStats, quarantine: Quarantine
) -> list[Any]:
    """``step.keys(docs)``; if it raises, one document at a time, and those it raises on
    are quarantined (their key is ``False``: leave the document out)."""
    try:
        return step.keys(docs)
    except Exception:  # noqa: BLE001 - find the document(s) it fails on
        keys: list[Any] = []
        for doc in docs:
            try:
                keys.append(step.keys([doc])[0])
            except Exception as err:  # noqa: BLE001
                counter = stats.step(step.name)
                counter.docs_in += 1
                counter.failed += 1
                keys.append(False)
                quarantine.on_step_error(step, doc, err)
        return keys


def _write_stage(
    step: CorpusStep,
    layout: Layout,
    stage: int,
    shard: str,
    docs: Iterator[Document],
    quarantine: Quarantine,
) -> None:
    stats = quarantine.stats
    writer = ShardWriter(
        layout.stage_docs(stage, shard),
        STAGE_SCHEMA,
        on_bad_row=lambda row, err: quarantine.failed("write", row, err),
    )
    key_rows: list[tuple[int, tuple[Any, ...]]] = []
    schema = pa.schema([("ord", pa.uint32()), *step.key_schema])
    keys_path = layout.keys(stage, shard)
    tmp = storage.local_staging(keys_path)  # written here, published whole when done
    keys_out = pq.ParquetWriter(tmp, schema)

    def flush_keys() -> None:  # a row group at a time: memory is KEY_ROW_GROUP keys
        columns = [[position for position, _ in key_rows]] + [
            [key[i] for _, key in key_rows] for i in range(len(step.key_schema))
        ]
        keys_out.write_table(pa.table(columns, schema=schema))
        key_rows.clear()

    spent = 0.0
    try:
        for batch in batches(docs, KEY_BATCH, BATCH_CHARS):
            live = [d for d in batch if d.rejection is None]
            quarantine.keyed[step.name] += len(live)
            started = perf_counter()
            keyed = dict(zip(map(id, live), _keys(step, live, stats, quarantine), strict=True))
            spent += perf_counter() - started
            for doc in batch:
                key = keyed.get(id(doc))
                if key is False:
                    continue  # quarantined
                try:
                    row = doc_to_row(doc, STAGE_SCHEMA)
                except ROW_ERRORS as err:
                    quarantine.failed("write", row_of(doc), err)
                    continue
                if key is not None:
                    key_rows.append((writer.rows, key))
                writer.write(row)
            if len(key_rows) >= KEY_ROW_GROUP:
                flush_keys()
        writer.close()
        flush_keys()
        keys_out.close()
    except BaseException:
        writer.abort()
        keys_out.close()
        storage.remove(tmp)
        raise
    finally:
        stats.seconds[step.name] += spent
    if writer.dropped:  # rows the writer could not serialise: positions close up
        _renumber(Path(tmp), writer.dropped)
    storage.commit_local(tmp, keys_path)


def row_of(doc: Document) -> dict[str, Any]:
    """What a quarantine line needs of a document."""
    return {"file_path": doc.file, "source": doc.source, "id": doc.id, "text": doc.text}


def _renumber(path: Path, dropped: list[int]) -> None:
    """Rewrite a key file for the ``dropped`` rows gone from the stage file: their keys
    go, later positions close up (a row group at a time)."""
    import numpy as np

    gone = np.sort(np.asarray(dropped, dtype=np.int64))
    reader = pq.ParquetFile(path)
    out = path.with_name(path.name + ".renumbered")
    with pq.ParquetWriter(out, reader.schema_arrow) as writer:
        for group in range(reader.metadata.num_row_groups):
            table = reader.read_row_group(group)
            ords = table["ord"].to_numpy().astype(np.int64)
            before = np.searchsorted(gone, ords)
            hit = gone[np.minimum(before, gone.size - 1)] == ords
            table = table.filter(pa.array(~hit))
            ords = pa.array((ords - before)[~hit], pa.uint32())
            writer.write_table(table.set_column(0, "ord", ords))
    out.replace(path)


def _write_final(
    layout: Layout,
    fmt: str,
    shard: str,
    docs: Iterator[Document],
    stats: RunStats,
    quarantine: Quarantine,
) -> None:
    def dropped(kept: bool) -> Any:
        def undo(row: dict[str, Any], err: Exception) -> None:
            if kept:
                stats.kept -= 1
                stats.chars_out -= len(row.get("text") or "")
            else:
                stats.removed -= 1
            quarantine.failed("write", row, err)

        return undo

    kept = ShardWriter(layout.kept(shard), KEPT_SCHEMA, fmt, on_bad_row=dropped(True))
    removed = ShardWriter(layout.removed(shard), REMOVED_SCHEMA, fmt, on_bad_row=dropped(False))
    try:
        for doc in docs:
            schema = KEPT_SCHEMA if doc.rejection is None else REMOVED_SCHEMA
            try:
                row = doc_to_row(doc, schema)
            except ROW_ERRORS as err:
                quarantine.failed("write", row_of(doc), err)
                continue
            if doc.rejection is None:
                stats.kept += 1
                stats.chars_out += len(doc.text)
                kept.write(row)
            else:
                stats.removed += 1
                removed.write(row)
        kept.close()
        removed.close()
    except BaseException:
        kept.abort()
        removed.abort()
        raise


def run_plan(
    pipeline: Pipeline,
    layout: Layout,
    stage: int,
    shards: list[Shard],
    engine: Any,
    recipe: dict[str, Any],
    storage_options: dict[str, Any] | None = None,
) -> float:
    """The global step between stages: decide across every shard's keys, as rounds of
    tasks on the run's engine (``winnow.running.plan``: workers rebuild the step from the
    recipe; each shard's decision table is written as soon as it is decided). Returns the
    seconds the plan took (kept in its marker, for run.json)."""
    from winnow.running.plan import StepSource, run_corpus_plan

    step = pipeline.corpus_steps[stage]
    started = perf_counter()
    scratch_root = storage.join(layout.stage_dir(stage), "plan-scratch")
    storage.remove_tree(scratch_root)  # left by a plan that was killed
    # a nonce per plan: a worker's local copy of a scratch file (memory-mapped) is found by
    # the file's path, so a later plan must never have the same paths
    scratch = storage.join(scratch_root, uuid.uuid4().hex)

    def after_round(summary: dict[str, Any]) -> None:
        if summary["round"] == 0:
            fault(f"plan:{stage}")  # inside the plan: scratch half written, no marker

    run_corpus_plan(
        step,
        StepSource.of_recipe(recipe, stage),
        [layout.keys(stage, s.name) for s in shards],
        [layout.decisions(stage, s.name) for s in shards],
        scratch,
        engine,
        on_round=after_round,
        storage_options=storage_options,
    )
    storage.remove_tree(scratch_root)
    seconds = round(perf_counter() - started, 6)
    write_atomic(
        layout.plan_marker(stage),
        orjson.dumps({"stage": stage, "step": step.name, "seconds": seconds}),
    )
    return seconds
