"""Page furniture that only its words give away: the headings over lists of other
articles ("Ähnliche Beiträge", "Lire aussi"), share prompts, advertisement labels, photo
credits, the labels of buttons and links ("Learn more", "Nach oben") and the member status
under forum posts ("Hors ligne"), breadcrumb trails, comment forms and a post's tag lines,
in the 30 largest web languages.

The shape rules (``clean.lines.rules``) and the line model judge lines by form and
position, and a page's block model keeps what sits inside the article's container. A heading like
"Das könnte Sie auch interessieren" is a short line inside that container, shaped like a
subheading: nothing but its words says it is furniture. These lists name such lines, a
language at a time, and a line matches only when it *is* one of them (case, surrounding
punctuation and spacing aside) — or, for the "read also" kind, when it opens with one and
the rest is a short title. A sentence that merely contains the words never matches.

The phrases are data, in ``resources/line_phrases.json`` (by kind, then language; each
table's ``_about`` says what it holds); this module compiles them. They were written from
the conventions of news sites, blogs and shops in each language (no list was copied); each
is a whole heading or label as pages print it. Tests hold positive and negative cases for
English, French, German and Japanese.
"""

from __future__ import annotations

import re
from enum import StrEnum

from winnow.util.packaged import packaged_json
from winnow.util.wordlist import trie_pattern


class PhraseKind(StrEnum):
    RELATED = "related"  # a heading over links to other articles
    READ_ALSO = "read_also"  # a link to another article, opened by "read also" or the like
    SHARE = "share"  # an invitation to share the page
    AD = "ad"  # an advertisement label
    ACTION = "action"  # a button or link label ("Learn more", "Back to top")
    CREDIT = "credit"  # a photo credit or a source line under a picture
    STATUS = "status"  # a forum member's status printed under each post ("Offline")
    BREADCRUMB = "breadcrumb"  # "You are here: Home › News › …", the page's place in the site
    COMMENT_FORM = "comment_form"  # the prompts and notices of a blog's comment form
    TAGS = "tags"  # "Tags: harbour, strike", "Posted in Politics | Tagged …"


_DATA = packaged_json("resources", "line_phrases.json")  # read once, at import


def _table(name: str) -> dict[str, tuple[str, ...]]:
    """One kind's lower-cased phrases by language, without the table's ``_about`` note."""
    return {lang: tuple(p) for lang, p in _DATA[name].items() if not lang.startswith("_")}


RELATED = _table("related")  # whole lines
READ_ALSO = _table("read_also")  # whole lines, or opening a link's title
SHARE = _table("share")
ACTION = _table("action")
STATUS = _table("status")
HERE = _table("here")  # opening a breadcrumb trail
COMMENT_PROMPTS = _table("comment_prompts")
COMMENT_NOTICES = _table("comment_notices")  # opening a line
TAG_LABELS = _table("tag_labels")  # opening a line, before ":"
AD = _table("ad")

# A credit: one of these words, then ":" (or "/", "|", "©") and a short name; the photo
# words also with "by", "von", "par" ... ("Photo by Ana Ruiz"), never with "de" or "di".
CREDIT_WORDS = tuple(_DATA["credit"]["words"])
PHOTO_WORDS = tuple(_DATA["credit"]["photo_words"])
# picture agencies and stock libraries, named alone (with "©", "/" or ".com") ...
AGENCY_NAMES = frozenset(_DATA["credit"]["agency_names"])
# ... and the words printed around them, which are no credit by themselves
AGENCY_FILLERS = frozenset(_DATA["credit"]["agency_fillers"])
AGENCIES = AGENCY_NAMES | AGENCY_FILLERS

_WORDS = re.compile(r"[^\W_]+")

_CREDIT = re.compile(
    f"^(?:(?:{trie_pattern(CREDIT_WORDS + PHOTO_WORDS)})"
    r"\.?\s*[:：/|©]"
    f"|(?:{trie_pattern(PHOTO_WORDS)})"
    r"\.?\s+(?:by|von|via|par|por|door|av|af)\b"
    r"|(?:©|\(c\)|copyright\b))\s*\S",
    re.IGNORECASE,
)

MAX_WORDS = 12  # longer lines are never matched whole
MAX_PHRASE_CHARS = 64  # nor lines of more characters (the longest phrase has 41)
MAX_CREDIT_CHARS = 160
MAX_AGENCY_CHARS = 40  # "AFP/Getty Images", "(mlharing / iStock.com)"
MAX_TITLE_WORDS = 20  # the title after a "read also" phrase
MAX_CREDIT_WORDS = 10


def _index(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(p for phrases in table.values() for p in phrases)


def _heads(phrases: frozenset[str]) -> frozenset[str]:
    """The first two letters of each phrase: most lines are ruled out by theirs."""
    return frozenset(p[:2] for p in phrases)


WHOLE_LINE = {
    PhraseKind.RELATED: _index(RELATED),
    PhraseKind.SHARE: _index(SHARE),
    PhraseKind.AD: _index(AD),
    PhraseKind.ACTION: _index(ACTION),
    PhraseKind.STATUS: _index(STATUS),
    PhraseKind.COMMENT_FORM: _index(COMMENT_PROMPTS),
}
_LEADING = " \t-–—•*·>»›|:([\"'“„«"
_HERE = _index(HERE)
_HERE_HEADS = _heads(_HERE)
# the phrase, then a separator or the end of the line ("Se encuentra en el centro" is a
# sentence; "Se encuentra en: Inicio › Noticias" a trail)
_TRAIL = re.compile(f"^(?:{trie_pattern(_HERE)})(?:\\s*[:：»›>|/→]|$)")
_NOTICES = _index(COMMENT_NOTICES)
_NOTICE_HEADS = _heads(_NOTICES)
# a notice ends at a word's end ("… by email" and not "… by emailing"); in scripts written
# without spaces (Japanese, Chinese) it ends where the phrase does
_NOTICE = re.compile(f"^(?:{trie_pattern(_NOTICES)})(?:(?<=[\u3000-\U0002ffff])|(?!\\w))")
MAX_NOTICE_WORDS = 60  # two or three notices run into one line
_TAG_LABELS = _index(TAG_LABELS)
_TAG_HEADS = _heads(_TAG_LABELS)
# a label and a colon; a label of several words ("posted in", "publié dans") may also be
# followed by a space alone in a meta strip ("Posted in Politics | Tagged harbour")
_TAGS = re.compile(
    f"^(?:(?:{trie_pattern(_TAG_LABELS)})\\s*[:：]"
    f"|(?:{trie_pattern([p for p in _TAG_LABELS if ' ' in p])})\\s)\\s*(?=\\S)"
)
MAX_TAG_WORDS = 30
_READ_ALSO = _index(READ_ALSO)
_PREFIX_HEADS = _heads(_READ_ALSO)
_SEPARATOR = r"\s*[:：\-–—»›>|]\s*"
# A phrase of several words, or of CJK characters, opens a link line with a space after it
# ("Läs också Regeringen måste …"); a single word needs a separator ("Related: …"), or
# "Related Party Transactions" would be a link line.
_SPACED_ALONE = [p for p in _READ_ALSO if " " in p or not p.isascii()]
_PREFIX = re.compile(
    f"^(?:(?:{trie_pattern(_SPACED_ALONE)})(?:{_SEPARATOR}|\\s+)"
    f"|(?:{trie_pattern(_READ_ALSO)}){_SEPARATOR})(?=\\S)"
)


_AROUND = " \t\u00a0:：;.。…!?！？»«›‹<>|-–—_*•·#()[]{}\"'“”„’/\\~=+"


def normalized(text: str) -> str:
    """Case-folded, without the punctuation and symbols around it, single-spaced."""
    plain = text.casefold().strip(_AROUND)
    return " ".join(plain.split()) if "  " in plain or "\t" in plain else plain


def furniture_phrase(text: str, words: int, sentence: bool) -> tuple[PhraseKind, str] | None:
    """The kind of furniture a line is by its words, and what matched; None for a line
    that is not one of the listed headings or labels (the most common answer: each check
    runs only on lines short enough for it, after a test of two letters where it can)."""
    if words > MAX_NOTICE_WORDS:
        return None
    size = len(text)
    plain = None  # the normalised line, made once for whichever check needs it
    if words <= MAX_WORDS and size <= MAX_PHRASE_CHARS:
        plain = normalized(text)
        for kind, phrases in WHOLE_LINE.items():
            if plain in phrases:
                return kind, plain
    # most lines are ruled out by their first two letters, before any normalising
    lead = text.lstrip(_LEADING)
    head = lead[:2].casefold()
    if head in _NOTICE_HEADS:  # (longer lines than MAX_NOTICE_WORDS are out already)
        if plain is None:
            plain = normalized(text)
        match = _NOTICE.match(plain)
        if match is not None:
            return PhraseKind.COMMENT_FORM, match.group()
    if not sentence and head in _TAG_HEADS and words <= MAX_TAG_WORDS:
        match = _TAGS.match(lead[:80].casefold())  # labels are short
        # without a colon only in a post's meta strip ("Posted in News | Tagged …"): "Posted
        # in 2019, the video …" is a line of the text
        if match is not None and (match.group().rstrip()[-1:] in ":：" or "|" in text):
            return PhraseKind.TAGS, match.group().strip(" :：")
    if head in _HERE_HEADS:
        if plain is None:
            plain = normalized(text)
        match = _TRAIL.match(plain)
        if match is not None:
            return PhraseKind.BREADCRUMB, match.group().strip(" :：»›>|/→")
    if not sentence and head in _PREFIX_HEADS:
        if plain is None:
            plain = normalized(text)
        match = _PREFIX.match(plain)
        if match is not None and len(_WORDS.findall(plain[match.end() :])) <= MAX_TITLE_WORDS:
            return PhraseKind.READ_ALSO, match.group().strip(" :：-–—»›>|")
    if words <= MAX_CREDIT_WORDS and size <= MAX_CREDIT_CHARS:
        stripped = text.strip()
        # as printed: "Foto: dpa", not a configuration line ("image: busybox:1.28")
        if (
            stripped[:1].isupper() or not stripped[:1].isascii() or stripped[:1] in "©("
        ) and _CREDIT.match(stripped):
            return PhraseKind.CREDIT, stripped
        if size <= MAX_AGENCY_CHARS and text.count(" ") <= 3:
            names = _WORDS.findall(text.casefold())
            if (
                names
                and all(name in AGENCIES for name in names)
                and not (len(names) == 1 and names[0] in AGENCY_FILLERS)
            ):
                return PhraseKind.CREDIT, " ".join(names)
    return None
