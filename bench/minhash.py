"""Near-duplicate detection: a planted benchmark and signature throughput.

Planted corpus: ground-truth article texts from WCXB (real text, ≥ 200 words) as bases; for
each base, copies with controlled edits (word swaps, deletions, insertions, boilerplate
added, truncation) at several intensities. Ground truth is the exact Jaccard similarity of
word 5-gram sets, computed exhaustively for every pair that shares a shingle (an inverted
index; pairs sharing none have Jaccard 0). winnow's ``dedup.minhash`` plan then clusters
the corpus; we report precision/recall over pairs with true Jaccard ≥ 0.8 and the lowest
true Jaccard of any removed document to the document kept for it.

Throughput: signatures per second, one process, for winnow, datasketch and rensa on the
same documents and parameters (14 × 8 = 112 permutations, word 5-grams).

    pip install datasketch rensa==0.5.0   # comparison only, not winnow dependencies
    python bench/minhash.py [--bases 300] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa

from winnow.evaluation.pages import iter_pages
from winnow.step import ShardKeys
from winnow.steps.dedup.minhash import MinHashDedup
from winnow.text import tokens

WCXB = Path(__file__).resolve().parents[2] / "shared" / "data" / "wcxb"
BOILER = (
    "Subscribe to our newsletter for the latest updates. Share this article on social "
    "media. Read more stories like this one in our archive. All rights reserved."
)


def shingle_set(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = [t.casefold() for t in tokens(text)]
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}


def variants(text: str, rng: random.Random) -> list[tuple[str, str]]:
    words = text.split()
    out = []
    for level in (0.01, 0.03, 0.08, 0.2):
        w = list(words)
        kind = rng.choice(["swap", "delete", "insert"])
        k = max(1, int(len(w) * level))
        for _ in range(k):
            i = rng.randrange(len(w))
            if kind == "swap" and len(w) > 1:
                j = rng.randrange(len(w))
                w[i], w[j] = w[j], w[i]
            elif kind == "delete" and len(w) > 10:
                del w[i]
            else:
                w.insert(i, rng.choice(words))
        out.append((f"{kind}-{level}", " ".join(w)))
    out.append(("boilerplate", text + "\n\n" + BOILER))
    out.append(("truncate-0.85", " ".join(words[: int(len(words) * 0.85)])))
    return out


def build_corpus(bases: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    texts = []
    for _, _, truth in iter_pages(WCXB):
        if len(truth.split()) >= 300:
            texts.append(" ".join(truth.split()[:500]))  # ~500 words, as in the issue
        if len(texts) >= bases:
            break
    docs = []
    for b, text in enumerate(texts):
        docs.append((f"b{b}", text))
        for name, variant in variants(text, rng):
            docs.append((f"b{b}-{name}", variant))
    return docs


def true_pairs(docs: list[tuple[str, str]], floor: float = 0.5) -> dict[tuple[int, int], float]:
    sets = [shingle_set(t) for _, t in docs]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            index[g].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for postings in index.values():
        for a, b in itertools.combinations(postings, 2):
            shared[(a, b)] += 1
    out = {}
    for (a, b), common in shared.items():
        j = common / (len(sets[a]) + len(sets[b]) - common)
        if j >= floor:
            out[(a, b)] = j
    return out


def evaluate(docs, truth, threshold: float = 0.8) -> dict:
    step = MinHashDedup(MinHashDedup.Config(threshold=threshold))
    step.setup()
    from winnow.document import Document

    keys = step.keys([Document(id=doc_id, text=t) for doc_id, t in docs])
    rows = [(i, docs[i][0], k[1]) for i, k in enumerate(keys)]
    table = pa.table(
        {
            "ord": pa.array([r[0] for r in rows], pa.uint32()),
            "id": [r[1] for r in rows],
            "signature": [r[2] for r in rows],
        }
    )
    with tempfile.TemporaryDirectory() as scratch:
        (decision,) = step.plan(ShardKeys([table], Path(scratch)))
    index = {doc_id: i for i, (doc_id, _) in enumerate(docs)}
    cluster: dict[int, int] = {}
    worst_removed = 1.0
    removal_js = []
    for row in decision.to_pylist():
        if row["duplicate_of"] is None:
            cluster[row["ord"]] = row["ord"]
        else:
            kept = index[row["duplicate_of"]]
            cluster[row["ord"]] = kept
            j = truth.get((min(kept, row["ord"]), max(kept, row["ord"])), 0.0)
            worst_removed = min(worst_removed, j)
            removal_js.append(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for member, root in cluster.items():
        groups[root].append(member)
    predicted = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    relevant = {p for p, j in truth.items() if j >= 0.8}
    tp = len(predicted & relevant)
    return {
        "documents": len(docs),
        "true_pairs_ge_0.8": len(relevant),
        "predicted_pairs": len(predicted),
        "same_cluster_pair_precision": round(tp / len(predicted), 4) if predicted else 1.0,
        "pair_recall": round(tp / len(relevant), 4) if relevant else 1.0,
        "removed": len(removal_js),
        "removal_precision_ge_0.8": round(sum(j >= 0.8 for j in removal_js) / len(removal_js), 4)
        if removal_js
        else 1.0,
        "removal_precision_ge_0.7": round(sum(j >= 0.7 for j in removal_js) / len(removal_js), 4)
        if removal_js
        else 1.0,
        "lowest_true_jaccard_of_a_removed_doc": round(worst_removed, 4),
    }


def throughput(texts: list[str]) -> dict[str, float]:
    results = {}
    step = MinHashDedup()
    step.setup()
    from winnow.document import Document

    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    for lo in range(0, len(docs), 256):
        step.keys(docs[lo : lo + 256])
    rate = len(texts) / (time.perf_counter() - start)
    results["winnow (batched shingles + one-permutation hashing)"] = round(rate)

    def shingles(t: str) -> list[str]:
        words = [w.casefold() for w in tokens(t)]
        return [" ".join(words[i : i + 5]) for i in range(max(len(words) - 4, 1))]

    try:
        from datasketch import MinHash

        start = time.perf_counter()
        for t in texts:
            m = MinHash(num_perm=112)
            m.update_batch([s.encode() for s in shingles(t)])
        results["datasketch 2.0 (update_batch)"] = round(len(texts) / (time.perf_counter() - start))
    except ImportError:
        print("datasketch not installed: skipped", file=sys.stderr)
    try:
        from rensa import RMinHash

        start = time.perf_counter()
        for t in texts:
            m = RMinHash(num_perm=112, seed=1)
            m.update(shingles(t))
            m.digest()
        results["rensa 0.5 (RMinHash)"] = round(len(texts) / (time.perf_counter() - start))
    except ImportError:
        print("rensa not installed: skipped", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", type=int, default=300)
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="dedup.minhash's verification threshold (estimated Jaccard)",
    )
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not WCXB.exists():
        sys.exit(f"WCXB data not found at {WCXB}")
    docs = build_corpus(args.bases)
    truth = true_pairs(docs)
    quality = evaluate(docs, truth, args.threshold)
    print("quality", quality, flush=True)
    if args.no_speed:
        return
    texts = [t for _, t in docs]
    words = sum(len(t.split()) for t in texts) / len(texts)
    speed = throughput(texts)
    print(f"signatures/s on {len(texts)} documents of {words:.0f} words:", speed, flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"quality": quality, "throughput": speed, "mean_words": round(words)}, indent=2
            )
        )


if __name__ == "__main__":
    main()
