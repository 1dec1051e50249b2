"""One run at a time per OUT on an object store: a lock object, ``OUT/_state/lock``.

The same lock as ``winnow.running.lock`` (who holds it, a heartbeat, stale when the holder
is gone) built on what a store offers instead of ``O_EXCL`` and ``flock``: the lock object
is created with a conditional put (``If-None-Match: *``), so of two runs starting at once
exactly one creates it. A stale lock (its process dead on this machine, or no heartbeat
from another machine for ``LEASE_S``) is deleted and created anew by the same conditional
put. Every taker reads the lock back after a short wait and proceeds only if it holds its
own token, so two runs taking over one stale lock, or starting at once on a store that
ignores the condition, do not both go on.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

from winnow.io import storage
from winnow.running.lock import (
    _UNREADABLE_GRACE_S,
    HEARTBEAT_S,
    OutputLock,
    OutputLockedError,
    _parse,
)

_SETTLE_S = 0.5  # a taker re-reads the lock this long after creating it


class ObjectLock(OutputLock):
    """The lock object of an OUT on an object store."""

    def __init__(self, state: str) -> None:
        self.path = storage.join(state, "lock")  # type: ignore[assignment]
        self.state = state
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._info: dict[str, Any] = {}
        self._seen: dict[bytes, float] = {}  # unreadable lock contents, when first seen

    def acquire(self) -> None:
        self._info = self._describe()
        data = orjson.dumps(self._info, option=orjson.OPT_INDENT_2)
        deadline = time.monotonic() + 3 * _UNREADABLE_GRACE_S
        while time.monotonic() < deadline:
            if storage.create_exclusive(str(self.path), data):
                # read back: a store that ignores If-None-Match, or another taker's
                # delete + create after a takeover, shows here
                time.sleep(_SETTLE_S)
                if not self.held():
                    continue
                self._beat = threading.Thread(target=self._heartbeat, daemon=True, name="lock")
                self._beat.start()
                return
            self._take_over_if_stale()
        raise OutputLockedError(f"could not take the lock {self.path}: it keeps changing")

    def _take_over_if_stale(self) -> bool:  # type: ignore[override]
        raw = self._read_raw()
        if raw is None:
            return False  # gone meanwhile: try to create it again
        holder = _parse(raw)
        if holder is None:
            first = self._seen.setdefault(raw, time.monotonic())
            if time.monotonic() - first < _UNREADABLE_GRACE_S:
                time.sleep(0.2)
                return False
        elif not self._stale(holder):
            raise OutputLockedError(self._message(holder))
        if self._read_raw() == raw:  # nobody replaced it since it was judged
            storage.remove(str(self.path))
        return True

    def _read_raw(self) -> bytes | None:
        try:
            return storage.read_bytes(str(self.path))
        except FileNotFoundError:
            return None

    def _out_name(self) -> str:
        return storage.parent(self.state)

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            try:
                if not self.held():
                    return
                self._info["heartbeat"] = time.time()
                storage.write_bytes(
                    str(self.path), orjson.dumps(self._info, option=orjson.OPT_INDENT_2)
                )
            except OSError:
                continue  # a failed request: the next beat tries again

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        try:
            if self.held():
                storage.remove(str(self.path))
        except OSError:
            pass  # the lock goes stale after LEASE_S


def output_lock(state: str) -> OutputLock:
    """The lock of the OUT whose state folder is ``state``: a lock file for a folder, a
    lock object for an object store."""
    if storage.is_remote(state):
        return ObjectLock(state)
    return OutputLock(Path(state))
