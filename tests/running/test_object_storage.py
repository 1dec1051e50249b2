"""OUT (and inputs) on S3: a real S3 server on loopback (moto's server mode, started by the
``s3_server`` fixture), never a mock of the client. The same bytes as a local run, resume
after SIGKILL, a second run into the same OUT refused, clear one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_dedup_engine import RECIPE, corpus
from test_engine import output_bytes

from conftest import ROOT
from winnow.running.runner import RunOptions, run

TIMEOUT_S = 180
RECIPE_YAML = (
    "name: dedup-test\nsteps: [dedup.exact, dedup.minhash, {dedup.paragraphs: {max_docs: 3}}]\n"
)


def cli(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "winnow.cli", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kw,
    )


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, stderr = proc.communicate(timeout=TIMEOUT_S)
    return proc.returncode, stderr


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("s3")
    src = corpus(root / "in")
    (root / "recipe.yaml").write_text(RECIPE_YAML)
    run(RunOptions([str(src)], str(root / "local"), recipe=RECIPE, workers=2, quiet=True))
    return root, output_bytes(root / "local")


def test_s3_out_has_the_bytes_of_a_local_run(s3_server, local_run, tmp_path: Path) -> None:
    root, local = local_run
    out = f"s3://{s3_server.bucket()}/runs/first"
    result = run(RunOptions([str(root / "in")], out, recipe=RECIPE, workers=2, quiet=True))
    assert result.out == out
    fetched = s3_server.download(out, tmp_path / "got")
    assert output_bytes(fetched) == local
    for name in ("report.html", "README.md", "run.json"):
        assert (fetched / name).stat().st_size > 0
    names = s3_server.fs().find(out)
    assert not [n for n in names if n.endswith(".tmp") or n.endswith("/lock")]
    assert not [n for n in names if "/stage0/docs/" in n]  # stage files go once used
    # a finished run's rerun reads and writes nothing new
    again = run(RunOptions([str(root / "in")], out, recipe=RECIPE, workers=2, quiet=True))
    assert again.stats == result.stats


def test_inputs_on_s3_into_s3_and_into_a_folder_agree(s3_server, local_run, tmp_path: Path) -> None:
    root, _ = local_run
    bucket = s3_server.bucket()
    s3_server.fs().put(str(root / "in") + "/", f"{bucket}/in/", recursive=True)
    into_s3 = f"s3://{bucket}/out"
    run(RunOptions([f"s3://{bucket}/in"], into_s3, recipe=RECIPE, workers=2, quiet=True))
    run(RunOptions([f"s3://{bucket}/in"], str(tmp_path / "here"), recipe=RECIPE, quiet=True))
    fetched = s3_server.download(into_s3, tmp_path / "got")
    assert output_bytes(fetched) == output_bytes(tmp_path / "here")
    kept = pq.read_table(fetched / "kept").to_pylist()
    assert kept and all(r["file_path"].startswith(f"s3://{bucket}/in/") for r in kept)


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["after-task:0=kill", "plan:1=kill"])
def test_a_run_killed_against_s3_resumes_to_the_same_bytes(
    s3_server, local_run, tmp_path: Path, fault: str
) -> None:
    root, local = local_run
    out = f"s3://{s3_server.bucket()}/killed"
    args = ("run", str(root / "in"), "-o", out, "--recipe", str(root / "recipe.yaml"))
    code, stderr = finish(cli(*args, "--workers", "2", "-q", env={"WINNOW_FAULT": fault}))
    assert code == -9, stderr
    fs = s3_server.fs()
    assert fs.exists(out.removeprefix("s3://") + "/_state/lock")  # left behind: stale
    assert not fs.exists(out.removeprefix("s3://") + "/stats.json")
    code, stderr = finish(cli(*args, "--workers", "2", "-q"))
    assert code == 0, stderr
    fetched = s3_server.download(out, tmp_path / "got")
    assert output_bytes(fetched) == local
    ids = [r["id"] for k in ("kept", "removed") for r in pq.read_table(fetched / k).to_pylist()]
    assert len(ids) == len(set(ids)) == 4 * 6  # none lost, none twice


@pytest.mark.slow
def test_a_second_run_into_the_same_s3_out_is_refused(s3_server, local_run, tmp_path: Path) -> None:
    root, _ = local_run
    out = f"s3://{s3_server.bucket()}/busy"
    args = ("run", str(root / "in"), "-o", out, "--recipe", str(root / "recipe.yaml"), "-q")
    first = cli(*args, env={"WINNOW_FAULT": "after-task:0=sleep:30"})
    try:
        lock = out.removeprefix("s3://") + "/_state/lock"
        fs = s3_server.fs()
        deadline = time.monotonic() + 60
        while not fs.exists(lock):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first run never took its lock"
            time.sleep(0.2)
            fs.invalidate_cache()
        code, stderr = finish(cli(*args))
        assert code != 0
        assert "is in use by another winnow run" in stderr and "Traceback" not in stderr
        assert out in stderr
    finally:
        os.killpg(first.pid, 9)
        first.wait(timeout=30)


@pytest.mark.slow
def test_storage_options_reach_the_workers(s3_server, local_run, tmp_path: Path) -> None:
    """No endpoint in the environment: ``--storage-option endpoint_url=…`` alone finds the
    server, in the driver and in every worker."""
    root, local = local_run
    out = f"s3://{s3_server.bucket()}/opts"
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL"}
    args = ["run", str(root / "in"), "-o", out, "--recipe", str(root / "recipe.yaml")]
    args += ["--workers", "2", "-q", "--storage-option", f"endpoint_url={s3_server.endpoint}"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "winnow.cli", *args],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.PIPE,
        text=True,
    )
    code, stderr = finish(proc)
    assert code == 0, stderr
    assert output_bytes(s3_server.download(out, tmp_path / "got")) == local


def test_a_missing_bucket_is_one_clear_line(s3_server, local_run) -> None:
    root, _ = local_run
    out = "s3://no-such-bucket-here/run"
    code, stderr = finish(cli("run", str(root / "in"), "-o", out, "-q"))
    assert code != 0
    assert "Traceback" not in stderr
    assert "no-such-bucket-here" in stderr
    assert len(stderr.strip().splitlines()) <= 2, stderr
