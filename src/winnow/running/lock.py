"""One run at a time per OUT: a lock file, ``OUT/_state/lock``.

The lock is created atomically (``O_CREAT | O_EXCL``) and holds who took it: pid, host,
boot and pid-namespace ids, the process's start time, when it was taken and a heartbeat
the holder refreshes every ``HEARTBEAT_S``. Another run finding it stops with one line that
names the holder. A lock is stale, and taken over, when its holder is gone:

- on this machine (same host, boot and pid namespace), when the pid is dead, a zombie, or
  another process started since (a reused pid);
- elsewhere (another host: a shared filesystem), when its heartbeat is older than
  ``LEASE_S``.

Two runs taking over one stale lock at once are serialised by an ``flock`` on
``lock.takeover`` (released by the kernel if the taker dies), so only one wins.

On object storage the same design holds with the store's primitives: create the lock
object with a conditional put (``If-None-Match: *``), refresh the heartbeat with a put
conditional on the ETag read, and take over a lock whose heartbeat is older than the lease
with a put conditional on that stale ETag.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from winnow.errors import OutputConflictError

HEARTBEAT_S = 30.0
LEASE_S = 300.0  # a lock from another host without a heartbeat for this long is stale
_UNREADABLE_GRACE_S = 10.0  # an empty lock file (its writer died creating it) is stale after


class OutputLockedError(OutputConflictError):
    """OUT is being written by another run."""


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def _boot_id() -> str:
    return _read(Path("/proc/sys/kernel/random/boot_id")).strip()


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


def _proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state first), or None."""
    text = _read(Path(f"/proc/{pid}/stat"))
    return text.rsplit(")", 1)[1].split() if ")" in text else None


def process_start(pid: int) -> str:
    """When ``pid`` started (clock ticks since boot; "" where /proc is not there)."""
    fields = _proc_stat(pid)
    return fields[19] if fields and len(fields) > 19 else ""


def pid_alive(pid: int, started: str = "") -> bool:
    """Whether ``pid`` runs (not a zombie) and, given its start time, is the same process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: alive
    fields = _proc_stat(pid)
    if fields is None:
        return True  # no /proc (macOS): the signal check is all there is
    if fields[0] in ("Z", "X"):
        return False
    return not started or len(fields) <= 19 or fields[19] == started


def _command() -> str:
    """This process's command line, with ``--storage-option`` values (which may hold
    secrets) left out: the lock is readable by whoever can read OUT."""
    words, hide = [], False
    for word in sys.argv:
        if hide:
            word, hide = word.split("=", 1)[0] + "=…", False
        elif word == "--storage-option":
            hide = True
        elif word.startswith("--storage-option="):
            word = "--storage-option=" + word.split("=", 1)[1].split("=", 1)[0] + "=…"
        words.append(word)
    return " ".join(words)


class OutputLock:
    """The lock of one OUT; ``acquire`` it before writing, ``release`` it when done."""

    def __init__(self, state: Path) -> None:
        self.path = state / "lock"
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._info: dict[str, Any] = {}

    def _describe(self) -> dict[str, Any]:
        now = time.time()
        return {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "boot_id": _boot_id(),
            "pid_namespace": _pid_namespace(),
            "process_start": process_start(os.getpid()),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
            "heartbeat": now,
            "token": self.token,
            "command": _command()[:300],
        }

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise ``OutputLockedError`` if held."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._info = self._describe()
        data = orjson.dumps(self._info, option=orjson.OPT_INDENT_2)
        deadline = time.monotonic() + 3 * _UNREADABLE_GRACE_S
        while time.monotonic() < deadline:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                self._take_over_if_stale()
                continue
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            self._beat = threading.Thread(target=self._heartbeat, daemon=True, name="lock")
            self._beat.start()
            return
        raise OutputLockedError(f"could not take the lock {self.path}: it keeps changing")

    def _take_over_if_stale(self) -> None:
        with _serialised(self.path.with_name("lock.takeover")):
            raw = self._read_raw()
            if raw is None:
                return  # gone meanwhile: try to create it again
            holder = _parse(raw)
            if holder is None:
                age = time.time() - self._mtime()
                if age < _UNREADABLE_GRACE_S:
                    time.sleep(0.1)  # being written right now
                    return
            elif not self._stale(holder):
                raise OutputLockedError(self._message(holder))
            if self._read_raw() == raw:  # nobody replaced it since it was judged
                self.path.unlink(missing_ok=True)

    def _read_raw(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except FileNotFoundError:
            return 0.0

    def _stale(self, holder: dict[str, Any]) -> bool:
        mine = self._info
        same_machine = (
            holder.get("host") == mine["host"]
            and holder.get("boot_id", "") == mine["boot_id"]
            and holder.get("pid_namespace", "") == mine["pid_namespace"]
        )
        if same_machine:
            return not pid_alive(int(holder.get("pid", 0)), str(holder.get("process_start", "")))
        if holder.get("host") == mine["host"] and holder.get("boot_id") != mine["boot_id"]:
            return bool(mine["boot_id"])  # this machine was restarted since
        return time.time() - float(holder.get("heartbeat", 0)) > LEASE_S

    def _message(self, holder: dict[str, Any]) -> str:
        where = f"pid {holder.get('pid')} on {holder.get('host')}"
        elsewhere = holder.get("host") != self._info["host"]
        return (
            f"{self._out_name()} is in use by another winnow run ({where}, started "
            f"{holder.get('started')}): wait for it to end, or stop it and rerun"
            + (
                f" (a lock from another machine is taken over after {LEASE_S:.0f} s without "
                "a heartbeat)"
                if elsewhere
                else " (the lock of a killed run is taken over)"
            )
        )

    def _out_name(self) -> str:
        return str(self.path.parent.parent)

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            try:
                if _parse(self._read_raw() or b"") is None or not self.held():
                    return
                self._info["heartbeat"] = time.time()
                tmp = self.path.with_name(f"lock.{self.token}.tmp")
                tmp.write_bytes(orjson.dumps(self._info, option=orjson.OPT_INDENT_2))
                os.replace(tmp, self.path)
            except OSError:
                continue  # a full disk: the pid still tells this machine the lock is held

    def held(self) -> bool:
        holder = _parse(self._read_raw() or b"")
        return holder is not None and holder.get("token") == self.token

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        try:
            if self.held():
                self.path.unlink()
        except OSError:
            pass  # a read-only or full OUT: the lock is stale once this process ends


def _parse(raw: bytes | None) -> dict[str, Any] | None:
    try:
        data = orjson.loads(raw or b"")
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


@contextmanager
def _serialised(path: Path) -> Any:
    """An exclusive ``flock`` on ``path`` while the block runs (nothing where unsupported)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
