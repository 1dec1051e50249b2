"""report.html and the inspector: content checks, escaping, and a real headless Chromium.

The browser tests need Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs
them); elsewhere they skip with a message, but under CI a missing browser fails.
"""

import json
import os
import shutil
import urllib.request
from pathlib import Path

import pytest

from conftest import article_text, write_jsonl
from winnow.recipe import load_recipe
from winnow.report.inspect import serve_in_thread
from winnow.running.runner import RunOptions, run

HOSTILE = (
    '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    '<iframe src="javascript:alert(1)"></iframe>'
)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    rows = [
        {"id": "article-en", "text": article_text("en")},
        {"id": "article-de", "text": article_text("de")},
        {"id": "copy-en", "text": article_text("en")},
        {
            "id": "evil-kept",
            "text": article_text("en").replace("Smit said.", "Smit said.")
            + "\n\n"
            + HOSTILE
            + " This line is hostile markup inside a kept document.",
        },
        {"id": "evil-short", "text": HOSTILE},
        {"id": "tiny", "text": "Too short."},
        {"id": "near-en", "text": article_text("en").replace("said", "stated", 1)},
    ]
    rows[3]["text"] = "Hostile page.\n\n" + rows[3]["text"].replace("port", "harbour")
    write_jsonl(root / "in.jsonl", rows)
    out = root / "out"
    run(
        RunOptions(
            [str(root / "in.jsonl")], str(out), recipe=load_recipe("web"), workers=1, quiet=True
        )
    )
    return out


def test_report_is_written_self_contained_and_escaped(finished_run):
    html = (finished_run / "report.html").read_text()
    assert "<script" not in html.replace("&lt;script", "")  # no script tags at all
    assert "&lt;script&gt;window.__xss" in html  # the hostile text is shown, as text
    assert (
        "http://" not in html and "https://" not in html.replace("https://", "", 0)
    ) or 'src="http' not in html
    assert 'src="x"' not in html and 'onerror="window' not in html


def test_report_counts_what_corpus_steps_found(finished_run):
    stats = json.loads((finished_run / "stats.json").read_text())
    minhash = next(s for s in stats["steps"] if s["step"] == "dedup.minhash")
    assert minhash["found"]["clusters"] == 1
    html = (finished_run / "report.html").read_text()
    row = html.split('data-step="dedup.minhash"')[1].split("</tr>")[0]
    assert "found: clusters 1, documents in clusters 2" in row


def test_report_cli_regenerates(finished_run, capsys):
    from winnow.cli import main

    (finished_run / "report.html").unlink()
    assert main(["report", str(finished_run)]) == 0
    assert (finished_run / "report.html").exists()


def test_inspector_serves_escaped_pages_on_localhost(finished_run):
    server = serve_in_thread(finished_run)
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        body = urllib.request.urlopen(f"http://{host}:{port}/?status=removed").read().decode()
        assert "evil-short" in body and "<script>window" not in body
        doc = urllib.request.urlopen(f"http://{host}:{port}/doc/removed/00000/0").read().decode()
        assert "Removed by" in doc
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://{host}:{port}/doc/removed/../../etc/passwd")
    finally:
        server.shutdown()


def test_inspector_underlines_a_repaired_line(tmp_path):
    """clean.encoding's repairs are replacements: shown in place, underlined, not struck."""
    from winnow.report.inspect import Inspector

    good = article_text("de")
    bad = good.encode("utf-8").decode("cp1252", errors="replace")
    assert bad != good
    write_jsonl(tmp_path / "in.jsonl", [{"id": "mojibake-de", "text": bad}])
    out = tmp_path / "out"
    run(
        RunOptions(
            [str(tmp_path / "in.jsonl")], str(out), recipe=load_recipe("web"), workers=1, quiet=True
        )
    )
    page = Inspector(out).doc_page("kept", "00000", 0)
    assert page is not None and "Kept." in page
    assert '<ins class="replaced"' in page and "encoding_repaired" in page
    word = next(w for w in good.split() if not w.isascii() and w.isalpha())
    shown = page.split("<ins")[1].split("</ins>")[0].split('">', 1)[1]  # after the title
    assert word in page and word.encode("utf-8").decode("cp1252") not in shown


# --- headless Chromium -------------------------------------------------------------------

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium and chromium-driver (.ci/run does)")
        pytest.skip("headless Chromium not installed: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_report_in_chromium_matches_stats(browser, finished_run, tmp_path):
    from selenium.webdriver.common.by import By

    stats = json.loads((finished_run / "stats.json").read_text())
    browser.get((finished_run / "report.html").as_uri())
    headline = browser.find_element(By.ID, "headline").text
    assert f"{stats['documents']['in']:,} documents in" in headline
    for step in stats["steps"]:
        row = browser.find_element(By.CSS_SELECTOR, f'tr[data-step="{step["step"]}"]')
        for field in ("docs_in", "kept", "removed"):
            cell = row.find_element(By.CSS_SELECTOR, f'td[data-field="{field}"]')
            assert int(cell.text.replace(",", "")) == step[field], (step["step"], field)
    top = max(stats["steps"], key=lambda s: s["removed"])
    assert browser.find_element(By.ID, "top-step").text == top["step"]
    reasons = [
        e.get_attribute("data-reason")
        for e in browser.find_elements(By.CSS_SELECTOR, "details.doc-reason")
    ]
    for step in stats["steps"]:
        for reason in step["removed_by_reason"]:
            assert reason in reasons
    assert browser.execute_script("return window.__xss === undefined")
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_inspector_in_chromium_shows_reasons_and_struck_lines(browser, finished_run, tmp_path):
    from selenium.webdriver.common.by import By

    server = serve_in_thread(finished_run)
    try:
        host, port = server.server_address[:2]
        browser.get(f"http://{host}:{port}/?status=removed")
        rows = browser.find_elements(By.CSS_SELECTOR, "tr.doc-row")
        assert rows and all(r.get_attribute("data-status") == "removed" for r in rows)
        rows[0].find_element(By.TAG_NAME, "a").click()
        assert browser.find_element(By.ID, "reason").text
        assert browser.find_element(By.ID, "rejected-by").text
        browser.save_screenshot(str(tmp_path / "inspect-removed.png"))
        browser.get(f"http://{host}:{port}/?q=Hostile+page")
        browser.find_element(By.CSS_SELECTOR, "tr.doc-row a").click()
        struck = browser.find_elements(By.CSS_SELECTOR, "del.removed")
        assert struck, "removed lines are shown struck through"
        assert all("·" in d.get_attribute("title") for d in struck)  # step · reason
        assert "<script>window.__xss" in browser.find_element(By.ID, "doc-text").text
        assert browser.execute_script("return window.__xss === undefined")
        browser.save_screenshot(str(tmp_path / "inspect-doc.png"))
    finally:
        server.shutdown()
