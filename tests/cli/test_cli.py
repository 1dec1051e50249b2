import json

import pytest

from conftest import article_text, page, shared_path, warc_response, write_jsonl
from winnow.cli import main
from winnow.recipe import load_recipe


def test_steps_and_recipes_listings(capsys):
    assert main(["steps"]) == 0
    out = capsys.readouterr().out
    for name in ("html.extract", "lang.identify", "lang.filter", "dedup.exact"):
        assert name in out
    assert "min_score: float = 0.65" in out and "reasons: exact_duplicate" in out
    assert main(["recipes"]) == 0
    assert "web:" in capsys.readouterr().out


def test_run_prints_summary_and_bad_recipe_is_exit_2(tmp_path, capsys):
    write_jsonl(
        tmp_path / "a.jsonl",
        [{"id": "1", "text": article_text("de")}, {"id": "2", "text": article_text("de")}],
    )
    assert (
        main(["run", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o"), "--workers", "1", "-q"])
        == 0
    )
    err = capsys.readouterr().err
    assert "2 documents in, 1 kept, 1 removed" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: [lang.identify, lang.fliter]\n")
    assert (
        main(["run", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o2"), "--recipe", str(bad)])
        == 2
    )
    assert "Did you mean 'lang.filter'" in capsys.readouterr().err


def test_explain_on_a_warc_record_shows_every_decision(tmp_path, capsys):
    path = tmp_path / "c.warc.gz"
    body = article_text("en").replace("\n\n", "</p><p>")
    html = page("Port talks", body)
    path.write_bytes(
        warc_response("https://a.example/1", html, "00000000-0000-0000-0000-000000000001")
        + warc_response("https://b.example/copy", html, "00000000-0000-0000-0000-000000000002")
    )
    assert main(["explain", str(path), "--record", "2"]) == 0
    out = capsys.readouterr().out
    assert "html.extract [edit]" in out
    assert "lang=en" in out
    assert "dedup.exact [corpus]: REMOVED" in out
    assert "same normalised text as <urn:uuid:00000000-0000-0000-0000-000000000001>" in out
    assert main(["explain", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kept"] and data["lang"] == "en"
    assert [s["step"] for s in data["steps"]] == [s.name for s in load_recipe("web").steps]
    assert data["steps"][0]["chars_before"] > data["steps"][0]["chars_after"]


def test_explain_seed(capsys):
    seed = shared_path("seed", "fr-news-crawl.txt")
    assert main(["explain", str(seed)]) == 0
    out = capsys.readouterr().out
    assert "verdict: KEPT, language fr" in out
    # what clean.lines set aside is shown with the verdict
    assert "\ntitle: Le général américain confiant" in out
    assert "\ndate: 8 juillet 2020 à 03h52" in out
    assert "\nbyline: Ecrit par Shirley Taieb" in out


def test_every_option_of_every_command_has_help_text():
    import argparse

    from winnow.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"winnow {name} {action.dest}: no help text"


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("winnow 0.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "-1"], "--workers: must be at least 1"),
        (["--part-mb", "-5"], "--part-mb: must be 0 or more"),
        (["--part-mb", "nan"], "--part-mb: must be 0 or more"),
    ],
)
def test_bad_numbers_are_refused(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as done:
        main(["run", str(tmp_path), "-o", str(tmp_path / "o"), *args])
    assert done.value.code == 2
    assert message in capsys.readouterr().err


def test_an_output_path_that_is_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["run", str(tmp_path), "-o", str(tmp_path / "f")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"winnow: error: {tmp_path / 'f'} is a file; OUT must be a folder (new or a run's)"
    ]


def test_explain_names_a_missing_file(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "missing.html")]) == 2
    assert "missing.html: no such file" in capsys.readouterr().err


def test_steps_into_a_closed_pipe_is_quiet():
    import subprocess
    import sys

    done = subprocess.run(
        f"{sys.executable} -m winnow.cli steps | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() and "Traceback" not in done.stderr
