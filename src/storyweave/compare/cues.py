"""Word lists the compare stage reads: negation and denial cues, number words, quantity kinds, speech verbs.

Languages: en, es, pt, fr, de, it, nl, tr/az, ru (number words also pl). Entries are lower case and accent-folded
(``fold``) unless noted; matching is on folded tokens. Compiled from grammar references and common newsroom usage,
not from any article. Stems (entries ending in ``*``) match any token that starts with them.
"""

from __future__ import annotations

from typing import TypeVar

from ..annotate.gazetteer import fold

T = TypeVar("T")


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(w) if w not in "€$£%" else w for w in text.split())


def of_language(table: dict[str, T], language: str | None, missing: T) -> T:
    """``table``'s entry for ``language`` (its first two letters); English when the language is unknown (None or
    empty); ``missing`` for a language the table lacks. English words read in another language are false cues:
    Polish "ten" is "this", not 10, and Polish or Czech "no" ("well") is no negation."""
    if not language:
        return table["en"]
    return table.get(language.lower()[:2], missing)


#: Tokens that negate the clause they stand in, per language (a word may negate in one language and not another:
#: Portuguese "no" is "in the"). French "ne" is left out: "pas"/"jamais"/"aucun" carry the negation and "ne" alone is
#: also expletive. English "n't" is read by the tokenizer. "Without" words do not count: "senza vita" / "sin vida"
#: (lifeless) is not a negated statement.
NEGATIONS: dict[str, frozenset[str]] = {
    "en": _words("not no never nobody nothing none neither nor cannot"),
    "es": _words("no nunca jamás ningún ninguna ninguno nadie nada ni tampoco"),
    "pt": _words("não nunca jamais nem nenhum nenhuma ninguém nada"),
    "fr": _words("pas jamais aucun aucune rien nullement"),
    "de": _words("nicht kein keine keinen keinem keiner keines nie niemals nichts weder"),
    "it": _words("non mai nessun nessuno nessuna niente nulla"),
    "nl": _words("niet geen nooit niets niemand"),
    "tr": _words("değil yok hiçbir"),
    "az": _words("deyil yox heç"),
    "ru": _words("не нет никогда ни"),
}

#: A negation followed by one of these is additive, not negating: "not only", "no solo", "nicht nur", "pas seulement".
NEGATION_BLOCKERS = _words(
    "only just merely solo solamente só somente apenas seulement uniquement nur bloß alleen sadece только"
)

#: Verbs of denial and refusal, per language: "X denied that Y" states the opposite of "Y". Stems cover inflection.
DENIALS: dict[str, frozenset[str]] = {
    "en": _words(
        "deny denies denied denying denial refute* disputed contests contested declined declines "
        "declining refus* reject*"
    ),
    "es": _words("negó niega niegan negaron negaba negado negando desmient* desmintió desmintieron rechaz*"),
    "pt": _words("negou nega negam negaram negado negando desment* desmentiu recus* contesta contestou contestam"),
    "fr": _words("dément démentent démenti dementi* nie nié nient niaient refus* conteste contestent contesté"),
    "de": _words("dementi* bestritt* bestreit* verweiger* zurückgewiesen zurückweis*"),
    "it": _words("nega negano negato smenti* smentisc* rifiut*"),
    "nl": _words("ontken* ontkend* weerleg* weiger*"),
    "tr": _words("yalanla* reddet* inkar"),
    "az": _words("təkzib rədd* inkar"),
    "ru": _words("опроверг* отрица* отверг* отказ*"),
}

#: Denials written with a separable verb: the stem and its particle stand apart ("weist die Vorwürfe zurück",
#: "stritt alles ab", "wees de beschuldigingen af"). (verb stems, particle) per language, folded.
SEPARABLE_DENIALS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "de": ((("weis", "wies"), "zuruck"), (("streit", "stritt"), "ab"), (("lehn",), "ab")),
    "nl": ((("wees", "wijst", "wezen"), "af"), (("streed", "streden", "strijdt"), "af")),
}

#: Indefinite quantity words and the range each stands for ("dozens" is more than two dozen, less than a hundred).
#: Per language: "miles" is thousands in Spanish and a distance in English. Ranges are deliberately wide: two
#: wordings conflict only when their ranges cannot overlap.
_TENS, _DOZENS, _HUNDREDS, _THOUSANDS, _MILLIONS = (20, 99), (24, 99), (200, 999), (2_000, 9_999), (2e6, 999e6)
QUANTITY_WORDS: dict[str, dict[str, tuple[float, float]]] = {
    "en": {"dozens": _DOZENS, "hundreds": _HUNDREDS, "thousands": _THOUSANDS, "millions": _MILLIONS},
    "es": {
        "docenas": _DOZENS,
        "decenas": _TENS,
        "centenares": _HUNDREDS,
        "cientos": _HUNDREDS,
        "miles": _THOUSANDS,
        "millones": _MILLIONS,
    },
    "pt": {"dúzias": _DOZENS, "dezenas": _TENS, "centenas": _HUNDREDS, "milhares": _THOUSANDS, "milhões": _MILLIONS},
    "fr": {
        "douzaines": _DOZENS,
        "dizaines": _TENS,
        "centaines": _HUNDREDS,
        "milliers": _THOUSANDS,
        "millions": _MILLIONS,
    },
    "de": {"dutzende": _DOZENS, "hunderte": _HUNDREDS, "tausende": _THOUSANDS, "millionen": _MILLIONS},
    "it": {"dozzine": _DOZENS, "decine": _TENS, "centinaia": _HUNDREDS, "migliaia": _THOUSANDS, "milioni": _MILLIONS},
    "nl": {"tientallen": _TENS, "honderden": _HUNDREDS, "duizenden": _THOUSANDS, "miljoenen": _MILLIONS},
    "tr": {"onlarca": _TENS, "yüzlerce": _HUNDREDS, "binlerce": _THOUSANDS, "milyonlarca": _MILLIONS},
    "az": {"onlarla": _TENS, "yüzlərlə": _HUNDREDS, "minlərlə": _THOUSANDS, "milyonlarla": _MILLIONS},
    "ru": {"десятки": _TENS, "сотни": _HUNDREDS, "тысячи": _THOUSANDS, "миллионы": _MILLIONS},
}
QUANTITY_WORDS = {lang: {fold(w): r for w, r in table.items()} for lang, table in QUANTITY_WORDS.items()}

#: Cardinal number words news writes out ("drei Tote", "douze morts", "twelve miners"), per language: Spanish "once"
#: is eleven, English "once" is not a number. Words that double as the indefinite article ("un", "um", "een", "ein")
#: are left out: "a house" is not a count.
_CARDINAL_WORDS = {
    "en": "_ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty",
    "es": "_ dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete "
    "dieciocho diecinueve veinte",
    "pt": "_ dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezasseis dezassete "
    "dezoito dezanove vinte",
    "fr": "_ deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit "
    "dix-neuf vingt",
    "de": "_ zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn "
    "achtzehn neunzehn zwanzig",
    "it": "_ due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici "
    "diciassette diciotto diciannove venti",
    "nl": "_ twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien "
    "achttien negentien twintig",
}
CARDINALS: dict[str, dict[str, float]] = {
    lang: {fold(w): float(v) for v, w in enumerate(words.split(), start=1) if w != "_"}
    for lang, words in _CARDINAL_WORDS.items()
}
CARDINALS["pt"].update({"dezesseis": 16.0, "dezessete": 17.0, "dezenove": 19.0})  # Brazilian spellings
CARDINALS["en"]["dozen"] = 12.0
CARDINALS["es"]["docena"] = 12.0
#: Languages that inflect their number words ("dwa" / "dwóch", "три" / "трёх"): every common form of 2-20, by value.
#: Turkish writes 11-19 as two words ("on bir"); only its one-word cardinals are listed.
_INFLECTED_CARDINALS = {
    "pl": (
        "dwa dwie dwóch dwaj dwoma",
        "trzy trzech trzema",
        "cztery czterech czterema",
        "pięć pięciu",
        "sześć sześciu",
        "siedem siedmiu",
        "osiem ośmiu",
        "dziewięć dziewięciu",
        "dziesięć dziesięciu",
        "jedenaście jedenastu",
        "dwanaście dwunastu",
        "trzynaście trzynastu",
        "czternaście czternastu",
        "piętnaście piętnastu",
        "szesnaście szesnastu",
        "siedemnaście siedemnastu",
        "osiemnaście osiemnastu",
        "dziewiętnaście dziewiętnastu",
        "dwadzieścia dwudziestu",
    ),
    "ru": (
        "два две двух двум двумя",
        "три трёх трех тремя",
        "четыре четырёх четырех",
        "пять пяти",
        "шесть шести",
        "семь семи",
        "восемь восьми",
        "девять девяти",
        "десять десяти",
        "одиннадцать одиннадцати",
        "двенадцать двенадцати",
        "тринадцать тринадцати",
        "четырнадцать четырнадцати",
        "пятнадцать пятнадцати",
        "шестнадцать шестнадцати",
        "семнадцать семнадцати",
        "восемнадцать восемнадцати",
        "девятнадцать девятнадцати",
        "двадцать двадцати",
    ),
    "tr": ("iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz", "on", *([""] * 9), "yirmi"),
}
for _lang, _forms in _INFLECTED_CARDINALS.items():
    CARDINALS[_lang] = {fold(w): float(v) for v, words in enumerate(_forms, start=2) for w in words.split()}

#: "The toll rose to 15": a count noun ("cifra de fallecidos", "Zahl der Toten", "bilan des morts") names the kind of
#: a figure that follows a "to" preposition anywhere later in the sentence.
TOLL_WORDS = _words(
    "toll tally count figure number cifra balance numero bilan nombre zahl bilanz bilancio numero aantal sayi число"
)
RISE_PREPOSITIONS = _words("to a à al auf para naar su a на до")

#: Conjunctions end the phrase a figure belongs to: in "12 dead and 140 injured" the kind of 12 is not "injured".
CONJUNCTIONS = _words("and or but while y e o pero mientras et ou mais und oder aber sowie ed ma en of maar ve и или")

#: Scale words after a number: "2.4 million", "1,2 Milliarden", "3 mil".
SCALES: dict[str, float] = {
    "thousand": 1e3,
    "mil": 1e3,
    "mille": 1e3,
    "tausend": 1e3,
    "mila": 1e3,
    "duizend": 1e3,
    "bin": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "millon": 1e6,
    "millones": 1e6,
    "milhao": 1e6,
    "milhoes": 1e6,
    "millionen": 1e6,
    "mio": 1e6,
    "milione": 1e6,
    "milioni": 1e6,
    "miljoen": 1e6,
    "milyon": 1e6,
    "млн": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "milliarde": 1e9,
    "milliarden": 1e9,
    "mrd": 1e9,
    "bilhao": 1e9,
    "bilhoes": 1e9,
    "miliardo": 1e9,
    "miliardi": 1e9,
    "miljard": 1e9,
    "milyar": 1e9,
    "млрд": 1e9,
}

#: Hedges before a number: the figure is an estimate, so near values (within ``APPROX_TOLERANCE``) agree.
APPROXIMATORS = _words(
    """
    about around approximately roughly some nearly almost over least estimated
    unos unas cerca aproximadamente alrededor casi mas menos
    quase mais
    environ quelque quelques presque plus moins
    etwa rund ungefahr fast knapp uber mehr mindestens
    circa quasi oltre piu almeno
    ongeveer zo'n bijna ruim meer minstens
    yaklasik civarinda около почти более свыше
    """
)

#: What a number counts, as a language-independent kind: a toll of dead is a different slot from the injured, so
#: "12 dead" and "68 injured" are never compared. Specific kinds first: the first kind found near a number wins,
#: and "people" (generic) only when nothing more specific is near. Entries are folded stems.
QUANTITY_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "dead",
        _words(
            "dead death* died killed kill* fatalit* lives toll* "
            "muert* muri* fallec* mato mataron matando matou mataram mort* obito* faleci* deces tue tues tuee tuees "
            "leben tote toten todesopfer getotet totet* starb* morti decedut* vittime doden dode omgekomen overleden "
            "olu hayatini "
            "погиб* жертв* умер*"
        ),
    ),
    (
        "injured",
        _words("injur* wounded hurt herid* lesionad* ferid* bless* verletzt* ferit* gewond* yarali* ранен* пострадав*"),
    ),
    ("missing", _words("missing desaparecid* disparu* vermisst* dispers* vermist* kayip пропав*")),
    (
        "trapped",
        _words(
            "trapped atrapad* soterrad* encurralad* presos bloque* piege* coince* eingeschlossen* verschuttet* "
            "intrappolat* bloccat* ingesloten opgesloten mahsur заблокирован*"
        ),
    ),
    ("rescued", _words("rescued rescatad* resgatad* secouru* gerettet* geborgen salvat* gered* kurtarild* спасен*")),
    (
        "evacuated",
        _words(
            "evacuat* evacuad* evacu* evakuiert* geevacueerd tahliye эвакуир* displaced desplazad* deslocad* "
            "desalojad* desalojad* sfollat*"
        ),
    ),
    ("magnitude", _words("magnitude magnitud magnitudo starke richter buyuklug* магнитуд*")),
    ("percent", _words("% percent pct prozent procent yuzde процент*")),
    ("money", _words("€ $ £ euro* eur usd dollar* dolar* dolares pound* libras franc* franken sterlin* рубл*")),
    ("trains", _words("train* tren* trem trens comboio* zug zuge treni treno trein* tren* поезд*")),
    (
        "buildings",
        _words(
            "building* edific* predio* bâtiment* batiment* immeuble* gebaude* haus hauser hausern edifici* "
            "gebouw* bina* house* casa* maison* woning* здани* дом*"
        ),
    ),
    ("passengers", _words("passeng* pasajer* passageir* passager* passagier* passegger* yolcu* пассажир*")),
    ("miners", _words("miner* mineir* mineur* bergleute bergarbeiter kumpel minator* mijnwerker* madenci* шахтер*")),
    ("shelters", _words("shelter* albergue* refugio* abrigo* refuge* hebergement* notunterkunft* rifugi* opvang*")),
    ("tents", _words("tent* tienda* barraca* tende zelt* tende* cadir* палат*")),
    ("flights", _words("flight* vuelo* voo* vol vols flug* fluge volo voli vlucht* ucus* рейс*")),
    (
        "people",
        _words(
            "people person* resident* inhabitant* personas habitantes vecinos pessoas moradores personnes habitants "
            "menschen personen einwohner bewohner persone abitanti mensen inwoners insan* kisi* человек* жител*"
        ),
    ),
)

#: Reporting verbs: a sentence that attributes a statement is about what someone said, so its grammatical subject is
#: the speaker, not the agent of the event. Used to keep "who did it" checks off speech attributions.
SPEECH_VERBS = _words(
    """
    said says say told tells stressed added explained noted stated announced confirmed declared reported according
    dijo dice afirmo afirma declaro senalo anadio explico aseguro indico confirmo anuncio segun
    disse diz afirmou declarou explicou acrescentou garantiu confirmou anunciou segundo
    dit declare a affirme explique ajoute precise souligne confirme annonce selon
    sagte sagt erklarte betonte fugte teilte bestatigte kundigte laut zufolge
    detto dice ha affermato dichiarato spiegato aggiunto confermato annunciato secondo
    zei zegt verklaarde benadrukte voegde bevestigde kondigde volgens
    dedi soyledi acikladi belirtti dedi сказал заявил сообщил
    """
)
