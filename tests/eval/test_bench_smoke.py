"""The benchmark harness must not rot: a tiny run of each script (no timing asserted)."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, shared_path

pytestmark = pytest.mark.slow


def test_fineweb_compare_smoke(tmp_path):
    shared_path("data", "wcxb")
    out = tmp_path / "r.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "fineweb_compare.py"), "--docs", "40",
                    "--work", str(tmp_path / "w"), "--json", str(out)], check=True,
                   capture_output=True)
    results = json.loads(out.read_text())
    assert results["winnow fineweb"]["documents"] == 40
    assert results["read floor"]["documents"] == 40


def test_minhash_bench_smoke(tmp_path):
    shared_path("data", "wcxb")
    out = tmp_path / "m.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "minhash.py"), "--bases", "15",
                    "--json", str(out)], check=True, capture_output=True)
    quality = json.loads(out.read_text())["quality"]
    assert quality["recall"] > 0.8
