"""The inspector's questions to its index: which documents match, how many, which page.

Every filter (status, step, reason, language, words in the text) is one SQL query per part
(per shard), in shard order, so a page costs a count per part and one ``LIMIT``/``OFFSET``
query in the part where the page starts: milliseconds, with a few megabytes of SQLite page
cache per open part and nothing per document held in memory. Parts are used as soon as
they are built; until all are, a page says how many shards it covers.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from winnow.report.index import (
    Part,
    build_part,
    fts_query,
    has_fts5,
    index_dirs,
    jsonl_rows,
    list_parts,
    parquet_rows,
    writable,
)

OPEN_PARTS = 64  # SQLite connections kept open (each caches up to CACHE_KB)
CACHE_KB = 2048
REMEMBERED = 64  # match counts (and, without FTS5, scanned matches) kept per query
POOL_BYTES = 64 * 2**20  # shards to index above this size are indexed in worker processes
COLUMNS = "row, id, language, rejected_by, reason, edits, chars, preview"


@dataclass(frozen=True)
class Filters:
    status: str = "all"  # all | kept | removed
    step: str = ""  # removed by this step, or lines cut by it
    reason: str = ""
    lang: str = ""
    q: str = ""  # words of the text, as a phrase; a trailing * makes the last a prefix


class Index:
    """The parts of one run's index, found valid or built, and the queries over them."""

    def __init__(self, out: Path) -> None:
        out = self.out = out.absolute()
        self.parts = list_parts(out)
        self.fts = has_fts5()
        self._lock = threading.RLock()
        self._conns: OrderedDict[Path, sqlite3.Connection] = OrderedDict()
        self._counts: OrderedDict[tuple, list[int]] = OrderedDict()
        self._scans: OrderedDict[tuple, list[int]] = OrderedDict()
        self.build_seconds: float | None = None
        self.dirs = dirs = index_dirs(out)
        for part in self.parts:
            for folder in dirs:
                db = folder / part.file_name
                if db.exists() and part.load(db) and (part.fts or not self.fts):
                    break
                part.db = None
        self.todo = [p for p in self.parts if p.db is None]
        self.folder = next((d for d in dirs if writable(d)), None) if self.todo else None
        if self.todo and self.folder is None:
            raise PermissionError(f"no writable folder for the index of {out}: tried {dirs}")

    # --- building ------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return all(p.db is not None or p.error for p in self.parts)

    def build(self, workers: int | None = None, log: Callable[[str], None] | None = None) -> None:
        """Index every shard without a valid part, in worker processes when there is much
        to do. Each part is used as soon as it is written."""
        start = time.perf_counter()
        todo, folder = self.todo, self.folder
        if todo and folder is not None:
            size = sum(p.path.stat().st_size for p in todo)
            if workers is None:
                workers = min(8, _cpus())
            workers = max(1, min(workers, len(todo)))
            if log:
                log(f"indexing {len(todo)} shard(s), {size / 2**20:,.0f} MB, once")
            jobs = [(str(p.path), p.key, str(folder / p.file_name), self.fts) for p in todo]
            if workers > 1 and size > POOL_BYTES:
                import multiprocessing

                # spawn: the server has threads, so no fork; a Pool's workers are daemons,
                # so Ctrl-C during a first indexing ends them instead of waiting for them
                with multiprocessing.get_context("spawn").Pool(workers) as pool:
                    for n, err in pool.imap_unordered(_build_job, enumerate(jobs)):
                        self._adopt(todo[n], err, folder)
            else:
                for n, err in map(_build_job, enumerate(jobs)):
                    self._adopt(todo[n], err, folder)
        for stale in self.dirs:
            if stale.is_dir():
                self._forget_stale(stale)
        self.build_seconds = time.perf_counter() - start
        if log and todo:
            docs = sum(p.rows for p in self.parts)
            log(f"index ready: {docs:,} documents in {self.build_seconds:.1f} s")

    def _adopt(self, part: Part, err: str | None, folder: Path) -> None:
        with self._lock:
            if err is None and part.load(folder / part.file_name):
                self._counts.clear()
            else:
                part.error = err or "index unreadable"

    def _forget_stale(self, folder: Path) -> None:
        """Remove parts of shards that are gone and temporaries of builds that died."""
        names = {p.file_name for p in self.parts}
        for path in folder.glob("*.sqlite*"):
            pid = path.name.rpartition(".tmp-")[2]
            gone = path.name.endswith(".sqlite") and path.name not in names
            if gone or (pid.isdigit() and not _alive(int(pid))):
                with contextlib.suppress(OSError):  # a read-only folder keeps its files
                    path.unlink()

    # --- asking --------------------------------------------------------------------------

    def part(self, kind: str, shard: str) -> Part | None:
        return next((p for p in self.parts if p.kind == kind and p.shard == shard), None)

    def facets(self) -> tuple[list[str], list[str], list[str]]:
        """Steps, reasons and languages present, for the filter menus."""
        with self._lock:
            done = [p for p in self.parts if p.db is not None]
        return (
            sorted(set().union(*(p.steps for p in done))),
            sorted(set().union(*(p.reasons for p in done))),
            sorted(set().union(*(p.langs for p in done))),
        )

    def search(self, f: Filters, start: int, size: int) -> tuple[list[dict[str, Any]], int]:
        """One page of matching documents, in shard order, and how many match in all."""
        with self._lock:
            done = [p for p in self.parts if p.db is not None]
            key = (f, tuple(p.file_name for p in done))
            counts = self._counts.get(key)
            if counts is None:
                counts = [self._count(p, f) for p in done]
                self._remember(self._counts, key, counts)
            else:
                self._counts.move_to_end(key)
            rows: list[dict[str, Any]] = []
            skip = start
            for part, n in zip(done, counts, strict=True):
                if len(rows) >= size:
                    break
                if skip >= n:
                    skip -= n
                    continue
                rows += self._page(part, f, skip, size - len(rows))
                skip = 0
            return rows, sum(counts)

    def offset(self, part: Part, row: int) -> int | None:
        """A JSONL shard's byte offset of a row (None for Parquet, or before indexing)."""
        if part.db is None:
            return None
        with self._lock:
            found = self._conn(part).execute("SELECT pos FROM docs WHERE row = ?", (row,))
            hit = found.fetchone()
        return hit[0] if hit else None

    def _where(self, part: Part, f: Filters) -> tuple[str, list[Any]] | None:
        """The part's SQL condition for these filters; None when it can hold no match."""
        if f.status in ("kept", "removed") and part.kind != f.status:
            return None
        if (
            (f.step and f.step not in part.steps)
            or (f.reason and f.reason not in part.reasons)
            or (f.lang and f.lang not in part.langs)
        ):
            return None
        clauses, params = ["1"], []
        for value, column, tag in ((f.step, "rejected_by", "step"), (f.reason, "reason", "reason")):
            if value:
                clauses.append(f"({column} = ? OR row IN (SELECT row FROM tags WHERE {tag} = ?))")
                params += [value, value]
        if f.lang:
            clauses.append("language = ?")
            params.append(f.lang)
        if f.q and part.fts:
            clauses.append("row IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(fts_query(f.q))
        elif f.q:
            clauses.append("row IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(self._scan(part, f.q)))
        return " AND ".join(clauses), params

    def _count(self, part: Part, f: Filters) -> int:
        where = self._where(part, f)
        if where is None:
            return 0
        if where[0] == "1":
            return part.rows
        conn = self._conn(part)
        if f.q and part.fts and f == Filters(status=f.status, q=f.q):
            return conn.execute(
                "SELECT count(*) FROM fts WHERE fts MATCH ?", (fts_query(f.q),)
            ).fetchone()[0]
        return conn.execute(f"SELECT count(*) FROM docs WHERE {where[0]}", where[1]).fetchone()[0]

    def _page(self, part: Part, f: Filters, skip: int, size: int) -> list[dict[str, Any]]:
        where = self._where(part, f)
        if where is None:
            return []
        found = self._conn(part).execute(
            f"SELECT {COLUMNS} FROM docs WHERE {where[0]} ORDER BY row LIMIT ? OFFSET ?",
            [*where[1], size, skip],
        )
        return [
            {
                "kind": part.kind,
                "shard": part.shard,
                "row": row,
                "id": doc_id or "",
                "lang": lang,
                "step": step,
                "reason": reason,
                "edits": edits,
                "chars": chars,
                "preview": preview,
            }
            for row, doc_id, lang, step, reason, edits, chars, preview in found
        ]

    def _scan(self, part: Part, q: str) -> list[int]:
        """Without FTS5: the rows whose text contains ``q`` (any case), read from the shard."""
        key = (part.file_name, q)
        if key not in self._scans:
            needle = q.casefold()
            found = (
                parquet_rows(part.path, ["text"])
                if part.path.suffix == ".parquet"
                else jsonl_rows(part.path)
            )
            rows = [
                n
                for n, (row, _) in enumerate(found)
                if needle in (row.get("text") or "").casefold()
            ]
            self._remember(self._scans, key, rows)
        return self._scans[key]

    def _conn(self, part: Part) -> sqlite3.Connection:
        assert part.db is not None
        conn = self._conns.get(part.db)
        if conn is None:
            # immutable: a part is never changed in place, only replaced by a new file
            uri = f"{part.db.as_uri()}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute(f"PRAGMA cache_size=-{CACHE_KB}")
            self._conns[part.db] = conn
            if len(self._conns) > OPEN_PARTS:
                self._conns.popitem(last=False)[1].close()
        else:
            self._conns.move_to_end(part.db)
        return conn

    @staticmethod
    def _remember(cache: OrderedDict, key: tuple, value: list[int]) -> None:
        cache[key] = value
        if len(cache) > REMEMBERED:
            cache.popitem(last=False)

    def close(self) -> None:
        with self._lock:
            for conn in self._conns.values():
                conn.close()
            self._conns.clear()


def _build_job(job: tuple[int, tuple[str, str, str, bool]]) -> tuple[int, str | None]:
    """Build one part; its number and what went wrong, if anything (a shard that cannot
    be read must not stop the others)."""
    n, args = job
    try:
        build_part(*args)
    except Exception as err:  # noqa: BLE001
        return n, f"{type(err).__name__}: {err}"
    return n, None


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
