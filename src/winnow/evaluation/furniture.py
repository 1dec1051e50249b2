# ruff: noqa: E501 - the language table below is one field a line; wrapped it cannot be read
"""Articles in every language, clean and wrapped in page furniture (issue 33, measure 3).

Bodies are Lingua's test sentences (``../shared/data/lingua-language-testdata``, Leipzig
web corpora), a few to a paragraph, one paragraph a line, paragraphs separated by a blank
line as crawl text is. Furniture is what news and blog pages print around an article, in
the language, written here for winnow (no list copied, and deliberately not read from the
cleaner's own phrase lists so that the measure is independent of them): menus on one
line or one item a line, breadcrumbs, date lines in local formats (weekday first, month
names in the case dates use, Buddhist-era and Solar Hijri years, native digits where pages
use them), reading time, share and copy-link lines, bylines and photo credits,
advertisement labels, "read also" teasers between paragraphs, tags, comment counts,
related and most-read headline lists (headlines cut from other sentences, so they read
like content), newsletter sign-ups, footer links and "all rights reserved" lines. Every
line carries its kind, so what the pipeline removes can be counted line by line.

Held out: each language's sentences are split 70/30 by a hash of the sentence
(``sentence_side``); an article and its headlines use one side's sentences only. The
furniture vocabulary is the same on both sides: the held-out side is no test of phrase
lists (WCXB's and trafilatura's held-out pages are). Deterministic for a seed; linear.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import xxhash

LINGUA_DIR = "lingua-language-testdata"
# Lingua languages lid.176 has no label for (so no page of them can pass language ID)
NOT_IN_LID = frozenset({"lg", "mi", "sn", "st", "tn", "ts", "xh", "zu"})
LID_LABEL = {"nb": "no"}  # Lingua's code -> lid.176's, where they differ
UNSPACED = frozenset({"ja", "zh"})  # sentences join without a space
DIGITS = {  # where pages print numbers in the script's own digits
    "ar": "٠١٢٣٤٥٦٧٨٩",
    "fa": "۰۱۲۳۴۵۶۷۸۹",
    "ur": "۰۱۲۳۴۵۶۷۸۹",
    "bn": "০১২৩৪৫৬৭৮৯",
    "mr": "०१२३४५६७८९",
    "gu": "૦૧૨૩૪૫૬૭૮૯",
}
YEAR_OFFSET = {"th": 543, "fa": -621}  # Buddhist era; Solar Hijri (near enough for a page)
AGENCIES = ("AFP", "Reuters", "AP", "EFE", "dpa", "ANSA", "Xinhua", "Anadolu")
# The order of the phrases on each language's fourth line
PHRASES = (
    *("share", "copy_link", "read_time", "by", "photo", "related", "most_read", "newsletter"),
    *("comments", "rights", "privacy", "terms", "advert", "tags", "updated", "read_also"),
)

# Three lines a language: its code and eight menu sections (home news world politics
# business sport culture contact); month names as dates print them ; weekdays from Monday ;
# date templates ({d} {dd} {m} {mm} {M} {y} {H} {I} {wd}); the phrases in PHRASES order.
TABLE = """
af Tuis|Nuus|Wêreld|Politiek|Sake|Sport|Kultuur|Kontak
Januarie|Februarie|Maart|April|Mei|Junie|Julie|Augustus|September|Oktober|November|Desember ; Maandag|Dinsdag|Woensdag|Donderdag|Vrydag|Saterdag|Sondag ; {d} {M} {y}|{wd} {d} {M} {y} {H}:{I}|Gepubliseer: {y}-{mm}-{dd}
Deel|Kopieer skakel|{n} min. lees|Deur|Foto|Verwante artikels|Mees gelees|Teken in vir ons nuusbrief|{n} kommentare|Alle regte voorbehou.|Privaatheidsbeleid|Gebruiksvoorwaardes|Advertensie|Etikette|Bygewerk|Lees ook
ar الرئيسية|أخبار|العالم|سياسة|اقتصاد|رياضة|ثقافة|اتصل بنا
يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر ; الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد ; {wd} {d} {M} {y}|{d} {M} {y} - {H}:{I}|نشر في {dd}/{mm}/{y}
شارك|نسخ الرابط|{n} دقائق للقراءة|بقلم|صورة|مقالات ذات صلة|الأكثر قراءة|اشترك في نشرتنا الإخبارية|{n} تعليقات|جميع الحقوق محفوظة.|سياسة الخصوصية|شروط الاستخدام|إعلان|الكلمات المفتاحية|آخر تحديث|اقرأ أيضا
az Ana səhifə|Xəbərlər|Dünya|Siyasət|İqtisadiyyat|İdman|Mədəniyyət|Əlaqə
yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr ; bazar ertəsi|çərşənbə axşamı|çərşənbə|cümə axşamı|cümə|şənbə|bazar ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{d} {M} {y}, {wd}
Paylaş|Linki kopyala|{n} dəq oxuma|Müəllif:|Foto|Oxşar xəbərlər|Ən çox oxunanlar|Bülletenimizə abunə olun|{n} şərh|Bütün hüquqlar qorunur.|Məxfilik siyasəti|İstifadə şərtləri|Reklam|Teqlər|Yenilənib|Həmçinin oxuyun
be Галоўная|Навіны|Свет|Палітыка|Эканоміка|Спорт|Культура|Кантакты
студзеня|лютага|сакавіка|красавіка|мая|чэрвеня|ліпеня|жніўня|верасня|кастрычніка|лістапада|снежня ; панядзелак|аўторак|серада|чацвер|пятніца|субота|нядзеля ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y}
Падзяліцца|Скапіяваць спасылку|{n} хв чытання|Аўтар:|Фота|Звязаныя матэрыялы|Самае чытанае|Падпішыцеся на нашу рассылку|{n} каментарыяў|Усе правы абаронены.|Палітыка прыватнасці|Умовы выкарыстання|Рэклама|Тэгі|Абноўлена|Чытайце таксама
bg Начало|Новини|Свят|Политика|Икономика|Спорт|Култура|Контакти
януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември ; понеделник|вторник|сряда|четвъртък|петък|събота|неделя ; {d} {M} {y}, {H}:{I} ч.|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y}
Сподели|Копирай линка|{n} мин за четене|Автор:|Снимка|Свързани статии|Най-четени|Абонирайте се за нашия бюлетин|{n} коментара|Всички права запазени.|Политика за поверителност|Условия за ползване|Реклама|Етикети|Обновена|Прочетете още
bn প্রচ্ছদ|খবর|বিশ্ব|রাজনীতি|অর্থনীতি|খেলা|সংস্কৃতি|যোগাযোগ
জানুয়ারি|ফেব্রুয়ারি|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর ; সোমবার|মঙ্গলবার|বুধবার|বৃহস্পতিবার|শুক্রবার|শনিবার|রবিবার ; {d} {M} {y}, {H}:{I}|প্রকাশ: {d} {M} {y}|{wd}, {d} {M} {y}
শেয়ার করুন|লিংক কপি করুন|{n} মিনিটে পড়ুন|লেখক:|ছবি|সম্পর্কিত খবর|সর্বাধিক পঠিত|আমাদের নিউজলেটার সাবস্ক্রাইব করুন|{n}টি মন্তব্য|সর্বস্বত্ব সংরক্ষিত।|গোপনীয়তা নীতি|ব্যবহারের শর্তাবলী|বিজ্ঞাপন|ট্যাগ|আপডেট|আরও পড়ুন
bs Početna|Vijesti|Svijet|Politika|Ekonomija|Sport|Kultura|Kontakt
januar|februar|mart|april|maj|juni|juli|august|septembar|oktobar|novembar|decembar ; ponedjeljak|utorak|srijeda|četvrtak|petak|subota|nedjelja ; {d}. {M} {y}. u {H}:{I}|{dd}.{mm}.{y}. {H}:{I}|{wd}, {d}. {M} {y}.
Podijeli|Kopiraj link|{n} min čitanja|Autor:|Foto|Povezani članci|Najčitanije|Prijavite se na naš newsletter|{n} komentara|Sva prava zadržana.|Politika privatnosti|Uslovi korištenja|Reklama|Tagovi|Ažurirano|Pročitajte i
ca Inici|Notícies|Món|Política|Economia|Esports|Cultura|Contacte
de gener|de febrer|de març|d'abril|de maig|de juny|de juliol|d'agost|de setembre|d'octubre|de novembre|de desembre ; dilluns|dimarts|dimecres|dijous|divendres|dissabte|diumenge ; {d} {M} de {y}|{wd}, {d} {M} de {y}, {H}:{I} h|{dd}/{mm}/{y} {H}:{I}
Comparteix|Copia l'enllaç|{n} min de lectura|Per|Foto|Notícies relacionades|El més llegit|Subscriu-te al nostre butlletí|{n} comentaris|Tots els drets reservats.|Política de privadesa|Condicions d'ús|Publicitat|Etiquetes|Actualitzat|Llegeix també
cs Úvod|Zprávy|Svět|Politika|Ekonomika|Sport|Kultura|Kontakt
ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince ; pondělí|úterý|středa|čtvrtek|pátek|sobota|neděle ; {d}. {M} {y} {H}:{I}|{wd} {d}. {m}. {y}|{d}. {m}. {y}, {H}:{I}
Sdílet|Kopírovat odkaz|{n} min čtení|Autor:|Foto|Související články|Nejčtenější|Přihlaste se k odběru newsletteru|{n} komentářů|Všechna práva vyhrazena.|Zásady ochrany osobních údajů|Podmínky užití|Reklama|Štítky|Aktualizováno|Čtěte také
cy Hafan|Newyddion|Byd|Gwleidyddiaeth|Busnes|Chwaraeon|Diwylliant|Cysylltu
Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr ; Dydd Llun|Dydd Mawrth|Dydd Mercher|Dydd Iau|Dydd Gwener|Dydd Sadwrn|Dydd Sul ; {d} {M} {y}|{wd}, {d} {M} {y} {H}:{I}|{dd}/{mm}/{y}
Rhannu|Copïo'r ddolen|{n} munud o ddarllen|Gan|Llun|Erthyglau cysylltiedig|Y mwyaf poblogaidd|Tanysgrifiwch i'n cylchlythyr|{n} sylw|Cedwir pob hawl.|Polisi preifatrwydd|Telerau defnyddio|Hysbyseb|Tagiau|Diweddarwyd|Darllenwch hefyd
da Forside|Nyheder|Udland|Politik|Erhverv|Sport|Kultur|Kontakt
januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december ; mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag ; {d}. {M} {y} kl. {H}.{I}|{wd} d. {d}. {M} {y}|{dd}.{mm}.{y} {H}:{I}
Del|Kopiér link|{n} min. læsning|Af|Foto|Relaterede artikler|Mest læste|Tilmeld dig vores nyhedsbrev|{n} kommentarer|Alle rettigheder forbeholdes.|Privatlivspolitik|Vilkår for brug|Annonce|Emner|Opdateret|Læs også
de Startseite|Nachrichten|Welt|Politik|Wirtschaft|Sport|Kultur|Kontakt
Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember ; Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag ; {d}. {M} {y}, {H}:{I} Uhr|{wd}, {dd}.{mm}.{y}|{dd}.{mm}.{y} um {H}:{I} Uhr
Teilen|Link kopieren|{n} Min. Lesezeit|Von|Foto|Das könnte Sie auch interessieren|Meistgelesen|Jetzt Newsletter abonnieren|{n} Kommentare|Alle Rechte vorbehalten.|Datenschutzerklärung|Nutzungsbedingungen|Anzeige|Schlagworte|Aktualisiert|Lesen Sie auch
el Αρχική|Ειδήσεις|Κόσμος|Πολιτική|Οικονομία|Αθλητισμός|Πολιτισμός|Επικοινωνία
Ιανουαρίου|Φεβρουαρίου|Μαρτίου|Απριλίου|Μαΐου|Ιουνίου|Ιουλίου|Αυγούστου|Σεπτεμβρίου|Οκτωβρίου|Νοεμβρίου|Δεκεμβρίου ; Δευτέρα|Τρίτη|Τετάρτη|Πέμπτη|Παρασκευή|Σάββατο|Κυριακή ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|{dd}.{mm}.{y} - {H}:{I}
Κοινοποίηση|Αντιγραφή συνδέσμου|{n} λεπτά ανάγνωση|Γράφει:|Φωτογραφία|Σχετικά άρθρα|Τα πιο δημοφιλή|Εγγραφείτε στο newsletter μας|{n} σχόλια|Όλα τα δικαιώματα διατηρούνται.|Πολιτική απορρήτου|Όροι χρήσης|Διαφήμιση|Ετικέτες|Ενημερώθηκε|Διαβάστε επίσης
en Home|News|World|Politics|Business|Sport|Culture|Contact
January|February|March|April|May|June|July|August|September|October|November|December ; Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday ; {M} {d}, {y}|{wd}, {d} {M} {y} {H}:{I} BST|Published {dd}/{mm}/{y}
Share|Copy link|{n} min read|By|Photo|Related articles|Most read|Sign up for our newsletter|{n} comments|All rights reserved.|Privacy policy|Terms of use|Advertisement|Tags|Updated|Read more
eo Hejmo|Novaĵoj|Mondo|Politiko|Ekonomio|Sporto|Kulturo|Kontakto
januaro|februaro|marto|aprilo|majo|junio|julio|aŭgusto|septembro|oktobro|novembro|decembro ; lundo|mardo|merkredo|ĵaŭdo|vendredo|sabato|dimanĉo ; {d}-a de {M} {y}|{wd}, la {d}-an de {M} {y}|{y}-{mm}-{dd} {H}:{I}
Kunhavigi|Kopii ligilon|{n} min da legado|De|Foto|Rilataj artikoloj|Plej legataj|Abonu nian novaĵleteron|{n} komentoj|Ĉiuj rajtoj rezervitaj.|Privateca politiko|Uzkondiĉoj|Reklamo|Etikedoj|Ĝisdatigita|Legu ankaŭ
es Inicio|Noticias|Internacional|Política|Economía|Deportes|Cultura|Contacto
enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre ; lunes|martes|miércoles|jueves|viernes|sábado|domingo ; {d} de {M} de {y}|Actualizado: {dd}/{mm}/{y} - {H}:{I} h|{wd}, {d} de {M} de {y}, {H}:{I}
Compartir|Copiar enlace|{n} min de lectura|Por|Foto|Noticias relacionadas|Lo más leído|Suscríbete a nuestro boletín|{n} comentarios|Todos los derechos reservados.|Política de privacidad|Términos de uso|Publicidad|Etiquetas|Actualizado|Lee también
et Avaleht|Uudised|Maailm|Poliitika|Majandus|Sport|Kultuur|Kontakt
jaanuar|veebruar|märts|aprill|mai|juuni|juuli|august|september|oktoober|november|detsember ; esmaspäev|teisipäev|kolmapäev|neljapäev|reede|laupäev|pühapäev ; {d}. {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d}. {M} {y}
Jaga|Kopeeri link|{n} min lugemist|Autor:|Foto|Seotud artiklid|Loetuimad|Telli meie uudiskiri|{n} kommentaari|Kõik õigused kaitstud.|Privaatsuspoliitika|Kasutustingimused|Reklaam|Sildid|Uuendatud|Loe ka
eu Hasiera|Albisteak|Mundua|Politika|Ekonomia|Kirola|Kultura|Harremanetarako
urtarrilaren|otsailaren|martxoaren|apirilaren|maiatzaren|ekainaren|uztailaren|abuztuaren|irailaren|urriaren|azaroaren|abenduaren ; astelehena|asteartea|asteazkena|osteguna|ostirala|larunbata|igandea ; {y}ko {M} {d}a|{y}/{mm}/{dd} {H}:{I}|{wd}, {y}ko {M} {d}a
Partekatu|Kopiatu esteka|{n} minutuko irakurketa|Egilea:|Argazkia|Lotutako albisteak|Irakurrienak|Harpidetu gure buletinera|{n} iruzkin|Eskubide guztiak erreserbatuta.|Pribatutasun politika|Erabilera baldintzak|Publizitatea|Etiketak|Eguneratua|Irakurri ere
fa صفحه اصلی|اخبار|جهان|سیاسی|اقتصادی|ورزشی|فرهنگی|تماس با ما
فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند ; دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه|شنبه|یکشنبه ; {d} {M} {y}|{wd} {d} {M} {y} - {H}:{I}|تاریخ انتشار: {y}/{mm}/{dd}
اشتراک‌گذاری|کپی لینک|زمان مطالعه: {n} دقیقه|نویسنده:|عکس|اخبار مرتبط|پربازدیدترین‌ها|عضویت در خبرنامه|{n} دیدگاه|کلیه حقوق محفوظ است.|حریم خصوصی|شرایط استفاده|تبلیغات|برچسب‌ها|به‌روزرسانی|بیشتر بخوانید
fi Etusivu|Uutiset|Ulkomaat|Politiikka|Talous|Urheilu|Kulttuuri|Yhteystiedot
tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta ; maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai ; {d}. {M} {y} klo {H}.{I}|{d}.{m}.{y} {H}:{I}|{wd} {d}.{m}.{y}
Jaa|Kopioi linkki|Lukuaika {n} min|Kirjoittaja:|Kuva|Aiheeseen liittyvät|Luetuimmat|Tilaa uutiskirjeemme|{n} kommenttia|Kaikki oikeudet pidätetään.|Tietosuojaseloste|Käyttöehdot|Mainos|Avainsanat|Päivitetty|Lue myös
fr Accueil|Actualités|Monde|Politique|Économie|Sport|Culture|Contact
janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre ; lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche ; {d} {M} {y} à {H}h{I}|Publié le {wd} {d} {M} {y}|{dd}/{mm}/{y} {H}:{I}
Partager|Copier le lien|{n} min de lecture|Par|Photo|Articles liés|Les plus lus|Inscrivez-vous à notre newsletter|{n} commentaires|Tous droits réservés.|Politique de confidentialité|Conditions d'utilisation|Publicité|Mots-clés|Mis à jour|Lire aussi
ga Baile|Nuacht|An Domhan|Polaitíocht|Gnó|Spórt|Cultúr|Teagmháil
Eanáir|Feabhra|Márta|Aibreán|Bealtaine|Meitheamh|Iúil|Lúnasa|Meán Fómhair|Deireadh Fómhair|Samhain|Nollaig ; Dé Luain|Dé Máirt|Dé Céadaoin|Déardaoin|Dé hAoine|Dé Sathairn|Dé Domhnaigh ; {d} {M} {y}|{wd}, {d} {M} {y} {H}:{I}|{dd}/{mm}/{y}
Roinn|Cóipeáil an nasc|{n} nóiméad léitheoireachta|Le|Grianghraf|Ailt ghaolmhara|Is mó a léadh|Cláraigh dár nuachtlitir|{n} trácht|Gach ceart ar cosaint.|Polasaí príobháideachais|Téarmaí úsáide|Fógra|Clibeanna|Nuashonraithe|Léigh freisin
gu હોમ|સમાચાર|દુનિયા|રાજકારણ|બિઝનેસ|રમતગમત|મનોરંજન|સંપર્ક
જાન્યુઆરી|ફેબ્રુઆરી|માર્ચ|એપ્રિલ|મે|જૂન|જુલાઈ|ઑગસ્ટ|સપ્ટેમ્બર|ઑક્ટોબર|નવેમ્બર|ડિસેમ્બર ; સોમવાર|મંગળવાર|બુધવાર|ગુરુવાર|શુક્રવાર|શનિવાર|રવિવાર ; {d} {M}, {y}|{wd}, {d} {M} {y}, {H}:{I}|અપડેટ: {dd}-{mm}-{y}
શેર કરો|લિંક કૉપિ કરો|{n} મિનિટ વાંચન|લેખક:|ફોટો|સંબંધિત સમાચાર|સૌથી વધુ વંચાયેલા|અમારા ન્યૂઝલેટરને સબ્સ્ક્રાઇબ કરો|{n} ટિપ્પણીઓ|સર્વાધિકાર સુરક્ષિત.|ગોપનીયતા નીતિ|ઉપયોગની શરતો|જાહેરાત|ટૅગ્સ|અપડેટેડ|આ પણ વાંચો
he ראשי|חדשות|עולם|פוליטיקה|כלכלה|ספורט|תרבות|צור קשר
ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר ; יום שני|יום שלישי|יום רביעי|יום חמישי|יום שישי|שבת|יום ראשון ; פורסם ב-{d} ב{M} {y}|{wd}, {d} ב{M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}
שתפו|העתקת קישור|{n} דקות קריאה|מאת|צילום|כתבות נוספות|הנקראים ביותר|הירשמו לניוזלטר שלנו|{n} תגובות|כל הזכויות שמורות.|מדיניות פרטיות|תנאי שימוש|פרסומת|תגיות|עודכן|קראו גם
hi होम|समाचार|दुनिया|राजनीति|बिज़नेस|खेल|मनोरंजन|संपर्क करें
जनवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्टूबर|नवंबर|दिसंबर ; सोमवार|मंगलवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|अपडेटेड: {dd}-{mm}-{y}
शेयर करें|लिंक कॉपी करें|{n} मिनट में पढ़ें|लेखक:|फोटो|संबंधित खबरें|सबसे ज्यादा पढ़ी गई|हमारे न्यूज़लेटर की सदस्यता लें|{n} टिप्पणियां|सर्वाधिकार सुरक्षित।|गोपनीयता नीति|उपयोग की शर्तें|विज्ञापन|टैग|अपडेट|यह भी पढ़ें
hr Naslovnica|Vijesti|Svijet|Politika|Gospodarstvo|Sport|Kultura|Kontakt
siječnja|veljače|ožujka|travnja|svibnja|lipnja|srpnja|kolovoza|rujna|listopada|studenoga|prosinca ; ponedjeljak|utorak|srijeda|četvrtak|petak|subota|nedjelja ; {d}. {M} {y}. u {H}:{I}|{dd}.{mm}.{y}. {H}:{I}|{wd}, {d}. {M} {y}.
Podijeli|Kopiraj poveznicu|{n} min čitanja|Autor:|Foto|Povezani članci|Najčitanije|Pretplatite se na naš newsletter|{n} komentara|Sva prava pridržana.|Pravila privatnosti|Uvjeti korištenja|Oglas|Oznake|Ažurirano|Pročitajte još
hu Címlap|Hírek|Világ|Belföld|Gazdaság|Sport|Kultúra|Kapcsolat
január|február|március|április|május|június|július|augusztus|szeptember|október|november|december ; hétfő|kedd|szerda|csütörtök|péntek|szombat|vasárnap ; {y}. {M} {d}. {H}:{I}|{y}.{mm}.{dd}. {H}:{I}|{y}. {M} {d}., {wd}
Megosztás|Link másolása|{n} perc olvasás|Szerző:|Fotó|Kapcsolódó cikkek|Legolvasottabb|Iratkozzon fel hírlevelünkre|{n} hozzászólás|Minden jog fenntartva.|Adatvédelmi tájékoztató|Felhasználási feltételek|Hirdetés|Címkék|Frissítve|Ezt is ajánljuk
hy Գլխավոր|Լուրեր|Աշխարհ|Քաղաքականություն|Տնտեսություն|Սպորտ|Մշակույթ|Կապ
հունվարի|փետրվարի|մարտի|ապրիլի|մայիսի|հունիսի|հուլիսի|օգոստոսի|սեպտեմբերի|հոկտեմբերի|նոյեմբերի|դեկտեմբերի ; երկուշաբթի|երեքշաբթի|չորեքշաբթի|հինգշաբթի|ուրբաթ|շաբաթ|կիրակի ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y} թ.
Կիսվել|Պատճենել հղումը|{n} րոպե ընթերցում|Հեղինակ՝|Լուսանկար|Առնչվող նյութեր|Ամենաընթերցվածը|Բաժանորդագրվեք մեր լրագրին|{n} մեկնաբանություն|Բոլոր իրավունքները պաշտպանված են։|Գաղտնիության քաղաքականություն|Օգտագործման պայմաններ|Գովազդ|Պիտակներ|Թարմացվել է|Կարդացեք նաև
id Beranda|Berita|Internasional|Politik|Ekonomi|Olahraga|Budaya|Kontak
Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember ; Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu ; {wd}, {d} {M} {y} {H}:{I} WIB|{dd}/{mm}/{y}, {H}:{I} WIB|{wd}, {dd} {M} {y}
Bagikan|Salin tautan|{n} menit membaca|Oleh|Foto|Berita terkait|Terpopuler|Berlangganan buletin kami|{n} komentar|Hak cipta dilindungi undang-undang.|Kebijakan privasi|Syarat penggunaan|Iklan|Tag|Diperbarui|Baca juga
is Forsíða|Fréttir|Erlent|Stjórnmál|Viðskipti|Íþróttir|Menning|Hafa samband
janúar|febrúar|mars|apríl|maí|júní|júlí|ágúst|september|október|nóvember|desember ; mánudagur|þriðjudagur|miðvikudagur|fimmtudagur|föstudagur|laugardagur|sunnudagur ; {d}. {M} {y} kl. {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd} {d}. {M} {y}
Deila|Afrita hlekk|{n} mín. lestur|Eftir|Mynd|Tengdar fréttir|Mest lesið|Skráðu þig á póstlistann okkar|{n} athugasemdir|Öll réttindi áskilin.|Persónuverndarstefna|Notkunarskilmálar|Auglýsing|Merki|Uppfært|Lestu einnig
it Home|Notizie|Mondo|Politica|Economia|Sport|Cultura|Contatti
gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre ; lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica ; {d} {M} {y} - {H}:{I}|{wd} {d} {M} {y}|Pubblicato il {dd}/{mm}/{y} alle {H}:{I}
Condividi|Copia link|Lettura {n} min|Di|Foto|Articoli correlati|I più letti|Iscriviti alla nostra newsletter|{n} commenti|Tutti i diritti riservati.|Informativa sulla privacy|Termini di utilizzo|Pubblicità|Tag|Aggiornato|Leggi anche
ja ホーム|ニュース|国際|政治|経済|スポーツ|文化|お問い合わせ
1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月 ; 月曜日|火曜日|水曜日|木曜日|金曜日|土曜日|日曜日 ; {y}年{m}月{d}日 {H}時{I}分|{y}/{mm}/{dd} {H}:{I}|{y}年{m}月{d}日（{wd}）
シェア|リンクをコピー|この記事は約{n}分で読めます|文：|写真|関連記事|よく読まれている記事|メールマガジンに登録する|コメント（{n}）|無断転載を禁じます。|プライバシーポリシー|利用規約|広告|タグ|更新|あわせて読みたい
ka მთავარი|ახალი ამბები|მსოფლიო|პოლიტიკა|ეკონომიკა|სპორტი|კულტურა|კონტაქტი
იანვარი|თებერვალი|მარტი|აპრილი|მაისი|ივნისი|ივლისი|აგვისტო|სექტემბერი|ოქტომბერი|ნოემბერი|დეკემბერი ; ორშაბათი|სამშაბათი|ოთხშაბათი|ხუთშაბათი|პარასკევი|შაბათი|კვირა ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M}, {y}
გაზიარება|ბმულის კოპირება|{n} წუთი საკითხავი|ავტორი:|ფოტო|მსგავსი სიახლეები|ყველაზე კითხვადი|გამოიწერეთ ჩვენი სიახლეები|{n} კომენტარი|ყველა უფლება დაცულია.|კონფიდენციალურობის პოლიტიკა|გამოყენების პირობები|რეკლამა|თეგები|განახლდა|ასევე წაიკითხეთ
kk Басты бет|Жаңалықтар|Әлем|Саясат|Экономика|Спорт|Мәдениет|Байланыс
қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан ; дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{y} жылғы {d} {M}, {wd}
Бөлісу|Сілтемені көшіру|Оқу уақыты {n} мин|Авторы:|Фото|Тақырыптас жаңалықтар|Ең көп оқылған|Жаңалықтарымызға жазылыңыз|{n} пікір|Барлық құқықтар қорғалған.|Құпиялылық саясаты|Пайдалану шарттары|Жарнама|Тегтер|Жаңартылды|Сондай-ақ оқыңыз
ko 홈|뉴스|국제|정치|경제|스포츠|문화|문의하기
1월|2월|3월|4월|5월|6월|7월|8월|9월|10월|11월|12월 ; 월요일|화요일|수요일|목요일|금요일|토요일|일요일 ; 입력 {y}.{mm}.{dd} {H}:{I}|{y}년 {m}월 {d}일 {wd}|수정 {y}-{mm}-{dd} {H}:{I}
공유하기|링크 복사|{n}분 읽기|글|사진|관련 기사|많이 본 뉴스|뉴스레터 구독하기|댓글 {n}개|무단 전재 및 재배포 금지.|개인정보처리방침|이용약관|광고|태그|업데이트|함께 읽으면 좋은 기사
la Domus|Nuntii|Orbis|Res publica|Oeconomia|Ludi|Cultura|Contactus
Ianuarii|Februarii|Martii|Aprilis|Maii|Iunii|Iulii|Augusti|Septembris|Octobris|Novembris|Decembris ; dies Lunae|dies Martis|dies Mercurii|dies Iovis|dies Veneris|dies Saturni|dies Solis ; {d} {M} {y}|{wd}, {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y}
Communica|Nexum exscribe|{n} minuta legendi|Auctore|Imago|Articuli cognati|Maxime lecta|Nuntiorum epistulae subscribe|{n} commentarii|Omnia iura reservata.|Ratio secreti|Condiciones usus|Praeconium|Notae|Renovatum|Lege etiam
lt Pradžia|Naujienos|Pasaulis|Politika|Verslas|Sportas|Kultūra|Kontaktai
sausio|vasario|kovo|balandžio|gegužės|birželio|liepos|rugpjūčio|rugsėjo|spalio|lapkričio|gruodžio ; pirmadienis|antradienis|trečiadienis|ketvirtadienis|penktadienis|šeštadienis|sekmadienis ; {y} m. {M} {d} d. {H}:{I}|{y}-{mm}-{dd} {H}:{I}|{wd}, {y} m. {M} {d} d.
Dalintis|Kopijuoti nuorodą|{n} min. skaitymo|Autorius:|Nuotrauka|Susiję straipsniai|Skaitomiausi|Prenumeruokite mūsų naujienlaiškį|{n} komentarai|Visos teisės saugomos.|Privatumo politika|Naudojimo sąlygos|Reklama|Žymės|Atnaujinta|Taip pat skaitykite
lv Sākums|Ziņas|Pasaulē|Politika|Ekonomika|Sports|Kultūra|Kontakti
janvāris|februāris|marts|aprīlis|maijs|jūnijs|jūlijs|augusts|septembris|oktobris|novembris|decembris ; pirmdiena|otrdiena|trešdiena|ceturtdiena|piektdiena|sestdiena|svētdiena ; {y}. gada {d}. {M}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d}. {M}, {y}
Dalīties|Kopēt saiti|{n} min lasīšanas|Autors:|Foto|Saistītie raksti|Lasītākie|Piesakies mūsu jaunumiem|{n} komentāri|Visas tiesības aizsargātas.|Privātuma politika|Lietošanas noteikumi|Reklāma|Birkas|Atjaunināts|Lasi arī
mk Почетна|Вести|Свет|Политика|Економија|Спорт|Култура|Контакт
јануари|февруари|март|април|мај|јуни|јули|август|септември|октомври|ноември|декември ; понеделник|вторник|среда|четврток|петок|сабота|недела ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y}
Сподели|Копирај линк|{n} мин читање|Автор:|Фото|Поврзани вести|Најчитани|Претплатете се на нашиот билтен|{n} коментари|Сите права се задржани.|Политика на приватност|Услови за користење|Реклама|Тагови|Ажурирано|Прочитајте и
mn Нүүр|Мэдээ|Дэлхий|Улс төр|Эдийн засаг|Спорт|Соёл|Холбоо барих
нэгдүгээр сар|хоёрдугаар сар|гуравдугаар сар|дөрөвдүгээр сар|тавдугаар сар|зургаадугаар сар|долдугаар сар|наймдугаар сар|есдүгээр сар|аравдугаар сар|арван нэгдүгээр сар|арван хоёрдугаар сар ; Даваа|Мягмар|Лхагва|Пүрэв|Баасан|Бямба|Ням ; {y} оны {m} сарын {d}|{y}.{mm}.{dd} {H}:{I}|{y} оны {M}ын {d}, {wd}
Хуваалцах|Холбоос хуулах|{n} минут унших|Зохиогч:|Зураг|Холбоотой мэдээ|Их уншсан|Мэдээллийн товхимолд бүртгүүлэх|{n} сэтгэгдэл|Бүх эрх хуулиар хамгаалагдсан.|Нууцлалын бодлого|Үйлчилгээний нөхцөл|Сурталчилгаа|Шошго|Шинэчилсэн|Мөн уншаарай
mr मुख्यपृष्ठ|बातम्या|देश-विदेश|राजकारण|अर्थकारण|क्रीडा|संस्कृती|संपर्क
जानेवारी|फेब्रुवारी|मार्च|एप्रिल|मे|जून|जुलै|ऑगस्ट|सप्टेंबर|ऑक्टोबर|नोव्हेंबर|डिसेंबर ; सोमवार|मंगळवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|अपडेट: {dd}-{mm}-{y}
शेअर करा|लिंक कॉपी करा|{n} मिनिटांत वाचा|लेखक:|फोटो|संबंधित बातम्या|सर्वाधिक वाचलेले|आमच्या वृत्तपत्राची सदस्यता घ्या|{n} प्रतिक्रिया|सर्व हक्क राखीव.|गोपनीयता धोरण|वापराच्या अटी|जाहिरात|टॅग्स|अपडेटेड|हेही वाचा
ms Utama|Berita|Dunia|Politik|Ekonomi|Sukan|Budaya|Hubungi Kami
Januari|Februari|Mac|April|Mei|Jun|Julai|Ogos|September|Oktober|November|Disember ; Isnin|Selasa|Rabu|Khamis|Jumaat|Sabtu|Ahad ; {wd}, {d} {M} {y} {H}:{I}|{d} {M} {y}, {H}:{I}|{dd}/{mm}/{y}
Kongsi|Salin pautan|{n} minit bacaan|Oleh|Foto|Berita berkaitan|Paling popular|Langgan surat berita kami|{n} komen|Hak cipta terpelihara.|Dasar privasi|Terma penggunaan|Iklan|Tag|Dikemas kini|Baca juga
nb Forside|Nyheter|Utenriks|Politikk|Økonomi|Sport|Kultur|Kontakt
januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember ; mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag ; {d}. {M} {y} kl. {H}.{I}|Publisert {dd}.{mm}.{y} {H}:{I}|{wd} {d}. {M} {y}
Del|Kopier lenke|{n} min lesing|Av|Foto|Relaterte saker|Mest lest|Meld deg på nyhetsbrevet vårt|{n} kommentarer|Alle rettigheter forbeholdt.|Personvernerklæring|Vilkår for bruk|Annonse|Emneord|Oppdatert|Les også
nl Home|Nieuws|Buitenland|Politiek|Economie|Sport|Cultuur|Contact
januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december ; maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag ; {d} {M} {y}, {H}:{I}|{wd} {d} {M} {y}|{dd}-{mm}-{y} {H}:{I}
Delen|Link kopiëren|{n} min leestijd|Door|Foto|Gerelateerde artikelen|Meest gelezen|Schrijf je in voor onze nieuwsbrief|{n} reacties|Alle rechten voorbehouden.|Privacybeleid|Gebruiksvoorwaarden|Advertentie|Tags|Bijgewerkt|Lees ook
nn Framside|Nyheiter|Utanriks|Politikk|Økonomi|Sport|Kultur|Kontakt
januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember ; måndag|tysdag|onsdag|torsdag|fredag|laurdag|søndag ; {d}. {M} {y} kl. {H}.{I}|Publisert {dd}.{mm}.{y} {H}:{I}|{wd} {d}. {M} {y}
Del|Kopier lenkje|{n} min lesing|Av|Foto|Relaterte saker|Mest lese|Meld deg på nyheitsbrevet vårt|{n} kommentarar|Alle rettar atterhaldne.|Personvernerklæring|Vilkår for bruk|Annonse|Emneord|Oppdatert|Les òg
pa ਮੁੱਖ ਪੰਨਾ|ਖ਼ਬਰਾਂ|ਦੁਨੀਆ|ਸਿਆਸਤ|ਕਾਰੋਬਾਰ|ਖੇਡਾਂ|ਸੱਭਿਆਚਾਰ|ਸੰਪਰਕ
ਜਨਵਰੀ|ਫ਼ਰਵਰੀ|ਮਾਰਚ|ਅਪ੍ਰੈਲ|ਮਈ|ਜੂਨ|ਜੁਲਾਈ|ਅਗਸਤ|ਸਤੰਬਰ|ਅਕਤੂਬਰ|ਨਵੰਬਰ|ਦਸੰਬਰ ; ਸੋਮਵਾਰ|ਮੰਗਲਵਾਰ|ਬੁੱਧਵਾਰ|ਵੀਰਵਾਰ|ਸ਼ੁੱਕਰਵਾਰ|ਸ਼ਨਿੱਚਰਵਾਰ|ਐਤਵਾਰ ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|ਅਪਡੇਟ: {dd}-{mm}-{y}
ਸਾਂਝਾ ਕਰੋ|ਲਿੰਕ ਕਾਪੀ ਕਰੋ|{n} ਮਿੰਟ ਪੜ੍ਹਨ ਦਾ ਸਮਾਂ|ਲੇਖਕ:|ਫੋਟੋ|ਸਬੰਧਤ ਖ਼ਬਰਾਂ|ਸਭ ਤੋਂ ਵੱਧ ਪੜ੍ਹੀਆਂ|ਸਾਡੇ ਨਿਊਜ਼ਲੈਟਰ ਦੀ ਗਾਹਕੀ ਲਓ|{n} ਟਿੱਪਣੀਆਂ|ਸਾਰੇ ਹੱਕ ਰਾਖਵੇਂ ਹਨ।|ਪਰਦੇਦਾਰੀ ਨੀਤੀ|ਵਰਤੋਂ ਦੀਆਂ ਸ਼ਰਤਾਂ|ਇਸ਼ਤਿਹਾਰ|ਟੈਗ|ਅੱਪਡੇਟ|ਇਹ ਵੀ ਪੜ੍ਹੋ
pl Strona główna|Wiadomości|Świat|Polityka|Gospodarka|Sport|Kultura|Kontakt
stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia ; poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y}
Udostępnij|Kopiuj link|{n} min czytania|Autor:|Fot.|Powiązane artykuły|Najczęściej czytane|Zapisz się do naszego newslettera|{n} komentarzy|Wszelkie prawa zastrzeżone.|Polityka prywatności|Regulamin|Reklama|Tagi|Aktualizacja|Czytaj także
pt Início|Notícias|Mundo|Política|Economia|Desporto|Cultura|Contactos
janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro ; segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo ; {d} de {M} de {y}, {H}:{I}|{wd}, {d} de {M} de {y}|Atualizado em {dd}/{mm}/{y} às {H}h{I}
Compartilhar|Copiar link|{n} min de leitura|Por|Foto|Artigos relacionados|Mais lidas|Assine a nossa newsletter|{n} comentários|Todos os direitos reservados.|Política de privacidade|Termos de uso|Publicidade|Tags|Atualizado|Leia também
ro Acasă|Știri|Externe|Politică|Economie|Sport|Cultură|Contact
ianuarie|februarie|martie|aprilie|mai|iunie|iulie|august|septembrie|octombrie|noiembrie|decembrie ; luni|marți|miercuri|joi|vineri|sâmbătă|duminică ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|{dd}.{mm}.{y} {H}:{I}
Distribuie|Copiază linkul|{n} min de citit|De|Foto|Articole similare|Cele mai citite|Abonează-te la newsletter|{n} comentarii|Toate drepturile rezervate.|Politica de confidențialitate|Termeni și condiții|Publicitate|Etichete|Actualizat|Citește și
ru Главная|Новости|Мир|Политика|Экономика|Спорт|Культура|Контакты
января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря ; понедельник|вторник|среда|четверг|пятница|суббота|воскресенье ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y} г.
Поделиться|Скопировать ссылку|{n} мин на чтение|Автор:|Фото|Материалы по теме|Самое читаемое|Подпишитесь на нашу рассылку|{n} комментариев|Все права защищены.|Политика конфиденциальности|Пользовательское соглашение|Реклама|Теги|Обновлено|Читайте также
sk Úvod|Správy|Svet|Politika|Ekonomika|Šport|Kultúra|Kontakt
januára|februára|marca|apríla|mája|júna|júla|augusta|septembra|októbra|novembra|decembra ; pondelok|utorok|streda|štvrtok|piatok|sobota|nedeľa ; {d}. {M} {y} o {H}:{I}|{wd} {d}. {m}. {y}|{dd}.{mm}.{y} {H}:{I}
Zdieľať|Kopírovať odkaz|{n} min čítania|Autor:|Foto|Súvisiace články|Najčítanejšie|Prihláste sa na odber newslettera|{n} komentárov|Všetky práva vyhradené.|Ochrana osobných údajov|Podmienky používania|Reklama|Štítky|Aktualizované|Prečítajte si aj
sl Domov|Novice|Svet|Politika|Gospodarstvo|Šport|Kultura|Kontakt
januar|februar|marec|april|maj|junij|julij|avgust|september|oktober|november|december ; ponedeljek|torek|sreda|četrtek|petek|sobota|nedelja ; {d}. {M} {y} ob {H}:{I}|{dd}. {mm}. {y}, {H}:{I}|{wd}, {d}. {M} {y}
Deli|Kopiraj povezavo|{n} min branja|Avtor:|Foto|Sorodni članki|Najbolj brano|Naročite se na naše e-novice|{n} komentarjev|Vse pravice pridržane.|Politika zasebnosti|Pogoji uporabe|Oglas|Oznake|Posodobljeno|Preberite tudi
so Bogga hore|Wararka|Caalamka|Siyaasadda|Dhaqaalaha|Ciyaaraha|Dhaqanka|Nala soo xiriir
Janaayo|Febraayo|Maarso|Abriil|Maajo|Juun|Luuliyo|Ogost|Sebtembar|Oktoobar|Nofembar|Desembar ; Isniin|Talaado|Arbaco|Khamiis|Jimco|Sabti|Axad ; {d} {M} {y}|{wd}, {d} {M} {y} {H}:{I}|{dd}/{mm}/{y}
La wadaag|Koobiyee xiriirka|{n} daqiiqo akhris|Qoraa:|Sawir|Warar la xiriira|Ugu akhris badan|Iska diiwaangeli wargeyskayaga|{n} faallo|Dhammaan xuquuqdu way dhowran yihiin.|Qaanuunka sirta|Shuruudaha isticmaalka|Xayeysiis|Calaamado|La cusboonaysiiyay|Sidoo kale akhri
sq Kryefaqja|Lajme|Bota|Politikë|Ekonomi|Sport|Kulturë|Kontakt
janar|shkurt|mars|prill|maj|qershor|korrik|gusht|shtator|tetor|nëntor|dhjetor ; e hënë|e martë|e mërkurë|e enjte|e premte|e shtunë|e diel ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y}
Shpërndaje|Kopjo lidhjen|{n} min lexim|Nga|Foto|Artikuj të ngjashëm|Më të lexuarat|Abonohu në buletinin tonë|{n} komente|Të gjitha të drejtat e rezervuara.|Politika e privatësisë|Kushtet e përdorimit|Reklamë|Etiketa|Përditësuar|Lexo edhe
sr Почетна|Вести|Свет|Политика|Економија|Спорт|Култура|Контакт
јануар|фебруар|март|април|мај|јун|јул|август|септембар|октобар|новембар|децембар ; понедељак|уторак|среда|четвртак|петак|субота|недеља ; {d}. {M} {y}. у {H}:{I}|{dd}.{mm}.{y}. {H}:{I}|{wd}, {d}. {M} {y}.
Подели|Копирај линк|{n} мин читања|Аутор:|Фото|Повезане вести|Најчитаније|Пријавите се на наш билтен|{n} коментара|Сва права задржана.|Политика приватности|Услови коришћења|Реклама|Тагови|Ажурирано|Прочитајте још
sv Start|Nyheter|Utrikes|Politik|Ekonomi|Sport|Kultur|Kontakt
januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december ; måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag ; {d} {M} {y} kl. {H}.{I}|Publicerad {y}-{mm}-{dd} {H}:{I}|{wd} {d} {M} {y}
Dela|Kopiera länk|{n} min läsning|Av|Foto|Relaterade artiklar|Mest läst|Prenumerera på vårt nyhetsbrev|{n} kommentarer|Alla rättigheter förbehållna.|Integritetspolicy|Användarvillkor|Annons|Taggar|Uppdaterad|Läs också
sw Nyumbani|Habari|Kimataifa|Siasa|Biashara|Michezo|Utamaduni|Wasiliana nasi
Januari|Februari|Machi|Aprili|Mei|Juni|Julai|Agosti|Septemba|Oktoba|Novemba|Desemba ; Jumatatu|Jumanne|Jumatano|Alhamisi|Ijumaa|Jumamosi|Jumapili ; {d} {M} {y}|{wd}, {d} {M} {y} {H}:{I}|{dd}/{mm}/{y}
Shiriki|Nakili kiungo|Dakika {n} za kusoma|Na|Picha|Habari zinazohusiana|Zilizosomwa zaidi|Jiandikishe kupokea jarida letu|Maoni {n}|Haki zote zimehifadhiwa.|Sera ya faragha|Masharti ya matumizi|Tangazo|Lebo|Imesasishwa|Soma pia
ta முகப்பு|செய்திகள்|உலகம்|அரசியல்|வணிகம்|விளையாட்டு|கலாச்சாரம்|தொடர்புக்கு
ஜனவரி|பிப்ரவரி|மார்ச்|ஏப்ரல்|மே|ஜூன்|ஜூலை|ஆகஸ்ட்|செப்டம்பர்|அக்டோபர்|நவம்பர்|டிசம்பர் ; திங்கள்|செவ்வாய்|புதன்|வியாழன்|வெள்ளி|சனி|ஞாயிறு ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|புதுப்பிக்கப்பட்டது: {dd}-{mm}-{y}
பகிர்|இணைப்பை நகலெடு|{n} நிமிட வாசிப்பு|எழுதியவர்:|படம்|தொடர்புடைய செய்திகள்|அதிகம் படித்தவை|எங்கள் செய்திமடலுக்கு குழுசேரவும்|{n} கருத்துகள்|அனைத்து உரிமைகளும் பாதுகாக்கப்பட்டவை.|தனியுரிமைக் கொள்கை|பயன்பாட்டு விதிமுறைகள்|விளம்பரம்|குறிச்சொற்கள்|புதுப்பிக்கப்பட்டது|இதையும் படிக்க
te హోమ్|వార్తలు|ప్రపంచం|రాజకీయాలు|బిజినెస్|క్రీడలు|సంస్కృతి|సంప్రదించండి
జనవరి|ఫిబ్రవరి|మార్చి|ఏప్రిల్|మే|జూన్|జూలై|ఆగస్టు|సెప్టెంబర్|అక్టోబర్|నవంబర్|డిసెంబర్ ; సోమవారం|మంగళవారం|బుధవారం|గురువారం|శుక్రవారం|శనివారం|ఆదివారం ; {d} {M} {y}, {H}:{I}|{wd}, {d} {M} {y}|అప్‌డేట్: {dd}-{mm}-{y}
షేర్ చేయండి|లింక్ కాపీ చేయండి|{n} నిమిషాల పఠనం|రచయిత:|ఫోటో|సంబంధిత వార్తలు|ఎక్కువగా చదివినవి|మా న్యూస్‌లెటర్‌కు సబ్‌స్క్రైబ్ చేయండి|{n} వ్యాఖ్యలు|సర్వహక్కులు ప్రత్యేకించబడినవి.|గోప్యతా విధానం|వినియోగ నిబంధనలు|ప్రకటన|ట్యాగ్‌లు|అప్‌డేట్|ఇవి కూడా చదవండి
th หน้าแรก|ข่าว|ต่างประเทศ|การเมือง|เศรษฐกิจ|กีฬา|วัฒนธรรม|ติดต่อเรา
มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม ; วันจันทร์|วันอังคาร|วันพุธ|วันพฤหัสบดี|วันศุกร์|วันเสาร์|วันอาทิตย์ ; {d} {M} {y} {H}:{I} น.|{wd}ที่ {d} {M} พ.ศ. {y}|{dd}/{mm}/{y}
แชร์|คัดลอกลิงก์|อ่าน {n} นาที|โดย|ภาพ|ข่าวที่เกี่ยวข้อง|ข่าวยอดนิยม|สมัครรับจดหมายข่าว|{n} ความคิดเห็น|สงวนลิขสิทธิ์|นโยบายความเป็นส่วนตัว|เงื่อนไขการใช้งาน|โฆษณา|แท็ก|อัปเดต|อ่านเพิ่มเติม
tl Home|Balita|Mundo|Pulitika|Negosyo|Palakasan|Kultura|Makipag-ugnayan
Enero|Pebrero|Marso|Abril|Mayo|Hunyo|Hulyo|Agosto|Setyembre|Oktubre|Nobyembre|Disyembre ; Lunes|Martes|Miyerkules|Huwebes|Biyernes|Sabado|Linggo ; {M} {d}, {y}|{wd}, {M} {d}, {y} {H}:{I}|{mm}/{dd}/{y}
Ibahagi|Kopyahin ang link|{n} minutong pagbasa|Ni|Larawan|Mga kaugnay na balita|Pinakabinasa|Mag-subscribe sa aming newsletter|{n} komento|Nakalaan ang lahat ng karapatan.|Patakaran sa privacy|Mga tuntunin ng paggamit|Anunsiyo|Mga tag|Na-update|Basahin din
tr Anasayfa|Haberler|Dünya|Politika|Ekonomi|Spor|Kültür|İletişim
Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık ; Pazartesi|Salı|Çarşamba|Perşembe|Cuma|Cumartesi|Pazar ; {d} {M} {y} {wd} {H}:{I}|{dd}.{mm}.{y} - {H}:{I}|Güncelleme: {d} {M} {y}
Paylaş|Bağlantıyı kopyala|{n} dk okuma|Yazan:|Fotoğraf|İlgili haberler|En çok okunanlar|Bültenimize abone olun|{n} yorum|Tüm hakları saklıdır.|Gizlilik politikası|Kullanım koşulları|Reklam|Etiketler|Güncellendi|Bunlar da ilginizi çekebilir
uk Головна|Новини|Світ|Політика|Економіка|Спорт|Культура|Контакти
січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня ; понеділок|вівторок|середа|четвер|пʼятниця|субота|неділя ; {d} {M} {y}, {H}:{I}|{dd}.{mm}.{y} {H}:{I}|{wd}, {d} {M} {y} року
Поділитися|Скопіювати посилання|{n} хв читання|Автор:|Фото|Новини за темою|Найпопулярніше|Підпишіться на нашу розсилку|{n} коментарів|Усі права захищені.|Політика конфіденційності|Умови використання|Реклама|Теги|Оновлено|Читайте також
ur صفحہ اول|خبریں|دنیا|سیاست|کاروبار|کھیل|ثقافت|رابطہ
جنوری|فروری|مارچ|اپریل|مئی|جون|جولائی|اگست|ستمبر|اکتوبر|نومبر|دسمبر ; پیر|منگل|بدھ|جمعرات|جمعہ|ہفتہ|اتوار ; {d} {M} {y}|{wd} {d} {M} {y}، {H}:{I}|اپ ڈیٹ: {dd}/{mm}/{y}
شیئر کریں|لنک کاپی کریں|{n} منٹ میں پڑھیں|تحریر:|تصویر|متعلقہ خبریں|سب سے زیادہ پڑھی جانے والی|ہمارے نیوز لیٹر کو سبسکرائب کریں|{n} تبصرے|جملہ حقوق محفوظ ہیں۔|رازداری کی پالیسی|استعمال کی شرائط|اشتہار|ٹیگز|اپ ڈیٹ|یہ بھی پڑھیں
vi Trang chủ|Tin tức|Thế giới|Chính trị|Kinh doanh|Thể thao|Văn hóa|Liên hệ
tháng 1|tháng 2|tháng 3|tháng 4|tháng 5|tháng 6|tháng 7|tháng 8|tháng 9|tháng 10|tháng 11|tháng 12 ; Thứ hai|Thứ ba|Thứ tư|Thứ năm|Thứ sáu|Thứ bảy|Chủ nhật ; {wd}, {d}/{m}/{y}, {H}:{I} (GMT+7)|Cập nhật: {H}:{I} {dd}/{mm}/{y}|ngày {d} {M} năm {y}
Chia sẻ|Sao chép liên kết|{n} phút đọc|Bởi|Ảnh|Tin liên quan|Đọc nhiều nhất|Đăng ký nhận bản tin của chúng tôi|{n} bình luận|Mọi quyền được bảo lưu.|Chính sách bảo mật|Điều khoản sử dụng|Quảng cáo|Từ khóa|Cập nhật|Xem thêm
yo Ojú-ìwé àkọ́kọ́|Ìròyìn|Àgbáyé|Òṣèlú|Ọrọ̀ ajé|Eré ìdárayá|Àṣà|Kàn sí wa
Ṣẹ́rẹ́|Èrèlè|Ẹrẹ̀nà|Ìgbé|Ẹ̀bibi|Òkúdu|Agẹmọ|Ògún|Owewe|Ọ̀wàrà|Bélú|Ọ̀pẹ̀ ; Ọjọ́ Ajé|Ọjọ́ Ìsẹ́gun|Ọjọ́rú|Ọjọ́bọ|Ọjọ́ Ẹtì|Ọjọ́ Àbámẹ́ta|Ọjọ́ Àìkú ; {d} {M} {y}|{wd}, {d} {M} {y} {H}:{I}|{dd}/{mm}/{y}
Pín|Ṣe àdàkọ ìjápọ̀|Ìṣẹ́jú {n} kíkà|Láti ọwọ́|Àwòrán|Àwọn ìròyìn tó jọmọ́|Èyí tí wọ́n kà jù|Forúkọ sílẹ̀ fún ìwé ìròyìn wa|Ọ̀rọ̀ ìwòye {n}|Gbogbo ẹ̀tọ́ wà ní ìpamọ́.|Ìlànà àṣírí|Àwọn òfin ìlò|Ìpolówó|Àwọn àmì|A ṣe àtúnṣe|Ka èyí náà
zh 首页|新闻|国际|政治|财经|体育|文化|联系我们
1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月 ; 星期一|星期二|星期三|星期四|星期五|星期六|星期日 ; {y}年{m}月{d}日 {H}:{I}|{y}-{mm}-{dd} {H}:{I}|{y}年{m}月{d}日 {wd}
分享|复制链接|阅读时间约{n}分钟|作者：|图片|相关新闻|热门文章|订阅我们的新闻通讯|{n}条评论|版权所有，未经授权禁止转载。|隐私政策|使用条款|广告|标签|更新时间|延伸阅读
"""


@dataclass(frozen=True)
class Lang:
    code: str  # Lingua's
    lid: str  # the label lid.176 gives the language
    menu: tuple[str, ...]
    months: tuple[str, ...]
    days: tuple[str, ...]
    dates: tuple[str, ...]
    phrases: dict[str, str]


def _parse(table: str) -> dict[str, Lang]:
    lines = [line for line in table.strip().split("\n") if line.strip()]
    langs: dict[str, Lang] = {}
    for head, calendar, phrases in zip(*[iter(lines)] * 3, strict=True):
        code, menu = head.split(" ", 1)
        months, days, dates = calendar.split(" ; ")
        lang = Lang(
            code,
            LID_LABEL.get(code, code),
            tuple(menu.split("|")),
            tuple(months.split("|")),
            tuple(days.split("|")),
            tuple(dates.split("|")),
            dict(zip(PHRASES, phrases.split("|"), strict=True)),
        )
        if (len(lang.menu), len(lang.months), len(lang.days)) != (8, 12, 7):
            raise ValueError(f"furniture table: language {code} is malformed")
        langs[code] = lang
    return langs


LANGUAGES = _parse(TABLE)


@dataclass
class Article:
    """One document: its lines with their kinds (``body`` or a furniture kind)."""

    doc_id: str
    lang: str
    lid: str
    side: str
    furnished: bool
    lines: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return "\n\n".join(line for line, _ in self.lines) + "\n"


def sentence_side(lang: str, sentence: str) -> str:
    """``dev`` for ~70% of a language's sentences, ``heldout`` for the rest, by hash."""
    digest = xxhash.xxh32_intdigest(f"lingua/{lang}/{sentence}".encode())
    return "dev" if digest % 10 < 7 else "heldout"


def load_sentences(data: Path, lang: str, side: str) -> list[str]:
    path = data / LINGUA_DIR / "sentences" / f"{lang}.txt.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    seen: set[str] = set()
    chosen = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if "{" in line or "}" in line:  # wiki markup ("-{IC}-" in Serbian): not clean text
            continue
        if line and line not in seen and sentence_side(lang, line) == side:
            seen.add(line)
            chosen.append(line)
    return chosen


def languages(data: Path) -> list[str]:
    """The languages measured: Lingua has sentences for them and lid.176 a label."""
    folder = data / LINGUA_DIR / "sentences"
    present = {p.name.split(".")[0] for p in folder.glob("*.txt.gz")}
    return sorted(code for code in LANGUAGES if code in present)


class _Page:
    """Writes the furniture of one page (numbers in the language's digits)."""

    def __init__(self, lang: Lang, rng: random.Random, pool: list[str]) -> None:
        self.lang, self.rng, self.pool = lang, rng, pool
        self.digits = str.maketrans("0123456789", DIGITS.get(lang.code, "0123456789"))

    def say(self, text: str) -> str:
        return text.translate(self.digits)

    def phrase(self, key: str, n: int | None = None) -> str:
        text = self.lang.phrases[key]
        return self.say(text.replace("{n}", str(n if n is not None else self.rng.randint(2, 48))))

    def date(self, bare: bool = False) -> str:
        """A date line; ``bare``: from a template without a word before the date."""
        rng, lang = self.rng, self.lang
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        hour, minute = rng.randint(0, 23), rng.randint(0, 59)
        year = rng.randint(2016, 2025) + YEAR_OFFSET.get(lang.code, 0)
        templates = [t for t in lang.dates if t.startswith("{")] if bare else lang.dates
        fields = {"d": day, "dd": f"{day:02d}", "m": month, "mm": f"{month:02d}", "y": year}
        fields.update(M=lang.months[month - 1], H=f"{hour:02d}", I=f"{minute:02d}")
        return self.say(rng.choice(templates).format(wd=rng.choice(lang.days), **fields))

    def headline(self) -> str:
        """A headline cut from another sentence: it reads like content, ends unpunctuated."""
        sentence = self.rng.choice(self.pool)
        if self.lang.code in UNSPACED:
            cut = sentence[: self.rng.randint(10, 20)]
        else:
            cut = " ".join(sentence.split()[: self.rng.randint(5, 9)])
        return cut.rstrip(" .,;:!?。！？،؟।")

    def menu(self) -> list[tuple[str, str]]:
        items = list(self.lang.menu[: self.rng.randint(5, 8)])
        if self.rng.random() < 0.6:
            sep = self.rng.choice((" ", " | ", " · ", " / ", "  "))
            return [(sep.join(items), "menu")]
        return [(item, "menu_item") for item in items]

    def share(self) -> str:
        share = self.lang.phrases["share"]
        networks = ["Facebook", "X", "WhatsApp", "Telegram", "LinkedIn", "E-mail"]
        style = self.rng.randrange(3)
        if style == 0:
            return f"{share} " + " ".join(networks[: self.rng.randint(3, 6)])
        if style == 1:  # buttons glued together, as extraction joins them
            return "".join(f"{share} {n}" for n in networks[:3])
        return " ".join(networks[:4]) + " " + self.lang.phrases["copy_link"]

    def headlines(self, key: str, numbered: bool) -> list[tuple[str, str]]:
        lines = [(self.phrase(key), f"{key}_heading")]
        for k in range(self.rng.randint(3, 5)):
            title = self.headline()
            lines.append((self.say(f"{k + 1}. ") + title if numbered else title, f"{key}_item"))
        return lines

    def top(self) -> list[tuple[str, str]]:
        rng, ph = self.rng, self.lang.phrases
        lines = self.menu()
        if rng.random() < 0.5:
            crumbs = self.lang.menu[: rng.randint(2, 3)]
            lines.append((rng.choice((" › ", " > ", " / ")).join(crumbs), "breadcrumb"))
        lines.append((self.date(), "date"))
        if rng.random() < 0.4:
            lines.append((f"{ph['updated']}: {self.date(bare=True)}", "updated"))
        if rng.random() < 0.5:
            lines.append((self.phrase("read_time", rng.randint(2, 12)), "read_time"))
        if rng.random() < 0.7:
            lines.append((self.share(), "share"))
        return lines

    def between(self) -> tuple[str, str] | None:
        roll, ph = self.rng.random(), self.lang.phrases
        if roll < 0.12:
            return ph["advert"], "advert"
        if roll < 0.24:
            return f"{ph['read_also']}: {self.headline()}", "read_also"
        if roll < 0.32:
            return f"{ph['photo']}: {self.rng.choice(AGENCIES)}", "photo_credit"
        return None

    def bottom(self, year: int) -> list[tuple[str, str]]:
        rng, ph = self.rng, self.lang.phrases
        lines: list[tuple[str, str]] = []
        if rng.random() < 0.6:
            lines.append((f"{ph['by']} {rng.choice(AGENCIES)}", "byline"))
        if rng.random() < 0.5:
            tags = ", ".join(rng.sample(self.lang.menu[1:7], 3))
            lines.append((f"{ph['tags']}: {tags}", "tags"))
        if rng.random() < 0.4:
            lines.append((self.share(), "share"))
        if rng.random() < 0.4:
            lines.append((self.phrase("comments"), "comments"))
        if rng.random() < 0.7:
            lines.extend(self.headlines("related", numbered=False))
        if rng.random() < 0.5:
            lines.append((ph["newsletter"], "newsletter"))
        if rng.random() < 0.4:
            lines.extend(self.headlines("most_read", numbered=True))
        if rng.random() < 0.6:
            links = [ph["privacy"], ph["terms"], self.lang.menu[7]]
            lines.append((rng.choice((" | ", " · ", " ")).join(links), "footer_links"))
        site = f"{self.lang.menu[1]}24"
        rights = rng.choice((f"© {year} {site}. {ph['rights']}", ph["rights"], f"© {year} {site}"))
        lines.append((self.say(rights), "rights"))
        return lines


def _paragraphs(lang: str, sentences: list[str], rng: random.Random) -> list[str]:
    joiner = "" if lang in UNSPACED else " "
    paragraphs, k = [], 0
    while k < len(sentences):
        take = rng.randint(2, 3)
        paragraphs.append(joiner.join(sentences[k : k + take]))
        k += take
    return paragraphs


def articles(
    data: Path,
    side: str,
    seed: int = 0,
    per_language: int | None = None,
    langs: list[str] | None = None,
    sentences_per_article: int = 14,
) -> Iterator[Article]:
    """For each language, articles of ``side``'s sentences: each once clean (its id ends
    in ``/clean``) and once furnished (``/page``), in language order."""
    for code in langs or languages(data):
        lang = LANGUAGES[code]
        pool = load_sentences(data, code, side)
        rng = random.Random(f"{seed}/{code}/{side}")
        order = pool[:]
        rng.shuffle(order)
        count = len(order) // sentences_per_article
        for n in range(min(count, per_language) if per_language else count):
            chunk = order[n * sentences_per_article : (n + 1) * sentences_per_article]
            body = [(p, "body") for p in _paragraphs(code, chunk, rng)]
            doc_id = f"{code}/{side}/{n:03d}"
            yield Article(f"{doc_id}/clean", code, lang.lid, side, False, body)
            used = set(chunk)
            page = _Page(lang, rng, [s for s in pool if s not in used] or pool)
            lines = page.top()
            for k, paragraph in enumerate(body):
                lines.append(paragraph)
                extra = page.between() if 0 < k < len(body) - 1 else None
                if extra is not None:
                    lines.append(extra)
            lines.extend(page.bottom(rng.randint(2016, 2025) + YEAR_OFFSET.get(code, 0)))
            yield Article(f"{doc_id}/page", code, lang.lid, side, True, lines)
