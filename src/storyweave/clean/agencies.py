"""Data for credit-line detection: news agencies and the multilingual cue phrases that credit them.

Pure data, no logic, so adding an agency or a language is a one-line change reviewed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Agency:
    """A wire or news agency: the canonical name we report and the spellings that name it in text.

    Aliases are matched case-sensitively as whole tokens (an upper-case copy of every mixed-case alias is added, for
    "REUTERS"-style credit lines). ``strict`` agencies have acronyms that are also ordinary words or common
    abbreviations ("PA" = Palestinian Authority / Pennsylvania, "AA", "CP"): they count only in an unmistakable credit
    position (a dateline bracket, a trailing "/PA" or "— PA", a line of its own), never after "according to".
    """

    canonical: str
    aliases: tuple[str, ...]
    strict: bool = False


AGENCIES: tuple[Agency, ...] = (
    Agency("AP", ("AP", "Associated Press", "The Associated Press")),
    Agency("Reuters", ("Reuters", "Thomson Reuters")),
    Agency("AFP", ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse")),
    Agency("dpa", ("dpa", "DPA", "Deutsche Presse-Agentur")),
    Agency("dpa-AFX", ("dpa-AFX", "dpa-AFX Wirtschaftsnachrichten")),
    Agency("EFE", ("EFE", "Agencia EFE")),
    Agency("Europa Press", ("Europa Press",)),
    Agency("ANSA", ("ANSA", "Agenzia ANSA")),
    Agency("AGI", ("AGI", "Agenzia Italia"), strict=True),
    Agency("Adnkronos", ("Adnkronos",)),
    Agency("Agência Brasil", ("Agência Brasil", "Agencia Brasil")),
    Agency("Lusa", ("Lusa", "Agência Lusa")),
    Agency("Xinhua", ("Xinhua", "Xinhua News Agency", "Xinhua-Nachrichtenagentur")),
    Agency("TASS", ("TASS", "ТАСС", "ITAR-TASS")),
    Agency("RIA Novosti", ("RIA Novosti", "РИА Новости")),
    Agency("Interfax", ("Interfax", "Интерфакс")),
    Agency("Ukrinform", ("Ukrinform", "Укрінформ")),
    Agency("Anadolu", ("Anadolu", "Anadolu Agency", "Anadolu Ajansı", "AA"), strict=True),
    Agency("UPI", ("UPI", "United Press International")),
    Agency("Bloomberg", ("Bloomberg", "Bloomberg News")),
    Agency("Dow Jones", ("Dow Jones Newswires",)),
    Agency("TURAN", ("TURAN", "Turan Information Agency")),
    Agency("APA", ("APA", "Austria Presse Agentur", "APA-OTS"), strict=True),
    Agency("AZERTAC", ("AZERTAC", "Azertac")),
    Agency("Kyodo", ("Kyodo", "Kyodo News")),
    Agency("Yonhap", ("Yonhap", "Yonhap News Agency")),
    Agency("KCNA", ("KCNA", "Korean Central News Agency")),
    Agency("PA", ("PA", "PA Media", "Press Association"), strict=True),
    Agency("KNA", ("KNA",), strict=True),
    Agency("epd", ("epd", "Evangelischer Pressedienst"), strict=True),
    Agency("ANP", ("ANP",), strict=True),
    Agency("Belga", ("Belga",)),
    Agency("SDA", ("Keystone-SDA", "SDA"), strict=True),
    Agency("PAP", ("PAP", "Polska Agencja Prasowa"), strict=True),
    Agency("ČTK", ("ČTK", "CTK"), strict=True),
    Agency("MTI", ("MTI",), strict=True),
    Agency("Ritzau", ("Ritzau",)),
    Agency("NTB", ("NTB",), strict=True),
    Agency("TT", ("TT", "TT Nyhetsbyrån"), strict=True),
    Agency("AAP", ("AAP", "Australian Associated Press"), strict=True),
    Agency("CP", ("The Canadian Press", "Canadian Press", "CP"), strict=True),
    Agency("PTI", ("PTI", "Press Trust of India"), strict=True),
    Agency("IANS", ("IANS",)),
    Agency("IRNA", ("IRNA",)),
    Agency("Notimex", ("Notimex",)),
    Agency("Télam", ("Télam", "Telam")),
    Agency("Prensa Latina", ("Prensa Latina",)),
)

#: Phrases after which an agency name credits the text: "according to Reuters", "com informações da Reuters".
#: Each is a regex fragment; a plain preposition ("avec") only counts at the start of a line or bracket, since "un
#: accord avec Bloomberg" is news about the agency, not a credit. An optional article ("l'", "la", "der", ...) may
#: sit between the cue and the name.
ATTRIBUTION_CUES: tuple[str, ...] = (
    # en
    r"according to", r"reported by", r"(?:with|additional) reporting (?:by|from)", r"Source:",
    # es
    r"según", r"con información de", r"informa(?:ron)?", r"Fuente:",
    # pt
    r"segundo", r"com informações d[aoe]s?", r"de acordo com", r"Fonte:",
    # fr
    r"selon", r"(?:^|(?<=\())avec", r"d'après", r"d’après", r"rapporte", r"Source ?:",
    # de
    r"laut", r"mit Material von", r"berichtet(?:e)?", r"meldet(?:e)?", r"Quelle:",
    # it
    r"secondo", r"riferisce", r"Fonte:",
    # nl
    r"volgens", r"meldt", r"Bron:",
    # tr / az
    r"Kaynak:", r"Mənbə:",
    # ru
    r"по данным", r"сообщает", r"сообщило", r"Источник:",
)  # fmt: skip

#: Articles and contractions that may precede an agency name after a cue ("selon l'AFP", "com informações da Reuters").
ARTICLES: tuple[str, ...] = (
    "the", "el", "la", "los", "las", "la agencia", "a", "o", "as", "os", "a agência", "l'", "l’", "le", "der", "die",
    "das", "dem", "den", "lo", "il", "de", "het", "da", "do", "dos", "das", "del", "de la", "du", "des", "dell'",
    "dell’", "agencia", "agência", "agence", "agenzia", "agentur",
)  # fmt: skip

#: Words joining several agencies in one credit ("com informações da Reuters e da Agência Brasil").
CONJUNCTIONS: tuple[str, ...] = ("and", "y", "e", "et", "und", "ed", "en", "ve", "və", "и", "&", ",", "/")

#: Words that mark a photo, video or graphic credit: an agency there supplied a picture, not the text.
PHOTO_CUES: tuple[str, ...] = (
    "Photo", "Photos", "Foto", "Fotos", "Fotó", "Fotografía", "Fotografia", "Image", "Images", "Imagen", "Imagem",
    "Bild", "Bilder", "Picture", "Video", "Vídeo", "Vidéo", "Crédit photo", "Crédito", "Illustration", "Grafik",
    "Graphic", "Archivo", "Arquivo", "Archive", "Archiv", "Фото", "Fotoğraf",
)  # fmt: skip

#: "AGENCY's <place> correspondent reports" and its equivalents name the outlet the text comes from. {name} is
#: replaced with the name pattern; the place in between is up to a few capitalised words.
SELF_CREDIT_PATTERNS: tuple[str, ...] = (
    r"{name}['’]s (?:[A-ZÀ-Ý][\w.-]*\s+){{0,3}}(?:correspondent|reporter|bureau)\b",
    r"(?:correspondent|reporter) (?:of|for) {name}\b",
    r"(?:corresponsal|enviado especial) de {name}\b",
    r"(?:correspondente|enviado especial) d[aoe] {name}\b",
    r"(?:correspondant|envoyé spécial) (?:de |d'|d’)(?:l'|l’|la )?{name}\b",
    r"{name}[- ]Korrespondent(?:in)?\b",
    r"(?:Korrespondent(?:in)?|Reporter(?:in)?) (?:der|von|des) {name}\b",
    r"(?:corrispondente|inviato) (?:di |dell'|dell’|della )?{name}\b",
    r"(?:correspondent) van {name}\b",
    r"{name}(?:['’]?(?:n[iı]n|un|ün|ın|in|nun))? (?:\w+ )?muhabir\w*",
    r"{name}(?:['’]?(?:n[iı]n|un|ün|ın|in|nun))? (?:\w+ )?müxbir\w*",
    r"корреспондент {name}\b",
)

#: Every pattern above needs one of these strings, outside its name and optional parts (they are its word for
#: correspondent, reporter, bureau, envoy): a line with none of them cannot credit itself, and ``find_credits`` skips
#: the patterns there. Those that start with the name try a match at every capital of every line otherwise, ~0.7 s of
#: ingest's CPU over the 772 ECB+ articles. A new pattern adds its word here (checked in tests/test_credits.py).
SELF_CREDIT_WORDS: tuple[str, ...] = (
    "orrespon", "orrispon", "eporter", "bureau", "enviado especial", "envoyé spécial", "inviato", "muhabir", "müxbir",
    "корреспондент",
)  # fmt: skip
