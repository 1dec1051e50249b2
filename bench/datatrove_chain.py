"""Run datatrove's FineWeb filter chain over a JSONL file (executed in datatrove's own venv).

    <datatrove-venv>/bin/python bench/datatrove_chain.py IN.jsonl OUT.jsonl LID_MODEL

Writes one line per document: {"id", "kept", "step"}; prints docs/s on stderr as JSON.
Same steps and thresholds as datatrove's examples/fineweb.py: LanguageFilter (en, 0.65),
GopherRepetitionFilter, GopherQualityFilter, C4QualityFilter(filter_no_terminal_punct=False),
FineWebQualityFilter.
"""

from __future__ import annotations

import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LanguageFilter,
)
from datatrove.utils import lid


def read_input(source: str) -> list[Document]:
    if source.endswith((".warc.gz", ".warc")):
        import os

        from datatrove.pipeline.readers import WarcReader

        reader = WarcReader(os.path.dirname(source) or ".", glob_pattern=os.path.basename(source))
        return list(reader.run())
    with open(source, encoding="utf-8") as fh:
        return [
            Document(text=r["text"], id=str(r["id"]))
            for r in (json.loads(line) for line in fh if line.strip())
        ]


def main() -> None:
    source, target, model = sys.argv[1:4]
    lid.FT176LID.MODEL_URL = f"file://{model}"  # offline: the model shipped in a wheel
    filters = [
        LanguageFilter(languages=["en"], language_threshold=0.65),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(filter_no_terminal_punct=False),
        FineWebQualityFilter(),
    ]
    docs = read_input(source)
    start = time.perf_counter()
    if source.endswith((".warc.gz", ".warc")):
        from datatrove.pipeline.extractors import Trafilatura

        # FineWeb's extraction step, as its example configures it
        docs = Trafilatura(favour_precision=True).run(iter(docs))
    out = []
    for doc in docs:
        verdict = {"id": doc.id, "kept": True, "step": None}
        for f in filters:
            result = f.filter(doc)
            ok = result[0] if isinstance(result, tuple) else result
            if not ok:
                verdict = {
                    "id": doc.id,
                    "kept": False,
                    "step": type(f).__name__,
                    "reason": result[1] if isinstance(result, tuple) else None,
                }
                break
        out.append(verdict)
    elapsed = time.perf_counter() - start
    with open(target, "w", encoding="utf-8") as fh:
        for v in out:
            fh.write(json.dumps(v) + "\n")
    print(
        json.dumps(
            {
                "documents": len(out),
                "seconds": round(elapsed, 2),
                "docs_per_s": round(len(out) / elapsed, 1),
            }
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
