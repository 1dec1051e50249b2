"""Page furniture that only its words give away: the headings over lists of other
articles ("Ähnliche Beiträge", "Lire aussi"), share prompts, advertisement labels, photo
credits, the labels of buttons and links ("Learn more", "Nach oben") and the member status
under forum posts ("Hors ligne"), breadcrumb trails, comment forms and a post's tag lines,
in the 30 largest web languages.

The shape rules (``line_rules``) and the line model judge lines by form and position,
and a page's block model keeps what sits inside the article's container. A heading like
"Das könnte Sie auch interessieren" is a short line inside that container, shaped like a
subheading: nothing but its words says it is furniture. These lists name such lines, a
language at a time, and a line matches only when it *is* one of them (case, surrounding
punctuation and spacing aside) — or, for the "read also" kind, when it opens with one and
the rest is a short title. A sentence that merely contains the words never matches.

The phrases are written for this module from the conventions of news sites, blogs and
shops in each language (no list was copied); each is a whole heading or label as pages
print it. Tests hold positive and negative cases for English, French, German and Japanese.
"""

from __future__ import annotations

import re
from enum import StrEnum

from winnow.util.wordlist import trie_pattern


class PhraseKind(StrEnum):
    RELATED = "related"  # a heading over links to other articles
    READ_ALSO = "read_also"  # a link to another article, opened by "read also" or the like
    SHARE = "share"  # an invitation to share the page
    AD = "ad"  # an advertisement label
    ACTION = "action"  # a button or link label ("Learn more", "Back to top")
    CREDIT = "credit"  # a photo credit or a source line under a picture
    STATUS = "status"  # a forum member's status printed under each post ("Offline")
    BREADCRUMB = "breadcrumb"  # "You are here: Home › News › …", the page's place in the site
    COMMENT_FORM = "comment_form"  # the prompts and notices of a blog's comment form
    TAGS = "tags"  # "Tags: harbour, strike", "Posted in Politics | Tagged …"


# Headings over lists of other articles: the whole line is the heading.
RELATED = {
    "en": ("related", "related articles", "related posts", "related stories", "related news",
           "related content", "related topics", "related reading", "you may also like",
           "you might also like", "you may also be interested in",
           "you might be interested in", "you might also be interested in",
           "more stories", "more news", "more on this story", "more on this topic",
           "more from this section", "read more", "read next", "read also", "also read",
           "see also", "further reading", "recommended", "recommended for you",
           "recommended articles", "recommended stories", "most read", "most popular",
           "most viewed", "most shared", "trending", "trending now", "popular posts",
           "popular articles", "popular stories", "latest news", "latest posts",
           "latest articles", "recent posts", "recent articles", "don't miss",
           "more like this", "editor's picks", "top stories", "keep reading",
           "continue reading", "what to read next", "in case you missed it"),
    "de": ("ähnliche beiträge", "ähnliche artikel", "ähnliche themen", "verwandte artikel",
           "verwandte beiträge", "verwandte themen", "das könnte sie auch interessieren",
           "das könnte dich auch interessieren", "das könnte ihnen auch gefallen",
           "das könnte dir auch gefallen", "dies könnte sie auch interessieren",
           "auch interessant", "ebenfalls interessant", "mehr zum thema",
           "mehr zu diesem thema", "mehr zum thema lesen", "weitere artikel",
           "weitere beiträge", "weitere nachrichten", "weitere themen", "zum weiterlesen",
           "weiterlesen", "mehr lesen", "lesen sie auch", "lesen sie mehr", "lies auch",
           "auch lesenswert", "passend zum thema", "passend dazu", "siehe auch",
           "meistgelesen", "meist gelesen", "am meisten gelesen", "meistgelesene artikel",
           "die meistgelesenen artikel", "meistgelesene beiträge", "viel gelesen",
           "beliebte beiträge", "beliebte artikel", "neueste beiträge", "neueste artikel",
           "aktuelle beiträge", "empfehlungen", "unsere empfehlungen", "empfohlene artikel",
           "top-themen", "themen in diesem artikel", "mehr aus dem ressort",
           "andere leser interessierten sich auch für", "auch spannend"),
    "fr": ("articles similaires", "articles liés", "articles connexes", "articles associés",
           "à lire aussi", "a lire aussi", "lire aussi", "à lire également",
           "a lire également", "lire également", "à lire", "lire la suite",
           "sur le même sujet", "sur le même thème", "dans la même rubrique",
           "vous aimerez aussi", "vous aimerez peut-être aussi", "vous pourriez aimer",
           "vous pourriez aussi aimer", "ces articles peuvent vous intéresser",
           "ça peut vous intéresser", "les plus lus", "articles les plus lus",
           "les plus populaires", "les plus consultés", "les plus partagés",
           "derniers articles", "articles récents", "à voir aussi", "a voir aussi",
           "voir aussi", "à découvrir aussi", "à découvrir", "en lien avec cet article",
           "nos autres articles", "dernières actualités", "toute l'actualité"),
    "es": ("artículos relacionados", "noticias relacionadas", "temas relacionados",
           "entradas relacionadas", "publicaciones relacionadas", "contenido relacionado",
           "te puede interesar", "también te puede interesar", "te podría interesar",
           "también te puede gustar", "te recomendamos", "recomendados", "lo más leído",
           "lo más visto", "lo más popular", "más leídas", "más leídos", "más vistos",
           "más noticias", "lee también", "lea también", "leer más", "sigue leyendo",
           "ver también", "también puedes leer", "últimas noticias", "últimas entradas"),
    "it": ("articoli correlati", "post correlati", "notizie correlate", "leggi anche",
           "leggi di più", "continua a leggere", "potrebbe interessarti",
           "ti potrebbe interessare", "potrebbero interessarti anche", "i più letti",
           "più letti", "più lette", "i più visti", "ultime notizie", "articoli recenti",
           "vedi anche", "da non perdere"),
    "pt": ("artigos relacionados", "notícias relacionadas", "posts relacionados",
           "matérias relacionadas", "leia também", "leia mais", "veja também", "veja mais",
           "você também pode gostar", "você pode gostar", "pode também gostar",
           "mais lidas", "mais lidos", "mais vistos", "últimas notícias", "saiba mais",
           "recomendados para você"),
    "nl": ("gerelateerde artikelen", "gerelateerd", "gerelateerde berichten", "lees ook",
           "lees meer", "lees verder", "meest gelezen", "meer nieuws", "bekijk ook",
           "dit vind je misschien ook leuk", "misschien ook interessant",
           "ook interessant", "aanbevolen"),
    "sv": ("relaterade artiklar", "relaterat", "läs också", "läs även", "läs mer",
           "mest läst", "mest lästa", "fler artiklar", "fler nyheter",
           "du kanske också gillar", "andra läser", "liknande inlägg", "senaste nytt"),
    "da": ("relaterede artikler", "læs også", "læs mere", "mest læste", "mest læst",
           "du vil måske også synes om", "flere nyheder"),
    "nb": ("relaterte artikler", "les også", "les mer", "mest lest", "mest leste",
           "flere nyheter"),
    "fi": ("lue myös", "lue lisää", "luetuimmat", "luetuimmat uutiset",
           "aiheeseen liittyvät", "aiheeseen liittyvää", "aiheeseen liittyvät artikkelit",
           "suositellut", "katso myös", "uusimmat", "uusimmat uutiset"),
    "pl": ("zobacz również", "zobacz też", "czytaj także", "czytaj też", "czytaj więcej",
           "przeczytaj też", "przeczytaj także", "powiązane artykuły", "podobne artykuły",
           "podobne wpisy", "najczęściej czytane", "najpopularniejsze", "polecane",
           "polecamy", "najnowsze"),
    "cs": ("související články", "čtěte také", "čtěte též", "přečtěte si také",
           "nejčtenější", "mohlo by vás zajímat", "podobné články", "doporučujeme"),
    "sk": ("súvisiace články", "čítajte aj", "najčítanejšie", "mohlo by vás zaujímať",
           "odporúčame"),
    "hu": ("kapcsolódó cikkek", "ajánlott cikkek", "legolvasottabb",
           "ezek is érdekelhetnek", "ez is érdekelheti", "további cikkek", "ajánló"),
    "ro": ("articole similare", "articole asemănătoare", "articole relaționate",
           "citește și", "citeste si", "cele mai citite", "ar putea să te intereseze"),
    "ru": ("читайте также", "похожие статьи", "по теме", "самое читаемое",
           "самое популярное", "вам может быть интересно", "смотрите также",
           "рекомендуем", "другие новости", "популярное"),
    "uk": ("читайте також", "схожі статті", "найпопулярніше", "дивіться також",
           "вам може бути цікаво", "інші новини"),
    "tr": ("ilgili haberler", "ilgili yazılar", "benzer haberler", "benzer yazılar",
           "bunlar da ilginizi çekebilir", "ilginizi çekebilir", "en çok okunanlar",
           "devamını oku", "ayrıca bakınız", "son haberler"),
    "el": ("σχετικά άρθρα", "διαβάστε επίσης", "διαβάστε ακόμη", "δημοφιλή",
           "τα πιο δημοφιλή", "περισσότερα άρθρα"),
    "ja": ("関連記事", "関連ニュース", "おすすめ記事", "人気記事", "あわせて読みたい",
           "合わせて読みたい", "こちらもおすすめ", "こちらの記事もおすすめ", "新着記事",
           "よく読まれている記事", "ランキング"),
    "zh": ("相关文章", "相关新闻", "相关阅读", "推荐阅读", "热门文章", "延伸阅读", "猜你喜欢",
           "相關文章", "相關新聞", "相關閱讀", "延伸閱讀", "熱門文章", "推薦閱讀"),
    "ko": ("관련 기사", "관련기사", "많이 본 뉴스", "많이 본 기사", "인기 기사", "추천 기사"),
    "id": ("artikel terkait", "baca juga", "berita terkait", "terpopuler", "berita terbaru"),
    "vi": ("bài viết liên quan", "tin liên quan", "xem thêm", "đọc thêm", "tin mới nhất",
           "tin cùng chuyên mục"),
    "ar": ("مقالات ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "الأكثر قراءة", "أخبار ذات صلة",
           "مواضيع ذات صلة"),
    "fa": ("مطالب مرتبط", "بیشتر بخوانید", "پربازدیدترین ها", "اخبار مرتبط"),
    "hi": ("संबंधित खबरें", "ये भी पढ़ें", "यह भी पढ़ें", "सबसे ज्यादा पढ़ी गई"),
    "th": ("บทความที่เกี่ยวข้อง", "ข่าวที่เกี่ยวข้อง", "อ่านเพิ่มเติม", "บทความแนะนำ"),
}

# The "read also" kind, which pages also print in front of the title they link to:
# "Läs också: Regeringen måste lära av Anders Borg".
READ_ALSO = {
    "en": ("read also", "also read", "read more", "see also", "related", "more on this story"),
    "de": ("lesen sie auch", "lies auch", "mehr zum thema", "siehe auch", "auch interessant",
           "weiterlesen"),
    "fr": ("à lire aussi", "a lire aussi", "lire aussi", "à lire également", "lire également",
           "voir aussi", "à voir aussi"),
    "es": ("lee también", "lea también", "ver también", "te puede interesar", "lea más",
           "lee más", "le puede interesar", "te podría interesar", "le podría interesar",
           "también te puede interesar", "también le puede interesar", "puedes ver",
           "mira también", "mire también", "lea además", "noticia relacionada"),
    "it": ("leggi anche", "vedi anche"),
    "pt": ("leia também", "veja também", "leia mais"),
    "nl": ("lees ook", "bekijk ook"),
    "sv": ("läs också", "läs även"),
    "da": ("læs også",),
    "nb": ("les også",),
    "fi": ("lue myös", "katso myös"),
    "pl": ("zobacz również", "zobacz też", "czytaj także", "czytaj też", "przeczytaj też",
           "przeczytaj także"),
    "cs": ("čtěte také", "čtěte též", "přečtěte si také"),
    "sk": ("čítajte aj",),
    "ro": ("citește și", "citeste si"),
    "ru": ("читайте также", "смотрите также"),
    "uk": ("читайте також", "дивіться також"),
    "id": ("baca juga",),
    "vi": ("xem thêm", "đọc thêm"),
    "ja": ("関連記事", "あわせて読みたい"),
    "zh": ("相关阅读", "延伸阅读", "相關閱讀", "延伸閱讀"),
    "ko": ("관련기사", "관련 기사"),
    "hi": ("ये भी पढ़ें", "यह भी पढ़ें"),
}

SHARE = {
    "en": ("share", "share this", "share this article", "share this post", "share this story",
           "share this page", "share article", "share on", "share via", "spread the word",
           "share your thoughts"),
    "de": ("teilen", "artikel teilen", "beitrag teilen", "seite teilen", "jetzt teilen",
           "diesen artikel teilen", "diesen beitrag teilen", "teile diesen beitrag",
           "teile diesen beitrag auf", "teilen auf", "teilen mit"),
    "fr": ("partager", "partager cet article", "partagez cet article", "partager sur",
           "partager la page", "partager l'article"),
    "es": ("compartir", "compartir en", "comparte", "compartir este artículo",
           "comparte este artículo", "comparte esta noticia"),
    "it": ("condividi", "condividi su", "condividi questo articolo"),
    "pt": ("compartilhe", "compartilhar", "partilhar", "compartilhe este artigo"),
    "nl": ("delen", "deel dit artikel", "deel dit bericht", "delen op"),
    "sv": ("dela", "dela artikeln", "dela på"),
    "da": ("del", "del artiklen"),
    "nb": ("del", "del artikkelen"),
    "fi": ("jaa", "jaa artikkeli"),
    "pl": ("udostępnij", "podziel się"),
    "cs": ("sdílet",),
    "ru": ("поделиться",),
    "tr": ("paylaş",),
    "ja": ("シェア", "シェアする", "この記事をシェア"),
    "zh": ("分享", "分享到"),
    "ko": ("공유", "공유하기"),
}

# Labels of buttons and links a page prints as text: imperatives and markers that are never
# a sentence of the text by themselves. Comment prompts ("Leave a comment") have a list of
# their own (COMMENT_PROMPTS).
ACTION = {
    "en": ("learn more", "find out more", "get a quote", "book now", "buy now", "shop now",
           "order now", "add to cart", "add to basket", "add to wishlist", "back to top",
           "top of page", "return to top", "skip to content", "skip to main content",
           "get started", "sign up", "sign in", "log in", "login", "register", "subscribe",
           "subscribe now", "reply", "show more", "load more", "see more", "view more", "view all",
           "see all", "click here", "jump to review", "read full review", "buy on amazon",
           "see price at amazon", "check price", "view deal", "print", "print this page",
           "email this", "previous post", "next post", "older posts", "newer posts",
           "show post", "toggle navigation", "menu"),
    "de": ("mehr erfahren", "jetzt kaufen", "in den warenkorb", "zum warenkorb", "nach oben",
           "zurück nach oben", "zum seitenanfang", "zum inhalt springen", "antworten",
           "jetzt anmelden", "anmelden", "einloggen", "registrieren",
           "abonnieren", "jetzt abonnieren", "mehr anzeigen", "alle anzeigen", "hier klicken",
           "drucken", "seite drucken", "vorheriger beitrag", "nächster beitrag",
           "ältere beiträge", "neuere beiträge"),
    "fr": ("en savoir plus", "acheter", "ajouter au panier", "retour en haut", "haut de page",
           "aller au contenu", "répondre", "se connecter",
           "connexion", "s'inscrire", "s'abonner", "voir plus", "voir tout", "cliquez ici",
           "imprimer", "article précédent", "article suivant"),
    "es": ("más información", "comprar", "comprar ahora", "añadir al carrito", "volver arriba",
           "ir al contenido", "responder", "iniciar sesión",
           "registrarse", "suscríbete", "ver más", "ver todo", "haz clic aquí", "imprimir",
           "entrada anterior", "entrada siguiente"),
    "it": ("scopri di più", "acquista", "aggiungi al carrello", "torna su", "rispondi",
           "accedi", "iscriviti", "mostra di più", "vedi tutto",
           "clicca qui", "stampa", "articolo precedente", "articolo successivo"),
    "pt": ("comprar agora", "adicionar ao carrinho", "voltar ao topo", "responder",
           "entrar", "inscreva-se", "ver mais", "ver tudo",
           "clique aqui", "imprimir"),
    "nl": ("meer informatie", "in winkelwagen", "terug naar boven", "reageren", "inloggen",
           "aanmelden", "bekijk alles", "klik hier", "afdrukken"),
    "sv": ("köp nu", "lägg i varukorg", "till toppen", "svara", "logga in", "visa mer",
           "visa alla", "klicka här", "skriv ut"),
    "pl": ("dowiedz się więcej", "kup teraz", "dodaj do koszyka", "do góry", "odpowiedz",
           "zaloguj się", "pokaż więcej", "zobacz wszystkie", "kliknij tutaj", "drukuj"),
    "ru": ("подробнее", "купить", "в корзину", "наверх", "ответить", "войти", "показать ещё",
           "показать еще", "смотреть все", "нажмите здесь", "распечатать"),
    "ja": ("もっと見る", "詳しく見る", "詳細を見る", "ページの先頭へ", "ページトップへ", "返信",
           "返信する", "ログイン", "新規登録", "カートに入れる", "印刷する"),
    "zh": ("了解更多", "查看更多", "返回顶部", "回复", "登录", "注册", "加入购物车", "立即购买",
           "打印", "返回頂部", "回覆", "登入"),
    "ko": ("더 보기", "더보기", "맨 위로", "답글", "로그인", "회원가입", "장바구니 담기"),
}

# What forum software prints under the author of every post when they are not logged in
# (FluxBB, phpBB, SMF, vBulletin and their translations): one line per post, so a thread of
# thirty posts repeats it thirty times, and Gopher's repeated-line rule then drops the
# thread. "Online" is left out: it is also a heading ("Online", "En ligne" over a list of
# web services).
STATUS = {
    "en": ("offline", "user offline", "member offline", "user is offline",
           "currently offline"),
    "de": ("offline", "benutzer ist offline"),
    "fr": ("hors ligne", "hors-ligne"),
    "es": ("desconectado", "desconectada", "fuera de línea"),
    "it": ("non in linea", "offline"),
    "pt": ("offline", "desconectado"),
    "nl": ("offline",),
    "sv": ("offline",),
    "pl": ("offline",),
    "ru": ("не в сети", "оффлайн", "офлайн"),
    "uk": ("не в мережі",),
    "tr": ("çevrimdışı",),
    "ja": ("オフライン",),
    "zh": ("离线", "離線"),
    "ko": ("오프라인",),
}

# The label a breadcrumb trail opens with ("You are here: Home › News"): the line is the
# site's navigation whatever follows it.
HERE = {
    "en": ("you are here", "you're here"),
    "de": ("sie sind hier", "du bist hier", "sie befinden sich hier"),
    "fr": ("vous êtes ici", "vous etes ici", "tu es ici"),
    "es": ("usted está aquí", "está aquí", "estás aquí", "se encuentra en"),
    "it": ("ti trovi in", "ti trovi qui", "sei qui", "sei in"),
    "pt": ("você está aqui", "você está em", "está aqui", "estás aqui"),
    "nl": ("u bent hier", "je bent hier", "u bevindt zich hier"),
    "sv": ("du är här", "du befinner dig här"),
    "da": ("du er her",),
    "no": ("du er her",),
    "fi": ("olet tässä", "olet täällä", "sijaintisi"),
    "pl": ("jesteś tutaj", "jesteś tu", "znajdujesz się"),
    "cs": ("nacházíte se", "jste zde", "jste tady"),
    "ru": ("вы здесь", "вы находитесь здесь", "вы находитесь"),
    "uk": ("ви тут", "ви знаходитесь"),
    "tr": ("buradasınız", "şu an buradasınız"),
    "hu": ("ön itt van", "itt vagy"),
    "ro": ("sunteți aici", "vă aflați aici", "eşti aici"),
    "ja": ("現在位置", "現在地", "現在のページ"),
    "zh": ("当前位置", "您的位置", "當前位置", "您現在的位置", "您现在的位置"),
    "ko": ("현재 위치", "현재위치"),
}

# A blog's comment form, as WordPress, Blogger and their translations print it below a
# post: the prompt over the form and the buttons (whole lines) ...
COMMENT_PROMPTS = {
    "en": ("leave a reply", "leave a comment", "post a comment", "add a comment",
           "cancel reply", "post comment", "submit comment", "no comments",
           "comments are closed", "links to this post", "create a link", "newer post",
           "older post", "newer post older post home"),
    "de": ("schreibe einen kommentar", "kommentar schreiben", "hinterlasse einen kommentar",
           "einen kommentar hinterlassen", "antworten abbrechen", "kommentar abschicken",
           "kommentar absenden", "kommentar veröffentlichen", "keine kommentare",
           "kommentare sind geschlossen", "links zu diesem post", "link erstellen",
           "neuerer post", "älterer post"),
    "fr": ("laisser un commentaire", "laisser une réponse", "annuler la réponse",
           "poster un commentaire", "publier un commentaire", "ajouter un commentaire",
           "enregistrer un commentaire", "aucun commentaire", "les commentaires sont fermés",
           "liens vers cet article", "créer un lien", "article plus récent",
           "article plus ancien"),
    "es": ("deja una respuesta", "deja un comentario", "dejar un comentario",
           "cancelar respuesta", "cancelar la respuesta", "publicar comentario",
           "publicar el comentario", "publicar un comentario", "no hay comentarios",
           "los comentarios están cerrados", "enlaces a esta entrada", "crear un enlace",
           "entrada más reciente", "entrada antigua"),
    "it": ("lascia un commento", "lascia una risposta", "annulla risposta", "invia commento",
           "nessun commento", "i commenti sono chiusi"),
    "pt": ("deixe um comentário", "deixe uma resposta", "cancelar resposta",
           "publicar comentário", "enviar comentário", "postar um comentário",
           "nenhum comentário", "sem comentários", "links para esta postagem", "criar um link",
           "postagem mais recente", "postagem mais antiga"),
    "nl": ("laat een reactie achter", "geef een reactie", "reactie annuleren",
           "reactie plaatsen", "geen reacties", "geen opmerkingen", "reacties zijn gesloten"),
    "sv": ("lämna ett svar", "lämna en kommentar", "avbryt svar", "publicera kommentar",
           "skicka kommentar", "skicka en kommentar", "inga kommentarer",
           "kommentarer är stängda", "länkar till det här inlägget", "skapa en länk",
           "nyare inlägg", "äldre inlägg"),
    "fi": ("jätä kommentti", "jätä vastaus", "kirjoita kommentti", "peruuta vastaus",
           "lähetä kommentti", "ei kommentteja", "kommentointi on suljettu",
           "linkkejä tähän tekstiin", "luo linkki", "uudempi teksti", "vanhempi teksti"),
    "pl": ("dodaj komentarz", "zostaw komentarz", "anuluj pisanie odpowiedzi",
           "opublikuj komentarz", "brak komentarzy", "komentarze są wyłączone"),
    "ru": ("добавить комментарий", "оставить комментарий", "оставьте комментарий",
           "отменить ответ", "отправить комментарий", "нет комментариев",
           "комментарии закрыты"),
    "ja": ("コメントを残す", "コメントを書く", "コメントを投稿", "コメントを送信",
           "返信をキャンセル", "コメントをキャンセル", "コメントはまだありません"),
    "zh": ("发表评论", "發表評論", "发表回复", "取消回复", "暂无评论", "暫無評論"),
}
# ... and the notices in and under it (a line opening with one, whatever follows: themes
# run two into one line, "Your email address will not be published. Required fields …").
COMMENT_NOTICES = {
    "en": ("your email address will not be published",
           "your e-mail address will not be published", "required fields are marked",
           "save my name, email, and website in this browser",
           "notify me of follow-up comments by email", "notify me of follow-up comments via",
           "notify me of new posts by email", "notify me of new posts via",
           "you must be logged in to post a comment", "this site uses akismet to reduce spam",
           "subscribe to: post comments"),
    "de": ("deine e-mail-adresse wird nicht veröffentlicht",
           "ihre e-mail-adresse wird nicht veröffentlicht", "erforderliche felder sind mit",
           "benachrichtige mich über nachfolgende kommentare",
           "benachrichtige mich über neue beiträge",
           "meinen namen, meine e-mail-adresse und meine website in diesem browser",
           "du musst angemeldet sein, um einen kommentar",
           "sie müssen angemeldet sein, um einen kommentar",
           "diese website verwendet akismet", "abonnieren: kommentare zum post"),
    "fr": ("votre adresse e-mail ne sera pas publiée",
           "votre adresse email ne sera pas publiée",
           "votre adresse de messagerie ne sera pas publiée",
           "les champs obligatoires sont indiqués avec",
           "enregistrer mon nom, mon e-mail et mon site dans le navigateur",
           "prévenez-moi de tous les nouveaux commentaires",
           "prévenez-moi de tous les nouveaux articles",
           "vous devez vous connecter pour publier un commentaire",
           "vous devez être connecté pour publier un commentaire", "ce site utilise akismet",
           "inscription à : publier les commentaires", "s'abonner à : publier les commentaires"),
    "es": ("tu dirección de correo electrónico no será publicada",
           "su dirección de correo electrónico no será publicada",
           "los campos obligatorios están marcados con",
           "guarda mi nombre, correo electrónico y web en este navegador",
           "recibir un correo electrónico con los siguientes comentarios",
           "notificarme los nuevos comentarios por correo electrónico",
           "notificarme los nuevos artículos por correo electrónico",
           "debes iniciar sesión para publicar un comentario", "este sitio usa akismet",
           "suscribirse a: enviar comentarios"),
    "it": ("il tuo indirizzo email non sarà pubblicato",
           "il tuo indirizzo e-mail non sarà pubblicato",
           "i campi obbligatori sono contrassegnati",
           "salva il mio nome, email e sito web in questo browser", "avvisami via email",
           "avvisami via e-mail", "devi essere connesso per inviare un commento",
           "questo sito usa akismet"),
    "pt": ("o seu endereço de email não será publicado",
           "o seu endereço de e-mail não será publicado",
           "seu endereço de e-mail não será publicado",
           "campos obrigatórios são marcados com", "salvar meus dados neste navegador",
           "notifique-me sobre novos comentários", "notifique-me sobre novas publicações",
           "você precisa fazer o login para publicar um comentário",
           "este site utiliza o akismet"),
    "nl": ("je e-mailadres wordt niet gepubliceerd", "uw e-mailadres wordt niet gepubliceerd",
           "vereiste velden zijn gemarkeerd met",
           "mijn naam, e-mail en site bewaren in deze browser",
           "stuur mij een e-mail als er vervolgreacties zijn",
           "stuur mij een e-mail als er nieuwe berichten zijn", "deze site gebruikt akismet"),
    "sv": ("din e-postadress kommer inte publiceras",
           "din e-postadress kommer inte att publiceras", "obligatoriska fält är märkta",
           "spara mitt namn, min e-postadress och webbplats i denna webbläsare",
           "meddela mig om nya kommentarer via e-post",
           "meddela mig om vidare kommentarer via e-post",
           "meddela mig om nya inlägg via e-post",
           "du måste vara inloggad för att kunna skriva en kommentar",
           "denna webbplats använder akismet", "prenumerera på: kommentarer till inlägget"),
    "fi": ("sähköpostiosoitettasi ei julkaista", "pakolliset kentät on merkitty",
           "tallenna nimeni, sähköpostiosoitteeni ja kotisivuni tähän selaimeen",
           "ilmoita minulle sähköpostitse uusista kommenteista",
           "ilmoita minulle sähköpostitse uusista artikkeleista",
           "sinun täytyy kirjautua sisään kommentoidaksesi"),
    "pl": ("twój adres e-mail nie zostanie opublikowany", "wymagane pola są oznaczone",
           "zapamiętaj moje dane w tej przeglądarce",
           "powiadom mnie o kolejnych komentarzach", "powiadom mnie o nowych wpisach",
           "musisz się zalogować, aby móc dodać komentarz"),
    "ru": ("ваш адрес email не будет опубликован", "ваш e-mail не будет опубликован",
           "обязательные поля помечены", "сохранить моё имя, email и адрес сайта",
           "уведомлять меня о новых комментариях",
           "для отправки комментария вам необходимо авторизоваться"),
    "ja": ("メールアドレスが公開されることはありません", "が付いている欄は必須項目です",
           "次回のコメントで使用するためブラウザーに自分の名前",
           "新しいコメントをメールで通知", "新しい投稿をメールで受け取る",
           "コメントを投稿するにはログインしてください"),
    "zh": ("您的电子邮箱地址不会被公开", "您的邮箱地址不会被公开", "必填项已用"),
}

# The labels a post's tags and categories follow ("Tags: harbour, strike"); the line is a
# list of links to other pages. A label must be followed by ":", and the rest must not end
# a sentence, so "Categories of risk were …" and a table's "Kategorie | Position" stay.
TAG_LABELS = {
    "en": ("tags", "tagged", "tagged with", "labels", "categories", "category", "filed under",
           "posted in", "topics", "keywords"),
    "de": ("tags", "schlagwörter", "schlagworte", "stichwörter", "stichworte", "kategorien",
           "kategorie", "veröffentlicht in", "abgelegt unter", "themen"),
    "fr": ("tags", "étiquettes", "mots-clés", "mots clés", "mots-clefs", "catégories",
           "catégorie", "classé dans", "publié dans", "libellés", "thèmes"),
    "es": ("etiquetas", "categorías", "categoría", "publicado en", "archivado en", "temas",
           "palabras clave"),
    "it": ("tag", "etichette", "categorie", "categoria", "pubblicato in", "parole chiave"),
    "pt": ("etiquetas", "marcadores", "categorias", "categoria", "publicado em",
           "palavras-chave"),
    "nl": ("tags", "labels", "categorieën", "categorie", "geplaatst in", "trefwoorden"),
    "sv": ("taggar", "etiketter", "kategorier", "kategori", "publicerat i", "nyckelord",
           "ämnen"),
    "fi": ("avainsanat", "tunnisteet", "kategoriat", "kategoria", "aihealueet",
           "julkaistu kategoriassa"),
    "da": ("tags", "kategorier", "emneord"),
    "no": ("stikkord", "emneknagger", "kategorier"),
    "pl": ("tagi", "kategorie", "kategoria", "słowa kluczowe", "opublikowano w"),
    "cs": ("štítky", "kategorie", "klíčová slova"),
    "ru": ("метки", "теги", "рубрики", "рубрика", "категории", "категория",
           "ключевые слова"),
    "tr": ("etiketler", "kategoriler", "kategori", "anahtar kelimeler"),
    "ja": ("タグ", "カテゴリー", "カテゴリ", "キーワード"),
    "zh": ("标签", "標籤", "分类", "分類", "关键词", "關鍵詞"),
    "ko": ("태그", "카테고리", "분류"),
}

AD = {
    "en": ("ad", "ads", "advertisement", "advertising", "sponsored", "sponsored content",
           "paid content", "promoted"),
    "de": ("anzeige", "werbung", "gesponsert", "sponsored"),
    "fr": ("publicité", "sponsorisé", "contenu sponsorisé"),
    "es": ("publicidad", "patrocinado", "contenido patrocinado"),
    "it": ("pubblicità", "sponsorizzato"),
    "pt": ("publicidade", "patrocinado"),
    "nl": ("advertentie", "gesponsord"),
    "sv": ("annons", "annonser", "reklam"),
    "da": ("annonce", "reklame"),
    "nb": ("annonse", "reklame"),
    "fi": ("mainos",),
    "pl": ("reklama",),
    "cs": ("reklama",),
    "hu": ("hirdetés",),
    "ro": ("publicitate",),
    "ru": ("реклама",),
    "uk": ("реклама",),
    "tr": ("reklam",),
    "el": ("διαφήμιση",),
    "ja": ("広告", "スポンサーリンク", "pr"),
    "zh": ("广告", "廣告"),
    "ko": ("광고",),
    "id": ("iklan",),
    "vi": ("quảng cáo",),
    "ar": ("إعلان",),
}

# A credit: one of these words, then ":" (or "/", "|", "©") and a short name; the photo
# words also with "by", "von", "par" ... ("Photo by Ana Ruiz", "Foto von Max Roth"), not
# with "de" or "di", which as often make a caption ("Photo de famille").
CREDIT_WORDS = (
    "picture", "pictures", "image", "images", "credit", "credits", "image credit", "source",
    "bilder", "bildquelle", "fotoquelle", "bildnachweis", "quelle", "fotocredit",
    "crédit photo", "crédits photo", "crédit", "crédits", "fuente", "fonte", "źródło",
    "фото", "источник", "写真", "出典", "图片", "圖片", "来源", "來源", "사진", "출처",
)
PHOTO_WORDS = ("photo", "photos", "photograph", "photography", "photo credit", "foto",
               "fotos", "fotografía", "fotografia", "fotografie", "zdjęcie", "fot", "bild")
# picture agencies and stock libraries, named alone (with "©", "/" or ".com") ...
AGENCY_NAMES = frozenset((
    "afp", "ap", "dpa", "epa", "reuters", "ansa", "efe", "keystone", "imago", "apa",
    "getty", "gettyimages", "istock", "istockphoto", "shutterstock", "fotolia", "thinkstock",
    "alamy", "unsplash", "pixabay", "pexels", "adobestock", "adobe",
))
# ... and the words printed around them, which are no credit by themselves
AGENCY_FILLERS = frozenset(("picture", "alliance", "images", "image", "stock", "com",
                            "photo", "foto", "source", "quelle", "via", "by"))
AGENCIES = AGENCY_NAMES | AGENCY_FILLERS

_WORDS = re.compile(r"[^\W_]+")

_CREDIT = re.compile(
    f"^(?:(?:{trie_pattern(CREDIT_WORDS + PHOTO_WORDS)})" r"\.?\s*[:：/|©]"
    f"|(?:{trie_pattern(PHOTO_WORDS)})"
    r"\.?\s+(?:by|von|via|par|por|door|av|af)\b"
    r"|(?:©|\(c\)|copyright\b))\s*\S", re.IGNORECASE)

MAX_WORDS = 12  # longer lines are never matched whole
MAX_PHRASE_CHARS = 64  # nor lines of more characters (the longest phrase has 41)
MAX_CREDIT_CHARS = 160
MAX_AGENCY_CHARS = 40  # "AFP/Getty Images", "(mlharing / iStock.com)"
MAX_TITLE_WORDS = 20  # the title after a "read also" phrase
MAX_CREDIT_WORDS = 10


def _index(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(p for phrases in table.values() for p in phrases)


def _heads(phrases: frozenset[str]) -> frozenset[str]:
    """The first two letters of each phrase: most lines are ruled out by theirs."""
    return frozenset(p[:2] for p in phrases)


WHOLE_LINE = {PhraseKind.RELATED: _index(RELATED), PhraseKind.SHARE: _index(SHARE),
              PhraseKind.AD: _index(AD), PhraseKind.ACTION: _index(ACTION),
              PhraseKind.STATUS: _index(STATUS),
              PhraseKind.COMMENT_FORM: _index(COMMENT_PROMPTS)}
_LEADING = " \t-–—•*·>»›|:([\"'“„«"
_HERE = _index(HERE)
_HERE_HEADS = _heads(_HERE)
# the phrase, then a separator or the end of the line ("Se encuentra en el centro" is a
# sentence; "Se encuentra en: Inicio › Noticias" a trail)
_TRAIL = re.compile(f"^(?:{trie_pattern(_HERE)})(?:\\s*[:：»›>|/→]|$)")
_NOTICES = _index(COMMENT_NOTICES)
_NOTICE_HEADS = _heads(_NOTICES)
# a notice ends at a word's end ("… by email" and not "… by emailing"); in scripts written
# without spaces (Japanese, Chinese) it ends where the phrase does
_NOTICE = re.compile(f"^(?:{trie_pattern(_NOTICES)})(?:(?<=[\u3000-\U0002ffff])|(?!\\w))")
MAX_NOTICE_WORDS = 60  # two or three notices run into one line
_TAG_LABELS = _index(TAG_LABELS)
_TAG_HEADS = _heads(_TAG_LABELS)
# a label and a colon; a label of several words ("posted in", "publié dans") may also be
# followed by a space alone in a meta strip ("Posted in Politics | Tagged harbour")
_TAGS = re.compile(
    f"^(?:(?:{trie_pattern(_TAG_LABELS)})\\s*[:：]"
    f"|(?:{trie_pattern([p for p in _TAG_LABELS if ' ' in p])})\\s)\\s*(?=\\S)")
MAX_TAG_WORDS = 30
_READ_ALSO = _index(READ_ALSO)
_PREFIX_HEADS = _heads(_READ_ALSO)
_SEPARATOR = r"\s*[:：\-–—»›>|]\s*"
# A phrase of several words, or of CJK characters, opens a link line with a space after it
# ("Läs också Regeringen måste …"); a single word needs a separator ("Related: …"), or
# "Related Party Transactions" would be a link line.
_SPACED_ALONE = [p for p in _READ_ALSO if " " in p or not p.isascii()]
_PREFIX = re.compile(
    f"^(?:(?:{trie_pattern(_SPACED_ALONE)})(?:{_SEPARATOR}|\\s+)"
    f"|(?:{trie_pattern(_READ_ALSO)}){_SEPARATOR})(?=\\S)")


_AROUND = " \t\u00a0:：;.。…!?！？»«›‹<>|-–—_*•·#()[]{}\"'“”„’/\\~=+"


def normalized(text: str) -> str:
    """Case-folded, without the punctuation and symbols around it, single-spaced."""
    plain = text.casefold().strip(_AROUND)
    return " ".join(plain.split()) if "  " in plain or "\t" in plain else plain


def furniture_phrase(text: str, words: int, sentence: bool) -> tuple[PhraseKind, str] | None:
    """The kind of furniture a line is by its words, and what matched; None for a line
    that is not one of the listed headings or labels (the most common answer: each check
    runs only on lines short enough for it, after a test of two letters where it can)."""
    if words > MAX_NOTICE_WORDS:
        return None
    size = len(text)
    plain = None  # the normalised line, made once for whichever check needs it
    if words <= MAX_WORDS and size <= MAX_PHRASE_CHARS:
        plain = normalized(text)
        for kind, phrases in WHOLE_LINE.items():
            if plain in phrases:
                return kind, plain
    # most lines are ruled out by their first two letters, before any normalising
    lead = text.lstrip(_LEADING)
    head = lead[:2].casefold()
    if head in _NOTICE_HEADS:  # (longer lines than MAX_NOTICE_WORDS are out already)
        if plain is None:
            plain = normalized(text)
        match = _NOTICE.match(plain)
        if match is not None:
            return PhraseKind.COMMENT_FORM, match.group()
    if not sentence and head in _TAG_HEADS and words <= MAX_TAG_WORDS:
        match = _TAGS.match(lead[:80].casefold())  # labels are short
        # without a colon only in a post's meta strip ("Posted in News | Tagged …"): "Posted
        # in 2019, the video …" is a line of the text
        if match is not None and (match.group().rstrip()[-1:] in ":：" or "|" in text):
            return PhraseKind.TAGS, match.group().strip(" :：")
    if head in _HERE_HEADS:
        if plain is None:
            plain = normalized(text)
        match = _TRAIL.match(plain)
        if match is not None:
            return PhraseKind.BREADCRUMB, match.group().strip(" :：»›>|/→")
    if not sentence and head in _PREFIX_HEADS:
        if plain is None:
            plain = normalized(text)
        match = _PREFIX.match(plain)
        if match is not None and len(_WORDS.findall(plain[match.end():])) <= MAX_TITLE_WORDS:
            return PhraseKind.READ_ALSO, match.group().strip(" :：-–—»›>|")
    if words <= MAX_CREDIT_WORDS and size <= MAX_CREDIT_CHARS:
        stripped = text.strip()
        # as printed: "Foto: dpa", not a configuration line ("image: busybox:1.28")
        if (stripped[:1].isupper() or not stripped[:1].isascii() or stripped[:1] in "©(") \
                and _CREDIT.match(stripped):
            return PhraseKind.CREDIT, stripped
        if size <= MAX_AGENCY_CHARS and text.count(" ") <= 3:
            names = _WORDS.findall(text.casefold())
            if names and all(name in AGENCIES for name in names) and not (
                    len(names) == 1 and names[0] in AGENCY_FILLERS):
                return PhraseKind.CREDIT, " ".join(names)
    return None
