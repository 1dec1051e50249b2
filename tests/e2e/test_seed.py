"""The seed page (../shared/seed) and two variants of the same shape, cleaned by the web recipe.

../shared/seed/README.md lists, line by line, what must happen; the variants (German and
Japanese translations, an English page of the same shape) prove that the rules are general,
also for a script without spaces between words.
"""

from pathlib import Path

import pytest

from conftest import shared_path
from winnow.recipe import load_recipe
from winnow.report.explain import explain_file

FIXTURES = Path(__file__).parents[1] / "fixtures"
JUNK = [1, 7, 9, 11, 21, 31, 49, 51, 53, 55]
BODY = [*range(13, 20, 2), *range(23, 30, 2), *range(33, 48, 2)]  # the 16 body paragraphs


def seed_variants():
    return [
        pytest.param(lambda: shared_path("seed", "fr-news-crawl.txt"), "fr", id="seed-fr"),
        pytest.param(lambda: FIXTURES / "seed-de.txt", "de", id="translated-de"),
        pytest.param(lambda: FIXTURES / "seed-en.txt", "en", id="english-same-shape"),
        pytest.param(lambda: FIXTURES / "seed-ja.txt", "ja", id="translated-ja"),
    ]


@pytest.fixture(scope="module")
def web_recipe():
    return load_recipe("web")


@pytest.mark.parametrize("path_of,lang", seed_variants())
def test_seed_is_cleaned_as_the_readme_says(path_of, lang, web_recipe):
    path = path_of()
    original = path.read_text(encoding="utf-8").split("\n")
    line = {n: original[n - 1] for n in range(1, len(original) + 1)}
    assert len(BODY) == 16
    exp = explain_file(str(path), web_recipe)
    doc = exp.doc
    assert doc.rejection is None, f"the document must be kept: {doc.rejection}"
    assert doc.lang == lang and doc.lang_score >= 0.9

    removed = {e.removed: e for e in doc.edits}
    for n in JUNK:
        assert line[n].strip() in removed, f"line {n} should be removed: {line[n]!r}"
        edit = removed[line[n].strip()]
        assert edit.step and edit.reason, f"line {n} removed without step and reason"
    kept_lines = [x for x in doc.text.split("\n") if x.strip()]
    body = [line[n] for n in BODY]
    assert [x for x in kept_lines if x in body] == body, "body paragraphs kept, in order"
    for paragraph in body:
        assert paragraph in kept_lines, "body paragraphs must be kept byte-for-byte"
    # headline and standfirst: kept in the text or as metadata
    for n in (3, 5):
        assert line[n] in kept_lines or line[n] in doc.metadata.values()
    # only the junk lines go (headline and standfirst may move to metadata, as the README
    # allows)
    moved = {line[n] for n in (3, 5) if line[n] in doc.metadata.values()}
    assert len(set(removed) - moved) == len(JUNK), f"only the junk lines go: {sorted(removed)}"
    assert doc.metadata.get("date") == line[7]
