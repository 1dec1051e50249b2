"""``winnow train-classifier``: train a fastText quality classifier from examples of good
and bad text, for the ``quality.classifier`` step.

Inputs are read with winnow's own readers (JSONL, Parquet: the ``text`` field; ``.txt``: one
document a file), turned into one line each with the step's ``preprocess`` mode, split into
training and validation sets (stratified, by ``--seed``), and trained with fastText's
supervised mode. The validation set is then scored by the step's own code on the written
file (``fasttext-predict``), so the accuracy and AUC printed are the step's.

The trainer is **floret** (explosion's fork of fastText, module ``floret``), not
``fasttext-wheel`` or ``fasttext-numpy2``: those install the module ``fasttext`` and the
extension ``fasttext_pybind`` over the files of ``fasttext-predict`` (which winnow scores
with), so whichever pip installed last wins and uninstalling either breaks ``import
fasttext``. floret trains the same models under its own names; its files differ from
fastText's only by two header fields (``mode``, ``hashCount``, after ``maxn``), which
``floret_to_fasttext`` drops. A full ``fasttext`` build with ``train_supervised`` is used
when floret is absent.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from winnow.errors import ConfigError, missing_extra
from winnow.steps.quality.classifier import (
    LABEL_PREFIX,
    PREPROCESS,
    check_model,
    label_score,
    load_model,
)

if TYPE_CHECKING:  # numpy is imported where it is used: `winnow --help` stays quick
    import numpy as np

FLORET_FASTTEXT_MODE = 1  # floret's mode_name::fasttext (src/args.h)
ARGS_BEFORE_MODE = 8 + 11 * 4  # magic, version, then dim … maxn: 11 int32 (src/args.cc)
LABEL_TOKEN = re.compile(r"(?<!\S)" + LABEL_PREFIX + r"\S*")


@dataclass
class TrainOptions:
    positive: list[str]
    negative: list[str]
    output: str
    label: str = "hq"
    negative_label: str = "lq"
    preprocess: str = "dclm"
    epochs: int = 5  # fastText's and DCLM's train_fasttext_classifier.py default
    ngrams: int = 2  # word bigrams, as DCLM's released classifier ("bigram" in its name)
    lr: float = 0.1  # fastText's supervised default
    dim: int = 100  # fastText's default
    bucket: int = 2_000_000  # fastText's default hash buckets for n-grams
    min_count: int = 1  # fastText's supervised default
    valid_share: float = 0.1
    seed: int = 0
    max_docs: int = 0  # per side; 0: all
    threads: int = 1  # 1: the same model from the same seed; more is faster
    quantize: bool = False
    cutoff: int = 100_000  # rows kept when quantizing (fastText's documented example)
    overwrite: bool = False

    def validate(self) -> None:
        for name in ("label", "negative_label"):
            value = getattr(self, name)
            if not value or value.startswith(LABEL_PREFIX) or any(c.isspace() for c in value):
                raise ConfigError(f"--{name.replace('_', '-')} must be a word, got {value!r}")
        if self.label == self.negative_label:
            raise ConfigError("--label and --negative-label must differ")
        if self.preprocess not in PREPROCESS:
            raise ConfigError(f"--preprocess must be one of {', '.join(PREPROCESS)}")
        if not 0.0 <= self.valid_share < 1.0:
            raise ConfigError(f"--valid-share must be within [0, 1), got {self.valid_share}")
        for name in ("epochs", "ngrams", "dim", "min_count", "threads"):
            if getattr(self, name) < 1:
                raise ConfigError(f"--{name.replace('_', '-')} must be 1 or more")
        if self.lr <= 0:
            raise ConfigError(f"--lr must be above 0, got {self.lr}")
        if self.bucket < 1 or self.max_docs < 0 or self.cutoff < 0:
            raise ConfigError("--bucket must be 1 or more; --max-docs and --cutoff 0 or more")
        if Path(self.output).is_dir():
            raise ConfigError(f"-o {self.output} is a folder: name the model file to write")
        if Path(self.output).exists() and not self.overwrite:
            raise ConfigError(f"{self.output} exists: choose another -o or add --overwrite")


@dataclass
class TrainResult:
    model: str
    bytes: int
    train: tuple[int, int]  # positive, negative examples trained on
    valid: tuple[int, int]  # positive, negative examples held out
    accuracy: float | None  # of p(label) >= 0.5 on the held-out examples
    auc: float | None
    skipped: int  # documents without text (HTML not yet extracted, empty)
    unreadable: int
    seconds: float


def trainer() -> tuple[Any, bool]:
    """The training module and whether its files need ``floret_to_fasttext``."""
    try:
        import floret

        return floret, True
    except ImportError:
        pass
    try:
        import fasttext
    except ImportError:
        fasttext = None
    if fasttext is not None and hasattr(fasttext, "train_supervised"):
        return fasttext, False
    raise missing_extra("floret", "train")


def floret_to_fasttext(src: str, dst: str) -> None:
    """Rewrite a floret model file (fasttext mode) as fastText's: drop ``mode`` and
    ``hashCount`` from the header; the dictionary and matrices are written alike."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        head = fin.read(ARGS_BEFORE_MODE)
        mode, _hash_count = struct.unpack("<ii", fin.read(8))
        if mode != FLORET_FASTTEXT_MODE:
            raise RuntimeError(f"{src}: a floret-mode model cannot be read by fastText")
        fout.write(head)
        shutil.copyfileobj(fin, fout, 1 << 22)


def read_lines(inputs: list[str], preprocess: str, max_docs: int) -> tuple[list[str], int, int]:
    """The preprocessed line of every document with text in ``inputs`` (at most
    ``max_docs``), with the counts of documents without text and of unreadable records."""
    from winnow.document import Document
    from winnow.io.base import BadRecord
    from winnow.io.formats import read_file
    from winnow.io.sources import expand_inputs

    prepare = PREPROCESS[preprocess]
    lines: list[str] = []
    skipped = unreadable = 0
    for f in expand_inputs(inputs):
        for item in read_file(f):
            if isinstance(item, Document):
                line = prepare(item.text)
                if LABEL_PREFIX in line:  # fastText reads such a token as a label: the
                    line = LABEL_TOKEN.sub("", line)  # step ignores it, training must too
                if line.strip():
                    lines.append(line)
                else:
                    skipped += 1
            elif isinstance(item, BadRecord):
                unreadable += 1
            if max_docs and len(lines) >= max_docs:
                return lines, skipped, unreadable
    return lines, skipped, unreadable


def split(n: int, share: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Indexes to train on and to hold out: ``share`` of ``n`` (at least one of each side
    where both can be had)."""
    order = rng.permutation(n)
    held = round(n * share)
    if share > 0 and n >= 2:
        held = min(max(held, 1), n - 1)
    return order[held:], order[:held]


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random
    negative (ties count half), from the Mann-Whitney rank sum."""
    import numpy as np

    scores = np.concatenate([pos, neg])
    order = np.argsort(scores, kind="mergesort")
    _, first, counts = np.unique(scores[order], return_index=True, return_counts=True)
    ranks = np.empty(len(scores))
    ranks[order] = np.repeat(first + (counts + 1) / 2, counts)  # 1-based, ties averaged
    u = ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2
    return float(u / (len(pos) * len(neg)))


def train_classifier(opts: TrainOptions, log: Any = None) -> TrainResult:
    """Read, split, train, write ``opts.output`` and score the held-out examples."""
    import numpy as np

    opts.validate()
    module, from_floret = trainer()
    started = time.perf_counter()
    say = log or (lambda message: None)
    sides = []
    skipped = unreadable = 0
    for name, inputs in (("--positive", opts.positive), ("--negative", opts.negative)):
        lines, s, u = read_lines(inputs, opts.preprocess, opts.max_docs)
        if not lines:
            raise ConfigError(f"no document with text in {name} {' '.join(inputs)}")
        sides.append(lines)
        skipped, unreadable = skipped + s, unreadable + u
    say(
        f"read {len(sides[0]):,} positive and {len(sides[1]):,} negative documents"
        + (f" ({skipped:,} without text skipped)" if skipped else "")
        + (f" ({unreadable:,} unreadable records)" if unreadable else "")
    )
    rng = np.random.default_rng(opts.seed)
    (train_pos, valid_pos), (train_neg, valid_neg) = (
        split(len(lines), opts.valid_share, rng) for lines in sides
    )
    out = Path(opts.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".winnow-train-", dir=out.parent) as tmp:
        data = Path(tmp) / "train.txt"
        _write_training_file(data, sides, (train_pos, train_neg), opts, rng)
        say(
            f"training on {len(train_pos) + len(train_neg):,} ({len(train_pos):,} "
            f"{opts.label}, {len(train_neg):,} {opts.negative_label}), holding out "
            f"{len(valid_pos) + len(valid_neg):,}"
        )
        model = module.train_supervised(
            input=str(data),
            lr=opts.lr,
            dim=opts.dim,
            epoch=opts.epochs,
            wordNgrams=opts.ngrams,
            minCount=opts.min_count,
            bucket=opts.bucket,
            thread=opts.threads,
            seed=opts.seed,
            loss="softmax",
            verbose=2 if sys.stderr.isatty() else 0,
        )
        if opts.quantize:
            model.quantize(
                input=str(data),
                qnorm=True,
                retrain=opts.cutoff > 0,
                cutoff=opts.cutoff,
                thread=opts.threads,
                verbose=0,
            )
        saved = Path(tmp) / "model"
        model.save_model(str(saved))
        if from_floret:
            floret_to_fasttext(str(saved), str(saved) + ".ft")
            saved = Path(str(saved) + ".ft")
        os.replace(saved, out)
    check_model(str(out), opts.label)  # the file reads as the step will read it
    accuracy = auc = None
    if len(valid_pos) and len(valid_neg):
        clf = load_model(str(out))
        wanted = LABEL_PREFIX + opts.label
        pos = np.array([label_score(clf, sides[0][i], wanted) for i in valid_pos])
        neg = np.array([label_score(clf, sides[1][i], wanted) for i in valid_neg])
        accuracy = float(((pos >= 0.5).sum() + (neg < 0.5).sum()) / (len(pos) + len(neg)))
        auc = roc_auc(pos, neg)
    return TrainResult(
        model=str(out),
        bytes=out.stat().st_size,
        train=(len(train_pos), len(train_neg)),
        valid=(len(valid_pos), len(valid_neg)),
        accuracy=accuracy,
        auc=auc,
        skipped=skipped,
        unreadable=unreadable,
        seconds=time.perf_counter() - started,
    )


def _write_training_file(
    path: Path,
    sides: list[list[str]],
    chosen: tuple[np.ndarray, np.ndarray],
    opts: TrainOptions,
    rng: np.random.Generator,
) -> None:
    """fastText's input, ``__label__X text`` a line, the two sides shuffled together
    (stochastic gradient descent on all positives, then all negatives, learns the last)."""
    labels = (LABEL_PREFIX + opts.label, LABEL_PREFIX + opts.negative_label)
    rows = [(side, int(i)) for side in (0, 1) for i in chosen[side]]
    with open(path, "w", encoding="utf-8") as fh:
        for k in rng.permutation(len(rows)):
            side, i = rows[k]
            fh.write(f"{labels[side]} {sides[side][i]}\n")


def _run(args: argparse.Namespace) -> int:
    opts = TrainOptions(
        positive=args.positive,
        negative=args.negative,
        output=args.output,
        **{k: getattr(args, k) for k in TrainOptions.__dataclass_fields__ if k not in GIVEN},
    )
    result = train_classifier(opts, log=lambda m: print(f"winnow: {m}", file=sys.stderr))
    if result.accuracy is not None and result.auc is not None:
        print(
            f"validation: {sum(result.valid):,} documents, accuracy {result.accuracy:.4f} "
            f"(p({opts.label}) >= 0.5), AUC {result.auc:.4f}"
        )
    else:
        print("validation: none (--valid-share 0, or too few documents to hold any out)")
    print(
        f"wrote {result.model} ({result.bytes / 2**20:.1f} MiB) in {result.seconds:.1f} s; "
        f"score with: quality.classifier: {{model: {result.model}, label: {opts.label}, "
        f"preprocess: {opts.preprocess}}}"
    )
    return 0


GIVEN = ("positive", "negative", "output")  # the options without a default


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``train-classifier`` on the ``winnow`` command's subparsers."""
    d = TrainOptions([], [], "")
    p = subparsers.add_parser(
        "train-classifier",
        help="train a fastText quality classifier for quality.classifier (winnow[train])",
        description="Train a fastText classifier from examples of good (--positive) and bad "
        "(--negative) text: JSONL or Parquet files (their 'text' field), .txt files (one "
        "document each), or folders of them. Prints the held-out accuracy and AUC.",
    )
    p.add_argument("--positive", nargs="+", required=True, metavar="INPUT", help="good text")
    p.add_argument("--negative", nargs="+", required=True, metavar="INPUT", help="bad text")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write")
    p.add_argument("--label", default=d.label, help="label of the good side (default: %(default)s)")
    p.add_argument(
        "--negative-label",
        default=d.negative_label,
        help="label of the bad side (default: %(default)s)",
    )
    p.add_argument(
        "--preprocess",
        choices=tuple(PREPROCESS),
        default=d.preprocess,
        help="how a document becomes the model's line; give the step the same (default: "
        "%(default)s)",
    )
    for flag, kind, default, what in (
        ("--epochs", int, d.epochs, "passes over the data"),
        ("--ngrams", int, d.ngrams, "word n-grams (fastText's wordNgrams)"),
        ("--lr", float, d.lr, "learning rate"),
        ("--dim", int, d.dim, "vector size"),
        (
            "--bucket",
            int,
            d.bucket,
            "n-gram hash buckets; the model holds (words + buckets) × dim floats",
        ),
        ("--min-count", int, d.min_count, "words seen fewer times are left out"),
        ("--valid-share", float, d.valid_share, "share of each side held out to validate"),
        ("--seed", int, d.seed, "seeds the split, the order and fastText"),
        ("--max-docs", int, d.max_docs, "documents read from each side (0: all)"),
        ("--threads", int, d.threads, "training threads; only 1 gives the same model again"),
        ("--cutoff", int, d.cutoff, "with --quantize: rows of the input matrix kept"),
    ):
        p.add_argument(flag, type=kind, default=default, help=f"{what} (default: %(default)s)")
    p.add_argument("--quantize", action="store_true", help="write a small quantized model (.ftz)")
    p.add_argument("--overwrite", action="store_true", help="replace MODEL if it exists")
    p.set_defaults(func=_run)
    return p
