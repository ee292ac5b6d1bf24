"""Contact blocks: the press office's or the author's contact details at the foot of a text.

Press releases end with a heading ("Pressekontakt:", "Media contact", "Rückfragen bitte an:"), a name, a role, a
telephone number, an e-mail address and the distributor's credit; reports end with "Contact <reporter> at <address>".
Two reports from one press office share that block word for word, so left in it reads as shared evidence of one
event (names, numbers, aligned lines) where there are two. A block is recognised at the very end of the text only,
as a run of lines that are all contact-shaped, and removed only when it holds a contact detail and either opens with
a heading or lists two telephone numbers or e-mail addresses. No regular expression runs here but the word splitter
and the domain pattern the other recognisers use: each line is read token by token, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import patterns
from .boilerplate import is_sentence_like, words

#: Fewest digits in a telephone number: local numbers with their area code run 7-12 digits ("05231 6090" has 9); a
#: price, a count or a year in prose ("11.000 Euro", "2009 VS 2019") has fewer or is written with thousands marks,
#: which a number split by spaces, slashes, dashes or brackets is not.
MIN_PHONE_DIGITS = 7

#: A line holding a contact detail may carry this many other words ("Jetzt spenden unter: <url>", "OTS: <office>
#: Original-Content von: <office>, übermittelt durch news aktuell Quelle: <url>", 12 words): longer, it is a paragraph
#: that happens to give a number, which stays.
DETAIL_LINE_MAX_WORDS = 16

#: A line without a detail inside the block: a name, a role, an office, a distributor's credit ("Original-Content
#: von: <office>, übermittelt durch news aktuell", 7 words). Lines this short that do not read as prose qualify.
CONTACT_LINE_MAX_WORDS = 8

#: Names with titles end in abbreviations that read as sentence ends ("Mag. (FH) <name> Bakk."): this short, a line
#: qualifies whatever its punctuation.
NAME_LINE_MAX_WORDS = 5

#: Without a heading, a block needs this many telephone numbers or e-mail addresses: one number at the end of a text
#: can be the last line of a report ("Witnesses may call 555 0134 567"), two in a run of short lines are a contact list.
MIN_BARE_DETAILS = 2

_HEADINGS = frozenset(patterns.CONTACT_HEADINGS)
_PHONE_LABELS = frozenset(patterns.PHONE_LABELS)
_PHONE_CHARS = frozenset("0123456789+()/-.")
_URL_STARTS = ("http://", "https://", "www.")


@dataclass(slots=True, frozen=True)
class ContactLine:
    heading: bool  # opens with a contact heading
    addressed: bool  # its first word is a heading word ("Contact <reporter> at <address>")
    reachable: int  # telephone numbers and e-mail addresses on the line
    links: int  # web addresses on the line
    other_words: int  # words that are not part of a detail
    prose: bool  # reads as a sentence


def read_line(line: str) -> ContactLine:
    tokens = line.split()
    reachable = links = 0
    rest: list[str] = []
    run_digits = 0
    run_split = False  # the run of number tokens is split by spaces or has separators between digit groups
    run_labelled = False
    previous_label = False
    for token in [*tokens, ""]:
        bare = token.strip(",;:")
        if bare and set(bare) <= _PHONE_CHARS and any(ch.isdigit() for ch in bare):
            digits = sum(ch.isdigit() for ch in bare)
            run_split = run_split or run_digits > 0 or any(ch in "/-()+ " for ch in bare.strip("()"))
            run_digits += digits
            run_labelled = run_labelled or previous_label
            continue
        if run_digits:
            if run_digits >= MIN_PHONE_DIGITS and (run_split or run_labelled):
                reachable += 1
            run_digits, run_split, run_labelled = 0, False, False
        if not token:
            break
        folded = bare.casefold().rstrip(".")
        previous_label = folded in _PHONE_LABELS or folded.endswith(("tel", "telefon", "fax"))
        if "@" in bare and _is_email(bare):
            reachable += 1
        elif bare.casefold().startswith(_URL_STARTS) or _is_domain(bare):
            links += 1
        else:
            rest.append(token)
    return ContactLine(
        heading=_opens_with_heading(line),
        addressed=bool(tokens) and " ".join(words(tokens[0].casefold())) in _HEADINGS,
        reachable=reachable,
        links=links,
        other_words=len(words(" ".join(rest))),
        prose=is_sentence_like(line),
    )


def _is_domain(token: str) -> bool:
    """A bare domain, or one with a path ("example.org", "polizei.example/press"): dot-separated labels of letters,
    digits and hyphens, the last one letters only. Read by splitting, not by a pattern (a pattern searched through a
    long token would restart at every position)."""
    labels = token.split("/", 1)[0].split(".")
    if len(labels) < 2 or not labels[0][:1].isalnum():
        return False
    if not all(label and all(ch.isalnum() or ch == "-" for ch in label) for label in labels):
        return False
    return len(labels[-1]) >= 2 and labels[-1].isalpha()


def _is_email(token: str) -> bool:
    local, _, domain = token.partition("@")
    return bool(local) and "." in domain.strip(".") and "@" not in domain


def _opens_with_heading(line: str) -> bool:
    head, colon, _ = line.partition(":")
    folded = " ".join(words(head.casefold()))
    if colon and folded in _HEADINGS:
        return True  # "Pressekontakt: Polizei Lippe", "Rückfragen bitte an:"
    return " ".join(words(line.casefold())) in _HEADINGS  # "Media contacts" on its own line


def _in_block(signals: ContactLine) -> bool:
    if signals.heading:
        return True
    if signals.reachable or signals.links:
        # "Contact <reporter> at <address> or <number>." is a sentence, and still the reporter's contact line.
        return signals.other_words <= DETAIL_LINE_MAX_WORDS and (not signals.prose or signals.addressed)
    if signals.other_words <= NAME_LINE_MAX_WORDS:
        return True
    return signals.other_words <= CONTACT_LINE_MAX_WORDS and not signals.prose


def contact_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines of a contact block at the end of ``lines`` (empty set when there is none)."""
    run: list[int] = []
    signals: dict[int, ContactLine] = {}
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        signals[index] = read_line(line)
        if not _in_block(signals[index]):
            break
        run.append(index)
    run.reverse()
    # The block starts at its first heading or detail: short lines above it may be the report's own last lines.
    start = next((k for k, i in enumerate(run) if signals[i].heading or signals[i].reachable or signals[i].links), None)
    if start is None:
        return set()
    block = run[start:]
    reachable = sum(signals[i].reachable for i in block)
    details = reachable + sum(signals[i].links for i in block)
    headed = any(signals[i].heading or (signals[i].addressed and signals[i].reachable) for i in block)
    if details and (headed or reachable >= MIN_BARE_DETAILS):
        return set(block)
    return set()
