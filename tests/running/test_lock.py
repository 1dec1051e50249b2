"""One run at a time per OUT: the lock file under OUT/_state, its stale cases, and two real
runs into one OUT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from test_engine import output_bytes

from conftest import ROOT, write_jsonl
from winnow.errors import OutputConflictError
from winnow.recipe import parse_recipe
from winnow.running import lock as lock_module
from winnow.running.lock import OutputLock, OutputLockedError
from winnow.running.runner import RunOptions, run


def holder(state: Path, **fields: object) -> None:
    """A lock file as another run would have left it (this machine's ids by default)."""
    mine = OutputLock(state)._describe()
    state.mkdir(parents=True, exist_ok=True)
    (state / "lock").write_bytes(orjson.dumps({**mine, "token": "theirs", **fields}))


def dead_pid() -> tuple[int, str]:
    """The pid and start time of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    started = ""
    while not started:
        started = lock_module.process_start(proc.pid)
    proc.wait()
    return proc.pid, started


def test_a_held_lock_names_its_holder(tmp_path: Path) -> None:
    first = OutputLock(tmp_path / "_state")
    first.acquire()
    try:
        with pytest.raises(OutputLockedError) as caught:
            OutputLock(tmp_path / "_state").acquire()
        message = str(caught.value)
        assert f"pid {os.getpid()} on {socket.gethostname()}" in message
        assert "in use by another winnow run" in message and "\n" not in message
        assert isinstance(caught.value, OutputConflictError)
    finally:
        first.release()
    assert not (tmp_path / "_state" / "lock").exists()
    second = OutputLock(tmp_path / "_state")
    second.acquire()  # free again
    second.release()


def test_stale_locks_are_taken_over(tmp_path: Path) -> None:
    pid, started = dead_pid()
    cases = {
        "dead": {"pid": pid, "process_start": started},
        "reused pid": {"pid": os.getpid(), "process_start": "1"},  # another process's start
        "rebooted": {"pid": os.getpid(), "boot_id": "an-earlier-boot"},
        "other host, no heartbeat": {"host": "elsewhere", "heartbeat": time.time() - 3600},
    }
    for name, fields in cases.items():
        state = tmp_path / name / "_state"
        holder(state, **fields)
        taker = OutputLock(state)
        taker.acquire()
        assert taker.held(), name
        taker.release()


def test_live_locks_are_respected(tmp_path: Path) -> None:
    cases = {
        "this process": {"pid": os.getpid()},
        "other host, recent heartbeat": {"host": "elsewhere", "heartbeat": time.time()},
    }
    for name, fields in cases.items():
        state = tmp_path / name.replace(",", "") / "_state"
        holder(state, **fields)
        with pytest.raises(OutputLockedError, match="in use"):
            OutputLock(state).acquire()


def test_a_zombie_holds_no_lock(tmp_path: Path) -> None:
    """A killed run whose parent has not reaped it yet is dead all the same."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    started = ""
    while not started:
        started = lock_module.process_start(proc.pid)
    time.sleep(0.5)  # exited, not waited for: a zombie
    holder(tmp_path / "_state", pid=proc.pid, process_start=started)
    taker = OutputLock(tmp_path / "_state")
    taker.acquire()
    taker.release()
    proc.wait()


def test_an_empty_lock_file_is_stale_after_a_grace(tmp_path: Path, monkeypatch) -> None:
    """Its writer died between creating and writing it."""
    monkeypatch.setattr(lock_module, "_UNREADABLE_GRACE_S", 0.3)
    state = tmp_path / "_state"
    state.mkdir()
    (state / "lock").write_bytes(b"")
    taker = OutputLock(state)
    taker.acquire()
    assert taker.held()
    taker.release()


@pytest.mark.slow
def test_two_runs_into_one_out(tmp_path: Path) -> None:
    """A second run is refused while the first holds OUT; once the first is killed, the
    second takes over its lock and finishes the work."""
    src = tmp_path / "in"
    src.mkdir()
    for f in range(3):
        write_jsonl(
            src / f"p{f}.jsonl", [{"id": f"{f}-{i}", "text": f"t {f} {i}"} for i in range(9)]
        )
    (tmp_path / "r.yaml").write_text("steps: [dedup.exact]\n")
    out = tmp_path / "out"
    env = {**os.environ, "WINNOW_FAULT": "after-task:0=sleep:60"}
    env["PYTHONPATH"] = str(ROOT / "src")
    cmd = [sys.executable, "-m", "winnow.cli", "run", str(src), "-o", str(out)]
    cmd += ["--recipe", str(tmp_path / "r.yaml"), "--workers", "2", "-q"]
    first = subprocess.Popen(cmd, env=env, start_new_session=True)
    try:
        markers = out / "_state" / "markers" / "stage0"
        deadline = time.time() + 120
        while not (markers.exists() and any(markers.iterdir())) and time.time() < deadline:
            time.sleep(0.05)
        recipe = parse_recipe({"name": "r", "steps": ["dedup.exact"]})
        second = RunOptions([str(src)], str(out), recipe=str(tmp_path / "r.yaml"), quiet=True)
        with pytest.raises(OutputLockedError, match=f"pid {first.pid} on"):
            run(second)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    run(second)
    run(RunOptions([str(src)], str(tmp_path / "clean"), recipe=recipe, quiet=True))
    assert output_bytes(out) == output_bytes(tmp_path / "clean")
