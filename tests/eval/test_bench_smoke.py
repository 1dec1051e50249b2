"""The benchmark harness must not rot: a tiny run of each script (no timing asserted)."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, shared_path

pytestmark = pytest.mark.slow


def test_make_bench_harness_smoke(tmp_path):
    """``bench/run_all.py --smoke``: every benchmark on tiny inputs, the RESULTS block
    written (datatrove's side only where its environment exists: ``make bench`` builds it)."""
    shared_path("data", "wcxb")
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nhand-kept history\n")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run_all.py"),
            "--smoke",
            "--work",
            str(tmp_path / "w"),
            "--results",
            str(results),
        ],
        check=True,
        capture_output=True,
    )
    text = results.read_text()
    assert "## Latest `make bench` (smoke" in text and text.endswith("hand-kept history\n")
    fineweb = json.loads((tmp_path / "w" / "fineweb.json").read_text())
    assert any(
        k.startswith("winnow fineweb (all") and v["documents"] == 60
        for k, v in fineweb.items()
        if isinstance(v, dict)
    )
    assert fineweb["read floor (all)"]["documents"] == 60


def test_minhash_bench_smoke(tmp_path):
    shared_path("data", "wcxb")
    out = tmp_path / "m.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "minhash.py"), "--bases", "15", "--json", str(out)],
        check=True,
        capture_output=True,
    )
    quality = json.loads(out.read_text())["quality"]
    assert quality["pair_recall"] > 0.8
