"""dedup.crosslingual: translated copies linked across languages by their skeletons."""

import pyarrow as pa
import pytest

from winnow.document import Document
from winnow.errors import ConfigError
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe
from winnow.step import ShardKeys
from winnow.steps.dedup.crosslingual import CrossLingualDedup, lang_code, lang_name
from winnow.steps.dedup.skeleton import name_key, normalise_number, skeleton, weight

EN = (
    "General McKenzie met Prime Minister Mustafa al Kadhimi in Baghdad on March 12, 2020. "
    "More than 5,200 troops of the 82nd Airborne remain, and a C-RAM system shot down a "
    "rocket fired at 03:52. Mulroy said the base had cost 1.5 million dollars."
)
FR = (
    "Le général McKenzie a rencontré le Premier ministre Mustafa al Kadhimi à Bagdad le "
    "12 mars 2020. Plus de 5 200 soldats de la 82e division aéroportée restent, et un système "
    "C-RAM a abattu une roquette tirée à 03h52. Selon Mulroy, la base a coûté 1,5 million."
)
RU = (
    "Генерал Маккензи встретился с премьер-министром Мустафой аль-Казыми в Багдаде 12 марта "
    "2020 года. Более 5 200 военных 82-й воздушно-десантной дивизии остаются, а система C-RAM "
    "сбила ракету, выпущенную в 03:52. По словам Малроя, база стоила 1,5 млн долларов."
)
JA = (
    "マッケンジー将軍は2020年3月12日、バグダッドでカディミ首相と会談した。第82空挺師団の"
    "兵士5200人以上が駐留を続け、C-RAMシステムが3時52分に発射されたロケットを撃墜した。"
    "マルロイ氏によると、基地には150万ドルがかかった。"
)
# the same topic, other names and numbers
OTHER = (
    "Le général Austin a rencontré le ministre Fouad Hussein à Erbil le 4 juin 2021. Près de "
    "2 500 soldats de la 101e division restent, et un système Patriot a abattu un drone à "
    "22h10. Selon Kirby, la base a coûté 7,3 millions."
)


def run(docs, **params):
    recipe = parse_recipe({"steps": [{"dedup.crosslingual": params}]})
    pipeline = Pipeline.from_recipe(recipe)
    pipeline.setup()
    return {d.id: d for d in run_in_memory(pipeline, docs)}


def docs_of(*pairs):
    return [Document(id=i, text=t, lang=lang) for i, lang, t in pairs]


def test_numbers_are_one_form_across_locales_and_scripts():
    assert normalise_number("5,200") == normalise_number("5.200") == ["5200"]
    assert normalise_number("5 200") == normalise_number("5\u202f200") == ["5200"]
    assert normalise_number("1,00,000") == ["100000"]
    assert normalise_number("3,50") == normalise_number("3.5") == ["3.5"]
    assert normalise_number("5.200,5") == normalise_number("5,200.5") == ["5200.5"]
    assert normalise_number("192.168.0.1") == ["192", "168", "0", "1"]
    arabic, hindi = skeleton("٥٬٢٠٠ جندي"), skeleton("५,२०० सैनिक")
    assert arabic == hindi == ["5200"]
    assert skeleton("1.5 million") == skeleton("1,5 millions") == skeleton("150万") == ["1500000"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5.12万年前", "51200"),  # a decimal before a CJK unit
        ("35万2700人", "352700"),  # compound CJK numbers
        ("1兆5000億円", "1500000000000"),
        ("1.5万亿日元", "1500000000000"),  # stacked units multiply
        ("1,5 Billionen Yen", "1500000000000"),  # long scale: German Billion is 10^12
        ("1.5 trillion yen", "1500000000000"),
        ("12,3 miljard", "12300000000"),  # Dutch miljard is not miljoen
        ("2,5 milliards", "2500000000"),
        ("1,2 млн", "1200000"),
        ("3.4 crore", "34000000"),
        ("10.5 लाख", "1050000"),
        ("5 mil millones", "5000000000"),  # two scale words multiply
        ("3,5 χιλιόμετρα", "3.5"),  # kilometres, not thousands (χιλιάδες)
        ("5 miles", "5"),  # "mil" is a whole word only
    ],
)
def test_scale_words_with_decimals_in_every_script(text, value):
    assert skeleton(text, names=False) == [value]


def test_a_month_name_counts_only_beside_a_day_or_a_year():
    assert skeleton("le 3 mars", names=False) == ["3", "3"]
    assert skeleton("l'un des 235", names=False) == ["235"]  # Norwegian "des." = December
    assert skeleton("410 Wh pro Kilogramm", names=False) == ["410"]  # Czech "pro." too


def test_dates_and_names_survive_translation():
    for text in ("12 mars 2020", "March 12, 2020", "2020年3月12日", "12 марта 2020", "12.03.2020"):
        assert sorted(skeleton(text)) == ["12", "2020", "3"], text
    assert skeleton("you may go 5 times") == ["5"]  # "may" is a month only beside a number
    # a day and month without a year ("08.10." in uk, de, cs, pl) is a date, not 8.1
    for text in ("зустріч 08.10. у Києві", "am 08.10. in Kyjiw", "on 8 October in Kyiv"):
        assert sorted(skeleton(text, names=False)) == ["10", "8"], text
    assert skeleton("version v8.1 and rate 8.10 percent", names=False) == ["8.1", "8.1"]
    assert name_key("McKenzie") == name_key("Маккензи") == name_key("Μακένζι")
    assert name_key("Bagdad") == name_key("Багдаде")  # a case ending is absorbed
    # a capitalised word that starts a sentence is not a name
    assert skeleton("Yesterday Kadhimi left.") == ["@" + name_key("Kadhimi")]


def test_translations_are_linked_and_distractors_are_not():
    docs = docs_of(("en", "en", EN), ("fr", "fr", FR), ("other", "fr", OTHER), ("ru", "ru", RU))
    docs.append(Document(id="ja", text=JA, lang="ja"))
    out = run(docs)
    for member in ("en", "fr", "ru", "ja"):
        signals = out[member].signals
        assert signals["crosslingual_group"] == "en", member
        assert signals["crosslingual_size"] == 4
        assert signals["crosslingual_languages"] == ["en", "fr", "ja", "ru"]
        assert out[member].kept
    assert "crosslingual_group" not in out["other"].signals


def test_remove_keeps_the_first_and_names_it():
    out = run(docs_of(("fr", "fr", FR), ("en", "en", EN), ("ru", "ru", RU)), action="remove")
    assert out["fr"].kept and out["fr"].signals["crosslingual_similarity"] == 1.0
    for copy in ("en", "ru"):
        rejection = out[copy].rejection
        assert rejection.reason == "translated_copy"
        assert rejection.detail.startswith("translated copy of fr (skeleton similarity")


def test_same_language_copies_are_left_to_minhash():
    out = run(docs_of(("a", "en", EN), ("b", "en", EN + " Again.")), action="remove")
    assert all(d.kept and "crosslingual_group" not in d.signals for d in out.values())
    # a same-language copy in a group is annotated but never removed by this step
    out = run(
        docs_of(("a", "en", EN), ("b", "fr", FR), ("c", "en", EN + " Again.")), action="remove"
    )
    assert out["b"].rejection is not None
    assert out["c"].kept and out["c"].signals.get("crosslingual_group") == "a"


def test_short_skeletons_and_unlabelled_documents_are_ignored():
    short_en = "The 3 ministers met on Monday."
    short_fr = "Les 3 ministres se sont réunis lundi."
    out = run(docs_of(("a", "en", short_en), ("b", "fr", short_fr)), min_tokens=2)
    assert not any("crosslingual_group" in d.signals for d in out.values())
    out = run([Document(id="a", text=EN, lang="en"), Document(id="b", text=FR)])
    assert not any("crosslingual_group" in d.signals for d in out.values())


def test_items_weigh_by_how_rarely_two_pages_share_them():
    assert weight("7") == 0  # list numbers, counts spelled out in translations
    assert weight("92") < weight("2024") == weight("5000") < weight("2600000") < weight("51200")
    assert weight("51200") == weight("14.7") < weight("#A320") < weight("1284000")
    assert weight("1284000") < weight("875343") == weight("1234567")
    assert weight("@mkns") == weight("2024")


def test_a_small_but_distinctive_skeleton_links_and_a_lone_number_does_not():
    # 51,200 / 2024 / 92 weigh 4 + 2 + 1: enough; 2019 / 2020 / 45 weigh 2 + 2 + 1: not
    en = "Some 51,200 people signed in 2024, and 92 towns joined."
    fr = "Quelque 51 200 personnes ont signé en 2024, et 92 villes ont suivi."
    out = run(docs_of(("a", "en", en), ("b", "fr", fr)))
    assert out["b"].signals["crosslingual_group"] == "a"
    en, fr = "Between 2019 and 2020, 45 towns joined.", "Entre 2019 et 2020, 45 villes ont suivi."
    out = run(docs_of(("a", "en", en), ("b", "fr", fr)))
    assert not any("crosslingual_group" in d.signals for d in out.values())
    # one item, however precise (weight 7 ≥ min_tokens), says too little on its own
    en, fr = "It cost 1,284,567 dollars.", "Cela a coûté 1 284 567 dollars."
    out = run(docs_of(("a", "en", en), ("b", "fr", fr)))
    assert not any("crosslingual_group" in d.signals for d in out.values())


@pytest.mark.parametrize(
    "params",
    [
        {"action": "delete"},
        {"threshold": 0},
        {"order": "random"},
        {"min_tokens": 0},
        {"num_bands": 40, "rows_per_band": 4},
        {"numbers": False, "dates": False, "codes": False, "names": False},
        {"plan_memory_mb": 1},
    ],
)
def test_bad_parameters_fail_before_any_work(params):
    with pytest.raises(ConfigError):
        Pipeline.from_recipe(parse_recipe({"steps": [{"dedup.crosslingual": params}]}))


def test_language_codes_round_trip():
    for lang in ("en", "zh", "eng_Latn", "ceb"):
        assert lang_name(lang_code(lang)) == lang


def test_partitions_and_shards_do_not_change_the_decisions(tmp_path):
    texts = [("en", EN), ("fr", OTHER), ("fr", FR), ("ru", RU), ("en", EN), ("ja", JA)]
    docs = [Document(id=str(i), text=t, lang=lang) for i, (lang, t) in enumerate(texts)]
    step = CrossLingualDedup()
    step.setup()
    keys = step.keys(docs)

    def table(lo, hi):
        rows = [(i - lo, k) for i, k in enumerate(keys[lo:hi], lo) if k is not None]
        return pa.table(
            {
                "ord": pa.array([o for o, _ in rows], pa.uint32()),
                "id": [k[0] for _, k in rows],
                "lang": [k[1] for _, k in rows],
                "signature": pa.array([k[2] for _, k in rows], step.key_schema.field(2).type),
            }
        )

    whole = step.plan(ShardKeys([table(0, 6)], tmp_path / "a"))[0].to_pylist()
    step.config.partitions = 7
    parts = step.plan(ShardKeys([table(0, 2), table(2, 4), table(4, 6)], tmp_path / "b"))
    split = [
        row | {"ord": row["ord"] + 2 * s} for s, t in enumerate(parts) for row in t.to_pylist()
    ]
    assert split == whole
    assert {r["ord"]: r["group"] for r in whole} == {0: "0", 2: "0", 3: "0", 4: "0", 5: "0"}


@pytest.mark.slow
def test_runs_through_the_engine_with_the_same_bytes_for_any_worker_count(tmp_path):
    from conftest import write_jsonl
    from winnow.running.runner import RunOptions
    from winnow.running.runner import run as run_corpus

    (tmp_path / "in").mkdir()
    texts = [EN, FR, OTHER, RU, JA]
    for f in range(2):
        rows = [{"id": f"{f}-{i}", "text": t} for i, t in enumerate(texts) if i % 2 == f]
        write_jsonl(tmp_path / f"in/p{f}.jsonl", rows)
    recipe = parse_recipe(
        {"name": "xl", "steps": ["lang.identify", {"dedup.crosslingual": {"action": "remove"}}]}
    )
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"o{workers}"
        options = RunOptions([str(tmp_path / "in")], str(out), recipe=recipe, workers=workers)
        options.quiet = True
        outs.append(run_corpus(options))
    assert outs[0].stats == outs[1].stats
    assert outs[0].stats["steps"][1]["removed_by_reason"] == {"translated_copy": 3}
    for part in sorted((tmp_path / "o1").glob("*/*.parquet")):
        twin = tmp_path / "o2" / part.relative_to(tmp_path / "o1")
        assert part.read_bytes() == twin.read_bytes(), part


def test_report_section_counts_pairs_and_escapes_text():
    from winnow.report.crosslingual import crosslingual_section

    signals = {"crosslingual_group": "a", "crosslingual_size": 2,
               "crosslingual_languages": ["en", "fr"]}  # fmt: skip
    rows = [
        {"id": "a", "language": "en", "signals": signals, "text": "<b>5,200</b> troops"},
        {
            "id": "b",
            "language": "fr",
            "signals": signals,
            "text": "5 200 soldats",
            "reason": "translated_copy",
            "detail": "translated copy of a",
        },
        {"id": "c", "language": "de", "signals": "{}", "text": "nichts"},
    ]
    html = crosslingual_section(rows)
    assert "2 documents in 1 groups" in html and "en – fr</td><td>1<" in html
    assert "&lt;b&gt;5,200" in html and "translated copy of a" in html
    assert crosslingual_section(rows[2:]) == ""
