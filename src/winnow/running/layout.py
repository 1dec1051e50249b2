"""Where each file of a run lives under OUT (a local folder or an object-store prefix)."""

from __future__ import annotations

from winnow.io.storage import join


class Layout:
    """Where each file of a run lives under OUT; paths are strings (``winnow.io.storage``)."""

    def __init__(self, out: str, fmt: str = "parquet") -> None:
        self.out = out
        self.ext = "parquet" if fmt == "parquet" else "jsonl"

    def path(self, *parts: str) -> str:
        return join(self.out, *parts)

    def kept(self, shard: str) -> str:
        return self.path("kept", f"{shard}.{self.ext}")

    def removed(self, shard: str) -> str:
        return self.path("removed", f"{shard}.{self.ext}")

    def quarantine(self, shard: str, stage: int = 0) -> str:
        """Records a task of ``stage`` could not read, or that a step or the writer failed
        on: one file per shard and stage (the first stage's has the shard's name only)."""
        name = shard if stage == 0 else f"{shard}.stage{stage}"
        return self.path("quarantine", f"{name}.jsonl")

    @property
    def state(self) -> str:
        return self.path("_state")

    @property
    def lock(self) -> str:
        return join(self.state, "lock")

    def marker(self, stage: int, shard: str) -> str:
        return join(self.state, "markers", f"stage{stage}", f"{shard}.json")

    def plan_marker(self, stage: int) -> str:
        return join(self.state, "markers", f"plan{stage}.json")

    def stage_dir(self, stage: int) -> str:
        return join(self.state, f"stage{stage}")

    def stage_docs(self, stage: int, shard: str) -> str:
        return join(self.stage_dir(stage), "docs", f"{shard}.parquet")

    def keys(self, stage: int, shard: str) -> str:
        return join(self.stage_dir(stage), "keys", f"{shard}.parquet")

    def decisions(self, stage: int, shard: str) -> str:
        return join(self.stage_dir(stage), "decisions", f"{shard}.parquet")
