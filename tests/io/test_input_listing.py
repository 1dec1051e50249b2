"""Every input path given or found is read or reported: ``expand_inputs`` lists what it
skips with a reason, refuses special files named on their own, and never opens a file (a
FIFO or a device cannot block it)."""

import os
import socket
import threading

import pytest

from conftest import write_jsonl
from winnow.errors import ConfigError
from winnow.io.sources import SkippedInput, expand_inputs


def listed(inputs):
    """``expand_inputs`` in a thread that must finish within 20 s (nothing may block)."""
    result: dict = {}

    def work():
        skipped: list[SkippedInput] = []
        try:
            result["files"] = expand_inputs(inputs, skipped)
        except ConfigError as err:
            result["error"] = err
        result["skipped"] = skipped

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "expand_inputs blocked"
    return result


def test_a_folder_of_everything_lists_each_path_read_or_skipped(tmp_path, monkeypatch):
    root = tmp_path / "in"
    (root / "sub" / "locked").mkdir(parents=True)
    write_jsonl(root / "good.jsonl", [{"text": "a"}])
    write_jsonl(root / "sub" / "also.jsonl", [{"text": "b"}])
    (root / "notes.xyz").write_text("x")
    (root / "crawl.arc.gz").write_bytes(b"\x1f\x8b")
    os.mkfifo(root / "pipe.jsonl")
    (root / "zero.jsonl").symlink_to("/dev/zero")
    (root / "loop-a.jsonl").symlink_to(root / "loop-b.jsonl")
    (root / "loop-b.jsonl").symlink_to(root / "loop-a.jsonl")
    (root / "gone.jsonl").symlink_to(root / "missing.jsonl")
    (root / "sub" / "up").symlink_to(root)  # a folder loop
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.jsonl"))
    real_listdir = os.listdir

    def listdir(path):  # the tests run as root, who can read any folder
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    try:
        result = listed([str(root)])
    finally:
        server.close()
    assert [f.relpath for f in result["files"]] == ["good.jsonl", "sub/also.jsonl"]
    reasons = {os.path.relpath(s.path, root): s.reason for s in result["skipped"]}
    assert set(reasons) == {
        "notes.xyz",
        "crawl.arc.gz",
        "pipe.jsonl",
        "zero.jsonl",
        "loop-a.jsonl",
        "loop-b.jsonl",
        "gone.jsonl",
        "sub/up",
        "sub/locked",
        "sock.jsonl",
    }
    assert "unknown input format" in reasons["notes.xyz"]
    assert "ARC file" in reasons["crawl.arc.gz"]
    assert "FIFO" in reasons["pipe.jsonl"] and "socket" in reasons["sock.jsonl"]
    assert "character device (/dev/zero)" in reasons["zero.jsonl"]
    assert reasons["loop-a.jsonl"] == "symlink loop"
    assert "broken symlink" in reasons["gone.jsonl"]
    assert "folder already listed" in reasons["sub/up"]
    assert "Permission denied" in reasons["sub/locked"]


@pytest.mark.parametrize("kind", ["device", "link to a device", "fifo"])
def test_a_special_file_named_on_its_own_is_refused_by_name(tmp_path, kind):
    if kind == "device":
        path = "/dev/zero"
    elif kind == "fifo":
        path = str(tmp_path / "in.jsonl")
        os.mkfifo(path)
    else:
        path = str(tmp_path / "INPUT.jsonl")
        os.symlink("/dev/zero", path)
    error = listed([path])["error"]
    assert path in str(error) and "not a regular file" in str(error)


def test_nothing_readable_says_what_was_skipped(tmp_path):
    (tmp_path / "a.xyz").write_text("x")
    error = listed([str(tmp_path)])["error"]
    assert "no readable input files" in str(error) and "a.xyz" in str(error)


def test_a_glob_descends_into_the_folders_it_matches(tmp_path):
    (tmp_path / "d1").mkdir()
    write_jsonl(tmp_path / "d1" / "a.jsonl", [{"text": "a"}])
    write_jsonl(tmp_path / "b.jsonl", [{"text": "b"}])
    (tmp_path / "c.xyz").write_text("x")
    result = listed([str(tmp_path / "*")])
    assert [f.relpath for f in result["files"]] == ["b.jsonl", "d1/a.jsonl"]
    assert [os.path.basename(s.path) for s in result["skipped"]] == ["c.xyz"]
