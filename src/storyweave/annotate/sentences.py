"""Sentence splitting with exact character offsets, for news text in Latin-script European languages.

A rule-based splitter rather than a model: it must keep ``text[start:end] == sentence`` exactly, never cross a line
break (cleaning has already put one paragraph per line), and cope with scraped text where a stop lost the space after
it ("...to Russia.White House spokesman..."). Punkt-style statistics would need a trained model per language; the
cases that matter in news are few and listed below.

A stop (``.``, ``!``, ``?``, an ellipsis, CJK stops) ends a sentence when, after any closing quotes or brackets, the
next character starts a sentence: an upper-case letter, a digit, an opening quote, bracket or ``¿¡``, or a letter of an
uncased script. A full stop does not end a sentence after a known abbreviation, a single letter (initials:
"J. Smith", "M. Macron"), a dotted acronym followed by a lower-case word ("U.S. officials") or an ordinal number in
languages that write ordinals with a dot ("am 3. November"). Without any space, only ``lower-case word . Capitalised
word`` splits, which leaves "U.S.", "3.5" and "example.com" whole.
"""

from __future__ import annotations

import re

from ..types import Sentence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- abbreviations: tokens (without their final dot) after which a full stop does not end a sentence -------------

#: Abbreviations used in every language we read (Latin, units, and English titles that appear in all of them).
_COMMON_ABBREVIATIONS = _words(
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Sgt Capt Gov Sen Rep Rev Hon Mt Ft No Nos Nr Vol Art Fig Ref "
    "approx ca cf vs e.g i.e a.m p.m Inc Ltd Corp Co Bros Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)

#: Language-specific abbreviations, by ISO 639-1 code.
_ABBREVIATIONS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "en": _words("Mt Pres Supt Adm Maj Cmdr Det Insp Atty Dept Univ est"),
    "es": _words("Sra Srta Sres Dra Lic Ing Arq Excmo Excma Ud Uds Vd Vds pág núm aprox ej p.ej Av Avda dcha izq"),
    "pt": _words("Sra Srª Dra Drª Exmo Exma Eng pág núm aprox ex p.ex V.Exa Av Profª"),
    "fr": _words("Mme Mlle Mmes MM Me Mgr Pr p.ex cf env av apr boul bd chap éd"),
    "de": _words("z.B d.h u.a usw bzw vgl ggf evtl inkl ca Hr Fr Dipl Ing Mio Mrd Str Abs Bd u.ä o.ä z.T s.o s.u"),
    "it": _words("Sig Sigg Sig.ra Dott Dott.ssa Avv Ing On Egr ecc pag p.es Spett"),
    "nl": _words("dhr mevr Mevr Dhr drs Drs Ir mw bijv o.a d.w.z m.a.w enz blz Jhr"),
    "tr": _words("Av Doç Yrd vb vs Sn Alb Org"),
    "az": _words("Av Doç vb prof"),
}

#: Abbreviations that end a sentence when the next word is capitalised ("..., bananas, etc. The next day").
_OPEN_ENDED_ABBREVIATIONS = _words("etc usw enz ecc a.m p.m")

#: Languages that write ordinal numbers with a dot ("am 3. November", "2. Weltkrieg", "3. kez").
_ORDINAL_DOT_LANGUAGES = _words("de da no fi cs sk sl hr sr bs hu et lv lt is tr az pl")
_ORDINAL_MAX_DIGITS = 3  # ordinals above 999. are rare; "im Jahr 2022." is a year that may end a sentence

#: Short capitalised words that start sentences, not names: after a dotted acronym ("...in the U.S. The talks") only
#: these count as a new sentence, since "U.S. President", "U.S. Navy" are far more common.
_SENTENCE_STARTERS = _words(
    "The He She It They We I But And In On At A An This That These Those There Its His Her Their After "
    "El La Los Las Él Ella Ellos Pero En Un Una Esto Eso Según Os As Ele Eles Mas Em Um Uma Isso "
    "Le Les Il Elle Ils Elles Mais Dans Un Une Ce Cette Selon "
    "Der Die Das Er Sie Es Aber In Ein Eine Dies Nach Laut "
    "Lo Gli Ma Nel Nella Uno Questo Secondo De Het Een Hij Zij Maar Dit Volgens Bu Ve Ama"
)

_ALL_ABBREVIATIONS = _COMMON_ABBREVIATIONS.union(*_ABBREVIATIONS_BY_LANGUAGE.values())

# A stop, then closing quotes/brackets (French puts a space before the closing guillemet), then the space after.
_BOUNDARY = re.compile(r"(?P<stop>[.!?…]+|[。！？]+)(?P<close>(?:[\"'”’»)\]]|[ \u00a0\u202f]»)*)(?P<space>\s*)")
# The token before a stop: everything after the last space, minus opening punctuation.
_OPENERS = "\"'“‘«([¿¡"
_DOTTED_ACRONYM = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")  # U.S, EE.UU, U.K
_MAX_TOKEN = 40
_FULL_WIDTH_STOPS = "。！？"
_SENTENCE_OPENERS = "\"'“‘«„([¿¡—–-"


def _abbreviations_for(language: str | None) -> frozenset[str]:
    if language is None or language not in _ABBREVIATIONS_BY_LANGUAGE:
        return _ALL_ABBREVIATIONS
    return _COMMON_ABBREVIATIONS | _ABBREVIATIONS_BY_LANGUAGE[language]


def _token_before(line: str, stop_at: int) -> str:
    # Bounded look-back keeps a long run without spaces (minified junk, a URL) linear; no abbreviation is that long.
    start = stop_at
    while start > 0 and stop_at - start < _MAX_TOKEN and not line[start - 1].isspace():
        start -= 1
    return line[start:stop_at].lstrip(_OPENERS)


def _starts_sentence(ch: str) -> bool:
    if ch.isupper() or ch.isdigit() or ch in _SENTENCE_OPENERS:
        return True
    # Scripts without case (CJK, Arabic, Hebrew, Thai...) give no capital to wait for.
    return ch.isalpha() and not ch.islower() and ch.lower() == ch.upper()


def _next_word(line: str, at: int) -> str:
    end = at
    while end < len(line) and line[end].isalpha():
        end += 1
    return line[at:end]


def _is_boundary(line: str, m: re.Match[str], abbreviations: frozenset[str], ordinal_dot: bool) -> bool:
    after = m.end()
    if after >= len(line):
        return True
    nxt = line[after]
    stop = m.group("stop")
    token = _token_before(line, m.start())
    if not m.group("space"):
        return _is_glued_boundary(line, m, token, abbreviations)
    if not _starts_sentence(nxt):
        return False
    if stop != "." or m.group("close"):
        # "?", "!", ellipses and a stop inside closing quotes end a sentence when what follows starts one.
        return True
    if token in abbreviations:
        return token in _OPEN_ENDED_ABBREVIATIONS and nxt.isupper()
    bare = token.rstrip(".")
    if len(bare) == 1 and bare.isalpha():
        return False  # an initial: "J. Smith", "M. Macron"
    if _DOTTED_ACRONYM.match(bare):
        # "U.S. officials" continues; "...in the U.S. The talks" probably ends. A capital after an acronym is more
        # often a name ("U.S. President"), so only a function word, a quote or a digit counts as a new sentence.
        return not nxt.isalpha() or _next_word(line, after) in _SENTENCE_STARTERS
    return not (ordinal_dot and token.isdigit() and len(token) <= _ORDINAL_MAX_DIGITS)


def _is_glued_boundary(line: str, m: re.Match[str], token: str, abbreviations: frozenset[str]) -> bool:
    """A stop with no space after it: "Russia.White House", 'said."Next' split; "U.S.", "3.5", "a.com" do not."""
    after = m.end()
    if m.group("stop")[0] in _FULL_WIDTH_STOPS:
        return True  # Chinese and Japanese put no space after a sentence
    if after + 1 >= len(line):
        return False
    nxt, nxt2 = line[after], line[after + 1]
    if not (nxt.isupper() and nxt2.islower()) and not (m.group("close") and _starts_sentence(nxt)):
        return False
    if m.group("stop") != "." or m.group("close"):
        return True
    # The word before must end in two lower-case letters (an ordinary word, not "U.S" or "3"), and not be an
    # abbreviation, a URL or an e-mail address.
    if token in abbreviations or "/" in token or "@" in token or token.lower().startswith("www"):
        return False
    word = token.rsplit(".", 1)[-1]
    return len(word) >= 2 and word[-2:].isalpha() and word[-2:].islower()


def _split_line(line: str, abbreviations: frozenset[str], ordinal_dot: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        if m.start() == 0 or not _is_boundary(line, m, abbreviations, ordinal_dot):
            continue
        end = m.end() - len(m.group("space"))
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(line)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        # Trim whitespace; a span of only whitespace is no sentence.
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


#: Longest sentence handed to later stages (entities, quotes, embeddings, claims work per sentence). A longer span (a
#: paragraph without punctuation, a 100,000-character blob) is cut into pieces at a space. Calibrated on the 772 ECB+
#: news documents: longest sentence 534 characters, 99th percentile 288; the cap is about 4x the longest, so real
#: sentences are never cut, and it bounds the tokens per sentence (~300-400) whatever the input.
MAX_SENTENCE_CHARS = 2000


def _bounded(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into spans of at most ``MAX_SENTENCE_CHARS``, at the last space before the cap where there
    is one in the cap's second half (else at the cap), each trimmed of whitespace."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        space = line.rfind(" ", start + MAX_SENTENCE_CHARS // 2, cut)
        cut = space if space > start else cut
        pieces.append((start, cut))
        start = cut
        while start < end and line[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return [(a, b) for a, b in ((a, len(line[a:b].rstrip()) + a) for a, b in pieces) if a < b]


def split_sentences(article_id: str, text: str, language: str | None = None) -> list[Sentence]:
    """Sentences of ``text`` in order, each with ``text[char_start:char_end] == sentence.text``.

    ``language`` (ISO 639-1) narrows the abbreviation list and turns on ordinal-dot handling; None uses the union of
    all languages' abbreviations, which is safe because they rarely collide with real sentence-final words.
    """
    abbreviations = _abbreviations_for(language)
    # Unknown language: treat "3. November" as an ordinal, since a sentence ending in a bare 1-3 digit number is
    # rarer in news than a German or Turkish date.
    ordinal_dot = language is None or language in _ORDINAL_DOT_LANGUAGES
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        for s, e in (
            piece for span in _split_line(line, abbreviations, ordinal_dot) for piece in _bounded(line, *span)
        ):
            sentences.append(
                Sentence(
                    article_id=article_id,
                    index=len(sentences),
                    char_start=offset + s,
                    char_end=offset + e,
                    text=line[s:e],
                )
            )
        offset += len(line) + 1
    return sentences
