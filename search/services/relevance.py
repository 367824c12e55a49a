"""Relevance as a measured property: recall@k and MRR over the query set in
data/search/relevance.yaml, for whichever backend is active."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from wagtail.models import Site

from .engine import run_search
from .query import ALL_TECHNIQUES, Techniques
from .text import DATA_DIR

QUERY_SET = DATA_DIR / "relevance.yaml"
MRR_DEPTH = 10


@dataclass(frozen=True)
class RelevanceQuery:
    kind: str
    query: str
    pages: tuple[str, ...]


@dataclass
class QueryResult:
    case: RelevanceQuery
    found: list[str]
    recall: float
    reciprocal_rank: float


@dataclass
class Evaluation:
    k: int
    results: list[QueryResult]

    @property
    def recall(self) -> float:
        return sum(r.recall for r in self.results) / len(self.results)

    @property
    def mrr(self) -> float:
        return sum(r.reciprocal_rank for r in self.results) / len(self.results)

    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        """Kind → (queries, recall@k, MRR)."""
        groups: dict[str, list[QueryResult]] = defaultdict(list)
        for result in self.results:
            groups[result.case.kind].append(result)
        return {
            kind: (
                len(rs),
                sum(r.recall for r in rs) / len(rs),
                sum(r.reciprocal_rank for r in rs) / len(rs),
            )
            for kind, rs in groups.items()
        }

    def misses(self) -> list[QueryResult]:
        return [r for r in self.results if r.recall < 1]


def load_query_set(path: Path = QUERY_SET) -> list[RelevanceQuery]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        RelevanceQuery(item["kind"], str(item["query"]), tuple(item["pages"]))
        for item in data["queries"]
    ]


def _relative_path(page, root_url_path: str) -> str:
    return page.url_path.removeprefix(root_url_path).strip("/")


def evaluate(
    cases: list[RelevanceQuery] | None = None,
    k: int = 3,
    techniques: Techniques = ALL_TECHNIQUES,
    promotions: bool = True,
) -> Evaluation:
    """Run every query of the set: recall over the first ``k`` results (promotions first, as the
    search page shows them, unless ``promotions`` is off), reciprocal rank over the first 10."""
    cases = load_query_set() if cases is None else cases
    root = Site.objects.select_related("root_page").get(is_default_site=True).root_page
    results = []
    for case in cases:
        outcome = run_search(
            case.query,
            per_page=max(k, MRR_DEPTH),
            techniques=techniques,
            promotions=promotions,
            with_snippets=False,
        )
        found = [_relative_path(hit.page, root.url_path) for hit in outcome.hits]
        wanted = set(case.pages)
        recall = len(wanted & set(found[:k])) / min(k, len(wanted))
        rank = next((i for i, path in enumerate(found, 1) if path in wanted), None)
        results.append(QueryResult(case, found, recall, 1 / rank if rank else 0.0))
    return Evaluation(k, results)
