"""winnow: from raw web crawls to clean, deduplicated, multilingual training text.

The public surface is small; everything heavy is imported where it is used::

    import winnow

    winnow.run(["crawl/"], "out/", recipe="web")  # files → OUT, as `winnow run`
    for doc in winnow.process(["some text", {"text": "more"}]):  # in memory
        print(doc.kept, doc.rejection, doc.edits)

Plugins are written against ``Step``, ``StepKind``, ``register`` and ``Document``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from winnow.version import __version__

if TYPE_CHECKING:
    from winnow.api import process, run
    from winnow.document import Document, Edit, Rejection
    from winnow.errors import ConfigError, WinnowError
    from winnow.recipe import Recipe, load_recipe
    from winnow.registry import get_step, register
    from winnow.running.runner import RunOptions, RunResult
    from winnow.step import CorpusStep, PlottedSignal, Step, StepKind

__all__ = [
    "ConfigError",
    "CorpusStep",
    "Document",
    "Edit",
    "PlottedSignal",
    "Recipe",
    "Rejection",
    "RunOptions",
    "RunResult",
    "Step",
    "StepKind",
    "WinnowError",
    "__version__",
    "get_step",
    "load_recipe",
    "process",
    "register",
    "run",
]

_HOMES = {
    "Document": "winnow.document",
    "Edit": "winnow.document",
    "Rejection": "winnow.document",
    "ConfigError": "winnow.errors",
    "WinnowError": "winnow.errors",
    "Recipe": "winnow.recipe",
    "load_recipe": "winnow.recipe",
    "get_step": "winnow.registry",
    "register": "winnow.registry",
    "RunOptions": "winnow.running.runner",
    "RunResult": "winnow.running.runner",
    "run": "winnow.api",
    "process": "winnow.api",
    "CorpusStep": "winnow.step",
    "PlottedSignal": "winnow.step",
    "Step": "winnow.step",
    "StepKind": "winnow.step",
}


def __getattr__(name: str) -> Any:
    """Import lazily, so ``import winnow`` stays light."""
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'winnow' has no attribute {name!r}")


logging.getLogger(__name__).addHandler(logging.NullHandler())
