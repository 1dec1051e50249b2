"""Read a finished run's output folder into what the report and the inspector show.

Everything streams over the output shards once, keeping bounded samples: the first few
examples of each removal reason (in shard order, so the report is deterministic) and at
most ``MAX_VALUES`` values per signal for the histograms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from winnow.step import PlottedSignal

EXAMPLES_PER_REASON = 3
MAX_VALUES = 200_000


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


@dataclass
class RunView:
    out: Path
    stats: dict[str, Any]
    run: dict[str, Any]
    config: dict[str, Any]
    lang_before: Counter[str] = field(default_factory=Counter)
    lang_after: Counter[str] = field(default_factory=Counter)
    doc_examples: dict[tuple[str, str], list[Example]] = field(default_factory=dict)
    line_examples: dict[tuple[str, str], list[Example]] = field(default_factory=dict)
    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # what the recipe's steps declare they plot: signal → (step name, its declaration)
    signals: dict[str, tuple[str, PlottedSignal]] = field(default_factory=dict)

    def threshold(self, signal: str) -> float | None:
        step, plotted = self.signals[signal]
        if not plotted.threshold:
            return None
        for entry in self.config.get("recipe", {}).get("steps", []):
            if step in entry:
                value = entry[step].get(plotted.threshold)
                return float(value) if isinstance(value, int | float) else None
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


def shard_files(out: Path, kind: str) -> list[Path]:
    folder = out / kind
    return (
        sorted(p for p in folder.glob("*") if p.suffix in (".parquet", ".jsonl"))
        if folder.exists()
        else []
    )


def iter_rows(path: Path, columns: list[str] | None = None):
    """Rows of an output shard (Parquet or JSONL) as dicts, with JSON columns parsed."""
    if path.suffix == ".parquet":
        for batch in pq.ParquetFile(path).iter_batches(batch_size=512, columns=columns):
            for row in batch.to_pylist():
                for key in ("metadata", "signals", "edits"):
                    if isinstance(row.get(key), str):
                        row[key] = orjson.loads(row[key])
                yield row
    else:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)


def load_run(out: str | Path) -> RunView:
    out = Path(out)
    stats = orjson.loads((out / "stats.json").read_bytes())
    run = orjson.loads((out / "run.json").read_bytes()) if (out / "run.json").exists() else {}
    config_path = out / "_state" / "config.json"
    config = orjson.loads(config_path.read_bytes()) if config_path.exists() else {}
    view = RunView(out, stats, run, config, signals=plotted_signals(config))
    for kind in ("kept", "removed"):
        for path in shard_files(out, kind):
            for row_number, row in enumerate(iter_rows(path)):
                _take(view, kind, path.stem, row_number, row)
    return view


def _take(view: RunView, kind: str, shard: str, row_number: int, row: dict[str, Any]) -> None:
    lang = row.get("language") or "unknown"
    view.lang_before[lang] += 1
    if kind == "kept":
        view.lang_after[lang] += 1
    signals = row.get("signals") or {}
    for name in view.signals:
        value = row.get("language_score") if name == "lang_score" else signals.get(name)
        if isinstance(value, int | float) and len(view.values[name]) < MAX_VALUES:
            view.values[name].append(float(value))
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
                    (row.get("text") or "")[:1500],
                )
            )
    for edit in row.get("edits") or []:
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
