import pytest

from winnow.errors import ConfigError
from winnow.recipe import load_recipe, parse_recipe
from winnow.registry import all_steps, get_step


def test_builtin_web_recipe_loads_and_resolves_defaults():
    recipe = load_recipe("web")
    names = [s.name for s in recipe.steps]
    assert names[:3] == ["html.extract", "clean.encoding", "lang.identify"]
    assert "dedup.exact" in names
    resolved = recipe.to_dict()
    assert resolved["steps"][0]["html.extract"]["engine"] == "blocks"


def test_unknown_step_lists_valid_names_and_suggests():
    with pytest.raises(ConfigError) as err:
        parse_recipe({"steps": ["lang.identfy"]})
    message = str(err.value)
    assert "'lang.identfy'" in message and "Did you mean 'lang.identify'" in message
    for name in all_steps():
        assert name in message


def test_unknown_parameter_names_step_and_valid_parameters():
    with pytest.raises(ConfigError, match=r"lang.filter.*min_scor.*valid: languages, min_score"):
        parse_recipe({"steps": [{"lang.filter": {"min_scor": 0.3}}]})


def test_wrong_parameter_type_and_range_are_refused():
    with pytest.raises(ConfigError, match="must be float"):
        parse_recipe({"steps": [{"lang.filter": {"min_score": "high"}}]})
    with pytest.raises(ConfigError, match="within"):
        parse_recipe({"steps": [{"lang.filter": {"min_score": 3}}]})
    with pytest.raises(ConfigError, match="engine must be one of"):
        parse_recipe({"steps": [{"html.extract": {"engine": "magic"}}]})


def test_integer_is_accepted_for_float_parameter():
    recipe = parse_recipe({"steps": [{"lang.filter": {"min_score": 1}}]})
    assert recipe.build()[0].config.min_score == 1.0


def test_yaml_is_loaded_safely(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text("steps: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_recipe(evil)


def test_recipe_from_user_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nsteps:\n  - lang.identify\n  - lang.filter: {languages: [fr]}\n")
    recipe = load_recipe(path)
    assert recipe.name == "mine"
    assert recipe.build()[1].config.languages == ["fr"]


def test_unknown_recipe_name():
    with pytest.raises(ConfigError, match=r"no recipe .nope.*web"):
        load_recipe("nope")


def test_every_step_declares_reason_codes_and_config():
    for name, cls in all_steps().items():
        assert cls.name == name
        cls.Config()  # defaults are valid
        assert get_step(name) is cls
