"""Shape rules for page furniture, language-independent. They mark; ``clean.lines`` decides.

An article is a run of prose (lines that end like sentences); what sits before the first
prose line and after the last one is the page's furniture, judged by shape:

* before the body: stray navigation tokens (``in``, ``Home``), date-only lines;
* after the body: the byline, short calls to action (``Laisser un commentaire``), runs of
  headline-like lines (a related-links widget);
* anywhere: lines without letters (separators, ``||``), share-button strips (social network
  names are the same in every language), category and archive widgets (a run of
  ``Label (count)`` lines), reading-time lines, cookie notices, lines of code,
  ``javascript`` warnings (a C4 rule).

*Strong* rules are certain on their own. *Context* rules (navigation, byline, call to
action, related headlines) are right on article pages and wrong on list pages and forum
threads; the line model sees them as features and confirms or overrides them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from winnow.steps.clean.lines.dates import date_words, is_date_line  # noqa: F401 (re-exported)
from winnow.steps.clean.lines.phrases import PhraseKind, furniture_phrase
from winnow.steps.clean.lines.social import (  # noqa: F401 (re-exported)
    GLUED,
    SOCIAL,
    share_line,
    share_strips,
    social_names,
)
from winnow.steps.clean.lines.structure import footer_start, menu_items, repeated_furniture
from winnow.stopwords import stopwords
from winnow.text import ends_sentence, has_cjk, is_cjk_char, split_paragraphs, tokens

READING_TIME = re.compile(
    r"\d{1,3}\s*(?:min\w*\.?|mn|мин\w*|dakika|perc|minut\w*|分)", re.IGNORECASE
)
COOKIE_GAP = 2  # lines: mentions of cookies this close are one place (one notice)
MAX_NOTICE_SENTENCES = 2
COOKIE = re.compile(r"[Cc][Oo][Oo][Kk][Ii][Ee]|クッキー|쿠키")
# A count closing a short label, "Sports (1379)", "カテゴリー（12）": a category, tag or archive
# widget. Not a year ("Risto Räppääjä (2008)" in a filmography is content).
COUNTED = re.compile(
    r"(?:\s[(\[]|[（［])\s*(?!(?:1[89]|20)\d\d\s*[)\]）］])"
    r"(?:\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d{1,7})\s*[)\]）］]\s*$"
)
CODE_CALL = re.compile(r"\bfunction\s*\(|\bvar\s+\w+\s*=")
JAVASCRIPT = re.compile(r"javascript", re.IGNORECASE)
CAPITALIZED = re.compile(r"^[A-ZÀ-ÞĀ-ſ][\w'’.\-]*$")
# Chinese, Japanese and Korean bylines have no capitals: a short credit marker and a name.
CJK_BYLINE = re.compile(
    r"^(?:文|記者|记者|撰文|作者|筆者|编辑|編集|글|기자)"
    r"\s*[：:／/]?\s*\S{1,12}$"
)


class LineReason(StrEnum):
    NO_LETTERS = "no_letters"
    NAVIGATION = "navigation"
    DATE_LINE = "date_line"
    READING_TIME = "reading_time"
    SHARE_BUTTONS = "share_buttons"
    CATEGORY_LIST = "category_list"
    COOKIE_NOTICE = "cookie_notice"
    CODE = "code"
    JAVASCRIPT = "javascript"
    BYLINE = "byline"
    CALL_TO_ACTION = "call_to_action"
    RELATED_HEADLINES = "related_headlines"
    RELATED_HEADING = "related_heading"  # "Ähnliche Beiträge", "Läs också: <title>"
    AD_LABEL = "ad_label"
    PHOTO_CREDIT = "photo_credit"
    BUTTON_LABEL = "button_label"  # "Learn more", "Back to top", "Mehr erfahren"
    MEMBER_STATUS = "member_status"  # "Offline", "Hors ligne" under a forum post's author
    BREADCRUMB = "breadcrumb"  # "You are here: Home › News", "Du är här: Hem / Nyheter"
    COMMENT_FORM = "comment_form"  # "Leave a Reply", "Your email address will not be …"
    LOW_QUALITY_LINE = "low_quality_line"
    TOO_MANY_LINES = "too_many_lines"  # the whole document: see LineCleaner.Config.max_lines
    ALL_FURNITURE = "all_furniture"  # the whole document: every line of it is furniture
    # a short line whose shape recurs between the page's prose: each post's or picture's
    # furniture ("Posted 12 March 2021", "Posts: 1,234", "Copy link")
    REPEATED_FURNITURE = "repeated_furniture"
    PAGE_FOOTER = "page_footer"  # a short footer after a list of headlines: "© 2020 …"


# what a page's foot is made of: a short sentence after these closes the page
FOOTER_REASONS = frozenset(
    {
        LineReason.NAVIGATION,
        LineReason.SHARE_BUTTONS,
        LineReason.CATEGORY_LIST,
        LineReason.RELATED_HEADING,
        LineReason.RELATED_HEADLINES,
        LineReason.BREADCRUMB,
        LineReason.COMMENT_FORM,
        LineReason.PAGE_FOOTER,
    }
)
STRONG = frozenset(
    {
        LineReason.NO_LETTERS,
        LineReason.SHARE_BUTTONS,
        LineReason.CATEGORY_LIST,
        LineReason.READING_TIME,
        LineReason.COOKIE_NOTICE,
        LineReason.CODE,
        LineReason.JAVASCRIPT,
        LineReason.DATE_LINE,
        LineReason.RELATED_HEADING,
        LineReason.AD_LABEL,
        LineReason.PHOTO_CREDIT,
        LineReason.BUTTON_LABEL,
        LineReason.MEMBER_STATUS,
        LineReason.BREADCRUMB,
        LineReason.COMMENT_FORM,
        LineReason.REPEATED_FURNITURE,
    }
)
# what a furniture phrase (``clean.lines.phrases``) is removed as, and how the edit describes it
PHRASE_REASONS = {
    PhraseKind.RELATED: (LineReason.RELATED_HEADING, "heading over links to other articles"),
    PhraseKind.READ_ALSO: (LineReason.RELATED_HEADING, "link to another article, opened by"),
    PhraseKind.SHARE: (LineReason.SHARE_BUTTONS, "invitation to share the page"),
    PhraseKind.AD: (LineReason.AD_LABEL, "advertisement label"),
    PhraseKind.CREDIT: (LineReason.PHOTO_CREDIT, "photo or source credit"),
    PhraseKind.ACTION: (LineReason.BUTTON_LABEL, "button or link label"),
    PhraseKind.STATUS: (LineReason.MEMBER_STATUS, "forum member's status under a post"),
    PhraseKind.BREADCRUMB: (LineReason.BREADCRUMB, "breadcrumb trail opened by"),
    PhraseKind.COMMENT_FORM: (LineReason.COMMENT_FORM, "comment form prompt or notice"),
    PhraseKind.TAGS: (LineReason.CATEGORY_LIST, "tags or categories of the post, opened by"),
}
CONTEXT = (
    LineReason.NAVIGATION,
    LineReason.BYLINE,
    LineReason.CALL_TO_ACTION,
    LineReason.RELATED_HEADLINES,
)


@dataclass(frozen=True, slots=True)
class LineInfo:
    start: int
    end: int
    text: str
    tokens: list[str]
    sentence: bool
    # tokens, with Chinese and Japanese characters counted as half a word each (a word there
    # is ~1.5–2 characters), so one length threshold fits every script
    words: int


def count_words(text: str, toks: list[str]) -> int:
    """``LineInfo.words`` of a line and its ``tokens``: Han and kana count half a word."""
    if not has_cjk(text):  # most lines: no token to look at
        return len(toks)
    cjk = sum(1 for t in toks if len(t) == 1 and is_cjk_char(t))
    return len(toks) - cjk + (cjk + 1) // 2


MAX_HEADLINE_CHARS = 200
MIN_LIST_HEADLINES = 2  # headline-like lines that make a list of other pages
MIN_FOOT_LABELS = 2  # short labels that make a page's foot
MAX_CLOSING_LINES = 2  # "All rights reserved." is one of the page's last lines
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")  # "3. " before a headline of a ranked list
# a Latin stop and the space after it ("U.S. Army": none after its first dot), or a stop
# that ends a sentence whatever follows it: "。", danda, Arabic/Urdu, Armenian, Ethiopic
INNER_SENTENCE_END = re.compile(r"[.!?]\s+|([。।؟۔։።])\s*\S")
OPENING_QUOTES = "\"'“‘«„‚‹「『(["


@dataclass(frozen=True, slots=True)
class RuleHit:
    reason: LineReason
    detail: str
    article: bool = False  # the page is article-shaped: context rules are certain there
    # a strong rule's mark that its context makes unsure (a cookie line on a page whose
    # text talks of cookies): the line model confirms it, as for a context rule
    weak: bool = False

    @property
    def strong(self) -> bool:
        return (self.reason in STRONG and not self.weak) or self.article


@dataclass(frozen=True)
class RuleConfig:
    max_head_nav_words: int = 3
    max_share_words: int = 14
    max_cookie_words: int = 40
    max_call_to_action_words: int = 5
    min_prose_words: int = 6
    remove_javascript_lines: bool = True
    # C4 drops every line naming javascript; on WCXB pages most such lines were prose
    # about programming (research/HISTORY.md, WCXB pages, 2026-11-25). A "please enable
    # JavaScript" notice is short: longer lines stay.
    max_javascript_words: int = 20
    remove_code_lines: bool = True
    # headings over other articles, share prompts, ad labels, credits (``clean.lines.phrases``)
    remove_furniture_phrases: bool = True
    min_category_run: int = 3  # "Label (count)" lines in a row that make a widget
    max_category_words: int = 6
    max_furniture_lines: int = 8  # an article has at most this many lines before/after its body
    furniture_per_prose_line: int = 3  # ... or this many for each prose line of its body
    min_article_share: float = 0.5  # ... and its body holds at least this share of the text


def split_lines(text: str) -> list[LineInfo]:
    out = []
    for s, e in split_paragraphs(text):
        line = text[s:e].strip()
        toks = tokens(line)
        out.append(LineInfo(s, e, line, toks, ends_sentence(line), count_words(line, toks)))
    return out


def is_byline(line: LineInfo) -> bool:
    """A short unpunctuated line ending in a capitalised name: 'Ecrit par Shirley Taieb'."""
    if line.sentence:
        return False
    if CJK_BYLINE.match(line.text):
        return True
    if not 2 <= line.words <= 7:
        return False
    parts = line.text.split()
    return len(parts) >= 2 and all(CAPITALIZED.match(p) for p in parts[-2:])


def is_headline(line: LineInfo, cfg: RuleConfig) -> bool:
    """A line that reads like the title of another page: more words than a call to
    action, no sentence end, one sentence at most ("Cadence likes to do next what it did
    last. A co-op placement can be completed in" is a paragraph cut short, not a title)."""
    if line.sentence or line.words <= cfg.max_call_to_action_words:
        return False
    if len(line.text) > MAX_HEADLINE_CHARS:
        return False
    text = NUMBERED.sub("", line.text, count=1)
    return not any(_ends_sentence_inside(text, m) for m in INNER_SENTENCE_END.finditer(text))


def _ends_sentence_inside(text: str, stop: re.Match[str]) -> bool:
    """A stop inside a line ends a sentence: "。", a danda or an Arabic, Armenian or
    Ethiopic stop; a Latin one after a lower-case word of 3+ characters with a capital
    or a letter of a script without case after it, quotes skipped ("last. « Nous"). Not:
    "r. w", "U.S. Army", "Dr. Who", "Sen. Warren", "ม. โดย" (abbreviations), a "！" in a
    Japanese title."""
    if stop.group(1):
        return True
    before = text[: stop.start()].split()
    word = before[-1] if before else ""
    if len(word) < 3 or "." in word or not word[-1].islower():
        return False
    nxt = text[stop.end() :].lstrip(OPENING_QUOTES + " \u00a0\u202f")[:1]
    return nxt.isupper() or (nxt.isalpha() and nxt.lower() == nxt.upper())


def body_bounds(
    lines: list[LineInfo], cfg: RuleConfig, taken: Mapping[int, RuleHit] | None = None
) -> tuple[int, int]:
    """Index of the first and last prose line; (len, -1) when there is none. A closing
    line a strong rule has ``taken`` ("© 2020 Nuacht24. Gach ceart ar cosaint.") is not
    the body's end when what lies between it and the last other prose line is a list of
    headlines no line introduces ("Key measures include:"), or furniture already taken:
    it does not make that list body. Anything else between them (an ingredient list
    above "Serve the cookies warm…") stays body."""
    prose = [i for i, li in enumerate(lines) if is_prose(li, cfg)]
    if not prose:
        return len(lines), -1
    first, last = prose[0], prose[-1]
    if not taken:
        return first, last
    untaken = [i for i in prose if not (i in taken and taken[i].strong)]
    if not untaken or untaken[-1] == last:
        return first, last
    between = [i for i in range(untaken[-1] + 1, last) if i not in taken]
    headlines = sum(1 for i in between if is_headline(lines[i], cfg))
    # a line ending in a colon introduces what follows it: the body's own list
    introduced = any(lines[i].text.endswith((":", "：")) for i in between)
    if not between or (headlines >= MIN_LIST_HEADLINES and not introduced):
        return first, untaken[-1]
    return first, last


def is_prose(line: LineInfo, cfg: RuleConfig) -> bool:
    """A line of the body: it ends like a sentence and is ``min_prose_words`` long."""
    return line.sentence and line.words >= cfg.min_prose_words


def is_article(
    lines: list[LineInfo],
    first: int,
    last: int,
    cfg: RuleConfig,
    taken: Mapping[int, RuleHit] | None = None,
) -> bool:
    """One body of prose holding most of the text, with a few lines around it: at most
    ``max_furniture_lines`` before it and after it, or ``furniture_per_prose_line`` for each
    prose line of a long body (a news page's menu, related and most-read lists, footer);
    lines a strong rule has ``taken`` are furniture already and not counted. A list of
    titles below one paragraph is a list page, not an article."""
    if last < 0:
        return False
    total = sum(len(li.text) for li in lines) or 1
    body = sum(len(li.text) for li in lines[first : last + 1])
    if body / total < cfg.min_article_share:
        return False
    prose = sum(
        1
        for i in range(first, last + 1)
        if is_prose(lines[i], cfg) and not (taken and i in taken and taken[i].strong)
    )
    allowed = max(cfg.max_furniture_lines, cfg.furniture_per_prose_line * prose)

    def unexplained(indices: range) -> int:
        return sum(1 for i in indices if not (taken and i in taken and taken[i].strong))

    return (
        unexplained(range(first)) <= allowed and unexplained(range(last + 1, len(lines))) <= allowed
    )


def find_furniture(
    lines: list[LineInfo], cfg: RuleConfig, lang: str | None = None
) -> dict[int, RuleHit]:
    """The furniture lines of a document (by index) and the rule that marks each;
    ``lang`` (the document's language) gives menus' missing function words."""
    hits: dict[int, RuleHit] = {}
    # the social networks each short line without a sentence end names (read by two rules)
    socials = [
        social_names(li.text) if not li.sentence and li.words <= cfg.max_share_words else []
        for li in lines
    ]
    # ... and those the page's prose talks about: on a page about social media, "Facebook"
    # alone on a line is a heading, "YouTube, Instagram" a cell of a table
    mentioned = {
        name
        for li in lines
        if li.sentence and li.words >= cfg.min_prose_words and SOCIAL.search(li.text.lower())
        for name in social_names(li.text)
    }
    for i, li in enumerate(lines):
        hit = _anywhere(li, cfg, socials[i], mentioned)
        if hit:
            hits[i] = hit
    named = {
        i for i, hit in hits.items() if hit.reason != LineReason.SHARE_BUTTONS
    }  # lines another rule has taken
    strips = share_strips(
        lines, named, [[] if i in named else n for i, n in enumerate(socials)], mentioned
    )
    hits.update({i: RuleHit(LineReason.SHARE_BUTTONS, what) for i, what in strips.items()})
    hits.update(_category_lists(lines, cfg, hits))
    hits.update(_cookie_notices(lines, cfg, hits))
    repeated = repeated_furniture(lines, hits.keys(), cfg.min_prose_words)
    # unsure marks but for date lines: the line model decides (the Turku and WCXB
    # annotators kept post headers, "Posts: 1137", "Joined: 13 Apr 2007", as text)
    hits.update(
        {
            i: RuleHit(LineReason.REPEATED_FURNITURE, what, weak=not what.endswith("line each"))
            for i, what in repeated.items()
        }
    )
    first, last = body_bounds(lines, cfg, hits)
    # a short footer after a list of headlines does not make the list part of the body
    footer = footer_start(lines, hits.keys(), lambda li: is_headline(li, cfg))
    if footer >= 0:
        last = max(
            (
                i
                for i in range(first, footer)
                if is_prose(lines[i], cfg) and not (i in hits and hits[i].strong)
            ),
            default=-1,
        )
    article = is_article(lines, first, last, cfg, hits) if last >= 0 else False
    stops = stopwords(lang)
    for i in range(min(first, len(lines))):
        li = lines[i]
        if i in hits:
            continue
        if is_date_line(li):
            hits[i] = RuleHit(LineReason.DATE_LINE, "date-only line before the body")
        elif not li.sentence and li.words <= cfg.max_head_nav_words:
            hits[i] = RuleHit(
                LineReason.NAVIGATION,
                f"{li.words} word(s) before the body, no sentence end (≤ {cfg.max_head_nav_words})",
                article,
            )
        elif items := menu_items(li, stops):
            hits[i] = RuleHit(
                LineReason.NAVIGATION, f"menu of {items} items before the body", article
            )
    if last >= 0:
        tail = [i for i in range(last + 1, len(lines)) if i not in hits]
        headlines = [i for i in tail if is_headline(lines[i], cfg)]
        for i in tail:
            li = lines[i]
            if li.sentence:
                if footer >= 0 and i > footer:
                    hits[i] = RuleHit(
                        LineReason.PAGE_FOOTER,
                        f"{li.words}-word line closing the page after a list of headlines",
                        article,
                    )
                elif (
                    i >= len(lines) - MAX_CLOSING_LINES  # checked first: twice a page at most
                    and li.words < cfg.min_prose_words
                    and below_a_foot(hits, range(last + 1, i))
                ):
                    # "All rights reserved." below the share line, the menu and the
                    # related list of the page's foot; an ad label, a photo credit or a
                    # short subheading in the body is no foot ("Advertisement" / "He was
                    # 84.", "Update" / "The company declined to comment.")
                    hits[i] = RuleHit(
                        LineReason.PAGE_FOOTER,
                        f"{li.words}-word sentence after the page's foot (menu, share, "
                        "related list), below the body",
                        article,
                    )
                continue
            if is_date_line(li):
                hits[i] = RuleHit(LineReason.DATE_LINE, "date-only line after the body")
            elif is_byline(li):
                shape = (
                    "a credit marker and a name"
                    if CJK_BYLINE.match(li.text)
                    else "short line ending in a capitalised name"
                )
                hits[i] = RuleHit(LineReason.BYLINE, f"{shape}, after the body", article)
            elif li.words <= cfg.max_call_to_action_words:
                hits[i] = RuleHit(
                    LineReason.CALL_TO_ACTION,
                    f"{li.words}-word line without sentence end after the body",
                    article,
                )
            elif items := menu_items(li, stops):
                hits[i] = RuleHit(
                    LineReason.NAVIGATION, f"menu of {items} items after the body", article
                )
            elif len(headlines) >= 2 and is_headline(li, cfg):
                hits[i] = RuleHit(
                    LineReason.RELATED_HEADLINES,
                    f"one of {len(headlines)} headline-like lines after the body",
                    article,
                )
    return hits


def below_a_foot(hits: Mapping[int, RuleHit], between: range) -> bool:
    """The lines ``between`` the body and a closing line are a page's foot: one of them
    a menu, share buttons, a related list or the like, or two short calls to action or
    button labels ("Sign up for our newsletter", "Privacy · Terms · Contact")."""
    reasons = [hits[k].reason for k in between if k in hits]
    short = sum(1 for r in reasons if r in (LineReason.CALL_TO_ACTION, LineReason.BUTTON_LABEL))
    return short >= MIN_FOOT_LABELS or any(r in FOOTER_REASONS for r in reasons)


def _category_lists(
    lines: list[LineInfo], cfg: RuleConfig, hits: dict[int, RuleHit]
) -> dict[int, RuleHit]:
    """Runs of short ``Label (count)`` lines: the category, tag and archive widgets of blog
    and news software ("Sports (1379)", "November 2019 (12)"). One such line may be content;
    a run of them is a list of links to other pages. Numbered lines ("1. Part (1)") are
    not: a numbered list is written content."""
    counted = [
        i not in hits
        and not li.sentence
        and li.words <= cfg.max_category_words
        and not li.text[:1].isdigit()
        and COUNTED.search(li.text) is not None
        for i, li in enumerate(lines)
    ]
    found: dict[int, RuleHit] = {}
    start = 0
    while start < len(lines):
        if not counted[start]:
            start += 1
            continue
        end = start
        while end < len(lines) and counted[end]:
            end += 1
        if end - start >= cfg.min_category_run:
            hit = RuleHit(
                LineReason.CATEGORY_LIST, f"one of {end - start} 'label (count)' lines in a row"
            )
            found.update(dict.fromkeys(range(start, end), hit))
        start = end
    return found


def _may_mention_cookies(text: str) -> bool:
    """Necessary for ``COOKIE`` to match (each of its spellings lower-cases to "cookie")."""
    return "cookie" in text.lower() or "クッキー" in text or "쿠키" in text


def _first(text: str, chars: str) -> int:
    found = [i for i in map(text.find, chars) if i >= 0]
    return min(found) if found else -1


def looks_like_code(text: str) -> bool:
    """A brace and a ``;`` or ``=`` on one line, in either order, or ``function(`` or
    ``var x =``. By first and last positions, not a pattern like ``[{}].*[;=]``, which
    rescans the rest of the line from every brace (quadratic on a line of braces)."""
    if "{" not in text and "}" not in text:  # most lines: the first test cannot pass
        return ("function" in text or "var" in text) and CODE_CALL.search(text) is not None
    for line in text.split("\n"):
        brace, mark = _first(line, "{}"), _first(line, ";=")
        if (
            brace >= 0
            and mark >= 0
            and (max(map(line.rfind, ";=")) > brace or max(map(line.rfind, "{}")) > mark)
        ):
            return True
    return ("function" in text or "var" in text) and CODE_CALL.search(text) is not None


def _cookie_notices(
    lines: list[LineInfo], cfg: RuleConfig, hits: dict[int, RuleHit]
) -> dict[int, RuleHit]:
    """Lines of at most ``max_cookie_words`` that mention cookies. Where the page mentions
    cookies in one place only (the notice, maybe over a few lines), that place is the
    notice (unsure with more than ``MAX_NOTICE_SENTENCES`` sentences). Where it mentions
    them in several (a recipe, HTTP documentation), a line
    inside the body is text, and one before or after it is a notice only if the line
    model agrees (a weak mark)."""
    # each regex only where a plain substring test says it can match: most lines never can
    found = [
        i
        for i, li in enumerate(lines)
        if i not in hits
        and li.words <= cfg.max_cookie_words
        and _may_mention_cookies(li.text)
        and COOKIE.search(li.text)
    ]
    if not found:
        return {}
    mentions = [
        i
        for i, li in enumerate(lines)
        if _may_mention_cookies(li.text) and COOKIE.search(li.text) is not None
    ]
    places = 1 + sum(1 for a, b in itertools.pairwise(mentions) if b - a > COOKIE_GAP)
    out = {}
    prose_mentions = sum(
        1 for i in mentions if lines[i].sentence and lines[i].words >= cfg.min_prose_words
    )
    if places == 1:
        # a notice is a sentence or two and its buttons; more sentences that mention
        # cookies side by side are a text about them: the line model decides
        unsure = prose_mentions > MAX_NOTICE_SENTENCES
        for i in found:
            out[i] = RuleHit(
                LineReason.COOKIE_NOTICE,
                f"mentions cookies in {lines[i].words} words"
                + (f" ({prose_mentions} such sentences together)" if unsure else ""),
                weak=unsure,
            )
        return out
    prose = [i for i, li in enumerate(lines) if li.sentence and li.words >= cfg.min_prose_words]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    for i in found:
        if not first <= i <= last:
            out[i] = RuleHit(
                LineReason.COOKIE_NOTICE,
                f"mentions cookies in {lines[i].words} words, outside the body of a page "
                f"that mentions them in {places} places",
                weak=True,
            )
    return out


def _anywhere(
    li: LineInfo, cfg: RuleConfig, social: list[str], mentioned: AbstractSet[str] = frozenset()
) -> RuleHit | None:
    """The rules that judge a line by itself; ``social``: the networks it names, when it
    is short and does not end a sentence; ``mentioned``: the networks the page's prose
    names."""
    text = li.text
    if not any(map(str.isalpha, text)):
        return RuleHit(LineReason.NO_LETTERS, "no letters in the line")
    if social and share_line(li, social, mentioned):
        return RuleHit(
            LineReason.SHARE_BUTTONS,
            f"social network names in a {li.words}-word line: " + ", ".join(sorted(set(social))),
        )
    if not li.sentence and li.words <= 6 and len(text) <= 40 and READING_TIME.search(text):
        return RuleHit(LineReason.READING_TIME, f"short line with a duration: {text!r}")
    # (cookie notices: ``_cookie_notices``, which sees the page)
    if (
        cfg.remove_javascript_lines
        and li.words <= cfg.max_javascript_words
        and JAVASCRIPT.search(text)
    ):
        return RuleHit(
            LineReason.JAVASCRIPT, f"mentions javascript in {li.words} words (C4 line rule)"
        )
    if cfg.remove_code_lines and looks_like_code(text):
        return RuleHit(LineReason.CODE, "curly braces with code punctuation")
    phrase = furniture_phrase(text, li.words, li.sentence) if cfg.remove_furniture_phrases else None
    if phrase is not None:
        kind, matched = phrase
        reason, what = PHRASE_REASONS[kind]
        return RuleHit(reason, f"{what}: {matched!r}")
    return None
