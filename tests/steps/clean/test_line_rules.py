"""Each line rule, positive and negative, in English, French, German and Japanese.

A rule is tested in the place it applies: head rules before an article body, tail rules
after it, the others anywhere. The body is real prose of the same language.
"""

import pytest

from conftest import FIXTURES, french_body
from winnow.document import Document
from winnow.steps.clean.lines.rules import RuleConfig, find_furniture, is_date_line, split_lines
from winnow.steps.clean.lines.step import LineCleaner


def body(lang: str) -> list[str]:
    if lang == "ja":
        lines = (FIXTURES / "article-ja.txt").read_text(encoding="utf-8").split("\n\n")
        return lines[6:12]
    lines = (FIXTURES / f"seed-{lang}.txt").read_text(encoding="utf-8").split("\n\n")
    return lines[6:12]


BODY = {"en": body("en"), "de": body("de"), "fr": french_body(), "ja": body("ja")}

# (rule, where, {lang: furniture line that the rule must catch})
POSITIVE = [
    ("navigation", "head", {"en": "Home", "fr": "Accueil", "de": "Startseite", "ja": "ホーム"}),
    (
        "date_line",
        "head",
        {
            "en": "March 14, 2023 at 9:41 AM",
            "fr": "8 juillet 2020 à 03h52",
            "de": "8. Juli 2020 um 03:52",
            "ja": "2023年3月14日 09:41",
        },
    ),
    (
        "reading_time",
        "head",
        {
            "en": "5 min read",
            "fr": "7 min de lecture",
            "de": "7 Min. Lesezeit",
            "ja": "5分で読めます",
        },
    ),
    (
        "share_buttons",
        "head",
        {
            "en": "Share on FacebookShare on TwitterEmail this story",
            "fr": "Partager sur FacebookPartager sur Twitter",
            "de": "Auf Facebook teilenAuf Twitter teilen",
            "ja": "Facebookでシェア Twitterでシェア",
        },
    ),
    (
        "cookie_notice",
        "middle",
        {
            "en": "We use cookies to improve your experience. Accept all cookies",
            "fr": "Nous utilisons des cookies pour améliorer votre expérience. Tout accepter",
            "de": "Wir verwenden Cookies, um Ihr Erlebnis zu verbessern. Alle akzeptieren",
            "ja": "当サイトはクッキーを使用しています。すべて許可する",
        },
    ),
    (
        "javascript",
        "middle",
        {
            "en": "Please enable JavaScript to watch this video.",
            "fr": "Veuillez activer JavaScript pour voir cette vidéo.",
            "de": "Bitte aktivieren Sie JavaScript, um das Video zu sehen.",
            "ja": "動画を見るにはJavaScriptを有効にしてください。",
        },
    ),
    (
        "code",
        "middle",
        {
            "en": "var player = {autoplay: true};",
            "fr": "function init() { document.title = 'Accueil'; }",
            "de": "var seite = {sprache: 'de'};",
            "ja": "var 設定 = {言語: 'ja'};",
        },
    ),
    ("no_letters", "middle", {"en": "|| ---- ||", "fr": "* * *", "de": "________", "ja": "・・・"}),
    (
        "byline",
        "tail",
        {
            "en": "Written by Mark Jansen",
            "fr": "Ecrit par Shirley Taieb",
            "de": "Geschrieben von Anna Schmidt",
            "ja": "文：佐藤春樹",
        },
    ),
    (
        "call_to_action",
        "tail",
        {"en": "Follow us", "fr": "Suivez-nous", "de": "Folgen Sie uns", "ja": "フォローする"},
    ),
    (
        "comment_form",
        "tail",
        {
            "en": "Leave a comment",
            "fr": "Laisser un commentaire",
            "de": "Kommentar schreiben",
            "ja": "コメントを残す",
        },
    ),
    (
        "category_list",
        "tail",
        {
            "en": "Tags: harbour, strike, dock workers",
            "fr": "Étiquettes : grève, port, dockers",
            "de": "Schlagwörter: Hafen, Streik, Hafenarbeiter",
            "ja": "タグ：港, ストライキ",
        },
    ),
    (
        "comment_form",
        "middle",
        {
            "en": "Your email address will not be published. Required fields are marked *",
            "fr": "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont "
            "indiqués avec *",
            "de": "Deine E-Mail-Adresse wird nicht veröffentlicht.",
            "ja": "メールアドレスが公開されることはありません。 * が付いている欄は必須項目です",
        },
    ),
    # furniture only its words give away (line_phrases), anywhere, even inside the body
    (
        "related_heading",
        "middle",
        {
            "en": "You may also like",
            "fr": "À lire aussi : Le gouvernement annonce un plan vélo",
            "de": "Das könnte Sie auch interessieren",
            "ja": "関連記事：東京の新しい駅が開業",
        },
    ),
    (
        "ad_label",
        "middle",
        {"en": "Advertisement", "fr": "Publicité", "de": "Anzeige", "ja": "広告"},
    ),
    (
        "photo_credit",
        "middle",
        {
            "en": "Photo: Reuters/Jane Doe",
            "fr": "Crédit photo : Jean Dupont",
            "de": "Foto: dpa",
            "ja": "写真：共同通信",
        },
    ),
    (
        "button_label",
        "middle",
        {"en": "Learn more", "fr": "Retour en haut", "de": "Nach oben", "ja": "もっと見る"},
    ),
    (
        "member_status",
        "middle",
        {"en": "Offline", "fr": "Hors ligne", "de": "Offline", "ja": "オフライン"},
    ),
    (
        "breadcrumb",
        "head",
        {
            "en": "You are here: Home › News › Harbour",
            "fr": "Vous êtes ici : Accueil > Actualités > Ville",
            "de": "Sie sind hier: Startseite / Lokales",
            "ja": "現在位置：ホーム > ニュース > 港",
        },
    ),
    (
        "share_buttons",
        "middle",
        {
            "en": "Share this article",
            "fr": "Partager cet article",
            "de": "Diesen Artikel teilen",
            "ja": "この記事をシェア",
        },
    ),
]
# Lines in the same places that must stay.
NEGATIVE = {
    "head": {
        "en": "Harbour authority confident that dock workers will accept the new deal",
        "fr": "Le conseil municipal valide le projet de pistes cyclables près de la rivière",
        "de": "Gemeinderat beschließt neue Radwege entlang des Flusses",
        "ja": "港湾局、労働組合との新しい勤務体制で合意に自信",
    },
    "middle": {
        "en": "The mayor said the first section should be finished in September.",
        "fr": "Le maire a indiqué que la première partie serait terminée en septembre.",
        "de": "Der Bürgermeister sagte, der erste Abschnitt sei im September fertig.",
        "ja": "市長は、最初の区間は九月末までに完成する見込みだと述べた。",
    },
    "tail": {
        "en": "The council will meet again next month to vote on the final plan.",
        "fr": "Le conseil se réunira le mois prochain pour voter le plan définitif.",
        "de": "Der Rat trifft sich im nächsten Monat erneut, um abzustimmen.",
        "ja": "市議会は来月、最終案について採決するために再び集まる。",
    },
}
LANGS = ["en", "fr", "de", "ja"]


def document(lang: str, line: str, where: str) -> tuple[str, int]:
    lines = list(BODY[lang])
    if where == "head":
        lines.insert(0, line)
        index = 0
    elif where == "tail":
        lines.append(line)
        index = len(lines) - 1
    else:
        lines.insert(3, line)
        index = 3
    return "\n\n".join(lines), index


def hits_for(text: str) -> dict:
    return find_furniture(split_lines(text), RuleConfig())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rule,where,cases", POSITIVE, ids=[f"{p[0]}-{p[1]}" for p in POSITIVE])
def test_rule_catches_its_furniture(rule, where, cases, lang):
    text, index = document(lang, cases[lang], where)
    hits = hits_for(text)
    assert index in hits, f"{rule} missed {cases[lang]!r}"
    assert str(hits[index].reason) == rule


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["head", "middle", "tail"])
def test_rules_leave_content_alone(where, lang):
    text, index = document(lang, NEGATIVE[where][lang], where)
    hits = hits_for(text)
    assert index not in hits, f"{hits.get(index)} on {NEGATIVE[where][lang]!r}"
    cleaner = LineCleaner()
    doc = Document(id="x", text=text, lang=lang)
    cleaner.apply(doc)
    assert NEGATIVE[where][lang] in doc.text.split("\n\n")
    for paragraph in BODY[lang]:
        assert paragraph in doc.text.split("\n\n"), "body prose is never removed"


# Lines that hold a furniture phrase's words, or start like a credit, and are content.
PHRASE_NEGATIVES = {
    "en": [
        "The related articles were published later.",
        "Related Party Transactions",
        "Read more about how we tested these phones.",
        "image: busybox:1.28",
        "Share prices fell sharply after the announcement.",
        "Learn more about the museum's history on the guided tour.",
        "The shop stays offline until Monday.",
        "Online",
        "You are here to learn how the harbour works / and why.",
        "Posted in 2019, the video went viral",
        "Categories of risk were listed",
    ],
    "fr": [
        "Photo de famille",
        "Image de marque et communication",
        "Lire aussi les conditions générales avant de signer le contrat.",
        "Le site est resté hors ligne toute la matinée.",
        "En ligne",
        "Vous êtes ici chez vous, disait-elle.",
        "Catégorie | Poids | Prix",
    ],
    "de": [
        "Das Foto zeigt den Bürgermeister bei der Eröffnung.",
        "Anzeige gegen den Betreiber des Kraftwerks erstattet",
        "Mehr zum Thema erfahren Sie im Bericht des Gemeinderats vom Dienstag.",
        "Der Server war gestern stundenlang offline.",
        "Sie sind hier richtig, wenn Sie ein Fahrrad suchen.",
        "Themen: Wie der Hafen den Streik überstand und was nun folgt.",
    ],
    "ja": [
        "関連する記事は来週公開される予定です。",
        "広告業界の再編が進んでいる。",
        "サーバーは午前中オフラインだった。",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_furniture_phrases_leave_content_alone(lang):
    for line in PHRASE_NEGATIVES[lang]:
        text, index = document(lang, line, "middle")
        hit = hits_for(text).get(index)
        assert hit is None, f"{hit} on {line!r}"


@pytest.mark.parametrize(
    "line,kind",
    [
        ("MEHR ZUM THEMA", "related"),
        ("Läs också: Regeringen måste lära av Anders Borg", "read_also"),
        ("Läs också Regeringen måste lära av Anders Borg", "read_also"),
        ("Related: How the council voted", "read_also"),
        ("Zobacz również", "related"),
        ("TEMAS RELACIONADOS", "related"),
        ("Читайте также", "related"),
        ("Most read »", "related"),
        ("Publicidad", "ad"),
        ("iStock.com", "credit"),
        ("(Source AFP)", "credit"),
        ("© Getty Images", "credit"),
        ("Bild via Flickr", "credit"),
        ("Compartir", "share"),
        ("Не в сети", "status"),
        ("- Hors-ligne", "status"),
        ("Desconectado", "status"),
        ("Du är här: Hem / Faktabanken / Porträttfynd", "breadcrumb"),
        ("当前位置：首页 > 新闻", "breadcrumb"),
        ("Sie sind hier:", "breadcrumb"),
        ("Posted in Politics | Tagged harbour, strike", "tags"),
        ("Kategorier: Allmänt", "tags"),
        ("[[Category:Theora]]", "tags"),
        ("Метки: порт, забастовка", "tags"),
        ("LE PUEDE INTERESAR: La ficha del candidato en el tribunal", "read_also"),
        ("Puedes ver: Cómo está conformada la Sunedu", "read_also"),
    ],
)
def test_furniture_phrases_in_other_languages_and_spellings(line, kind):
    from winnow.steps.clean.lines.phrases import furniture_phrase

    (info,) = split_lines(line)
    found = furniture_phrase(info.text, info.words, info.sentence)
    assert found is not None and found[0] == kind, found


def test_furniture_phrases_can_be_turned_off():
    text, _ = document("de", "Das könnte Sie auch interessieren", "middle")
    doc = Document(id="x", text=text, lang="de")
    LineCleaner(LineCleaner.Config(remove_furniture_phrases=False)).apply(doc)
    assert "Das könnte Sie auch interessieren" in doc.text.split("\n\n")
    doc = Document(id="x", text=text, lang="de")
    LineCleaner().apply(doc)
    assert "Das könnte Sie auch interessieren" not in doc.text
    assert [e.reason for e in doc.edits] == ["related_heading"]


def test_furniture_phrases_are_linear_on_hostile_lines():
    import time

    from winnow.steps.clean.lines.phrases import furniture_phrase

    for text in (
        "read also: " + "x" * 1_000_000,
        "Foto: " + "y" * 1_000_000,
        "related" + " " * 1_000_000 + "z",
        ("share " * 20).strip(),
        "Tags: " + "t" * 1_000_000,
        "You are here" + " " * 1_000_000 + "/ x",
        "Your email address will not be published" + "e" * 1_000_000,
        "Hors ligne " * 10,
    ):
        start = time.perf_counter()
        furniture_phrase(text, len(text.split()), False)
        assert time.perf_counter() - start < 1


def test_a_read_also_line_with_a_long_tail_is_not_a_heading():
    """ "Read also" opens a heading only with a title after it, not a paragraph."""
    from winnow.steps.clean.lines.phrases import furniture_phrase

    text = "Read also " + " ".join(["word"] * 30)
    (info,) = split_lines(text)
    assert furniture_phrase(info.text, info.words, info.sentence) is None


@pytest.mark.parametrize("lang", LANGS)
def test_related_headlines_after_the_body(lang):
    heads = {
        "en": [
            "Heatwave warning issued for the south as temperatures climb",
            "Election results: coalition loses its majority in the upper house",
        ],
        "fr": [
            "Alerte canicule dans le sud avec des températures en forte hausse",
            "Élections : la coalition perd sa majorité à la chambre haute",
        ],
        "de": [
            "Hitzewarnung für den Süden bei stark steigenden Temperaturen",
            "Wahlergebnis: Koalition verliert ihre Mehrheit im Oberhaus",
        ],
        "ja": [
            "南部で熱波警報、気温は三十五度を超える見込み",
            "選挙結果、与党連合が上院で過半数を失う",
        ],
    }
    lines = [*BODY[lang], *heads[lang]]
    hits = hits_for("\n\n".join(lines))
    assert [str(hits[i].reason) for i in (len(lines) - 2, len(lines) - 1)] == [
        "related_headlines",
        "related_headlines",
    ]
    # a single closing line that is not a headline run stays
    one = [*BODY[lang], NEGATIVE["tail"][lang]]
    assert len(one) - 1 not in hits_for("\n\n".join(one))


def test_rules_are_not_applied_on_list_pages():
    """A forum thread or a list is not an article: context rules defer to the model."""
    lines = [
        "Joined: 28 Nov 2003",
        "Posts: 1354",
        *BODY["en"][:1],
        "Secrets of the Luxor",
        "Day of the Tentacle",
        "Zork Grand Inquisitor",
        "Myst",
        "Riven",
        "Rhem",
        "Reah",
        "Schizm",
        "Obsidian",
        "Syberia",
    ]
    hits = hits_for("\n\n".join(lines))
    assert all(not h.article for h in hits.values())


def test_metadata_title_date_byline():
    text, _ = document("fr", "8 juillet 2020 à 03h52", "head")
    text = (
        "Le conseil municipal valide le projet de pistes cyclables\n\n"
        "Les travaux commenceront au printemps dans trois quartiers\n\n" + text
    )
    text += "\n\nEcrit par Shirley Taieb"
    doc = Document(id="x", text=text, lang="fr")
    LineCleaner().apply(doc)
    assert doc.metadata["title"].startswith("Le conseil municipal valide")
    assert doc.metadata["description"].startswith("Les travaux commenceront")  # standfirst
    assert doc.metadata["date"] == "8 juillet 2020 à 03h52"
    assert doc.metadata["byline"] == "Ecrit par Shirley Taieb"
    assert all(e.step == "clean.lines" and e.reason and e.detail for e in doc.edits)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "The course goes beyond the basics and covers HTML, CSS, SQL and JavaScript, so that "
            "students finish the twelve weeks able to build and ship a complete web application.",
        ),
        (
            "fr",
            "La formation couvre HTML, CSS, SQL et JavaScript, afin que chaque étudiant termine "
            "les douze semaines en sachant construire et publier une application web complète.",
        ),
        (
            "de",
            "Der Kurs behandelt HTML, CSS, SQL und JavaScript, damit alle Teilnehmer nach zwölf "
            "Wochen eine vollständige Webanwendung bauen und veröffentlichen können und mehr.",
        ),
    ],
)
def test_prose_about_javascript_is_not_a_javascript_notice(lang, line):
    """C4 drops every line naming javascript; the cleaner only drops notice-length ones."""
    text, index = document(lang, line, "middle")
    hit = hits_for(text).get(index)
    assert hit is None or str(hit.reason) != "javascript"


def test_main_prose_run_excludes_a_headline_list_after_the_article():
    """The line model's main-run features: the article's paragraphs form the run; a list of
    forty short headlines after it (more characters than a paragraph, none of them prose)
    and a menu line before it fall outside."""
    import numpy as np

    from winnow.steps.clean.lines.features import FEATURES, line_features, main_segment
    from winnow.steps.clean.lines.rules import split_lines

    body = [
        "This paragraph is a real sentence of the article, long enough to count as prose "
        "for the model's features and more."
    ] * 3
    menu = ["Home | News | Sport"]
    headlines = [f"Another unrelated headline number {i}" for i in range(40)]
    lines = menu + body + headlines
    chars = np.array([len(x) for x in lines], dtype=float)
    prose = np.array([False] + [True] * 3 + [False] * 40)
    assert main_segment(prose, chars) == (1, 3)
    assert main_segment(np.zeros(3, dtype=bool), np.ones(3)) == (0, -1)

    infos = split_lines("\n".join(lines))
    x = line_features(infos, "en")
    after, inside = FEATURES.index("after_main"), FEATURES.index("in_main")
    assert x[0, inside] == 0 and x[1:4, inside].all() and not x[1:4, after].any()
    assert x[4:, after].all()


def test_long_documents_get_the_same_features_chunk_by_chunk():
    import numpy as np

    from winnow.steps.clean.lines.features import line_feature_chunks, line_features

    infos = split_lines("\n\n".join(french_body()) + "\nPartager sur Facebook\nAccueil")
    hits = find_furniture(infos, RuleConfig())
    whole = line_features(infos, "fr", hits)
    chunks = list(line_feature_chunks(infos, "fr", hits, size=3))
    assert len(chunks) == -(-len(infos) // 3)
    assert np.array_equal(np.vstack(chunks), whole)
    assert line_features([], "fr").shape == (0, whole.shape[1])


def test_the_lines_a_page_needs_judged_get_the_same_features_and_p():
    """clean.lines has the model judge only the lines the page layout does not vouch for;
    their rows must be those of the whole document's matrix, and their p the same (to
    float rounding: a matrix product of fewer rows may round its last bit otherwise)."""
    import numpy as np

    from winnow.steps.clean.lines.features import line_feature_chunks, line_features
    from winnow.steps.clean.lines.model import LineModel

    infos = split_lines(
        "Accueil\nPolitique\n" + "\n\n".join(french_body()) + "\nPartager sur Facebook\nAccueil"
    )
    hits = find_furniture(infos, RuleConfig())
    whole = line_features(infos, "fr", hits)
    rows = [0, 2, 3, len(infos) - 1]
    part = np.vstack(list(line_feature_chunks(infos, "fr", hits, size=3, rows=rows)))
    assert np.array_equal(part, whole[rows])
    model = LineModel.load()
    every, some = (model.keep_probability(infos, "fr", hits, r) for r in (None, rows))
    assert np.allclose(some[rows], every[rows], rtol=0, atol=1e-6)
    assert np.isnan(np.delete(some, rows)).all()
    assert np.isnan(model.keep_probability(infos, "fr", hits, [])).all()


def test_a_document_of_too_many_lines_is_rejected_before_line_work():
    """A 32 MB record of one-word lines would need gigabytes of line features."""
    lines = "\n".join(["word"] * 100_001)
    doc = Document(id="x", text=lines)
    LineCleaner().apply(doc)
    assert doc.rejection is not None and doc.rejection.reason == "too_many_lines"
    assert "100,000" in doc.rejection.detail
    # blank lines do not count; at the limit the document is cleaned as usual
    fine = Document(id="y", text="\n\n".join(["A line that ends like a sentence."] * 10))
    LineCleaner(LineCleaner.Config(max_lines=10)).apply(fine)
    assert fine.rejection is None
    over = Document(id="z", text="\n\n".join(["A line that ends like a sentence."] * 11))
    LineCleaner(LineCleaner.Config(max_lines=10)).apply(over)
    assert over.rejection is not None and over.rejection.step == "clean.lines"


@pytest.mark.parametrize("lang", LANGS)
def test_share_buttons_one_to_a_line_in_a_strip(lang):
    """Each button alone names one network in too many words for the single-line rule;
    two such lines side by side are a strip. One such line alone, and a sentence about a
    network inside the body, stay."""
    strip = {
        "en": [
            "Click to share on Twitter (Opens in new window)",
            "Click to share on Facebook (Opens in new window)",
            "Click to email this to a friend (Opens in new window)",
        ],
        "fr": [
            "Cliquez pour partager sur Twitter (ouvre dans une nouvelle fenêtre)",
            "Cliquez pour partager sur Facebook (ouvre dans une nouvelle fenêtre)",
        ],
        "de": [
            "Klicken, um auf Twitter zu teilen (Öffnet in neuem Fenster)",
            "Klicken, um auf Facebook zu teilen (Öffnet in neuem Fenster)",
        ],
        "ja": [
            "クリックして Twitter で共有 (新しいウィンドウで開きます)",
            "クリックして Facebook で共有 (新しいウィンドウで開きます)",
        ],
    }[lang]
    lines = [*BODY[lang], *strip]
    hits = hits_for("\n\n".join(lines))
    tail = range(len(BODY[lang]), len(lines))
    assert [str(hits[i].reason) if i in hits else None for i in tail] == (
        ["share_buttons"] * len(strip)
    )
    alone = [*BODY[lang][:3], strip[0], *BODY[lang][3:]]
    assert 3 not in hits_for("\n\n".join(alone))
    # buttons for networks no list names, made from the strip's words, go with it
    others = [strip[1].replace("Facebook", name) for name in ("Pocket", "Diaspora")]
    longer = [*BODY[lang], *strip[:2], *others]
    hits = hits_for("\n\n".join(longer))
    assert all(str(hits[i].reason) == "share_buttons" for i in range(len(BODY[lang]), len(longer)))
    # ... but not a neighbour of one button alone, nor a line of other words
    assert not {3, 4} & set(
        hits_for("\n\n".join([*BODY[lang][:3], *others[:1], strip[1], *BODY[lang][3:]]))
    )
    sentence = {
        "en": "The council also answered questions from residents on Twitter.",
        "fr": "Le conseil a aussi répondu aux questions des habitants sur Twitter.",
        "de": "Der Rat beantwortete auch Fragen der Anwohner auf Twitter.",
        "ja": "市議会は住民からの質問にもツイッターで答えた。",
    }[lang]
    mention = [*BODY[lang][:3], sentence, sentence.replace("Twitter", "Facebook"), *BODY[lang][3:]]
    found = hits_for("\n\n".join(mention))
    assert 3 not in found and 4 not in found


@pytest.mark.parametrize("lang", LANGS)
def test_category_widget_of_counted_labels(lang):
    """A run of "Label (count)" lines is a category or archive widget wherever it sits,
    even in the middle of the text; a filmography of years, a numbered list and one counted
    label alone are content."""
    widget = {
        "en": ["Community Post (4824)", "Diaspora (62)", "Sports (1379)"],
        "fr": ["Politique (312)", "Culture (87)", "Société (1 204)", "Archives [45]"],
        "de": ["Politik (312)", "Kultur (87)", "November 2019 (12)"],
        "ja": ["ニュース（312）", "スポーツ（87）", "カテゴリー（12）"],
    }[lang]
    middle = len(BODY[lang]) // 2
    lines = [*BODY[lang][:middle], *widget, *BODY[lang][middle:]]
    hits = hits_for("\n\n".join(lines))
    assert [
        str(hits[i].reason) if i in hits else None for i in range(middle, middle + len(widget))
    ] == ["category_list"] * len(widget)
    assert all(hits[i].strong for i in range(middle, middle + len(widget)))
    years = {
        "en": [
            "Small Differences (2002)",
            "Ricky Rapper (2008)",
            "Ricky Rapper and the Bicycle Thief (2010)",
        ],
        "fr": ["Les Quatre Cents Coups (1959)", "Jules et Jim (1962)", "La Nuit américaine (1973)"],
        "de": ["Lola rennt (1998)", "Good Bye, Lenin! (2003)", "Das Leben der Anderen (2006)"],
        "ja": ["七人の侍（1954）", "用心棒（1961）", "影武者（1980）"],
    }[lang]
    numbered = [f"{n}. {label}" for n, label in enumerate(widget, 1)]
    for content in (years, numbered, widget[:2]):
        lines = [*BODY[lang][:middle], *content, *BODY[lang][middle:]]
        hits = hits_for("\n\n".join(lines))
        assert not any(
            i in hits and hits[i].reason == "category_list"
            for i in range(middle, middle + len(content))
        ), content


def test_urlish_finds_addresses_in_any_case_and_nothing_else():
    from winnow.steps.clean.lines.features import is_urlish

    for line in (
        "See https://example.org/a",
        "HTTP://EXAMPLE.ORG",
        "Visit WWW.Example.de",
        "write to jane@example.fr",
        "Kontakt: Verein.COM",
        "page.HTML",
        "index.php?id=2",
        "Plus d'infos sur www.mairie.fr.",
    ):
        assert is_urlish(line), line
    for line in (
        "The meeting ended at 5 p.m. in the hall.",
        "Prix : 3.50 €",
        "a @ b",
        "Die Komödie. Com",
        "wwwx.",
        "Beispiel.company",
        "",
    ):
        assert not is_urlish(line), line


@pytest.mark.parametrize(
    "line, names",
    [
        ("Share on VK", ["vk"]),
        ("VKontakte", ["vkontakte"]),
        ("Follow us on X.com", ["x.com"]),
        ("vkb and avk and _vk", []),
        ("wax.com and x.coms", []),
        ("E-mail Facebook", ["e-mail", "facebook"]),
        ("Partager par courriel", ["courriel"]),
        ("分享到微信", ["微信"]),
    ],
)
def test_social_names_keep_vk_and_x_as_whole_words(line, names):
    from winnow.steps.clean.lines.rules import social_names

    assert social_names(line) == names


# A date-only line is a date and maybe a time in any language, every word of it a date word
# (CLDR's month and weekday names, am/pm marks, the words of date formats)
DATE_ONLY = [
    "March 14, 2023 at 9:41 AM",
    "Jan 5th, 2021",
    "8 juillet 2020 à 03h52",
    "1er janvier 2020",
    "mercredi 4 janvier 2017",
    "Montag, 3. März 2014 um 10:25",
    "Mo., 03.03.2014",
    "15 de marzo de 2019",
    "lördag 12 mars 2011 kl. 14:35",
    "12.3.2019 klo 14.30",
    "28 августа 2019 г.",
    "2023年3月14日 09:41",
    "2020年7月8日（水）",
    "2020년 7월 8일",
    "2011-06-17 ? 09:14:00",
]
# lines that hold a year but are headings, names or list items: content, not a dateline
NOT_DATE_ONLY = [
    "Calendrier des sélections 2020",
    "BERAUD Jean (1849 - 1935)",
    "- 1990 – Stuttgart Outdoor",
    "1914-1918 : Chronologie",
    "Handballtag 2019",
    "Date de naissance : 05/11/1904",
    "Revision as of 17:45, 10 July 2009",
    "Agam, Double métamorphose III, 1968 - 1969",
    "Stuttgart (2020)",
    "東京オリンピック2020",
    "Ich bin am 3. März 2020 geboren.",
]


@pytest.mark.parametrize("line", DATE_ONLY)
def test_date_only_lines_in_many_languages_and_scripts(line):
    assert is_date_line(split_lines(line)[0]), line


@pytest.mark.parametrize("line", NOT_DATE_ONLY)
def test_a_line_with_a_year_and_other_words_is_not_a_date_line(line):
    assert not is_date_line(split_lines(line)[0]), line


def test_date_words_come_from_cldr():
    from winnow.steps.clean.lines.rules import date_words

    words = date_words()
    for word in (
        "juillet",
        "märz",
        "marzo",
        "januari",
        "tammikuuta",
        "августа",
        "kl",
        "um",
        "à",
        "年",
        "월",
        "水",
    ):
        assert word in words, word
    assert "stuttgart" not in words and "calendrier" not in words


def test_a_language_without_labelled_lines_gets_the_unseen_bar():
    """The model removes a line on its own word at its languages' bar only for the languages
    it learned from; for any other it uses the (lower) bar chosen by leaving languages out,
    and says so. Bars far apart make the difference certain: everything is below 0.999,
    nothing below 0."""
    text = "\n\n".join(
        [
            "Sign up for our weekly newsletter today",
            "The council met on Tuesday to discuss the new budget proposal.",
            "Weather forecast and traffic",
            "Residents asked questions about the planned road works in detail.",
        ]
    )
    config = LineCleaner.Config(model_threshold=0.999, unseen_threshold=0.0, layout_trust=2.0)
    seen, unseen = Document(id="en", text=text, lang="en"), Document(id="it", text=text, lang="it")
    for doc in (seen, unseen):
        LineCleaner(config).apply(doc)
    assert any(e.reason == "low_quality_line" for e in seen.edits)
    assert not any(e.reason == "low_quality_line" for e in unseen.edits)
    unsure = Document(id="it", text=text, lang="it")
    LineCleaner(LineCleaner.Config(unseen_threshold=0.999, layout_trust=2.0)).apply(unsure)
    details = [e.detail for e in unsure.edits if e.reason == "low_quality_line"]
    assert details and all("learned no lines of: it" in d for d in details)
