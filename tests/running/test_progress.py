"""Progress on a terminal: a run over one large file (one task) shows documents/s, MB/s and
an ETA from inside its only task, on a line that a narrow terminal does not cut before
the counter; skipped-record lines are capped; Ray shows the same."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import ROOT
from winnow.running.progress import MAX_MESSAGES, Messages, stage_label

PROGRESS = re.compile(
    r"\d+% [\d.]+[kMG]?B/[\d.]+[kMG]?B, [\d.]+[kMG]?B/s, ETA \d\d:\d\d, [\d,]+ docs/s"
)


def big_jsonl(path: Path, megabytes: int) -> Path:
    rng = random.Random(5)
    words = ["".join(rng.choices("abcdefghijklmnop", k=6)) for _ in range(4000)]
    with path.open("w") as fh:
        written, n = 0, 0
        while written < megabytes * 1_000_000:
            line = json.dumps({"id": str(n), "text": " ".join(rng.choices(words, k=80))}) + "\n"
            fh.write(line)
            written += len(line)
            n += 1
    return path


def test_the_stage_label_is_short() -> None:
    names = ["html.extract", "lang.identify", "clean.lines", "quality.gopher", "pii.redact"]
    assert stage_label(names, "dedup.exact", 0, 4) == "stage 1/4: extract…dedup.exact keys"
    assert stage_label(["pii.redact"], None, 3, 4) == "stage 4/4: pii.redact"
    assert stage_label([], None, 1, 2) == "stage 2/2: write"


def test_skipped_record_lines_are_capped(capsys: pytest.CaptureFixture[str]) -> None:
    messages = Messages(quiet=False)
    messages.add([f"skipped unreadable record: line {i}" for i in range(MAX_MESSAGES)], 1_000)
    messages.add(["skipped unreadable record: another"], 500)
    messages.close()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == MAX_MESSAGES + 1
    assert err[-1].startswith("winnow: … and 1,480 more skipped or quarantined records")
    quiet = Messages(quiet=True)
    quiet.add(["x"], 5)
    quiet.close()
    assert capsys.readouterr().err == ""


def test_one_large_file_shows_rate_and_eta_while_it_runs(tmp_path: Path) -> None:
    """25 MB of JSONL, one task: within seconds of its start, a line with MB/s, an ETA and
    documents/s, while the run still goes on (seen on a pseudo-terminal 140 wide)."""
    src = tmp_path / "in"
    src.mkdir()
    big_jsonl(src / "big.jsonl", 25)
    (tmp_path / "r.yaml").write_text(
        "imports: [faulty_steps]\nsteps: [clean.encoding, {testing.slow: {ms: 0.1}}]\n"
    )
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'tests' / 'running'}{os.pathsep}{ROOT / 'src'}"}
    cmd = [sys.executable, "-m", "winnow.cli", "run", str(src), "-o", str(tmp_path / "out")]
    cmd += ["--recipe", str(tmp_path / "r.yaml"), "--workers", "2"]
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen, found, running = b"", None, False
    deadline = time.time() + 90
    try:
        while time.time() < deadline and found is None:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
            text = seen.decode("utf-8", "replace").replace("\r", "\n")
            found = next((line for line in text.splitlines() if PROGRESS.search(line)), None)
            running = proc.poll() is None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    assert found is not None, seen.decode("utf-8", "replace")[-2000:]
    assert running, "the run had ended before a progress line with an ETA came"
    assert found.startswith("stage 1/1: encoding…testing.slow")
    assert "0/1 shards" in found
    assert len(found) <= 140
    assert not (tmp_path / "out" / "stats.json").exists()


@pytest.mark.slow
def test_ray_shows_progress_and_skipped_records(tmp_path: Path, capfd) -> None:
    pytest.importorskip("ray")
    from winnow.recipe import parse_recipe
    from winnow.running.runner import RunOptions, run

    src = tmp_path / "in"
    src.mkdir()
    for f in range(2):
        good = "".join(json.dumps({"id": f"{f}-{i}", "text": f"t {i}"}) + "\n" for i in range(50))
        (src / f"p{f}.jsonl").write_text(good + "{broken\n" * 30)
    recipe = parse_recipe({"name": "p", "steps": ["clean.encoding"]})
    run(RunOptions([str(src)], str(tmp_path / "out"), recipe=recipe, engine="ray", progress=True))
    err = capfd.readouterr().err
    assert len(re.findall("skipped unreadable record", err)) == MAX_MESSAGES
    assert "… and 40 more skipped or quarantined records" in err
    assert re.search(r"stage 1/1: clean\.encoding 100% .*docs/s, 2/2 shards", err)
    assert re.search(r"winnow: read 100 documents, [\d.]+ MB in", err)
