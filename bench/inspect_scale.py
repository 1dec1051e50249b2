"""The inspector at scale: a synthetic run OUT of N documents, then the server measured.

    python bench/inspect_scale.py --docs 200000

The run is written with winnow's own schema and writers (``winnow.io.rows``,
``winnow.io.writers``): 10,000 documents per shard, 2–5 KB of text each, made of real
sentences in ten languages (the lingua test sentences under ../shared, a few hundred per
language) plus a per-document long tail of made-up words, a quarter of the documents
removed with a step, a reason and a detail, a fifth of the kept ones with a cut line. A few
planted words give searches with known answers. The OUT is written once under
``bench/work/inspect-N`` and reused.

Then ``winnow inspect OUT`` runs in a child process, twice. The first start serves at once
and indexes in the background: the seconds until it logs "index ready", the CPU seconds of
the server and its index workers, their peak RSS together (sampled every 0.25 s) and the
index's size. The second start reuses the index: its start time, its RSS after start and
after some thirty requests, and the time of each kind of request (the median of a few; a
search's first page, which counts its matches in every shard, and its next page).
Wall times depend on how busy the machine is: compare the CPU seconds across machines.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENTENCES = HERE.parents[1] / "shared" / "data" / "lingua-language-testdata" / "sentences"
LANGS = ("en", "de", "fr", "es", "ru", "ja", "zh", "ar", "ko", "th")
WEIGHTS = (40, 10, 9, 9, 8, 6, 6, 4, 4, 4)
PER_SHARD = 10_000
REMOVALS = (
    ("quality.gopher", "gopher_short_doc", "40 words < min_doc_words 50"),
    ("quality.gopher", "gopher_stop_words", "1 stop word < min_stop_words 2"),
    ("quality.c4", "c4_javascript", "line mentions javascript"),
    ("dedup.minhash", "near_duplicate", "Jaccard 0.87 ≥ 0.8 with an earlier document"),
    ("lang.filter", "lang_score_low", "language score 0.41 < 0.65"),
)
RARE = "zyxquartz"  # planted in every 50,000th document
CJK = "東京タワー"  # planted in every 5,000th Japanese document
SPACED = set(LANGS) - {"ja", "zh", "th"}


@functools.cache
def _sentences() -> dict[str, list[str]]:
    found = {}
    for lang in LANGS:
        with gzip.open(SENTENCES / f"{lang}.txt.gz", "rt", encoding="utf-8") as fh:
            found[lang] = [line.strip() for line in fh if line.strip()]
    return found


def _text(rng: random.Random, lang: str, sentences: list[str], n: int) -> str:
    target = rng.randint(2000, 5000)
    paragraphs, size = [], 0
    while size < target:
        para = " ".join(rng.choices(sentences, k=rng.randint(2, 6)))
        if lang in SPACED:  # Heaps' law: every page brings words no other page has
            tail = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(5, 9)))
            para += f" {tail}{n % 997} {n:x}."
        paragraphs.append(para)
        size += len(para) + 2
    if n % 50_000 == 7:
        paragraphs.insert(1, f"The {RARE} mineral glows.")
    if lang == "ja" and n % 5_000 < 40:
        paragraphs.insert(0, f"{CJK}の夜景はきれいです。")
    return "\n\n".join(paragraphs)


def _shard(out: Path, shard_no: int, docs: int, seed: int) -> tuple[int, int]:
    """Write one kept and one removed shard; their row counts."""
    from winnow.document import Document, Edit, Rejection
    from winnow.io.rows import KEPT_SCHEMA, REMOVED_SCHEMA, doc_to_row
    from winnow.io.writers import ShardWriter

    rng = random.Random(seed * 1_000_003 + shard_no)
    pool = _sentences()
    name = f"{shard_no:05d}"
    kept = ShardWriter(out / "kept" / f"{name}.parquet", KEPT_SCHEMA)
    removed = ShardWriter(out / "removed" / f"{name}.parquet", REMOVED_SCHEMA)
    for n in range(shard_no * PER_SHARD, min(docs, (shard_no + 1) * PER_SHARD)):
        lang = rng.choices(LANGS, WEIGHTS)[0]
        text = _text(rng, lang, pool[lang], n)
        doc = Document(
            id=f"<urn:uuid:{rng.getrandbits(128):032x}>",
            text=text,
            url=f"https://site{n % 5000}.example/{lang}/page/{n}",
            lang=lang,
            lang_score=round(rng.uniform(0.5, 1.0), 4),
            metadata={"title": text[:60]},
            signals={"words": len(text.split()), "line_mean": 80.5},
            source=f"CC-MAIN-2024-10-part-{shard_no:05d}.warc.gz@{n * 7919}",
            file=f"s3://commoncrawl/CC-MAIN-2024-10/part-{shard_no:05d}.warc.gz",
            date="2024-03-01T12:00:00Z",
        )
        if rng.random() < 0.2:
            line = rng.choice(pool[lang])
            doc.edits.append(Edit("clean.lines", "line_boilerplate", line, 0, len(line)))
        if rng.random() < 0.25:
            doc.rejection = Rejection(*rng.choice(REMOVALS))
            removed.write(doc_to_row(doc, REMOVED_SCHEMA))
        else:
            kept.write(doc_to_row(doc, KEPT_SCHEMA))
    kept.close()
    removed.close()
    return kept.rows, removed.rows


def generate(out: Path, docs: int, seed: int = 3) -> None:
    """Write OUT's kept/ and removed/ shards (in parallel processes) and a stats.json,
    unless already there."""
    if (out / "stats.json").exists():
        return
    shutil.rmtree(out, ignore_errors=True)
    shards = (docs + PER_SHARD - 1) // PER_SHARD
    with ProcessPoolExecutor(min(shards, os.cpu_count() or 1)) as pool:
        counts = list(
            pool.map(_shard, [out] * shards, range(shards), [docs] * shards, [seed] * shards)
        )
    kept, removed = sum(k for k, _ in counts), sum(r for _, r in counts)
    stats = {"documents": {"in": docs, "kept": kept, "removed": removed}, "steps": []}
    (out / "stats.json").write_text(json.dumps(stats))


def _vm(pid: int, field: str) -> float:
    """VmRSS / VmHWM of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tree_rss(pid: int) -> float:
    """RSS of a process and its children (the index workers) in MB."""
    total = _vm(pid, "VmRSS")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                total += _vm(int(stat.parent.name), "VmRSS")
        except (OSError, ValueError, IndexError):
            continue
    return total


def _start(out: Path) -> tuple[subprocess.Popen, str, float, list[str]]:
    """Start ``winnow inspect OUT`` on a free port: the process, its base URL, the seconds
    until its first page answered, and its stderr lines (a thread keeps reading them)."""
    winnow = str(Path(sys.executable).parent / "winnow")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [winnow, "inspect", str(out), "--port", "0"], stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    found = None

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    while found is None:
        if proc.poll() is not None:
            sys.exit("inspect did not start:\n" + "".join(lines)[-3000:])
        found = next((m for x in lines if (m := re.search(r"http://[^/ ]+/", x))), None)
        time.sleep(0.02)
    base = found.group(0)
    urllib.request.urlopen(base + "?status=kept").read()
    return proc, base, time.perf_counter() - start, lines


def _get(base: str, path: str) -> tuple[float, str]:
    start = time.perf_counter()
    body = urllib.request.urlopen(base + path).read().decode()
    return time.perf_counter() - start, body


def _median_ms(base: str, paths: list[str]) -> float:
    return round(1000 * statistics.median(_get(base, p)[0] for p in paths), 1)


def _count(body: str) -> str:
    found = re.search(r'id="count">([^<]*)<', body)
    return found.group(1) if found else "?"


def measure(out: Path) -> dict:
    folder = out / "_state" / "inspect"
    shutil.rmtree(folder, ignore_errors=True)
    began = time.perf_counter()
    proc, base, cold_start_s, lines = _start(out)
    peak_tree = 0.0
    while not any("index ready" in x for x in lines):
        if proc.poll() is not None:
            sys.exit("inspect stopped while indexing:\n" + "".join(lines)[-3000:])
        peak_tree = max(peak_tree, _tree_rss(proc.pid))
        time.sleep(0.25)
    build_s = time.perf_counter() - began
    ticks = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[11:15]
    build_cpu = sum(map(int, ticks)) / os.sysconf("SC_CLK_TCK")
    build_peak = _vm(proc.pid, "VmHWM")
    proc.terminate()
    proc.wait()
    proc, base, start_s, _ = _start(out)
    try:
        rss_start = _vm(proc.pid, "VmRSS")
        q = urllib.parse.quote
        searches = {
            "common word (the)": "/?q=the",
            f"rare word ({RARE})": f"/?q={RARE}",
            f"CJK substring ({CJK[:3]})": "/?q=" + q(CJK[:3]),
            "phrase, removed only": "/?status=removed&q=" + q("the same"),
        }
        first = {name: _get(base, path) for name, path in searches.items()}
        shards = max(1, len(list((out / "kept").glob("*.parquet"))))
        docs = [f"/doc/kept/{s % shards:05d}/{(s * 3917) % 7000}" for s in range(5)]
        deep = "/?status=removed&start=" + str(int(0.2 * PER_SHARD * shards))
        result = {
            "documents": json.loads((out / "stats.json").read_text())["documents"],
            "first_start_s": round(cold_start_s, 2),
            "index_build_s": round(build_s, 1),
            "index_build_cpu_s": round(build_cpu, 1),
            "build_peak_rss_mb": {"server": round(build_peak), "with_workers": round(peak_tree)},
            "index_mb": round(sum(p.stat().st_size for p in folder.iterdir()) / 2**20, 1),
            "shards_mb": round(sum(p.stat().st_size for p in out.glob("*/*.parquet")) / 2**20),
            "start_s": round(start_s, 2),
            "rss_after_start_mb": round(rss_start),
            "list_page_ms": _median_ms(base, ["/", "/?start=100", "/?start=200"]),
            "filtered_page_ms": _median_ms(
                base,
                [
                    "/?status=removed&reason=near_duplicate",
                    "/?lang=ja&step=clean.lines",
                    "/?status=kept&lang=de",
                ],
            ),
            "deep_page_ms": _median_ms(base, [deep]),
            "search_ms": {name: round(1000 * first[name][0], 1) for name in searches},
            "search_next_page_ms": {
                name: _median_ms(base, [path + "&start=100"] * 3) for name, path in searches.items()
            },
            "search_counts": {name: _count(first[name][1]) for name in searches},
            "doc_page_ms": _median_ms(base, docs),
        }
        result["rss_after_requests_mb"] = round(_vm(proc.pid, "VmRSS"))
        result["peak_rss_mb"] = round(_vm(proc.pid, "VmHWM"))
        return result
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--work", type=Path, default=None, help="default bench/work/inspect-N")
    args = parser.parse_args()
    out = args.work or HERE / "work" / f"inspect-{args.docs}"
    start = time.perf_counter()
    generate(out, args.docs)
    print(f"OUT ready in {time.perf_counter() - start:.0f} s: {out}", file=sys.stderr)
    print(json.dumps(measure(out), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
