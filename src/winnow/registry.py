"""Step name → class, with errors that list the valid names."""

from __future__ import annotations

import difflib
import importlib

from winnow.errors import ConfigError
from winnow.step import Step

_STEPS: dict[str, type[Step]] = {}
_BUILTIN_MODULES = (
    "winnow.steps.extract",
    "winnow.steps.encoding",
    "winnow.steps.langid",
    "winnow.steps.boilerplate",
    "winnow.steps.repeats",
    "winnow.steps.quality",
    "winnow.steps.pii",
    "winnow.dedup.exact",
    "winnow.dedup.paragraphs",
    "winnow.dedup.minhash",
)
_loaded = False


def register(cls: type[Step]) -> type[Step]:
    """Class decorator: make a step available to recipes under ``cls.name``."""
    if cls.name in _STEPS and _STEPS[cls.name] is not cls:
        raise ValueError(f"two steps are named {cls.name!r}")
    _STEPS[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        for module in _BUILTIN_MODULES:
            importlib.import_module(module)
        _loaded = True


def get_step(name: str) -> type[Step]:
    _load_builtins()
    try:
        return _STEPS[name]
    except KeyError:
        close = difflib.get_close_matches(name, _STEPS, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ConfigError(
            f"no step named {name!r}.{hint} Valid steps: {', '.join(sorted(_STEPS))}"
        ) from None


def all_steps() -> dict[str, type[Step]]:
    _load_builtins()
    return dict(sorted(_STEPS.items()))
