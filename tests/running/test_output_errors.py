"""A full disk, a read-only OUT, a forbidden folder: one line that names the path, the
finished work kept, and the same command resuming once the cause is gone. The rerun of a
finished run reads only: it works on a read-only copy of OUT."""

from __future__ import annotations

import errno
import os
import random
import re
import subprocess
from pathlib import Path

import pytest
from test_engine import output_bytes

from conftest import write_jsonl
from winnow.errors import WinnowError
from winnow.io import writers
from winnow.recipe import parse_recipe
from winnow.running.failures import OutputWriteError
from winnow.running.runner import RunOptions, run

RECIPE = parse_recipe({"name": "out-errors", "steps": ["dedup.exact", "clean.encoding"]})


def corpus(folder: Path, files: int = 3, per_file: int = 200, words: int = 40) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for f in range(files):
        rows = [
            {"id": f"f{f}-{i}", "text": " ".join(f"{rng.getrandbits(40):x}" for _ in range(words))}
            for i in range(per_file)
        ]
        write_jsonl(folder / f"p{f}.jsonl", rows)
    return folder


def opts(src: Path, out: Path, **kw: object) -> RunOptions:
    return RunOptions([str(src)], str(out), recipe=RECIPE, quiet=True, **kw)  # type: ignore[arg-type]


def test_disk_full_in_a_task_is_one_line_and_the_rerun_resumes(tmp_path, monkeypatch):
    """ENOSPC as the second final shard is closed (workers=1: in this process), raised
    the way pyarrow raises it: errno in the message only, no file name."""
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    real_close = writers.ShardWriter.close

    class Full:
        def __init__(self, parquet: object) -> None:
            self.parquet = parquet

        def write_table(self, table: object) -> None:
            self.parquet.write_table(table)  # type: ignore[attr-defined]

        def close(self) -> None:
            self.parquet.close()  # type: ignore[attr-defined]
            raise OSError("Error writing bytes to file. Detail: [errno 28] No space left")

    def close(self: writers.ShardWriter) -> None:
        if self.path.endswith(os.path.join("kept", "00001.parquet")):
            self._parquet = Full(self._parquet)  # type: ignore[assignment]
        real_close(self)

    monkeypatch.setattr(writers.ShardWriter, "close", close)
    with pytest.raises(OutputWriteError) as caught:
        run(opts(src, out, workers=1))
    message = str(caught.value)
    assert "\n" not in message
    assert f"no space left on the device writing {out}/kept/00001.parquet.tmp" in message
    assert "finished shards are kept" in message
    assert (out / "_state" / "markers" / "stage1" / "00000.json").exists()
    assert not (out / "_state" / "markers" / "stage1" / "00001.json").exists()
    assert not (out / "_state" / "lock").exists()
    monkeypatch.setattr(writers.ShardWriter, "close", real_close)
    run(opts(src, out, workers=1))
    run(opts(src, tmp_path / "clean", workers=1))
    assert output_bytes(out) == output_bytes(tmp_path / "clean")


def test_a_finished_run_reruns_without_writing(tmp_path, monkeypatch):
    """Every way of writing raises during the rerun: a finished run must not need one."""
    src = corpus(tmp_path / "in", files=2, per_file=20)
    out = tmp_path / "out"
    first = run(opts(src, out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(args[0]) if args else "")

    real_open = os.open

    def open_read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            refuse(path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_read_only)
    for name in ("replace", "rename", "unlink", "mkdir", "rmdir"):
        monkeypatch.setattr(os, name, refuse)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    again = run(opts(src, out))
    monkeypatch.undo()
    assert again.stats == first.stats
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_unfinished_run_on_a_read_only_out_says_so(tmp_path, monkeypatch):
    src = corpus(tmp_path / "in", files=1, per_file=5)
    out = tmp_path / "out"
    out.mkdir()
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(out):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(OutputWriteError, match=re.escape(f"read-only file system writing {out}/")):
        run(opts(src, out))


def mounted_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.slow
def test_a_real_full_disk_and_a_read_only_mount(tmp_path):
    """On a 512 KB tmpfs (root only): the run stops with one line; remounted larger, the same
    command finishes; remounted read-only, its rerun is a no-op."""
    src = corpus(tmp_path / "in", files=3, per_file=300, words=60)
    mount = tmp_path / "small"
    if not mounted_tmpfs(mount, "512k"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        out = mount / "out"
        with pytest.raises(
            WinnowError, match=re.escape(f"no space left on the device writing {out}/")
        ):
            run(opts(src, out, workers=2))
        subprocess.run(["mount", "-o", "remount,size=40m", str(mount)], check=True)
        finished = run(opts(src, out, workers=2))
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        again = run(opts(src, out, workers=2))
        assert again.stats == finished.stats
        run(opts(src, tmp_path / "clean", workers=1))
        assert output_bytes(out) == output_bytes(tmp_path / "clean")
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_forbidden_folder_is_one_line(tmp_path, monkeypatch):
    src = corpus(tmp_path / "in", files=1, per_file=5)
    out = tmp_path / "out"
    real_makedirs = os.makedirs

    def makedirs(name: str, *args: object, **kwargs: object) -> None:
        if str(name) == str(out / "kept"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        real_makedirs(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "makedirs", makedirs)
    with pytest.raises(OutputWriteError) as caught:
        run(opts(src, out, workers=1))
    assert str(caught.value) == (
        f"permission denied: {out}/kept; finished shards are kept: fix the folder's "
        "permissions or choose another output folder"
    )
    assert (out / "_state" / "markers" / "stage0" / "00000.json").exists()
