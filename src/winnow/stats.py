"""Counters per step, reason and input file; mergeable across shards and stages.

Everything ``to_dict`` gives is deterministic (no timings), so ``stats.json`` is
byte-identical for the same input and recipe whatever the worker count; the seconds spent
in each step are kept aside (``RunStats.seconds``) and go to ``run.json``.

Lists of examples are bounded (the first ``MAX_BAD_RECORDS_LISTED`` unreadable records,
the first ``MAX_FAILED_LISTED`` documents a step or the writer failed on, in shard order);
their counts are exact. A million broken lines cost a counter, not a million dicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

MAX_BAD_RECORDS_LISTED = 1000
MAX_FAILED_LISTED = 100


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
    failed: int = 0  # documents the step raised on (quarantined): docs_in = kept+removed+failed

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
            **({"failed": self.failed} if self.failed else {}),
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
            d.get("failed", 0),
        )

    def merge(self, other: StepCounter) -> None:
        self.docs_in += other.docs_in
        self.kept += other.kept
        self.removed.update(other.removed)
        self.chars_in += other.chars_in
        self.chars_removed += other.chars_removed
        self.edits.update(other.edits)
        self.found.update(other.found)
        self.failed += other.failed


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
    # documents quarantined because a step (or the writer: "write") raised on them
    failures: Counter[str] = field(default_factory=Counter)
    failed_records: list[dict[str, str]] = field(default_factory=list)
    # seconds spent in each step: not in to_dict (stats.json stays deterministic)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def step(self, name: str) -> StepCounter:
        return self.steps.setdefault(name, StepCounter())

    def source(self, file: str) -> InputCounter:
        return self.inputs.setdefault(file, InputCounter())

    def add_bad_record(self, record: dict[str, str]) -> None:
        if len(self.bad_records) < MAX_BAD_RECORDS_LISTED:
            self.bad_records.append(record)

    def add_failure(self, where: str, record: dict[str, str]) -> None:
        """A document that ``where`` (a step's name, or "write") raised on."""
        self.failures[where] += 1
        if len(self.failed_records) < MAX_FAILED_LISTED:
            self.failed_records.append(record)

    def merge(self, other: RunStats) -> None:
        for name, counter in other.steps.items():
            self.step(name).merge(counter)
        for file, input_counter in other.inputs.items():
            self.source(file).merge(input_counter)
        room = MAX_BAD_RECORDS_LISTED - len(self.bad_records)
        self.bad_records.extend(other.bad_records[: max(0, room)])
        self.failures.update(other.failures)
        room = MAX_FAILED_LISTED - len(self.failed_records)
        self.failed_records.extend(other.failed_records[: max(0, room)])
        for name, spent in other.seconds.items():
            self.seconds[name] += spent
        self.docs_in += other.docs_in
        self.kept += other.kept
        self.removed += other.removed
        self.chars_in += other.chars_in
        self.chars_out += other.chars_out

    def to_dict(self, step_order: list[str] | None = None) -> dict[str, Any]:
        order = step_order or list(self.steps)
        unreadable = sum(c.unreadable for c in self.inputs.values())
        failed = sum(self.failures.values())
        documents = {"in": self.docs_in, "kept": self.kept, "removed": self.removed}
        extra: dict[str, Any] = {}
        if failed:  # only then: stats.json of a run without failures keeps its shape
            documents["failed"] = failed
            extra["failed_records"] = {
                "count": failed,
                "by_step": dict(sorted(self.failures.items())),
                "listed": self.failed_records[:MAX_FAILED_LISTED],
            }
        return {
            "documents": documents,
            "characters": {"in": self.chars_in, "out": self.chars_out},
            "steps": [
                {"step": name, **self.steps[name].to_dict()} for name in order if name in self.steps
            ],
            "inputs": {f: c.to_dict() for f, c in sorted(self.inputs.items())},
            "unreadable_records": {
                "count": unreadable,
                "listed": self.bad_records[:MAX_BAD_RECORDS_LISTED],
            },
            **extra,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunStats:
        stats = cls(
            steps={s["step"]: StepCounter.from_dict(s) for s in d["steps"]},
            inputs={k: InputCounter.from_dict(v) for k, v in d["inputs"].items()},
            bad_records=list(d["unreadable_records"]["listed"]),
            failures=Counter(d.get("failed_records", {}).get("by_step", {})),
            failed_records=list(d.get("failed_records", {}).get("listed", [])),
        )
        stats.docs_in, stats.kept, stats.removed = (
            d["documents"]["in"],
            d["documents"]["kept"],
            d["documents"]["removed"],
        )
        stats.chars_in, stats.chars_out = d["characters"]["in"], d["characters"]["out"]
        return stats
