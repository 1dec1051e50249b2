"""Read a finished run's output folder into what the report and the inspector show.

Everything streams over the output shards once and keeps bounded state, so a report on a
billion-document run fits in memory like one on a sample:

* examples: the first few of each removal reason, in shard order;
* distributions (signals, lengths, tokens): a reservoir sample of at most ``MAX_VALUES``
  values per series and kind, drawn with a fixed seed, so the same run gives the same
  report;
* per-language and per-source tables: exact counts until ``MAX_SOURCES`` distinct keys;
  past twice that, the keys with the fewest documents are dropped (their documents go to
  an "other" total and the table says it is approximate), as in frequent-items counting.
"""

from __future__ import annotations

import random
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from winnow.document import is_replacement
from winnow.io import storage
from winnow.step import PlottedSignal

EXAMPLES_PER_REASON = 3
MAX_VALUES = 200_000
MAX_SOURCES = 20_000
MAX_LANGUAGES = 1_000
KINDS = ("kept", "removed")
# the columns the report reads (Parquet reads only these; not metadata, source, dump, date)
READ_COLUMNS = [
    "text", "id", "url", "file_path", "language", "language_score", "token_count", "signals",
    "edits",
]  # fmt: skip
REMOVED_COLUMNS = ["rejected_by", "reason", "detail"]
# scheme://[user@]host[:port]: the host, faster than urlsplit on every row
_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)")


@dataclass
class Example:
    shard: str
    kind: str  # kept | removed
    row: int
    doc_id: str
    step: str
    reason: str
    detail: str
    text: str


class Sample:
    """At most ``cap`` values of a stream (reservoir sampling, fixed seed) and its count."""

    def __init__(self, cap: int = MAX_VALUES, seed: int = 0) -> None:
        self.cap, self.n = cap, 0
        self.values: array[float] = array("d")
        self._rng = random.Random(seed)

    def add(self, value: float) -> None:
        self.n += 1
        if len(self.values) < self.cap:
            self.values.append(value)
        else:
            slot = self._rng.randrange(self.n)
            if slot < self.cap:
                self.values[slot] = value

    def __len__(self) -> int:
        return self.n


@dataclass(slots=True)
class Tally:
    """What happened to the documents of one language, domain or source file."""

    docs: int = 0
    kept: int = 0
    removed: int = 0
    chars_kept: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # "step: reason" → documents

    @property
    def removed_share(self) -> float:
        return self.removed / self.docs if self.docs else 0.0


class BoundedTally:
    """Tallies per key with at most ``2 * cap`` keys held: when full, only the ``cap`` keys
    with the most documents stay (ties: by key, so it is deterministic). Keys dropped lose
    their counts to ``dropped_docs``; a key seen again after that starts from zero, so the
    table is exact only while ``approximate`` is false."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.rows: dict[str, Tally] = {}
        self.dropped_docs = 0
        self.dropped_keys = 0

    @property
    def approximate(self) -> bool:
        return self.dropped_keys > 0

    def get(self, key: str) -> Tally:
        row = self.rows.get(key)
        if row is None:
            if len(self.rows) >= 2 * self.cap:
                self._prune()
            row = self.rows[key] = Tally()
        return row

    def _prune(self) -> None:
        ranked = sorted(self.rows.items(), key=lambda kv: (-kv[1].docs, kv[0]))
        for _, row in ranked[self.cap :]:
            self.dropped_docs += row.docs
        self.dropped_keys += len(ranked) - self.cap
        self.rows = dict(ranked[: self.cap])


@dataclass
class RunView:
    out: Path | str  # a local folder, or OUT's URL
    stats: dict[str, Any]
    run: dict[str, Any]
    config: dict[str, Any]
    doc_examples: dict[tuple[str, str], list[Example]] = field(default_factory=dict)
    line_examples: dict[tuple[str, str], list[Example]] = field(default_factory=dict)
    # signal → kind → sampled values (only of documents that reached the measuring step)
    values: dict[str, dict[str, Sample]] = field(default_factory=dict)
    # characters per document: "kept" (as written), "removed" (when removed), "kept_before"
    # (kept documents before any line was cut: their text plus what edits took out)
    lengths: dict[str, Sample] = field(default_factory=dict)
    tokens: dict[str, Sample] = field(default_factory=dict)  # token_count, when counted
    empty_kept: int = 0  # kept documents with no text left
    languages: BoundedTally = field(default_factory=lambda: BoundedTally(MAX_LANGUAGES))
    sources: BoundedTally = field(default_factory=lambda: BoundedTally(MAX_SOURCES))
    # what the recipe's steps declare they plot: signal → (step name, its declaration)
    signals: dict[str, tuple[str, PlottedSignal]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, kind in enumerate(("kept", "removed", "kept_before")):
            self.lengths[kind] = Sample(seed=101 + i)
        for i, kind in enumerate(KINDS):
            self.tokens[kind] = Sample(seed=201 + i)
        for j, name in enumerate(self.signals):
            self.values[name] = {
                kind: Sample(seed=1000 + 2 * j + i) for i, kind in enumerate(KINDS)
            }

    def threshold(self, signal: str) -> float | None:
        step, plotted = self.signals[signal]
        if not plotted.threshold:
            return None
        for entry in self.config.get("recipe", {}).get("steps", []):
            if step in entry:
                value = (entry[step] or {}).get(plotted.threshold)
                if value is None:
                    value = _default(step, plotted.threshold)
                return float(value) if isinstance(value, int | float) else None
        return None


def _default(step: str, parameter: str) -> Any:
    """A step's default for a parameter the recipe left out (None if unknown)."""
    import dataclasses

    from winnow.errors import ConfigError
    from winnow.registry import get_step

    try:
        config = get_step(step).Config
    except ConfigError:
        return None
    for f in dataclasses.fields(config):
        if f.name == parameter and f.default is not dataclasses.MISSING:
            return f.default
    return None


def plotted_signals(config: dict[str, Any]) -> dict[str, tuple[str, PlottedSignal]]:
    """The signals the run's steps declare for the report (``Step.plotted_signals``), in
    recipe order. A step that cannot be found any more (a plugin since uninstalled) plots
    nothing."""
    from winnow.errors import ConfigError
    from winnow.registry import get_step

    found: dict[str, tuple[str, PlottedSignal]] = {}
    for entry in config.get("recipe", {}).get("steps", []):
        for name in entry:
            try:
                declared = get_step(name).plotted_signals
            except ConfigError:
                continue
            for plotted in declared:
                found.setdefault(plotted.name, (name, plotted))
    return found


def shard_files(out: Path | str, kind: str) -> list[str]:
    """The output shards of ``kind`` (kept, removed) under OUT, local or remote."""
    folder = storage.join(str(out), kind)
    return [
        storage.join(folder, n)
        for n in storage.listdir(folder)
        if n.endswith((".parquet", ".jsonl"))
    ]


def iter_rows(path: Path | str, columns: list[str] | None = None):
    """Rows of an output shard (Parquet or JSONL) as dicts, with JSON columns parsed."""
    path = str(path)
    if path.endswith(".parquet"):
        for batch in storage.parquet_file(path).iter_batches(batch_size=512, columns=columns):
            for row in batch.to_pylist():
                for key in ("metadata", "signals", "edits"):
                    if isinstance(row.get(key), str):
                        row[key] = orjson.loads(row[key])
                yield row
    else:
        with storage.open_read(path) as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)


def _json_or_empty(path: str) -> Any:
    return orjson.loads(storage.read_bytes(path)) if storage.exists(path) else {}


def load_run(out: str | Path) -> RunView:
    where = str(out)
    stats = orjson.loads(storage.read_bytes(storage.join(where, "stats.json")))
    run = _json_or_empty(storage.join(where, "run.json"))
    config = _json_or_empty(storage.join(where, "_state", "config.json"))
    view = RunView(
        where if storage.is_remote(where) else Path(where),
        stats,
        run,
        config,
        signals=plotted_signals(config),
    )
    for kind in KINDS:
        columns = READ_COLUMNS + (REMOVED_COLUMNS if kind == "removed" else [])
        for path in shard_files(where, kind):
            shard = storage.name(path).rsplit(".", 1)[0]
            for row_number, row in enumerate(iter_rows(path, columns)):
                _take(view, kind, shard, row_number, row)
    return view


def source_of(row: dict[str, Any]) -> str:
    """Where a document came from, for the per-source table: the host of its URL
    (lower-cased, without ``www.``), else ``file:`` and the input file it was read from."""
    url = row.get("url")
    if url:
        found = _HOST.match(url)
        host = found.group(1).lower().strip("[]") if found else ""
        if host:
            return host.removeprefix("www.")
    return f"file:{row.get('file_path') or '(unknown)'}"


def original_length(text: str, edits: list[dict[str, Any]]) -> int:
    """A document's length before any edit: its text plus what each removal took out and
    what each replacement wrote over (see ``reconstruct``)."""
    length = len(text)
    for edit in edits:
        span = edit.get("end", -1) - edit.get("start", -1)
        written = len(edit.get("removed") or "")
        if is_replacement(edit.get("reason", "")):
            length += span - written if edit.get("start", -1) >= 0 else 0
        else:
            length += max(span, written) if edit.get("start", -1) >= 0 else written
    return length


def _take(view: RunView, kind: str, shard: str, row_number: int, row: dict[str, Any]) -> None:
    text = row.get("text") or ""
    edits = row.get("edits") or []
    signals = row.get("signals") or {}
    reason = f"{row.get('rejected_by')}: {row.get('reason')}" if kind == "removed" else ""
    for table, key in (
        (view.languages, row.get("language") or "unknown"),
        (view.sources, source_of(row)),
    ):
        tally = table.get(key)
        tally.docs += 1
        if kind == "kept":
            tally.kept += 1
            tally.chars_kept += len(text)
        else:
            tally.removed += 1
            tally.reasons[reason] = tally.reasons.get(reason, 0) + 1
    view.lengths[kind].add(float(len(text)))
    if kind == "kept":
        view.lengths["kept_before"].add(float(original_length(text, edits)))
        view.empty_kept += not text or text.isspace()
    tokens = row.get("token_count")
    if tokens is None:
        tokens = signals.get("token_count")
    if isinstance(tokens, int | float):
        view.tokens[kind].add(float(tokens))
    for name, samples in view.values.items():
        value = row.get("language_score") if name == "lang_score" else signals.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            samples[kind].add(float(value))
    if kind == "removed":
        key = (row["rejected_by"], row["reason"])
        bucket = view.doc_examples.setdefault(key, [])
        if len(bucket) < EXAMPLES_PER_REASON:
            bucket.append(
                Example(
                    shard,
                    kind,
                    row_number,
                    row["id"],
                    key[0],
                    key[1],
                    row.get("detail") or "",
                    text[:1500],
                )
            )
    for edit in edits:
        key = (edit["step"], edit["reason"])
        bucket = view.line_examples.setdefault(key, [])
        if len(bucket) < EXAMPLES_PER_REASON:
            bucket.append(
                Example(
                    shard,
                    kind,
                    row_number,
                    row["id"],
                    key[0],
                    key[1],
                    edit.get("detail") or "",
                    edit.get("removed") or "",
                )
            )
