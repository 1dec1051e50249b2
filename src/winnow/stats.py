"""Counters per step, reason and input file; mergeable across shards and stages.

Everything here is deterministic (no timings), so ``stats.json`` is byte-identical for the
same input and recipe whatever the worker count; timings go to ``run.json``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_BAD_RECORDS_LISTED = 1000


@dataclass
class StepCounter:
    docs_in: int = 0
    kept: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    chars_in: int = 0
    chars_removed: int = 0  # by edits, plus the whole text of rejected documents
    edits: Counter[str] = field(default_factory=Counter)  # edit reason -> count
    # what a corpus step found besides removals, e.g. minhash "clusters"
    found: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs_in": self.docs_in,
            "kept": self.kept,
            "removed": sum(self.removed.values()),
            "removed_by_reason": dict(sorted(self.removed.items())),
            "chars_in": self.chars_in,
            "chars_removed": self.chars_removed,
            "edits_by_reason": dict(sorted(self.edits.items())),
            **({"found": dict(sorted(self.found.items()))} if self.found else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StepCounter:
        return cls(
            d["docs_in"],
            d["kept"],
            Counter(d["removed_by_reason"]),
            d["chars_in"],
            d["chars_removed"],
            Counter(d["edits_by_reason"]),
            Counter(d.get("found", {})),
        )

    def merge(self, other: StepCounter) -> None:
        self.docs_in += other.docs_in
        self.kept += other.kept
        self.removed.update(other.removed)
        self.chars_in += other.chars_in
        self.chars_removed += other.chars_removed
        self.edits.update(other.edits)
        self.found.update(other.found)


@dataclass
class InputCounter:
    records: int = 0  # everything read, good or bad
    documents: int = 0
    unreadable: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "documents": self.documents,
            "unreadable": self.unreadable,
            "skipped": dict(sorted(self.skipped.items())),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> InputCounter:
        return cls(d["records"], d["documents"], d["unreadable"], Counter(d["skipped"]))

    def merge(self, other: InputCounter) -> None:
        self.records += other.records
        self.documents += other.documents
        self.unreadable += other.unreadable
        self.skipped.update(other.skipped)


@dataclass
class RunStats:
    steps: dict[str, StepCounter] = field(default_factory=dict)
    inputs: dict[str, InputCounter] = field(default_factory=dict)
    bad_records: list[dict[str, str]] = field(default_factory=list)
    docs_in: int = 0
    kept: int = 0
    removed: int = 0
    chars_in: int = 0
    chars_out: int = 0

    def step(self, name: str) -> StepCounter:
        return self.steps.setdefault(name, StepCounter())

    def source(self, file: str) -> InputCounter:
        return self.inputs.setdefault(file, InputCounter())

    def merge(self, other: RunStats) -> None:
        for name, counter in other.steps.items():
            self.step(name).merge(counter)
        for file, input_counter in other.inputs.items():
            self.source(file).merge(input_counter)
        self.bad_records.extend(other.bad_records)
        self.docs_in += other.docs_in
        self.kept += other.kept
        self.removed += other.removed
        self.chars_in += other.chars_in
        self.chars_out += other.chars_out

    def to_dict(self, step_order: list[str] | None = None) -> dict[str, Any]:
        order = step_order or list(self.steps)
        unreadable = sum(c.unreadable for c in self.inputs.values())
        return {
            "documents": {"in": self.docs_in, "kept": self.kept, "removed": self.removed},
            "characters": {"in": self.chars_in, "out": self.chars_out},
            "steps": [
                {"step": name, **self.steps[name].to_dict()} for name in order if name in self.steps
            ],
            "inputs": {f: c.to_dict() for f, c in sorted(self.inputs.items())},
            "unreadable_records": {
                "count": unreadable,
                "listed": self.bad_records[:MAX_BAD_RECORDS_LISTED],
            },
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunStats:
        stats = cls(
            steps={s["step"]: StepCounter.from_dict(s) for s in d["steps"]},
            inputs={k: InputCounter.from_dict(v) for k, v in d["inputs"].items()},
            bad_records=list(d["unreadable_records"]["listed"]),
        )
        stats.docs_in, stats.kept, stats.removed = (
            d["documents"]["in"],
            d["documents"]["kept"],
            d["documents"]["removed"],
        )
        stats.chars_in, stats.chars_out = d["characters"]["in"], d["characters"]["out"]
        return stats
