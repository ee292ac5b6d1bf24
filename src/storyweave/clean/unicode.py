"""Unicode repair: undo mojibake, unify odd spaces, drop invisible characters, compose accents.

Scraped news arrives double-encoded ("Ã©" for "é"), with no-break and thin spaces, zero-width joiners left by CMS
editors and soft hyphens from hyphenation. All of these break sentence splitting, matching and hashing downstream.
Typographic quotes and apostrophes are *kept*: they delimit quotations, which later stages extract.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Spaces that are not U+0020 but should read as one: no-break, figure, thin, hair, narrow no-break, ideographic, etc.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible format characters that carry no text: zero-width space/joiners, word joiner, BOM, soft hyphen, LRM/RLM.
_INVISIBLES = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_SPACE_RUNS = re.compile(r"[ \t]{2,}")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # typographic quotes mark quotations; keep them
    fix_line_breaks=True,
    normalization="NFC",
    explain=False,
)

#: ftfy fixes one layer of mis-decoding per pass in rare cases (text encoded wrongly twice); three passes cover every
#: doubly-broken sample we have seen while bounding the cost on adversarial input.
MAX_REPAIR_PASSES = 3


#: Half of a UTF-16 surrogate pair on its own: Python strings may hold one (from the Python API, or bytes decoded with
#: "surrogateescape"), but no encoder, hash or database takes it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, the replacement character."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def repair_unicode(text: str) -> str:
    """Return ``text`` with mojibake undone, odd spaces made plain, invisibles dropped, and NFC composition.

    Line structure is preserved (``\\r\\n`` and ``\\r`` become ``\\n``); trailing spaces on each line are removed.
    Idempotent: repairing the result again changes nothing.
    """
    fixed = text
    for _ in range(MAX_REPAIR_PASSES):
        again = _repair_once(fixed)
        if again == fixed:
            break
        fixed = again
    return fixed


def _repair_once(text: str) -> str:
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    fixed = _INVISIBLES.sub("", fixed)
    fixed = _ODD_SPACES.sub(" ", fixed)
    fixed = _SPACE_RUNS.sub(" ", fixed)
    fixed = "\n".join(line.rstrip() for line in fixed.split("\n"))
    return unicodedata.normalize("NFC", fixed)
