import json

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
