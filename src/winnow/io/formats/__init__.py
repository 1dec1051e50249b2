"""The input formats: which files each reads (by name), how a large file is cut into
parts, and the reader of each. One module a format; ``read_file`` and ``file_parts`` pick
the module by the file's format, importing it only when a file of that format comes."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from winnow.errors import ShardError
from winnow.io.base import COMPRESSIONS, BadRecord, InputFile, Item, ReadLimits

RECORD_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".warc": "warc",
    ".wet": "warc",
}
FILE_FORMATS = {".txt": "text", ".html": "html", ".htm": "html"}
# format → its module under winnow.io.formats
MODULES = {"jsonl": "jsonl", "parquet": "parquet", "text": "text", "html": "text", "warc": "warc"}


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


def _module(fmt: str):
    return importlib.import_module(f"winnow.io.formats.{MODULES[fmt]}")


def read_file(f: InputFile, limits: ReadLimits | None = None) -> Iterator[Item]:
    """Yield everything in one input file; never raises for bad data. A remote file whose
    reading fails for a reason outside the data (a connection lost, a time-out, a server
    error) raises ShardError: the task fails and a rerun retries it, rather than the file
    being counted unreadable."""
    try:
        yield from _module(f.format).read(f, limits or ReadLimits())
    except Exception as err:  # any decoder's error is one bad file, not a crash
        if _transient(f, err):
            raise ShardError(
                f"{f.url}: reading failed ({type(err).__name__}: {err}); rerun to retry"
            ) from err
        # Raised while opening or decompressing: a corrupt gzip, a truncated zstd frame.
        yield BadRecord(f.url, "file", f"unreadable: {type(err).__name__}: {err}")


# the clients of remote filesystems (fsspec's HTTP, s3fs, gcsfs) raise their own types
_NETWORK_MODULES = ("aiohttp", "botocore", "aiobotocore", "google", "requests", "urllib3")


def _transient(f: InputFile, err: Exception) -> bool:
    """Whether ``err``, raised reading remote ``f``, is the network's fault, not the file's."""
    if "://" not in f.url or f.url.startswith("file://"):
        return False
    if isinstance(err, FileNotFoundError | PermissionError | IsADirectoryError):
        return False
    if isinstance(err, ConnectionError | TimeoutError):
        return True
    module = type(err).__module__.split(".", 1)[0]
    if module in _NETWORK_MODULES:
        return True
    # an OSError that is not a decoder's (BadGzipFile is one): the socket or the store
    return type(err) is OSError and err.errno is not None


def file_parts(f: InputFile, part_bytes: int) -> list[tuple[int, int, int]] | None:
    """Where to cut a large file into parts (see ``InputFile.part``), or None: read whole."""
    parts = getattr(_module(f.format), "parts", None)
    return parts(f, part_bytes) if parts is not None else None
