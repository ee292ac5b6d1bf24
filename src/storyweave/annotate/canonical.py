"""Canonical names: one name per real-world entity, whatever the language or alias used.

Places, peoples and governments resolve through the gazetteer to an English country name ("Nordkorea",
"DPRK", "North Korean", "Pyongyang", "Kremlin" -> "North Korea" / "Russia"). Capital cities resolve to their country
here, because in news a bare capital is most often its government ("Moscow denied...") and grouping wants the
country; the extractor keeps the city instead when the capital is plainly a place (after a locative preposition:
"the ambassador in Moscow"). People resolve within an article or story by ``StoryAliasResolver``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ..types import Mention
from .cues import ARTICLES, CONNECTORS, TITLES
from .gazetteer import fold, is_acronym, load_gazetteer

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?-–—/"

#: All-caps names longer than this are shouted headlines ("JOHN KIRBY"), not acronyms, and are title-cased.
MAX_ACRONYM_CHARS = 6


def clean_surface(surface: str) -> str:
    """The surface without edge punctuation, possessive ending, or surrounding whitespace."""
    text = _SPACES.sub(" ", surface).strip()
    cleaned = _POSSESSIVE.sub("", text.strip(_EDGE_PUNCTUATION).strip()).strip()
    last_word = cleaned.rsplit(" ", 1)[-1]
    if text.startswith(cleaned) and text[len(cleaned) : len(cleaned) + 1] == "." and is_acronym(last_word + "."):
        cleaned += "."  # the final dot of "U.S." belongs to the name
    return cleaned


def _strip_leading(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    while len(words) > 1 and fold(words[0]) in vocabulary:
        words = words[1:]
    return words


def _unshout(words: list[str]) -> list[str]:
    joined = "".join(words)
    if joined.isupper() and len(joined) > MAX_ACRONYM_CHARS:
        return [w.capitalize() for w in words]
    return words


def canonical_name(surface: str, type_: str, language: str | None) -> str:
    """One name for the entity ``surface`` refers to; aliases and languages unify.

    ``language`` is accepted for interface stability; the gazetteer is multilingual and the rules below are not
    language-specific.
    """
    del language
    text = clean_surface(surface)
    if not text:
        return surface.strip()
    gazetteer = load_gazetteer()
    words = text.split(" ")
    for candidate in (text, " ".join(_strip_leading(words, ARTICLES))):
        entry = gazetteer.lookup(candidate)
        # A person is never a country, even if their surname is a place ("Jordan"): trust the type for people.
        if entry is not None and type_ != "PERSON":
            return entry.canonical
    words = _strip_leading(words, ARTICLES)
    if type_ == "ORG":
        owned = _known_body_of_known_org(words)
        if owned is not None:
            return owned
    if type_ == "PERSON":
        words = _strip_leading(words, TITLES)
    return " ".join(_unshout(words))


def _known_body_of_known_org(words: list[str]) -> str | None:
    """ "Consejo de Seguridad de la ONU", "Security Council of the UN": a known body named with its known parent
    organisation is the body."""
    gazetteer = load_gazetteer()
    for cut in range(len(words) - 1, 0, -1):
        if fold(words[cut]) not in CONNECTORS:
            continue
        head = gazetteer.lookup(" ".join(words[:cut]))
        tail = _strip_leading([w for w in words[cut:] if fold(w) not in CONNECTORS] or [""], ARTICLES)
        parent = gazetteer.lookup(" ".join(tail))
        if head is not None and parent is not None and head.kind == "org" and parent.kind == "org":
            return head.canonical
    return None


def _surname_key(name: str) -> str:
    return fold(name.split(" ")[-1])


class StoryAliasResolver:
    """Resolves short person mentions to the full name used elsewhere in the same article or story.

    "Kirby" resolves to "John Kirby" when exactly one full name in the group ends in that token; when several do
    ("Joe Biden", "Hunter Biden"), the nearest full name mentioned before it wins, and without one it stays as is.
    Mentions are taken in text order (sentence index, then offset).
    """

    def __init__(self) -> None:
        self._full_names: dict[str, list[str]] = {}

    def add_full_name(self, name: str) -> None:
        """Register a full name known for the group (e.g. from earlier articles of the story)."""
        if len(name.split(" ")) >= 2:
            names = self._full_names.setdefault(_surname_key(name), [])
            if name not in names:
                names.append(name)

    def resolve(self, mentions: Sequence[Mention]) -> list[Mention]:
        ordered = sorted(mentions, key=lambda m: (m.sentence_index, m.char_start))
        for mention in ordered:
            if mention.type == "PERSON":
                self.add_full_name(mention.canonical)
        out: list[Mention] = []
        recent: dict[str, str] = {}
        for mention in ordered:
            if mention.type == "PERSON" and " " in mention.canonical:
                # "Ferrandis Oyarzábal" after "Lucía Ferrandis Oyarzábal": a shorter tail of a full name is that name.
                longer = [
                    n
                    for n in self._full_names.get(_surname_key(mention.canonical), [])
                    if n.endswith(" " + mention.canonical)
                ]
                if len(longer) == 1:
                    mention = dataclasses.replace(mention, canonical=longer[0])
                recent[_surname_key(mention.canonical)] = mention.canonical
                out.append(mention)
                continue
            # Any type: taggers often label a lone surname as a place or organisation ("Selon Kirby" -> LOC).
            if " " in mention.canonical:
                out.append(mention)
                continue
            key = fold(mention.canonical)
            names = self._full_names.get(key, [])
            candidates = [n for n in names if not any(o != n and o.endswith(" " + n) for o in names)]
            full = candidates[0] if len(candidates) == 1 else recent.get(key)
            out.append(dataclasses.replace(mention, type="PERSON", canonical=full) if full else mention)
        return out
