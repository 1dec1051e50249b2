"""A recipe may come from anyone: reading one is bounded in time, memory and message size."""

import time

import pytest
import yaml

from winnow.errors import ConfigError
from winnow.recipe import MAX_NESTING, MAX_NODES, MAX_RECIPE_BYTES, load_recipe, parse_recipe


@pytest.fixture(params=["libyaml", "python"], autouse=True)
def parser(request, monkeypatch):
    """Every check holds with libyaml's parser and with PyYAML's pure-Python one."""
    if request.param == "python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    return request.param


def _laughs(target: str) -> str:
    """A "billion laughs" recipe: nine levels of nine aliases, 9**9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
    lines.append(target)
    return "\n".join(lines) + "\n"


def _refused(path, match: str, seconds: float = 1.0) -> str:
    """Refused within ``seconds`` with a short message; PyYAML's pure-Python parser reads
    about 100 kB/s, so a large file takes it a few times longer than libyaml."""
    if not hasattr(yaml, "CSafeLoader"):
        seconds *= 5
    start = time.perf_counter()
    with pytest.raises(ConfigError, match=match) as err:
        load_recipe(path)
    assert time.perf_counter() - start < seconds
    message = str(err.value)
    assert len(message) < 300, message
    return message


@pytest.mark.parametrize(
    "target",
    ["name: *i\nsteps: [lang.identify]", "steps:\n  - lang.filter: {languages: *i}"],
    ids=["name", "languages"],
)
def test_billion_laughs_is_refused_at_once(tmp_path, target):
    path = tmp_path / "bomb.yaml"
    path.write_text(_laughs(target))
    assert len(path.read_bytes()) < 600
    _refused(path, r"recipes may not use YAML aliases \(&/\*\)")


def test_an_anchor_alone_is_refused_too(tmp_path):
    path = tmp_path / "anchor.yaml"
    path.write_text("name: &n web\nsteps: [lang.identify]\n")
    assert "line 1" in _refused(path, "aliases")


def test_an_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("steps: [lang.identify]\n" + "#" * MAX_RECIPE_BYTES + "\n")
    _refused(path, "at most 1,048,576 bytes")


@pytest.mark.parametrize("opener", ["[", "[ ", "{a: ", "- "])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, opener):
    path = tmp_path / "deep.yaml"
    # PyYAML's scanner looks up to 1,024 characters ahead for a key: its refusal takes
    # about a second for flow brackets, bounded whatever the depth
    path.write_text("name:\n  " + opener * (250_000 // len(opener)) + "\nsteps: [lang.identify]\n")
    _refused(path, f"nested more than {MAX_NESTING} levels|not valid YAML", seconds=3.0)


def test_too_many_values_are_refused(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("name: [" + "a," * MAX_NODES + "]\nsteps: [lang.identify]\n")
    _refused(path, f"more than {MAX_NODES:,} values", seconds=10.0)


def test_huge_integer_and_bad_encoding_are_config_errors(tmp_path):
    path = tmp_path / "int.yaml"
    path.write_text("steps:\n  - lang.filter: {min_score: " + "9" * 50_000 + "}\n")
    _refused(path, "not valid YAML.*digits")
    path.write_bytes(b"name: \xff\xfe\nsteps: [lang.identify]\n")
    _refused(path, "not UTF-8")


def test_long_values_are_echoed_shortened(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("steps:\n  - lang.filter: {min_score: '" + "x" * 500_000 + "'}\n")
    message = _refused(path, "must be float, got 'xxx")
    assert "…" in message
    path.write_text("steps:\n  - lang.filter: {" + "k" * 1000 + ": 1}\n")  # key ≤ 1024
    assert "…" in _refused(path, "unknown parameter")
    path.write_text("steps:\n  - " + "s" * 500_000 + "\n")
    assert "…" in _refused(path, "no step named 'sss")


def test_long_values_in_python_data_are_echoed_shortened():
    languages = [["en"] * 1_000_000]
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="must be str") as err:
        parse_recipe({"steps": [{"lang.filter": {"languages": languages}}]})
    assert time.perf_counter() - start < 1.0
    assert len(str(err.value)) < 300


def test_normal_recipes_still_load(tmp_path):
    assert load_recipe("web").steps[0].name == "html.extract"
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine  # a comment\ndescription: >\n  folded\n  text\nsteps:\n"
        "  - lang.identify\n  - lang.filter: {languages: [fr, de], min_score: 0.5}\n"
    )
    recipe = load_recipe(path)
    assert recipe.name == "mine" and recipe.description == "folded text\n"
    assert recipe.build()[1].config.languages == ["fr", "de"]
