"""The inspector's index: one small SQLite file per output shard, built once and reused.

Each shard of ``kept/`` or ``removed/`` gets a part file holding what the document list
shows (id, language, step, reason, number of edits, characters, the first 140 characters),
the edit steps and reasons a filter can ask for, and a full-text index of the text
(SQLite FTS5, contentless: the text itself stays in the shards only). A part records the
shard's name, size and modification time; a changed shard gets its part rebuilt, and an
unchanged one is reused, so a finished run is indexed once. Parts are written under a
temporary name and renamed when complete, and shards are independent, so they build in
parallel processes, and the server can use each part as soon as it exists.

Words are FTS5's ``unicode61`` tokens (case and diacritics folded). Scripts written without
spaces (Chinese, Japanese, Korean, Thai, Lao, Khmer, Myanmar) are indexed one character a
token, and a query is cut the same way, so that a phrase query finds any substring of
them. Measured with bench/inspect_scale.py (synthetic documents of 2-5 KB in ten
languages), the parts come to 0.9 times the size of the text, 0.75 of it the full-text
index; the ``trigram`` tokenizer, which finds any substring in every script, made a
full-text index of 3 times the text, and took 60% longer to build.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson

VERSION = "1"  # bump when the part schema or the tokenization changes: parts rebuild
BATCH = 1000
PREVIEW = 140
_NO_SPACES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables (particles attach to words without a space)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
)
_NO_SPACES_RUN = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _NO_SPACES) + "]+")
FTS_TABLE = (
    "CREATE VIRTUAL TABLE fts USING fts5(text, content='', columnsize=0, "
    "tokenize='unicode61 remove_diacritics 2')"
)
SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE docs(row INTEGER PRIMARY KEY, id TEXT, language TEXT, rejected_by TEXT, "
    "reason TEXT, edits INTEGER, chars INTEGER, preview TEXT, pos INTEGER)",
    "CREATE TABLE tags(row INTEGER, step TEXT, reason TEXT)",
)
INDEXES = (
    "CREATE INDEX docs_language ON docs(language)",
    "CREATE INDEX docs_step ON docs(rejected_by)",
    "CREATE INDEX docs_reason ON docs(reason)",
    "CREATE INDEX tags_step ON tags(step, row)",
    "CREATE INDEX tags_reason ON tags(reason, row)",
)


def _apart(run: re.Match) -> str:
    return " " + " ".join(run.group()) + " "


def fts_text(text: str) -> str:
    """The text as the index sees it: each character of a script without spaces set apart
    as its own word, so that a phrase of them matches any substring."""
    return _NO_SPACES_RUN.sub(_apart, text)


def fts_query(q: str) -> str:
    """A user's search as one FTS5 phrase (words in this order, adjacent); a trailing ``*``
    makes its last word a prefix."""
    q = q.strip()
    prefix = q.endswith("*")
    phrase = '"' + fts_text(q.rstrip("*")).replace('"', '""') + '"'
    return phrase + " *" if prefix else phrase


@cache
def has_fts5() -> bool:
    """Whether this Python's SQLite has FTS5 compiled in (python.org, Debian, Ubuntu,
    Homebrew and conda builds do); without it, search scans the shards instead."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


@dataclass(eq=False)  # one object per shard: hashed by identity
class Part:
    """One output shard and its index file."""

    kind: str  # kept | removed
    shard: str  # the shard's file stem (its URL name)
    path: Path  # the shard
    key: str  # name, size, mtime and index version: the part is valid while they hold
    db: Path | None = None  # the part file, once built or found valid
    rows: int = 0
    langs: frozenset[str] = frozenset()
    steps: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    fts: bool = True
    error: str | None = None

    @property
    def file_name(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", self.shard)
        if safe != self.shard:
            safe += "-" + hashlib.sha256(self.shard.encode()).hexdigest()[:8]
        return f"{self.kind}-{safe}.sqlite"

    def load(self, db: Path) -> bool:
        """Adopt ``db`` if it is a complete part for this very shard."""
        try:
            with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            conn.close()
        except sqlite3.Error:
            return False
        if meta.get("key") != self.key:
            return False
        self.db = db
        self.rows = int(meta["rows"])
        self.fts = meta.get("fts") == "1"
        self.langs, self.steps, self.reasons = (
            frozenset(orjson.loads(meta[k])) for k in ("langs", "steps", "reasons")
        )
        return True


def shard_key(path: Path) -> str:
    stat = path.stat()
    return f"{VERSION}:{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def list_parts(out: Path) -> list[Part]:
    """The run's shards in list order: kept, then removed, each by name."""
    parts = []
    for kind in ("kept", "removed"):
        folder = out / kind
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in (".parquet", ".jsonl") and path.is_file():
                    parts.append(Part(kind, path.stem, path, shard_key(path)))
    return parts


def index_dirs(out: Path) -> list[Path]:
    """Where parts may be: beside the run (``OUT/_state/inspect``), then a cache folder for
    an OUT this user cannot write (``$XDG_CACHE_HOME/winnow/inspect/<hash of OUT>``)."""
    digest = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return [out / "_state" / "inspect", cache_home / "winnow" / "inspect" / digest]


def writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def parquet_rows(path: Path, columns: list[str]) -> Iterator[tuple[dict[str, Any], None]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    present = [c for c in columns if c in parquet.schema_arrow.names]
    if "language" not in present and "lang" in parquet.schema_arrow.names:
        present.append("lang")  # shards written before FineWeb's names
    for batch in parquet.iter_batches(batch_size=BATCH, columns=present):
        for row in batch.to_pylist():
            yield row, None


def jsonl_rows(path: Path) -> Iterator[tuple[dict[str, Any], int]]:
    """Rows with their byte offsets, so a document page can seek straight to its line."""
    with open(path, "rb") as fh:
        pos = 0
        for line in fh:
            if line.strip():
                yield orjson.loads(line), pos
            pos += len(line)


def build_part(path: str, key: str, target: str, fts: bool = True) -> dict[str, Any]:
    """Index one shard into ``target`` (written as ``target.tmp-PID``, then renamed).

    Streams the shard a batch at a time: memory stays bounded whatever its size. Runs in
    a worker process for large runs, so it takes and returns plain values."""
    shard, final = Path(path), Path(target)
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        for statement in SCHEMA + ((FTS_TABLE,) if fts else ()):
            conn.execute(statement)
        columns = ["id", "text", "language", "rejected_by", "reason", "edits"]
        rows: Iterator[tuple[dict[str, Any], int | None]] = (
            parquet_rows(shard, columns) if shard.suffix == ".parquet" else jsonl_rows(shard)
        )
        n, langs, steps, reasons = 0, set(), set(), set()
        docs: list[tuple] = []
        tags: list[tuple] = []
        texts: list[tuple[int, str]] = []
        for row, pos in rows:
            text = row.get("text") or ""
            lang = row.get("language", row.get("lang"))
            edits = row.get("edits") or []
            if isinstance(edits, str):
                edits = orjson.loads(edits)
            marks = {(e.get("step"), e.get("reason")) for e in edits}
            step, reason = row.get("rejected_by"), row.get("reason")
            preview = " ".join(text[: 4 * PREVIEW].split())[:PREVIEW]
            docs.append((n, row.get("id"), lang, step, reason, len(edits), len(text), preview, pos))
            tags.extend((n, s, r) for s, r in marks)
            if fts:
                texts.append((n, fts_text(text)))
            langs.add(lang)
            steps.update([step, *(s for s, _ in marks)])
            reasons.update([reason, *(r for _, r in marks)])
            n += 1
            if len(docs) >= BATCH:
                _flush(conn, docs, tags, texts)
        _flush(conn, docs, tags, texts)
        for statement in INDEXES:
            conn.execute(statement)
        meta = {
            "key": key,
            "rows": str(n),
            "fts": "1" if fts else "0",
            "langs": orjson.dumps(sorted(x for x in langs if x)).decode(),
            "steps": orjson.dumps(sorted(x for x in steps if x)).decode(),
            "reasons": orjson.dumps(sorted(x for x in reasons if x)).decode(),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.commit()
        conn.close()
        os.replace(tmp, final)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    return {"rows": n}


def _flush(conn: sqlite3.Connection, docs: list, tags: list, texts: list) -> None:
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    conn.executemany("INSERT INTO tags VALUES (?, ?, ?)", tags)
    if texts:
        conn.executemany("INSERT INTO fts(rowid, text) VALUES (?, ?)", texts)
    docs.clear()
    tags.clear()
    texts.clear()
