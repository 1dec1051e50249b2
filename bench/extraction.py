"""Extraction quality and speed on WCXB: trafilatura vs resiliparse, word-level F1.

Scoring follows the WCXB benchmark: lowercase, tokens ``\\w+``, multiset overlap,
per-page P/R/F1, macro average over pages. Pages are read from ``../shared/data/wcxb``.

    python bench/extraction.py [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wcxb"


def word_f1(predicted: str, reference: str) -> float:
    pred = Counter(WORD.findall(predicted.lower()))
    ref = Counter(WORD.findall(reference.lower()))
    if not pred and not ref:
        return 1.0
    if not pred or not ref:
        return 0.0
    overlap = sum((pred & ref).values())
    if overlap == 0:
        return 0.0
    p = overlap / sum(pred.values())
    r = overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def load_pages(limit: int | None) -> list[tuple[str, str, str]]:
    pages = []
    for html_path in sorted((DATA / "html").glob("*.html.gz")):
        page_id = html_path.name.split(".")[0]
        gt_path = DATA / "ground-truth" / f"{page_id}.json.gz"
        if not gt_path.exists():
            continue
        truth = json.loads(gzip.decompress(gt_path.read_bytes()))["ground_truth"].get(
            "main_content")
        if truth is None:
            continue
        raw = gzip.decompress(html_path.read_bytes())
        pages.append((page_id, raw.decode("utf-8", errors="replace"), truth or ""))
        if limit and len(pages) >= limit:
            break
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--extractors", default="resiliparse,trafilatura,winnow")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"WCXB data not found at {DATA}")
    pages = load_pages(args.limit)
    from winnow.steps.extract import make_extractor

    results = {}
    for name in args.extractors.split(","):
        extract = make_extractor(name)
        scores = []
        start = time.perf_counter()
        for _, html, truth in pages:
            try:
                text = extract(html) or ""
            except Exception:  # noqa: BLE001
                text = ""
            scores.append(word_f1(text, truth))
        elapsed = time.perf_counter() - start
        results[name] = {
            "pages": len(pages),
            "f1_macro": round(statistics.fmean(scores), 4),
            "pages_per_s": round(len(pages) / elapsed, 1),
        }
        print(name, results[name], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
