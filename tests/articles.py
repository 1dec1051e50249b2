"""Article texts in English, French, German and Japanese for the rule tests, and a helper
that runs one configured step."""

from conftest import FIXTURES, french_body
from winnow.document import Document

CAPTION = {
    "en": (
        "Dock workers unload a container ship at the Maasvlakte terminal during the morning "
        "shift on February 27, 2023."
    ),
    "fr": (
        "Les parachutistes de l'armée affectés à la 82e division lors d'un exercice de "
        "défense au camp Taji, en Irak, le 19 janvier 2020."
    ),
    "de": (
        "Fallschirmjäger der 82. Luftlandedivision sichern während einer Übung im Camp Taji "
        "im Irak am 19. Januar 2020."
    ),
    "ja": (
        "港の作業員が二月二十七日の朝の勤務中にマースフラクテ埠頭でコンテナ船の荷を降ろしている。"
    ),
}
CREDIT = {"en": "Port Authority", "fr": "Armée", "de": "Armee", "ja": "港湾局提供"}
OTHER = {
    "en": "The director praised the union for keeping emergency services running.",
    "fr": "Le général a salué les récentes actions du gouvernement contre la milice.",
    "de": "Der General lobte das jüngste Vorgehen der Regierung gegen die Miliz.",
    "ja": "局長は、組合が作業停止中も緊急業務を続けたことを高く評価した。",
}
LANGS = ["en", "fr", "de", "ja"]


def article(lang: str) -> str:
    if lang == "fr":
        return "\n\n".join(french_body())  # ~ 130 words, 6 sentences
    name = "article-ja.txt" if lang == "ja" else f"seed-{'de' if lang == 'de' else 'en'}.txt"
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n\n")
    if lang == "ja":
        return "\n\n".join(lines[6:12])
    # the body without the two repeated captions (lines 21 and 31 of the seed layout)
    return "\n\n".join(x for i, x in enumerate(lines[6:24], 6) if i not in (10, 15))


def judged(step_cls, text: str, lang: str, **config):
    """``text`` after one quality step configured with ``config``."""
    doc = Document(id="x", text=text, lang=lang)
    step_cls(step_cls.Config(**config)).apply(doc)
    return doc
