"""Words of scripts written without spaces: Chinese characters, Japanese kana, Thai, Lao, Myanmar, Khmer.

A word pattern such as ``\\w+`` reads a whole clause of these scripts as one word. Grouping then found no word shared
by two reports of one event and read the missing overlap as strong evidence of two events (two invented Chinese
reports of one bridge collapse: same-event probability 0.24). Runs of these characters are read as overlapping
character pairs instead, as search engines index Chinese and Japanese without a dictionary: most Chinese words are
two characters long, and a longer name or term still shares all its pairs. Not measured on real news in these
languages (none is in ../shared/bench); the invented reports of tests/test_unspaced_scripts.py are the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: One run of characters of an unspaced script (a character class: matched in linear time).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"  # CJK ideographs
)
#: Characters per token in an unspaced run.
UNSPACED_GRAM = 2


def has_unspaced(text: str) -> bool:
    """Whether ``text`` holds any character of an unspaced script (the fast path of ``split_unspaced``)."""
    return _UNSPACED.search(text) is not None


def unspaced_grams(text: str) -> tuple[str, list[str]]:
    r"""``text`` with its unspaced runs blanked out, and those runs' ``UNSPACED_GRAM``-character pieces: for a word
    pattern that would miss a run's short clauses (``[^\W\d_]{4,}``) or cut it elsewhere."""
    grams = split_unspaced(run.group() for run in _UNSPACED.finditer(text))
    return _UNSPACED.sub(" ", text), grams


def split_unspaced(tokens: Iterable[str]) -> list[str]:
    """``tokens`` with every run of an unspaced script replaced by its overlapping ``UNSPACED_GRAM``-character pieces
    (a one-character run stays whole); the spaced parts of a mixed token ("covid-19在东京") stay as they were."""
    out: list[str] = []
    for token in tokens:
        position = 0
        for run in _UNSPACED.finditer(token):
            if run.start() > position:
                out.append(token[position : run.start()])
            chars = run.group()
            out.extend(chars[i : i + UNSPACED_GRAM] for i in range(max(1, len(chars) - UNSPACED_GRAM + 1)))
            position = run.end()
        if position < len(token):
            out.append(token[position:])
    return out


#: Characters of an unspaced script counted as one word where a length is asked in words (a claim's minimum length):
#: Chinese words average under two characters; Thai words are longer, so Thai sentences count a little long.
UNSPACED_CHARS_PER_WORD = 2


def word_count(text: str) -> int:
    """Words in ``text``: its whitespace-separated tokens, where a run of an unspaced script counts one word per
    ``UNSPACED_CHARS_PER_WORD`` characters (a Chinese sentence is one token to ``str.split``)."""
    if not has_unspaced(text):
        return len(text.split())
    spaced = sum(1 for token in _UNSPACED.sub(" ", text).split() if any(c.isalnum() for c in token))
    return spaced + sum(-(-len(run.group()) // UNSPACED_CHARS_PER_WORD) for run in _UNSPACED.finditer(text))
