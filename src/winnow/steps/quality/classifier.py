"""``quality.classifier``: score documents with a fastText quality classifier and, above a
threshold, keep only the documents it rates well.

Any supervised fastText model loads as it is published (``.bin`` or quantized ``.ftz``):
DCLM's ``fasttext-oh-eli5`` (labels ``hq``/``cc``), GneissWeb's classifiers, or one trained
with ``winnow train-classifier``. Inference uses ``fasttext-predict``, the inference-only
build winnow already depends on, one text a call (its batch ``multilinePredict`` is not
used: it is broken in 0.9.2.4).

The model file is checked before any work: ``Config.validate`` reads only its header and
dictionary (the label list; not the weight matrices, which for DCLM's model are gigabytes),
so a missing file, a file that is not a fastText classifier, or a label the model lacks is a
``ConfigError`` naming the model's labels, not a failure in every worker.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from winnow.document import Document
from winnow.errors import ConfigError, missing_dependency
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind

LABEL_PREFIX = "__label__"
MAGIC = 793712314  # fastText's FASTTEXT_FILEFORMAT_MAGIC_INT32 (src/fasttext.h)
MAX_VERSION = 12  # FASTTEXT_VERSION; 11 is the older format, read the same way
SUPERVISED = 3  # Args' model_name::sup (src/args.h)
HEAD = struct.Struct("<ii12idiiiqq")  # magic, version, Args (12 ints, t), dictionary sizes
READ_CHUNK = 1 << 20


def _dclm(text: str) -> str:
    # DCLM's classify_fasttext_hq_prob (mlfoundations/dclm, baselines/mappers/enrichers/
    # quality_prediction_enrichers_calc_fasttext.py): " ".join(content.strip().splitlines()),
    # no lower-casing; GneissWeb scores DCLM's model the same way (IBM/data-prep-kit,
    # gneissweb_classification/classification_models.py).
    return " ".join(text.strip().splitlines())


def _lower(text: str) -> str:
    return _dclm(text).lower()


def _newlines(text: str) -> str:
    # only what fastText needs (one line a prediction): GneissWeb's own classifiers are
    # scored on text.replace("\n", " ") (same data-prep-kit module)
    return text.replace("\n", " ")


# text → the one line the model reads; ``winnow train-classifier`` trains on the same line
PREPROCESS: dict[str, Callable[[str], str]] = {"dclm": _dclm, "lower": _lower, "none": _newlines}


@dataclass(frozen=True)
class ModelInfo:
    """What a fastText model file's header says: enough to check a recipe against it."""

    version: int
    supervised: bool
    dim: int
    word_ngrams: int
    labels: tuple[str, ...]  # without the "__label__" prefix, in the file's order


def full_label(label: str) -> str:
    return label if label.startswith(LABEL_PREFIX) else LABEL_PREFIX + label


def model_info(path: str) -> ModelInfo:
    """Read a fastText model's header and dictionary (not its weights); ValueError with a
    message fit for a user when the file is missing or is not a fastText model."""
    try:
        stat = os.stat(path)
    except OSError as err:
        raise ValueError(f"model {path!r} cannot be read: {err.strerror or err}") from None
    if not os.path.isfile(path):
        raise ValueError(f"model {path!r} is not a file")
    return _model_info(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _model_info(path: str, size: int, mtime_ns: int) -> ModelInfo:
    """Cached by size and time as well as path: a recipe is validated several times per
    process, and a model retrained in place must be read again."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD.size)
            if len(head) < HEAD.size:
                raise ValueError(f"model {path!r} is not a fastText model (only {size} bytes)")
            fields = HEAD.unpack(head)
            magic, version, dim, word_ngrams, model = (fields[i] for i in (0, 1, 2, 7, 9))
            if magic != MAGIC or not 0 < version <= MAX_VERSION:
                raise ValueError(
                    f"model {path!r} is not a fastText model (.bin or .ftz): its header "
                    f"is {head[:8].hex()}"
                )
            entries, nwords, nlabels = fields[15:18]
            if entries != nwords + nlabels or min(nwords, nlabels) < 0:
                raise ValueError(f"model {path!r}: its fastText dictionary is corrupt")
            labels = _dictionary_labels(fh, entries, path)
    except OSError as err:
        raise ValueError(f"model {path!r} cannot be read: {err.strerror or err}") from None
    return ModelInfo(
        version=version,
        supervised=model == SUPERVISED,
        dim=dim,
        word_ngrams=word_ngrams,
        labels=tuple(label.removeprefix(LABEL_PREFIX) for label in labels),
    )


def _dictionary_labels(fh: Any, entries: int, path: str) -> list[str]:
    """Walk the dictionary's entries (word, NUL, int64 count, int8 type) in chunks and
    keep the labels (type 1). One pass, no weights read: about a second a million words."""
    labels: list[str] = []
    buf = b""
    pos = 0
    for _ in range(entries):
        end = buf.find(b"\0", pos)
        while end < 0 or end + 10 > len(buf):
            chunk = fh.read(READ_CHUNK)
            if not chunk:
                raise ValueError(f"model {path!r} is truncated (in its dictionary)")
            buf, pos = buf[pos:] + chunk, 0
            end = buf.find(b"\0")
        if buf[end + 9] == 1:
            labels.append(buf[pos:end].decode("utf-8", "replace"))
        pos = end + 10
    return labels


def check_model(path: str, label: str) -> ModelInfo:
    """The checks a recipe gets before any work: a readable supervised model with ``label``."""
    info = model_info(path)
    if not info.supervised:
        raise ValueError(
            f"model {path!r} is a fastText word-vector model, not a classifier (no labels)"
        )
    if full_label(label).removeprefix(LABEL_PREFIX) not in info.labels:
        shown = ", ".join(info.labels[:20]) + (" …" if len(info.labels) > 20 else "")
        raise ValueError(f"model {path!r} has no label {label!r}; its labels: {shown}")
    return info


_MODELS: dict[tuple[str, int, int], Any] = {}


def load_model(path: str) -> Any:
    """Load (once per process, again if the file changes) a fastText classifier with
    ``fasttext-predict``; ConfigError for a file it cannot load."""
    try:
        stat = os.stat(path)
    except OSError as err:
        raise ConfigError(f"model {path!r} cannot be read: {err.strerror or err}") from None
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _MODELS:
        try:
            import fasttext
        except ImportError:
            raise missing_dependency("fasttext-predict") from None
        try:
            _MODELS[key] = fasttext.load_model(path)
        except (ValueError, RuntimeError, MemoryError) as err:
            raise ConfigError(f"cannot load fastText model {path!r}: {err}") from None
    return _MODELS[key]


def label_score(model: Any, line: str, label: str) -> float:
    """The probability of ``label`` (full, with its prefix) for one preprocessed line."""
    labels, probs = model.predict(line, k=-1)  # every label: the one wanted may be last
    for name, prob in zip(labels, probs, strict=True):
        if name == label:
            return min(float(prob), 1.0)  # fastText's softmax can round to 1.00001
    return 0.0


@register
class QualityClassifier(Step):
    """Score documents with a fastText classifier; remove those below min_score (0: keep all).

    Any supervised fastText model: DCLM's, GneissWeb's, one from ``winnow train-classifier``.
    """

    name = "quality.classifier"
    kind = StepKind.FILTER
    # drawn for the default ``signal``; a renamed signal is kept but not plotted
    plotted_signals = (
        PlottedSignal("quality_score", "quality classifier score", "min_score", "min"),
    )

    @dataclass
    class Config:
        # a supervised fastText model (.bin or .ftz) every worker can read; required
        model: str = ""
        label: str = "hq"  # the label whose probability is the score ("__label__" optional)
        signal: str = "quality_score"  # the key in doc.signals
        # 0: annotate only; above: remove documents scoring lower (DCLM's own filter config,
        # baselines_configs/fasttext_filter.yaml, puts its oh-eli5 model's bar at 0.018112)
        min_score: float = 0.0
        # the line the model reads: "dclm" (newlines to spaces, as DCLM and GneissWeb score
        # DCLM's model), "lower" (the same, lower-cased), "none" (only "\n" replaced);
        # use what the model was trained on (train-classifier's --preprocess)
        preprocess: str = "dclm"

        def validate(self) -> None:
            if not self.model:
                raise ValueError("model is required: the path of a fastText classifier")
            if not 0.0 <= self.min_score <= 1.0:
                raise ValueError(f"min_score must be within [0, 1], got {self.min_score}")
            if self.preprocess not in PREPROCESS:
                raise ValueError(
                    f"preprocess must be one of {', '.join(PREPROCESS)}, got {self.preprocess!r}"
                )
            if not self.signal:
                raise ValueError("signal must name a key of the document's signals")
            if not self.label.removeprefix(LABEL_PREFIX):
                raise ValueError("label must not be empty")
            check_model(self.model, self.label)

    class Reason(StrEnum):
        LOW_SCORE = "classifier_low_score"

    def setup(self) -> None:
        self._model = load_model(self.config.model)
        self._label = full_label(self.config.label)
        self._prepare = PREPROCESS[self.config.preprocess]

    def apply(self, doc: Document) -> None:
        c = self.config
        score = round(label_score(self._model, self._prepare(doc.text), self._label), 6)
        doc.signals[c.signal] = score
        if score < c.min_score:
            self.reject(
                doc,
                self.Reason.LOW_SCORE,
                f"{self._label.removeprefix(LABEL_PREFIX)} score {score:.6g} < min_score "
                f"{c.min_score}",
            )
