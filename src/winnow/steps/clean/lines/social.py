"""Share buttons: lines that name social networks ("Partager sur FacebookPartager sur
Twitter", "Click to share on Reddit (Opens in new window)").

The networks' names are the same in every language. What makes a line that names them a
button is its context: several names on one short line, buttons glued together, a name
alone in a few words, or a strip of such lines. Not a product's feature list ("Email
support", "Messenger integration": channels, not networks), nor a page about social media
whose prose talks of the networks its headings name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from typing import Protocol

from winnow.text import is_cjk_char


class Line(Protocol):
    """A line as ``clean.lines.rules.LineInfo`` describes it."""

    @property
    def text(self) -> str: ...

    @property
    def tokens(self) -> list[str]: ...

    @property
    def sentence(self) -> bool: ...

    @property
    def words(self) -> int: ...


# matched on lower-cased text (``social_names``): faster than IGNORECASE on an
# alternation of words, and the names are reported lower-cased anyway. Every branch opens
# with a letter ("vk" and "x.com" as whole words by a look-behind after their first
# letter, not a leading \b): the regex engine then skips ahead to the positions where one
# of those letters stands, faster again (research/HISTORY.md, sessions 14 and 15). A name
# counts only as a word of the line as printed (``social_names``): not "xing" in
# "indexing", but "Twitter" in the glued "FacebookPartager sur TwitterEnvoyer".
SOCIAL = re.compile(
    r"facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|tumblr|instagram"
    r"|messenger|flipboard|xing|viber|weibo|wechat|微信|微博|v(?:kontakte|(?<=\bv)k\b)"
    r"|x(?<=\bx)\.com\b|e-?mail|courriel",
)
# Channels, not networks: "Email support", "Messenger integration" are product features.
# A line naming only these is a share button only beside network buttons (a strip).
CHANNELS = frozenset({"email", "e-mail", "courriel", "messenger"})
GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ][a-zà-ÿ]")  # "FacebookPartager": buttons glued together


def social_names(text: str) -> list[str]:
    """The social networks (and e-mail) a line names, lower-cased, in order: each a word
    of the line as printed (a letter or digit before or after it ends the match, unless
    the case changes there, as between glued buttons)."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: no boundaries
        return SOCIAL.findall(lower)
    return [
        m.group()
        for m in SOCIAL.finditer(lower)
        if _name_edge(text, m.start() - 1, m.start()) and _name_edge(text, m.end() - 1, m.end())
    ]


def _name_edge(text: str, before: int, after: int) -> bool:
    """Whether a name may start or end between ``text[before]`` and ``text[after]``."""
    if before < 0 or after >= len(text):
        return True
    a, b = text[before], text[after]
    if not _word_char(a) or not _word_char(b):
        return True
    return a.islower() and b.isupper()  # "FacebookPartager"


def _word_char(ch: str) -> bool:
    """A character that glues to a name: a letter or digit of a spaced script, or "_"."""
    return (ch.isalnum() or ch == "_") and not is_cjk_char(ch)


def share_line(li: Line, social: list[str], mentioned: Set[str]) -> bool:
    """A share-button line by itself: it names a network (not only e-mail or a messenger)
    and is button-like: two names or more, buttons glued together, or a network alone in
    at most four words — unless the page's prose talks of every network it names (then
    only glued buttons are sure)."""
    names = set(social)
    if not names - CHANNELS:
        return False
    glued = GLUED.search(li.text) is not None
    if names <= mentioned:
        return glued and len(social) >= 2
    return len(social) >= 2 or glued or li.words <= 4


def share_strips(
    lines: Sequence[Line], taken: Set[int], socials: list[list[str]], mentioned: Set[str]
) -> dict[int, str]:
    """Share buttons one to a line ("Click to share on Twitter (Opens in new window)",
    then Facebook, Reddit ...): each line names one network in too many words for the
    single-line rule, but lines like it next to each other are a strip of buttons. A strip
    names at least two networks (an "Email" button joins one; "Email support" beside
    "Messenger integration" is a list of product features), not only networks the page's
    prose talks about."""
    named = {
        i for i in range(len(lines)) if socials[i] and not set(socials[i]) <= mentioned
    }  # short, no sentence end, names a network
    found: dict[int, str] = {}
    strip: list[int] = []
    for i in sorted(named):
        if i - 1 not in named:
            run = [i]
            while run[-1] + 1 in named:
                run.append(run[-1] + 1)
            networks = sum(1 for j in run if set(socials[j]) - CHANNELS)
            if len(run) >= 2 and networks >= 2:
                strip.extend(run)
    for i in strip:
        if i not in taken:
            found[i] = "a line naming a social network next to another such line"
    # The strip's other buttons, for networks no list names ("Click to share on Pocket
    # (Opens in new window)"): neighbours made from the same words but one.
    for start in strip:
        for step in (-1, 1):
            i = start
            while (
                0 <= i + step < len(lines)
                and i + step not in taken
                and i + step not in found
                and not lines[i + step].sentence
                and one_word_apart(lines[i].tokens, lines[i + step].tokens)
            ):
                i += step
                found[i] = "a button of a share strip: the strip's words, one apart"
    return found


def one_word_apart(a: list[str], b: list[str]) -> bool:
    """Two lines of the same template: as many tokens (at least four), one different."""
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
