"""Recipes: an ordered list of named steps with parameters, read from YAML safely.

A recipe file looks like::

    name: web
    description: multilingual web text
    imports: [my_package.steps]   # optional: modules whose steps the recipe uses
    steps:
      - html.extract: {engine: trafilatura}
      - lang.identify
      - dedup.exact

Every step name and parameter is checked before any work starts. Steps of other packages
come in through the ``winnow.steps`` entry points, or through the modules a recipe names
under ``imports`` (imported before its steps are looked up, in every worker).

A recipe may come from anyone, so reading one is bounded: at most ``MAX_RECIPE_BYTES``, no
YAML anchors or aliases (a 535-byte "billion laughs" file expanded to gigabytes and crashed
the process after 86 s; in a list parameter it made a 398 MB error message), at most
``MAX_NESTING`` levels deep and ``MAX_NODES`` values, and every value an error message
repeats cut to about a hundred characters.
"""

from __future__ import annotations

import dataclasses
import reprlib
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from winnow.errors import ConfigError
from winnow.registry import get_step, import_modules
from winnow.step import Step

MAX_RECIPE_BYTES = 1 << 20  # a real recipe is a few kilobytes
MAX_NESTING = 32  # mappings and lists inside each other; a real recipe uses 4
MAX_NODES = 20_000  # values, keys included; a real recipe has a few hundred
_ECHO_CHARS = 120  # the most of one user value an error message repeats
_MESSAGE_CHARS = 2000  # the most of a step's own validation message
_MAX_STEP_NAME = 200  # longer cannot be a step name: refused before any look-up
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 2 * _ECHO_CHARS  # then cut by clip, with "…"
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8
_REPR.maxlevel = 3


def clip(text: str, limit: int = _ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def echo(value: Any) -> str:
    """A short repr of a user's value for an error message: bounded work and length,
    whatever the value's size (reprlib stops early in long strings, lists and nestings)."""
    return clip(_REPR.repr(value))


def _refuse(event: Any, depth: int, nodes: int) -> None:
    """Refuse an anchor or alias, nesting past ``MAX_NESTING``, more than ``MAX_NODES``."""
    where = f"line {event.start_mark.line + 1}"
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise ConfigError(f"recipes may not use YAML aliases (&/*): {where}")
    if depth > MAX_NESTING:
        raise ConfigError(f"recipe nested more than {MAX_NESTING} levels deep: {where}")
    if nodes > MAX_NODES:
        raise ConfigError(f"recipe has more than {MAX_NODES:,} values: {where}")


class _RecipeLoader(yaml.SafeLoader):
    """YAML's safe loader without anchors and aliases, with bounded nesting and size.

    Aliases let a few hundred bytes stand for gigabytes of nested lists ("billion laughs");
    a recipe never needs them, so they are refused before anything is built. Composition
    is recursive, so deep nesting is refused before Python's recursion limit is reached.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        self._nodes += 1
        _refuse(self.peek_event(), self._depth, self._nodes)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_events(text: str, loader: Any) -> None:
    """The checks of ``_RecipeLoader`` on libyaml's event stream, before libyaml builds
    anything (the pure-Python parser reads about 100 kB/s; libyaml is ~20× faster)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):
            nodes += 1
            _refuse(event, depth + 1, nodes)
            depth += isinstance(event, yaml.CollectionStartEvent)


@dataclass
class StepSpec:
    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Recipe:
    name: str
    description: str
    steps: list[StepSpec]
    imports: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The resolved recipe: every parameter with its effective value."""
        data: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "steps": [{spec.name: dataclasses.asdict(build_config(spec))} for spec in self.steps],
        }
        if self.imports:
            data["imports"] = list(self.imports)
        return data

    def build(self) -> list[Step]:
        return [get_step(spec.name)(build_config(spec)) for spec in self.steps]


def builtin_recipes() -> dict[str, Path]:
    folder = resources.files("winnow") / "recipes"
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def load_recipe(name_or_path: str | Path) -> Recipe:
    """Load a built-in recipe by name, or a user's YAML file by path."""
    builtins = builtin_recipes()
    path = builtins.get(str(name_or_path)) or Path(name_or_path)
    if not path.exists():
        raise ConfigError(
            f"no recipe {str(name_or_path)!r}: not a built-in ({', '.join(sorted(builtins))}) "
            "and no such file"
        )
    return parse_recipe(read_recipe_yaml(path), source=str(path))


def read_recipe_yaml(path: Path) -> Any:
    """The YAML data of a recipe file, read within the bounds in the module docstring."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_RECIPE_BYTES + 1)
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the recipe: {err}") from None
    if len(raw) > MAX_RECIPE_BYTES:
        raise ConfigError(f"{path}: a recipe may be at most {MAX_RECIPE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text (byte {err.start})") from None
    try:
        return _load_yaml(text)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None


def _load_yaml(text: str) -> Any:
    fast = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it
    try:
        if fast is not None:
            _check_events(text, fast)
            return yaml.load(text, Loader=fast)
        loader = _RecipeLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise ConfigError(f"not valid YAML: {clip(str(err), _MESSAGE_CHARS)}") from None
    except ValueError as err:  # e.g. an integer of more digits than Python converts
        raise ConfigError(f"not valid YAML: {clip(str(err), _MESSAGE_CHARS)}") from None


def parse_recipe(data: Any, source: str = "<recipe>") -> Recipe:
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise ConfigError(f"{source}: a recipe is a mapping with a 'steps' list")
    imports = data.get("imports") or []
    if not isinstance(imports, list) or not all(isinstance(m, str) for m in imports):
        raise ConfigError(f"{source}: 'imports' must be a list of module names")
    try:
        import_modules(imports, source)
    except ConfigError as err:
        raise ConfigError(clip(str(err), _MESSAGE_CHARS)) from None
    specs = []
    for position, entry in enumerate(data["steps"], 1):
        if isinstance(entry, str):
            spec = StepSpec(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, params = next(iter(entry.items()))
            if params is None:
                params = {}
            if not isinstance(params, dict):
                raise ConfigError(
                    f"{source}: step {position} ({echo(name)}): parameters must be a mapping"
                )
            spec = StepSpec(str(name), dict(params))
        else:
            raise ConfigError(
                f"{source}: step {position} must be a name or a one-key mapping name: {{params}}"
            )
        build_config(spec)  # validates name and parameters now, before any work
        specs.append(spec)
    return Recipe(
        str(data.get("name", Path(source).stem)),
        str(data.get("description", "")),
        specs,
        list(imports),
    )


_SCALARS = {"int": int, "float": float, "str": str, "bool": bool}


def build_config(spec: StepSpec) -> Any:
    """Turn a step's YAML parameters into its Config dataclass, or fail naming the step."""
    if len(spec.name) > _MAX_STEP_NAME:
        raise ConfigError(f"no step named {echo(spec.name)}")
    try:
        step_cls = get_step(spec.name)
    except ConfigError as err:
        raise ConfigError(clip(str(err), _MESSAGE_CHARS)) from None
    config_cls = step_cls.Config
    hints = typing.get_type_hints(config_cls)
    fields = {f.name: f for f in dataclasses.fields(config_cls)}
    unknown = sorted(str(key) for key in spec.params if key not in fields)
    if unknown:
        valid = ", ".join(sorted(fields)) or "(none)"
        listed = clip(", ".join(clip(key) for key in unknown), _MESSAGE_CHARS)
        raise ConfigError(f"step {spec.name!r}: unknown parameter(s) {listed}; valid: {valid}")
    values = {}
    for key, value in spec.params.items():
        values[key] = _coerce(spec.name, key, value, hints[key])
    try:
        config = config_cls(**values)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"step {spec.name!r}: {clip(str(err), _MESSAGE_CHARS)}") from None
    validate = getattr(config, "validate", None)
    if validate is not None:
        try:
            validate()
        except ValueError as err:
            raise ConfigError(f"step {spec.name!r}: {clip(str(err), _MESSAGE_CHARS)}") from None
    return config


def _coerce(step: str, key: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise ConfigError(f"step {step!r}: parameter {key!r} must be a list, got {echo(value)}")
        (item_type,) = typing.get_args(hint)[:1] or (Any,)
        return [_coerce(step, key, item, item_type) for item in value]
    if origin is typing.Union or isinstance(hint, type(int | None)):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _coerce(step, key, value, options[0])
    expected = hint if isinstance(hint, type) else None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected in (int, float, str, bool) and (
        not isinstance(value, expected) or (expected is int and isinstance(value, bool))
    ):
        raise ConfigError(
            f"step {step!r}: parameter {key!r} must be {expected.__name__}, got {echo(value)}"
        )
    return value
