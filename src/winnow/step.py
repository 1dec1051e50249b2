"""The Step protocol: small named objects that measure, edit or judge one document.

A step subclass declares ``name``, ``kind``, a ``Config`` dataclass (its parameters, their
defaults and their YAML shape) and ``Reason``, a ``StrEnum`` of the codes it may emit.
Per-document steps implement :meth:`Step.apply`; heavy resources (models) are loaded in
:meth:`Step.setup`, once per worker process.

Corpus-wide steps (:class:`CorpusStep`) cannot decide one document at a time. They run in
three phases with files between them, so every engine can run them over shards:

1. ``keys``: per shard, a small record per document (a hash, a signature);
2. ``plan``: once, over the keys of every shard, write a decision per shard;
3. ``decide``: per shard, apply that decision to each document.

The plan runs as rounds of tasks on the run's engine (``plan_rounds`` / ``plan_task``,
driven by ``winnow.running.plan``), so a plan partitioned by key keeps each task's memory
within its configuration, whatever the corpus. A step that only implements ``plan`` runs
it as the single task of a single round.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from winnow.document import Document


class StepKind(StrEnum):
    ANNOTATE = "annotate"  # writes signals, never changes text or verdict
    EDIT = "edit"  # changes text, records each removal in ``edits``
    FILTER = "filter"  # keeps or rejects with a reason code
    CORPUS = "corpus"  # decides across documents (deduplication)


class NoReason(StrEnum):
    """For steps that never remove anything."""


@dataclasses.dataclass
class EmptyConfig:
    """This step takes no parameters."""


@dataclasses.dataclass(frozen=True)
class PlottedSignal:
    """A signal the report draws as a histogram, with the step's threshold on it.

    ``name`` is the key in ``Document.signals`` (``lang_score``: the document's own field);
    ``threshold`` names the step's ``Config`` parameter that holds its bar ("" for none);
    ``side`` says which side of the bar a document must be on to stay ("min" or "max").
    """

    name: str
    label: str
    threshold: str = ""
    side: str = "min"


class Step:
    """Base of every step. Subclasses set the class attributes and implement ``apply``."""

    name: ClassVar[str]
    kind: ClassVar[StepKind]
    Config: ClassVar[type] = EmptyConfig
    Reason: ClassVar[type[StrEnum]] = NoReason
    # counts a step leaves in ``Document.signals`` that the run totals (stats.json "found",
    # the report): what a step left out without an edit, such as extraction's dropped blocks
    tallied_signals: ClassVar[tuple[str, ...]] = ()
    # signals the report plots, with the parameter that holds their threshold
    plotted_signals: ClassVar[tuple[PlottedSignal, ...]] = ()

    def __init__(self, config: Any = None) -> None:
        self.config = config if config is not None else self.Config()

    def setup(self) -> None:
        """Load what the step needs (models, word lists). Called once per worker."""

    def apply(self, doc: Document) -> None:
        """Measure, edit or judge ``doc`` in place. Only called on documents still kept."""
        raise NotImplementedError

    def reject(self, doc: Document, reason: StrEnum, detail: str) -> None:
        if reason not in self.Reason.__members__.values():
            raise ValueError(f"{self.name}: reason {reason!r} is not one of its codes")
        doc.reject(self.name, str(reason), detail)

    @classmethod
    def describe(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


class CorpusStep(Step):
    """A step that decides across the whole corpus; see the module docstring.

    ``ord`` is a document's position in its shard (kept or not), which both the key pass
    and the decide pass see identically, so the decisions can be streamed back.
    """

    kind = StepKind.CORPUS
    #: the columns ``key`` returns; the engine prepends ``ord`` (uint32)
    key_schema: ClassVar[Any] = None

    def key(self, doc: Document) -> tuple[Any, ...] | None:
        """What the plan needs to know of one kept document, or None to leave it out."""
        raise NotImplementedError

    def keys(self, docs: list[Document]) -> list[tuple[Any, ...] | None]:
        """``key`` for a batch of documents; steps with vectorised keys override this."""
        return [self.key(d) for d in docs]

    def plan(self, keys: ShardKeys) -> list[Any]:
        """From every shard's keys (in shard order), one decision table per shard.

        ``keys`` reads one shard's table at a time, so a plan can stay within bounded
        memory by streaming shards and spilling to ``keys.scratch``. A decision table has
        an ``ord`` column; its other columns reach ``decide``.
        """
        raise NotImplementedError

    def plan_rounds(self, ctx: PlanContext) -> Generator[list[Any], list[Any], None]:
        """The plan as rounds of tasks, driven by ``winnow.running.plan``.

        Each ``yield`` is one round: a list of task arguments (small and picklable: ints,
        strings, tuples). The driver runs ``plan_task(ctx, arg)`` for every one of them on
        the engine (in parallel, finishing in any order) and sends back their results in
        the order of the list. Code between rounds runs in the driver process: it must hold
        no more than a few bytes per document (or per duplicate found). Tasks share files
        under ``ctx.scratch``; by the end, every shard's decision table must be written
        (``ctx.write_decision``). Results must not depend on the number of partitions nor
        on which task finishes first.

        The default: one round of one task that runs :meth:`plan` over every shard.
        """
        yield [None]

    def plan_task(self, ctx: PlanContext, task: Any) -> Any:
        """Run one task of ``plan_rounds`` (in a worker, with a step rebuilt from its
        configuration); return something small (a count, a few numbers)."""
        tables = self.plan(ctx.shard_keys())
        if len(tables) != len(ctx.keys):
            raise ValueError(
                f"{self.name}: plan returned {len(tables)} decision tables for "
                f"{len(ctx.keys)} shards"
            )
        for shard, table in enumerate(tables):
            ctx.write_decision(shard, table)
        return None

    def decide(self, doc: Document, decision: dict[str, Any]) -> None:
        """Apply the decision row for ``doc`` (only called for documents that have one)."""
        raise NotImplementedError

    def tally(self, decision: dict[str, Any]) -> dict[str, int]:
        """Counts for ``stats.json`` besides removals and edits (e.g. clusters found)."""
        return {}

    def apply(self, doc: Document) -> None:  # pragma: no cover - corpus steps never run per doc
        raise TypeError(f"{self.name} is a corpus step; it runs through the engine's stages")


class ShardKeys:
    """Every shard's key table, read one shard (and a few columns) at a time.

    Plans for large corpora must not hold every key in memory: they stream the shards and
    put what they sort or look up later into files under ``scratch`` (a folder of the
    run's state, removed once the plan is written).
    """

    def __init__(self, sources: Sequence[Any], scratch: Path | str) -> None:
        self._sources = list(sources)  # a path to a Parquet key file, or a pyarrow Table
        self.scratch = scratch

    def __len__(self) -> int:
        return len(self._sources)

    def source(self, shard: int) -> Any:
        """The shard's key file (a path) or key table (a pyarrow Table)."""
        return self._sources[shard]

    def read(self, shard: int, columns: list[str] | None = None) -> Any:
        from winnow.io import storage

        source = self._sources[shard]
        if isinstance(source, Path | str):
            return storage.read_parquet(str(source), columns=columns)
        return source.select(columns) if columns is not None else source

    def num_rows(self, shard: int) -> int:
        from winnow.io import storage

        source = self._sources[shard]
        if isinstance(source, Path | str):
            return int(storage.parquet_file(str(source)).metadata.num_rows)
        return int(source.num_rows)

    def ids_of(self, rows: Any, column: str = "id") -> dict[int, str]:
        """Values of ``column`` for rows numbered across all shards in order, reading only
        the shards that hold them (a plan needs the ids of the documents it keeps)."""
        import numpy as np

        rows = np.asarray(rows, dtype=np.int64)
        ids: dict[int, str] = {}
        offset = 0
        for s in range(len(self)):
            size = self.num_rows(s)
            mine = rows[(rows >= offset) & (rows < offset + size)].tolist()
            if mine:
                values = self.read(s, [column])[column]
                for row in mine:
                    ids[row] = values[row - offset].as_py()
            offset += size
        return ids


@dataclasses.dataclass(frozen=True)
class PlanContext:
    """What every task of a plan sees: small and picklable, the same in every process.

    ``keys`` are the shards' key files (Parquet, ``ord`` then the step's ``key_schema``),
    ``rows`` their row counts; a document's *row* is its position across all of them in
    shard order, which is input order. ``decisions`` are where each shard's decision table
    goes; ``scratch`` a folder for the plan's own files, removed once the plan is done.
    """

    keys: tuple[str, ...]
    rows: tuple[int, ...]
    decisions: tuple[str, ...]
    scratch: str
    # fsspec options of OUT's store, for the workers (``winnow.io.storage.configure``)
    storage_options: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def shards(self) -> int:
        return len(self.keys)

    @property
    def total(self) -> int:
        return sum(self.rows)

    def offset(self, shard: int) -> int:
        """The row of the shard's first document."""
        return sum(self.rows[:shard])

    def shard_of(self, rows: Any) -> Any:
        """The shard holding each of ``rows`` (a numpy array of rows)."""
        import numpy as np

        bounds = np.cumsum(np.asarray(self.rows, dtype=np.int64))
        return np.searchsorted(bounds, rows, side="right")

    def shard_keys(self) -> ShardKeys:
        return ShardKeys(list(self.keys), self.scratch)

    def write_decision(self, shard: int, table: Any) -> None:
        """Write a shard's decision table, sorted by ``ord`` (so the next stage can merge
        it with the shard's documents while streaming), atomically."""
        import pyarrow.parquet as pq

        from winnow.io import storage

        if table.num_rows > 1:
            table = table.sort_by("ord")
        path = self.decisions[shard]
        tmp = storage.local_staging(path)
        try:
            pq.write_table(table, tmp)
        except BaseException:
            storage.drop_local(tmp)
            raise
        storage.commit_local(tmp, path)
