"""Multilingual phrase lists that identify page chrome, grouped by kind.

This is a data module: ``boilerplate.py`` compiles these into regular expressions. Entries are lower-case phrases
(matching is case-insensitive and whitespace-tolerant); a few are regex fragments and are marked as such. Each group
covers en, es, pt, fr, de, it, nl, tr/az and ru where the phrase exists in that language. Add languages here, never in
the matching code.
"""

from __future__ import annotations

#: Words that name a picture. A short line built around one of these is a photo credit, whatever else it says
#: ("Açıq mənbələrdən foto", "Фото из открытых источников", "Archive photo").
PHOTO_WORDS: tuple[str, ...] = (
    # en
    "photo", "photos", "photograph", "picture", "image", "images", "illustration", "file photo", "video",
    # es / pt / it
    "foto", "fotos", "fotografía", "fotografia", "imagen", "imagem", "imagens", "ilustración", "ilustração",
    "immagine", "immagini",
    # fr
    "photographie", "illustration", "crédit photo", "crédits photo",
    # de / nl
    "bild", "bilder", "symbolbild", "archivbild", "archivfoto", "afbeelding", "beeld",
    # tr / az
    "fotoğraf", "fotograf", "görsel", "şəkil", "foto-şəkil",
    # ru
    "фото", "фотография", "снимок", "иллюстрация",
)  # fmt: skip

#: Phrases that introduce the owner of a picture: "Photo: X", "(Photo by X)", "Foto de X", "Bild: X".
#: Regex fragments; ``boilerplate`` requires a ``:`` or one of these words after a photo word.
PHOTO_CREDIT_LINKERS: tuple[str, ...] = (
    "by", "courtesy of", "credit", "credits",  # en
    "de", "por", "cortesía de", "cortesia de", "cedida por",  # es / pt
    "par", "de la", "du", "des",  # fr
    "von", "quelle",  # de
    "di", "da",  # it / pt
    "door", "van",  # nl
    "kaynak",  # tr
    "из",  # ru
)  # fmt: skip

#: Whole-line photo credits that name no agency: pictures taken from "open sources", archives, social media or handouts.
PHOTO_SOURCE_PHRASES: tuple[str, ...] = (
    # en
    "photo from open sources", "open source photo", "photo from social networks", "photo from social media",
    "archive photo", "file photo", "handout photo", "illustrative photo", "photo illustration", "stock photo",
    # es
    "foto de archivo", "foto ilustrativa", "foto de fuentes abiertas", "imagen de archivo", "foto cedida",
    # pt
    "foto de arquivo", "foto ilustrativa", "imagem ilustrativa", "foto divulgação", "foto: divulgação", "divulgação",
    "foto reprodução", "reprodução",
    # fr
    "photo d'archives", "photo d'illustration", "image d'illustration", "photo prétexte",
    # de
    "symbolbild", "archivbild", "archivfoto", "foto aus offenen quellen",
    # it
    "foto d'archivio", "immagine d'archivio", "foto di repertorio",
    # nl
    "archieffoto", "archiefbeeld", "ter illustratie",
    # tr / az (both dotted and dotless i, since scraped text often loses the distinction)
    "açık kaynaklardan fotoğraf", "arşiv fotoğrafı", "temsili fotoğraf", "açıq mənbələrdən foto",
    "açiq mənbələrdən foto", "açıq mənbədən foto", "arxiv foto",
    # ru
    "фото из открытых источников", "архивное фото", "фото из архива", "иллюстративное фото",
)  # fmt: skip

#: Picture agencies and wire services whose names appear in photo credits ("Reuters/Jane Doe", "© AFP").
#: Credits for text (the ``/AP`` at the end of a wire story) are read by ``clean.credits``; here they only help
#: recognise a caption that already carries a photo word.
AGENCY_NAMES: tuple[str, ...] = (
    "afp", "ap", "associated press", "reuters", "dpa", "epa", "efe", "ansa", "getty images", "getty", "shutterstock",
    "istock", "alamy", "xinhua", "tass", "ria novosti", "sputnik", "anadolu", "anadolu agency", "aa", "dha", "iha",
    "lusa", "agência brasil", "agencia brasil", "europa press", "belga", "anp", "keystone", "apa", "kyodo", "yonhap",
    "bloomberg", "imago", "picture alliance", "picture-alliance", "sipa", "abaca", "nurphoto", "zuma", "ipa",
    "lapresse",
    "estadão conteúdo", "folhapress", "agence france-presse", "azertac", "apa.az", "report.az", "trend", "turan",
    "unsplash", "pixabay", "wikimedia commons", "pool", "handout",
)  # fmt: skip

#: Lines that mark where an advertisement was cut out of the page.
AD_MARKERS: tuple[str, ...] = (
    # en
    "advertisement", "advertising", "ad", "sponsored", "sponsored content", "paid content", "continued after the ad",
    "continues after the ad", "story continues below advertisement", "article continues below", "scroll to continue",
    "scroll to continue with content", "promoted", "partner content",
    # es
    "publicidad", "anuncio", "continúa después de la publicidad", "continúa tras la publicidad",
    "contenido patrocinado", "sigue leyendo después del anuncio",
    # pt
    "publicidade", "continua depois da publicidade", "continua após a publicidade", "continua após publicidade",
    "conteúdo patrocinado", "anúncio",
    # fr
    "publicité", "la suite après cette publicité", "suite après la publicité", "contenu sponsorisé",
    "article sponsorisé",
    # de
    "anzeige", "werbung", "weiter nach der anzeige", "weiterlesen nach der anzeige", "gesponsert",
    # it
    "pubblicità", "annuncio", "contenuto sponsorizzato", "continua dopo la pubblicità",
    # nl
    "advertentie", "gesponsord", "lees verder na de advertentie",
    # tr / az
    "reklam", "sponsorlu", "sponsorlu içerik", "reklamdan sonra devam ediyor",
    # ru
    "реклама", "продолжение после рекламы", "на правах рекламы",
)  # fmt: skip

#: Prompts addressed to the reader rather than news: follow, share, subscribe, comment, "read also" teasers.
#: Matched at the start of a line; what follows (a linked headline, a handle) belongs to the prompt.
SOCIAL_PROMPTS: tuple[str, ...] = (
    # en
    "follow us", "follow our", "share this", "share on", "share the article", "leave a review", "leave a comment",
    "leave a reply", "comments", "subscribe", "sign up for our", "sign up to our", "sign up now", "sign up here",
    "join our", "read more", "read also",
    "see also", "related:", "related articles", "related stories", "more on this", "click here", "download our app",
    "like us on", "newsletter", "get the latest", "have a news tip", "rate this article", "print this",
    "you may also like", "recommended for you", "most read", "most popular",
    # es
    "síguenos", "siguenos", "síganos", "comparte", "compartir", "suscríbete", "suscribete", "lea también",
    "lee también", "leer más", "ver también", "te puede interesar", "deja un comentario", "deja tu comentario",
    "únete a", "más información", "noticias relacionadas", "lo más leído",
    # pt
    "siga-nos", "siga o", "siga a", "compartilhe", "partilhe", "assine", "inscreva-se", "leia também", "leia mais",
    "veja também", "saiba mais", "deixe um comentário", "deixe seu comentário", "receba as notícias",
    "mais lidas", "notícias relacionadas",
    # fr
    "suivez-nous", "suivez nous", "partagez", "partager", "abonnez-vous", "inscrivez-vous", "lire aussi",
    "à lire aussi", "lire la suite", "voir aussi", "laissez un commentaire", "réagissez", "sur le même sujet",
    "les plus lus",
    # de
    "folgen sie uns", "folge uns", "teilen sie", "jetzt teilen", "artikel teilen", "abonnieren sie",
    "newsletter abonnieren", "mehr zum thema", "lesen sie auch", "auch interessant", "weiterlesen",
    "kommentar schreiben", "kommentieren", "meistgelesen",
    # it
    "seguici", "condividi", "iscriviti", "leggi anche", "leggi di più", "potrebbe interessarti",
    "lascia un commento", "i più letti",
    # nl
    "volg ons", "deel dit", "delen", "abonneer", "lees ook", "lees meer", "meest gelezen",
    # tr / az
    "bizi takip edin", "takip edin", "paylaş", "abone ol", "ayrıca okuyun", "ilginizi çekebilir",
    "yorum yap", "bizi izləyin", "bizi sosial şəbəkələrdə izləyin", "paylaş", "rəy bildirin", "şərh yaz",
    "oxşar xəbərlər", "ən çox oxunan",
    # ru
    "подписывайтесь", "подпишитесь", "поделиться", "читайте также", "читайте нас", "смотрите также",
    "оставьте комментарий", "самое читаемое",
)  # fmt: skip

#: Section names and menu entries. A short line made only of these (optionally joined by crumb separators) is
#: navigation: "Politics", "Home > World > Asia", "Latest news", "Política", "Xəbər lenti".
NAVIGATION_PHRASES: tuple[str, ...] = (
    # en
    "home", "homepage", "news", "news line", "newsline", "news feed", "newsfeed", "news ticker", "latest news",
    "latest", "breaking news", "top stories", "top news", "world", "world news", "politics", "economy", "business",
    "finance", "markets", "sport", "sports", "culture", "arts", "entertainment", "lifestyle", "opinion", "opinions",
    "editorial", "analysis", "science", "technology", "tech", "health", "society", "region", "regions", "local",
    "national", "international", "europe", "asia", "africa", "americas", "middle east", "us", "uk", "video",
    "videos", "gallery", "photos", "multimedia", "podcast", "podcasts", "live", "weather", "more", "menu", "search",
    "sections", "all news", "archive", "tags", "topics", "in focus", "featured", "trending", "exclusive",
    # es
    "inicio", "portada", "noticias", "últimas noticias", "ultimas noticias", "actualidad", "mundo", "internacional",
    "política", "economía", "deportes", "cultura", "sociedad", "opinión", "ciencia", "tecnología", "salud",
    "nacional", "españa", "américa", "américa latina", "latinoamérica", "vídeos", "última hora",
    # pt
    "início", "notícias", "últimas notícias", "ultimas noticias", "mundo", "brasil", "portugal", "esportes",
    "desporto", "economia", "política", "cultura", "sociedade", "opinião", "ciência", "tecnologia", "saúde",
    "país", "internacional", "últimas",
    # fr
    "accueil", "actualités", "actualité", "actu", "monde", "international", "politique", "économie", "sports",
    "société", "culture", "opinions", "sciences", "santé", "france", "europe", "en direct", "à la une", "fil info",
    "fil d'actualité", "dernières infos", "dernières nouvelles",
    # de
    "startseite", "nachrichten", "aktuell", "aktuelles", "welt", "ausland", "inland", "politik", "wirtschaft",
    "kultur", "meinung", "gesellschaft", "wissen", "wissenschaft", "gesundheit", "panorama", "deutschland",
    "newsticker", "liveticker", "eilmeldung", "regional",
    # it
    "notizie", "ultime notizie", "mondo", "esteri", "politica", "economia", "cronaca", "cultura", "spettacoli",
    "opinioni", "scienza", "salute", "italia", "primo piano",
    # nl
    "nieuws", "laatste nieuws", "binnenland", "buitenland", "wereld", "politiek", "economie", "cultuur",
    "opinie", "wetenschap", "gezondheid",
    # tr / az
    "ana sayfa", "anasayfa", "haberler", "son dakika", "gündem", "dünya", "siyaset", "ekonomi", "spor",
    "kültür", "sağlık", "xəbərlər", "xəbər lenti", "son xəbərlər", "siyasət", "iqtisadiyyat", "dünya xəbərləri",
    "cəmiyyət", "mədəniyyət", "idman", "region", "regionlar",
    # continents and regions as section names, in the languages above
    "europa", "ásia", "áfrica", "américas", "oriente médio", "oriente medio", "medio oriente", "asie", "afrique",
    "amérique", "amériques", "moyen-orient", "asien", "afrika", "amerika", "nahost", "azië", "midden-oosten",
    "avrupa", "asya", "orta doğu", "avropa", "asiya", "европа", "азия", "африка", "ближний восток",
    # ru
    "главная", "новости", "лента новостей", "последние новости", "в мире", "мир", "политика", "экономика",
    "общество", "культура", "спорт", "наука", "здоровье", "происшествия",
)  # fmt: skip

#: Social networks and share channels. A line made only of these ("Facebook Twitter WhatsApp", "X | Telegram") is a
#: share bar; inside a sentence they are news and are left alone.
SOCIAL_NETWORKS: tuple[str, ...] = (
    "facebook", "twitter", "x", "instagram", "whatsapp", "telegram", "youtube", "tiktok", "linkedin", "threads",
    "bluesky", "mastodon", "reddit", "pinterest", "flipboard", "vk", "vkontakte", "одноклассники", "ok", "email",
    "e-mail", "mail", "copy link", "copiar link", "copiar enlace", "copier le lien", "link kopieren", "print",
    "imprimir", "imprimer", "drucken", "stampa", "afdrukken", "yazdır", "печать",
)  # fmt: skip

#: Labels that open a list of topic links at the foot of an article ("Tags: Ukraine, Russia").
TAG_LABELS: tuple[str, ...] = (
    "tags", "topics", "keywords", "related topics",  # en
    "etiquetas", "temas", "tags relacionadas", "palabras clave", "palavras-chave",  # es / pt
    "mots-clés", "mots clés", "thèmes", "sujets",  # fr
    "schlagwörter", "schlagworte", "themen",  # de
    "argomenti", "parole chiave",  # it
    "trefwoorden", "onderwerpen",  # nl
    "etiketler", "konular", "teqlər", "açar sözlər",  # tr / az
    "теги", "метки", "темы",  # ru
)  # fmt: skip

#: Separators between breadcrumb items ("Home > World > Asia", "Inicio » Mundo").
CRUMB_SEPARATORS: tuple[str, ...] = (">", "»", "›", "/", "|", "→", "•", "·", "::")

#: Words that introduce a byline ("By Jane Doe", "Por Ana Pérez", "Von Max Muster").
BYLINE_PREFIXES: tuple[str, ...] = (
    "by", "written by", "reporting by", "report by", "words by", "story by",  # en
    "por", "escrito por", "texto de", "texto:", "redacción:", "reportagem de", "reportaje de",  # es / pt
    "par", "propos recueillis par", "texte:",  # fr
    "von", "text:", "autor:", "autorin:",  # de
    "di", "a cura di",  # it
    "door", "tekst:",  # nl
    "yazar:", "müəllif:",  # tr / az
    "автор:", "текст:",  # ru
)  # fmt: skip

#: Lower-case particles allowed inside a person's name ("Ana de la Cruz", "Ludwig van Beethoven").
NAME_PARTICLES: tuple[str, ...] = (
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter", "y",
    "e", "bin", "ibn", "al", "el", "zu",
)  # fmt: skip

#: Separators between a headline and the site name in a ``<title>`` ("Headline | Site"). Headlines themselves
#: almost never contain these.
TITLE_SITE_SEPARATORS: tuple[str, ...] = (" | ", " :: ", " · ", " « ", " » ")

#: Dashes also separate a site name ("Headline - Site") but occur inside headlines too ("Lohan Checks Into Betty
#: Ford – Where She Knows Everyone"), so what follows them must look like a name to be cut.
TITLE_SITE_DASHES: tuple[str, ...] = (" - ", " – ", " — ")

#: Words of a privacy or cookie notice, as word starts (casefolded): a token that begins with one of these is a
#: consent term ("cookies", "Datenschutzrichtlinien", "prywatności"). Only words that ordinary news prose rarely uses
#: outside such notices; ``consent.py`` also asks for the reader to be addressed and for a dense block.
CONSENT_TERM_STARTS: tuple[str, ...] = (
    "cookie", "gdpr", "rgpd", "dsgvo", "rodo", "kvkk", "lgpd",  # names of the rules, every language
    "privacy", "consent",  # en
    "datenschutz", "einwilligung", "zustimmung",  # de
    "confidentialité", "consentement",  # fr
    "privacidad", "consentimiento", "privacidade", "consentimento",  # es / pt
    "riservatezza", "consenso",  # it
    "prywatnoś", "zgoda", "zgody", "zgodę", "zgadzam",  # pl
    "gizlilik", "çerez",  # tr
    "конфиденциальн", "файлы cookie",  # ru
    "الخصوصية", "الكوكيز",  # ar
)  # fmt: skip

#: Two-word phrases of such notices: "personal data" in each language (inflected forms listed).
CONSENT_TERM_PHRASES: tuple[str, ...] = (
    "personal data", "personal information",
    "personenbezogene daten", "personenbezogenen daten", "persönlichen daten", "persönliche daten",
    "données personnelles", "datos personales", "dados pessoais", "dati personali",
    "dane osobowe", "danych osobowych", "kişisel veri", "kişisel verilerin", "kişisel verileriniz",
    "персональных данных", "персональные данные", "البيانات الشخصية",
)  # fmt: skip

#: Words addressing the reader (second person). A notice asks *you*; news prose reports on third parties.
READER_WORDS: tuple[str, ...] = (
    "you", "your", "yours",  # en
    "dein", "deine", "deiner",  # de (the formal forms are in FORMAL_READER_WORDS)
    "vous", "votre", "vos",  # fr
    "usted", "tus", "você", "seus", "suas",  # es / pt
    "tuoi", "tue", "vostro", "vostri",  # it
    "twoich", "twoje", "twoja", "twój", "twojej", "twoim", "twojego", "twoją", "ciebie", "cię", "tobie", "ci",  # pl
    "możesz", "wyrazisz", "będziesz",  # pl verbs in the second person
    "sizin", "senin", "verileriniz",  # tr
    "вы", "ваши", "вашей", "вашего", "вас",  # ru
)  # fmt: skip

#: The site speaking of itself (first person plural): "we use cookies", "nous collectons", "naszych partnerów".
SITE_VOICE_WORDS: tuple[str, ...] = (
    "we", "our", "us",  # en
    "wir", "unser", "unsere", "unserer", "unseren", "unserem", "uns",  # de
    "nous", "notre", "nos",  # fr
    "nosotros", "nuestro", "nuestra", "nuestros", "nuestras", "nós", "nosso", "nossa", "nossos", "nossas",  # es / pt
    "noi", "nostro", "nostra", "nostri", "nostre",  # it
    "my", "nasz", "nasze", "naszych", "naszego", "naszej", "naszym", "nam", "nas",  # pl
    "biz", "bizim",  # tr
    "мы", "наш", "наши", "нашего", "нашей", "нам",  # ru
)  # fmt: skip

#: German formal address, which lower case would confuse with "ihre" (her, their): matched with its capital, and not
#: as the first word of a line, where every word is capitalised.
FORMAL_READER_WORDS: tuple[str, ...] = ("Sie", "Ihre", "Ihrer", "Ihren", "Ihrem", "Ihres", "Ihnen")

#: Headings that open the contact block at the foot of a press release or a report ("Pressekontakt:", "Media
#: contact", "Rückfragen bitte an:"), casefolded, matched at the start of a line. ``contact.py`` takes them as a
#: heading only when a colon follows or the line is this phrase alone, and removes a block only when it also holds a
#: contact detail (an e-mail address, a telephone number or a web address).
CONTACT_HEADINGS: tuple[str, ...] = (
    "contact",
    "contacts",
    "press contact",
    "press contacts",
    "media contact",
    "media contacts",
    "media inquiries",
    "media enquiries",
    "for more information",
    "for further information",
    "contact us",
    "pressekontakt",
    "presse-kontakt",
    "pressekontakte",
    "medienkontakt",
    "kontakt",
    "rückfragen",
    "rückfragen an",
    "rückfragen bitte an",
    "für rückfragen",
    "rückfragen & kontakt",
    "ansprechpartner",
    "ansprechpartnerin",
    "contact presse",
    "contacts presse",
    "contact médias",
    "contact média",
    "renseignements",
    "contacto",
    "contactos",
    "contacto de prensa",
    "contacto para prensa",
    "más información",
    "contatto stampa",
    "contatti stampa",
    "contatti",
    "contato",
    "contato para imprensa",
    "perscontact",
    "contact pers",
    "kontakt dla mediów",
    "kontakt dla prasy",
    "kontakt prasowy",
    "iletişim",
    "basın iletişim",
    "medya iletişim",
    "контакты",
    "контакт для прессы",
    "للتواصل",
    "للاستفسار",
)

#: Labels of a telephone or fax number ("Tel.", "Telefon", "Fax", "Tél"), casefolded without a final dot: a run of
#: digits next to one of these is a contact detail even when written without separators.
PHONE_LABELS: tuple[str, ...] = (
    "tel",
    "tel.:",
    "telefon",
    "telephone",
    "phone",
    "ph",
    "fax",
    "mobil",
    "mobile",
    "handy",
    "cell",
    "tél",
    "téléphone",
    "teléfono",
    "telefone",
    "telefono",
    "tlf",
    "telefoon",
    "hotline",
    "us",
    "intl",
    "whatsapp",
)
