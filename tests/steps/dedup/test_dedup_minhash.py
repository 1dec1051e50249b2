import random

import numpy as np
import pyarrow as pa

from conftest import FIXTURES
from winnow.document import Document
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe
from winnow.step import ShardKeys
from winnow.steps.dedup.minhash import MinHashDedup
from winnow.steps.dedup.partition import ENTRY
from winnow.steps.dedup.shingles import shingle_hashes, token_hashes


def article(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def edited(text: str, fraction: float, seed: int) -> str:
    """Replace about ``fraction`` of the words with new ones (a syndicated copy)."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * fraction)):
        words[i] = f"changed{i}"
    return " ".join(words)


def run(docs, **params):
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": [{"dedup.minhash": params}]}))
    pipeline.setup()
    return run_in_memory(pipeline, docs)


def test_exact_and_near_copies_found_unrelated_untouched():
    en, de = article("seed-en.txt"), article("seed-de.txt")
    docs = [
        Document(id="orig", text=en),
        Document(id="exact", text=en),
        Document(id="near", text=edited(en, 0.01, 1)),
        Document(id="unrelated", text=de),
        Document(id="far", text=edited(en, 0.35, 2)),
    ]
    out = {d.id: d for d in run(docs)}
    assert out["orig"].rejection is None and out["orig"].signals["minhash_cluster_size"] == 3
    for copy in ("exact", "near"):
        rej = out[copy].rejection
        assert rej.reason == "near_duplicate" and "near-duplicate of orig" in rej.detail
    assert (
        out["unrelated"].rejection is None
        and "minhash_cluster_size" not in out["unrelated"].signals
    )
    assert out["far"].rejection is None


def test_cjk_near_duplicates_are_found():
    ja = article("article-ja.txt")
    docs = [Document(id="a", text=ja), Document(id="b", text=ja.replace("港湾局", "港務局", 1))]
    out = run(docs)
    assert out[1].rejection is not None and out[1].rejection.reason == "near_duplicate"
    assert len(shingle_hashes(ja, 5)) > 300  # characters as tokens: many shingles


def test_bucket_collision_without_similarity_removes_nothing(tmp_path):
    step = MinHashDedup()
    step.setup()
    rng = np.random.default_rng(0)
    width = step.config.signature_size
    a = rng.integers(0, 2**32, width, dtype=np.uint32)
    b = rng.integers(0, 2**32, width, dtype=np.uint32)
    b[:8] = a[:8]  # the two share band 0 exactly, and nothing else
    table = pa.table(
        {
            "ord": pa.array([0, 1], pa.uint32()),
            "id": ["x", "y"],
            "signature": [a.tobytes(), b.tobytes()],
        }
    )
    (decision,) = step.plan(ShardKeys([table], tmp_path))
    assert decision.num_rows == 0
    entries = np.zeros(2, dtype=ENTRY)  # band 0's bucket: the pair is a candidate
    entries["key"], entries["row"] = step._band_key(np.stack([a, b]), 0), [0, 1]
    first, later = step._bucket_pairs(entries, 2)
    assert (first.tolist(), later.tolist()) == ([0], [1])


def test_chain_does_not_remove_documents_far_from_the_kept_one():
    base = article("seed-en.txt")
    steps = [base] + [edited(base, 0.06 * k, k) for k in range(1, 8)]
    out = run([Document(id=str(i), text=t) for i, t in enumerate(steps)], threshold=0.8)
    for doc in out:
        if doc.rejection is not None:
            assert "near-duplicate of 0" in doc.rejection.detail
            similarity = float(doc.rejection.detail.split("Jaccard ")[1].split(" ")[0])
            assert similarity >= 0.8


def test_minhash_runs_through_the_engine_deterministically(tmp_path):
    from conftest import write_jsonl
    from winnow.running.runner import RunOptions
    from winnow.running.runner import run as run_corpus

    en, de = article("seed-en.txt"), article("seed-de.txt")
    (tmp_path / "in").mkdir()
    for f in range(3):
        # per file: two light edits of one English page, two copies of one German page
        write_jsonl(
            tmp_path / f"in/p{f}.jsonl",
            [
                {
                    "id": f"{f}-{i}",
                    "text": edited(en, 0.003, f * 10 + i) if i % 2 else de + f" {f} {i}",
                }
                for i in range(4)
            ],
        )
    recipe = parse_recipe({"name": "mh", "steps": ["dedup.minhash"]})
    one = run_corpus(
        RunOptions(
            [str(tmp_path / "in")], str(tmp_path / "o1"), recipe=recipe, workers=1, quiet=True
        )
    )
    two = run_corpus(
        RunOptions(
            [str(tmp_path / "in")], str(tmp_path / "o2"), recipe=recipe, workers=2, quiet=True
        )
    )
    assert one.stats == two.stats
    removed = one.stats["steps"][0]["removed_by_reason"]
    assert removed["near_duplicate"] == 10  # two clusters of 6: one kept from each


def test_vectorised_tokens_match_words():
    assert token_hashes("L'armée, l'ARMÉE!").size == 4  # l, armée, l, armée
    a, b = token_hashes("naïve café"), token_hashes("NAÏVE  café.")
    assert (a == b).all()
    assert token_hashes("abc abd").tolist()[0] != token_hashes("abd abc").tolist()[0]
    assert token_hashes("").size == 0 and token_hashes("... !!!").size == 0


def test_plan_in_key_range_passes_decides_the_same(tmp_path):
    """A corpus too large for ``plan_memory_mb`` is sorted band by band in several passes;
    the decisions must not change."""
    en, de = article("seed-en.txt"), article("seed-de.txt")
    texts = [en, edited(en, 0.01, 1), de, edited(de, 0.02, 3), en, edited(en, 0.4, 4)]
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    step = MinHashDedup()
    step.setup()
    shards = [
        pa.table(
            {
                "ord": pa.array([i % 3 for i in range(s, s + 3)], pa.uint32()),
                "id": [d.id for d in docs[s : s + 3]],
                "signature": [k[1] for k in step.keys(docs[s : s + 3])],
            }
        )
        for s in (0, 3)
    ]
    one_pass = step.plan(ShardKeys(shards, tmp_path / "a"))
    step.config.partitions = 20  # 20 key ranges a band for 6 documents
    many = step.plan(ShardKeys(shards, tmp_path / "b"))
    assert [t.to_pylist() for t in many] == [t.to_pylist() for t in one_pass]
    removed = [r["duplicate_of"] for t in one_pass for r in t.to_pylist() if r["duplicate_of"]]
    assert sorted(removed) == ["0", "0", "2"]


def test_signatures_do_not_depend_on_how_a_batch_is_chunked(monkeypatch):
    import winnow.steps.dedup.minhash as minhash

    rng = random.Random(4)
    words = article("seed-en.txt").split()
    docs = [
        Document(id=str(i), text=" ".join(rng.choice(words) for _ in range(rng.randint(0, 2500))))
        for i in range(40)
    ] + [Document(id="ja", text=article("article-ja.txt"))]
    step = MinHashDedup()
    whole = step.keys(docs)
    monkeypatch.setattr(minhash, "KEY_CHUNK_CHARS", 3000)  # many chunks, some of one doc
    assert step.keys(docs) == whole
    assert sum(k is None for k in whole) == sum(not d.text for d in docs)
