"""winnow train-classifier: options, the held-out split and AUC, the written model (read by
the step's own code), and a clear error without the train extra."""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import write_jsonl
from winnow.document import Document
from winnow.errors import ConfigError, MissingExtraError
from winnow.steps.quality.classifier import QualityClassifier, load_model, model_info
from winnow.train.classifier import (
    TrainOptions,
    add_parser,
    floret_to_fasttext,
    read_lines,
    roc_auc,
    split,
    train_classifier,
)

GOOD = [
    "The committee discussed the proposal at length and agreed on a plan for the river.",
    "Researchers measured the water of the lake every week for three years in a row.",
    "The old library reopened after the roof was repaired with help from local families.",
    "Farmers in the valley changed their crops because the summers have become drier.",
]
BAD = [
    "Home | About | Contact | Login | Cart",
    "© 2024 All rights reserved. Privacy | Terms",
    "Share: Facebook Twitter Email",
    "Previous 1 2 3 4 Next",
    "Accept cookies | Settings",
]


def sides(folder: Path, n: int = 200, seed: int = 0) -> tuple[str, str]:
    rng = random.Random(seed)
    good = [{"text": "\n".join(rng.sample(GOOD, 2))} for _ in range(n)]
    bad = [{"text": "\n".join(rng.sample(BAD, 3))} for _ in range(n)]
    folder.mkdir(parents=True, exist_ok=True)
    return str(write_jsonl(folder / "good.jsonl", good)), str(
        write_jsonl(folder / "bad.jsonl", bad)
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="winnow")
    add_parser(top.add_subparsers(dest="command", required=True))
    return top


def has_trainer() -> bool:
    try:
        import floret  # noqa: F401
    except ImportError:
        return False
    return True


SMALL = ["--dim", "8", "--bucket", "10000"]  # a model of a few hundred KB, trained in ms


def test_the_parser_has_the_options_and_their_defaults() -> None:
    args = parser().parse_args(
        ["train-classifier", "--positive", "a", "b", "--negative", "c", "-o", "m.bin"]
    )
    assert (args.positive, args.negative, args.output) == (["a", "b"], ["c"], "m.bin")
    assert (args.label, args.negative_label, args.preprocess) == ("hq", "lq", "dclm")
    assert (args.epochs, args.ngrams, args.lr, args.dim) == (5, 2, 0.1, 100)
    assert (args.valid_share, args.seed, args.max_docs, args.threads) == (0.1, 0, 0, 1)
    assert not args.quantize and callable(args.func)
    with pytest.raises(SystemExit):
        parser().parse_args(["train-classifier", "--positive", "a", "-o", "m.bin"])
    with pytest.raises(SystemExit):
        parser().parse_args(["train-classifier", "--positive", "a", "--negative", "b"])


def test_auc_matches_counting_every_pair() -> None:
    rng = np.random.default_rng(3)
    pos, neg = rng.integers(0, 10, 40) / 10, rng.integers(0, 8, 30) / 10  # many ties
    pairs = [(p > n) + 0.5 * (p == n) for p in pos for n in neg]
    assert roc_auc(pos, neg) == pytest.approx(sum(pairs) / len(pairs))
    assert roc_auc(np.array([0.9, 0.8]), np.array([0.1, 0.2])) == 1.0
    assert roc_auc(np.array([0.1]), np.array([0.9])) == 0.0


def test_the_split_is_stratified_and_set_by_the_seed() -> None:
    a = split(100, 0.1, np.random.default_rng(5))
    b = split(100, 0.1, np.random.default_rng(5))
    c = split(100, 0.1, np.random.default_rng(6))
    assert [len(x) for x in a] == [90, 10] and all(
        (x == y).all() for x, y in zip(a, b, strict=True)
    )
    assert not (a[1] == c[1]).all()
    assert sorted(np.concatenate(a).tolist()) == list(range(100))
    assert [len(x) for x in split(3, 0.01, np.random.default_rng(0))] == [2, 1]
    assert [len(x) for x in split(5, 0.0, np.random.default_rng(0))] == [5, 0]


def test_lines_are_preprocessed_and_label_tokens_dropped(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"text": "One\nTwo __label__x three"}, {"text": "  \n "}, {"no_text": 1}],
    )
    # a record without text is one the reader reports as bad
    assert read_lines([str(path)], "dclm", 0) == (["One Two  three"], 1, 1)
    assert read_lines([str(path)], "lower", 1)[0] == ["one two  three"]


def test_train_from_the_cli_prints_accuracy_and_auc_and_the_step_reads_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("floret", reason="training needs: pip install 'winnow[train]'")
    good, bad = sides(tmp_path)
    out = tmp_path / "models" / "clf.bin"
    args = parser().parse_args(
        ["train-classifier", "--positive", good, "--negative", bad, "-o", str(out), *SMALL]
    )
    assert args.func(args) == 0
    printed = capsys.readouterr()
    assert "validation: 40 documents, accuracy 1.0000" in printed.out
    assert "AUC 1.0000" in printed.out and "read 200 positive and 200 negative" in printed.err
    info = model_info(str(out))
    assert info.supervised and sorted(info.labels) == ["hq", "lq"] and info.word_ngrams == 2
    config = QualityClassifier.Config(model=str(out))
    config.validate()
    step = QualityClassifier(config)
    step.setup()
    docs = [Document(id="g", text=GOOD[0] + "\n" + GOOD[3]), Document(id="b", text=BAD[1])]
    for doc in docs:
        step.apply(doc)
    assert docs[0].signals["quality_score"] > 0.9 > 0.1 > docs[1].signals["quality_score"]
    with pytest.raises(ConfigError, match="exists"):
        args.func(args)  # no --overwrite


def test_the_same_seed_gives_the_same_model_and_quantize_a_small_one(tmp_path: Path) -> None:
    pytest.importorskip("floret", reason="training needs: pip install 'winnow[train]'")
    good, bad = sides(tmp_path, n=60)
    small = {"dim": 8, "bucket": 10_000, "valid_share": 0.2}
    a = train_classifier(TrainOptions([good], [bad], str(tmp_path / "a.bin"), **small))
    b = train_classifier(TrainOptions([good], [bad], str(tmp_path / "b.bin"), **small))
    assert Path(a.model).read_bytes() == Path(b.model).read_bytes()
    assert a.train == (48, 48) and a.valid == (12, 12) and a.accuracy == 1.0
    q = train_classifier(
        TrainOptions([good], [bad], str(tmp_path / "q.ftz"), quantize=True, cutoff=1000, **small)
    )
    assert q.bytes < a.bytes / 4 and q.auc == 1.0  # scored through fasttext-predict


def test_floret_files_become_fasttext_files_with_the_same_predictions(tmp_path: Path) -> None:
    floret = pytest.importorskip("floret", reason="training needs: pip install 'winnow[train]'")
    data = tmp_path / "train.txt"
    rng = random.Random(1)
    rows = [f"__label__hq {g}" for g in GOOD] + [f"__label__lq {b}" for b in BAD]
    data.write_text("\n".join(rng.choice(rows) for _ in range(300)) + "\n")
    trained = floret.train_supervised(
        input=str(data), dim=8, bucket=5000, wordNgrams=2, thread=1, verbose=0
    )
    trained.save_model(str(tmp_path / "floret.bin"))
    floret_to_fasttext(str(tmp_path / "floret.bin"), str(tmp_path / "fasttext.bin"))
    clf = load_model(str(tmp_path / "fasttext.bin"))
    for text in [*GOOD, *BAD, "unseen words only", ""]:
        theirs = dict((label, p) for p, label in trained.f.predict(text + "\n", -1, 0.0, "strict"))
        labels, probs = clf.predict(text, k=-1)
        assert dict(zip(labels, probs, strict=True)) == pytest.approx(theirs)


def test_option_and_input_errors_are_clear(tmp_path: Path) -> None:
    good, bad = sides(tmp_path, n=5)
    empty = write_jsonl(tmp_path / "empty.jsonl", [{"text": " "}])
    out = str(tmp_path / "m.bin")
    cases = [
        (TrainOptions([good], [bad], out, valid_share=1.0), "--valid-share"),
        (TrainOptions([good], [bad], out, negative_label="hq"), "must differ"),
        (TrainOptions([good], [bad], out, label="__label__hq"), "--label must be a word"),
        (TrainOptions([good], [bad], out, preprocess="upper"), "--preprocess"),
        (TrainOptions([good], [bad], out, epochs=0), "--epochs"),
        (TrainOptions([good], [bad], str(tmp_path)), "is a folder"),
    ]
    if has_trainer():  # inputs are read once a trainer is found
        cases += [
            (TrainOptions([good], [str(tmp_path / "nope.jsonl")], out), "does not exist"),
            (TrainOptions([good], [str(empty)], out), "no document with text in --negative"),
        ]
    for opts, message in cases:
        with pytest.raises(ConfigError, match=message):
            train_classifier(opts)


def test_without_the_train_extra_the_error_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = sides(tmp_path, n=5)
    monkeypatch.setitem(sys.modules, "floret", None)  # not installed; fasttext-predict cannot
    with pytest.raises(MissingExtraError, match=r"pip install 'winnow\[train\]'"):
        train_classifier(TrainOptions([good], [bad], str(tmp_path / "m.bin")))
