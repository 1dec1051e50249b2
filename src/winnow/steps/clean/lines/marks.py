"""What ``clean.lines`` marks a line with, and how it sees a line: the reasons (which rules
are certain on their own, which need the page's context), the mark a rule leaves
(``RuleHit``), a line's measurements (``LineInfo``) and the rules' settings
(``RuleConfig``). Kept apart from the rules so that the line model's features and the
step read the same vocabulary without the rules' own dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from winnow.steps.clean.lines.phrases import PhraseKind
from winnow.text import ends_sentence, has_cjk, is_cjk_char, split_paragraphs, tokens


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
