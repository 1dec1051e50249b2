"""Build src/winnow/resources/stopwords.json: ranked function words for 75 languages.

Source of the words: jusText's stop lists (BSD-2-Clause, pip install justext), which exist
for most languages. Source of the ranking: how often each word occurs in the Leipzig-corpora
sentences of lingua's language-ID test data (../shared/data/lingua-language-testdata,
Apache-2.0). For languages jusText has no list for (Chinese, Japanese, Thai), the most
frequent tokens of those sentences (characters for Chinese and Japanese) are used.
Each list keeps the 50 most frequent entries, most frequent first, keyed by the ISO 639-1
code that fastText's lid.176 emits.

    pip install justext && python scripts/build_stopwords.py
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import justext

from winnow.text import tokens

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "lingua-language-testdata" / "sentences"
OUT = ROOT / "src" / "winnow" / "resources" / "stopwords.json"
TOP = 50

JUSTEXT_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "la": "Latin",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "mr": "Marathi",
    "ms": "Malay",
    "nb": "Norwegian_Bokmal",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "yo": "Yoruba",
}


def main() -> None:
    result: dict[str, list[str]] = {}
    for path in sorted(DATA.glob("*.txt.gz")):
        code = path.name.split(".")[0]
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            counts = Counter(t.casefold() for line in fh for t in tokens(line))
        name = JUSTEXT_NAMES.get(code)
        if name:
            allowed = {w.casefold() for w in justext.get_stoplist(name)}
            ranked = [w for w, _ in counts.most_common() if w in allowed]
        else:
            ranked = [w for w, _ in counts.most_common() if not w.isdigit()]
        if len(ranked) >= 8:
            result[code] = ranked[:TOP]
    result["no"] = result.get("nb", [])  # lid.176 says "no" for Bokmål
    # Thai has no jusText list, and its unsegmented runs give no word frequencies: no list
    # (steps skip stop-word checks for languages without one, and say so in the signals).
    result.pop("th", None)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(dict(sorted(result.items())), ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8",
    )
    print(f"{len(result)} languages → {OUT}")


if __name__ == "__main__":
    main()
