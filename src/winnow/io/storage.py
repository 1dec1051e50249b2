"""OUT wherever fsspec reaches: a local folder, ``s3://bucket/prefix``, ``gs://…``.

Every file under OUT (shards, stage files, markers, plans, stats, report, quarantine) is
written, read, listed and removed through these functions, so the runner, its tasks and
the plans are one code path for a folder and for a bucket. Paths are strings: a local
path or a URL.

How a write commits, so that a rerun trusts only whole files:

- local: the file is written as ``NAME.tmp`` and renamed (``os.replace``, atomic);
- object stores: a stream goes up as a pending multipart upload, invisible under its key,
  and is committed (``CompleteMultipartUpload``; GCS: the resumable upload's last request)
  only when whole; an abort discards the pending parts. Small files go up in one
  ``PUT``, which a store applies whole or not at all. Nothing half-written ever has the
  final name, and the runner writes each task's marker after the files it vouches for.

Credentials and endpoints come from the store's standard variables (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``, ``GOOGLE_APPLICATION_CREDENTIALS``) and
from ``--storage-option KEY=VALUE`` (:func:`configure`), which reach every filesystem of
OUT's protocol in this process and in every worker (inputs on the same store too).
Throttled and failed requests are retried with backoff by the store's client (botocore's
``standard`` retry mode for S3, gcsfs's own retries), a bounded number of times.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from typing import Any, BinaryIO, TypeVar

import fsspec

# the part size of multipart uploads: five open writers per task stay near 40 MB
BLOCK_BYTES = 8 * 1024 * 1024
READ_BLOCK_BYTES = 4 * 1024 * 1024  # read-ahead of a remote file opened for reading
# retries of a throttled or failed S3 request (botocore's default is 3 in legacy mode)
S3_RETRIES = {"max_attempts": 8, "mode": "standard"}


def is_remote(path: str) -> bool:
    """Whether ``path`` names an object or file behind an fsspec protocol."""
    return "://" in path and not path.startswith("file://")


def protocol(path: str) -> str:
    return path.split("://", 1)[0].lower() if is_remote(path) else "file"


def join(base: str, *parts: str) -> str:
    if not is_remote(base):
        return os.path.join(base, *parts)
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])


def parent(path: str) -> str:
    if not is_remote(path):
        return os.path.dirname(path)
    return path.rstrip("/").rsplit("/", 1)[0]


def name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def parse_options(items: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs (``--storage-option``) as fsspec keyword arguments: ``true``
    and ``false`` become booleans, whole numbers integers, a dotted key a nested dict
    (``client_kwargs.region_name=eu-west-1``)."""
    options: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--storage-option takes KEY=VALUE, got {item!r}")
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        elif raw.lstrip("-").isdigit():
            value = int(raw)
        *outer, last = key.strip().split(".")
        into = options
        for part in outer:
            into = into.setdefault(part, {})
            if not isinstance(into, dict):
                raise ValueError(f"--storage-option {item!r} clashes with another option")
        into[last] = value
    return options


def configure(out: str, options: Mapping[str, Any] | None = None) -> None:
    """Make ``options`` the defaults of every filesystem of ``out``'s protocol in this
    process (fsspec's own configuration, so inputs on the same store get them too)."""
    proto = protocol(out)
    if proto == "file":
        return
    # a listing cached by one call must not answer a later exists() (another process
    # writes under OUT meanwhile)
    defaults: dict[str, Any] = {"use_listings_cache": False}
    if proto in ("s3", "s3a"):
        defaults["config_kwargs"] = {"retries": dict(S3_RETRIES)}
    merged = _deep_merge(defaults, dict(options or {}))
    names = ("s3", "s3a") if proto in ("s3", "s3a") else (proto,)
    for n in names:
        if fsspec.config.conf.get(n) != merged:
            fsspec.config.conf[n] = merged
            _FILESYSTEMS.pop(n, None)


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_FILESYSTEMS: dict[str, fsspec.AbstractFileSystem] = {}


@contextlib.contextmanager
def named(path: str) -> Iterator[None]:
    """A store's error that names no path (s3fs: "The specified bucket does not exist")
    re-raised as the same kind of ``OSError`` naming ``path``."""
    try:
        yield
    except OSError as err:
        if err.filename is not None:
            raise
        code = err.errno
        if code is None:
            code = {FileNotFoundError: errno.ENOENT, PermissionError: errno.EACCES}.get(
                type(err), errno.EIO
            )
        message = err.strerror or str(err) or type(err).__name__
        try:
            named_err = type(err)(code, message, path)
        except TypeError:  # a subclass with its own signature (s3fs's FileExpired)
            named_err = OSError(code, f"{type(err).__name__}: {message}", path)
        raise named_err from err


def filesystem(path: str) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem holding ``path`` (one per protocol and process) and the path in it;
    a missing package named in one line with its extra."""
    from winnow.io.sources import resolve

    proto = protocol(path)
    fs = _FILESYSTEMS.get(proto)
    if fs is None:
        fs, inner = resolve(path)
        _FILESYSTEMS[proto] = fs
        return fs, inner
    return fs, fs._strip_protocol(path)


F = TypeVar("F", bound=Callable[..., Any])


def _naming_path(fn: F) -> F:
    """Errors of ``fn(path, …)`` name ``path`` (see :func:`named`)."""

    @functools.wraps(fn)
    def call(path: str, *args: Any, **kwargs: Any) -> Any:
        with named(path):
            return fn(path, *args, **kwargs)

    return call  # type: ignore[return-value]


@_naming_path
def exists(path: str) -> bool:
    if not is_remote(path):
        return os.path.exists(path)
    fs, inner = filesystem(path)
    return bool(fs.exists(inner))


@_naming_path
def read_bytes(path: str) -> bytes:
    if not is_remote(path):
        with open(path, "rb") as fh:
            return fh.read()
    fs, inner = filesystem(path)
    return bytes(fs.cat_file(inner))


@_naming_path
def size(path: str) -> int:
    if not is_remote(path):
        return os.path.getsize(path)
    fs, inner = filesystem(path)
    return int(fs.size(inner))


@_naming_path
def open_read(path: str) -> BinaryIO:
    """A seekable binary file (pyarrow reads Parquet footers and row groups through it)."""
    if not is_remote(path):
        return open(path, "rb")
    fs, inner = filesystem(path)
    # small blocks: a Parquet reader asks for footers and column chunks, and s3fs's
    # default 50 MB read-ahead would break "memory is one row group"
    return fs.open(inner, "rb", block_size=READ_BLOCK_BYTES)


def parquet_source(path: str) -> Any:
    """What ``pyarrow.parquet.ParquetFile`` reads: the path itself where it is local (so
    pyarrow maps it), an open remote file otherwise."""
    return path if not is_remote(path) else open_read(path)


def parquet_file(path: str) -> Any:
    import pyarrow.parquet as pq

    return pq.ParquetFile(parquet_source(path))


def read_parquet(path: str, columns: list[str] | None = None) -> Any:
    """A whole Parquet file (or some of its columns) as a pyarrow Table."""
    return parquet_file(path).read(columns=columns)


@_naming_path
def read_range(path: str, start: int, end: int) -> bytes:
    """Bytes ``[start, end)`` of a file (a ranged GET on an object store)."""
    if not is_remote(path):
        with open(path, "rb") as fh:
            fh.seek(start)
            return fh.read(end - start)
    fs, inner = filesystem(path)
    return bytes(fs.cat_file(inner, start=start, end=end))


CACHE_KEEP_S = 6 * 3600  # another plan's copies untouched this long are removed


def _cache_folder(root: str) -> str:
    import hashlib

    digest = hashlib.sha256(root.encode()).hexdigest()[:24]
    return os.path.join(tempfile.gettempdir(), "winnow-cache", digest)


def _sweep_cache(keep: str) -> None:
    """Remove this machine's copies of other plans' files left long ago (a node whose
    plan ended without it, or a killed run): the driver's cleanup reaches only its own
    machine."""
    import time

    top = os.path.dirname(keep)
    for entry in listdir(top):
        folder = os.path.join(top, entry)
        with contextlib.suppress(OSError):
            if folder != keep and time.time() - os.path.getmtime(folder) > CACHE_KEEP_S:
                shutil.rmtree(folder, ignore_errors=True)


@_naming_path
def local_copy(path: str, root: str) -> str:
    """A local file with the bytes of ``path`` (itself where local), for what must be
    memory-mapped: downloaded once per machine (the processes of one node share it) into
    a temporary folder of ``root``'s. ``root`` is a plan's scratch, whose name holds a
    nonce drawn for each plan, so a copy never outlives the files it copies."""
    if not is_remote(path):
        return path
    relative = path[len(root) :].strip("/") if path.startswith(root) else name(path)
    folder = _cache_folder(root)
    local = os.path.join(folder, *relative.split("/"))
    if not os.path.exists(local):
        if not os.path.exists(folder):
            _sweep_cache(folder)
        os.makedirs(os.path.dirname(local), exist_ok=True)
        fs, inner = filesystem(path)
        tmp = f"{local}.{os.getpid()}.tmp"
        fs.get_file(inner, tmp)
        os.replace(tmp, local)
    return local


def forget_local_copies(root: str) -> None:
    """Drop this machine's downloaded copies of files under ``root`` (a finished plan's
    scratch); a no-op for a local ``root``."""
    if is_remote(root):
        shutil.rmtree(_cache_folder(root), ignore_errors=True)


@_naming_path
def listdir(path: str) -> list[str]:
    """The names in a folder (or under a prefix), sorted; none where it does not exist."""
    if not is_remote(path):
        try:
            return sorted(os.listdir(path))
        except (FileNotFoundError, NotADirectoryError):
            return []
    fs, inner = filesystem(path)
    try:
        entries = fs.ls(inner, detail=False, refresh=True)
    except FileNotFoundError:
        return []
    return sorted(name(str(e)) for e in entries if str(e).rstrip("/") != inner.rstrip("/"))


@_naming_path
def is_dir(path: str) -> bool:
    if not is_remote(path):
        return os.path.isdir(path)
    fs, inner = filesystem(path)
    return bool(fs.isdir(inner))


@_naming_path
def remove(path: str) -> None:
    """Remove one file; a missing one is no error."""
    try:
        if not is_remote(path):
            os.unlink(path)
            return
        fs, inner = filesystem(path)
        fs.rm_file(inner)
    except FileNotFoundError:
        pass


@_naming_path
def remove_tree(path: str) -> None:
    """Remove a folder (a prefix) and all it holds; a missing one is no error."""
    if not is_remote(path):
        shutil.rmtree(path, ignore_errors=True)
        return
    fs, inner = filesystem(path)
    with contextlib.suppress(FileNotFoundError):
        if fs.exists(inner):
            fs.rm(inner, recursive=True)


def makedirs(path: str) -> None:
    """Create a local folder and its parents (object stores have no folders)."""
    if not is_remote(path):
        os.makedirs(path, exist_ok=True)


@_naming_path
def write_bytes(path: str, data: bytes) -> None:
    """Write a whole file so that it appears whole or not at all."""
    if not is_remote(path):
        tmp = path + ".tmp"
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # leave a full disk the little room there is
            raise
        return
    fs, inner = filesystem(path)
    fs.pipe_file(inner, data)  # one PUT: whole or nothing


@_naming_path
def create_exclusive(path: str, data: bytes) -> bool:
    """Write ``path`` only if nothing is there (S3 ``If-None-Match: *``; a local
    ``O_EXCL``); return whether this call created it."""
    if not is_remote(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        return True
    fs, inner = filesystem(path)
    try:
        fs.pipe_file(inner, data, mode="create")
    except FileExistsError:
        return False
    except (TypeError, ValueError, NotImplementedError):
        # a store without conditional writes: check, write, and read back who won
        if fs.exists(inner):
            return False
        fs.pipe_file(inner, data)
        return bool(fs.cat_file(inner) == data)
    except OSError as err:
        if "precondition" in str(err).lower() or "412" in str(err):
            return False
        raise
    return True


def local_staging(path: str) -> str:
    """Where a file bound for ``path`` is built on this machine before
    :func:`commit_local`: beside it for a local OUT, in the temporary folder otherwise."""
    if not is_remote(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        return path + ".tmp"
    fd, tmp = tempfile.mkstemp(prefix="winnow-", suffix="-" + name(path))
    os.close(fd)
    return tmp


def drop_local(tmp: str) -> None:
    """Remove a staged file that will not be committed (never raises)."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def commit_local(tmp: str, path: str) -> None:
    """Publish the finished local file ``tmp`` as ``path`` (a rename, or an upload that
    completes whole) and drop ``tmp``."""
    if not is_remote(path):
        os.replace(tmp, path)
        return
    fs, inner = filesystem(path)
    try:
        with named(path):
            fs.put_file(tmp, inner)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class AtomicWriter:
    """A binary file committed under ``path`` by :meth:`commit`, discarded by
    :meth:`abort`; nothing appears under ``path`` before the commit. Locally, a writer
    that writes ``tmp`` by its own means (pyarrow, by path) leaves ``file`` unopened."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.remote = is_remote(path)
        self._file: Any = None
        if self.remote:
            fs, inner = filesystem(path)
            self.tmp = path
            with named(path):
                self._file = fs.open(inner, "wb", autocommit=False, block_size=BLOCK_BYTES)
        else:
            self.tmp = path + ".tmp"
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)

    @property
    def file(self) -> Any:
        if self._file is None:
            self._file = open(self.tmp, "wb")  # noqa: SIM115 - closed by commit/abort
        return self._file

    def write(self, data: bytes) -> int:
        return int(self.file.write(data))

    def commit(self) -> None:
        if self._file is None and not self.remote and not os.path.exists(self.tmp):
            _ = self.file  # nothing written: an empty file
        if self._file is not None:
            self._file.close()
        if self.remote:
            with named(self.path):
                self._file.commit()
        else:
            os.replace(self.tmp, self.path)

    def abort(self) -> None:
        """Drop what was written; never raises (it runs while another error goes up)."""
        if self.remote:
            with contextlib.suppress(Exception):
                self._file.discard()
            return
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


@contextlib.contextmanager
def atomic_writer(path: str) -> Iterator[AtomicWriter]:
    writer = AtomicWriter(path)
    try:
        yield writer
        writer.commit()
    except BaseException:
        writer.abort()
        raise
