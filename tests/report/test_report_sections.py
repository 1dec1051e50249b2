"""report.html's sections (issue 35, point 4): the text headline, lengths, languages,
sources, time per step; charts that never clip a label; bounded, deterministic state.

The browser checks reuse the headless Chromium of ``test_report.py`` (skipped where it is
not installed, failed under CI). Set ``WINNOW_REPORT_SCREENSHOTS=DIR`` to keep the PNGs.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import test_report

from conftest import article_text, page, warc_response, write_jsonl
from winnow.recipe import parse_recipe
from winnow.report.data import (
    BoundedTally,
    Sample,
    load_run,
    original_length,
    source_of,
)
from winnow.report.html import count, headline_text, render_report, seconds_text, write_report
from winnow.report.svg import KEPT, REMOVED, Series, bars, histogram, text_width, wrap
from winnow.running.runner import RunOptions, run

chromium = test_report.browser  # the headless Chromium fixture, shared

LONG_WORDS = (
    "internationalization telecommunications responsibilities characterization "
    "representatives administration environmentalists infrastructure misunderstandings "
    "opportunities transformations implementations communications investigations "
    "recommendations "
) * 6
HOSTILE_HOST = "<img src=x onerror=alert(1)>.example"
RECIPE = {
    "name": "report-sections",
    "steps": [
        {"html.extract": {}},
        {"lang.identify": {}},
        {"lang.filter": {"min_score": 0.5}},
        {"quality.gopher": {}},
        {"dedup.exact": {}},
        {"tokens.count": {}},
    ],
}


@pytest.fixture(scope="module")
def sections_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sections")
    (root / "in").mkdir()
    en, de = article_text("en"), article_text("de")
    rows = [
        {"id": "keep-1", "text": en, "url": "https://www.Keep.example/a"},
        {"id": "keep-2", "text": de, "url": "https://keep.example/b"},
        {"id": "keep-copy", "text": en, "url": "https://keep.example/c"},
        {"id": "long-words", "text": LONG_WORDS, "url": "https://spam.example/1"},
        {"id": "short", "text": "Buy now. Cheap pills.", "url": "https://spam.example/2"},
        {"id": "hostile", "text": "Click here.", "url": f"https://{HOSTILE_HOST}/x"},
        {"id": "no-url", "text": article_text("ja")},
    ]
    write_jsonl(root / "in" / "docs.jsonl", rows)
    body = " ".join(en.split("\n\n")[:3])
    (root / "in" / "crawl.warc.gz").write_bytes(
        warc_response("https://news.example/story", page("Story", body), "0001")
    )
    out = root / "out"
    run(RunOptions([str(root / "in")], str(out), recipe=parse_recipe(RECIPE), quiet=True))
    return out


# --- small pieces ----------------------------------------------------------------------


def test_count_uses_the_singular_for_one():
    assert count(1, "document") == "1 document"
    assert count(0, "document") == "0 documents"
    assert count(2304, "line") == "2,304 lines"
    assert count(1, "match", "matches") == "1 match" and count(3, "match", "matches") == "3 matches"


@pytest.mark.parametrize(
    "label",
    [
        "quality.gopher_repetition: gopher_above_avg_word_length",
        "a" * 120,  # nothing to break at
        "file very/long/path/to/some/input/CC-MAIN-20240101000000-20240101030000-00042.warc.gz",
        "東京都立図書館の非常に長いドメイン名の例です.example.jp",
    ],
)
def test_wrap_keeps_every_character_within_the_width(label):
    lines = wrap(label, 200)
    assert all(text_width(line) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    assert wrap("quality.c4", 200) == ["quality.c4"]


def test_bars_are_sized_to_their_labels_and_escape_them():
    label = "quality.gopher_repetition: gopher_above_avg_word_length"
    svg = bars([(label, 5, "5 documents"), ("<b>x</b>", (1, 2), "3")], names=("a", "b"))
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    assert width >= text_width(label) + 380  # label, plot and note all inside
    assert "<b>x</b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    wrapped = bars([(label, 1, "1")], max_label_width=150)
    assert wrapped.count("<tspan") >= 2  # a long label wraps rather than running off


def test_histogram_has_axes_legend_and_threshold():
    kept = [float(v) for v in range(50, 300)]
    removed = [float(v) for v in range(0, 50)]
    svg = histogram(
        [Series("kept", kept, len(kept), "#111"), Series("removed", removed, 50, "#222")],
        "words per document",
        threshold=50,
        threshold_name="min_doc_words",
    )
    assert "words per document (n=300)" in svg
    assert ">documents<" in svg and ">kept<" in svg and ">removed<" in svg
    assert "min_doc_words 50" in svg and 'stroke="#d62728"' in svg
    assert svg.count('class="tick"') >= 6  # count ticks and value ticks
    assert 'fill="#111"' in svg and 'fill="#222"' in svg
    assert "no values" in histogram([Series("kept", [], 0, "#111")], "empty")
    few = histogram([Series("kept", [2.0, 2.0], 2, "#111")], "cluster size")
    assert ">1<" in few and ">0.5<" not in few and ">1.5<" not in few  # whole documents


def test_histogram_scales_a_sample_to_the_documents_it_stands_for():
    svg = histogram([Series("kept", [3.0] * 10, 1000, "#111")], "x")
    assert ": 1,000</title>" in svg and "(n=1,000)" in svg


def test_sample_is_bounded_counts_everything_and_is_deterministic():
    a, b = Sample(cap=100, seed=7), Sample(cap=100, seed=7)
    for v in range(10_000):
        a.add(float(v))
        b.add(float(v))
    assert a.n == 10_000 and len(a.values) == 100
    assert list(a.values) == list(b.values)
    assert max(a.values) > 5_000  # a sample of the whole stream, not its first 100


def test_bounded_tally_keeps_the_largest_keys_within_its_cap():
    table = BoundedTally(cap=3)
    for i in range(1000):
        for key in ("big", f"rare-{i}"):
            row = table.get(key)
            row.docs += 1
        assert len(table.rows) <= 6
    assert table.rows["big"].docs == 1000
    assert table.approximate and table.dropped_docs > 0
    exact = BoundedTally(cap=3)
    for key in "abcab":
        exact.get(key).docs += 1
    assert not exact.approximate and exact.rows["a"].docs == 2


def test_source_is_the_host_or_else_the_input_file():
    assert source_of({"url": "https://WWW.Example.org:8080/x?y"}) == "example.org"
    assert source_of({"url": "http://[::1/broken", "file_path": "/in/a.warc.gz"}) == (
        "file:/in/a.warc.gz"
    )
    assert source_of({"url": None, "file_path": "/in/b.jsonl"}) == "file:/in/b.jsonl"
    assert source_of({}) == "file:(unknown)"


def test_original_length_undoes_removals_and_replacements():
    text = "kept line\n[EMAIL]\n"
    edits = [
        {"step": "clean.lines", "reason": "navigation", "removed": "Home", "start": 0, "end": 5},
        {
            "step": "pii.redact",
            "reason": "pii_email",
            "removed": "[EMAIL]",
            "start": 10,
            "end": 23,
        },  # an address of 13 characters replaced by 7
    ]
    assert original_length(text, edits) == len(text) + 5 + (13 - 7)
    assert original_length("abc", []) == 3


def test_stylesheet_survives_autoescaping():
    """The inspector's templates escape the stylesheet: it must have nothing to escape
    (a quoted font name would turn into &#34; and the page would fall back to serif)."""
    from importlib import resources

    css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
    assert not re.search("[\"'<>&]", css)


def test_headline_keeps_markup_apart_from_text():
    stats = {
        "characters": {"in": 1000, "out": 150},
        "steps": [
            {"step": "html.extract", "chars_in": 1000, "chars_removed": 700},
            {"step": "clean.lines", "chars_in": 300, "chars_removed": 150},
        ],
    }
    assert headline_text(stats) == {"read": 1000, "text_in": 300, "text_out": 150}
    stats["steps"] = stats["steps"][1:]
    assert headline_text(stats) == {"read": None, "text_in": 1000, "text_out": 150}


# --- a real run ----------------------------------------------------------------------


def test_sections_show_what_the_run_did(sections_run):
    stats = json.loads((sections_run / "stats.json").read_text())
    html = (sections_run / "report.html").read_text()
    for section in ("summary", "funnel", "lengths", "languages", "sources", "time", "signals"):
        assert f'<section id="{section}">' in html
    extract = next(s for s in stats["steps"] if s["step"] == "html.extract")
    following = stats["steps"][1]
    assert following["chars_in"] == extract["chars_in"] - extract["chars_removed"]
    assert f'data-field="text-extracted">{following["chars_in"]:,}<' in html
    assert "HTML markup included" in html
    view = load_run(sections_run)
    assert view.sources.rows["keep.example"].docs == 3  # www. dropped, case folded
    assert view.sources.rows["keep.example"].removed == 1
    assert view.sources.rows["news.example"].kept == 1
    assert any(k.startswith("file:") and k.endswith("docs.jsonl") for k in view.sources.rows)
    assert view.languages.rows["en"].docs >= 3
    assert view.tokens["kept"].n == stats["documents"]["kept"]
    removers = html.split('id="top-removers"')[1].split("</table>")[0]
    assert "spam.example" in removers and "keep.example" in removers
    assert "tokens per document" in html and 'data-field="tokens"' in html
    assert HOSTILE_HOST not in html and "&lt;img src=x onerror=alert(1)&gt;.example" in html
    gopher = next(s for s in stats["steps"] if s["step"] == "quality.gopher")
    assert "gopher_above_avg_word_length" in gopher["removed_by_reason"]


def test_no_singular_count_takes_a_plural_word(sections_run):
    html = (sections_run / "report.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html)
    for word in ("documents", "lines", "examples", "files", "workers", "shards", "records"):
        assert not re.search(rf"(?<![\d,.])1 {word}\b", text), word
    assert re.search(r"(?<![\d,.])1 example\b", text)


def test_time_per_step_from_run_json_or_a_note(sections_run, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(sections_run, out)
    facts = json.loads((out / "run.json").read_text())
    facts.pop("step_seconds", None)
    (out / "run.json").write_text(json.dumps(facts))
    html = render_report(out)
    assert 'id="no-step-times"' in html and "Seconds per stage instead" in html
    facts["step_seconds"] = {"html.extract": 2.5, "tokens.count": 0.004, "quality.gopher": 1}
    (out / "run.json").write_text(json.dumps(facts))
    html = render_report(out)
    assert 'id="no-step-times"' not in html
    docs_in = json.loads((out / "stats.json").read_text())["steps"][0]["docs_in"]
    assert f"2.50 s · {seconds_text(2500 / docs_in)} per 1,000 documents" in html
    assert ">tokens.count<" in html.split('id="time"')[1] and "4.0 ms · " in html


def test_report_is_the_same_bytes_for_the_same_run(sections_run, tmp_path):
    first = render_report(sections_run)
    assert render_report(sections_run) == first
    (tmp_path / "stats.json").write_text((sections_run / "stats.json").read_text())
    # a run folder without run.json or shards still renders (an interrupted copy)
    assert "winnow report" in render_report(tmp_path)


# --- in the browser --------------------------------------------------------------------

CLIPPED = """
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const vb = svg.viewBox.baseVal;
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBBox();
    if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5
        || b.y + b.height > vb.y + vb.height + 0.5)
      out.push(t.textContent + ' [' + [b.x, b.y, b.width, b.height].map(Math.round) + ' in '
               + [vb.width, vb.height] + ']');
  }
}
return out;
"""
OVERLAP = """
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()]);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [ta, a] = boxes[i], [tb, b] = boxes[j];
    if (a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1
        && b.y < a.y + a.height - 1) out.push(ta + ' / ' + tb);
  }
}
return out;
"""


def _screenshot(chromium, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    chromium.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    keep = os.environ.get("WINNOW_REPORT_SCREENSHOTS")
    if keep:
        shutil.copy(path, Path(keep) / name)


def test_report_in_chromium_has_the_sections_and_no_clipped_label(chromium, sections_run, tmp_path):
    from selenium.webdriver.common.by import By

    chromium.get((sections_run / "report.html").as_uri())
    for section in ("lengths", "languages", "sources", "time"):
        assert chromium.find_element(By.ID, section).is_displayed()
    assert chromium.find_elements(By.CSS_SELECTOR, "#lengths svg.histogram")
    assert chromium.find_elements(By.CSS_SELECTOR, "#language-table tr[data-lang='en']")
    assert chromium.find_elements(By.CSS_SELECTOR, "#top-keepers tbody tr")
    labels = chromium.execute_script(
        "return [...document.querySelectorAll('#reasons text.label')].map(t => t.textContent)"
    )
    assert any("gopher_above_avg_word_length" in t for t in labels)
    assert chromium.execute_script(CLIPPED) == []
    assert chromium.execute_script(OVERLAP) == []
    # nothing wider than the page: no section scrolls sideways at this width
    assert chromium.execute_script(
        "return [...document.querySelectorAll('section')].every("
        "s => s.scrollWidth <= s.clientWidth + 1)"
    )
    _screenshot(chromium, tmp_path, "report-sections.png")


def test_extreme_labels_in_chromium_stay_inside_their_charts(chromium, tmp_path):
    from importlib import resources

    css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
    rows = [
        ("quality.gopher_repetition: gopher_above_avg_word_length", 120, "120 documents"),
        ("x" * 90, (3, 4), "7 of 7 kept (100.0%)"),
        ("東京都立図書館の非常に長いドメイン名.example.jp", 5, "5 documents"),
        ("MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM: WWWWWWWWWWWW", 1, "1 document"),
        ("i", 1, "1 line"),
    ]
    charts = bars(rows, colors=(KEPT, REMOVED), names=("kept", "removed"), max_label_width=300)
    charts += histogram(
        [
            Series("kept", [1.0, 2, 2, 3, 50_000], 5, "#4c78a8"),
            Series("kept, before lines were cut", [5.0, 5, 5, 9, 90_000], 5, "#222", True),
        ],
        "characters in repeated 5-grams of the longest documents in the whole crawl",
        threshold=70_000,
        threshold_name="max_characters_allowed",
        side="max",
        log=True,
        x_caption="characters (log scale)",
    )
    page_path = tmp_path / "charts.html"
    page_path.write_text(f"<!DOCTYPE html><style>{css}</style><section>{charts}</section>")
    chromium.get(page_path.as_uri())
    assert chromium.execute_script(CLIPPED) == []
    _screenshot(chromium, tmp_path, "report-extreme-labels.png")


def test_written_report_matches_render(sections_run):
    path = write_report(sections_run)
    assert path.read_text() == render_report(sections_run)
