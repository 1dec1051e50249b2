"""The Ray engine runs the same stage tasks as the local one: same bytes out, resumable.

A real local Ray cluster (two CPUs) is started once for the module."""

import pytest
from test_dedup_engine import RECIPE, corpus
from test_engine import output_bytes

from winnow.errors import ShardError
from winnow.running.runner import RunOptions, run

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'winnow[ray]')")


@pytest.fixture(scope="module")
def ray_cluster():
    import os

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_ray_engine_output_is_identical_to_local(tmp_path, ray_cluster):
    src = corpus(tmp_path / "in")
    local = run(
        RunOptions([str(src)], str(tmp_path / "local"), recipe=RECIPE, workers=2, quiet=True)
    )
    on_ray = run(
        RunOptions([str(src)], str(tmp_path / "ray"), recipe=RECIPE, engine="ray", quiet=True)
    )
    assert output_bytes(tmp_path / "ray") == output_bytes(tmp_path / "local")
    assert on_ray.stats == local.stats
    assert '"engine": "ray"' in (tmp_path / "ray" / "run.json").read_text()


def test_ray_engine_reports_a_failed_task_and_resumes_it(tmp_path, ray_cluster):
    src = corpus(tmp_path / "in")
    out = tmp_path / "o"
    blocker = out / "kept" / "00001.parquet"
    blocker.mkdir(parents=True)  # shard 1's final output cannot be written
    with pytest.raises(ShardError, match="stage 3 shard 00001"):
        run(
            RunOptions(
                [str(src)], str(out), recipe=RECIPE, engine="ray", quiet=True, overwrite=True
            )
        )  # OUT is not empty: it holds the blocker
    finished = {p: p.stat().st_mtime_ns for p in (out / "_state" / "markers").rglob("*.json")}
    assert len(finished) == 4 * 3 + 3 + 3  # stages 0-2, three plans, stage 3 of 3 shards
    blocker.rmdir()
    run(RunOptions([str(src)], str(out), recipe=RECIPE, engine="ray", quiet=True))
    assert all(p.stat().st_mtime_ns == t for p, t in finished.items()), "finished work redone"
    clean = tmp_path / "clean"
    run(RunOptions([str(src)], str(clean), recipe=RECIPE, workers=1, quiet=True))
    assert output_bytes(out) == output_bytes(clean)
