"""Language-aware text units: lines, paragraphs, words and sentence ends.

Web text mixes scripts that separate words with spaces and scripts that do not (Chinese,
Japanese, Thai, Lao, Khmer, Myanmar). Counting "words" with ``str.split`` makes a Chinese
article look like a dozen very long words; here such runs count one token per character
(Han, kana) or per syllable-sized chunk (Thai and its neighbours), so that word-count
thresholds keep their meaning across languages. Every regex here is linear-time.
"""

from __future__ import annotations

import re
import unicodedata

# Scripts written without spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff\uff66-\uff9f"
_SEA = "\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f"  # Thai, Lao, Khmer, Myanmar
# A letter or digit of a spaced script: a regex word character that is not CJK or Thai-like.
# Patterns use it for word boundaries, so "電話03-1234-5678まで" still has a number in it.
SPACED_WORD_CHAR = f"[^\\W_{_CJK}{_SEA}]"


def _mark_class() -> str:
    """Combining marks of the BMP as a character class: Python's \\w leaves them out, which
    would cut Hindi, Bengali or Tamil words at every vowel sign."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_MARKS = _mark_class()
# A word's letters and digits, never a CJK or Thai-like character: those are tokens of
# their own, so "iPhoneを使う" is iPhone, を, 使, う and "12人" is 12, 人, not one "word".
_WORD = f"(?:{SPACED_WORD_CHAR}[{_MARKS}]*)+"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SEA_RUN = re.compile(f"[{_SEA}]+")
_TOKEN = re.compile(f"[{_CJK}]|[{_SEA}]+|{_WORD}(?:['’\\-]{_WORD})*")
# The same tokens for text with no CJK, Thai-like or combining-mark character (most lines of
# most pages), at less cost (research/HISTORY.md, figures moved out of code comments):
# ``_SPECIAL`` finds the lines that need ``_TOKEN``.
_PLAIN_TOKEN = re.compile("[^\\W_]+(?:['’\\-][^\\W_]+)*")
_SPECIAL = re.compile(f"[{_CJK}{_SEA}{_MARKS}]")
SEA_CHARS_PER_WORD = 4  # Thai words average ~4 characters (syllable clusters)

# Marks that end a sentence, in the scripts of the web's large languages.
SENTENCE_END = frozenset(".!?…。！？｡؟۔।॥։።፧;")
# Marks that may follow a sentence end: closing quotes and brackets.
CLOSERS = frozenset("\"'»”’)]}」』〉》›‘“«")
_ELLIPSIS_ONLY = re.compile(r"^[.…\s]+$")


def tokens(text: str) -> list[str]:
    """Words for spaced scripts, one token per CJK character, chunks of Thai-like runs."""
    if _SPECIAL.search(text) is None:
        return _PLAIN_TOKEN.findall(text)
    found = _TOKEN.findall(text)
    if _SEA_RUN.search(text) is None:
        return found
    out: list[str] = []
    for tok in found:
        if len(tok) > SEA_CHARS_PER_WORD and _SEA_RUN.fullmatch(tok):
            out.extend(
                tok[i : i + SEA_CHARS_PER_WORD] for i in range(0, len(tok), SEA_CHARS_PER_WORD)
            )
        else:
            out.append(tok)
    return out


def is_cjk_char(ch: str) -> bool:
    return _CJK_CHAR.match(ch) is not None


def has_cjk(text: str) -> bool:
    """Holds a Han or kana character (the tokens that count half a word each)."""
    return _CJK_CHAR.search(text) is not None


# Numbers keep their separators ("5,200", "3.5") and web addresses stay whole, as common
# word tokenizers (spaCy's, which FineWeb's filters use) keep them. The other boundaries
# follow spaCy's English rules too, because they move Gopher's alpha-word ratio by a few
# points on real text: a hyphen is a token of its own except between a letter and a digit
# ("well-known" → well, -, known; 2024-11-29 → five tokens; "GLP-1" stays whole); English
# clitics split off ("don't" → do, n't; "it's" → it, 's); abbreviations keep their
# periods (U.S., e.g., a.m., Mr., vs., a single initial "D.").
_CLITIC = "(?i:s|re|ll|ve|d|m)(?![^\\W_])"
# one letter and a period, or letters each followed by one: "D.", "U.S.", "e.g.", "a.m."
_INITIALS = "(?<![^\\W_])[^\\W\\d_]\\.(?:(?:[^\\W\\d_]\\.)+|(?![^\\W_]))"
_TITLES = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "gen",
        "gov",
        "rep",
        "sen",
        "rev",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    )
)


# Whitespace is skipped inside the match (one step instead of a failed try per space), from
# the start of a run only ((?<!\\s), possessive): a long run of spaces before something no
# token matches ("_", the end) would otherwise be rescanned from each of its spaces. An
# e-mail's local part is at most 64 characters (RFC 5321): unbounded, it was rescanned from
# every "-" of a long run of dashes. Both were quadratic on hostile text.
def _word_or_punct(word: str, email: bool = True) -> re.Pattern[str]:
    return re.compile(
        "(?<!\\s)\\s*+(\\d+(?:[.,:/]\\d+)+|(?:https?://|www\\.)\\S+"
        + ("|[\\w.+\\-]{1,64}@[\\w\\-]+(?:\\.[\\w\\-]+)+" if email else "")
        + f"|{_INITIALS}|[{_CJK}]|[{_SEA}]+"
        f"|['’]{_CLITIC}|{word}(?:['’](?!{_CLITIC}){word}|(?<=[^\\W\\d_])-(?=\\d){word})*"
        f"|\\.{{2,}}|[^\\w\\s])"
    )


_WORD_OR_PUNCT = _word_or_punct(_WORD)
# The same for text with no CJK, Thai-like or combining-mark character (``_SPECIAL``): a
# word is then a plain run of letters and digits, which the regex engine scans in one step
# instead of one group repetition per character (less time, the same tokens;
# research/HISTORY.md, session 15)
_WORD_OR_PUNCT_PLAIN = _word_or_punct("[^\\W_]+")
# ... and for text without "@", which no e-mail address can be in: the e-mail branch scans
# every word to its end looking for an "@" before failing (less tokenizing time, the same
# tokens; research/HISTORY.md, session 16)
_BY_SPECIAL_AND_AT = {
    (True, True): _WORD_OR_PUNCT,
    (False, True): _WORD_OR_PUNCT_PLAIN,
    (True, False): _word_or_punct(_WORD, email=False),
    (False, False): _word_or_punct("[^\\W_]+", email=False),
}
_NEGATION = re.compile("n['’]t(?![^\\W_])", re.IGNORECASE)


def tokens_with_punctuation(text: str) -> list[str]:
    """Words as ``tokens`` does, plus each punctuation mark as a token of its own (an
    ellipsis "..." as one): the unit the published Gopher rules count "words" in."""
    pattern = _BY_SPECIAL_AND_AT[_SPECIAL.search(text) is not None, "@" in text]
    found = pattern.findall(text)
    # Cheaper here than as regex branches tried at every word: "Mr." / "vs." keep their
    # period, "don't" → do, n't. The titles are joined in one pass of slices: joined in
    # place (a list splice per title), 4 MB of "Mr. Mr. …" took 170 s.
    joins = [
        i for i, tok in enumerate(found) if tok == "." and i and found[i - 1].lower() in _TITLES
    ]
    if joins:
        joined: list[str] = []
        after = 0  # the first token not copied yet
        for i in joins:  # never adjacent: the token before a join is a title, not "."
            joined += found[after : i - 1]
            joined.append(found[i - 1] + ".")
            after = i + 1
        joined += found[after:]
        found = joined
    if _NEGATION.search(text) is None:
        return found
    out: list[str] = []
    for tok in found:
        if (
            len(tok) > 3
            and tok[-3] in "nN"
            and tok[-2] in "'’"
            and tok[-1] in "tT"
            and (tok[-4].isalpha())
        ):
            out += (tok[:-3], tok[-3:])
        else:
            out.append(tok)
    return out


def word_count(text: str) -> int:
    return len(tokens(text))


def is_unsegmented(text: str) -> bool:
    """Mostly written in a script without spaces between words (zh, ja, th, …)."""
    if not _CJK_CHAR.search(text) and not _SEA_RUN.search(text):
        return False
    letters = sum(map(str.isalpha, text))
    if not letters:
        return False
    unspaced = len(_CJK_CHAR.findall(text)) + sum(len(r) for r in _SEA_RUN.findall(text))
    return unspaced / letters > 0.5


def ends_sentence(line: str) -> bool:
    """True when the line ends like a sentence, closing quotes and brackets allowed."""
    end = len(line)  # an index, not a shorter copy per closer: linear on "))))…"
    while end and (line[end - 1] in CLOSERS or line[end - 1].isspace()):
        end -= 1
    return bool(end) and line[end - 1] in SENTENCE_END


def normalized_words(line: str) -> list[str]:
    """The words of ``normalize_line``, as a list."""
    return tokens(unicodedata.normalize("NFKC", line).casefold())


def normalize_line(line: str) -> str:
    """For comparing lines: NFKC, casefold, punctuation and spaces folded."""
    return " ".join(normalized_words(line))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-blank lines of ``text``.

    Crawl text separates paragraphs by single or double newlines; either way each non-blank
    line is one unit for line cleaning.
    """
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


_NON_BLANK_LINE = re.compile(r"^[^\S\n]*\S", re.MULTILINE)


def has_more_paragraphs(text: str, limit: int) -> bool:
    """More than ``limit`` of ``split_paragraphs``' non-blank lines, counted without
    building the list and stopping past the limit (a guard for huge documents)."""
    if text.count("\n") < limit:
        return False
    return any(n > limit for n, _ in enumerate(_NON_BLANK_LINE.finditer(text), 1))
