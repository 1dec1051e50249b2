"""Steps that misbehave on purpose, for the failure tests (a recipe names this module under
``imports:``; workers find it on sys.path, which spawned workers inherit, or PYTHONPATH)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from winnow import Document, Step, StepKind, register


@register
class Boom(Step):
    """Raise on documents that contain a word (a step's bug that odd records trigger)."""

    name = "testing.boom"
    kind = StepKind.ANNOTATE

    @dataclass
    class Config:
        word: str = "BOOM"

    def apply(self, doc: Document) -> None:
        if self.config.word in doc.text:
            raise ValueError(f"cannot handle {self.config.word}")
        doc.signals["boom_checked"] = True


@register
class Slow(Step):
    """Sleep on each document (a run that lasts long enough to be watched or killed)."""

    name = "testing.slow"
    kind = StepKind.ANNOTATE

    @dataclass
    class Config:
        ms: float = 1.0

    def apply(self, doc: Document) -> None:
        time.sleep(self.config.ms / 1000)


@register
class Surrogate(Step):
    """Leave a lone surrogate in documents that contain a word: text no file can hold."""

    name = "testing.surrogate"
    kind = StepKind.ANNOTATE

    @dataclass
    class Config:
        word: str = "SURROGATE"
        field: str = "text"  # or "url"

    def apply(self, doc: Document) -> None:
        if self.config.word in doc.text:
            setattr(doc, self.config.field, (getattr(doc, self.config.field) or "") + "\ud800")
