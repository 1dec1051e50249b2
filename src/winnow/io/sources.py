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

import errno
import glob as globmod
import os
import stat
from dataclasses import dataclass, field, replace

import fsspec
from fsspec.core import url_to_fs

from winnow.errors import ConfigError, MissingExtraError, missing_dependency, missing_extra
from winnow.io.base import InputFile
from winnow.io.formats import detect_format, file_parts


@dataclass
class Shard:
    index: int
    files: list[InputFile] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.index:05d}"


@dataclass(frozen=True)
class SkippedInput:
    """A path given or found that is not read, and why (reported on stderr and in
    stats.json, never dropped unseen)."""

    path: str
    reason: str


# protocol → (module, extra): the filesystems behind pyproject's extras
_REMOTE_EXTRAS = {
    "s3": ("s3fs", "s3"),
    "s3a": ("s3fs", "s3"),
    "gs": ("gcsfs", "gcs"),
    "gcs": ("gcsfs", "gcs"),
}
_LISTED_FORMATS = ".jsonl .json .ndjson .parquet .warc .warc.wet .txt .html .htm"


def _protocol_prefix(fs: fsspec.AbstractFileSystem, original: str) -> str:
    if "://" in original:
        return original.split("://", 1)[0] + "://"
    return ""


def resolve(url: str) -> tuple[fsspec.AbstractFileSystem, str]:
    """``url_to_fs``, with a missing filesystem package named in one line (the extra to
    install) instead of fsspec's ImportError."""
    try:
        return url_to_fs(url)
    except ImportError as err:
        protocol = url.split("://", 1)[0].lower() if "://" in url else "file"
        if protocol in _REMOTE_EXTRAS:
            module, extra = _REMOTE_EXTRAS[protocol]
            raise missing_extra(module, extra) from None
        if protocol in ("http", "https"):
            raise missing_dependency("aiohttp") from None
        raise MissingExtraError(f"{url}: {protocol}:// needs a package: {err}") from None


def expand_inputs(inputs: list[str], skipped: list[SkippedInput] | None = None) -> list[InputFile]:
    """List every readable file under the inputs, sorted and without repeats. Every other
    path found (an unknown format, a special file, an unreadable folder, a symlink loop)
    is appended to ``skipped`` with its reason; a path named on its own that cannot be
    read is a ConfigError. Nothing is opened: a FIFO or a device never blocks a listing."""
    found: dict[str, InputFile] = {}
    passed: list[SkippedInput] = []
    for original in inputs:
        fs, root = resolve(original)
        prefix = _protocol_prefix(fs, original)
        if not prefix or prefix == "file://":
            _expand_local(original, root, found, passed, prefix)
            continue
        try:
            _expand_remote(original, fs, root, prefix, found, passed)
        except (ConfigError, MissingExtraError):
            raise
        except Exception as err:  # noqa: BLE001 - each store raises its own types
            raise ConfigError(
                f"input {original!r} cannot be listed: {type(err).__name__}: {err}"
            ) from None
    if skipped is not None:
        skipped.extend(passed)
    if not found:
        detail = ""
        if passed:
            first = passed[0]
            detail = f" ({len(passed)} path(s) skipped, e.g. {first.path}: {first.reason})"
        raise ConfigError(f"no readable input files in {', '.join(inputs)}{detail}")
    return sorted(found.values(), key=lambda f: f.url)


def _expand_remote(
    original: str,
    fs: fsspec.AbstractFileSystem,
    root: str,
    prefix: str,
    found: dict[str, InputFile],
    skipped: list[SkippedInput],
) -> None:
    if any(ch in root for ch in "*?["):
        matches = sorted(fs.glob(root))
        if not matches:
            raise ConfigError(f"input {original!r} matches no file")
        base = root.split("*", 1)[0].rsplit("/", 1)[0]
        for path in matches:
            if fs.isdir(path):
                for inner in sorted(fs.find(path)):
                    _add(found, skipped, prefix, inner, base, strict=False)
            else:
                _add(found, skipped, prefix, path, base, strict=False)
    # a URL named like an input file is taken for one: an HTTP "folder" test would
    # download it to look for links
    elif detect_format(root) is None and fs.isdir(root):
        for path in sorted(fs.find(root)):
            _add(found, skipped, prefix, path, root, strict=False)
    elif fs.exists(root):
        _add(found, skipped, prefix, root, root.rsplit("/", 1)[0], strict=True)
    else:
        raise ConfigError(f"input {original!r} does not exist")


def _expand_local(
    original: str,
    root: str,
    found: dict[str, InputFile],
    skipped: list[SkippedInput],
    prefix: str,
) -> None:
    root = os.path.normpath(os.path.abspath(root))
    if any(ch in root for ch in "*?["):
        matches = sorted(globmod.glob(root))
        if not matches:
            raise ConfigError(f"input {original!r} matches no file")
        base = root.split("*", 1)[0].rsplit("/", 1)[0]
        for path in matches:
            _add_local(path, base, found, skipped, prefix, strict=False)
        return
    if not os.path.lexists(root):
        raise ConfigError(f"input {original!r} does not exist")
    _add_local(
        root,
        root if os.path.isdir(root) else os.path.dirname(root),
        found,
        skipped,
        prefix,
        strict=True,
    )


def _add_local(
    path: str,
    base: str,
    found: dict[str, InputFile],
    skipped: list[SkippedInput],
    prefix: str,
    strict: bool,
) -> None:
    """``path`` (a file or a folder, walked) with its reason where it is not read."""
    seen: set[tuple[int, int]] = set()
    stack = [path]
    while stack:
        current = stack.pop()
        kind = _local_kind(current)
        if kind == "folder":
            st = os.stat(current)
            if (st.st_dev, st.st_ino) in seen:
                skipped.append(SkippedInput(current, "symlink loop: a folder already listed"))
                continue
            seen.add((st.st_dev, st.st_ino))
            try:
                names = sorted(os.listdir(current))
            except OSError as err:
                _refuse(
                    SkippedInput(current, f"folder unreadable: {err.strerror or err}"),
                    skipped,
                    strict and current == path,
                )
                continue
            stack.extend(os.path.join(current, n) for n in reversed(names))
        elif kind == "file":
            if not os.access(current, os.R_OK):
                _refuse(
                    SkippedInput(current, "permission denied"), skipped, strict and current == path
                )
                continue
            _add(found, skipped, prefix, current, base, strict=strict and current == path)
        else:
            _refuse(SkippedInput(current, kind), skipped, strict and current == path)


def _local_kind(path: str) -> str:
    """ "folder", "file", or why ``path`` is neither (stat follows links; opens nothing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink loop"
        if err.errno == errno.ENOENT and os.path.islink(path):
            return f"broken symlink (to {os.readlink(path)})"
        return f"cannot be read: {err.strerror or err}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    what = (
        "a character device"
        if stat.S_ISCHR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    target = f" ({os.path.realpath(path)})" if os.path.islink(path) else ""
    return f"{what}{target}, not a regular file: only regular files are read"


def _refuse(skip: SkippedInput, skipped: list[SkippedInput], strict: bool) -> None:
    if strict:
        raise ConfigError(f"input {skip.path}: {skip.reason}")
    skipped.append(skip)


def _add(
    found: dict[str, InputFile],
    skipped: list[SkippedInput],
    prefix: str,
    path: str,
    base: str,
    strict: bool,
) -> None:
    fmt = detect_format(path)
    if fmt is None:
        reason = _unknown_format(path)
        if strict:
            raise ConfigError(f"{path}: {reason}")
        skipped.append(
            SkippedInput(prefix + path if prefix and "://" not in path else path, reason)
        )
        return
    base = base.rstrip("/")
    rel = path[len(base) + 1 :] if base and path.startswith(base + "/") else path.rsplit("/", 1)[-1]
    url = prefix + path if prefix and not path.startswith(prefix) else path
    found[url] = InputFile(url=url, relpath=rel, format=fmt)


def _unknown_format(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith((".arc", ".arc.gz")):
        return "an ARC file (the format before WARC): not read; convert it to WARC first"
    return f"unknown input format; expected one of {_LISTED_FORMATS} (optionally .gz or .zst)"


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
