"""The index of the references' n-grams: built once a machine, shared by every worker.

Layout, one folder under ``cache_dir`` named by a hash of the references' names and bytes
and the parameters (content-addressed: edited evaluation data gets a new index, the same
data is never built twice):

* ``hashes.npy``: the distinct n-gram hashes, sorted (uint64; 8 bytes an n-gram);
* ``item.npy``, ``start.npy``: for each hash, the item and word offset of its first
  occurrence (uint32 each): what a hit is verified against and the detail names;
* ``bitmap.npy``: one bit per 2**-k of the hash space (32 bits an n-gram, so ~3% of a
  document's n-grams pass it), which most lookups stop at;
* ``texts.npy``, ``labels.npy`` (UTF-8 bytes) with their ``*_offsets.npy``: each item's
  text (its words are found again for the few items a document hits) and its label
  ("line 17", "line 3 (id mmlu-128)");
* ``meta.json``: the files, n, counts.

The first worker to need the index takes a file lock, builds it in a temporary folder and
renames it into place (atomic); the others wait on the lock and then map the same files
with ``np.load(mmap_mode="r")``: N workers share one copy in the page cache. Workers of a
cluster share it where ``cache_dir`` is on a shared disk; otherwise each machine builds its
own once.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from winnow.errors import ConfigError
from winnow.steps.decontam.hashing import Words, ngram_hashes, words_of, words_of_many

FORMAT = 1  # bump when hashing, normalisation or layout change: old folders are not read
BITS_PER_NGRAM = 32
BATCH_ITEMS = 512  # items tokenised and hashed together
MAX_BITMAP_BITS = 32  # 512 MB, reached past 1.3e8 distinct n-grams
_ARRAYS = (
    *("hashes", "item", "start", "bitmap"),
    *("texts", "text_offsets", "labels", "label_offsets", "item_file"),
)


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "winnow-decontam"


@dataclass(frozen=True)
class Reference:
    name: str  # the file as the detail names it
    url: str
    format: str  # "jsonl", "parquet" or "lines" (plain text, one item a line)


def resolve(paths: list[str]) -> list[Reference]:
    """The reference files: each path a file, a folder or a glob (JSONL, Parquet or plain
    text). A path that names nothing is a ConfigError."""
    from fsspec.core import url_to_fs

    from winnow.io.formats import detect_format
    from winnow.io.sources import expand_inputs

    found: list[Reference] = []
    for path in paths:
        fs, root = url_to_fs(path)
        if not any(ch in root for ch in "*?[") and not fs.isdir(root):
            if not fs.exists(root):
                raise ConfigError(f"reference file {path!r} does not exist")
            fmt = detect_format(path)
            found.append(Reference(path, path, fmt if fmt in ("jsonl", "parquet") else "lines"))
            continue
        for f in expand_inputs([path]):
            fmt = f.format if f.format in ("jsonl", "parquet") else "lines"
            found.append(Reference(f.url, f.url, fmt))
    return found


def read_items(ref: Reference) -> Iterator[tuple[str, str]]:
    """(label, text) of every item of one reference file, in order. A record that cannot
    be read stops the run: a decontamination that silently skips part of a benchmark
    would pass its leaks."""
    from winnow.document import Document
    from winnow.io.base import BadRecord, InputFile, open_stream
    from winnow.io.formats import read_file

    f = InputFile(url=ref.url, relpath=ref.url.rsplit("/", 1)[-1], format=ref.format)
    if ref.format == "lines":
        with open_stream(f) as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    raise ConfigError(f"reference {ref.name}, line {number}: {err}") from None
                if line.strip():
                    yield f"line {number}", line
        return
    kind = "line" if ref.format == "jsonl" else "row"
    for item in read_file(f):
        if isinstance(item, BadRecord):
            raise ConfigError(f"reference {ref.name} ({item.location}): {item.error}")
        if isinstance(item, Document):
            record = (item.source or "").rsplit(":", 1)[-1]
            named = f" (id {item.id})" if item.id != item.source else ""
            yield f"{kind} {record}{named}", item.text


def cache_key(refs: list[Reference], n: int) -> str:
    """A hash of the parameters and of every reference's name and bytes."""
    import fsspec

    digest = xxhash.xxh3_128(f"winnow-decontam {FORMAT} n={n}\n".encode())
    for ref in refs:
        digest.update(f"{ref.name}\n{ref.format}\n".encode())
        with fsspec.open(ref.url, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        digest.update(b"\n--\n")
    return digest.hexdigest()


def _pack(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 byte array and the offsets of each (len + 1 of them)."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.uint64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def build(refs: list[Reference], n: int, folder: Path) -> dict[str, Any]:
    """Read every item, hash its n-grams, write the index files into ``folder``."""
    started = time.perf_counter()
    hashes: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    texts: list[str] = []
    labels: list[str] = []
    item_file: list[int] = []
    batch: list[str] = []

    def hash_batch() -> None:  # one vectorised pass over many items
        found, owner = words_of_many(batch)
        hashes.append(found.hashes)
        counts.append(np.bincount(owner, minlength=len(batch)))
        texts.extend(batch)
        batch.clear()

    for number, ref in enumerate(refs):
        for label, text in read_items(ref):
            batch.append(text)
            labels.append(label)
            item_file.append(number)
            if len(batch) >= BATCH_ITEMS:
                hash_batch()
    if batch:
        hash_batch()
    lengths = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    short = int((lengths < n).sum())  # no n-gram of their own; kept: item numbers stay aligned
    word_hashes = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
    del hashes[:]
    owner = np.repeat(np.arange(lengths.size, dtype=np.uint32), lengths)
    grams = ngram_hashes(word_hashes, n)  # over the concatenation: crossing ones dropped
    del word_hashes
    inside = np.flatnonzero(owner[: grams.size] == owner[n - 1 :]) if grams.size else grams
    if inside.size == 0:
        raise ConfigError(
            f"no reference item has {n} words: nothing to match (lower n, at least 5)"
        )
    first_word = np.cumsum(lengths) - lengths
    total = int(inside.size)
    distinct, first = np.unique(grams[inside], return_index=True)  # first occurrence
    position = inside[first]
    del grams, inside, first  # each array is written, then let go: a lower peak

    def save(name: str, array: np.ndarray) -> None:
        np.save(folder / f"{name}.npy", array)

    item = owner[position]
    save("item", item)
    save("start", (position - first_word[item]).astype(np.uint32))
    del owner, position, item
    bits = min(MAX_BITMAP_BITS, max(16, int(np.ceil(np.log2(distinct.size * BITS_PER_NGRAM)))))
    slot = distinct >> np.uint64(64 - bits)
    bitmap = np.zeros(1 << (bits - 3), dtype=np.uint8)
    bit = np.left_shift(np.uint64(1), slot & np.uint64(7)).astype(np.uint8)
    np.bitwise_or.at(bitmap, slot >> np.uint64(3), bit)
    save("bitmap", bitmap)
    save("hashes", distinct)
    count = int(distinct.size)
    del slot, bit, bitmap, distinct
    for name, strings in (("texts", texts), ("labels", labels)):
        blob, offsets = _pack(strings)
        save(name, blob)
        save(f"{name[:-1]}_offsets", offsets)
        strings.clear()
    save("item_file", np.array(item_file, dtype=np.uint32))
    meta = {
        "format": FORMAT,
        "n": n,
        "files": [ref.name for ref in refs],
        "items": len(item_file),
        "short_items": short,
        "ngrams": total,
        "distinct_ngrams": count,
        "bitmap_bits": bits,
        "build_s": round(time.perf_counter() - started, 3),
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (POSIX ``flock``; elsewhere none: at worst two
    workers build the same index, and one rename wins)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def open_index(refs: list[Reference], n: int, cache_dir: str = "") -> NgramIndex:
    """The index of ``refs``: mapped from the cache, or built there first (once)."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    key = cache_key(refs, n)
    folder = root / key
    if (folder / "meta.json").exists():
        return NgramIndex(folder, built=False)
    with _locked(root / f"{key}.lock"):
        if (folder / "meta.json").exists():  # built by another worker while we waited
            return NgramIndex(folder, built=False)
        for stale in root.glob(f"{key}.tmp-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        scratch = Path(tempfile.mkdtemp(prefix=f"{key}.tmp-", dir=root))
        try:
            build(refs, n, scratch)
            os.rename(scratch, folder)
        except OSError:
            if not (folder / "meta.json").exists():
                raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return NgramIndex(folder, built=True)


def _load(path: Path) -> np.ndarray:
    """The array in ``path``, mapped read-only: a plain ndarray over the mapping (no copy;
    np.memmap's subclass hooks cost microseconds on every small lookup)."""
    try:
        return np.asarray(np.load(path, mmap_mode="r"))
    except ValueError:  # an empty array cannot be mapped
        return np.load(path)


@dataclass(frozen=True)
class Match:
    """The first n-gram a document shares with the references."""

    file: str
    label: str
    words: list[str]


class NgramIndex:
    """A mapped index (see the module docstring) and its lookup."""

    def __init__(self, folder: Path, built: bool) -> None:
        self.folder = folder
        self.built = built  # this process built it (False: found in the cache)
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.n = int(self.meta["n"])
        self.files = list(self.meta["files"])
        arrays = {name: _load(folder / f"{name}.npy") for name in _ARRAYS}
        self.hashes = arrays["hashes"]
        self.item, self.start = arrays["item"], arrays["start"]
        self.bitmap = arrays["bitmap"]
        self.texts, self.text_offsets = arrays["texts"], arrays["text_offsets"]
        self.labels, self.label_offsets = arrays["labels"], arrays["label_offsets"]
        self.item_file = arrays["item_file"]
        self.shift = np.uint64(64 - int(self.meta["bitmap_bits"]))

    def _string(self, blob: np.ndarray, offsets: np.ndarray, item: int) -> str:
        data = bytes(blob[int(offsets[item]) : int(offsets[item + 1])])
        return data.decode("utf-8", "surrogatepass")

    def item_words(self, item: int) -> Words:
        """An item's words, found again from its text (only for the items hit)."""
        return words_of(self._string(self.texts, self.text_offsets, item))

    def matches(self, words: Words) -> tuple[int, Match | None]:
        """How many distinct reference n-grams ``words`` holds, and the first of them.

        Linear in the document: its n-gram hashes, the bitmap for all, a binary search
        for the few that pass, and each hash hit compared word for word with the
        reference n-gram it stands for (a 64-bit collision never removes a document).
        """
        n = self.n
        grams = ngram_hashes(words.hashes, n)
        if grams.size == 0:
            return 0, None
        key = grams >> self.shift
        bit = (self.bitmap[key >> np.uint64(3)] >> (key & np.uint64(7)).astype(np.uint8)) & 1
        maybe = np.flatnonzero(bit)
        if maybe.size == 0:
            return 0, None
        wanted = grams[maybe]
        rows = np.searchsorted(self.hashes, wanted)
        rows[rows == self.hashes.size] = 0
        hit = self.hashes[rows] == wanted
        found: set[int] = set()
        first: Match | None = None
        cache: dict[int, Words] = {}
        for position, row in zip(maybe[hit].tolist(), rows[hit].tolist(), strict=True):
            if row in found:
                continue
            item, start = int(self.item[row]), int(self.start[row])
            if item not in cache:
                cache[item] = self.item_words(item)
            reference = cache[item].slice(start, start + n)
            if words.slice(position, position + n) != reference:
                continue  # a hash collision, not a shared n-gram
            found.add(row)
            if first is None:
                label = self._string(self.labels, self.label_offsets, item)
                first = Match(self.files[int(self.item_file[item])], label, reference)
        return len(found), first
