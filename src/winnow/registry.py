"""Step name → class. A step's name is its address, and plugins come in by entry point.

Built-in steps are found from their names: step ``a.b`` is defined in ``winnow.steps.a.b``
(a module or a package) or in ``winnow.steps.a``, so there is no list of modules to keep.
Steps of other packages are found through the entry-point group ``winnow.steps``: each entry
names a module (importing it registers its steps with :func:`register`) or a ``Step``
subclass. A recipe may also name modules to import (``imports:``), for steps that are not
installed as a package. Lookups happen in whichever process builds the pipeline, so every
worker of every engine finds the same steps.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
from importlib.metadata import entry_points

from winnow.errors import ConfigError
from winnow.step import Step

ENTRY_POINT_GROUP = "winnow.steps"
BUILTIN_PACKAGE = "winnow.steps"

_STEPS: dict[str, type[Step]] = {}
_plugins_loaded = False
_builtins_loaded = False


def register(cls: type[Step]) -> type[Step]:
    """Class decorator: make a step available to recipes under ``cls.name``."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"{cls.__qualname__}: a step needs a non-empty string 'name'")
    if name in _STEPS and _STEPS[name] is not cls:
        other = _STEPS[name]
        raise ValueError(
            f"two steps are named {name!r}: {other.__module__}.{other.__qualname__} and "
            f"{cls.__module__}.{cls.__qualname__}"
        )
    _STEPS[name] = cls
    return cls


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def _load_builtin(name: str) -> None:
    """Import the module that the step name ``name`` points at, if there is one."""
    parts = name.split(".")
    if not all(part.isidentifier() for part in parts):
        return
    for end in range(len(parts), 0, -1):
        module = ".".join([BUILTIN_PACKAGE, *parts[:end]])
        if _module_exists(module):
            importlib.import_module(module)
            if name in _STEPS:
                return


def load_plugins() -> None:
    """Import every ``winnow.steps`` entry point once per process."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            loaded = entry.load()
        except Exception as err:
            raise ConfigError(
                f"plugin {entry.name!r} ({entry.value}, entry point group "
                f"{ENTRY_POINT_GROUP!r}) failed to load: {type(err).__name__}: {err}"
            ) from err
        if isinstance(loaded, type) and issubclass(loaded, Step):
            register(loaded)


def import_modules(modules: list[str], source: str = "<recipe>") -> None:
    """Import the modules a recipe names under ``imports:`` (their steps register)."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as err:
            raise ConfigError(f"{source}: cannot import {module!r} (imports:): {err}") from None


def _load_all_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    package = importlib.import_module(BUILTIN_PACKAGE)
    for info in pkgutil.walk_packages(package.__path__, BUILTIN_PACKAGE + "."):
        importlib.import_module(info.name)
    _builtins_loaded = True


def get_step(name: str) -> type[Step]:
    """The step class named ``name``: a built-in, a plugin's, or one already registered."""
    if name not in _STEPS:
        _load_builtin(name)
    if name not in _STEPS:
        load_plugins()
    try:
        return _STEPS[name]
    except KeyError:
        valid = all_steps()
        close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ConfigError(
            f"no step named {name!r}.{hint} Valid steps: {', '.join(valid)}"
        ) from None


def all_steps() -> dict[str, type[Step]]:
    """Every step: the built-ins, the plugins', and any registered in this process."""
    _load_all_builtins()
    load_plugins()
    return dict(sorted(_STEPS.items()))
