"""Progress from inside running tasks: documents/s, MB/s and an ETA from bytes read.

A task counts what it reads in a :class:`Meter`; every ``INTERVAL_S`` the meter sends
``{"docs", "bytes"}`` through the sink its engine installed in the worker (the local
engine's pipe to its worker, a Ray actor, or a plain call when the task runs in the
driver). The driver's :class:`StageDisplay` adds these to what finished tasks read and
draws one line per stage: a run over one large file moves while its only task runs.

Bytes read: the files a task has finished, plus the offset reached in the one it reads
(on Linux, the position of the descriptor open on it, in the file as stored, compressed or
not; a Parquet file, or a stage file, by the share of its rows read), capped at the task's
input size. Where neither tells, the characters of the documents read stand in. (The
process's own I/O counter was tried first: imports and model files made it run ahead.)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

INTERVAL_S = 0.5
MAX_MESSAGES = 20  # skipped-record lines printed per run; the rest are counted

_sink: Callable[[dict[str, Any]], None] | None = None


def set_sink(sink: Callable[[dict[str, Any]], None] | None) -> None:
    """Where this process's meters send their updates (set by the engine per task)."""
    global _sink
    _sink = sink


class Meter:
    """A task's documents and input bytes, sent to the driver at most every INTERVAL_S."""

    __slots__ = ("_next", "_sink", "chars", "docs", "position", "total")

    def __init__(
        self, total_bytes: int = 0, position: Callable[[], int | None] | None = None
    ) -> None:
        self.docs = 0
        self.chars = 0
        self.total = total_bytes
        self.position = position  # bytes read so far, where it can tell
        self._sink = _sink
        self._next = time.perf_counter() + INTERVAL_S

    def add(self, chars: int) -> None:
        """One document of ``chars`` characters read (per document: two additions and,
        with a sink, one clock read)."""
        self.docs += 1
        self.chars += chars
        if self._sink is not None and time.perf_counter() >= self._next:
            self.send()

    def bytes_read(self) -> int:
        done = self.position() if self.position is not None else None
        if done is None:
            done = self.chars  # no better measure: the text read stands in
        return max(0, min(done, self.total)) if self.total else max(0, done)

    def send(self) -> None:
        if self._sink is not None:
            self._sink({"docs": self.docs, "bytes": self.bytes_read()})
        self._next = time.perf_counter() + INTERVAL_S


def fd_position(path: str, hint: list[int]) -> int | None:
    """The offset this process has reached reading ``path`` (Linux: the position of the
    descriptor open on it; ``hint`` keeps the descriptor found last), or None."""
    fds = hint + [int(n) for n in _listdir("/proc/self/fd") if n.isdigit()]
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != path:
                continue
            with open(f"/proc/self/fdinfo/{fd}", "rb") as fh:
                position = int(fh.readline().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        hint[:] = [fd]
        return position
    return None


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


class InputPosition:
    """How far a stage-0 task is through its input files: the files it has finished,
    plus the offset reached in the one it reads (a Parquet file: the share of its rows)."""

    def __init__(self, files: list[Any], ratio: int) -> None:
        self.files = files
        self.spans = [file_span(f.url, f.part, f.format, ratio) or 0 for f in files]
        self.current = 0
        self.docs = 0  # documents read from the current file
        self._rows: int | None = None
        self._hint: list[int] = []

    def start(self, index: int) -> None:
        self.current, self.docs, self._rows, self._hint = index, 0, None, []

    def __call__(self) -> int | None:
        done = sum(self.spans[: self.current])
        if self.current >= len(self.files):
            return done
        f, span = self.files[self.current], self.spans[self.current]
        local = "://" not in f.url or f.url.startswith("file://")
        if not local or not span:
            return None
        path = os.path.realpath(f.url.removeprefix("file://"))
        if f.format == "parquet":
            if self._rows is None:
                self._rows = _parquet_rows(path, f.part)
            return done + span * min(self.docs, self._rows) // max(1, self._rows)
        at = fd_position(path, self._hint)
        if at is None:
            return None
        start = f.part[0] if f.part and not _compressed(f.url) else 0
        return done + max(0, min(span, at - start))


def _compressed(url: str) -> bool:
    return url.lower().endswith((".gz", ".zst", ".zstd"))


def _parquet_rows(path: str, part: tuple[int, int, int] | None) -> int:
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    if part is None:
        return int(meta.num_rows)
    end = meta.num_row_groups if part[1] < 0 else part[1]
    return sum(meta.row_group(g).num_rows for g in range(part[0], end))


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


class Messages:
    """Skipped-record lines for the terminal: the first ``MAX_MESSAGES`` of the run, then a
    count (every record is in quarantine/ and stats.json anyway)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.shown = 0
        self.more = 0
        self.display: StageDisplay | None = None

    def add(self, lines: list[str], count: int) -> None:
        """A task's first ``lines`` of its ``count`` records to report."""
        for line in lines:
            if self.shown < MAX_MESSAGES:
                self.shown += 1
                self.say(f"winnow: {line}")
            else:
                self.more += 1
        self.more += max(0, count - len(lines))

    def say(self, line: str) -> None:
        if self.quiet:
            return
        if self.display is not None and self.display.bar is not None:
            self.display.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self.more:
            self.say(
                f"winnow: … and {self.more:,} more skipped or quarantined records "
                "(see quarantine/ and stats.json)"
            )
            self.more = 0


class StageDisplay:
    """One terminal line for one stage: bytes (or shards) done, MB/s, docs/s and an ETA."""

    def __init__(
        self,
        label: str,
        totals: list[int | None],
        done_shards: int,
        all_shards: int,
        done_bytes: int,
        show: bool,
    ) -> None:
        self.totals = totals
        self.running: dict[int, tuple[int, int]] = {}
        self.over: set[int] = set()
        self.docs = 0
        self.read = 0  # bytes of finished tasks (this run)
        self.shards = done_shards
        self.all_shards = all_shards
        self.started = time.perf_counter()
        self.by_bytes = all(t is not None for t in totals)
        self._shown = 0
        self._drawn = 0.0
        self.bar: Any = None
        if show:
            from tqdm import tqdm

            total = done_bytes + sum(t or 0 for t in totals) if self.by_bytes else all_shards
            sized = _columns() > 0  # a terminal without a size (a bare pty) gets 100 columns
            self.bar = tqdm(
                total=total,
                initial=done_bytes if self.by_bytes else done_shards,
                desc=label,
                unit="B" if self.by_bytes else "shard",
                unit_scale=self.by_bytes,
                # what matters first, the bar last: a narrow terminal cuts the bar only
                bar_format=(
                    "{desc} {percentage:3.0f}% {n_fmt}B/{total_fmt}B, {rate_fmt}, "
                    "ETA {remaining}{postfix} |{bar}|"
                    if self.by_bytes
                    else "{desc} {n_fmt}/{total_fmt} shards, ETA {remaining}{postfix} |{bar}|"
                ),
                file=sys.stderr,
                dynamic_ncols=sized,
                ncols=None if sized else 100,
                nrows=None if sized else 20,
                mininterval=INTERVAL_S,
            )
            self._shown = self.bar.n

    def progress(self, index: int, message: dict[str, Any]) -> None:
        if index in self.over:
            return  # a late update from a task already counted
        self.running[index] = (int(message.get("docs", 0)), int(message.get("bytes", 0)))
        self._draw()

    def finished(self, index: int, docs: int, read: int) -> None:
        self.running.pop(index, None)
        self.over.add(index)
        total = self.totals[index] if index < len(self.totals) else None
        self.docs += docs
        self.read += total if total is not None else read
        self.shards += 1
        self._draw(force=True)

    def failed(self, index: int) -> None:
        self.running.pop(index, None)
        self.over.add(index)
        self._draw(force=True)

    def _draw(self, force: bool = False) -> None:
        if self.bar is None:
            return
        now = time.perf_counter()
        if not force and now - self._drawn < INTERVAL_S:
            return
        self._drawn = now
        docs = self.docs + sum(d for d, _ in self.running.values())
        read = self.read + sum(b for _, b in self.running.values())
        elapsed = max(now - self.started, 1e-9)
        if self.by_bytes:
            target = self.bar.initial + read
            postfix = f"{docs / elapsed:,.0f} docs/s, {self.shards}/{self.all_shards} shards"
        else:
            target = self.shards
            postfix = f"{docs / elapsed:,.0f} docs/s, {read / elapsed / 1e6:,.1f} MB/s"
        self.bar.set_postfix_str(postfix, refresh=False)
        if target > self._shown:
            self.bar.update(target - self._shown)
            self._shown = target
        else:
            self.bar.refresh()

    def close(self) -> tuple[int, int, float]:
        """Documents and bytes read by this run's tasks of the stage, and its seconds."""
        if self.bar is not None:
            self._draw(force=True)
            self.bar.close()
        return self.docs, self.read, time.perf_counter() - self.started


def stage_label(names: list[str], keys_of: str | None, stage: int, stages: int) -> str:
    """``stage 1/4: html.extract…dedup.exact keys``: first and last step only, so the
    counter after it keeps its place on a narrow terminal."""
    parts = [*names, f"{keys_of} keys"] if keys_of else list(names)
    if not parts:
        text = "write"
    elif len(parts) == 1:
        text = parts[0]
    else:
        text = f"{parts[0].rsplit('.', 1)[-1]}…{parts[-1]}"
    return f"stage {stage + 1}/{stages}: {text}"


def summary(docs: int, read: int, seconds: float) -> str:
    rate = f"{docs / seconds:,.0f} docs/s, {read / seconds / 1e6:,.1f} MB/s" if seconds else ""
    return f"winnow: read {docs:,} documents, {_mb(read)} in {seconds:,.1f} s ({rate})"


def file_span(url: str, part: tuple[int, int, int] | None, fmt: str, ratio: int) -> int | None:
    """Bytes a task reads for one input file or part (None: unknown without asking a
    remote store). Compressed parts read from the file's start up to their end."""
    if "://" in url and not url.startswith("file://"):
        return None
    path = Path(url.removeprefix("file://"))
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if part is None:
        return size
    start, end, _ = part
    if fmt == "parquet":
        import pyarrow.parquet as pq

        groups = pq.read_metadata(path).num_row_groups or 1
        end = groups if end < 0 else end
        return size * max(0, end - start) // groups
    if _compressed(url) and fmt == "jsonl":
        return size if end < 0 else min(size, end // ratio)
    return (size if end < 0 else end) - start
