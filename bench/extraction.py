"""Extraction quality and speed on WCXB: trafilatura vs resiliparse, word-level F1.

Scoring follows the WCXB benchmark: lowercase, tokens ``\\w+``, multiset overlap,
per-page P/R/F1, macro average over pages. Pages are read from ``../shared/data/wcxb``.

    python bench/extraction.py [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from winnow.evaluation.pages import iter_pages, word_f1
from winnow.steps.html.extract import make_extractor

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wcxb"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--extractors", default="resiliparse,trafilatura,winnow")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"WCXB data not found at {DATA}")
    pages = list(iter_pages(DATA, limit=args.limit))

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
