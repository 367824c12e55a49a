"""From what staff type to what the search backend is asked.

A query is split into *concepts*: a word, a hyphenated word, or a phrase from the synonym list.
Each concept becomes a set of alternatives that occur in the content: the word and its
inflected forms, the compounds it ends, longer words it starts, its synonyms and, for a word
that does not occur at all, its spelling neighbours. The backend gets
``And(Or(alternatives) for each concept)``; the search falls back to ``Or`` when that finds
nothing. Each technique can be switched off (``Techniques``) to measure what it is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from modelsearch.query import And, Or, Phrase, PlainText, SearchQuery

from . import synonyms as synonym_service
from . import vocabulary
from .text import clean_query, query_terms, stopwords

# Alternatives per concept, the typed word first.
MAX_ALTERNATIVES = 40
UNKNOWN = "…"


@dataclass(frozen=True)
class Techniques:
    """Which query expansions are used; all of them by default."""

    stopwords: bool = True
    synonyms: bool = True
    forms: bool = True
    compounds: bool = True
    prefixes: bool = True
    corrections: bool = True

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def without(self, *names: str) -> Techniques:
        return replace(self, **dict.fromkeys(names, False))


ALL_TECHNIQUES = Techniques()
NO_TECHNIQUES = ALL_TECHNIQUES.without(*Techniques.names())


@dataclass
class Concept:
    """One thing the query asks for, and the words and phrases that stand for it."""

    text: str
    words: list[str] = field(default_factory=list)
    # Compounds and longer words: they count, but less than the words themselves.
    loose: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    synonyms: tuple[str, ...] = ()
    matchable: bool = True
    correction: str | None = None

    def add_words(self, *candidates: str, loose: bool = False) -> None:
        target = self.loose if loose else self.words
        for word in candidates:
            is_new = word not in self.words and word not in self.loose
            if is_new and len(self.words) + len(self.loose) < MAX_ALTERNATIVES:
                target.append(word)

    def as_search_query(self) -> SearchQuery:
        """The concept's alternatives for the backend. The words themselves are asked for twice,
        once alone and once with the loose matches, so that they weigh more in the ranking
        (PostgreSQL adds up each part's rank, SQLite's bm25 each phrase's score)."""
        parts: list[SearchQuery] = []
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="or"))
        if self.loose:
            parts.append(PlainText(" ".join(self.words + self.loose), operator="or"))
        parts.extend(Phrase(phrase) for phrase in self.phrases)
        return parts[0] if len(parts) == 1 else Or(parts)


@dataclass
class ParsedQuery:
    text: str
    concepts: list[Concept]
    suggestion: str | None = None
    anonymised: str = ""

    def search_query(self, operator: str = "and") -> SearchQuery | None:
        queries = [concept.as_search_query() for concept in self.concepts]
        if not queries:
            return None
        if len(queries) == 1:
            return queries[0]
        return And(queries) if operator == "and" else Or(queries)

    @property
    def highlight_words(self) -> frozenset[str]:
        found = set()
        for concept in self.concepts:
            found.update(concept.words, concept.loose)
            for phrase in concept.phrases:
                found.update(phrase.split())
        return frozenset(found - stopwords())


def parse(raw: str, techniques: Techniques = ALL_TECHNIQUES) -> ParsedQuery:
    """Parse and expand a query typed by staff."""
    text = clean_query(raw)
    terms = query_terms(text)
    texts = [t.text for t in terms]
    phrase_spans = synonym_service.find_phrases(texts) if techniques.synonyms else []
    in_phrase = {i for start, end, _group in phrase_spans for i in range(start, end)}

    # Single letters (the «s» of «women's») only count inside phrases.
    single = [
        i
        for i, t in enumerate(terms)
        if i not in in_phrase and not t.is_compound_phrase and (len(t.text) > 1 or t.text.isdigit())
    ]
    has_content = (
        any(texts[i] not in stopwords() for i in single)
        or phrase_spans
        or any(t.is_compound_phrase for t in terms)
    )
    if techniques.stopwords and has_content:
        single = [i for i in single if texts[i] not in stopwords()]

    groups = {i: _synonyms(texts[i], techniques) for i in single}
    typed = [texts[i] for i in single]
    lookup = typed + [t for group in groups.values() for t in group if " " not in t]
    lookup += [t for _start, _end, group in phrase_spans for t in group if " " not in t]
    lookup += [part for t in terms if t.is_compound_phrase for part in t.parts]
    matches = vocabulary.match(lookup, correct=typed if techniques.corrections else ())
    corrections = [m.corrections[0] for m in matches.values() if m.corrections]
    if corrections:
        matches = {**vocabulary.match(corrections), **matches}

    concepts: dict[int, Concept] = {}
    for start, end, group in phrase_spans:
        concepts[start] = _synonym_concept(" ".join(texts[start:end]), group, matches, techniques)
    for i in single:
        concepts[i] = _word_concept(texts[i], groups[i], matches, techniques)
    for i, term in enumerate(terms):
        if term.is_compound_phrase:
            known = all(matches[part].exact for part in term.parts)
            concepts[i] = Concept(term.text, phrases=[" ".join(term.parts)], matchable=known)

    ordered = [concepts[i] for i in sorted(concepts)]
    if not all(c.matchable for c in ordered) and not vocabulary.is_empty():
        ordered = [c for c in ordered if c.matchable]
    return ParsedQuery(
        text=text,
        concepts=ordered,
        suggestion=_suggestion(texts, concepts),
        anonymised=_anonymise(texts, in_phrase, matches, groups),
    )


def _synonyms(word: str, techniques: Techniques) -> tuple[str, ...]:
    if not techniques.synonyms:
        return ()
    return tuple(t for t in synonym_service.synonyms_of(word) if t != word)


def _add_word_and_forms(concept: Concept, word: str, matches, techniques: Techniques) -> None:
    found = matches.get(word)
    concept.add_words(word)
    if found is not None and techniques.forms:
        concept.add_words(*found.forms)


def _word_concept(word: str, group, matches, techniques: Techniques) -> Concept:
    found = matches[word]
    concept = Concept(word, synonyms=tuple(group))
    _add_word_and_forms(concept, word, matches, techniques)
    for synonym in group:
        if " " in synonym:
            concept.phrases.append(synonym)
        else:
            _add_word_and_forms(concept, synonym, matches, techniques)
    if techniques.compounds:
        concept.add_words(*found.compounds, loose=True)
    if techniques.prefixes:
        concept.add_words(*found.prefixed, loose=True)
    if found.corrections:
        concept.correction = found.corrections[0]
        _add_word_and_forms(concept, concept.correction, matches, techniques)
    concept.matchable = bool(
        found.known
        or group
        or (techniques.compounds and found.compounds)
        or (techniques.prefixes and found.prefixed)
        or found.corrections
    )
    return concept


def _synonym_concept(text: str, group, matches, techniques: Techniques) -> Concept:
    concept = Concept(text, synonyms=tuple(group))
    for term in group:
        if " " in term:
            concept.phrases.append(term)
        else:
            _add_word_and_forms(concept, term, matches, techniques)
    return concept


def _suggestion(texts: list[str], concepts: dict[int, Concept]) -> str | None:
    """The query with each misspelt word replaced by its closest known word, if any was."""
    corrected = [
        concepts[i].correction if i in concepts and concepts[i].correction else text
        for i, text in enumerate(texts)
    ]
    return " ".join(corrected) if corrected != texts else None


def _statistics_word(i: int, text: str, in_phrase: set[int], matches, groups) -> str:
    """What the statistics keep of the typed word ``text``: the word itself only when it is
    one of the site's own (in published content, a stop word, a synonym); for a form or a
    misspelling of a known word, that known word; «…» for anything else. Never the raw token
    otherwise: «Helene» may match «helen» by inflection, but it is a name."""
    found = matches.get(text)
    if (
        i in in_phrase
        or text in stopwords()
        or bool(groups.get(i))
        or (found is not None and found.exact)
        or (text.count("-") and all(p in matches and matches[p].exact for p in text.split("-")))
    ):
        return text
    if found is not None and found.forms:
        return min(found.forms, key=lambda form: (len(form), form))
    if found is not None and found.corrections:
        return found.corrections[0]
    return UNKNOWN


def _anonymise(texts: list[str], in_phrase: set[int], matches, groups) -> str:
    """The query for the statistics in the site's own words: names, numbers and anything else
    the content does not know become «…» (``_statistics_word``)."""
    kept: list[str] = []
    for i, text in enumerate(texts):
        word = _statistics_word(i, text, in_phrase, matches, groups)
        if not (word == UNKNOWN and kept and kept[-1] == UNKNOWN):
            kept.append(word)
    return " ".join(kept)
