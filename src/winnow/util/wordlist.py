"""A regex for a list of literal words, laid out as a trie: what the regex engine runs fast.

Python's ``re`` tries the branches of an alternation one after another at every position
of the text; ``a|ab|ad|b`` costs a failed try per word. Sharing prefixes (``a(?:b|d)?|b``)
leaves one try per distinct first character: faster on lists of dozens of words
(research/HISTORY.md, figures moved out of code comments). The match is the same as the
plain alternation's with the words sorted longest first: at each position, the longest
listed word that starts there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern matching exactly ``words``, the longest at each position (no flags)."""
    listed = sorted(set(words))
    if not listed or "" in listed:
        raise ValueError("need at least one word, none empty")
    return _node(listed)


def _node(suffixes: list[str]) -> str:
    """The pattern for the sorted ``suffixes`` of one prefix ("" ends a word there)."""
    ends_here = suffixes[0] == ""
    by_first: dict[str, list[str]] = {}
    for suffix in suffixes:
        if suffix:
            by_first.setdefault(suffix[0], []).append(suffix[1:])
    branches = [re.escape(ch) + _node(rest) for ch, rest in by_first.items()]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group  # greedy: a longer word first
