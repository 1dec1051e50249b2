"""Run winnow's ``fineweb`` recipe's filter chain over a JSONL file, like
``bench/datatrove_chain.py``.

    python research/winnow_chain.py IN.jsonl OUT.jsonl

Writes one line per document: {"id", "kept", "step", "reason"}; prints docs/s as JSON.
"""

from __future__ import annotations

import json
import sys
import time

import orjson

from winnow.document import Document
from winnow.pipeline import Pipeline, run_step
from winnow.recipe import load_recipe
from winnow.stats import RunStats


def main() -> None:
    source, target = sys.argv[1:3]
    pipeline = Pipeline.from_recipe(load_recipe("fineweb"))
    pipeline.setup()
    (steps,) = pipeline.segments
    steps = [s for s in steps if s.name != "html.extract"]  # the input is text already
    with open(source, "rb") as fh:
        docs = [orjson.loads(line) for line in fh if line.strip()]
    stats = RunStats()
    start = time.perf_counter()
    out = []
    for record in docs:
        doc = Document(id=str(record["id"]), text=record["text"])
        for step in steps:
            run_step(step, doc, stats)
            if doc.rejection is not None:
                break
        rej = doc.rejection
        out.append(
            {
                "id": doc.id,
                "kept": rej is None,
                "step": rej.step if rej else None,
                "reason": rej.reason if rej else None,
            }
        )
    elapsed = time.perf_counter() - start
    with open(target, "w", encoding="utf-8") as fh:
        for v in out:
            fh.write(json.dumps(v) + "\n")
    print(
        json.dumps(
            {
                "documents": len(docs),
                "seconds": round(elapsed, 2),
                "docs_per_s": round(len(docs) / elapsed, 1),
            }
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
