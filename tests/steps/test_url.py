"""url.filter: blocklisted domains and URLs, banned words in URLs (FineWeb's URL filter)."""

from __future__ import annotations

import gzip
import socket
import time
from pathlib import Path

import pytest

from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import parse_recipe
from winnow.steps.url import URLFilter, load_blocklist, split_url

BLOCKLIST = """# domains, then URLs, as UT1 writes them
example.com
sub.other.org
co.uk
12.41.90.72
*.wild.net
bücher.de
site.com/adult
http://www.page.net/a/b/
q.com/p.php?id=3
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def build(**params: object) -> URLFilter:
    """The step as a recipe builds it (parameters checked), set up."""
    recipe = parse_recipe({"steps": [{"url.filter": params}]})
    step = recipe.build()[0]
    assert isinstance(step, URLFilter)
    step.setup()
    return step


def verdict(step: URLFilter, url: str | None) -> tuple[str, str] | None:
    doc = Document(id="d", text="some text", url=url)
    step.apply(doc)
    return (doc.rejection.reason, doc.rejection.detail) if doc.rejection else None


@pytest.fixture
def blocked(tmp_path: Path) -> URLFilter:
    return build(blocklist=[write(tmp_path, "adult/domains", BLOCKLIST)])


@pytest.mark.parametrize(
    "url, entry",
    [
        ("https://example.com/x", "example.com"),
        ("http://a.b.EXAMPLE.com:8080/", "example.com"),  # subdomains, case, port
        ("https://user@example.com./", "example.com"),  # user, root dot
        ("https://sub.other.org/x", "sub.other.org"),
        ("https://x.sub.other.org", "sub.other.org"),
        ("http://12.41.90.72/p", "12.41.90.72"),
        ("http://a.wild.net", "wild.net"),
        ("http://xn--bcher-kva.de/x", "xn--bcher-kva.de"),  # IDN listed in Unicode
        ("http://BÜCHER.de/", "xn--bcher-kva.de"),
    ],
)
def test_a_listed_domain_blocks_itself_and_its_subdomains(blocked, url, entry):
    assert verdict(blocked, url) == (
        "url_blocked_domain",
        f"domain {entry} (blocklist adult/domains)",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://notexample.com/",  # a longer name is another domain
        "https://example.com.evil.net/",
        "https://other.org/",  # a listed subdomain does not block its parent
        "https://news.bbc.co.uk/",  # a public suffix listed alone blocks nothing
        "http://12.41.90.73/",
        "http://1.12.41.90.72.nip.io/",
    ],
)
def test_other_domains_are_kept(blocked, url):
    assert verdict(blocked, url) is None


@pytest.mark.parametrize(
    "url, entry",
    [
        ("https://www.site.com/adult", "site.com/adult"),
        ("https://www2.SITE.com/Adult/2?p=1#top", "site.com/adult"),  # under it, any case
        ("http://page.net/a/b", "page.net/a/b"),
        ("http://page.net/a/b/c/d.html", "page.net/a/b"),
        ("http://q.com/p.php?id=3", "q.com/p.php?id=3"),
    ],
)
def test_a_listed_url_blocks_itself_and_the_pages_under_it(blocked, url, entry):
    assert verdict(blocked, url) == (
        "url_blocked_url",
        f"URL under {entry} (blocklist adult/domains)",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://site.com/adultery",  # matched at path-segment edges only
        "https://site.com/",
        "https://shop.site.com/adult",  # a URL line names its host exactly
        "http://page.net/a/bc",
        "http://page.net/a",
        "http://q.com/p.php?id=4",
    ],
)
def test_pages_beside_a_listed_url_are_kept(blocked, url):
    assert verdict(blocked, url) is None


def test_lists_in_gzip_and_several_files_name_the_list_that_matched(tmp_path):
    gz = tmp_path / "ut1" / "domains.gz"
    gz.parent.mkdir()
    gz.write_bytes(gzip.compress(b"zipped.com\n"))
    step = build(blocklist=[write(tmp_path, "mine/extra.txt", "plain.org\n"), str(gz)])
    assert (
        verdict(step, "https://a.zipped.com/")[1] == "domain zipped.com (blocklist ut1/domains.gz)"
    )
    assert verdict(step, "https://plain.org/")[1] == "domain plain.org (blocklist mine/extra.txt)"


def test_every_entry_of_a_large_list_is_found_and_no_other(tmp_path):
    """The table's offset ranges and binary search over 20,000 entries, and the lines to
    normalise (a root dot, a wildcard, a port, Unicode, a URL, a comment) among plain ones."""
    listed = [f"site{i}.example{i % 7}.com" for i in range(0, 40_000, 2)]
    odd = ["dot{}.org.", "*.star{}.net", "port{}.org:8080", "bücher{}.de", "Page{}.net/A/", "# {}"]
    lines = list(listed)
    for n, i in enumerate(range(0, len(lines), 997)):
        lines.insert(i, odd[n % len(odd)].format(n))
    step = build(blocklist=[write(tmp_path, "l/domains", "\n".join(lines) + "\n")])
    assert all(verdict(step, f"http://{d}/") for d in listed)
    assert not any(
        verdict(step, f"http://site{i}.example{i % 7}.com/") for i in range(1, 40_000, 2)
    )
    assert verdict(step, "http://a.dot0.org/")[0] == "url_blocked_domain"
    assert verdict(step, "http://a.star1.net/")[0] == "url_blocked_domain"
    assert verdict(step, "http://port2.org/")[0] == "url_blocked_domain"
    assert (
        verdict(step, f"http://{'bücher3.de'.encode('idna').decode()}/")[0] == "url_blocked_domain"
    )
    assert verdict(step, "http://page4.net/a/b")[0] == "url_blocked_url"
    assert verdict(step, "http://page4.net/b") is None


def test_an_empty_list_blocks_nothing(tmp_path):
    step = build(blocklist=[write(tmp_path, "l/domains", "# nothing yet\n\n")])
    assert verdict(step, "https://example.com/a") is None


def test_documents_without_a_url_are_kept_and_say_so(blocked):
    doc = Document(id="d", text="text", url=None)
    blocked.apply(doc)
    assert doc.rejection is None and doc.signals == {"url_missing": True}


@pytest.fixture
def worded(tmp_path: Path) -> URLFilter:
    return build(
        banned_words=[write(tmp_path, "words/hard.txt", "# hard\ncasino\nfree bet\nказино\n")],
        soft_banned_words=[write(tmp_path, "words/soft.txt", "poker\nslots\njackpot\n")],
        banned_subwords=[write(tmp_path, "words/sub.txt", "badsub\n")],
    )


@pytest.mark.parametrize(
    "url, reason, detail",
    [
        (
            "https://news.com/CASINO-night",
            "url_banned_word",
            "word 'casino' (banned_words words/hard.txt)",
        ),
        (
            "https://casino.news.com/",
            "url_banned_word",
            "word 'casino' (banned_words words/hard.txt)",
        ),
        (
            "https://news.com/a%20casino",
            "url_banned_word",
            "word 'casino' (banned_words words/hard.txt)",
        ),
        (
            "https://news.com/freebet/x",
            "url_banned_word",
            "word 'freebet' (banned_words words/hard.txt)",
        ),
        # a Russian word, percent-encoded as crawls write it
        (
            "https://news.ru/%D0%BA%D0%B0%D0%B7%D0%B8%D0%BD%D0%BE/1",
            "url_banned_word",
            "word 'казино' (banned_words words/hard.txt)",
        ),
        (
            "https://news.com/poker_and-SLOTS",
            "url_soft_banned_words",
            "2 soft-banned words poker, slots (soft_banned_words words/soft.txt) "
            "≥ soft_word_threshold 2",
        ),
        (
            "https://news.com/xx-bad.subxx",
            "url_banned_subword",
            "'badsub' inside the URL (banned_subwords words/sub.txt)",
        ),
    ],
)
def test_banned_words_in_the_url(worded, url, reason, detail):
    assert verdict(worded, url) == (reason, detail)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.com/casinos-royale",  # a hard word must be a whole word
        "https://news.com/free-bet",  # a listed phrase is its words run together
        "https://news.com/poker/poker",  # one soft word, twice
    ],
)
def test_urls_without_banned_words_are_kept(worded, url):
    assert verdict(worded, url) is None


def test_soft_words_are_counted_and_the_threshold_is_a_parameter(tmp_path):
    soft = write(tmp_path, "soft.txt", "poker\nslots\n")
    doc = Document(id="d", text="t", url="https://news.com/poker-night")
    build(soft_banned_words=[soft]).apply(doc)
    assert doc.rejection is None and doc.signals["url_soft_words"] == 1
    strict = build(soft_banned_words=[soft], soft_word_threshold=1)
    assert verdict(strict, "https://news.com/poker-night")[0] == "url_soft_banned_words"


def test_subwords_are_found_across_punctuation(worded):
    """datatrove's rule: subwords are looked for in the URL with its separators removed."""
    assert verdict(worded, "https://news.com/bad-sub")[0] == "url_banned_subword"


def test_blocklists_are_checked_before_words(tmp_path):
    step = build(
        blocklist=[write(tmp_path, "b/domains", "casino.com\n")],
        banned_words=[write(tmp_path, "w/hard.txt", "casino\n")],
    )
    assert verdict(step, "https://casino.com/")[0] == "url_blocked_domain"
    assert verdict(step, "https://casino.org/")[0] == "url_banned_word"


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "give at least one list file"),
        ({"blocklist": ["/nonexistent/domains"]}, r"blocklist: cannot read '/nonexistent/domains'"),
        ({"banned_words": ["/nonexistent/w.txt"]}, r"banned_words: cannot read"),
        ({"banned_subwords": "words.txt"}, "must be a list"),
    ],
)
def test_bad_parameters_are_refused_before_any_work(params, message):
    with pytest.raises(ConfigError, match=message):
        parse_recipe({"steps": [{"url.filter": params}]})


def test_a_folder_or_a_zero_threshold_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="banned_words: cannot read"):
        parse_recipe({"steps": [{"url.filter": {"banned_words": [str(tmp_path)]}}]})
    words = write(tmp_path, "w.txt", "x\n")
    with pytest.raises(ConfigError, match="soft_word_threshold must be 1 or more"):
        parse_recipe(
            {"steps": [{"url.filter": {"soft_banned_words": [words], "soft_word_threshold": 0}}]}
        )


def test_list_paths_become_absolute_for_workers_elsewhere(tmp_path, monkeypatch):
    write(tmp_path, "lists/domains", "example.com\n")
    monkeypatch.chdir(tmp_path)
    recipe = parse_recipe({"steps": [{"url.filter": {"blocklist": ["lists/domains"]}}]})
    params = recipe.to_dict()["steps"][0]["url.filter"]
    assert params["blocklist"] == [str(tmp_path / "lists" / "domains")]


def test_the_public_suffix_list_comes_from_the_wheel_never_the_network(tmp_path, monkeypatch):
    """tldextract reads its bundled PSL snapshot: no fetch (even where its environment
    variable names a URL) and no cache written."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("url.filter tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("TLDEXTRACT_SUFFIX_LIST_URLS", "https://publicsuffix.org/list/x.dat")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    step = build(blocklist=[write(tmp_path, "l/domains", "bbc.co.uk\nco.uk\n")])
    assert verdict(step, "https://news.bbc.co.uk/")[0] == "url_blocked_domain"
    assert verdict(step, "https://itv.co.uk/") is None  # the PSL says co.uk is a suffix
    assert not (tmp_path / "cache").exists() and not (tmp_path / "home").exists()


def test_lists_load_once_per_process(tmp_path):
    path = write(tmp_path, "l/domains", "example.com\n")
    a, b = build(blocklist=[path]), build(blocklist=[path])
    assert a._blocklist is b._blocklist
    assert load_blocklist.cache_info().hits >= 1


def test_cost_stays_linear_on_a_hostile_url(tmp_path):
    step = build(
        blocklist=[write(tmp_path, "l/domains", "example.com\nsite.com/a/b/c\n")],
        banned_words=[write(tmp_path, "l/words", "casino\n")],
        soft_banned_words=[write(tmp_path, "l/soft", "poker\nslots\n")],
        banned_subwords=[write(tmp_path, "l/sub", "badsub\n")],
    )
    host = "a." * 50_000 + "com"  # longer than DNS allows: not looked up
    started = time.perf_counter()
    assert verdict(step, f"https://{host}/" + "x/" * 100_000 + "?q=" + "%41" * 50_000) is None
    assert verdict(step, "https://site.com/a/b/c/" + "d/" * 100_000)[0] == "url_blocked_url"
    assert time.perf_counter() - started < 1.0
    deep = "a." * 120 + "example.com"  # 251 characters, 122 labels
    assert verdict(step, f"https://{deep}/")[1] == "domain example.com (blocklist l/domains)"


def test_split_url_is_lenient():
    assert split_url("HTTPS://User:pw@WWW.Example.COM:443/A/b?Q=1#frag") == (
        "www.example.com",
        "A/b?Q=1",
    )
    assert split_url("example.com/path") == ("example.com", "path")
    assert split_url("//cdn.example.com") == ("cdn.example.com", "")
    assert split_url("http://[2001:db8::1]:80/x") == ("[2001:db8::1]", "x")
