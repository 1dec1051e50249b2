"""``url.filter``: remove documents whose URL is blocklisted or made of banned words.

FineWeb's first filter (Penedo et al. 2024; datatrove's ``URLFilter``), with the lists given
by the user (none ships with winnow: resources/README.md says where FineWeb's come from).

* ``blocklist``: files of domains and URLs, one a line, such as UT1's ``adult/domains`` and
  ``adult/urls`` that FineWeb uses. A domain blocks itself and its subdomains, down to the
  registered domain found with the Public Suffix List (the snapshot in tldextract's wheel,
  never fetched): ``example.com`` blocks ``a.b.example.com``, while a public suffix listed
  alone (``co.uk``) blocks nothing. A line with a path is a URL, written as squidGuard lists
  write them (scheme and ``www.`` dropped, matched regardless of case): it blocks that page
  and the pages under it, at path-segment edges (``site.com/adult`` blocks
  ``https://www.site.com/adult/2?p=1``, not ``site.com/adultery``).
* ``banned_words`` (hard: one in the URL removes it), ``soft_banned_words`` (removed from
  ``soft_word_threshold`` distinct ones, 2 as in datatrove) and ``banned_subwords`` (found
  anywhere in the URL with every non-alphanumeric character removed): the URL's words are
  its runs of letters and digits, lower-cased. datatrove's asset files fit as they come.

Where this departs from datatrove, on purpose: URL words are lower-cased and percent-decoded
first (datatrove misses ``/Casino/`` and ``%20casino``) and letters are Unicode letters; every
level between the host and its registered domain is looked up (datatrove: those two only);
URL lines match scheme-less and as prefixes (datatrove compares the whole URL with UT1's
scheme-less lines, which never match).

Cost, per document: a split of the URL, one table lookup per candidate (the host and its
parent domains; the page and its parent paths on hosts with listed URLs only), the PSL on a
hit only, a split into words and a trie regex: linear in the URL's length. Blocklists load
once per worker into sorted 64-bit hashes (10 bytes an entry and an offset table: UT1's
4.6M adult domains take 60 MB, where a set of the strings takes 450 MB). A hash
collision (odds ~2^-64 a lookup per entry) would wrongly block one URL.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple
from urllib.parse import unquote

from winnow.document import Document
from winnow.errors import missing_dependency
from winnow.registry import register
from winnow.step import Step, StepKind

_NON_WORD = re.compile(r"[\W_]+")  # what separates a URL's words (Unicode letters, digits)
_WWW = re.compile(r"www\d*\.")  # dropped from URL lines and URLs, as squidGuard does
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,15}://")
_AUTHORITY_END = re.compile(r"[/?#]")
# what a list line that is not its own key holds (a URL, a port, a wildcard, a comment,
# spaces, a dot first or last); non-ASCII lines are not either
_ODD_MARKS = ("/", ":", "*", "#", " ", "\t", "\r", "\n.", ".\n")
_HOST_MARK = "\x00"  # before a host in the table: some URL on that host is listed
MAX_HOST = 253  # characters of a DNS name
_SIGN = 1 << 63  # a hash plus this is its rank among 64-bit numbers


def list_name(path: str) -> str:
    """How a detail names a list: its folder and file (UT1's ``adult/domains``)."""
    parent, name = os.path.split(path)
    return f"{os.path.basename(parent)}/{name}" if parent else name


def is_plain(text: str) -> bool:
    """Whether every line of ``text`` (lower-cased) is a domain as keys write it."""
    return (
        text.isascii()
        and not any(mark in text for mark in _ODD_MARKS)
        and not text.startswith(".")
        and not text.endswith(".")
    )


def entries(text: str) -> Iterator[str]:
    """The stripped lines of ``text``, blank lines and ``#`` comments left out."""
    for line in text.splitlines():
        entry = line.strip()
        if entry and entry[0] != "#":
            yield entry


def read_chunks(path: str, size: int = 1 << 12) -> Iterator[str]:
    """A list file (``.gz`` too), ``size`` lines at a time."""
    opener: Any = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        while batch := list(islice(f, size)):
            yield "".join(batch)


def read_entries(path: str) -> Iterator[str]:
    """The stripped, lower-cased lines of a list file, blank lines and ``#`` comments out."""
    for chunk in read_chunks(path):
        yield from entries(chunk.lower())


def ascii_host(host: str) -> str:
    """A host as lists write it: lower case, no root dot, IDNA (punycode) where it can be."""
    host = host.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):  # an invalid label: left as it is
            host = host.encode("idna").decode("ascii")
    return host


class SplitURL(NamedTuple):
    host: str  # lower case, no port, no user, punycode
    rest: str  # path and query as written, without the leading "/" or the fragment


def split_url(url: str) -> SplitURL:
    """Host and rest of a URL, leniently: no scheme, odd ports or brackets make it fail."""
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme:
        url = url[scheme.end() :]
    elif url.startswith("//"):
        url = url[2:]
    end = _AUTHORITY_END.search(url)
    cut = end.start() if end else len(url)
    host = url[:cut].rpartition("@")[2]
    # an IPv6 literal keeps its brackets; any other host loses its port
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    return SplitURL(ascii_host(host), url[cut:].partition("#")[0].lstrip("/"))


def without_www(host: str) -> str:
    match = _WWW.match(host)
    return host[match.end() :] if match else host


def url_key(host: str, path: str) -> str:
    """A listed URL's key: host without ``www.``, "/", the lower-cased path without its
    last "/"."""
    return without_www(host) + "/" + path.rstrip("/").lower()


def normalize_word(entry: str) -> str:
    """A word list entry as URL words are compared: letters and digits, lower case."""
    return _NON_WORD.sub("", entry).lower()


class Blocklist:
    """Every domain and URL of the block lists, as sorted hashes with the list of each.

    Python's ``hash`` of a string is salted per process, which is fine: a worker hashes the
    lists and the URLs alike, and builds its table in ``setup``. A lookup reads the range of
    its hash's top bits in an offset table, then bisects that range (two entries or so): a
    few tenths of a microsecond. Each host with listed URLs is also entered under a marker,
    so that the URL candidates of a page are only made on such hosts.
    """

    def __init__(self, paths: list[str]) -> None:
        import numpy as np

        hashes, sources = array("q"), array("H")
        self.names = [list_name(p) for p in paths]
        self.max_depth = -1  # most path segments of a listed URL (-1: no URL listed)
        self.with_query = False  # whether a listed URL has a query
        for index, path in enumerate(paths):
            for chunk in read_chunks(path):
                keys = self._chunk_keys(chunk.lower())
                hashes.extend(map(hash, keys))
                sources.extend([index] * len(keys))
        table = np.frombuffer(hashes, dtype=np.int64)
        order = np.argsort(table, kind="stable")
        table = table[order]
        self.hashes = array("q", table.tobytes())
        self.sources = array("H", np.frombuffer(sources, dtype=np.uint16)[order].tobytes())
        bits = max(0, min(22, len(table).bit_length() - 2))  # ~2 to 4 entries a range
        self.shift = 64 - bits
        starts = np.arange(1 << bits, dtype=np.uint64) << np.uint64(self.shift % 64)
        starts = (starts ^ np.uint64(1 << 63)).view(np.int64)  # the ranges' smallest hashes
        bounds = np.append(np.searchsorted(table, starts), len(table)) if bits else [0, len(table)]
        self.offsets = array("I", np.asarray(bounds, dtype=np.uint32).tobytes())

    def __len__(self) -> int:
        return len(self.hashes)

    def _chunk_keys(self, text: str) -> list[str]:
        """The keys of a chunk of lines. Most lines are their own key (an ASCII domain), and
        are split out at C speed; halving finds the few others, made one by one."""
        if is_plain(text):
            return text.split()
        mid = text.find("\n", len(text) // 2) + 1
        if text.count("\n", 0, 1 << 12) < 64 or not 0 < mid < len(text):
            return [key for entry in entries(text) for key in self._keys(entry)]
        return self._chunk_keys(text[:mid]) + self._chunk_keys(text[mid:])

    def _keys(self, entry: str) -> list[str]:
        """A domain's key, or a URL's and its host's marker (``entry``: lower-cased)."""
        scheme = _SCHEME.match(entry)
        if scheme:
            entry = entry[scheme.end() :]
        if "/" not in entry:
            domain = ascii_host(entry.lstrip("*.").partition(":")[0])
            return [domain] if domain else []
        host, _, rest = entry.partition("/")
        host = without_www(ascii_host(host.partition(":")[0]))
        path, query_mark, query = rest.partition("#")[0].partition("?")
        key = url_key(host, path)
        self.max_depth = max(self.max_depth, key.count("/") - key.endswith("/"))
        if query_mark:
            self.with_query = True
            key = f"{key}?{query}"
        return [key, _HOST_MARK + host]

    def lookup(self, key: str) -> str | None:
        """The name of the list that holds ``key``, or None."""
        hashed = hash(key)
        bucket = (hashed + _SIGN) >> self.shift
        high = self.offsets[bucket + 1]
        at = bisect_left(self.hashes, hashed, self.offsets[bucket], high)
        if at < high and self.hashes[at] == hashed:
            return self.names[self.sources[at]]
        return None

    @staticmethod
    def domain_candidates(host: str) -> list[str]:
        """The host and its parent domains, longest first (an IP address: itself alone).
        A host is 253 characters at most (DNS): a longer one is not looked up, which
        bounds the candidates' cost."""
        if not host or len(host) > MAX_HOST:
            return []
        if host[0] == "[" or host.replace(".", "").isdigit():
            return [host]
        labels = host.split(".")
        return [".".join(labels[i:]) for i in range(len(labels))]

    def url_candidates(self, host: str, rest: str) -> list[str]:
        """The page's key and its parents' (at path-segment edges) down to the host's, as
        deep as listed URLs go, and the key with its query where a listed URL has one: on
        a host with listed URLs only."""
        if self.max_depth < 0 or self.lookup(_HOST_MARK + without_www(host)) is None:
            return []
        path, _, query = rest.partition("?")
        base = url_key(host, path)
        slash = base.index("/")
        out = [base[: slash + 1]]
        at, depth = slash, 0
        while depth < self.max_depth and len(base) > slash + 1:
            at = base.find("/", at + 1)
            out.append(base if at < 0 else base[:at])
            depth += 1
            if at < 0:
                break
        if query and self.with_query:
            out.append(f"{base}?{query.lower()}")
        return out


@lru_cache(maxsize=4)
def load_blocklist(paths: tuple[str, ...], stamps: tuple[tuple[int, int], ...]) -> Blocklist:
    """Once per process for the same files (``stamps``: their sizes and times)."""
    return Blocklist(list(paths))


def file_stamps(paths: list[str]) -> tuple[tuple[int, int], ...]:
    return tuple((s.st_size, s.st_mtime_ns) for s in map(os.stat, paths))


def load_words(paths: list[str]) -> dict[str, str]:
    """Normalised word → the name of the first list that holds it."""
    words: dict[str, str] = {}
    for path in paths:
        name = list_name(path)
        for entry in read_entries(path):
            word = normalize_word(entry)
            if word:
                words.setdefault(word, name)
    return words


def check_readable(param: str, paths: list[str]) -> list[str]:
    """The paths made absolute (workers may run elsewhere), or ValueError naming the file."""
    out = []
    for path in paths:
        full = os.path.abspath(os.path.expanduser(path))
        try:
            with open(full, "rb") as f:
                f.read(1)
        except OSError as err:
            raise ValueError(f"{param}: cannot read {path!r}: {err.strerror or err}") from None
        out.append(full)
    return out


@register
class URLFilter(Step):
    """Remove documents whose URL is blocklisted or holds banned words (FineWeb's filter).

    Listed domains block their subdomains, listed URLs the pages under them; documents
    without a URL are kept."""

    name = "url.filter"
    kind = StepKind.FILTER

    @dataclass
    class Config:
        # files of domains and URLs, one a line, '#' comments, .gz read too (UT1's adult
        # domains and urls for FineWeb)
        blocklist: list[str] = field(default_factory=list)
        # files of words, one a line: hard (one removes the page), soft (soft_word_threshold
        # distinct ones do) and subwords (found inside the URL's letters and digits run
        # together); datatrove's banned_words.txt, soft_banned_words.txt, banned_subwords.txt
        banned_words: list[str] = field(default_factory=list)
        soft_banned_words: list[str] = field(default_factory=list)
        banned_subwords: list[str] = field(default_factory=list)
        soft_word_threshold: int = 2  # datatrove URLFilter's default

        def validate(self) -> None:
            if self.soft_word_threshold < 1:
                raise ValueError(
                    f"soft_word_threshold must be 1 or more, got {self.soft_word_threshold}"
                )
            lists = ("blocklist", "banned_words", "soft_banned_words", "banned_subwords")
            if not any(getattr(self, p) for p in lists):
                raise ValueError(
                    f"give at least one list file ({', '.join(lists)}); none ships with "
                    "winnow (see winnow/resources/README.md for FineWeb's)"
                )
            for param in lists:
                setattr(self, param, check_readable(param, getattr(self, param)))

    class Reason(StrEnum):
        DOMAIN = "url_blocked_domain"
        URL = "url_blocked_url"
        WORD = "url_banned_word"
        SOFT_WORDS = "url_soft_banned_words"
        SUBWORD = "url_banned_subword"

    def setup(self) -> None:
        c = self.config
        self._blocklist = None
        self._tld: Any = None
        if c.blocklist:
            self._blocklist = load_blocklist(tuple(c.blocklist), file_stamps(c.blocklist))
            try:
                from tldextract import TLDExtract
            except ImportError:
                raise missing_dependency("tldextract") from None
            # no URL to fetch and no cache folder: the PSL snapshot in the wheel, offline
            self._tld = TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
            self.registered_domain("example.com")  # reads the snapshot now, not on a hit
        self._hard = load_words(c.banned_words)
        self._soft = load_words(c.soft_banned_words)
        subwords = load_words(c.banned_subwords)
        self._subwords = subwords
        self._subword_re = None
        if subwords:
            from winnow.util.wordlist import trie_pattern

            self._subword_re = re.compile(trie_pattern(subwords))

    def registered_domain(self, host: str) -> str:
        """The host's domain under its public suffix, or "" (an IP, a bare suffix)."""
        parts = self._tld(host)
        return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else ""

    def apply(self, doc: Document) -> None:
        if not doc.url:
            doc.signals["url_missing"] = True
            return
        if self._blocklist is not None and self._check_lists(doc, doc.url):
            return
        if self._hard or self._soft or self._subword_re is not None:
            self._check_words(doc, doc.url)

    def _check_lists(self, doc: Document, url: str) -> bool:
        blocklist = self._blocklist
        assert blocklist is not None
        host, rest = split_url(url)
        for domain in blocklist.domain_candidates(host):
            listed_in = blocklist.lookup(domain)
            if listed_in is None:
                continue
            # the PSL is read on a hit only: a listed parent counts down to the registered
            # domain (``co.uk`` listed blocks nothing); shorter candidates are beyond it too
            if domain != host and len(domain) < len(self.registered_domain(host) or host):
                break
            self.reject(doc, self.Reason.DOMAIN, f"domain {domain} (blocklist {listed_in})")
            return True
        for key in blocklist.url_candidates(host, rest):
            listed_in = blocklist.lookup(key)
            if listed_in is not None:
                self.reject(doc, self.Reason.URL, f"URL under {key} (blocklist {listed_in})")
                return True
        return False

    def _check_words(self, doc: Document, url: str) -> None:
        text = unquote(url) if "%" in url else url
        words = [w for w in _NON_WORD.split(text.lower()) if w]
        if self._hard and not self._hard.keys().isdisjoint(words):
            word = next(w for w in words if w in self._hard)
            return self.reject(
                doc, self.Reason.WORD, f"word {word!r} (banned_words {self._hard[word]})"
            )
        if self._soft:
            soft = sorted(self._soft.keys() & set(words))
            doc.signals["url_soft_words"] = len(soft)
            if len(soft) >= self.config.soft_word_threshold:
                names = ", ".join(sorted({self._soft[w] for w in soft}))
                return self.reject(
                    doc,
                    self.Reason.SOFT_WORDS,
                    f"{len(soft)} soft-banned words {', '.join(soft)} (soft_banned_words "
                    f"{names}) ≥ soft_word_threshold {self.config.soft_word_threshold}",
                )
        if self._subword_re is not None:
            match = self._subword_re.search("".join(words))
            if match:
                self.reject(
                    doc,
                    self.Reason.SUBWORD,
                    f"{match.group()!r} inside the URL "
                    f"(banned_subwords {self._subwords[match.group()]})",
                )
