"""Page furniture in other languages and shapes than the seed (issue 33), and line rules
that must not bite content.

Three pages of the seed's kind, cleaned by the whole ``web`` recipe: a Spanish news page
(a menu of five items, "Actualizado: <date> - <time> h", a "Por …" byline, a most-read
list with a copyright footer after it), a Vietnamese news page (a weekday-first date, a
related list that a sentence-like "All rights reserved." footer follows) and a German forum
thread (each post's join date, post count, date and buttons). Each body line must survive
byte for byte and each furniture line must go. Then: the rules fixed for content they used
to remove (product bullets naming e-mail, a recipe's skillet cookie, generic headings in
``dedup.paragraphs``), dates in more scripts, and documents left with nothing.
"""

import pytest

from winnow.document import Document
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import load_recipe, parse_recipe
from winnow.steps.clean.lines.rules import RuleConfig, find_furniture, is_date_line, split_lines
from winnow.steps.clean.lines.step import LineCleaner

# (kind, line): "body" must stay byte for byte; "head" (headline, standfirst) stays in the
# text or as metadata; "junk" must be removed; "left" and "name" are not judged here (a
# newsletter sign-up that is a whole sentence, and forum user names: not solved yet)
SPANISH_NEWS = [
    ("junk", "Inicio Noticias Deportes Cultura Opinión"),
    ("head", "El ayuntamiento aprueba un plan para reabrir el mercado del puerto"),
    (
        "head",
        (
            "Las obras comenzarán en septiembre y el edificio volverá a abrir sus puertas la "
            "próxima primavera"
        ),
    ),
    ("junk", "Actualizado: 08/07/2020 - 03:52 h"),
    ("junk", "Por María López"),
    ("junk", "5 min de lectura"),
    ("junk", "Compartir en FacebookCompartir en TwitterEnviar por correo"),
    (
        "body",
        (
            "El pleno del ayuntamiento aprobó el martes por la noche, con los votos de todos los "
            "grupos, el plan para rehabilitar el antiguo mercado del puerto, cerrado desde "
            "hace dos "
            "años por problemas en la estructura del tejado."
        ),
    ),
    (
        "body",
        (
            "La alcaldesa explicó que el proyecto costará algo más de cuatro millones de euros y "
            "que la mitad procederá de fondos regionales destinados a la recuperación de edificios "
            "históricos en el litoral."
        ),
    ),
    (
        "body",
        (
            "Según el calendario presentado en la sesión, las obras empezarán a mediados de "
            "septiembre y se dividirán en dos fases, de modo que la calle peatonal que rodea el "
            "edificio pueda seguir abierta durante el verano."
        ),
    ),
    (
        "body",
        (
            "Los comerciantes que ocupaban los puestos antes del cierre tendrán prioridad para "
            "volver, aunque deberán presentar una solicitud antes de que termine el año y aceptar "
            "las nuevas normas de horario."
        ),
    ),
    (
        "body",
        (
            "El mercado del puerto, cerrado desde 2018, en una imagen de archivo tomada "
            "durante las "
            "fiestas de agosto."
        ),
    ),
    (
        "body",
        (
            "Varios vecinos pidieron durante el turno de preguntas que el nuevo mercado mantenga "
            "los precios asequibles y que no se convierta en un espacio pensado solo para los "
            "turistas que llegan en los cruceros."
        ),
    ),
    (
        "body",
        (
            "La concejala de urbanismo respondió que al menos dos tercios de los puestos se "
            "reservarán para productos frescos y que el ayuntamiento revisará cada año el "
            "precio de "
            "los alquileres."
        ),
    ),
    (
        "body",
        (
            "El proyecto incluye también una pequeña sala para actividades de la escuela de cocina "
            "del barrio, que hasta ahora daba sus clases en un local prestado por la parroquia."
        ),
    ),
    (
        "body",
        (
            "La oposición, que apoyó el plan, pidió que se publique un informe mensual sobre el "
            "avance de las obras y sobre el gasto, para evitar los retrasos que sufrió la reforma "
            "de la lonja hace una década."
        ),
    ),
    (
        "left",
        (
            "Suscríbete a nuestro boletín y recibe cada mañana las noticias de la ciudad en tu "
            "correo."
        ),
    ),
    ("junk", "Lo más leído"),
    ("junk", "Cortes de tráfico en el centro por las obras del nuevo carril bici"),
    ("junk", "La biblioteca municipal amplía su horario durante los exámenes"),
    ("junk", "El equipo de baloncesto ficha a un base argentino para la próxima temporada"),
    ("junk", "Un grupo de voluntarios retira cuarenta bolsas de basura de la playa"),
    ("junk", "© 2020 Diario del Puerto. Todos los derechos reservados."),
]
VIETNAMESE_NEWS = [
    ("junk", "Trang chủ · Thời sự · Thế giới · Kinh doanh · Thể thao · Giải trí"),
    ("head", "Thành phố mở thêm tuyến xe buýt nối bến cảng với khu đại học"),
    ("head", "Tuyến mới sẽ chạy thử từ tháng chín và phục vụ khoảng năm nghìn hành khách mỗi ngày"),
    ("junk", "Thứ tư, 8/7/2020, 03:52 (GMT+7)"),
    (
        "body",
        (
            "Sở Giao thông vận tải thành phố cho biết tuyến xe buýt mới sẽ nối bến cảng cũ với khu "
            "đại học phía tây, đi qua chợ trung tâm và bệnh viện thành phố."
        ),
    ),
    (
        "body",
        (
            "Theo kế hoạch, mỗi ngày sẽ có khoảng bốn mươi chuyến, chuyến đầu tiên rời bến lúc năm "
            "giờ sáng và chuyến cuối cùng lúc mười giờ tối."
        ),
    ),
    (
        "body",
        (
            "Giám đốc Sở nói rằng tuyến đường này được chọn sau khi người dân nhiều lần phản ánh "
            "tình trạng ùn tắc vào giờ cao điểm trên cầu chính của thành phố."
        ),
    ),
    (
        "body",
        (
            "Sinh viên sẽ được giảm một nửa giá vé khi xuất trình thẻ, còn người cao tuổi và "
            "trẻ em "
            "dưới sáu tuổi được đi miễn phí trong năm đầu tiên."
        ),
    ),
    ("body", "Xe buýt điện đang chờ khách tại bến cảng trong buổi chạy thử sáng thứ hai."),
    (
        "body",
        (
            "Một số hộ kinh doanh gần chợ trung tâm lo ngại rằng việc xây dựng các trạm dừng "
            "mới sẽ "
            "làm hẹp vỉa hè trước cửa hàng của họ trong nhiều tháng."
        ),
    ),
    (
        "body",
        (
            "Đại diện công ty vận tải cho biết các trạm dừng sẽ được lắp đặt vào ban đêm để "
            "hạn chế "
            "ảnh hưởng đến việc buôn bán và đi lại của người dân."
        ),
    ),
    (
        "body",
        (
            "Nếu giai đoạn chạy thử thành công, thành phố dự kiến mở rộng tuyến xe đến khu công "
            "nghiệp phía bắc vào cuối năm sau."
        ),
    ),
    ("junk", "Tin đọc nhiều"),
    ("junk", "Giá xăng dầu tiếp tục giảm trong kỳ điều chỉnh cuối tuần"),
    ("junk", "Đội bóng đá thành phố giành chiến thắng thứ ba liên tiếp trên sân nhà"),
    ("junk", "Thư viện trung tâm kéo dài giờ mở cửa trong mùa thi"),
    ("junk", "Mưa lớn gây ngập nhiều tuyến phố ở khu vực ven sông"),
    ("junk", "Mọi quyền được bảo lưu."),
]
GERMAN_FORUM = [
    ("head", "Tomaten im Gewächshaus: Blätter werden gelb"),
    ("name", "gartenfreund62"),
    ("junk", "Registriert: März 2015"),
    ("junk", "Beiträge: 1.234"),
    ("junk", "19. Juni 2022, 20:10 Uhr"),
    (
        "body",
        (
            "Seit ungefähr einer Woche werden die unteren Blätter meiner Tomaten im Gewächshaus "
            "gelb und bekommen braune Flecken. Die Pflanzen sind etwa einen Meter hoch und tragen "
            "schon die ersten grünen Früchte."
        ),
    ),
    (
        "body",
        (
            "Ich gieße jeden zweiten Tag morgens direkt an der Wurzel und lüfte tagsüber, soweit "
            "das Wetter es zulässt. Hat jemand eine Idee, woran das liegen könnte?"
        ),
    ),
    ("junk", "Zitieren"),
    ("junk", "Link kopieren"),
    ("name", "sonnenblume"),
    ("junk", "Registriert: Juli 2019"),
    ("junk", "Beiträge: 87"),
    ("junk", "19. Juni 2022, 21:45 Uhr"),
    (
        "body",
        (
            "Das klingt für mich nach der Kraut- und Braunfäule, die bei feuchter Luft im "
            "Gewächshaus schnell auftritt. Ich würde die befallenen Blätter sofort entfernen und "
            "nicht auf den Kompost werfen."
        ),
    ),
    (
        "body",
        (
            "Wichtig ist auch, dass die Blätter beim Gießen nicht nass werden und nachts die Tür "
            "einen Spalt offen bleibt, damit sich kein Kondenswasser bildet."
        ),
    ),
    ("junk", "Zitieren"),
    ("junk", "Link kopieren"),
    ("name", "kleingarten_bernd"),
    ("junk", "Registriert: Januar 2012"),
    ("junk", "Beiträge: 5.610"),
    ("junk", "20. Juni 2022, 08:03 Uhr"),
    (
        "body",
        (
            "Ich sehe das ähnlich, würde aber auch an einen Mangel an Magnesium denken, wenn die "
            "Flecken zwischen den Blattadern beginnen. Ein Foto der Blätter würde uns sehr helfen."
        ),
    ),
    ("junk", "Zitieren"),
    ("junk", "Link kopieren"),
    ("name", "gartenfreund62"),
    ("junk", "Registriert: März 2015"),
    ("junk", "Beiträge: 1.235"),
    ("junk", "20. Juni 2022, 18:30 Uhr"),
    (
        "body",
        (
            "Vielen Dank für die schnellen Antworten! Ich habe heute die unteren Blätter entfernt "
            "und lasse die Tür nachts offen. Die Flecken sitzen tatsächlich eher am Rand der "
            "Blätter, nicht zwischen den Adern."
        ),
    ),
    ("junk", "Zitieren"),
    ("junk", "Link kopieren"),
]

# A Romanian news page with a long foot: the menu one item a line, then after the body its
# tags, a related list and a numbered most-read list, footer links and a closing sentence.
# More lines of furniture than a short page may have around its body (8): a long body
# allows three for each of its prose lines, and lines rules have taken do not count.
ROMANIAN_NEWS = [
    *[("junk", item) for item in ("Acasă", "Știri", "Externe", "Politică", "Economie", "Sport")],
    ("junk", "marți, 14 mai 2024, 09:41"),
    (
        "body",
        (
            "Consiliul local a aprobat joi seara, cu o majoritate largă, proiectul de "
            "reabilitare a vechii piețe din centrul orașului, închisă de aproape trei ani."
        ),
    ),
    (
        "body",
        (
            "Primarul a explicat că lucrările vor costa în jur de patru milioane de lei și că "
            "jumătate din bani vor veni din fonduri europene pentru clădiri istorice."
        ),
    ),
    (
        "body",
        (
            "Potrivit calendarului prezentat în ședință, șantierul se va deschide în septembrie "
            "și va fi împărțit în două etape, pentru ca strada pietonală să rămână deschisă."
        ),
    ),
    (
        "body",
        (
            "Comercianții care își aveau tarabele în piață vor primi spații provizorii în "
            "parcarea de lângă gară, fără chirie, până la redeschiderea clădirii."
        ),
    ),
    (
        "body",
        (
            "Opoziția a cerut ca proiectul să includă și un studiu de trafic, iar consilierii "
            "au promis că documentul va fi publicat pe site-ul primăriei în luna iunie."
        ),
    ),
    ("junk", "Etichete: Politică, Economie, Externe"),
    ("junk", "Articole similare"),
    ("junk", "Noul pod peste râu va fi gata abia în toamna anului viitor"),
    ("junk", "Elevii din județ au obținut rezultate mai bune la bacalaureat"),
    ("junk", "Spitalul municipal primește aparatură nouă pentru secția de urgențe"),
    ("junk", "Cele mai citite"),
    ("junk", "1. Festivalul de vară aduce concerte gratuite în parcul central"),
    ("junk", "2. Prețul pâinii a crescut din nou în magazinele mari din oraș"),
    ("junk", "3. Un nou traseu de autobuz leagă cartierele de nord de gară"),
    ("junk", "Politica de confidențialitate · Termeni și condiții · Contact"),
    ("junk", "Toate drepturile rezervate."),
]


@pytest.fixture(scope="module")
def web():
    pipeline = Pipeline.from_recipe(load_recipe("web"))
    pipeline.setup()
    return pipeline


def clean(pipeline, lines: list[tuple[str, str]], lang: str) -> Document:
    doc = Document(id=lang, text="\n\n".join(line for _, line in lines) + "\n")
    (out,) = run_in_memory(pipeline, [doc])
    return out


@pytest.mark.parametrize(
    "lines,lang",
    [(SPANISH_NEWS, "es"), (VIETNAMESE_NEWS, "vi"), (GERMAN_FORUM, "de"), (ROMANIAN_NEWS, "ro")],
    ids=[
        "spanish-news",
        "vietnamese-news-related-list-footer",
        "german-forum-thread",
        "romanian-news-long-foot",
    ],
)
def test_variant_body_survives_whole_and_furniture_goes(web, lines, lang):
    doc = clean(web, lines, lang)
    assert doc.rejection is None, doc.rejection
    assert doc.lang == lang
    kept = [x for x in doc.text.split("\n") if x.strip()]
    body = [line for kind, line in lines if kind == "body"]
    assert [x for x in kept if x in body] == body, "every body line kept, in order"
    removed = {e.removed.strip(): e for e in doc.edits}
    for kind, line in lines:
        if kind == "junk":
            assert line not in kept and line in removed, f"furniture left in: {line!r}"
            assert removed[line].reason and removed[line].step
        elif kind == "head":
            assert line in kept or line in doc.metadata.values(), line


def test_forum_furniture_is_found_by_the_page_structure_not_by_its_words():
    """The same thread with other labels and buttons (made-up words): the shapes recur
    between the posts, so they go all the same; one post's furniture alone stays."""
    renamed = [
        (
            kind,
            line.replace("Registriert", "Dabei seit")
            .replace("Beiträge", "Nachrichten")
            .replace("Zitieren", "Antworten mit Zitat")
            .replace("Link kopieren", "Verlinken"),
        )
        for kind, line in GERMAN_FORUM
    ]
    lines = split_lines("\n\n".join(line for _, line in renamed))
    hits = find_furniture(lines, RuleConfig(), "de")
    for i, (kind, _) in enumerate(renamed):
        if kind == "junk":
            assert i in hits and hits[i].reason == "repeated_furniture", renamed[i]
        if kind == "body":
            assert i not in hits, renamed[i]
    one_post = split_lines("\n\n".join(line for _, line in GERMAN_FORUM[:10]))
    assert not any(
        h.reason == "repeated_furniture" for h in find_furniture(one_post, RuleConfig()).values()
    )


def test_repeated_labels_of_content_are_not_furniture():
    """Headings that recur in a review ("Pros", "Cons", "Weight:") and numbered steps are
    content: no dated post header recurs with them."""
    body = [line for kind, line in SPANISH_NEWS if kind == "body"]
    lines = []
    for n, paragraph in enumerate(body[:6], 1):
        lines += [f"Paso {n}", "Pros", "Cons", "Peso: 2 kg", paragraph]
    hits = find_furniture(split_lines("\n\n".join(lines)), RuleConfig(), "es")
    assert not any(h.reason == "repeated_furniture" for h in hits.values())


BULLETS = [
    "Email support",
    "Messenger integration",
    "Unlimited projects",
    "Email reminders",
    "Shared calendars",
]


def test_product_bullets_naming_email_or_messenger_are_not_share_buttons():
    prose = [line for kind, line in SPANISH_NEWS if kind == "body"]
    text = "\n\n".join([*prose[:3], *BULLETS, *prose[3:]])
    hits = find_furniture(split_lines(text), RuleConfig())
    assert not any(h.reason == "share_buttons" for h in hits.values())
    # ... but buttons still are, with or without an e-mail button among them
    strip = ["Facebook", "Twitter", "Email"]
    text = "\n\n".join([*prose, *strip])
    hits = find_furniture(split_lines(text), RuleConfig())
    assert [str(hits[i].reason) for i in range(len(prose), len(prose) + 3)] == ["share_buttons"] * 3


def test_network_words_inside_other_words_are_no_network():
    from winnow.steps.clean.lines.rules import social_names

    assert social_names("Bug Fixing") == []
    assert social_names("Sandboxing application environments") == []
    assert social_names("Partager sur FacebookPartager sur Twitter") == ["facebook", "twitter"]


def test_a_page_about_social_media_keeps_its_headings():
    prose = [
        "Facebook remains the largest network for reaching older customers in most markets.",
        "Instagram works best for brands whose products photograph well and sell on impulse.",
        "LinkedIn is where business buyers read long posts about their own industry.",
    ]
    lines = ["Facebook", prose[0], "Instagram", prose[1], "LinkedIn", prose[2]]
    hits = find_furniture(split_lines("\n\n".join(lines)), RuleConfig())
    assert not any(h.reason == "share_buttons" for h in hits.values())


RECIPE = [
    "This skillet cookie is the dessert we bake most often when friends come round.",
    "Preheat the oven to 180 degrees and butter a cast iron skillet generously.",
    "Cream the butter and both sugars until pale, then beat in the egg and the vanilla.",
    "Fold in the flour, the salt and the chocolate chunks until no dry flour is left.",
    "Press the dough into the skillet and bake the cookie for twenty minutes.",
    "Serve the skillet cookie warm, with a scoop of vanilla ice cream on top.",
    "Leftover cookie keeps for three days in a tin at room temperature.",
]


def test_a_recipe_sentence_about_a_cookie_is_not_a_cookie_notice():
    hits = find_furniture(split_lines("\n\n".join(RECIPE)), RuleConfig())
    assert not any(h.reason == "cookie_notice" for h in hits.values())
    doc = Document(id="r", text="\n\n".join(RECIPE), lang="en")
    LineCleaner().apply(doc)
    assert doc.text == "\n\n".join(RECIPE), [e.removed for e in doc.edits]
    # a page that mentions cookies in one place only: that place is the notice
    prose = [line for kind, line in SPANISH_NEWS if kind == "body"]
    notice = "Utilizamos cookies para mejorar su experiencia. Aceptar todas las cookies"
    lines = [*prose[:4], notice, *prose[4:]]
    hits = find_furniture(split_lines("\n\n".join(lines)), RuleConfig())
    assert hits[4].reason == "cookie_notice" and hits[4].strong


@pytest.mark.parametrize(
    "line",
    [
        "19. Juni 2022, 20:10 Uhr",
        "Actualizado: 08/07/2020 - 03:52 h",
        "입력 2021.03.12",
        "Thứ tư, 8/7/2020, 03:52 (GMT+7)",
        "dimecres, 8 d'octubre de 2020",
        "۱۷ ژوئیه ۲۰۲۰",
        "১২ জুলাই ২০২০",
        "१२ जुलाई २०२०",
        "ב-8 ביולי 2020",
        "Rabu, 8 Juli 2020 03:52 WIB",
        "Publié le 8 juillet 2020 à 03h52",
        "چهارشنبه ۷ مرداد ۱۴۰۳ - ۱۳:۴۱",  # Solar Hijri: month and year
        "2016 оны арван нэгдүгээр сарын 28, Пүрэв",  # Mongolian: "сарын", of the month
    ],
)
def test_date_lines_in_more_scripts_and_orders(line):
    assert is_date_line(split_lines(line)[0]), line


@pytest.mark.parametrize(
    "line",
    [
        "BERAUD Jean (1849 - 1935)",
        "Stuttgart (2020)",
        "Die Saison 2020 in Zahlen: 12:3",
        "Mayor 2020",  # "mayo" and a case ending: not for ASCII words
        "Sunny 2019",
    ],
)
def test_labels_and_marks_do_not_make_headings_dates(line):
    assert not is_date_line(split_lines(line)[0]), line


@pytest.mark.parametrize(
    "menu,lang",
    [
        ("Inicio Noticias Deportes Cultura Opinión", "es"),
        ("Accueil Actualités Sport Culture Contact", "fr"),
        ("Início Notícias Desporto Cultura Opinião", "pt"),
        ("Home | Nieuws | Sport | Cultuur | Contact", "nl"),
        ("Αρχική · Ειδήσεις · Αθλητισμός · Πολιτισμός · Επικοινωνία", "el"),
        ("Нүүр  Мэдээ  Дэлхий  Улс төр  Спорт", "mn"),  # items set apart by runs of spaces
    ],
)
def test_a_menu_line_before_the_body_goes_in_every_language(menu, lang):
    prose = [line for kind, line in SPANISH_NEWS if kind == "body"]
    hits = find_furniture(split_lines("\n\n".join([menu, *prose])), RuleConfig(), lang)
    assert 0 in hits and hits[0].reason == "navigation"
    # a sentence-case headline is no menu, nor is a title-case one with function words
    for title in (
        "El ayuntamiento aprueba un plan para reabrir el mercado",
        "Council Approves Plan To Reopen The Harbour Market",
    ):
        hits = find_furniture(split_lines("\n\n".join([title, *prose])), RuleConfig(), "en")
        assert 0 not in hits, title


def dedup(docs: list[Document], **params) -> list[Document]:
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": [{"dedup.paragraphs": params}]}))
    pipeline.setup()
    return run_in_memory(pipeline, docs)


def test_generic_headings_inside_the_body_are_not_deduplicated():
    docs = [
        Document(
            id=str(i),
            text=f"Story {i} opens with a sentence about the harbour and its people.\n\n"
            "Key features:\n\nConclusion\n\n"
            f"Story {i} ends with another sentence about the harbour workers.\n\n"
            "Laisser un commentaire",
        )
        for i in range(4)
    ]
    out = dedup(docs)
    for doc in out[1:]:
        assert "Key features:" in doc.text and "Conclusion" in doc.text
        assert "Laisser un commentaire" not in doc.text  # after the body: still furniture


def test_a_document_left_with_nothing_but_recurring_lines_is_removed_whole():
    shared = [
        "The council met on Tuesday evening to discuss the new cycle lane.",
        "The museum received a collection of old maps from a retired sailor.",
    ]
    docs = [
        Document(id="first", text="\n\n".join(shared)),
        Document(id="copy", text="\n\n".join(["Conclusion", *shared])),
        Document(id="own", text="\n\n".join([*shared, "A sentence of its own, here at last."])),
    ]
    first, copy, own = dedup(docs)
    assert first.rejection is None and first.text == "\n\n".join(shared)
    assert copy.rejection is not None and copy.rejection.reason == "only_recurring_lines"
    assert "all 2 line(s) of ≥ 5 words recur" in copy.rejection.detail
    assert copy.text.startswith("Conclusion")  # kept as it came, for the removed record
    assert own.rejection is None and own.text == "A sentence of its own, here at last."


def test_a_bad_min_words_is_a_config_error():
    from winnow.errors import ConfigError

    with pytest.raises(ConfigError):
        Pipeline.from_recipe(parse_recipe({"steps": [{"dedup.paragraphs": {"min_words": -1}}]}))


def test_a_document_that_is_all_furniture_is_removed_whole():
    doc = Document(id="x", text="Home\n\n8 July 2020\n\nShare on FacebookShare on Twitter\n")
    LineCleaner(LineCleaner.Config(use_model=False)).apply(doc)
    assert doc.rejection is not None and doc.rejection.reason == "all_furniture"
    assert "all 3 line(s) are furniture" in doc.rejection.detail
    assert doc.text.startswith("Home")


@pytest.mark.parametrize(
    "line,headline",
    [
        ("Noul pod peste râu va fi gata abia în toamna anului viitor", True),
        ("3. Un nou traseu de autobuz leagă cartierele de nord de gară", True),
        ("U.S. Army opens a new base near the northern border", True),
        ("W 2008 r. w Zachodniopomorskiem zadebiutują połączenia", True),  # "r." abbreviates
        ("Cadence likes to do next what it did last. A co-op placement can be done in", False),
        ("Thanks for reading", False),  # a call to action: too short for a title
        ("This one ends like a sentence and is no title at all.", False),
    ],
)
def test_a_headline_is_one_unfinished_sentence(line, headline):
    """Lists of other pages' titles after the body go; a paragraph that lost its full stop
    holds two sentences and stays body."""
    from winnow.steps.clean.lines.rules import is_headline

    assert is_headline(split_lines(line)[0], RuleConfig()) is headline


def test_a_short_closing_sentence_goes_only_at_the_foot_after_furniture(web):
    """'Toate drepturile rezervate.' as the page's last line below its foot (a menu of
    footer links) goes; the same short sentence closing the body stays, and so does one
    after an ad label or a photo credit inside the article."""
    body = [line for kind, line in ROMANIAN_NEWS if kind == "body"]
    closing = "Toate drepturile rezervate."
    footer = "Despre noi · Contact · Publicitate · Politica de confidențialitate"
    after_foot = clean(
        web, [("body", b) for b in body] + [("junk", footer), ("junk", closing)], "ro"
    )
    assert closing not in after_foot.text and footer not in after_foot.text
    assert all(b in after_foot.text for b in body)
    last = "Avea 84 de ani."
    for between in (None, "Publicitate", "Foto: Reuters", "Actualizare"):
        lines = [*body, *([between] if between else []), last]
        doc = clean(web, [("body", b) for b in lines], "ro")
        assert last in doc.text, between


BUDGET = [
    "The city council approved the new budget on Tuesday evening after a long debate.",
    "The mayor said the plan balances the needs of families and of small businesses alike.",
    "Opposition members argued that the spending on roads was too high for a small town.",
]


@pytest.mark.parametrize(
    "between,closing",
    [
        (
            [
                "Key measures in the budget include:",
                "A tram line to the harbour",
                "Free school meals",
                "Lower taxes for small shops",
            ],
            "Source: city council press office, with reporting by Anna Berg.",
        ),
        (
            [
                "Residents had asked for the change for years. The mayor said it would come "
                "before the winter",
                "Shop owners welcomed the plan. Several of them said the rents were too high",
            ],
            "The next council meeting is planned for the second week of June.",
        ),
    ],
    ids=["list-above-a-credit", "paragraphs-that-lost-their-stop"],
)
def test_lines_between_the_body_and_a_taken_closing_line_stay_body(between, closing):
    """A credit or a sentence a rule takes at the page's end moves the body's end above
    the lines before it only when they are a list of headlines."""
    lines = [*BUDGET, *between, closing]
    hits = find_furniture(split_lines("\n\n".join(lines)), RuleConfig(), "en")
    for k in range(len(BUDGET), len(BUDGET) + len(between)):
        assert k not in hits or not hits[k].strong, (lines[k], hits.get(k))


@pytest.mark.parametrize(
    "line",
    [
        "मोदी ने कहा। किसानों को नई योजना का लाभ मिलेगा",  # a danda inside
        'Cadence likes to do next what it did last. "A co-op placement can be done',
        "Il a dit qu'il partirait. « Nous restons ici pour la saison",
    ],
)
def test_a_sentence_end_inside_a_line_is_seen_in_every_script(line):
    from winnow.steps.clean.lines.rules import is_headline

    assert not is_headline(split_lines(line)[0], RuleConfig())


@pytest.mark.parametrize(
    "line,lang",
    [
        ("Floods  hit  the  city  after  days  of  rain", "en"),
        ("Le  conseil  a  voté  le  budget  de  la  ville", "fr"),
    ],
)
def test_prose_with_runs_of_spaces_is_no_menu(line, lang):
    from winnow.steps.clean.lines.structure import menu_items
    from winnow.stopwords import stopwords

    assert menu_items(split_lines(line)[0], stopwords(lang)) == 0
