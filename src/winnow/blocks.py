"""HTML → text blocks with the layout signals that tell main text from page furniture.

One streaming walk over the lxml tree (``iterwalk``: no recursion, so hostile nesting
cannot overflow the stack) cuts the page into blocks at block-level tags and records, for
each block, its text, how much of it is link text, its own tag, the landmark tags above it
(nav, footer, aside, article ...) and the furniture or content words found in the class and
id attributes of it and its ancestors. ``block_features`` turns a page's blocks into the
feature matrix of ``BlockModel``, a small network trained on WCXB's training pages by
``scripts/train_block_model.py`` and shipped in the package as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

import numpy as np
from lxml import etree

from winnow.text import word_count
from winnow.util.chars import DECIMAL, WORD, code_points, flags_of_code_points
from winnow.util.mlp import MLPEnsemble, read_model
from winnow.util.runs import max_sum_run
from winnow.util.wordlist import trie_pattern

# <noscript> is read: forum software (Discourse) serves the whole thread there to crawlers.
# <head> is read too (its <title> is not): libxml2 leaves a page's text inside <head> when
# an unknown tag opens there before <body> (an L3S-GN1 news page held its whole article so)
SKIP = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "title", "select", "option", "textarea", "button", "input", "video", "audio",
    "map", "dialog",
})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "caption",
})
# the block's own tag, one-hot (anything else: "other")
OWN_TAGS = ("p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
            "blockquote", "dd", "dt", "figcaption", "section", "article", "span", "br", "other")
# landmark and structure tags anywhere above the block (or the block itself)
ANCESTOR_TAGS = ("nav", "header", "footer", "aside", "form", "article", "main", "section",
                 "ul", "ol", "table", "blockquote", "figure", "menu", "address", "dl", "a",
                 "time", "small", "strong", "em", "label", "cite", "code")
# words in class / id attributes: furniture on one side, content on the other
ATTR_WORDS = ("nav", "menu", "foot", "header", "masthead", "sidebar", "side", "widget",
              "comment", "reply", "related", "recommend", "share", "social", "cookie",
              "consent", "banner", "advert", "ads", "sponsor", "promo", "breadcrumb", "tag",
              "meta", "author", "byline", "date", "time", "subscribe", "newsletter", "signup",
              "login", "popup", "modal", "hidden", "skip", "search", "pagination", "pager",
              "copyright", "legal", "disclaimer", "caption", "credit", "teaser", "card",
              "list", "more", "button", "btn", "icon", "logo", "title", "headline",
              "article", "content", "main", "post", "entry", "body", "text", "story", "prose",
              "markdown", "blog", "docs", "description", "summary", "review", "answer",
              "question", "thread", "message", "product", "price")
# as a trie (the longest word at each position): twice as fast as the plain alternation
_ATTR_RE = re.compile(trie_pattern(ATTR_WORDS))
_ATTR_BIT = {w: 1 << i for i, w in enumerate(ATTR_WORDS)}
_TAG_BIT = {t: 1 << i for i, t in enumerate(ANCESTOR_TAGS)}
_OWN_INDEX = {t: i for i, t in enumerate(OWN_TAGS)}
_ASIDE_NAV_BITS = _TAG_BIT["aside"] | _TAG_BIT["nav"]
# what the page walk does with an element, by tag: one dict lookup per event
_INLINE, _BLOCK, _SKIPPED, _LINK = range(4)
_KIND: dict = {**{t: _BLOCK for t in BLOCK}, **{t: _SKIPPED for t in SKIP}, "a": _LINK,
               # comments, processing instructions, entities: tag is a factory, not a name
               etree.Comment: _SKIPPED, etree.ProcessingInstruction: _SKIPPED,
               etree.Entity: _SKIPPED}
TERMINALS = ".!?。！？…:;"  # marks that end a sentence or a clause
DIGIT_SPAN = 200  # the digit share is taken over a block's first characters
# a lookup table over the BMP (every terminal is in it): one gather a page, not np.isin
_IS_TERMINAL = np.zeros(0x10000, dtype=bool)
_IS_TERMINAL[[ord(ch) for ch in TERMINALS]] = True


@dataclass(slots=True)  # made ~200 times a page: slots make that cheaper
class Block:
    """The text of one block-level element (or of the text between two such elements)."""

    text: str
    link_chars: int
    tag: str
    ancestor_tags: int  # bitmask over ANCESTOR_TAGS
    attr_words: int  # bitmask over ATTR_WORDS (the block's element and its ancestors)
    own_attr_words: int  # the nearest element's own class / id words
    depth: int
    in_comments: bool = False  # inside an element whose class / id names a comment section


# collect_ids=False: no table of id attributes (nothing looks elements up by id), 6% less
# parsing time
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                           no_network=True, encoding="utf-8", collect_ids=False)


# Two repairs where libxml2's recovery loses what a browser shows, made on the page's UTF-8
# bytes, as they are parsed:
#
# A <title> is raw text up to "</title": when a damaged page loses that end tag (bytes cut
# out of the head: "<title>Gaza crossings - Ne(OAS_version >= 11)..."), the parser makes
# the whole page the title's text, and there is nothing left to extract. Five of L3S-GN1's
# news pages are so; trafilatura finds nothing on them either.
_TITLE_OPEN = re.compile(rb"<title\b[^<>]{0,200}>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(rb"</title", re.IGNORECASE)
TITLE_SEARCH_BYTES = 100_000  # the head, where a page's title is
MAX_TITLE_BYTES = 2_000  # a title whose end tag is not within this is a runaway
#
# libxml2 drops what follows "</html>"; browsers (HTML5) read it on as part of the body.
# Pages whose templates close the document early ("</body></html>" after the header, the
# article below) lose their whole text: 57 pages of the extraction sets hold text after
# the first such tag. The end tags are dropped: the parser closes the document anyway.
_END_OF_DOCUMENT = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def close_runaway_title(data: bytes) -> bytes:
    """``data`` with a ``</title>`` put before the first tag after a title that is never
    closed (or closed only after ``MAX_TITLE_BYTES``); other pages come back unchanged."""
    opened = _TITLE_OPEN.search(data, 0, TITLE_SEARCH_BYTES)
    if opened is None:
        return data
    start = opened.end()
    if _TITLE_CLOSE.search(data, start, start + MAX_TITLE_BYTES) is not None:
        return data
    cut = data.find(b"<", start)
    if cut < 0:
        return data
    return data[:cut] + b"</title>" + data[cut:]


def drop_early_end_tags(data: bytes) -> bytes:
    """``data`` without its ``</body>`` and ``</html>`` tags when more than those two
    follows the first of them; otherwise (most pages) ``data`` itself. One scan of the
    page (~0.2 ms for 400 kB, 2% of extraction); the rest only looks behind that tag."""
    first = _END_OF_DOCUMENT.search(data)
    if first is None:
        return data
    rest = _END_OF_DOCUMENT.sub(b"", data[first.start():])
    if not rest.strip():  # "</body></html>" and nothing else
        return data
    return data[:first.start()] + rest


def parse(html: str):
    """The page's lxml tree (plain elements: no lxml.html class lookup), comments and
    processing instructions dropped; None when libxml2 finds no document."""
    # as UTF-8 bytes: lxml refuses str input that starts with an XML encoding declaration
    data = drop_early_end_tags(close_runaway_title(html.encode("utf-8", "replace")))
    return etree.fromstring(data, _PARSER)


def html_blocks(html: str) -> list[Block]:
    """The page's blocks (``page_blocks`` of ``parse``); none when there is no document."""
    root = parse(html)
    return page_blocks(root) if root is not None else []


# a <button> left open around a <div> ("<button><div></button>": libxml2 ignores the end
# tag) holds the rest of the page; a real button holds a label and an icon or two
RUNAWAY_BLOCKS = 20
_BLOCK_TAGS = tuple(sorted(BLOCK))


def _swallows_page(el) -> bool:
    """Whether ``el`` holds more block-level elements than a control ever does."""
    return next(islice(el.iter(*_BLOCK_TAGS), RUNAWAY_BLOCKS, None), None) is not None


def preformatted_text(raw: str) -> str:
    """A ``<pre>`` block's text: its non-blank lines, right-trimmed, with the indentation
    they all share removed (what is left of it is code's structure)."""
    lines = [line.rstrip() for line in raw.expandtabs(4).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    indent = min(len(line) - len(line.lstrip()) for line in lines)
    return "\n".join(line[indent:] for line in lines)


# class / id words of a comment section: starting with "comment" or "disqus"
# ("comments-area", "commentlist", "disqus_thread"), "comments" anywhere ("fbcomments",
# "articleComments") or "Comment" as a camel-case part ("addComment", "commentEven"); not
# "commentary" (an opinion column is an article) nor Word's "MsoCommentText" style
_COMMENT_WORD = re.compile(r"^(?:comment(?!ary)|disqus)|comments")  # on the lower-cased word
_COMMENT_CAMEL = re.compile(r"[a-z]Comment(?!ary)")
# a page whose text outside comment sections is shorter than this is a discussion (or
# names its wrapper "comments-open"): its comments stay. Page F1 over the six extraction
# sets: 600 chars .8932, 1,000 .8936, 2,000 .8929 (bench/RESULTS.md)
ARTICLE_CHARS = 1000


@lru_cache(maxsize=4096)
def _is_comment_section(value: str) -> bool:
    head = value[:300]
    lowered = head.lower()
    if "comment" not in lowered and "disqus" not in lowered:  # most class/id values
        return False
    for word in re.split(r"[\s_-]+", head):
        low = word.lower()
        if low.startswith("mso") or ("comment" not in low and "disqus" not in low):
            continue
        if _COMMENT_WORD.search(low) or _COMMENT_CAMEL.search(word):
            return True
    return False


@lru_cache(maxsize=4096)
def _words_bits(value: str) -> int:
    bits = 0
    for word in _ATTR_RE.findall(value[:300].lower()):
        bits |= _ATTR_BIT[word]
    return bits


def _flush(append_block, parts: list[str], link_chars: int, block: tuple,
           in_pre: bool) -> None:
    """Append the block made of ``parts`` (the open block's text since its last boundary)."""
    # preformatted: code and verse keep their lines; elsewhere whitespace runs → one space
    text = (preformatted_text("".join(parts)) if in_pre
            else " ".join("".join(parts).split()))
    if text:
        tag, tags, attrs, own, depth, comments = block
        append_block(Block(text, min(link_chars, len(text)), tag, tags, attrs, own, depth,
                           comments))


def _resolved(state: list) -> tuple[int, int, bool]:
    """The (tag bits, attribute-word bits, in comments) of a pending inline element's
    state ``[element, parent's state, resolved or None]``: its chain of pending ancestors
    is read once, outermost first, and each keeps its result (a second block inside the
    same <span> costs nothing)."""
    chain = []
    while state.__class__ is list:
        if state[2] is not None:
            base = state[2]
            break
        chain.append(state)
        state = state[1]
    else:
        base = state
    for pending in reversed(chain):
        el = pending[0]
        tag = el.tag
        tags, attrs, comments = base
        cls, ident = el.get("class"), el.get("id")
        if cls or ident:
            value = f"{cls or ''} {ident or ''}"
            base = (tags | _TAG_BIT.get(tag, 0), attrs | _words_bits(value),
                    comments or _is_comment_section(value))
        elif tag in _TAG_BIT:
            base = (tags | _TAG_BIT[tag], attrs, comments)
        pending[2] = base
    return base


def page_blocks(root) -> list[Block]:
    """Cut a parsed page into blocks, in reading order; empty blocks are dropped.

    The hot loop of extraction (~1,800 events a page), written for CPython's speed: the
    open block's fields are local variables (a block's text is flushed at each of its
    boundaries, so only its descriptors are saved while a nested block is open), one dict
    lookup classifies a tag, and the common cases (no text, no class/id, an inline tag)
    take the fewest steps.
    """
    blocks: list[Block] = []
    append_block = blocks.append
    # (landmark-tag bitmask, attribute-word bitmask, in a comment section), or for an inline
    # element a pending [element, parent's state, None] (``_resolved``): ``top`` is the
    # innermost open element's; ``stack`` holds, for each open element, its parent's (what
    # its end restores), so len(stack) is the innermost element's depth
    top: tuple[int, int, bool] | list = (0, 0, False)
    stack: list[tuple[int, int, bool] | list] = []
    push, pop = stack.append, stack.pop
    # the open block: its descriptors (tag, tags, attrs, own attrs, depth, in comments),
    # saved on ``owners`` while a block nested in it is open; its text pieces and link
    # characters since its last boundary
    block = ("other", 0, 0, 0, 0, False)
    owners = [block]
    parts: list[str] = []
    link_chars = 0
    link_depth = 0
    in_pre = False
    kinds, tag_bit, words_bits, is_comment_section = (_KIND, _TAG_BIT, _words_bits,
                                                      _is_comment_section)
    inline_kind, block_kind, skipped_kind, link_kind = _INLINE, _BLOCK, _SKIPPED, _LINK
    flush = _flush

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        kind = kinds.get(tag, inline_kind)
        if event == "start":
            push(top)
            if kind == skipped_kind and not (tag == "button" and _swallows_page(el)):
                walker.skip_subtree()
                continue
            if kind != block_kind:
                # an inline element's class/id words and tag matter only to blocks opened
                # inside it (rare): read when one is (``_resolved``), not on every <span>
                top = [el, top, None]
                if kind == link_kind:
                    link_depth += 1
            else:
                if top.__class__ is list:
                    top = _resolved(top)
                cls, ident = el.get("class"), el.get("id")
                if cls or ident:
                    value = f"{cls or ''} {ident or ''}"
                    own = words_bits(value)
                    top = (top[0] | tag_bit.get(tag, 0), top[1] | own,
                           top[2] or is_comment_section(value))
                else:
                    own = 0
                    if tag in tag_bit:
                        top = (top[0] | tag_bit[tag], top[1], top[2])
                if parts:
                    flush(append_block, parts, link_chars, block, in_pre)
                    parts = []
                    link_chars = 0
                block = (tag, top[0], top[1], own, len(stack), top[2])
                owners.append(block)
                in_pre = tag == "pre"
            text = el.text
        else:
            top = pop()
            if kind == block_kind:
                if parts:
                    flush(append_block, parts, link_chars, block, in_pre)
                    parts = []
                    link_chars = 0
                owners.pop()
                block = owners[-1]
                in_pre = block[0] == "pre"
            elif kind == link_kind:
                link_depth -= 1
            text = el.tail
        # whitespace that would open a block is dropped (a block's text is trimmed): most
        # element boundaries then need no flush at all. Not in <pre>, where it indents.
        if text and (parts or in_pre or not text.isspace()):
            parts.append(text)
            if link_depth:
                link_chars += len(text.strip())
    if parts:
        flush(append_block, parts, link_chars, block, in_pre)
    return blocks


N_FEATURES = 22 + len(OWN_TAGS) + 2 * len(ANCESTOR_TAGS) + 2 * len(ATTR_WORDS)


def block_features(blocks: list[Block]) -> np.ndarray:
    """One row of features per block: size, links, punctuation, position, tags, attribute
    words, and the same size/link signals of the neighbouring blocks."""
    n = len(blocks)
    x = np.zeros((n, N_FEATURES), dtype=np.float32)
    if not n:
        return x
    chars = np.array([len(b.text) for b in blocks], dtype=np.float32)
    words, terminals, digits = _text_counts([b.text for b in blocks])
    links = np.array([b.link_chars for b in blocks], dtype=np.float32) / np.maximum(chars, 1)
    ends = np.array([b.text[-1] in ".!?。！？…\"”»)" for b in blocks], dtype=np.float32)
    digits /= np.minimum(chars, DIGIT_SPAN)
    upper = np.array([b.text[:1].isupper() for b in blocks], dtype=np.float32)
    depth = np.array([b.depth for b in blocks], dtype=np.float32)
    cum = np.cumsum(chars)
    total = cum[-1]
    log_chars = np.log1p(chars)
    x[:, 0] = log_chars
    x[:, 1] = np.log1p(words)
    x[:, 2] = links
    x[:, 3] = terminals / np.maximum(words, 1)
    x[:, 4] = ends
    x[:, 5] = digits
    x[:, 6] = upper
    x[:, 7] = depth / 30.0
    x[:, 8] = (cum - chars) / total  # where the block starts, as a share of the page's text
    x[:, 9] = chars / total
    x[:, 10] = np.log1p(total)
    # neighbours: a paragraph between long paragraphs is content, a link among links is not
    x[1:, 11] = log_chars[:-1]
    x[:-1, 12] = log_chars[1:]
    x[1:, 13] = links[:-1]
    x[:-1, 14] = links[1:]
    x[:, 15] = _window_mean(log_chars, 7)
    x[:, 16] = _window_mean(links, 7)
    # where the block sits against the page's main run of prose: the stretch of blocks with
    # the most unlinked prose characters net of the other blocks' characters
    # (words counted by ``text.word_count``: a Japanese paragraph is one \w+ run)
    prose = np.array([e > 0 and k < 0.5 and _has_words(b.text, 6)
                      for b, e, k in zip(blocks, ends, links, strict=True)], dtype=bool)
    start, end = max_sum_run(np.where(prose, chars * (1 - links), -chars).tolist())
    index = np.arange(n)
    x[:, 17] = (index >= start) & (index <= end)
    x[:, 18] = index < start
    x[:, 19] = index > end
    x[:, 20] = np.log1p(np.maximum(start - index, 0) + np.maximum(index - end, 0))
    x[:, 21] = chars[start:end + 1].sum() / total
    col = 22
    other = _OWN_INDEX["other"]
    x[np.arange(n), col + np.array([_OWN_INDEX.get(b.tag, other) for b in blocks])] = 1.0
    col += len(OWN_TAGS)
    tag_bits = _unpack([b.ancestor_tags for b in blocks], len(ANCESTOR_TAGS))
    x[:, col:col + len(ANCESTOR_TAGS)] = tag_bits
    col += len(ANCESTOR_TAGS)
    # the share of the page's text under each landmark: a page that is all <article> differs
    # from one where <article> holds a teaser
    x[:, col:col + len(ANCESTOR_TAGS)] = (tag_bits * chars[:, None]).sum(0) / total
    col += len(ANCESTOR_TAGS)
    x[:, col:col + len(ATTR_WORDS)] = _unpack([b.attr_words for b in blocks], len(ATTR_WORDS))
    col += len(ATTR_WORDS)
    x[:, col:col + len(ATTR_WORDS)] = _unpack([b.own_attr_words for b in blocks],
                                              len(ATTR_WORDS))
    return x


def _text_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per text: ``\\w+`` runs, terminal marks, and ``\\d`` characters among its first
    ``DIGIT_SPAN`` characters; one numpy pass over the page instead of three regex scans a
    block (the texts are joined by a character that is none of the three)."""
    n = len(texts)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    cps = code_points("\n".join(texts))
    flags = flags_of_code_points(cps)
    owner = np.repeat(np.arange(n), lengths + 1)[: len(flags)]
    word = (flags & WORD).astype(bool)
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    offset = np.arange(len(flags)) - (np.cumsum(lengths + 1) - (lengths + 1))[owner]
    early_digit = (flags & DECIMAL).astype(bool) & (offset < DIGIT_SPAN)
    terminal = _IS_TERMINAL[np.minimum(cps, 0xFFFF)]
    return tuple(np.bincount(owner, weights=w, minlength=n).astype(np.float32)
                 for w in (word_start, terminal, early_digit))


def _has_words(text: str, minimum: int) -> bool:
    """``text.word_count(text) >= minimum``, on a prefix first: a prefix never holds more
    tokens than the whole (only its last token can be cut short)."""
    return word_count(text[:160]) >= minimum or (len(text) > 160
                                                 and word_count(text) >= minimum)


def _unpack(masks: list[int], width: int) -> np.ndarray:
    """Bitmasks (Python ints, any width) → a 0/1 float matrix of ``width`` columns."""
    nbytes = (width + 7) // 8
    raw = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8).reshape(len(masks), nbytes),
                         axis=1, bitorder="little")
    return bits[:, :width].astype(np.float32)


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean over a centred window (zeros beyond the page's ends)."""
    full = np.convolve(values, np.full(width, 1.0 / width, dtype=np.float32), mode="full")
    return full[width // 2:width // 2 + len(values)]


class ScoredText(NamedTuple):
    """What the block model made of a page."""

    text: str
    p_main: np.ndarray  # per line of ``text``: its block's p(main text)
    block: np.ndarray  # per line: the index of its block
    comment_blocks: int = 0  # blocks the model kept that were readers' comments, left out
    teaser_blocks: int = 0  # blocks the model kept that were a run of teasers, left out
    aside_nav_blocks: int = 0  # blocks the model kept inside an <aside> or <nav>, left out


def comment_blocks(blocks: list[Block], kept: np.ndarray | None = None) -> np.ndarray:
    """Which blocks are readers' comments below an article: inside an element whose class
    or id names a comment section, on a page where the text kept outside such sections
    (``kept``: the blocks the model keeps; all when None) is an article, at least
    ARTICLE_CHARS long. Less: the page is the discussion itself (a question and its
    replies, a comment permalink), and the comments stay.
    The block model, trained mostly on WCXB (whose gold keeps forum replies), keeps them;
    L3S-GN1's and Readability's gold texts and FineWeb's extraction leave them out
    (bench/RESULTS.md)."""
    flags = np.fromiter((b.in_comments for b in blocks), dtype=bool, count=len(blocks))
    return _beside_an_article(blocks, flags, kept)


def _beside_an_article(blocks: list[Block], flags: np.ndarray,
                       kept: np.ndarray | None) -> np.ndarray:
    """``flags`` where the page keeps (``kept``; every block when None) at least
    ARTICLE_CHARS of text outside the flagged blocks, else none: the flagged blocks are
    then what the page is."""
    if not flags.any():
        return flags
    outside = ~flags if kept is None else kept & ~flags
    article = sum(len(blocks[i].text) for i in np.flatnonzero(outside))
    return flags if article >= ARTICLE_CHARS else np.zeros_like(flags)


def aside_nav_blocks(blocks: list[Block], kept: np.ndarray | None = None) -> np.ndarray:
    """Which blocks sit inside an ``<aside>`` (HTML's element for content "tangentially
    related" to the page's: sidebars, pull quotes, boxes of related stories) or a ``<nav>``
    (its element for navigation links), on a page that keeps (``kept``; all blocks when
    None) at least ARTICLE_CHARS of text outside them. A page that has its text in such an
    element (it happens: WCXB has one) keeps it. Held-out page F1: Readability .9105 →
    .9166, WCXB .8483 → .8505, the other sets unchanged (bench/RESULTS.md)."""
    flags = np.fromiter((bool(b.ancestor_tags & _ASIDE_NAV_BITS) for b in blocks),
                        dtype=bool, count=len(blocks))
    return _beside_an_article(blocks, flags, kept)


# a teaser: a block that holds a link (the headline) and ends cut short; a run of them is a
# list of other articles ("lists of unrelated headlines", issue #3). Page F1 over the six
# extraction sets: runs of 3+ .8953 (a CleanEval index page of teasers −.13), 4+ .8955
# (Scrapinghub .9396 → .9499, L3S-GN1 .8616 → .8625, nothing lower; bench/RESULTS.md)
TRUNCATED = ("...", "…", "[…]", "[...]")
TEASER_RUN = 4
TEASER_GAP_CHARS = 30  # shorter blocks between two teasers (a date, "Read more") keep a run


def teaser_blocks(blocks: list[Block]) -> np.ndarray:
    """Which blocks belong to a run of TEASER_RUN or more teasers (blocks with a link that
    end in a truncation mark), counting across short blocks between them."""
    out = np.zeros(len(blocks), dtype=bool)
    run: list[int] = []
    for i, b in enumerate(blocks):
        if b.link_chars and b.text.endswith(TRUNCATED):
            run.append(i)
        elif len(b.text) >= TEASER_GAP_CHARS:
            if len(run) >= TEASER_RUN:
                out[run] = True
            run = []
    if len(run) >= TEASER_RUN:
        out[run] = True
    return out


@dataclass
class BlockModel:
    """Keeps the blocks whose p(main text) reaches the threshold chosen on validation pages."""

    network: MLPEnsemble
    threshold: float
    info: dict

    @classmethod
    def load(cls, path: str | None = None) -> BlockModel:
        data = read_model("block_model.json", path)
        if data["features"] != N_FEATURES:
            raise ValueError("block model was trained on other features; retrain it")
        return cls(MLPEnsemble.from_dict(data), float(data["threshold"]), data.get("info", {}))

    def scores(self, blocks: list[Block]) -> np.ndarray:
        """p(main text) of each block."""
        if not blocks:
            return np.zeros(0, dtype=np.float32)
        return self.network.predict(block_features(blocks))

    def main_text_scored(self, blocks: list[Block], keep_comments: bool = False,
                         keep_aside_nav: bool = False) -> ScoredText:
        """The kept blocks, one a line (a ``<pre>`` block keeps its own lines), each line's
        p(main text) (its block's), and the index of the block each line comes from.

        Runs of teasers go (``teaser_blocks``), and unless ``keep_comments``, blocks inside
        a comment section (``comment_blocks``), unless ``keep_aside_nav``, blocks inside an
        ``<aside>`` or ``<nav>`` (``aside_nav_blocks``)."""
        p = self.scores(blocks)
        judged = p >= self.threshold
        teasers = teaser_blocks(blocks)
        none = np.zeros_like(teasers)
        comments = none if keep_comments else comment_blocks(blocks, judged & ~teasers)
        beside = (none if keep_aside_nav
                  else aside_nav_blocks(blocks, judged & ~teasers & ~comments))
        beside = beside & ~comments  # a comment section inside an <aside>: comments
        p = np.where(teasers | comments | beside, np.float32(0.0), p)
        kept = np.flatnonzero(p >= self.threshold)
        lines = [blocks[i].text.count("\n") + 1 for i in kept]
        return ScoredText("\n".join(blocks[i].text for i in kept), np.repeat(p[kept], lines),
                          np.repeat(kept, lines), int((comments & judged).sum()),
                          int((teasers & judged).sum()),
                          int((beside & judged & ~teasers).sum()))

    def main_text(self, blocks: list[Block]) -> str:
        return self.main_text_scored(blocks)[0]

    def extract(self, html: str) -> str:
        root = parse(html)
        return self.main_text(page_blocks(root)) if root is not None else ""
