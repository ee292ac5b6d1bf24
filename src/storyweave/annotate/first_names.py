"""Known given names, for languages that capitalise every noun.

In German a role, relation or place written before a name is capitalised like the name itself ("Generalsekretär Lars
Klingbeil", "Mutter Michelle Möser", "Analyst Stacy Rasgon"), and a sentence may open with an adjective and a noun
("Generelle Verbote ...") shaped like a first and a last name. A given name tells where a person's name starts. The
names come from the dictionary inside the ``gender-guesser`` package (about 48,000 given names of many countries,
read offline from the installed package); its genders are not used. The package is an optional extra
(``pip install storyweave[names]``; ``make`` installs it): it is GPLv3 and its data GFDL, while storyweave is
Apache-2.0. Without it no name is known and the rules that need one stay off, as before they existed.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # an install without the package: no name is known, and the rules that need one stay off
        return frozenset()
    return frozenset(name.casefold() for name in Detector(case_sensitive=False).names)


def is_given_name(word: str) -> bool:
    """Whether ``word`` (any case) is a known given name ("Lars", "Michelle"; not "Generalsekretär")."""
    return word.casefold() in _given_names()
