"""Norwegian text handling for search: cleaning queries, splitting words, light stemming.

Pure Python, no database: shared by the query builder, the vocabulary, the snippets and the
analytics, so that they all see the same words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "search"

# A query longer than this is cut; more words than MAX_TERMS are ignored.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Words shorter than this are not stemmed, expanded to compounds or spell-checked.
MIN_STEM_LENGTH = 4
MAX_WORD_LENGTH = 60

# A word is a run of letters and digits; hyphens join parts («IP-koordinator», «6-4»).
_PART = r"[^\W_]+"
WORD = re.compile(_PART)
HYPHENATED = re.compile(rf"{_PART}(?:-{_PART})*")


def _split(words_: str) -> list[str]:
    """A word list written as one string; a leading space gives the empty word."""
    return words_.split(" ")


# Endings of inflected Norwegian nouns, verbs and adjectives, longest first. A word is reduced
# to its stem by removing the first ending that leaves at least MIN_STEM_LENGTH letters.
SUFFIXES = tuple(
    sorted(
        _split("erne ende ande ene ane ere ers ets ens ede ert er en et ar as es a e s"),
        key=len,
        reverse=True,
    )
)
# What may follow a stem in the same word's other forms («krisesent» + «er», «re», «eret»).
ENDINGS = frozenset(
    _split(
        " e a s t r n en et er ar as es ne re te de ns ts rs ene ane ere ers ens ets ret rer ren"
        " rne eret eren erne ende ing ingen inger ingene rene ernes enes etes"
    )
)
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query, or several joined by hyphens («ip-koordinator», «6-4»)."""

    text: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.text.split("-"))

    @property
    def is_compound_phrase(self) -> bool:
        return "-" in self.text


def clean_query(raw: str | None) -> str:
    """The query as it is searched and shown: Unicode-normalised, without control characters,
    whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def words(text: str) -> list[str]:
    """The lower-case words of ``text``, hyphenated words split into their parts."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return [w for w in WORD.findall(text) if len(w) <= MAX_WORD_LENGTH]


def query_terms(query: str) -> list[QueryTerm]:
    """The terms of a cleaned query, lower-cased, at most MAX_TERMS."""
    found = HYPHENATED.findall(query.lower())
    return [QueryTerm(t) for t in found if len(t) <= MAX_WORD_LENGTH][:MAX_TERMS]


@cache
def stopwords() -> frozenset[str]:
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def stem(word: str) -> str:
    """``word`` without its inflectional ending: «voldsutøvere» → «voldsutøv»."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH:
            return word[: -len(suffix)]
    return word


def stems(word: str) -> tuple[str, ...]:
    """The stems other forms of ``word`` start with.

    Besides ``stem(word)``, a stem ending in consonant + r/l/n also gives the stem without that
    letter, since the plural drops an e: «krisesentre» → «krisesentr», «krisesent»
    (krisesenter, krisesenteret).
    """
    base = stem(word)
    found = [base]
    if (
        len(base) > MIN_STEM_LENGTH
        and base[-1] in "rln"
        and base[-2] in _CONSONANTS
        and base[-2] != base[-1]
    ):
        found.append(base[:-1])
    return tuple(found)


def is_form_of(word: str, stem_: str) -> bool:
    """Whether ``word`` is ``stem_`` plus an inflectional ending."""
    return word.startswith(stem_) and word[len(stem_) :] in ENDINGS


# Stems that are also derivational endings: «ring» would otherwise find «bekymring».
SUFFIX_LIKE_STEMS = frozenset(_split("ring ning ling sing ting else ende ande sjon lige ighet"))


def is_compound_of(word: str, stem_: str) -> bool:
    """Whether ``word`` is a compound ending in ``stem_`` (plus an ending): «avvergelsesplikten»
    for «plikt». The first part must have at least three letters."""
    if stem_ in SUFFIX_LIKE_STEMS:
        return False
    position = word.rfind(stem_)
    return position >= 3 and word[position + len(stem_) :] in ENDINGS
