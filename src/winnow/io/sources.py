"""Turn the user's INPUT arguments (files, folders, globs, fsspec URLs) into shards.

A shard is the unit of work an engine hands to one task. A file of many records (JSONL,
Parquet, WARC) is one shard; one-document-per-file inputs (.txt, .html) are grouped into
shards of up to ``files_per_shard`` files, so a folder of a million pages does not become a
million output files. A large file is cut into parts of about ``part_bytes`` first, so that
one 20 GB input keeps every worker busy: an uncompressed local JSONL file at line starts,
a compressed local one at offsets of its decompressed text (each part decompresses from the
start and skips what precedes it), a Parquet file at row-group boundaries, a local WARC or
WET file (plain or gzipped record by record) at record starts (``warc_parts``). Shards are
numbered in sorted path order, parts in file order, which makes output names and "first
occurrence" stable whatever the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import fsspec
from fsspec.core import url_to_fs

from winnow.errors import ConfigError
from winnow.io.warc_parts import warc_parts

RECORD_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".warc": "warc",
    ".wet": "warc",
}
FILE_FORMATS = {".txt": "text", ".html": "html", ".htm": "html"}
COMPRESSIONS = (".gz", ".zst", ".zstd")


@dataclass(frozen=True)
class InputFile:
    url: str  # full fsspec URL or local path
    relpath: str  # path relative to the input root: a stable document id prefix
    format: str
    # a part of a large file: (start, end, records before start); start and end are offsets
    # in the (decompressed) JSONL stream, row-group indexes (Parquet) or offsets in the file
    # on disk (WARC: record starts); end -1: to the end of the stream; records before start:
    # 0 where the reader counts them itself (a compressed stream, read from its start, or a
    # WARC, whose records are named by their own ids). None: the whole file.
    part: tuple[int, int, int] | None = None


@dataclass
class Shard:
    index: int
    files: list[InputFile] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.index:05d}"


def detect_format(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1].lower()
    for suffix in COMPRESSIONS:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.endswith(".warc.wet"):
        return "warc"
    for suffix, fmt in {**RECORD_FORMATS, **FILE_FORMATS}.items():
        if name.endswith(suffix):
            return fmt
    return None


def _protocol_prefix(fs: fsspec.AbstractFileSystem, original: str) -> str:
    if "://" in original:
        return original.split("://", 1)[0] + "://"
    return ""


def expand_inputs(inputs: list[str]) -> list[InputFile]:
    """List every readable file under the inputs, sorted and without repeats."""
    found: dict[str, InputFile] = {}
    for original in inputs:
        fs, root = url_to_fs(original)
        prefix = _protocol_prefix(fs, original)
        if not prefix:
            root = os.path.normpath(os.path.abspath(root))
        if any(ch in root for ch in "*?["):
            matches = sorted(fs.glob(root))
            if not matches:
                raise ConfigError(f"input {original!r} matches no file")
            base = root.split("*", 1)[0].rsplit("/", 1)[0]
            for path in matches:
                if fs.isfile(path):
                    _add(found, prefix, path, base, strict=False)
        elif fs.isdir(root):
            paths = sorted(p for p in fs.find(root) if fs.isfile(p))
            for path in paths:
                _add(found, prefix, path, root, strict=False)
        elif fs.exists(root):
            _add(found, prefix, root, root.rsplit("/", 1)[0], strict=True)
        else:
            raise ConfigError(f"input {original!r} does not exist")
    if not found:
        raise ConfigError(f"no readable input files in {', '.join(inputs)}")
    return sorted(found.values(), key=lambda f: f.url)


def _add(found: dict[str, InputFile], prefix: str, path: str, base: str, strict: bool) -> None:
    fmt = detect_format(path)
    if fmt is None:
        if strict:
            raise ConfigError(
                f"{path}: unknown input format; expected one of "
                ".jsonl .json .ndjson .parquet .warc .warc.wet .txt .html .htm "
                "(optionally .gz or .zst)"
            )
        return
    base = base.rstrip("/")
    rel = path[len(base) + 1 :] if base and path.startswith(base + "/") else path.rsplit("/", 1)[-1]
    url = prefix + path if prefix and not path.startswith(prefix) else path
    found[url] = InputFile(url=url, relpath=rel, format=fmt)


def make_shards(files: list[InputFile], files_per_shard: int = 1000) -> list[Shard]:
    shards: list[Shard] = []
    group: list[InputFile] = []
    for f in files:
        if f.format in ("text", "html"):
            group.append(f)
            if len(group) >= files_per_shard:
                shards.append(Shard(len(shards), group))
                group = []
        else:
            if group:
                shards.append(Shard(len(shards), group))
                group = []
            shards.append(Shard(len(shards), [f]))
    if group:
        shards.append(Shard(len(shards), group))
    return shards


PART_BYTES = 256 * 1024 * 1024
_SCAN_BYTES = 8 * 1024 * 1024


def split_large_files(files: list[InputFile], part_bytes: int = PART_BYTES) -> list[InputFile]:
    """``files`` with each large one replaced by its parts, in order (0: never split)."""
    out: list[InputFile] = []
    for f in files:
        parts = _parts(f, part_bytes) if part_bytes > 0 else None
        if parts is not None and len(parts) > 1:
            out.extend(replace(f, part=part) for part in parts)
        else:
            out.append(f)
    return out


def is_compressed(url: str) -> bool:
    return url.lower().endswith(COMPRESSIONS)


# A compressed file's size on disk times this is taken for its text's size (web text
# compresses 3-5x with gzip or zstd): it sets how many parts the file is read in
COMPRESSION_RATIO = 4


def _parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    if f.format == "jsonl" and is_compressed(f.url):
        # each part decompresses from the start: cheap from a local disk, not over a network
        return None if "://" in f.url else compressed_jsonl_parts(f.url, part_bytes)
    if f.format == "jsonl":  # one sequential read finds the line starts (local or remote)
        return _or_whole(jsonl_parts, f.url, part_bytes)
    if f.format == "parquet" and not is_compressed(f.url):
        return parquet_parts(f.url, part_bytes)
    if f.format == "warc" and f.url.lower().endswith(".gz"):  # gzip members: size on disk
        return _or_whole(warc_parts, f.url, max(part_bytes // COMPRESSION_RATIO, 1))
    if f.format == "warc" and not is_compressed(f.url):  # local or remote: ranged reads
        return _or_whole(warc_parts, f.url, part_bytes)
    return None


def _or_whole(plan: Callable[[str, int], list[tuple[int, int, int]] | None], url: str,
              part_bytes: int) -> list[tuple[int, int, int]] | None:
    """``plan(url, part_bytes)``, or None (the file read whole) where finding the cut points
    fails: a store without sizes or ranged reads, a broken file (which its reader then
    reports, once)."""
    try:
        return plan(url, part_bytes)
    except Exception:  # noqa: BLE001 - any failure here only costs the parallelism
        return None


def compressed_jsonl_parts(path: str, part_bytes: int) -> list[tuple[int, int, int]]:
    """Parts of a compressed line-delimited file, by offsets in the decompressed stream
    (``part_bytes`` each, the last one open-ended: -1), as many as the file's estimated text
    size needs. Nothing is read: each part's reader decompresses from the start and skips
    the lines before its own (``readers.read_jsonl``); a part past the end is empty."""
    count = -(-os.path.getsize(path) * COMPRESSION_RATIO // part_bytes)
    return [(k * part_bytes, (k + 1) * part_bytes if k < count - 1 else -1, 0)
            for k in range(max(count, 1))]


def jsonl_parts(path: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Parts of a line-delimited file: each starts at the first line start at or after a
    multiple of ``part_bytes`` past the previous one, and knows how many lines precede it
    (record numbers, hence document ids, are those of the whole file). One sequential
    read, in chunks: a line of any length costs no memory. A single part (None) when the
    file is no larger than ``part_bytes`` or its size is unknown."""
    fs, fs_path = url_to_fs(path)
    size = fs.size(fs_path)
    if size is None or size <= part_bytes:
        return None
    starts = [(0, 0)]  # (byte offset of a line start, lines before it)
    lines = pos = 0
    target = part_bytes
    with fs.open(fs_path, "rb") as fh:
        while chunk := fh.read(_SCAN_BYTES):
            while target <= pos + len(chunk):
                # a line starts after the newline at target - 1 or later
                j = chunk.find(b"\n", max(target - 1 - pos, 0))
                if j < 0:
                    break
                start = pos + j + 1
                if start >= size:
                    break
                starts.append((start, lines + chunk.count(b"\n", 0, j + 1)))
                target = start + part_bytes
            lines += chunk.count(b"\n")
            pos += len(chunk)
    ends = [s for s, _ in starts[1:]] + [size]
    return [(s, e, n) for (s, n), e in zip(starts, ends, strict=True)]


def parquet_parts(url: str, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Runs of whole row groups of about ``part_bytes`` (uncompressed) each; None when the
    footer cannot be read (the reader then reports the file)."""
    import pyarrow.parquet as pq

    try:
        with fsspec.open(url, "rb") as fh:
            meta = pq.ParquetFile(fh).metadata
    except Exception:  # noqa: BLE001 - a broken file is reported once, by its reader
        return None
    parts = []
    first = rows_before = rows = size = 0
    for group in range(meta.num_row_groups):
        info = meta.row_group(group)
        size += info.total_byte_size
        rows += info.num_rows
        if size >= part_bytes or group == meta.num_row_groups - 1:
            parts.append((first, group + 1, rows_before))
            first, rows_before, size = group + 1, rows, 0
    return parts
