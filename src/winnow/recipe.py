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
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from winnow.errors import ConfigError
from winnow.registry import get_step, import_modules
from winnow.step import Step


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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    return parse_recipe(data, source=str(path))


def parse_recipe(data: Any, source: str = "<recipe>") -> Recipe:
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise ConfigError(f"{source}: a recipe is a mapping with a 'steps' list")
    imports = data.get("imports") or []
    if not isinstance(imports, list) or not all(isinstance(m, str) for m in imports):
        raise ConfigError(f"{source}: 'imports' must be a list of module names")
    import_modules(imports, source)
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
                    f"{source}: step {position} ({name}): parameters must be a mapping"
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
    step_cls = get_step(spec.name)
    config_cls = step_cls.Config
    hints = typing.get_type_hints(config_cls)
    fields = {f.name: f for f in dataclasses.fields(config_cls)}
    unknown = sorted(set(spec.params) - set(fields))
    if unknown:
        valid = ", ".join(sorted(fields)) or "(none)"
        raise ConfigError(
            f"step {spec.name!r}: unknown parameter(s) {', '.join(unknown)}; valid: {valid}"
        )
    values = {}
    for key, value in spec.params.items():
        values[key] = _coerce(spec.name, key, value, hints[key])
    try:
        config = config_cls(**values)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"step {spec.name!r}: {err}") from None
    validate = getattr(config, "validate", None)
    if validate is not None:
        try:
            validate()
        except ValueError as err:
            raise ConfigError(f"step {spec.name!r}: {err}") from None
    return config


def _coerce(step: str, key: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise ConfigError(f"step {step!r}: parameter {key!r} must be a list, got {value!r}")
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
            f"step {step!r}: parameter {key!r} must be {expected.__name__}, got {value!r}"
        )
    return value
