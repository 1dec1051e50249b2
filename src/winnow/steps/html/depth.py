"""How deep a page nests its elements, measured before lexbor (resiliparse) parses it.

lexbor walks its stack of open elements for the scope checks of most tags, so a page
nested N deep costs it O(N²) inside C, where no Python signal reaches (25,000 levels:
~20 s of CPU). ``nesting_depth`` replays what the HTML5 tree builder does to that stack,
in Python and in linear time; ``depth_bound`` is its vectorised gate, so that most pages
never need it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

import numpy as np


def _names(words: str) -> frozenset[bytes]:
    return frozenset(word.encode() for word in words.split())


# HTML5 element classes (WHATWG, "parsing HTML documents"), as far as they move the depth
VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr"
)
# raw text: no markup inside, up to their end tag (plaintext: to the end of the page)
RAW_TEXT = _names("script style textarea title xmp iframe noembed noframes plaintext")
# a start tag of these closes an open <p> ("close a p element")
CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 "
    "h5 h6 pre listing form table xmp li dd dt plaintext"
)
# their end tags close through cells, up to the table ("in table scope")
TABLE_PARTS = _names("table tbody thead tfoot tr td th caption colgroup")
# "has an element in scope" stops at these
SCOPE = _names("applet caption html table td th marquee object template")
# "special" elements: the end tag of an ordinary element does not close past one
SPECIAL = _names(
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img "
    "input keygen li link listing main marquee menu meta nav noembed noframes noscript "
    "object ol p param plaintext pre script search section select source style summary "
    "table tbody td template textarea tfoot th thead title tr track ul wbr xmp"
)
NOT_BARRIER = _names("address div p")  # special, yet a list item closes through them
HEADINGS = tuple(_names("h1 h2 h3 h4 h5 h6"))
# implied end tags: a list item closes the open one of its family unless a special element
# (but address, div, p) is open inside it
LIST_ITEM = {b"li": (b"li",), b"dd": (b"dd", b"dt"), b"dt": (b"dd", b"dt")}
# ... these close the current element if it is of their family
CURRENT = {
    b"option": (b"option",),
    b"optgroup": (b"option", b"optgroup"),
    b"rb": (b"rb", b"rt", b"rp", b"rtc"),
    b"rt": (b"rb", b"rt", b"rp"),
    b"rp": (b"rb", b"rt", b"rp"),
    b"rtc": (b"rb", b"rt", b"rp", b"rtc"),
    **{h: HEADINGS for h in HEADINGS},
}
# ... and these the outermost open since the last <table> (a row closes the open cells and
# row: "clear the stack back to a table context")
ROWS = (b"tbody", b"thead", b"tfoot", b"tr", b"td", b"th")
FAMILY = {
    b"tr": (b"tr", b"td", b"th"),
    b"td": (b"td", b"th"),
    b"th": (b"td", b"th"),
    b"tbody": ROWS,
    b"thead": ROWS,
    b"tfoot": ROWS,
}
NEAREST = _names("a nobr button")  # close the open one in scope: they do not nest
SINGLE = _names("html head body")  # a second start tag is merged into the first
# an HTML start tag inside <svg> or <math> leaves the foreign element
BREAKOUT = _names(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr "
    "i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup "
    "table tt u ul var"
)

# a tag as the HTML5 tokenizer reads it: its name, then attributes whose quoted values may
# hold "<" and ">" (possessive: one pass, no backtracking)
_TAG_OPEN = re.compile(rb"<(?:(/?)([A-Za-z])|!--)")
_TAG_REST = re.compile(
    rb"""[^\s/>]*+(?>[\s/]*+[^\s/>=][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?)*+"""
    rb"""[\s/]*+>?"""
)
_NAME = re.compile(rb"[^\s/>]*")
_RAW_END = {name: re.compile(rb"</" + name + rb"[\s/>]", re.IGNORECASE) for name in RAW_TEXT}


def read_tags(data: bytes) -> Iterator[tuple[bool, bytes, int, int]]:
    """(end tag?, lower-cased name, start, end) of each tag of the page, in order, read as
    the HTML5 tokenizer reads them: quoted attribute values, comments and raw text
    (scripts, styles: up to their end tag) hold no tags. Linear; a Python step per tag."""
    search, rest, name_at = _TAG_OPEN.search, _TAG_REST.match, _NAME.match
    pos = 0
    while (m := search(data, pos)) is not None:
        if m.group(2) is None:  # a comment: up to "-->", or the rest of the page
            end = data.find(b"-->", m.end())
            if end < 0:
                return
            pos = end + 3
            continue
        name = name_at(data, m.start(2)).group().lower()  # type: ignore[union-attr]
        pos = rest(data, m.start(2)).end()  # type: ignore[union-attr]
        closing = bool(m.group(1))
        yield closing, name, m.start(), pos
        if not closing and name in RAW_TEXT:
            found = _RAW_END[name].search(data, pos) if name != b"plaintext" else None
            if found is None:
                return
            pos = found.start()


class _Stack:
    """The open elements of the model, with, per name, the positions where it is open and
    the positions of the special and scope-bounding elements: every lookup is O(1) and
    every element is pushed and popped once, so a scan stays linear in the page."""

    __slots__ = ("barrier", "names", "scope", "special", "where")

    def __init__(self) -> None:
        self.names: list[bytes] = []
        self.where: dict[bytes, list[int]] = {}
        self.special: list[int] = []
        self.barrier: list[int] = []  # special but not address, div or p
        self.scope: list[int] = []

    def push(self, name: bytes) -> None:
        i = len(self.names)
        self.names.append(name)
        self.where.setdefault(name, []).append(i)
        if name in SPECIAL:
            self.special.append(i)
            if name not in NOT_BARRIER:
                self.barrier.append(i)
        if name in SCOPE:
            self.scope.append(i)

    def last(self, name: bytes) -> int:
        at = self.where.get(name)
        return at[-1] if at else -1

    def outermost_since(self, members: tuple[bytes, ...], since: int) -> int:
        """The lowest position above ``since`` that holds one of ``members``; -1: none."""
        found = -1
        for name in members:
            at = self.where.get(name)
            if at and at[-1] > since:
                i = at[bisect_right(at, since)]
                found = i if found < 0 else min(found, i)
        return found

    def pop_to(self, i: int) -> None:
        """Close the element at ``i`` and everything open inside it."""
        names, where = self.names, self.where
        while len(names) > i:
            where[names.pop()].pop()
        for marks in (self.special, self.barrier, self.scope):
            while marks and marks[-1] >= i:
                marks.pop()

    def in_scope(self, i: int) -> bool:
        """Whether element ``i`` is open and nothing above it bounds a scope."""
        return i >= 0 and (not self.scope or self.scope[-1] <= i)

    def nothing_special_above(self, i: int) -> bool:
        return i >= 0 and (not self.special or self.special[-1] <= i)

    def no_barrier_above(self, i: int) -> bool:
        return i >= 0 and (not self.barrier or self.barrier[-1] <= i)


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of open elements in the page (UTF-8 bytes) as an HTML5 parser
    builds it: void elements, implied end tags (a ``<p>``, ``<li>`` or table row closes
    the open one), end tags that close nothing or stop at a special element, raw text
    (scripts, comments) and self-closing tags in SVG and MathML are modelled; the adoption
    agency's re-opened formatting elements are not. Linear: each tag is read once, each
    element opened and closed at most once."""
    stack = _Stack()
    names, where = stack.names, stack.where
    deepest = 0
    for closing, name, _start, end in read_tags(data):
        if closing:
            i = stack.last(name)
            if name in TABLE_PARTS:
                closes = i >= 0 and stack.last(b"table") <= i
            elif name in SPECIAL:
                closes = stack.in_scope(i)
            else:
                closes = stack.nothing_special_above(i)
            if closes:
                stack.pop_to(i)
            continue
        if name in RAW_TEXT:
            continue
        if where.get(b"svg") or where.get(b"math"):
            if name in BREAKOUT:  # back to HTML: the outermost foreign element closes
                stack.pop_to(min(i for i in (stack.last(b"svg"), stack.last(b"math")) if i >= 0))
            elif data[end - 2 : end] == b"/>":  # "<path .../>"
                continue
        if name in VOID or (name in SINGLE and stack.last(name) >= 0):
            continue
        if name == b"table":  # a table opened in a table's row group closes that table
            i = stack.last(b"table")
            if i >= 0 and stack.outermost_since((b"td", b"th", b"caption"), i) < 0:
                stack.pop_to(i)
        if name in CLOSES_P:
            i = stack.last(b"p")
            if stack.in_scope(i):
                stack.pop_to(i)
        if name in LIST_ITEM:
            i = max(stack.last(member) for member in LIST_ITEM[name])
            if stack.no_barrier_above(i):
                stack.pop_to(i)
        elif name in FAMILY:
            i = stack.outermost_since(FAMILY[name], stack.last(b"table"))
            if i >= 0:
                stack.pop_to(i)
        elif name in NEAREST:
            i = stack.last(name)
            if stack.in_scope(i):
                stack.pop_to(i)
        elif name in CURRENT:
            while names and names[-1] in CURRENT[name]:
                stack.pop_to(len(names) - 1)
        stack.push(name)
        deepest = max(deepest, len(names))
    return deepest


def _name_keys(a: np.ndarray, at: np.ndarray) -> np.ndarray:
    """For tag names starting at offsets ``at`` of the bytes ``a``: their first 8 bytes,
    lower-cased and cut at the name's end, as one integer (a name's identity)."""
    head = a[np.minimum(at[:, None] + np.arange(8), a.size - 1)] | 0x20
    is_name = ((head - 97) < 26) | ((head - 48) < 10)
    head *= np.logical_and.accumulate(is_name, axis=1)
    return np.ascontiguousarray(head).view("<u8").ravel()


def _keys_of(names: frozenset[bytes]) -> np.ndarray:
    joined = b" ".join(sorted(names)) + b" "
    at = np.array([m.start() for m in re.finditer(rb"\S+", joined)])
    return np.sort(_name_keys(np.frombuffer(joined, dtype=np.uint8), at))


_VOID_KEYS = _keys_of(VOID)


def depth_bound(data: bytes) -> int:
    """A vectorised gate in front of ``nesting_depth``: the most elements open at once if
    each start tag of a non-void element opens one and each end tag closes the latest open
    element of its name (or nothing, if none is open). Not below the HTML5 depth on pages
    nested by accident (unclosed, closed, with stray end tags), above it on real pages
    (optional end tags, "<" in scripts: of 3,800 pages of seven extraction sets, 4 passed
    1,000). Markup built to defeat it (end tags HTML5 ignores) meets the CPU budget."""
    a = np.frombuffer(data, dtype=np.uint8)
    if a.size < 3:
        return 0
    lt = np.flatnonzero(a[:-2] == 60)
    nxt = a[lt + 1]
    is_start = (nxt | 0x20) - 97 < 26
    is_end = (nxt == 47) & ((a[lt + 2] | 0x20) - 97 < 26)
    tag = is_start | is_end
    at, is_end = lt[tag], is_end[tag]
    if at.size == 0:
        return 0
    keys = _name_keys(a, at + 1 + is_end)
    void = _VOID_KEYS[np.minimum(np.searchsorted(_VOID_KEYS, keys), _VOID_KEYS.size - 1)] == keys
    delta = np.where(is_end, -1, np.where(void, 0, 1))
    # per name, in page order: a running count that end tags cannot take below zero
    # (Lindley's recursion, level - min(0, running minimum), within each name's group)
    order = np.argsort(keys, kind="stable")
    k, d = keys[order], delta[order]
    first = np.ones(k.size, dtype=bool)
    first[1:] = k[1:] != k[:-1]
    group = np.cumsum(first) - 1
    total = np.cumsum(d)
    level = total - (total - d)[first][group]
    shift = group * (2 * k.size + 1)  # each group below the last: the minimum stays inside
    low = np.minimum.accumulate(level - shift) + shift
    clipped = level - np.minimum(low, 0)
    step = np.diff(clipped, prepend=0)
    step[first] = clipped[first]
    back = np.empty_like(step)
    back[order] = step
    return int(np.cumsum(back).max(initial=0))
