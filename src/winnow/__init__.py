"""winnow: from raw web crawls to clean, deduplicated, multilingual training text.

The public surface is small; everything heavy is imported where it is used::

    from winnow import RunOptions, run
    run(RunOptions(inputs=["crawl/"], out="out/"))
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Defaults for every worker process (only defaults, and only if numpy and pyarrow are not
# loaded yet); the Ray engine hands the same to its workers.
# - One BLAS thread: winnow parallelises by worker processes, and the line model's small
#   matrix products ran 12× slower with OpenBLAS's threads (0.25 → 2.9 ms a page).
# - Arrow's default pool (mimalloc) keeps freed pages: +30 MB of peak RSS a worker when
#   writing shards (bench/RESULTS.md); the system allocator returns them.
PROCESS_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "ARROW_DEFAULT_MEMORY_POOL": "system"}
for _name, _value in PROCESS_ENV.items():
    os.environ.setdefault(_name, _value)

if TYPE_CHECKING:
    from winnow.document import Document, Edit, Rejection
    from winnow.errors import ConfigError, WinnowError
    from winnow.recipe import Recipe, load_recipe
    from winnow.registry import get_step, register
    from winnow.runner import RunOptions, RunResult, run
    from winnow.step import CorpusStep, Step, StepKind

__all__ = [
    "ConfigError",
    "CorpusStep",
    "Document",
    "Edit",
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
    "register",
    "run",
]

_HOMES = {
    "Document": "winnow.document", "Edit": "winnow.document", "Rejection": "winnow.document",
    "ConfigError": "winnow.errors", "WinnowError": "winnow.errors",
    "Recipe": "winnow.recipe", "load_recipe": "winnow.recipe",
    "get_step": "winnow.registry", "register": "winnow.registry",
    "RunOptions": "winnow.runner", "RunResult": "winnow.runner", "run": "winnow.runner",
    "CorpusStep": "winnow.step", "Step": "winnow.step", "StepKind": "winnow.step",
}


def __getattr__(name: str) -> Any:
    """Import lazily, so ``import winnow`` stays light."""
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'winnow' has no attribute {name!r}")


logging.getLogger(__name__).addHandler(logging.NullHandler())
