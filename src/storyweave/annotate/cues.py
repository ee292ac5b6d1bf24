"""Word lists the rule-based entity finder reads: titles, organisation keywords, connectors, function words.

Languages: en, es, pt, fr, de, it, nl, tr/az, ru. All entries are lower case; matching is case-insensitive. Compiled
from grammar references (articles, prepositions, conjunctions, pronouns) and common newsroom usage (titles and
organisation heads), not from any article.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that may join capitalised tokens inside one name: "Corea del Norte", "Ludwig van Beethoven".
CONNECTORS = _words(
    "de da do dos das del della delle dei degli di du des van von der den ter zu zum zur y' of d' l' al el la le"
)

#: Articles stripped from the start of a name ("the White House" -> "White House").
ARTICLES = _words("the el la los las lo o os a as le les l il gli i der die das den dem des het een de")

#: Titles and roles: split a capitalised run ("Sprecher John Kirby") and mark the following name as a person.
TITLES = _words(
    """
    president presidente presidenta président présidente präsident präsidentin presidente cumhurbaşkanı президент
    minister ministro ministra ministre ministerin bakan министр premier prime chancellor canciller chanceler
    chancelier kanzler kanzlerin cancelliere bondskanselier başbakan
    spokesman spokeswoman spokesperson portavoz vocero vocera porta-voz porte-parole sprecher sprecherin portavoce
    woordvoerder sözcü sözcüsü представитель
    secretary secretario secretaria secretário secretária secrétaire sekretär segretario secretaris sekreter
    senator senador senadora sénateur senatorin senatore senaat senatör сенатор
    governor gobernador governador gouverneur gouverneurin governatore vali губернатор
    mayor alcalde alcaldesa prefeito prefeita maire bürgermeister bürgermeisterin sindaco burgemeester belediye мэр
    ambassador embajador embajadora embaixador embaixadora ambassadeur ambassadrice botschafter botschafterin
    ambasciatore büyükelçi посол
    general gen colonel coronel oberst colonnello kolonel admiral almirante amiral генерал
    king queen rey reina rei rainha roi reine könig königin re regina koning koningin kral король
    pope papa pape papst paus
    mr mrs ms dr sir lord lady señor señora sr sra don doña senhor senhora m mme herr frau signor signora dhr mevr
    director directora diretor diretora directeur directrice direktor direktorin direttore directeur müdür
    chairman chairwoman chair presidente chef chefin leader líder dirigeant führer anführer capo leider lider
    judge juez juiz juge richter richterin giudice rechter hakim судья
    envoy enviado envoyé gesandter inviato gezant
    captain capitán capitana capitão capitaine capitano kapitän kapitänin kapitein kaptan капитан
    """
)

#: German and Dutch build roles by compounding ("Regierungssprecher", "Außenminister"): these endings mark a title.
TITLE_SUFFIXES: tuple[str, ...] = (
    "sprecher",
    "sprecherin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "woordvoerder",
    "botschafter",
    "gouverneurin",
    "gouverneur",
    "vorständin",
    "vorstand",
    # roles and occupations put before a name as an apposition ("Feuerwehrchef Jonas Weber", "Weltkriegsveteran Tom
    # Moore", "Schauspieler Russell Crowe", "Amtsinhaber Trump"): the name is what follows; from German grammar
    # references on agent nouns, not from any article
    "chef",
    "chefin",
    "veteran",
    "veteranin",
    "darsteller",
    "darstellerin",
    "schauspieler",
    "schauspielerin",
    "sänger",
    "sängerin",
    "inhaber",
    "inhaberin",
    "trainer",
    "trainerin",
    "politiker",
    "politikerin",
    "kandidat",
    "kandidatin",
    "rivale",
    "rivalin",
    "experte",
    "expertin",
    "leiter",
    "leiterin",
    "moderator",
    "moderatorin",
    "journalist",
    "journalistin",
    "virologe",
    "virologin",
    "unternehmer",
    "unternehmerin",
    "milliardär",
    "milliardärin",
    "rentner",
    "rentnerin",
)

#: A capitalised run containing one of these names an organisation.
ORG_KEYWORDS = _words(
    """
    ministry ministerio ministério ministère ministerium ministero ministerie bakanlığı министерство
    council consejo conselho conseil consiglio raad konseyi конгресс совет
    agency agencia agência agence agentur agenzia agentschap ajansı агентство
    party partido parti partei partito partij partisi партия
    department departamento département dipartimento departement
    commission comisión comissão kommission commissione commissie komisyonu комиссия
    bank banco banque banca банк
    university universidad universidade université universität università universiteit üniversitesi университет
    court tribunal gericht corte hof mahkemesi суд
    army ejército exército armée armee esercito leger ordusu армия
    police policía polícia polizei polizia politie polisi полиция
    forces fuerzas forças streitkräfte forze strijdkrachten kuvvetleri
    office oficina gabinete bureau büro ufficio kantoor ofisi
    organization organisation organización organização organizzazione organisatie örgütü организация
    association asociación associação verband associazione vereniging derneği
    institute instituto institut istituto instituut enstitüsü институт
    parliament parlamento parlement parlament meclisi парламент
    congress congreso congresso congrès kongress congres kongresi
    senate senado sénat senat senato senaat
    assembly asamblea assembleia assemblée versammlung assemblea vergadering
    administration administración administração
    committee comité comitê komitee comitato
    company compañía companhia compagnie gesellschaft compagnia bedrijf şirketi
    corporation corp inc ltd llc gmbh ag plc sa spa nv bv
    group grupo groupe gruppe gruppo groep grubu группа
    news times post journal tribune press presse prensa imprensa
    service servicio serviço dienst servizio
    union unión união unione unie birliği союз
    front frente
    """
)

#: German organisation names are compounds: these endings mark one ("Sicherheitsrat", "Verteidigungsministerium").
ORG_SUFFIXES: tuple[str, ...] = (
    "ministerium",
    "rat",
    "partei",
    "bank",
    "gericht",
    "amt",
    "behörde",
    "agentur",
    "kommission",
    "verband",
    "dienst",
    "ministerie",
    "raad",
)

#: Words that are capitalised only because they open a sentence; never the first word of a name.
SENTENCE_INITIAL_FUNCTION_WORDS = _words(
    """
    the a an this that these those it he she they we i you his her its their our there here then but and or so yet
    if when while after before as at in on of for from by with without to since until during however meanwhile also
    although though because not no some many most all both each every several such what which who whom whose where
    why how according despite earlier later still even only just now today yesterday
    el la los las un una unos unas lo este esta estos estas ese esa esos esas aquel pero y o si cuando mientras
    después antes como en de del desde por para con sin según durante aunque porque no sus su ellos ellas él ella
    también además sin embargo hoy ayer
    o a os as um uma uns umas este esta estes estas esse essa isso isto aquele mas e ou se quando enquanto depois antes
    como em no na nos nas de do da dos das desde por para com sem segundo durante embora porque não seu sua eles elas
    ele ela também além hoje ontem
    le la les un une des ce cet cette ces mais et ou si quand pendant après avant comme en dans de du depuis par pour
    avec sans selon bien parce ne il elle ils elles on leur leurs son sa ses aussi cependant aujourd hier
    der die das ein eine einer eines dem den des dieser diese dieses aber und oder wenn als während nach vor wie in im
    an am auf aus bei mit ohne seit von vom zu zum zur für durch laut gemäß obwohl weil nicht kein keine er sie es wir
    ihr ihre sein seine auch jedoch heute gestern dabei damit dort hier
    il lo la gli le un una uno questo questa questi queste quel quella ma e o se quando mentre dopo prima come in nel
    nella di del della da dal dalla per con senza secondo durante anche però oggi ieri
    de het een dit dat deze die maar en of als wanneer terwijl na voor zoals in op aan uit bij met zonder sinds van
    door volgens tijdens hoewel omdat niet geen hij zij ze wij ook echter vandaag gisteren
    bu şu o ve ama veya ile için gibi göre sonra önce bugün dün
    """
)

#: Static-location prepositions: a capital after one of these is the place ("in Moscow"), not its government.
LOCATIVE_PREPOSITIONS = _words(
    "in at near outside inside around en em no na nos nas à au aux près dans im bei nahe nel nella presso te bij "
    "в во под"
)

#: A capitalised run containing one of these names a place that is not a settlement ("Plaza Roja", "Lake Chad").
LOCATION_KEYWORDS = _words(
    """
    square plaza praça place platz piazza plein meydanı площадь street calle rua rue straße strasse via straat
    caddesi улица avenue avenida allee viale laan bridge puente ponte pont brücke brug köprüsü мост
    river río rio rivière fluss fiume rivier nehri река lake lago lac see meer gölü озеро mount monte mont berg
    dağı гора island isla ilha île insel isola eiland adası остров valley valle vale vallée tal vallei vadisi
    sea mar mer meer mare denizi море ocean océano oceano océan ozean oceaan okyanusu океан
    region región região région regione regio bölgesi регион province provincia província provinz provincie
    oblast oblasts district distrito bezirk distretto
    airport aeropuerto aeroporto aéroport flughafen luchthaven havalimanı аэропорт
    """
)

#: Languages that capitalise every noun: there a capitalised run is as likely a common noun phrase ("Kilometern
#: Tiefe", "Strenge Bauvorschriften") as a name, and needs a cue or a name-like shape to count (entities.py).
NOUN_CAPITALISING_LANGUAGES = frozenset({"de", "lb"})

#: Endings of German (and Luxembourgish) common nouns and adjectives that proper names almost never have: derivational
#: noun suffixes with their plurals (Regierung, Sicherheit, Gesellschaft, Nation, Universität, Ergebnis, Ministerium),
#: heads of compound nouns naming places, times and groups (Bergbaustadt, Ortszeit, Nachbarprovinz, Bauernverband),
#: and inflected adjective endings (südamerikanischen, staatliche). From German grammar references; deliberately
#: leaves out endings names share (-er, -en, -mann, -berg, -chen as in München).
GERMAN_COMMON_ENDINGS: tuple[str, ...] = tuple(
    _words(
        """
        ung ungen heit heiten keit keiten schaft schaften tion tionen tät täten ismus ismen nis nisse ium
        tum tümer stadt städte dorf dörfer provinz provinzen region regionen gebiet gebiete insel inseln platte
        zeit zeiten verband verbände behörde behörden dienst dienste
        ische ischen ischer isches ischem liche lichen licher liches lichem
        """
    )
)

#: Determiners (with article-preposition contractions) of the noun-capitalising languages: a capitalised word that
#: follows one of these anywhere in the text ("das Erdbeben", "im Norden", "der Behörde") is used as a common noun
#: there, so it is not a name elsewhere either. Names of people and towns take no article in these languages; the
#: countries that do ("die Schweiz") are gazetteer entries, found before this test applies.
NOUN_DETERMINERS: dict[str, frozenset[str]] = {
    "de": _words("der die das den dem des ein eine einer einem einen eines im am zum zur vom beim ins ans"),
    "lb": _words("de der d' den dem dat eng engem enger an am um vum zum"),
}

#: Heads of German compounds that name a kind of place ("Bergbaustadt", "Nachbarprovinz", "Urlaubsinsel"): a name
#: right after one is a place ("Hafenstadt Valparaíso"), like a name after a ``LOCATION_KEYWORDS`` word.
GERMAN_PLACE_HEADS: tuple[str, ...] = tuple(
    _words(
        "stadt städte dorf dörfer provinz provinzen region regionen gebiet gebiete insel inseln ort orte bezirk"
        " metropole metropolen bundesstaat bundesstaaten bundesland bundesländer"
    )
)
