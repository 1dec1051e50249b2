"""The line model's neighbourhood and page features (winnow.steps.clean.lines.context)."""

import numpy as np
import pytest

from winnow.steps.clean.lines.context import CONTEXT_FEATURES, window_means
from winnow.steps.clean.lines.features import FEATURES, line_features
from winnow.steps.clean.lines.rules import RuleConfig, find_furniture, split_lines


def naive_window_means(values: np.ndarray, half: int) -> np.ndarray:
    out = np.zeros_like(values)
    for i in range(len(values)):
        others = [j for j in range(i - half, i + half + 1) if 0 <= j < len(values) and j != i]
        if others:
            out[i] = values[others].mean(axis=0)
    return out


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40])
@pytest.mark.parametrize("half", [1, 2, 8])
def test_window_means_are_the_neighbours_mean_without_the_line_itself(n, half):
    values = np.random.default_rng(n * 10 + half).random((n, 3))
    assert np.allclose(window_means(values, half), naive_window_means(values, half))


def column(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, FEATURES.index(name)]


# (menu entries, article paragraphs) of the same page shape in four languages
PAGES = {
    "en": (
        ["Home", "News", "Sport", "Weather", "Contact"],
        [
            "The council voted on Tuesday to keep the old library open for another year.",
            "Residents had collected more than two thousand signatures against the plan.",
            "The mayor said the building would be repaired before the winter arrives.",
            "A public meeting about the budget will take place at the town hall in May.",
        ],
    ),
    "fr": (
        ["Accueil", "Actualités", "Sport", "Météo", "Contact"],
        [
            "Le conseil a voté mardi pour garder la vieille bibliothèque ouverte un an de plus.",
            "Les habitants avaient réuni plus de deux mille signatures contre le projet.",
            "Le maire a dit que le bâtiment serait réparé avant l'arrivée de l'hiver.",
            "Une réunion publique sur le budget aura lieu à la mairie au mois de mai.",
        ],
    ),
    "de": (
        ["Startseite", "Nachrichten", "Sport", "Wetter", "Kontakt"],
        [
            "Der Rat hat am Dienstag beschlossen, die alte Bibliothek ein weiteres Jahr offen "
            "zu halten.",
            "Die Bewohner hatten mehr als zweitausend Unterschriften gegen den Plan gesammelt.",
            "Der Bürgermeister sagte, das Gebäude werde vor dem Winter repariert werden.",
            "Eine öffentliche Versammlung zum Haushalt findet im Mai im Rathaus statt.",
        ],
    ),
    "ja": (
        ["ホーム", "ニュース", "スポーツ", "天気", "お問い合わせ"],
        [
            "市議会は火曜日、古い図書館をもう一年開館し続けることを決めました。",
            "住民たちはこの計画に反対する二千人以上の署名を集めていました。",
            "市長は冬が来る前に建物を修理すると述べました。",
            "予算についての説明会が五月に市役所で開かれる予定です。",
        ],
    ),
}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_menu_line_sees_a_menu_around_it_and_a_paragraph_sees_prose(lang):
    menu, body = PAGES[lang]
    infos = split_lines("\n".join(menu + body))
    x = line_features(infos, lang, find_furniture(infos, RuleConfig()))
    near = column(x, "win2_sentence")
    assert near[0] == 0.0 and near[1] == 0.0  # two menu entries on either side
    assert near[-1] == 1.0 and near[-2] > near[2]  # paragraphs among paragraphs
    assert column(x, "win2_log_chars")[-1] > column(x, "win2_log_chars")[0]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_page_profile_is_the_same_on_every_line(lang):
    menu, body = PAGES[lang]
    infos = split_lines("\n".join(menu + body))
    x = line_features(infos, lang)
    short = column(x, "doc_short_share")
    assert np.all(short == short[0])
    assert short[0] == pytest.approx(len(menu) / (len(menu) + len(body)))
    assert column(x, "doc_sentence_share")[0] == pytest.approx(len(body) / len(infos))


def test_a_list_page_and_an_article_page_have_different_profiles():
    headlines = [f"Another headline about topic number {i}" for i in range(12)]
    list_page = line_features(split_lines("\n".join(headlines)), "en")
    _, body = PAGES["en"]
    article = line_features(split_lines("\n".join(body * 3)), "en")
    assert column(list_page, "doc_sentence_share")[0] == 0.0
    assert column(article, "doc_sentence_share")[0] == 1.0
    assert column(list_page, "doc_sd_log_chars")[0] < 0.2


def test_context_features_are_named_in_the_model_feature_list():
    assert set(CONTEXT_FEATURES) <= set(FEATURES)
    assert len(set(CONTEXT_FEATURES)) == len(CONTEXT_FEATURES)
    single = line_features(split_lines("Just one line"), "en")
    assert np.isfinite(single).all()
