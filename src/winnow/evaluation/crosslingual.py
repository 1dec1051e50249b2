"""Scoring ``dedup.crosslingual`` on a set of articles written with their translations.

The set (``tests/eval/crosslingual/*.txt``) holds families: an article and its
translations into several languages (non-Latin scripts included), plus distractors on the
same topics with other names and numbers. Some translations are wrapped in a content
site's page furniture (navigation, a publication date, share buttons, a byline, related
headlines), as the seed is. Real monolingual pages from ``../shared/data`` (lingua's
Leipzig sentences assembled into documents, WCXB main texts) are mixed in: they must be
linked to nothing.

Scored as pairs of documents in different languages: recall over the translation pairs
(two members of one family), precision over every pair the step links (two members of
one group). Articles 31–40 are held out: settings are tuned on 1–30 only.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HELD_OUT = range(31, 41)  # article numbers never tuned on
_HEADER = re.compile(r"^=== (\S+) (\S+)(?: (\S+))?\s*$", re.M)


@dataclass
class Item:
    id: str
    family: str
    lang: str
    text: str
    role: str = "translation"  # original | translation | distractor | monolingual

    @property
    def split(self) -> str:
        """dev, held-out, or none (monolingual pages, the seed)."""
        number = re.fullmatch(r"[ad](\d+)", self.family)
        if number is None:
            return "none"
        return "held-out" if int(number.group(1)) in HELD_OUT else "dev"


def read_set(folder: Path) -> list[Item]:
    """Every block of every ``*.txt`` file in ``folder``, in file then block order."""
    items: list[Item] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        heads = list(_HEADER.finditer(text))
        for head, nxt in itertools.zip_longest(heads, heads[1:]):
            end = nxt.start() if nxt is not None else len(text)
            family, lang, role = head.group(1), head.group(2), head.group(3) or "translation"
            body = text[head.end() : end].strip()
            items.append(Item(f"{family}-{lang}", family, lang, body, role))
    return items


# --- content-site wrappers -------------------------------------------------------------

_WRAPPERS: dict[str, dict[str, Any]] = {
    "en": {
        "nav": "World", "date": "{month_en} {d}, {y} at {h}:{mi} AM", "read": "{r} min read",
        "share": "Share on FacebookShare on TwitterEmail this story", "by": "Written by {a}",
        "comment": "Leave a comment",
    },
    "fr": {
        "nav": "in", "date": "{d} {month_fr} {y} à {h}h{mi}", "read": "{r} min de lecture",
        "share": "Partager sur FacebookPartager sur TwitterEnvoyer cet article",
        "by": "Ecrit par {a}", "comment": "Laisser un commentaire",
    },
    "de": {
        "nav": "Welt", "date": "{d}. {month_de} {y} um {h}:{mi}", "read": "{r} Min. Lesezeit",
        "share": "Auf Facebook teilenAuf Twitter teilen", "by": "Geschrieben von {a}",
        "comment": "Kommentar schreiben",
    },
    "es": {
        "nav": "Mundo", "date": "{d} de {month_es} de {y} - {h}:{mi}",
        "read": "{r} min de lectura", "share": "Compartir en FacebookCompartir en Twitter",
        "by": "Escrito por {a}", "comment": "Deja un comentario",
    },
    "ru": {
        "nav": "Главная", "date": "{d}.{m:02d}.{y} {h}:{mi}", "read": "{r} мин. чтения",
        "share": "ПоделитьсяВКонтактеTelegram", "by": "Автор: {a}",
        "comment": "Оставить комментарий",
    },
    "ja": {
        "nav": "ホーム", "date": "{y}年{m}月{d}日 {h}:{mi}", "read": "{r}分で読めます",
        "share": "Facebookでシェア Xでポスト", "by": "文：{a}", "comment": "コメントを書く",
    },
    "ar": {
        "nav": "الرئيسية", "date": "{d}/{m}/{y} - {h}:{mi}", "read": "{r} دقائق للقراءة",
        "share": "شارك على فيسبوكشارك على تويتر", "by": "كتبه {a}", "comment": "اترك تعليقا",
    },
}  # fmt: skip
_MONTHS = {
    "month_en": "January February March April May June July August September October "
    "November December",
    "month_fr": "janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre",
    "month_de": "Januar Februar März April Mai Juni Juli August September Oktober November "
    "Dezember",
    "month_es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre",
}
_AUTHORS = ["Shirley Taieb", "Marc Dubreuil", "Lena Vogt", "Ana Ruiz", "Pavel Orlov", "Kenji Mori"]
# related headlines on the sites: each a number or two of its own (headline, language)
_RELATED = [
    "Record heat: {n} degrees measured in the south on {d} {month_en}",
    "{n}000 new cases in one day, a grim new record",
    "Lottery winner shares {n} million with {d} colleagues",
    "Storm leaves {n} 000 homes without power",
]


def wrap(item: Item) -> str:
    """The item inside its language's site furniture (same item, same page)."""
    form = _WRAPPERS[item.lang]
    seed = int(hashlib.sha1(item.id.encode()).hexdigest(), 16)
    m, d, y = seed % 12 + 1, seed % 28 + 1, 2019 + seed % 6
    values = {
        "m": m, "d": d, "y": y, "h": seed % 12 + 1, "mi": f"{seed % 60:02d}",
        "r": seed % 9 + 2, "a": _AUTHORS[seed % len(_AUTHORS)],
    }  # fmt: skip
    values |= {k: v.split()[m - 1] for k, v in _MONTHS.items()}
    related = [
        _RELATED[(seed >> k) % len(_RELATED)].format(n=(seed >> (3 * k)) % 90 + 10, **values)
        for k in (4, 9)
    ]
    parts = [
        form["nav"],
        form["date"].format(**values),
        form["read"].format(**values),
        form["share"],
        item.text,
        form["by"].format(**values),
        form["comment"],
        *related,
    ]
    return "\n\n".join(parts)


def wrapped(items: list[Item]) -> list[Item]:
    """Every third translation (in set order) in a site's furniture, where its language
    has one."""
    out = []
    translations = 0
    for item in items:
        if item.role == "translation":
            translations += 1
            if translations % 3 == 0 and item.lang in _WRAPPERS:
                item = Item(item.id, item.family, item.lang, wrap(item), item.role)
        out.append(item)
    return out


# --- monolingual pages from ../shared -------------------------------------------------

LINGUA_LANGUAGES = ("ar", "de", "el", "en", "es", "fr", "hi", "it", "ja", "pl", "pt", "ru",
                    "tr", "zh", "nl", "uk")  # fmt: skip


def lingua_documents(shared: Path, per_language: int = 6, sentences: int = 14) -> list[Item]:
    """Consecutive Leipzig sentences of lingua's test data as documents, per language."""
    items = []
    for lang in LINGUA_LANGUAGES:
        path = shared / "data" / "lingua-language-testdata" / "sentences" / f"{lang}.txt.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
        for k in range(per_language):
            chunk = lines[k * sentences : (k + 1) * sentences]
            if chunk:
                items.append(Item(f"lingua-{lang}-{k}", f"lingua-{lang}-{k}", lang,
                                  " ".join(chunk), "monolingual"))  # fmt: skip
    return items


def wcxb_documents(shared: Path, limit: int = 200) -> list[Item]:
    """WCXB's ground-truth main texts (the first ``limit`` by id), language from lid.176."""
    from winnow.steps.lang import load_model, predict

    model = load_model()
    folder = shared / "data" / "wcxb" / "ground-truth"
    items = []
    for path in sorted(folder.glob("*.json.gz"))[:limit]:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            truth = json.loads(f.read())
        text = (truth.get("ground_truth") or truth).get("main_content") or ""
        top = predict(model, text[:5000])
        if text and top:
            name = path.name.split(".")[0]
            items.append(Item(f"wcxb-{name}", f"wcxb-{name}", top[0][0], text, "monolingual"))
    return items


# --- running and scoring --------------------------------------------------------------


@dataclass
class Scores:
    true_pairs: int = 0
    found_pairs: int = 0  # true pairs linked
    linked_pairs: int = 0  # every pair linked
    false_links: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.found_pairs / self.linked_pairs if self.linked_pairs else 1.0


def run_step(items: list[Item], params: dict[str, Any] | None = None) -> dict[str, str]:
    """The group each item lands in (items linked to nothing are absent)."""
    from winnow.document import Document
    from winnow.pipeline import Pipeline, run_in_memory
    from winnow.recipe import parse_recipe

    recipe = parse_recipe({"steps": [{"dedup.crosslingual": params or {}}]})
    pipeline = Pipeline.from_recipe(recipe)
    pipeline.setup()
    docs = [Document(id=i.id, text=i.text, lang=i.lang) for i in items]
    return {
        d.id: d.signals["crosslingual_group"]
        for d in run_in_memory(pipeline, docs)
        if "crosslingual_group" in d.signals
    }


def score(items: list[Item], groups: dict[str, str], split: str | None = None) -> Scores:
    """Pair scores; with ``split``, only pairs with a member of that split count."""
    by_id = {i.id: i for i in items}
    out = Scores()

    def counted(a: Item, b: Item) -> bool:
        return a.lang != b.lang and (split is None or split in (a.split, b.split))

    families: dict[str, list[Item]] = {}
    for item in items:
        families.setdefault(item.family, []).append(item)
    for members in families.values():
        for a, b in itertools.combinations(members, 2):
            if counted(a, b):
                out.true_pairs += 1
                if a.id in groups and groups.get(a.id) == groups.get(b.id):
                    out.found_pairs += 1
                else:
                    out.missed.append((a.id, b.id))
    linked: dict[str, list[Item]] = {}
    for doc_id, group in groups.items():
        linked.setdefault(group, []).append(by_id[doc_id])
    for members in linked.values():
        for a, b in itertools.combinations(members, 2):
            if counted(a, b):
                out.linked_pairs += 1
                if a.family != b.family:
                    out.false_links.append((a.id, b.id))
    return out


def evaluate(items: Iterable[Item], params: dict[str, Any] | None = None) -> dict[str, Scores]:
    """Scores on the dev and held-out articles and on everything together."""
    items = list(items)
    groups = run_step(items, params)
    return {split: score(items, groups, split) for split in ("dev", "held-out")} | {
        "all": score(items, groups)
    }
