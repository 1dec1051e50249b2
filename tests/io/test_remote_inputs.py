"""Remote inputs: HTTP(S) in a default install, tested against a loopback server started
here (with and without Range support); S3 and GCS through extras, whose absence is one
line naming the extra, not an ImportError's traceback."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from http_server import serve

from conftest import TEXTS, page, warc_response, write_jsonl
from winnow.document import Document
from winnow.io.base import BadRecord
from winnow.io.formats import read_file
from winnow.io.sources import SkippedInput, expand_inputs, split_large_files

ROWS = [{"id": f"r{i}", "text": f"{TEXTS['en']} {i}"} for i in range(2000)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "d").mkdir()
    write_jsonl(root / "d" / "a.jsonl", ROWS)
    write_jsonl(root / "d" / "b.jsonl.gz", ROWS[:50], "gz")
    (root / "d" / "c.warc.gz").write_bytes(
        b"".join(
            warc_response(f"https://w.example/{i}", page("T", TEXTS["fr"]), f"{i:012d}")
            for i in range(30)
        )
    )
    (root / "d" / "p.html").write_text(page("Seite", TEXTS["de"]))
    (root / "d" / "notes.xyz").write_text("not an input")
    return root


def read_all(url: str, part_bytes: int = 20_000):
    skipped: list[SkippedInput] = []
    files = split_large_files(expand_inputs([url], skipped), part_bytes)
    items = [item for f in files for item in read_file(f)]
    docs = [i for i in items if isinstance(i, Document)]
    assert not [i for i in items if isinstance(i, BadRecord)]
    return files, docs, skipped


@pytest.mark.parametrize("ranges", [True, False])
def test_http_files_read_with_and_without_range_support(site, ranges):
    """With ranges, large files are cut into parts read by ranged requests; a server
    without them (Python's own) gets each file read whole, in one streamed request."""
    with serve(site, ranges) as base:
        for name, count in (("a.jsonl", 2000), ("b.jsonl.gz", 50), ("c.warc.gz", 30)):
            files, docs, _ = read_all(f"{base}/d/{name}")
            assert len(docs) == count, name
            assert len({d.id for d in docs}) == count
            parts = len(files)
            assert (parts > 1) if ranges and name != "b.jsonl.gz" else parts == 1, (name, parts)
        _, (doc,), _ = read_all(f"{base}/d/p.html")
        assert TEXTS["de"] in doc.html


@pytest.mark.parametrize("ranges", [True, False])
def test_an_http_folder_listing_is_read_as_a_folder(site, ranges):
    """fsspec reads the links of an HTML index page (what http.server, nginx's autoindex
    and Apache's mod_autoindex serve): a folder URL lists the files it links to."""
    with serve(site, ranges) as base:
        for url in (f"{base}/d/", f"{base}/d"):
            files, docs, skipped = read_all(url)
            names = sorted({f.relpath for f in files})
            assert names == ["a.jsonl", "b.jsonl.gz", "c.warc.gz", "p.html"]
            assert len(docs) == 2000 + 50 + 30 + 1
            assert [s.path.rsplit("/", 1)[1] for s in skipped] == ["notes.xyz"]


def test_a_missing_http_file_is_one_clear_error(site):
    from winnow.errors import ConfigError

    with serve(site) as base, pytest.raises(ConfigError, match="does not exist"):
        expand_inputs([f"{base}/d/nope.jsonl"])


def test_winnow_run_on_an_http_url(site, tmp_path):
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: remote\nsteps: [dedup.exact]\n")
    with serve(site, ranges=False) as base:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "winnow.cli",
                "run",
                f"{base}/d/a.jsonl",
                f"{base}/d/",
                "-o",
                str(tmp_path / "out"),
                "--recipe",
                str(recipe),
                "--workers",
                "2",
                "-q",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    ids = [r["id"] for kind in ("kept", "removed") for r in pq.read_table(out / kind).to_pylist()]
    assert {f"r{i}" for i in range(2000)} <= set(ids)
    stats = json.loads((out / "stats.json").read_text())
    assert stats["unreadable_records"]["count"] == 0


@pytest.mark.parametrize(
    "url,module,hint",
    [
        ("s3://bucket/crawl/a.jsonl", "s3fs", "pip install 'winnow[s3]'"),
        ("gs://bucket/crawl/a.jsonl", "gcsfs", "pip install 'winnow[gcs]'"),
        ("http://127.0.0.1:9/a.jsonl", "aiohttp", "reinstall winnow"),
    ],
)
def test_a_missing_filesystem_package_is_one_line_naming_the_extra(tmp_path, url, module, hint):
    """Run with the package blocked (``sys.modules[name] = None`` makes its import fail),
    whether or not it is installed here."""
    code = (
        f"import sys; sys.modules[{module!r}] = None; from winnow.cli import main; "
        f"sys.exit(main(['run', {url!r}, '-o', {str(tmp_path / 'out')!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and hint in lines[0] and module in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_gzip_over_http_without_ranges_reads_on_without_seeking(site, tmp_path):
    """A damaged member in a streamed (unseekable) gzip: reported, and the rest of the
    file skipped, since finding the next member needs to seek."""
    lines = [json.dumps(r).encode() + b"\n" for r in ROWS[:300]]
    members = [gzip.compress(b"".join(lines[k * 100 : (k + 1) * 100])) for k in range(3)]
    bad = bytearray(members[1])
    bad[len(bad) // 2 : len(bad) // 2 + 64] = b"\x00" * 64
    (site / "d2").mkdir(exist_ok=True)
    (site / "d2" / "m.jsonl.gz").write_bytes(members[0] + bytes(bad) + members[2])
    with serve(site, ranges=False) as base:
        (f,) = expand_inputs([f"{base}/d2/m.jsonl.gz"])
        items = list(read_file(f))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == [f"r{i}" for i in range(100)]
    (report,) = [i for i in items if isinstance(i, BadRecord)]
    assert "rest of file skipped" in report.error
