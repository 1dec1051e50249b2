"""The partitioned dedup plans decide exactly what the single-process plans of issue 31's
time decided (kept below as the reference), for any number of partitions, shards (empty
ones too), workers and task finishing order."""

import random

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from winnow.errors import ConfigError
from winnow.recipe import parse_recipe
from winnow.running.engines.base import TaskFailure
from winnow.running.plan import (
    PlanError,
    SerialEngine,
    SortedDecisions,
    StepSource,
    run_corpus_plan,
)
from winnow.step import CorpusStep, ShardKeys
from winnow.steps.dedup.exact import ExactDedup
from winnow.steps.dedup.minhash import MinHashDedup, _agreement, _signature_matrix, connected_roots
from winnow.steps.dedup.paragraphs import _NO_SITE, RecurringParagraphs, _flatten

# --- the reference: the plans as they were, one process over every shard's keys ---------


def reference_exact(keys):
    sizes = [keys.num_rows(s) for s in range(len(keys))]
    hashes = np.concatenate([keys.read(s, ["hash"])["hash"].to_numpy() for s in range(len(sizes))])
    order = np.argsort(hashes, kind="stable")
    sorted_hashes = hashes[order]
    start = np.ones(len(order), dtype=bool)
    start[1:] = sorted_hashes[1:] != sorted_hashes[:-1]
    group = np.cumsum(start) - 1
    first_row = order[start][group]
    counts = np.bincount(group)[group]
    ids = keys.ids_of(np.unique(first_row[~start]))
    return _per_shard(
        keys,
        sizes,
        {
            int(r): {"duplicate_of": ids[int(f)], "copies": int(c)}
            for r, f, c in zip(order[~start], first_row[~start], counts[~start], strict=True)
        },
    )


def reference_minhash(step, keys):
    c = step.config
    sizes = [keys.num_rows(s) for s in range(len(keys))]
    n = sum(sizes)
    sigs = np.concatenate(
        [_signature_matrix(keys.read(s, ["signature"]), c.signature_size) for s in range(len(keys))]
    )
    found = []
    for band in range(c.num_bands):
        band_keys = step._band_key(sigs, band)
        order = np.argsort(band_keys, kind="stable")
        sorted_keys, docs = band_keys[order], np.arange(n)[order]
        new = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        group_start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        take = ~new & (np.arange(n) - group_start < c.max_bucket)
        for earlier in (docs[group_start[take]], docs[np.flatnonzero(take) - 1]):
            found.append(earlier.astype(np.uint64) * np.uint64(n) + docs[take].astype(np.uint64))
    pairs = np.unique(np.concatenate(found))
    a, b = (pairs // np.uint64(n)).astype(np.int64), (pairs % np.uint64(n)).astype(np.int64)
    verified = _agreement(sigs, a, b) >= c.threshold
    roots = connected_roots(n, a[verified], b[verified])
    members = np.flatnonzero(roots != np.arange(n))
    similarity = np.ones(n, dtype=np.float32)
    similarity[members] = _agreement(sigs, members, roots[members])
    removed = np.zeros(n, dtype=bool)
    removed[members] = similarity[members] >= c.threshold
    roots = np.where(removed, roots, np.arange(n))
    size = np.bincount(roots, minlength=n)[roots]
    ids = keys.ids_of(np.unique(roots[removed]))
    return _per_shard(
        keys,
        sizes,
        {
            int(i): {
                "duplicate_of": ids[int(roots[i])] if removed[i] else None,
                "similarity": float(similarity[i]),
                "cluster_size": int(size[i]),
            }
            for i in np.flatnonzero(size > 1)
        },
    )


def reference_paragraphs(step, keys):
    c = step.config
    sizes = [keys.num_rows(s) for s in range(len(keys))]
    flat = [_flatten(keys.read(s)) for s in range(len(keys))]
    rows = np.concatenate([np.repeat(np.arange(len(f[1])), f[1]) for f in flat])
    rows += np.repeat(np.concatenate([[0], np.cumsum(sizes)[:-1]]), [f[0].size for f in flat])
    hashes = np.concatenate([f[0] for f in flat])
    site_keys = np.concatenate([f[2] for f in flat])
    has_site = np.concatenate([f[3] for f in flat])

    def recurring(values, doc_rows, limit):
        unique, first, counts = np.unique(values, return_index=True, return_counts=True)
        return {
            int(h): (int(n), int(doc_rows[i]))
            for h, i, n in zip(unique, first, counts, strict=True)
            if n > limit
        }

    common = recurring(hashes, rows, c.max_docs)
    per_site = recurring(site_keys[has_site], rows[has_site], c.max_docs_per_site)
    decisions = {}
    for h, s, site, row in zip(hashes, site_keys, has_site, rows, strict=True):
        g_count, g_first = common.get(int(h), (0, -1))
        s_count, s_first = per_site.get(int(s), (0, -1)) if site else (0, -1)
        if not (g_count or s_count):
            continue
        if c.keep_first and row == (g_first if g_count else s_first):
            continue
        entry = decisions.setdefault(int(row), {"recurring": [], "counts": []})
        entry["recurring"].append(int(h))
        entry["counts"].append(max(g_count, s_count))
    return _per_shard(keys, sizes, decisions)


def _per_shard(keys, sizes, by_row):
    """{row: decision} → per shard, {ord: decision}."""
    out, offset = [], 0
    for s, size in enumerate(sizes):
        ords = keys.read(s, ["ord"])["ord"].to_numpy()
        out.append(
            {int(ords[r - offset]): d for r, d in by_row.items() if offset <= r < offset + size}
        )
        offset += size
    return out


def as_dicts(tables):
    """Decision tables → per shard {ord: row}; and each table must be sorted by ord."""
    out = []
    for table in tables:
        rows = table.to_pylist()
        assert [r["ord"] for r in rows] == sorted(r["ord"] for r in rows)
        out.append({r.pop("ord"): r for r in rows})
    return out


# --- key tables ---------------------------------------------------------------------------


def shard_tables(columns, sizes, seed=0):
    """Split key columns into shards of ``sizes`` rows, with gaps in ``ord`` (documents
    removed earlier have no key)."""
    rng = random.Random(seed)
    tables, start = [], 0
    for size in sizes:
        ords = sorted(rng.sample(range(3 * size + 1), size))
        part = {name: values[start : start + size] for name, values in columns.items()}
        tables.append(pa.table({"ord": pa.array(ords, pa.uint32()), **part}))
        start += size
    return tables


def exact_keys(sizes, seed=0):
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    pool = rng.integers(0, 2**64, max(1, n // 3), dtype=np.uint64)  # many repeats
    unique = rng.integers(0, 2**64, n, dtype=np.uint64)
    hashes = np.where(rng.random(n) < 0.6, pool[rng.integers(0, pool.size, n)], unique)
    columns = {
        "hash": pa.array(hashes, pa.uint64()),
        "id": pa.array([f"doc{i}" for i in range(n)], pa.string()),
    }
    return shard_tables(columns, sizes, seed)


def minhash_keys(step, sizes, seed=0):
    """Signatures of families of near-copies (some within the threshold, some chained
    beyond it), band collisions without similarity, and unrelated documents."""
    rng = np.random.default_rng(seed)
    width = step.config.signature_size
    n = sum(sizes)
    sigs = rng.integers(0, 2**32, (n, width), dtype=np.uint32)
    for i in range(n):
        base = int(rng.integers(0, max(1, i))) if i else 0
        kind = rng.random()
        if i and kind < 0.15:  # a template: copies of the first document fill buckets
            base = 0  # past max_bucket
        if i and kind < 0.45:  # a near-copy of an earlier document
            sigs[i] = sigs[base]
            changed = rng.random(width) < rng.uniform(0.0, 0.35)
            sigs[i, changed] = rng.integers(0, 2**32, int(changed.sum()), dtype=np.uint32)
        elif i and kind < 0.55:  # shares one band, nothing else
            rows = step.config.rows_per_band
            band = int(rng.integers(step.config.num_bands)) * rows
            sigs[i, band : band + rows] = sigs[base, band : band + rows]
    columns = {
        "id": pa.array([f"doc{i}" for i in range(n)], pa.string()),
        "signature": pa.array([s.tobytes() for s in sigs], pa.binary(4 * width)),
    }
    return shard_tables(columns, sizes, seed)


def paragraph_keys(sizes, seed=0):
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    pool = rng.integers(0, 2**64, 40, dtype=np.uint64)  # lines many documents share
    sites = rng.integers(0, 2**64, 4, dtype=np.uint64)
    hash_lists, site_column = [], []
    for _ in range(n):
        lines = set(pool[rng.integers(0, pool.size, rng.integers(0, 6))].tolist())
        lines |= set(rng.integers(0, 2**64, rng.integers(1, 5), dtype=np.uint64).tolist())
        hash_lists.append(sorted(lines))
        site_column.append(int(_NO_SITE) if rng.random() < 0.3 else int(rng.choice(sites)))
    columns = {
        "site": pa.array(site_column, pa.uint64()),
        "hashes": pa.array(hash_lists, pa.list_(pa.uint64())),
    }
    return shard_tables(columns, sizes, seed)


def partitioned(step, tables, tmp_path, engine=None, row_group_size=None):
    """Run the step's plan through the driver, over key files, and read the tables back."""
    keys, decisions = [], []
    tmp_path.mkdir(parents=True, exist_ok=True)
    for s, table in enumerate(tables):
        keys.append(tmp_path / f"keys-{s}.parquet")
        decisions.append(tmp_path / f"decisions-{s}.parquet")
        pq.write_table(table, keys[-1], row_group_size=row_group_size)
    engine = engine or SerialEngine()
    run_corpus_plan(step, StepSource.of_step(step), keys, decisions, tmp_path / "scratch", engine)
    return [pq.read_table(p) for p in decisions]


SHARDS = [[60], [30, 0, 45, 1, 0, 24], [0, 0]]


# --- the same decisions -------------------------------------------------------------------


@pytest.mark.parametrize("sizes", SHARDS)
@pytest.mark.parametrize("parts", [1, 2, 7])
def test_exact_same_decisions_as_the_single_plan(tmp_path, sizes, parts):
    tables = exact_keys(sizes, seed=len(sizes))
    step = ExactDedup(ExactDedup.Config(partitions=parts))
    expected = reference_exact(ShardKeys(tables, tmp_path))
    got = as_dicts(partitioned(step, tables, tmp_path))
    assert got == expected
    assert sum(map(len, got)) > 0 or sum(sizes) == 0


@pytest.mark.parametrize("sizes", SHARDS)
@pytest.mark.parametrize("parts", [1, 2, 7])
def test_minhash_same_decisions_as_the_single_plan(tmp_path, sizes, parts):
    config = MinHashDedup.Config(
        num_bands=6, rows_per_band=2, signature_size=48, max_bucket=4, partitions=parts
    )
    step = MinHashDedup(config)
    tables = minhash_keys(step, sizes, seed=len(sizes))
    expected = reference_minhash(step, ShardKeys(tables, tmp_path))
    got = as_dicts(partitioned(step, tables, tmp_path))
    assert got == expected
    if sum(sizes):  # the data reach every case: removed, kept roots, clusters over shards
        rows = [r for shard in got for r in shard.values()]
        assert any(r["duplicate_of"] for r in rows) and any(not r["duplicate_of"] for r in rows)


@pytest.mark.parametrize("sizes", SHARDS)
@pytest.mark.parametrize("parts", [1, 2, 7])
@pytest.mark.parametrize("keep_first", [True, False])
def test_paragraphs_same_decisions_as_the_single_plan(tmp_path, sizes, parts, keep_first):
    config = RecurringParagraphs.Config(
        max_docs=3, max_docs_per_site=2, keep_first=keep_first, partitions=parts
    )
    step = RecurringParagraphs(config)
    tables = paragraph_keys(sizes, seed=len(sizes))
    expected = reference_paragraphs(step, ShardKeys(tables, tmp_path))
    got = as_dicts(partitioned(step, tables, tmp_path))
    assert got == expected
    assert sum(map(len, got)) > 0 or sum(sizes) == 0


def test_minhash_real_signatures_and_default_config(tmp_path):
    """Documents through the step's own ``keys``: planted near-copies found, the same as
    the reference, with the default 14 × 8 bands and 256 values."""
    rng = random.Random(2)
    vocab = [f"w{i}" for i in range(3000)]
    texts = []
    for i in range(90):
        if i % 9 == 1:
            words = texts[-1].split()
            words[rng.randrange(len(words))] = "edited"
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(vocab) for _ in range(120)))
    step = MinHashDedup(MinHashDedup.Config(partitions=3))
    keys = [k for k in step.keys([_doc(i, t) for i, t in enumerate(texts)])]
    columns = {
        "id": pa.array([k[0] for k in keys], pa.string()),
        "signature": pa.array([k[1] for k in keys], pa.binary(1024)),
    }
    tables = shard_tables(columns, [40, 0, 50])
    expected = reference_minhash(step, ShardKeys(tables, tmp_path))
    got = as_dicts(partitioned(step, tables, tmp_path))
    assert got == expected
    removed = [r for shard in got for r in shard.values() if r["duplicate_of"]]
    assert len(removed) == 10


def _doc(i, text):
    from winnow.document import Document

    return Document(id=f"doc{i}", text=text)


def test_key_files_read_in_row_groups_and_batches(tmp_path, monkeypatch):
    """Map and decide tasks read a key file a row group and a batch at a time: slices of
    every kind of key column must give the same decisions."""
    import winnow.steps.dedup.partition as partition

    monkeypatch.setattr(partition, "BATCH_ROWS", 5)
    sizes = [23, 0, 31]
    exact = ExactDedup(ExactDedup.Config(partitions=2))
    tables = exact_keys(sizes, seed=9)
    got = partitioned(exact, tables, tmp_path / "e", row_group_size=7)
    assert as_dicts(got) == reference_exact(ShardKeys(tables, tmp_path))
    config = MinHashDedup.Config(num_bands=6, rows_per_band=2, signature_size=48, partitions=2)
    minhash = MinHashDedup(config)
    tables = minhash_keys(minhash, sizes, seed=9)
    got = partitioned(minhash, tables, tmp_path / "m", row_group_size=7)
    assert as_dicts(got) == reference_minhash(minhash, ShardKeys(tables, tmp_path))
    paragraphs = RecurringParagraphs(RecurringParagraphs.Config(max_docs=3, partitions=2))
    tables = paragraph_keys(sizes, seed=9)
    got = partitioned(paragraphs, tables, tmp_path / "p", row_group_size=7)
    assert as_dicts(got) == reference_paragraphs(paragraphs, ShardKeys(tables, tmp_path))


def test_sorted_decisions_are_read_while_streaming(tmp_path):
    path = tmp_path / "decisions.parquet"
    table = pa.table({"ord": pa.array([1, 4, 5, 9], pa.uint32()), "v": list("abcd")})
    pq.write_table(table, path)
    decisions = SortedDecisions(path, batch_rows=2)
    got = [decisions.get(p) for p in (0, 1, 2, 4, 5, 8, 9, 12)]
    assert got == [None, {"v": "a"}, None, {"v": "b"}, {"v": "c"}, None, {"v": "d"}, None]
    pq.write_table(pa.table({"ord": pa.array([4, 1], pa.uint32())}), path)
    with pytest.raises(ValueError, match="not sorted"):
        SortedDecisions(path).get(5)


# --- order, engines, the default protocol, failures, parameters ---------------------------


class ShuffledEngine(SerialEngine):
    """Runs every task, then hands the results back in a shuffled order."""

    def map(self, fn, args):
        results = list(super().map(fn, args))
        random.Random(len(results)).shuffle(results)
        yield from results


def test_results_do_not_depend_on_task_finishing_order(tmp_path):
    step = MinHashDedup(MinHashDedup.Config(num_bands=6, rows_per_band=2, signature_size=48))
    tables = minhash_keys(step, [30, 20, 25])
    step.config.partitions = 3
    one = partitioned(step, tables, tmp_path / "serial")
    two = partitioned(step, tables, tmp_path / "shuffled", ShuffledEngine())
    assert as_dicts(one) == as_dicts(two)


@pytest.mark.slow
def test_partitions_run_in_worker_processes(tmp_path):
    """The local engine's spawned workers rebuild the step from its source."""
    from winnow.running.engines.local import LocalEngine

    step = ExactDedup(ExactDedup.Config(partitions=3))
    tables = exact_keys([30, 0, 40], seed=4)
    engine = LocalEngine(2)
    try:
        got = as_dicts(partitioned(step, tables, tmp_path, engine))
    finally:
        engine.close()
    assert got == reference_exact(ShardKeys(tables, tmp_path))


class OnlyPlan(CorpusStep):
    """A third-party corpus step written before the partitioned protocol: ``plan`` only."""

    name = "test.only_plan"

    def plan(self, keys):
        return [
            pa.table({"ord": pa.array([2, 0], pa.uint32()), "n": [s, s]}) for s in range(len(keys))
        ]


def test_a_step_with_only_plan_runs_as_one_task(tmp_path):
    tables = [pa.table({"ord": pa.array([0, 1, 2], pa.uint32())}) for _ in range(2)]
    got = partitioned(OnlyPlan(), tables, tmp_path)
    assert [t.to_pylist() for t in got] == [
        [{"ord": 0, "n": s}, {"ord": 2, "n": s}] for s in range(2)
    ]  # sorted by ord on the way


class FailingEngine(SerialEngine):
    def map(self, fn, args):
        for a in args:
            yield TaskFailure(a, "Traceback …\nOSError: disk full")


def test_a_failed_task_stops_the_plan_with_a_clear_error(tmp_path):
    with pytest.raises(PlanError, match="disk full"):
        partitioned(ExactDedup(), exact_keys([5]), tmp_path, FailingEngine())


def test_partitions_follow_plan_memory(tmp_path):
    from winnow.steps.dedup.partition import partitions_for

    assert partitions_for(10_000_000, 64, 512) == 2
    assert partitions_for(10_000_000, 64, 64) == 10
    assert partitions_for(10, 64, 512) == 1
    assert partitions_for(10, 64, 512, fixed=5) == 5


@pytest.mark.parametrize("step", ["dedup.exact", "dedup.minhash", "dedup.paragraphs"])
@pytest.mark.parametrize("params", [{"plan_memory_mb": 8}, {"partitions": -1}])
def test_bad_plan_parameters_are_config_errors(step, params):
    with pytest.raises(ConfigError, match=r"plan_memory_mb|partitions"):
        parse_recipe({"steps": [{step: params}]})
