"""The fuzz targets (``fuzz_targets.py``): every seed and regression case through every
target, and (slow, with atheris installed) each target fuzzed for a few seconds."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_targets import TARGETS, run_target, seeds, write_seeds

HERE = Path(__file__).resolve().parent
SECONDS_EACH = 2  # 11 targets: about half a minute of fuzzing in all


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_seeds_and_regressions_pass(target):
    for data in seeds(target):
        run_target(target, data)


def test_a_broken_reader_would_be_caught(monkeypatch):
    """A target fails when a reader yields something it must not, or raises."""
    import fuzz_targets

    def bad_read(f, limits=None):
        yield "not an item"

    monkeypatch.setattr(fuzz_targets, "read_file", bad_read)
    with pytest.raises(AssertionError):
        run_target("jsonl", b'{"text": "x"}\n')

    def raising_read(f, limits=None):
        raise RuntimeError("reader crashed")
        yield

    monkeypatch.setattr(fuzz_targets, "read_file", raising_read)
    with pytest.raises(RuntimeError):
        run_target("text", b"x")


@pytest.mark.slow
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target(target, tmp_path):
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed: pip install atheris (test extra)")
    corpus = write_seeds(target, tmp_path / "corpus")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_one.py"),
            target,
            f"-max_total_time={SECONDS_EACH}",
            "-timeout=10",  # an input taking longer hangs a worker: a failure
            "-rss_limit_mb=3072",
            f"-artifact_prefix={artifacts}/",
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(HERE)},
    )
    found = sorted(artifacts.iterdir())
    if result.returncode != 0 or found:
        cases = "\n".join(f"    ({target!r}, {p.read_bytes()!r})," for p in found)
        pytest.fail(
            f"fuzzing {target} failed (exit {result.returncode}); add the input(s) to "
            f"fuzz_targets.REGRESSIONS once fixed:\n{cases}\n{result.stderr[-3000:]}"
        )
