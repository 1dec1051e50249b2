"""The inspector's server: it answers only to its own names (DNS rebinding), shows control
and bidi characters in ids and list text as visible escapes, and reads one document from
its row group (Parquet) or line (JSONL)."""

from __future__ import annotations

import http.client
import re

import pytest
from test_inspect_index import doc, sample_run, write_run

from winnow.report.inspect import (
    allowed_hosts,
    host_allowed,
    make_server,
    serve_in_thread,
    visible,
    visible_doc,
    visible_text,
)

BIDI_ID = "invoice\u202eexe.txt\u0000\u2066x"  # RLO, NUL, LRI
HIDDEN = re.compile("[\u0000\u202a-\u202e\u2066-\u2069\u200b]")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = sample_run(tmp_path_factory.mktemp("run"))
    evil = [
        doc(BIDI_ID, "Bidi \u202edesrever\u202c text and a bell\u0007. Zero\u200bwidth."),
        *[doc(f"many-{n:04d}", f"Row {n} of many. " + "word " * 50) for n in range(2500)],
    ]
    write_run(out, {"kept/00002": evil})
    running = serve_in_thread(out)
    yield running
    running.shutdown()
    running.server_close()


def get(server, path: str, host: str | None = "default") -> tuple[int, str]:
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    if host is None:
        conn.putrequest("GET", path, skip_host=True)
    else:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", f"127.0.0.1:{port}" if host == "default" else host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


def test_bound_to_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"


def test_host_header_must_name_this_server(server):
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert get(server, "/", host)[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", f"localhost:{port + 1}", "localhost"):
        status, body = get(server, "/", host)
        assert status == 403 and "Host not allowed" in body, host
    assert get(server, "/doc/kept/00000/0", "evil.example")[0] == 403
    assert get(server, "/", None)[0] == 403  # no Host at all


def test_allowed_hosts_follow_the_bound_address():
    assert allowed_hosts("127.0.0.1", 8765) == {
        "127.0.0.1:8765",
        "localhost:8765",
        "[::1]:8765",
    }
    assert "192.168.1.5:8765" in allowed_hosts("192.168.1.5", 8765)  # --host given
    assert "box.lan:8765" in allowed_hosts("0.0.0.0", 8765, ("box.lan",))
    assert "localhost" in allowed_hosts("127.0.0.1", 80)  # a browser drops port 80
    everywhere = allowed_hosts("0.0.0.0", 8765)
    # bound to every interface: the machine's addresses, never a name an attacker can rebind
    assert host_allowed("10.1.2.3:8765", everywhere, True, 8765)
    assert host_allowed("[fe80::1]:8765", everywhere, True, 8765)
    assert not host_allowed("evil.example:8765", everywhere, True, 8765)
    assert not host_allowed("10.1.2.3:9999", everywhere, True, 8765)
    assert not host_allowed("10.1.2.3:8765", allowed_hosts("127.0.0.1", 8765), False, 8765)


def test_make_server_binds_loopback_unless_told(tmp_path):
    out = sample_run(tmp_path / "out")
    server = make_server(out, port=0, wait=True, quiet=True)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_bidi_and_control_characters_in_ids_are_shown_escaped(server):
    status, page = get(server, "/?q=bidi")
    assert status == 200 and "1 match" in page
    assert not HIDDEN.search(page)  # no raw RLO, NUL or LRI anywhere on the page
    assert '<span class="esc">\\u202e</span>' in page and "\\u0000" in page
    plain = page.replace('<span class="esc">', "").replace("</span>", "")
    assert "\\u2066" in plain and "Zero\\u200bwidth" in plain  # in the list's text too
    link = re.search(r'href="(/doc/kept/00002/0)"', page)
    assert link
    status, page = get(server, link.group(1))
    assert status == 200 and not HIDDEN.search(page.replace("\u200b", ""))
    assert "<title>invoice\\u202eexe.txt\\u0000\\u2066x — winnow inspect</title>" in page
    assert 'id="doc-id">invoice<span class="esc">\\u202e</span>exe.txt' in page
    # in the text itself, what can reorder (RLO, PDF) or hides (BEL) is shown; a zero-width
    # space, which Asian scripts use between words, is left as it is
    text = page.split('id="doc-text">')[1].split("</pre>")[0]
    assert "\\u202e" in text and "\\u202c" in text and "\\u0007" in text and "\u200b" in text


def test_visible_filters():
    assert str(visible("a<b>\u202ec")) == 'a&lt;b&gt;<span class="esc">\\u202e</span>c'
    assert visible_text("x\U000e0041y\u2028") == "x\\U000e0041y\\u2028"  # tag char, LS
    assert visible_text("plain, café, 東京") == "plain, café, 東京"
    assert str(visible_doc("line\nnext\tcol\r\n<i>")) == "line\nnext\tcol\r\n&lt;i&gt;"


def test_document_pages_read_their_row_group(server):
    # 2,501 rows in shard kept/00002: three row groups of at most 1,000 rows
    status, page = get(server, "/doc/kept/00002/2101")
    assert status == 200 and "many-2100" in page and "Row 2100 of many" in page
    status, page = get(server, "/doc/removed/00000/2")
    assert status == 200 and "Removed by" in page and "lang.filter" in page
    assert get(server, "/doc/kept/00002/2501")[0] == 404
    assert get(server, "/doc/kept/nope/0")[0] == 404
    assert get(server, "/doc/kept/../../etc/passwd")[0] == 404


def test_list_pages_filter_and_page(server):
    status, page = get(server, "/?status=kept&q=many")
    assert status == 200 and "2,500 matches (showing 1–100)" in page
    assert 'id="more" href="/?status=kept&amp;q=many&amp;start=100"' in page
    status, page = get(server, "/?status=kept&q=many&start=2400")
    assert "showing 2,401–2,500" in page and 'id="more"' not in page and 'id="back"' in page
    assert "many-2400" in page and "many-2499" in page and "many-2399" not in page
    status, page = get(server, "/?lang=ja&status=removed")
    assert page.count('class="doc-row"') == 1 and "r-ja" in page


def test_jsonl_shards_read_by_offset(tmp_path):
    out = sample_run(tmp_path / "out", fmt="jsonl")
    server = serve_in_thread(out)
    try:
        status, page = get(server, "/doc/removed/00000/1")
        assert status == 200 and "r-dup" in page and "quick brown fox" in page
        status, page = get(server, "/?q=" + "%E5%A4%9C%E6%99%AF")  # 夜景
        assert "2 matches" in page and "k-ja" in page and "r-ja" in page
    finally:
        server.shutdown()
        server.server_close()
