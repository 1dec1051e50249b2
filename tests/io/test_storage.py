"""``winnow.io.storage`` on a folder and on a real S3 server (moto's, on loopback): a file
appears whole at its commit or not at all, exclusive creation has one winner, errors
name their path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from winnow.io import storage


def test_options_parse_booleans_numbers_and_nested_keys() -> None:
    got = storage.parse_options(
        ["anon=true", "default_block_size=5242880", "client_kwargs.region_name=eu-west-1"]
    )
    assert got == {
        "anon": True,
        "default_block_size": 5242880,
        "client_kwargs": {"region_name": "eu-west-1"},
    }
    with pytest.raises(ValueError, match="KEY=VALUE"):
        storage.parse_options(["endpoint_url"])


def test_join_parent_and_name_for_urls_and_folders() -> None:
    assert storage.join("s3://b/run/", "kept", "x.parquet") == "s3://b/run/kept/x.parquet"
    assert storage.parent("s3://b/run/kept") == "s3://b/run"
    assert storage.name("s3://b/run/kept/") == "kept"
    assert storage.join("/tmp/out", "kept") == "/tmp/out/kept"
    assert not storage.is_remote("file:///tmp/x") and storage.is_remote("gs://b/x")


def test_local_writer_commits_by_rename_and_abort_leaves_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "a" / "f.bin")
    writer = storage.AtomicWriter(path)
    writer.write(b"half")
    assert not os.path.exists(path)
    writer.abort()
    assert os.listdir(tmp_path / "a") == []
    with storage.atomic_writer(path) as w:
        w.write(b"whole")
    assert Path(path).read_bytes() == b"whole"
    assert storage.create_exclusive(str(tmp_path / "lock"), b"1")
    assert not storage.create_exclusive(str(tmp_path / "lock"), b"2")
    assert (tmp_path / "lock").read_bytes() == b"1"


def test_s3_upload_is_invisible_until_committed(s3_server) -> None:
    base = f"s3://{s3_server.bucket()}/w"
    fs = s3_server.fs()
    path = storage.join(base, "big.bin")
    writer = storage.AtomicWriter(path)
    block = os.urandom(1 << 20)
    for _ in range(storage.BLOCK_BYTES // len(block) + 2):  # past one part: parts uploaded
        writer.write(block)
    writer.file.flush()
    assert not fs.exists(path.removeprefix("s3://"))
    writer.commit()
    assert fs.size(path.removeprefix("s3://")) == (storage.BLOCK_BYTES // len(block) + 2) << 20
    aborted = storage.join(base, "aborted.bin")
    writer = storage.AtomicWriter(aborted)
    for _ in range(storage.BLOCK_BYTES // len(block) + 2):
        writer.write(block)
    writer.file.flush()
    writer.abort()
    fs.invalidate_cache()
    assert not fs.exists(aborted.removeprefix("s3://"))
    bucket = base.removeprefix("s3://").split("/")[0]
    assert not fs.call_s3("list_multipart_uploads", Bucket=bucket).get("Uploads")


def test_s3_exclusive_create_has_one_winner_and_listing_works(s3_server) -> None:
    base = f"s3://{s3_server.bucket()}/x"
    lock = storage.join(base, "_state", "lock")
    assert storage.create_exclusive(lock, b"mine")
    assert not storage.create_exclusive(lock, b"yours")
    assert storage.read_bytes(lock) == b"mine"
    storage.write_bytes(storage.join(base, "kept", "a.parquet"), b"1")
    assert storage.listdir(base) == ["_state", "kept"]
    assert storage.listdir(storage.join(base, "nothing")) == []
    storage.remove_tree(storage.join(base, "kept"))
    assert storage.listdir(base) == ["_state"]
    storage.remove(storage.join(base, "never-was"))  # no error


def test_s3_errors_name_the_path(s3_server) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        storage.write_bytes("s3://no-such-bucket-anywhere/x/stats.json", b"{}")
    assert "no-such-bucket-anywhere" in str(caught.value)
    with pytest.raises(FileNotFoundError) as caught:
        storage.read_bytes(f"s3://{s3_server.bucket()}/missing.json")
    assert "missing.json" in str(caught.value)
