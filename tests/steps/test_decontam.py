import random

import numpy as np
import pytest

from conftest import article_text, write_jsonl
from winnow.document import Document
from winnow.errors import ConfigError
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe
from winnow.steps.decontam.hashing import (
    Words,
    normalize,
    words_of,
    words_of_many,
)
from winnow.steps.decontam.index import open_index, resolve
from winnow.steps.decontam.ngrams import NgramDecontam
from winnow.text import tokens

ITEMS = [
    {
        "id": "mmlu-1",
        "text": "Which of the following best describes the function of the "
        "mitochondria in a eukaryotic cell during aerobic respiration?",
    },
    {
        "id": "mmlu-2",
        "text": "A farmer has seventeen sheep and all but nine of them run away "
        "through a gap in the fence; how many sheep does the farmer have left?",
    },
    {"text": "Too short to match."},
]
# 13 consecutive words of ITEMS[1] as a web page might quote them
PASSAGE = "all but nine of them run away through a gap in the fence"
ZH = "北京市政府宣布从下个月开始对所有公共交通实行免费乘车政策以减少空气污染"
JA = "市立図書館は試験期間中、夜九時まで開館する。ボランティアの人々が日曜日に海岸を清掃した。"


@pytest.fixture
def refs(tmp_path):
    jsonl = write_jsonl(tmp_path / "mmlu.jsonl", ITEMS)
    lines = tmp_path / "zh.txt"
    lines.write_text(f"第一行太短。\n\n{ZH}\n", encoding="utf-8")
    return [str(jsonl), str(lines)]


def run(docs, tmp_path, **params):
    params.setdefault("cache_dir", str(tmp_path / "cache"))
    step = {"decontam.ngrams": params}
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": [step]}))
    pipeline.setup()
    return run_in_memory(pipeline, docs)


def page(middle: str) -> str:
    text = article_text()
    cut = len(text) // 2
    return f"{text[:cut]} {middle} {text[cut:]}"


def test_planted_passage_is_found_and_named(refs, tmp_path):
    docs = [
        Document(id="leak", text=page(f"Puzzle: “{PASSAGE.upper()}?” Think.")),
        Document(id="clean", text=article_text()),
    ]
    leak, clean = run(docs, tmp_path, references=refs)
    assert leak.rejection is not None and leak.rejection.reason == "decontam_ngram_overlap"
    assert leak.signals["decontam_ngrams"] == 1
    detail = leak.rejection.detail
    assert "1 13-gram(s)" in detail and "min_matches 1" in detail
    assert f"{refs[0]} line 2 (id mmlu-2)" in detail and f'"{PASSAGE}"' in detail
    assert clean.rejection is None and clean.signals["decontam_ngrams"] == 0


def test_near_misses_are_kept(refs, tmp_path):
    words = PASSAGE.split()
    twelve = " ".join(words[:12])  # 12 of the 13 words
    changed = " ".join([*words[:6], "ten", *words[7:]])  # one word changed
    docs = [Document(id=str(i), text=page(t)) for i, t in enumerate([twelve, changed])]
    for doc in run(docs, tmp_path, references=refs):
        assert doc.rejection is None and doc.signals["decontam_ngrams"] == 0


def test_cjk_reference_found_in_chinese_and_japanese_documents(refs, tmp_path):
    ja_ref = write_jsonl(tmp_path / "ja.jsonl", [{"id": "ja-7", "text": JA}])
    docs = [
        Document(id="zh", text=f"新闻：{ZH}。记者报道。"),
        Document(id="ja", text=f"ニュース。{JA[22:]}以上です。"),  # its second sentence
        Document(id="zh-other", text="上海市政府宣布下周举行国际电影节，欢迎市民参加各项活动。"),
    ]
    zh, ja, other = run(docs, tmp_path, references=[*refs, str(ja_ref)])
    assert zh.rejection is not None and f"{refs[1]} line 3" in zh.rejection.detail
    assert '"北 京 市 政 府' in zh.rejection.detail  # the n-gram's words: one per character
    assert ja.rejection is not None and "(id ja-7)" in ja.rejection.detail
    assert other.rejection is None


def test_min_matches_and_parquet_reference(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "suite.parquet"
    pq.write_table(pa.table({"text": [ITEMS[0]["text"], ITEMS[1]["text"]]}), path)
    docs = [Document(id="1", text=page(PASSAGE))]
    (kept,) = run(docs, tmp_path, references=[str(path)], min_matches=2)
    assert kept.rejection is None and kept.signals["decontam_ngrams"] == 1
    (gone,) = run([Document(id="1", text=page(PASSAGE))], tmp_path, references=[str(path)])
    assert gone.rejection is not None and f"{path} row 2:" in gone.rejection.detail


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"references": ["/nonexistent/suite.jsonl"]}, "does not exist"),
        ({"references": []}, "at least one file"),
        ({"n": 4}, "n 4 < 5"),
        ({"min_matches": 0}, "min_matches 0 < 1"),
    ],
)
def test_bad_parameters_fail_before_any_work(refs, params, message):
    params = {"references": refs, **params}
    with pytest.raises(ConfigError, match=message):
        parse_recipe({"steps": [{"decontam.ngrams": params}]})


def test_unusable_references_fail_at_setup(tmp_path):
    short = write_jsonl(tmp_path / "short.jsonl", [ITEMS[2]])
    with pytest.raises(ConfigError, match="no reference item has 13 words"):
        run([], tmp_path, references=[str(short)])
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.jsonl \(line 2\): malformed JSON"):
        run([], tmp_path, references=[str(broken)])


def test_index_is_built_once_and_reused(refs, tmp_path):
    config = NgramDecontam.Config(references=refs, cache_dir=str(tmp_path / "cache"))
    first, second = NgramDecontam(config), NgramDecontam(config)
    first.setup()
    second.setup()
    assert first.index is not None and second.index is not None
    assert first.index.built and not second.index.built
    assert first.index.folder == second.index.folder
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.is_dir()] == [
        first.index.folder.name
    ]
    mapped = second.index.hashes
    assert not mapped.flags.owndata and isinstance(mapped.base, np.memmap)  # not copied
    # new bytes in a reference: a new index
    write_jsonl(tmp_path / "mmlu.jsonl", ITEMS[:2])
    third = NgramDecontam(config)
    third.setup()
    assert third.index is not None and third.index.built
    assert third.index.folder != first.index.folder


def _open_in_child(refs: list[str], cache: str) -> bool:
    return open_index(resolve(refs), 13, cache).built


def test_workers_starting_together_build_the_index_once(refs, tmp_path):
    import multiprocessing

    cache = str(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "x.tmp-1").mkdir()  # another key's scratch folder: left alone
    with multiprocessing.get_context("fork").Pool(3) as pool:
        built = pool.starmap(_open_in_child, [(refs, cache)] * 3)
    assert sorted(built) == [False, False, True]
    assert len([p for p in (tmp_path / "cache").iterdir() if p.is_dir()]) == 2


def test_a_hash_hit_is_verified_against_the_words(refs, tmp_path):
    step = NgramDecontam(NgramDecontam.Config(references=refs, cache_dir=str(tmp_path / "c")))
    step.setup()
    assert step.index is not None
    real = words_of(PASSAGE)
    assert step.index.matches(real)[0] == 1
    # the same hashes standing for other words: a collision, never a match
    forged = Words(real.hashes, real.starts, real.ends, PASSAGE.replace("nine", "nune"))
    assert step.index.matches(forged) == (0, None)


TRICKY = "ab'’- -_.,1éßİﬁK㈱Ａ각ୋΣ😀𝐀𐌰\ud800市を\u3099\ufe0f\u0301ไทย\u00a0…™・e²Ⅻ"


def test_fast_words_are_the_tokens_of_the_normalised_text():
    rng = random.Random(7)
    texts = [article_text(), article_text("ja"), "Don't stop—well-known U.S. rock’n’roll!"]
    texts += ["".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 16))) for _ in range(1000)]
    # BMP characters in context (every one passes; a sample keeps the test fast)
    chars = [*map(chr, range(0, 0x10000, 37)), "\u3099", "\ufe0f", "\u0301", "ー", "…"]
    texts += [f"a{c}b {c}x{c} 人{c}-{c}a" for c in chars]
    for text in texts:
        fast, slow = words_of(text), words_of(text, fast=False)
        expected = tokens(normalize(text))
        assert fast.slice(0, len(fast)) == expected, repr(text)
        assert np.array_equal(fast.hashes, slow.hashes), repr(text)
    # many texts at once (the index build): the same words, each with its text's number
    for batch in (texts[3:500], texts[-300:], ["First item.", "", "Second—item's words"]):
        many, owner = words_of_many(batch)
        expected_hashes = [words_of(text).hashes for text in batch]
        assert np.array_equal(many.hashes, np.concatenate(expected_hashes))
        assert owner.tolist() == [i for i, h in enumerate(expected_hashes) for _ in h]
