"""``clean.encoding``: repair mojibake, text that was decoded with the wrong character set.

A page written in UTF-8 and read as Windows-1252 turns "Nächte für" into "NÃ¤chte fÃ¼r";
one in Cyrillic read as Windows-1251 turns "Привет" into "РџСЂРёРІРµС‚". Crawls hold both
(the Turku crawl documents do, in every language), and a language model learns them as
words. ftfy (Robyn Speer) undoes such decodings when the result is plainly better text, and
leaves text alone otherwise; FineWeb-2 runs it over its multilingual crawl for that reason.

Only the encoding repairs are on: quotes stay curly, full-width forms and ligatures stay,
no Unicode normalisation, line breaks as they are (datatrove's FTFYFormatter makes the same
choice: a model should meet the characters people write). Each repaired line is an edit
that holds the repaired line and records which decoding was undone and how the line began.

Speed: ftfy is consulted only for lines that show a tell of mojibake: a UTF-8 lead byte
read as Latin-1/Windows-1252 next to a continuation byte ("Ã¤", "â€™", "ï»¿"), the same in
Windows-1251 ("Рµ", "СЂ"), a C1 or other control character, a lone surrogate. Text without
any goes through after one regex scan.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document, Edit
from winnow.registry import register
from winnow.step import Step, StepKind

# Windows-1252 / Latin-1: the characters bytes 0x80-0xBF decode to (C1 controls, the
# 1252 punctuation, NBSP to '¿')
_W1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022"
    "\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# Windows-1251: the same bytes (Ђ…џ, Ў…ї, the 1251 punctuation and signs)
_W1251_CONTINUATION = (
    "\u00a0-\u00bf\u0401-\u040f\u0451-\u045f\u0490\u0491\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2116\u2122"
)
_LATIN_LEAD = "\u00c2-\u00f4"  # UTF-8 lead bytes 0xC2-0xF4 as Latin-1/1252: Â..ô
_CYRILLIC_LEAD = "\u0420-\u0423"  # lead bytes 0xD0-0xD3 (Cyrillic) as 1251: Р..У
# what ftfy's remove_control_chars removes (controls other than tab, line and page breaks;
# deprecated format characters; a stray BOM; interlinear annotation marks), C1 controls and
# lone surrogates
_ALONE = (
    "\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff"
)
# One leading character class, so the regex engine skips ahead to candidates as fast as a
# plain character scan (an alternation of three patterns was much slower;
# research/HISTORY.md, session 19); the
# lookbehind then says which continuation must follow. No repetition: linear.
TELLS = re.compile(
    f"[{_LATIN_LEAD}{_CYRILLIC_LEAD}{_ALONE}]"
    f"(?:(?<=[{_LATIN_LEAD}])[{_W1252_CONTINUATION}]"
    f"|(?<=[{_CYRILLIC_LEAD}])[{_W1251_CONTINUATION}]"
    f"|(?<=[{_ALONE}]))"
)
DETAIL_CHARS = 120  # how much of the line as it was the edit keeps


@register
class EncodingRepair(Step):
    """Repair mojibake (text decoded with the wrong character set) with ftfy."""

    name = "clean.encoding"
    kind = StepKind.EDIT

    @dataclass
    class Config:
        # control characters other than tab, line and page breaks, deprecated format
        # characters, a stray BOM (C1 controls are an encoding matter: repaired either way)
        remove_control_chars: bool = True

    class Reason(StrEnum):
        REPAIRED = "encoding_repaired"

    def setup(self) -> None:
        import ftfy  # imported here: a run without this step does not pay for it

        self._fix = ftfy.fix_and_explain
        self._config = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_control_chars=self.config.remove_control_chars,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            normalization=None,
        )

    def apply(self, doc: Document) -> None:
        text = doc.text
        if TELLS.search(text) is None:
            return
        if not hasattr(self, "_fix"):
            self.setup()
        pieces, start, repairs = [], 0, len(doc.edits)
        for line in text.split("\n"):
            end = start + len(line)
            fixed = line
            if TELLS.search(line) is not None:
                fixed, steps = self._fix(line, config=self._config)
                if fixed != line:
                    doc.edits.append(
                        Edit(
                            step=self.name,
                            reason=str(self.Reason.REPAIRED),
                            removed=fixed,
                            start=start,
                            end=end,
                            detail=_describe(steps, line),
                        )
                    )
            pieces.append(fixed)
            start = end + 1
        if len(doc.edits) > repairs:  # untouched text keeps its identity (memoised tokens)
            doc.text = "\n".join(pieces)


@functools.cache
def _repairer(remove_control_chars: bool) -> EncodingRepair:
    return EncodingRepair(EncodingRepair.Config(remove_control_chars))


def repaired(text: str, remove_control_chars: bool = True) -> str:
    """``text`` as ``clean.encoding`` leaves it (for scorers matching lines to labels)."""
    doc = Document(id="", text=text)
    _repairer(remove_control_chars).apply(doc)
    return doc.text


def _describe(steps: list | None, line: str) -> str:
    """What ftfy undid ("utf-8 read as sloppy-windows-1252", "remove_control_chars") and
    the line as it was."""
    steps = list(steps or ())
    undone, pending = [], None
    for action, parameter in steps:
        if action == "encode":
            pending = parameter
        elif action == "decode" and pending is not None:
            undone.append(f"{parameter} read as {pending}")
            pending = None
        elif action != "decode":
            undone.append(parameter)
    was = line if len(line) <= DETAIL_CHARS else line[: DETAIL_CHARS - 1] + "…"
    return f"{', then '.join(undone) or 'repaired'}; was {was!r}"
