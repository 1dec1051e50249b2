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

from lxml import etree

from winnow.steps.html.blocks.tags import (
    ATTR_BIT,
    ATTR_RE,
    BLOCK,
    SKIP,
    TAG_BIT,
)

# what the page walk does with an element, by tag: one dict lookup per event
_INLINE, _BLOCK, _SKIPPED, _LINK = range(4)
_KIND: dict = {
    **{t: _BLOCK for t in BLOCK},
    **{t: _SKIPPED for t in SKIP},
    "a": _LINK,
    # comments, processing instructions, entities: tag is a factory, not a name
    etree.Comment: _SKIPPED,
    etree.ProcessingInstruction: _SKIPPED,
    etree.Entity: _SKIPPED,
}


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


# collect_ids=False: no table of id attributes (nothing looks elements up by id), less
# parsing time (research/HISTORY.md, session 15)
_PARSER = etree.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    recover=True,
    no_network=True,
    encoding="utf-8",
    collect_ids=False,
)


# Two repairs where libxml2's recovery loses what a browser shows, made on the page's UTF-8
# bytes, as they are parsed:
#
# A <title> is raw text up to "</title": when a damaged page loses that end tag (bytes cut
# out of the head: "<title>Gaza crossings - Ne(OAS_version >= 11)..."), the parser makes
# the whole page the title's text, and there is nothing left to extract. Some of
# L3S-GN1's news pages are so; trafilatura finds nothing on them either
# (research/HISTORY.md, session 11).
_TITLE_OPEN = re.compile(rb"<title\b[^<>]{0,200}>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(rb"</title", re.IGNORECASE)
TITLE_SEARCH_BYTES = 100_000  # the head, where a page's title is
MAX_TITLE_BYTES = 2_000  # a title whose end tag is not within this is a runaway
#
# libxml2 drops what follows "</html>"; browsers (HTML5) read it on as part of the body.
# Pages whose templates close the document early ("</body></html>" after the header, the
# article below) lose their whole text; the extraction sets hold many such pages
# (research/HISTORY.md, session 11). The end tags are dropped: the parser closes the
# document anyway.
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
    page, cheap next to parsing it (research/HISTORY.md, session 11); the rest only looks
    behind that tag."""
    first = _END_OF_DOCUMENT.search(data)
    if first is None:
        return data
    rest = _END_OF_DOCUMENT.sub(b"", data[first.start() :])
    if not rest.strip():  # "</body></html>" and nothing else
        return data
    return data[: first.start()] + rest


def parse(html: str | bytes):
    """The page's lxml tree (plain elements: no lxml.html class lookup), comments and
    processing instructions dropped; None when libxml2 finds no document. ``html`` may
    come as its UTF-8 bytes already (``html.encode("utf-8", "replace")``)."""
    # as UTF-8 bytes: lxml refuses str input that starts with an XML encoding declaration
    if isinstance(html, str):
        html = html.encode("utf-8", "replace")
    data = drop_early_end_tags(close_runaway_title(html))
    return etree.fromstring(data, _PARSER)


def html_blocks(html: str | bytes) -> list[Block]:
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
# sets was best at 1,000 of the bounds tried (research/HISTORY.md, session 13)
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
    for word in ATTR_RE.findall(value[:300].lower()):
        bits |= ATTR_BIT[word]
    return bits


def _flush(append_block, parts: list[str], link_chars: int, block: tuple, in_pre: bool) -> None:
    """Append the block made of ``parts`` (the open block's text since its last boundary)."""
    # preformatted: code and verse keep their lines; elsewhere whitespace runs → one space
    text = preformatted_text("".join(parts)) if in_pre else " ".join("".join(parts).split())
    if text:
        tag, tags, attrs, own, depth, comments = block
        append_block(
            Block(text, min(link_chars, len(text)), tag, tags, attrs, own, depth, comments)
        )


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
            base = (
                tags | TAG_BIT.get(tag, 0),
                attrs | _words_bits(value),
                comments or _is_comment_section(value),
            )
        elif tag in TAG_BIT:
            base = (tags | TAG_BIT[tag], attrs, comments)
        pending[2] = base
    return base


def page_blocks(root) -> list[Block]:
    """Cut a parsed page into blocks, in reading order; empty blocks are dropped.

    The hot loop of extraction (one step per start or end event of the page; their count and
    cost: bench/RESULTS.md, "Where the time goes"), written for CPython's speed: the
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
    kinds, tag_bit, words_bits, is_comment_section = (
        _KIND,
        TAG_BIT,
        _words_bits,
        _is_comment_section,
    )
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
                    top = (
                        top[0] | tag_bit.get(tag, 0),
                        top[1] | own,
                        top[2] or is_comment_section(value),
                    )
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
