"""Kill a run for real at exact places (``WINNOW_FAULT``, see ``winnow.running.faults``): the
main process only or its whole process group, in a stage, between tasks, inside a plan,
before the stats; a worker mid-task or as it starts. Afterwards no worker is left, the
rerun takes over the lock and resumes, and its output is byte for byte an uninterrupted
run's, without a duplicated row. Every run here has a timeout: a hang fails the test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_engine import output_bytes

from conftest import ROOT, write_jsonl
from winnow.running.runner import RunOptions, run

RECIPE = "name: kill-test\nsteps: [dedup.exact, clean.repeats]\n"
FILES, PER_FILE = 4, 30
TIMEOUT_S = 120
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    src = root / "in"
    src.mkdir()
    for f in range(FILES):
        rows = [
            # every fifth text repeats across files: the plan has duplicates to decide
            {"id": f"f{f}-{i}", "text": f"shared text {i}" if i % 5 == 0 else f"text {f} {i} " * 9}
            for i in range(PER_FILE)
        ]
        write_jsonl(src / f"part-{f}.jsonl", rows)
    (root / "recipe.yaml").write_text(RECIPE)
    return root


@pytest.fixture(scope="module")
def clean(corpus: Path) -> dict[str, bytes]:
    out = corpus / "clean"
    run(RunOptions([str(corpus / "in")], str(out), recipe=str(corpus / "recipe.yaml"), quiet=True))
    return output_bytes(out)


def winnow(corpus: Path, out: Path, fault: str, workers: int = 2) -> tuple[int, str, str]:
    """``winnow run`` in a session of its own with ``WINNOW_FAULT=fault``; its exit code,
    stderr, and the tag its processes (driver and workers) carry in their environment."""
    tag = uuid.uuid4().hex
    env = {
        **os.environ,
        "WINNOW_FAULT": fault,
        "WINNOW_TEST_TAG": tag,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "running"), str(ROOT / "src")]),
    }
    cmd = [sys.executable, "-m", "winnow.cli", "run", str(corpus / "in"), "-o", str(out)]
    cmd += ["--recipe", str(corpus / "recipe.yaml"), "--workers", str(workers), "-q"]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, start_new_session=True
    )
    return proc.returncode, proc.stderr, tag


def tagged(tag: str) -> list[int]:
    """Live (not zombie) processes whose environment carries ``tag``."""
    needle = f"WINNOW_TEST_TAG={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def assert_no_stray_worker(tag: str) -> None:
    deadline = time.time() + 5
    while tagged(tag) and time.time() < deadline:
        time.sleep(0.1)
    assert not tagged(tag), "worker processes outlived the killed run"


def assert_resumes_to_clean(corpus: Path, out: Path, clean: dict[str, bytes]) -> None:
    run(RunOptions([str(corpus / "in")], str(out), recipe=str(corpus / "recipe.yaml"), quiet=True))
    assert output_bytes(out) == clean
    rows = [r["id"] for kind in ("kept", "removed") for r in pq.read_table(out / kind).to_pylist()]
    assert len(rows) == len(set(rows)) == FILES * PER_FILE  # none lost, none twice
    assert not list(out.rglob("*.tmp"))
    assert not (out / "_state" / "lock").exists()


@pytest.mark.parametrize(
    "fault",
    [
        "after-task:0=kill",  # the main process only, between tasks of stage 0
        "plan:0=kill",  # the main process only, inside the plan (one decision file written)
    ],
)
def test_killing_the_main_process_kills_its_workers_and_the_rerun_resumes(
    corpus: Path, clean: dict[str, bytes], tmp_path: Path, fault: str
) -> None:
    code, stderr, tag = winnow(corpus, tmp_path / "out", fault)
    assert code == -9, stderr
    assert_no_stray_worker(tag)
    assert (tmp_path / "out" / "_state" / "lock").exists()  # left behind: stale
    assert_resumes_to_clean(corpus, tmp_path / "out", clean)


@pytest.mark.slow
@pytest.mark.parametrize(
    "fault",
    [
        "before-plan:0=killgroup",  # every process, between stage 0 and its plan
        "after-task:1=killgroup",  # every process, in the second stage
        "before-stats=kill",  # the main process, all tasks done, no stats yet
    ],
)
def test_killing_at_other_points_resumes(
    corpus: Path, clean: dict[str, bytes], tmp_path: Path, fault: str
) -> None:
    code, stderr, tag = winnow(corpus, tmp_path / "out", fault)
    assert code == -9, stderr
    assert_no_stray_worker(tag)
    assert_resumes_to_clean(corpus, tmp_path / "out", clean)


def test_a_worker_killed_mid_task_fails_that_task_only(
    corpus: Path, clean: dict[str, bytes], tmp_path: Path
) -> None:
    """The out-of-memory killer's SIGKILL, simulated: one clear line, no traceback, the
    other shards done, and the rerun redoes that task only."""
    flag = tmp_path / "killed-once"
    code, stderr, tag = winnow(corpus, tmp_path / "out", f"task:0:00001=kill@{flag}")
    assert code == 2, stderr
    assert "1 task(s) failed; rerun the same command" in stderr
    assert "stage 0 shard 00001" in stderr and "killed by SIGKILL" in stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    markers = {p.name for p in (tmp_path / "out" / "_state" / "markers" / "stage0").iterdir()}
    assert markers == {"00000.json", "00002.json", "00003.json"}  # the others finished
    assert_no_stray_worker(tag)
    assert_resumes_to_clean(corpus, tmp_path / "out", clean)


def test_a_worker_killed_as_it_starts_costs_no_task(
    corpus: Path, clean: dict[str, bytes], tmp_path: Path
) -> None:
    flag = tmp_path / "killed-once"
    code, stderr, _ = winnow(corpus, tmp_path / "out", f"worker-start=kill@{flag}")
    assert flag.exists(), "the fault did not fire"
    assert code == 0, stderr
    assert output_bytes(tmp_path / "out") == clean


@pytest.mark.slow
def test_ray_tasks_die_with_their_driver(corpus: Path, tmp_path: Path) -> None:
    """A driver killed while its Ray tasks run: the local cluster it started shares its
    fate, and its task processes end (Ray's own agents take up to a minute more)."""
    pytest.importorskip("ray")
    tag = uuid.uuid4().hex
    env = {**os.environ, "WINNOW_FAULT": "after-task:0=kill", "WINNOW_TEST_TAG": tag}
    env["PYTHONPATH"] = str(ROOT / "src")
    cmd = [sys.executable, "-m", "winnow.cli", "run", str(corpus / "in"), "-o", str(tmp_path)]
    cmd += ["--recipe", str(corpus / "recipe.yaml"), "--engine", "ray", "--workers", "2", "-q"]
    done = subprocess.run(cmd, env=env, capture_output=True, timeout=300, start_new_session=True)
    assert done.returncode == -9, done.stderr
    deadline = time.time() + 30
    workers = ray_workers(tag)
    while workers and time.time() < deadline:
        time.sleep(0.5)
        workers = ray_workers(tag)
    assert not workers, "Ray task processes outlived their driver"


def ray_workers(tag: str) -> list[int]:
    """Ray's worker processes (titled ``ray::_call`` busy, ``ray::IDLE`` idle), not its
    agents."""
    found = []
    for pid in tagged(tag):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"ray::") and b"Agent" not in title:
            found.append(pid)
    return found
