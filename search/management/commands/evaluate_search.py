"""python manage.py evaluate_search [--k 3] [--ablation] [--no-promotions] [--misses] [--crisis]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from search.services.crisis import CRISIS_SET, evaluate_crisis, load_crisis_set
from search.services.query import ALL_TECHNIQUES, NO_TECHNIQUES, Techniques
from search.services.relevance import QUERY_SET, evaluate, load_query_set


class Command(BaseCommand):
    help = (
        "Print recall@k and MRR of the relevance query set (data/search/relevance.yaml) for the "
        "active search backend, by kind of query; --ablation also measures the search without "
        "each query expansion in turn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=QUERY_SET)
        parser.add_argument("--k", type=int, default=3)
        parser.add_argument("--ablation", action="store_true")
        parser.add_argument("--no-promotions", action="store_true", help="Score the ranking alone.")
        parser.add_argument("--misses", action="store_true", help="List queries below recall 1.")
        parser.add_argument(
            "--crisis",
            action="store_true",
            help="Measure the crisis query set (data/search/crisis.yaml) instead: the share "
            "whose first results screen shows the duty and the number to call.",
        )

    def handle(self, *args, file, k, ablation, no_promotions, misses, crisis, **options):
        if crisis:
            self.crisis(file if file != QUERY_SET else CRISIS_SET, misses)
            return
        try:
            cases = load_query_set(file)
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"evaluate_search: cannot read {file}: {exc}") from exc
        if not cases:
            raise CommandError(f"evaluate_search: {file} has no queries")
        backend = settings.WAGTAILSEARCH_BACKENDS["default"]
        self.stdout.write(
            f"backend {backend['BACKEND']} on {connection.vendor}"
            f" (config {backend.get('SEARCH_CONFIG', '-')}), {len(cases)} queries, k={k}, "
            f"promotions {'off' if no_promotions else 'on'}"
        )
        result = evaluate(cases, k=k, promotions=not no_promotions)
        self.stdout.write(f"{'kind':<14}{'queries':>8}{f'recall@{k}':>11}{'MRR':>8}")
        for kind, (count, recall, mrr) in sorted(result.by_kind().items()):
            self.stdout.write(f"{kind:<14}{count:>8}{recall:>11.3f}{mrr:>8.3f}")
        self.stdout.write(f"{'all':<14}{len(cases):>8}{result.recall:>11.3f}{result.mrr:>8.3f}")
        if misses:
            for miss in result.misses():
                self.stdout.write(
                    f"  miss {miss.case.query!r} ({miss.case.kind}): got {miss.found[:k]}"
                )
        if ablation:
            self.stdout.write(f"\n{'techniques':<26}{f'recall@{k}':>11}{'MRR':>8}")
            variants = [("all", ALL_TECHNIQUES)]
            variants += [
                (f"without {name}", ALL_TECHNIQUES.without(name)) for name in Techniques.names()
            ]
            variants.append(("none", NO_TECHNIQUES))
            for label, techniques in variants:
                measured = (
                    result
                    if techniques == ALL_TECHNIQUES
                    else evaluate(cases, k=k, techniques=techniques, promotions=not no_promotions)
                )
                self.stdout.write(f"{label:<26}{measured.recall:>11.3f}{measured.mrr:>8.3f}")

    def crisis(self, file: Path, misses: bool) -> None:
        try:
            cases = load_crisis_set(file)
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"evaluate_search: cannot read {file}: {exc}") from exc
        if not cases:
            raise CommandError(f"evaluate_search: {file} has no queries")
        backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
        result = evaluate_crisis(cases)
        self.stdout.write(f"backend {backend} on {connection.vendor}, {len(cases)} crisis queries")
        self.stdout.write(f"answered on the first screen (duty and number): {result.answered:.3f}")
        self.stdout.write(f"answer card for the right path: {result.right_path:.3f}")
        if misses:
            for miss in result.misses():
                self.stdout.write(
                    f"  miss {miss.case.query!r}: card {miss.path or '-'} (want "
                    f"{miss.case.path}), duty {'ok' if miss.duty_shown else 'missing'}, "
                    f"number {'ok' if miss.number_shown else 'missing'}"
                )
