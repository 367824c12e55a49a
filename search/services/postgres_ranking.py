"""PostgreSQL: the search's own ranking over Wagtail's index entries, in cheap steps.

modelsearch's PostgreSQL query ranks every matching page by title *and* body (``ts_rank`` on
the whole body tsvector, usually stored out of line), and PostgreSQL's planner, which does not
know what reading a body costs, scans every entry to find the matches: a word that occurs on
most pages costs 0.2–0.3 s at 10 000 pages. Here:

1. the matching entries are found through the GIN index on ``title || body``
   (search/migrations/0002) and ranked by their title alone, which needs no body; the best
   MATCHES are kept (a phrase's words need not be in sequence here: checking that would read
   every candidate's body). Only the entries whose title holds one of the query's words are
   ranked, found through the GIN index on ``title``; the other matches follow in id order
   (their title rank is PostgreSQL's 1e-20 by title length, which says nothing), so a common
   word's thousands of matches are not all ranked. They are looked for only when the title
   matches leave room for them after step 2, so a common word's are not even read;
2. those that are pages the search may show (live, language, filters) are kept, best first,
   at most CANDIDATES;
3. only those are ranked by title and body, as modelsearch ranks;
4. the pages of the requested slice are fetched.

So at most CANDIDATES results are offered (``capped`` says when there were more matches);
the count is exact up to that. The words themselves count twice against their compounds and
longer words (``Concept.loose``), as with the other backends. Measured in docs/search.md.
"""

from __future__ import annotations

from functools import cached_property

from django.db import connection, transaction
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .query import Concept, ParsedQuery

MATCHES = 500
CANDIDATES = 100


def _quoted(words: list[str]) -> str:
    """A tsquery of alternatives: each word quoted (words are letters and digits only)."""
    return " | ".join("'" + word.replace("'", "''") + "'" for word in words)


def _parts(concept: Concept, config: str, exact: bool = True) -> list[tuple[str, list]]:
    """A concept's parts as ``Concept.as_search_query`` gives them to modelsearch: its words,
    its words with the loose matches, and each phrase (in sequence when ``exact``)."""
    words_sql = "to_tsquery(%s::regconfig, %s)"
    phrase_sql = (
        "phraseto_tsquery(%s::regconfig, %s)" if exact else "plainto_tsquery(%s::regconfig, %s)"
    )
    parts = []
    if concept.words:
        parts.append((words_sql, [config, _quoted(concept.words)]))
    if concept.loose:
        parts.append((words_sql, [config, _quoted(concept.words + concept.loose)]))
    parts += [(phrase_sql, [config, phrase]) for phrase in concept.phrases]
    return parts


def match_sql(parsed: ParsedQuery, operator: str, config: str) -> tuple[str, list]:
    """A tsquery that finds the matches: a concept's parts joined by ||, concepts by && ("and")
    or ||. A phrase's words need not be in sequence here: the GIN index answers that alone,
    where a sequence means reading every candidate's positions (the ranking checks it)."""
    concepts, params = [], []
    for concept in parsed.concepts:
        parts = _parts(concept, config, exact=False)
        concepts.append("(" + " || ".join(sql for sql, _ in parts) + ")")
        params += [p for _, ps in parts for p in ps]
    joiner = " && " if operator == "and" else " || "
    return "(" + joiner.join(concepts) + ")", params


def rank_sql(parsed: ParsedQuery, operator: str, config: str, vector: str) -> tuple[str, list]:
    """modelsearch's rank of a query against ``vector``, with its weights: a concept ranks as
    the mean of its parts' ranks; concepts combine as the product of (1 + rank), less 1
    ("and"), or as their mean ("or")."""
    weights = get_sql_weights()
    concepts, params = [], []
    for concept in parsed.concepts:
        parts = _parts(concept, config)
        terms = " + ".join(f"ts_rank(%s::float4[], {vector}, {sql})" for sql, _ in parts)
        concepts.append(f"(({terms}) / {len(parts)})")
        params += [p for _, ps in parts for p in (weights, *ps)]
    if operator == "and":
        return "(" + " * ".join(f"(1 + {c})" for c in concepts) + " - 1)", params
    return "((" + " + ".join(concepts) + f") / {len(concepts)})", params


class PostgresRankedResults:
    """The pages of ``pages`` matching ``parsed``, best first: sliceable and countable like
    modelsearch's results, for Django's Paginator."""

    def __init__(self, pages, parsed: ParsedQuery, operator: str = "and"):
        self.pages = pages
        self.parsed = parsed
        self.operator = operator
        self.config = get_search_backend().config

    def _matches(self, in_title: bool, limit: int) -> list[tuple[int, int, str]]:
        """Step 1: (entry id, content type, object id) of at most ``limit`` matches: those
        whose title holds one of the query's words, best title first, or (not ``in_title``)
        the others, in id order."""
        query, params = match_sql(self.parsed, self.operator, self.config)
        # Any of the query's words: its operators (& and the phrase operators) made |.
        any_word = f"regexp_replace(({query})::text, '&|<[0-9]*-?>', '|', 'g')::tsquery"
        if in_title:
            title_rank = f"ts_rank(e.title, {query}) * e.title_norm"
            sql = f"""
                SELECT e.id, e.content_type_id, e.object_id
                FROM wagtailsearch_indexentry e
                WHERE e.title @@ {any_word} AND (e.title || e.body) @@ {query}
                ORDER BY {title_rank} DESC, e.id
                LIMIT %s
            """
            arguments = [*params, *params, *params, limit]
        else:
            # «e.id + 0»: the rest are found through the GIN index and then sorted; walking
            # the primary key's index instead reads every entry's body when the matches are
            # few.
            sql = f"""
                SELECT e.id, e.content_type_id, e.object_id
                FROM wagtailsearch_indexentry e
                WHERE (e.title || e.body) @@ {query} AND NOT e.title @@ {any_word}
                ORDER BY e.id + 0
                LIMIT %s
            """
            arguments = [*params, *params, limit]
        with transaction.atomic(), connection.cursor() as cursor:
            # The only other way to find the matches is to read every entry, which the
            # planner would choose for a common word; JIT compiling costs more than it saves.
            # One round trip: the rows are those of the last statement.
            cursor.execute(f"SET LOCAL enable_seqscan = off; SET LOCAL jit = off; {sql}", arguments)
            rows = cursor.fetchall()
            cursor.execute("RESET enable_seqscan; RESET jit")
        return rows

    @cached_property
    def _result(self) -> tuple[list[tuple[int, int]], bool]:
        """(entry id, page id) of the results, best first (steps 1–3), and whether there
        were more matches than that.

        The matches without a query word in their title are only looked for when those with
        one leave room: a common word's title matches usually fill the CANDIDATES, and
        finding the thousands of others would cost more than all the rest of a search."""
        page_types = set(get_descendants_content_types_pks(Page))
        candidates: list[tuple[int, int]] = []
        fetched = matched = 0
        for in_title in (True, False):
            if len(candidates) >= CANDIDATES or fetched >= MATCHES:
                break
            rows = self._matches(in_title, MATCHES - fetched)
            fetched += len(rows)
            matches = [
                (entry_id, int(object_id))
                for entry_id, content_type_id, object_id in rows
                if content_type_id in page_types
            ]
            matched += len(matches)
            shown = set(
                self.pages.filter(pk__in=[page_id for _, page_id in matches]).values_list(
                    "pk", flat=True
                )
            )
            candidates += [(entry, page) for entry, page in matches if page in shown]
        candidates = candidates[:CANDIDATES]
        capped = matched == MATCHES or len(candidates) == CANDIDATES
        if len(candidates) < 2:
            return candidates, capped
        title, title_params = rank_sql(self.parsed, self.operator, self.config, "e.title")
        body, body_params = rank_sql(self.parsed, self.operator, self.config, "e.body")
        sql = f"""
            SELECT e.id FROM wagtailsearch_indexentry e WHERE e.id = ANY(%s)
            ORDER BY {title} * e.title_norm + {body} DESC, e.id
        """
        page_of = dict(candidates)
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(page_of), *title_params, *body_params])
            return [(entry, page_of[entry]) for (entry,) in cursor.fetchall()], capped

    @property
    def capped(self) -> bool:
        """Whether more pages matched than are offered (CANDIDATES)."""
        return self._result[1]

    def count(self) -> int:
        return len(self._result[0])

    def __getitem__(self, key: slice) -> list[Page]:
        chosen = [page for _, page in self._result[0][key]]
        by_pk = Page.objects.in_bulk(chosen)
        return [by_pk[page] for page in chosen if page in by_pk]
