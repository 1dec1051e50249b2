"""A real two-node Ray cluster (``ray.cluster_utils.Cluster``: a head and a second raylet,
one CPU each) with inputs and OUT on S3 (moto's server on loopback): what a cluster
without a shared filesystem runs. Its output is byte for byte the local engine's."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_dedup_engine import RECIPE, corpus
from test_engine import output_bytes

from winnow.running.runner import RunOptions, run

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'winnow[ray]')")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_nodes(s3_server):  # the S3 variables are set before the raylets start
    import os

    from ray.cluster_utils import Cluster

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "include_dashboard": False},
    )
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    assert len([n for n in cluster.list_all_nodes()]) == 2
    yield cluster
    if ray.is_initialized():
        ray.shutdown()
    cluster.shutdown()


def test_two_raylets_with_s3_in_and_out_match_the_local_engine(
    s3_server, two_nodes, tmp_path: Path
) -> None:
    src = corpus(tmp_path / "in", files=6)
    bucket = s3_server.bucket()
    s3_server.fs().put(str(src) + "/", f"{bucket}/in/", recursive=True)
    inputs = [f"s3://{bucket}/in"]
    on_ray = run(
        RunOptions(
            inputs,
            f"s3://{bucket}/ray",
            recipe=RECIPE,
            engine="ray",
            ray_address=two_nodes.address,
            quiet=True,
            files_per_shard=1,
        )
    )
    local = run(
        RunOptions(
            inputs, f"s3://{bucket}/local", recipe=RECIPE, workers=2, quiet=True, files_per_shard=1
        )
    )
    got_ray = output_bytes(s3_server.download(f"s3://{bucket}/ray", tmp_path / "ray"))
    got_local = output_bytes(s3_server.download(f"s3://{bucket}/local", tmp_path / "local"))
    assert got_ray == got_local
    assert on_ray.stats == local.stats
    assert on_ray.stats["documents"]["in"] == 6 * 6
    run_json = (tmp_path / "ray" / "run.json").read_text()
    assert '"engine": "ray"' in run_json and '"workers": 2' in run_json
    kept = pq.read_table(tmp_path / "ray" / "kept").num_rows
    assert 0 < kept < 36  # the dedup steps removed the near-copies
