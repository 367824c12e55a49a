"""python manage.py sync_roles"""

from django.core.management.base import BaseCommand

from accounts.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Create or complete the roles (Ansatte, Redaktør, Koordinator, Administrator), each "
        "unit's resource-person and leader groups and the approval workflows. Idempotent; also "
        "run after every migrate."
    )

    def handle(self, *args, **options):
        report = sync_roles()
        self.stdout.write(f"sync_roles: {report.summary()}")
