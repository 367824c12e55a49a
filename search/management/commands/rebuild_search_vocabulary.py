"""python manage.py rebuild_search_vocabulary"""

from django.core.management.base import BaseCommand

from search.services.vocabulary import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search vocabulary (the words of every live page) used for inflections, "
        "compounds and spelling suggestions. Publishing adds words by itself; run this after "
        "bulk changes, unpublishing or deleting pages."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"rebuild_search_vocabulary: {rebuild()} words")
