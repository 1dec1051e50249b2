"""Where each file of a run lives under OUT."""

from __future__ import annotations

from pathlib import Path


class Layout:
    """Where each file of a run lives under OUT."""

    def __init__(self, out: Path, fmt: str = "parquet") -> None:
        self.out = out
        self.ext = "parquet" if fmt == "parquet" else "jsonl"

    def kept(self, shard: str) -> Path:
        return self.out / "kept" / f"{shard}.{self.ext}"

    def removed(self, shard: str) -> Path:
        return self.out / "removed" / f"{shard}.{self.ext}"

    def quarantine(self, shard: str, stage: int = 0) -> Path:
        """Records a task of ``stage`` could not read, or that a step or the writer failed
        on: one file per shard and stage (the first stage's has the shard's name only)."""
        name = shard if stage == 0 else f"{shard}.stage{stage}"
        return self.out / "quarantine" / f"{name}.jsonl"

    @property
    def state(self) -> Path:
        return self.out / "_state"

    @property
    def lock(self) -> Path:
        return self.state / "lock"

    def marker(self, stage: int, shard: str) -> Path:
        return self.state / "markers" / f"stage{stage}" / f"{shard}.json"

    def plan_marker(self, stage: int) -> Path:
        return self.state / "markers" / f"plan{stage}.json"

    def stage_docs(self, stage: int, shard: str) -> Path:
        return self.state / f"stage{stage}" / "docs" / f"{shard}.parquet"

    def keys(self, stage: int, shard: str) -> Path:
        return self.state / f"stage{stage}" / "keys" / f"{shard}.parquet"

    def decisions(self, stage: int, shard: str) -> Path:
        return self.state / f"stage{stage}" / "decisions" / f"{shard}.parquet"
