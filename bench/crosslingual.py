"""``dedup.crosslingual`` at scale: documents per second and peak memory of the process tree.

    python bench/crosslingual.py --docs 1000000 --files 20 --workers 2     # the RESULTS run
    python bench/crosslingual.py --docs 20000 --files 4 --workers 2        # a quick look

A synthetic corpus of short news items (4–7 sentences) in six languages (en, fr, de, es,
ru, ja), each sentence a template of its language with two numbers drawn from a wide,
skewed range (years, days, counts, decimals, large amounts written in the language's
format: 5,200 / 5 200 / 5.200 / 5200 / 5200万). In every block of 20 documents,
documents 1–3 are translations of document 0 (the same numbers in the other languages'
templates and formats, in another sentence order); the rest are unrelated. ``winnow run``
with ``lang.identify`` then ``dedup.crosslingual`` runs in a child process; the peak is
the anonymous memory (RssAnon) of the whole process tree (``bench/dedup_scale.py``'s
sampler). Reported: wall and CPU seconds, docs/s, peaks, stage seconds, groups found
against groups planted.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dedup_scale import measured  # noqa: E402 - bench scripts import each other by path

BLOCK, COPIES = 20, 3
LANGS = ("en", "fr", "de", "es", "ru", "ja")
TEMPLATES = {
    "en": [
        "The council approved {a} new homes on Tuesday, at a cost of {b} dollars.",
        "About {a} people attended the festival, up from {b} the year before.",
        "The company said its sales reached {a} units in {b} markets.",
        "Officials counted {a} visitors in July and {b} in August.",
        "The bridge, built in {a}, carries {b} vehicles a day.",
        "Prices rose {a} percent while wages grew {b} percent.",
        "The team scored {a} points and won by {b}.",
    ],
    "fr": [
        "Le conseil a approuvé {a} nouveaux logements mardi, pour un coût de {b} dollars.",
        "Environ {a} personnes ont assisté au festival, contre {b} l'année précédente.",
        "L'entreprise a indiqué que ses ventes avaient atteint {a} unités sur {b} marchés.",
        "Les autorités ont compté {a} visiteurs en juillet et {b} en août.",
        "Le pont, construit en {a}, voit passer {b} véhicules par jour.",
        "Les prix ont augmenté de {a} % tandis que les salaires progressaient de {b} %.",
        "L'équipe a marqué {a} points et s'est imposée de {b}.",
    ],
    "de": [
        "Der Rat genehmigte am Dienstag {a} neue Wohnungen für {b} Dollar.",
        "Rund {a} Menschen besuchten das Festival, nach {b} im Vorjahr.",
        "Das Unternehmen meldete einen Absatz von {a} Einheiten in {b} Märkten.",
        "Die Behörden zählten im Juli {a} Besucher und im August {b}.",
        "Über die {a} gebaute Brücke fahren täglich {b} Fahrzeuge.",
        "Die Preise stiegen um {a} Prozent, die Löhne um {b} Prozent.",
        "Die Mannschaft erzielte {a} Punkte und gewann mit {b} Punkten Vorsprung.",
    ],
    "es": [
        "El consejo aprobó el martes {a} viviendas nuevas con un coste de {b} dólares.",
        "Unas {a} personas asistieron al festival, frente a {b} el año anterior.",
        "La empresa dijo que sus ventas alcanzaron {a} unidades en {b} mercados.",
        "Las autoridades contaron {a} visitantes en julio y {b} en agosto.",
        "El puente, construido en {a}, soporta {b} vehículos al día.",
        "Los precios subieron un {a} % y los salarios un {b} %.",
        "El equipo anotó {a} puntos y ganó por {b}.",
    ],
    "ru": [
        "Во вторник совет одобрил строительство {a} новых домов стоимостью {b} долларов.",
        "Фестиваль посетили около {a} человек, годом ранее — {b}.",
        "Компания сообщила, что продажи достигли {a} единиц на {b} рынках.",
        "В июле насчитали {a} посетителей, в августе — {b}.",
        "По мосту, построенному в {a} году, ежедневно проезжают {b} машин.",
        "Цены выросли на {a}%, а зарплаты — на {b}%.",
        "Команда набрала {a} очков и победила с разницей в {b}.",
    ],
    "ja": [
        "議会は火曜日、{a}戸の新しい住宅を承認し、費用は{b}ドルとなる。",
        "祭りには約{a}人が訪れ、前年の{b}人を上回った。",
        "同社によると、販売台数は{b}の市場で{a}台に達した。",
        "当局は7月に{a}人、8月に{b}人の来場者を数えた。",
        "{a}年に建設された橋を1日{b}台の車が通る。",
        "物価は{a}%上昇し、賃金は{b}%伸びた。",
        "チームは{a}点を挙げ、{b}点差で勝った。",
    ],
}
SEPARATOR = {"en": ",", "fr": "\u202f", "de": ".", "es": ".", "ru": " ", "ja": ""}
DECIMAL = {"en": ".", "fr": ",", "de": ",", "es": ",", "ru": ",", "ja": "."}


def number(rng: random.Random) -> float | int:
    kind = rng.random()
    if kind < 0.25:
        return rng.randint(1950, 2030)
    if kind < 0.45:
        return round(rng.uniform(0.1, 99.9), 1)
    return int(10 ** rng.uniform(1.5, 7.5))


def written(value: float | int, lang: str) -> str:
    if isinstance(value, float):
        return f"{value}".replace(".", DECIMAL[lang])
    if 1950 <= value <= 2030:
        return str(value)
    if lang == "ja" and value >= 100_000 and value % 10_000 == 0:
        return f"{value // 10_000}万"
    return f"{value:,}".replace(",", SEPARATOR[lang])


def article(lang: str, facts: list[tuple[int, Any, Any]], order: list[int]) -> str:
    return " ".join(
        TEMPLATES[lang][t].format(a=written(a, lang), b=written(b, lang))
        for t, a, b in (facts[i] for i in order)
    )


def generate(folder: Path, docs: int, files: int, seed: int = 3) -> None:
    """``docs`` documents in ``files`` JSONL files (written once, then reused)."""
    done = folder / "done"
    if done.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    handles = [
        open(folder / f"part-{f:03d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115 - closed below
        for f in range(files)
    ]
    per_file = -(-docs // files)
    base: list[tuple[int, Any, Any]] = []
    for i in range(docs):
        slot = i % BLOCK
        if slot == 0 or slot > COPIES:
            base = [(rng.randrange(7), number(rng), number(rng)) for _ in range(rng.randint(4, 7))]
            base_lang = rng.choice(LANGS)
            lang = base_lang
        else:
            lang = LANGS[(LANGS.index(base_lang) + slot) % len(LANGS)]
        order = list(range(len(base)))
        if slot:
            rng.shuffle(order)
        text = article(lang, base, order)
        handles[i // per_file].write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    for h in handles:
        h.close()
    done.write_text("")


RECIPE = """name: crosslingual-bench
steps:
  - lang.identify
  - dedup.crosslingual
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the result here too")
    args = parser.parse_args()
    folder = HERE / "work" / f"crosslingual-{args.docs}"
    t0 = time.perf_counter()
    generate(folder, args.docs, args.files)
    print(f"corpus ready in {time.perf_counter() - t0:.0f} s: {folder}", flush=True)
    out = HERE / "work" / f"crosslingual-{args.docs}-out"
    shutil.rmtree(out, ignore_errors=True)
    recipe = HERE / "work" / "crosslingual.yaml"
    recipe.write_text(RECIPE)
    command = [sys.executable, "-m", "winnow.cli", "run", str(folder), "--out", str(out)]
    command += ["--recipe", str(recipe), "--workers", str(args.workers), "--quiet"]
    out.mkdir(parents=True)
    done, peaks = measured(command, out)
    if done.returncode:
        sys.exit(f"winnow run failed:\n{done.stderr[-4000:]}")
    stats = json.loads((out / "stats.json").read_text())
    step = stats["steps"][-1]
    result = {
        "docs": args.docs,
        "files": args.files,
        "workers": args.workers,
        **peaks,
        "docs_per_s": round(args.docs / peaks["wall_s"]),
        "docs_per_cpu_s": round(args.docs / peaks["cpu_s"]),
        "stage_seconds": json.loads((out / "run.json").read_text())["stage_seconds"],
        "groups_found": step.get("found", {}).get("groups", 0),
        "documents_in_groups": step.get("found", {}).get("documents_in_groups", 0),
        "groups_planted": -(-args.docs // BLOCK),
    }
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
