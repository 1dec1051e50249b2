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

from winnow.steps.clean.lines.dates import date_words, is_date_line  # noqa: F401 (re-exported)
from winnow.steps.clean.lines.marks import (  # noqa: F401 (re-exported)
    CONTEXT,
    FOOTER_REASONS,
    PHRASE_REASONS,
    STRONG,
    LineInfo,
    LineReason,
    RuleConfig,
    RuleHit,
    count_words,
    split_lines,
)
from winnow.steps.clean.lines.phrases import furniture_phrase
from winnow.steps.clean.lines.social import (  # noqa: F401 (re-exported)
    GLUED,
    SOCIAL,
    share_line,
    share_strips,
    social_names,
)
from winnow.steps.clean.lines.structure import footer_start, menu_items, repeated_furniture
from winnow.stopwords import stopwords

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


MAX_HEADLINE_CHARS = 200
MIN_LIST_HEADLINES = 2  # headline-like lines that make a list of other pages
MIN_FOOT_LABELS = 2  # short labels that make a page's foot
MAX_CLOSING_LINES = 2  # "All rights reserved." is one of the page's last lines
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")  # "3. " before a headline of a ranked list
# a Latin stop and the space after it ("U.S. Army": none after its first dot), or a stop
# that ends a sentence whatever follows it: "。", danda, Arabic/Urdu, Armenian, Ethiopic
INNER_SENTENCE_END = re.compile(r"[.!?]\s+|([。।؟۔։።])\s*\S")
OPENING_QUOTES = "\"'“‘«„‚‹「『(["


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
    untaken = [i for i in prose if not strongly_taken(taken, i)]
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


def strongly_taken(taken: Mapping[int, RuleHit] | None, i: int) -> bool:
    """Line ``i`` carries a strong rule's mark: furniture already, whatever its shape."""
    return taken is not None and i in taken and taken[i].strong


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
        if is_prose(lines[i], cfg) and not strongly_taken(taken, i)
    )
    allowed = max(cfg.max_furniture_lines, cfg.furniture_per_prose_line * prose)

    def unexplained(indices: range) -> int:
        return sum(1 for i in indices if not strongly_taken(taken, i))

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
        if is_prose(li, cfg) and SOCIAL.search(li.text.lower())
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
                if is_prose(lines[i], cfg) and not strongly_taken(hits, i)
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
        headlines = {i for i in tail if is_headline(lines[i], cfg)}
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
            elif len(headlines) >= 2 and i in headlines:
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
