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
from dataclasses import dataclass, field, replace

import fsspec
from fsspec.core import url_to_fs

from winnow.errors import ConfigError
from winnow.io.base import InputFile
from winnow.io.formats import detect_format, file_parts


@dataclass
class Shard:
    index: int
    files: list[InputFile] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.index:05d}"


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


def split_large_files(files: list[InputFile], part_bytes: int = PART_BYTES) -> list[InputFile]:
    """``files`` with each large one replaced by its parts, in order (0: never split)."""
    out: list[InputFile] = []
    for f in files:
        parts = file_parts(f, part_bytes) if part_bytes > 0 else None
        if parts is not None and len(parts) > 1:
            out.extend(replace(f, part=part) for part in parts)
        else:
            out.append(f)
    return out
