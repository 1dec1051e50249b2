"""One exception tree, named by what the caller should do about it."""

from __future__ import annotations


class WinnowError(Exception):
    """Base of every error winnow raises on purpose."""


class ConfigError(WinnowError):
    """The recipe or command line is wrong: fix it and run again. Raised before any work."""


class MissingExtraError(WinnowError):
    """An optional library is not installed; the message says what to install."""


class ShardError(WinnowError):
    """A whole shard failed for a reason outside the data (disk, network): retry it."""


class OutputConflictError(WinnowError):
    """The output folder holds a run made with another configuration."""


def missing_extra(module: str, extra: str) -> MissingExtraError:
    """An optional library behind one of pyproject's extras (a test checks it exists)."""
    return MissingExtraError(
        f"{module} is needed for this step: pip install 'winnow[{extra}]' (or pip install {module})"
    )


def missing_dependency(module: str) -> MissingExtraError:
    """A library winnow always depends on, missing from a broken install."""
    return MissingExtraError(
        f"{module} is missing, although winnow depends on it: reinstall winnow "
        f"(pip install --force-reinstall winnow) or pip install {module}"
    )
