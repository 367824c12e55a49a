"""The crisis query set (data/search/crisis.yaml): does the first results screen answer a
worried member of staff? A query is answered when the screen shows both the duty that applies
and the number to call: on the answer card (``answers``) or among the first results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from directory.models import HelpServicePage

from .answers import find_answer
from .engine import locales, run_search
from .text import DATA_DIR

CRISIS_SET = DATA_DIR / "crisis.yaml"
FIRST_SCREEN_RESULTS = 5


@dataclass(frozen=True)
class CrisisQuery:
    unit: str
    query: str
    path: str
    duty: str
    number: str


@dataclass
class CrisisResult:
    case: CrisisQuery
    path: str  # the answer card's path slug, "" without a card
    duty_shown: bool
    number_shown: bool

    @property
    def answered(self) -> bool:
        return self.duty_shown and self.number_shown


@dataclass
class CrisisEvaluation:
    results: list[CrisisResult]

    def share(self, condition) -> float:
        return sum(1 for r in self.results if condition(r)) / len(self.results)

    @property
    def answered(self) -> float:
        return self.share(lambda r: r.answered)

    @property
    def right_path(self) -> float:
        return self.share(lambda r: r.path == r.case.path)

    def misses(self) -> list[CrisisResult]:
        return [r for r in self.results if not r.answered or r.path != r.case.path]


def load_crisis_set(path: Path = CRISIS_SET) -> list[CrisisQuery]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        CrisisQuery(
            str(item["unit"]),
            str(item["query"]),
            str(item["path"]),
            str(item["duty"]),
            str(item["number"]),
        )
        for item in data["queries"]
    ]


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def evaluate_crisis(cases: list[CrisisQuery] | None = None) -> CrisisEvaluation:
    """Run every query as the search page does, for a member of staff in no group."""
    cases = load_crisis_set() if cases is None else cases
    languages = locales()
    results = []
    for case in cases:
        answer = find_answer(case.query, languages)
        hits = run_search(case.query, languages=languages, with_snippets=False).hits
        first = [hit.page.specific for hit in hits[:FIRST_SCREEN_RESULTS]]
        slugs = {page.slug for page in first}
        numbers = {
            _digits(block.value["number"])
            for page in first
            if isinstance(page, HelpServicePage)
            for block in page.phones
        }
        if answer is not None:
            slugs |= {row.shown.slug for row in answer.duties}
            numbers |= {_digits(phone.number) for phone in answer.phones}
        results.append(
            CrisisResult(
                case,
                path=answer.path.slug if answer is not None else "",
                duty_shown=case.duty in slugs,
                number_shown=_digits(case.number) in numbers,
            )
        )
    return CrisisEvaluation(results)
