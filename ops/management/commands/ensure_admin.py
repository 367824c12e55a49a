"""python manage.py ensure_admin: make sure an administrator can log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if no superuser exists. The password is ADMIN_PASSWORD "
        "from the environment, or a generated one that is printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "ensure_admin: a superuser exists (reset a password with "
                "`python manage.py changepassword admin`)"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        shown = "from ADMIN_PASSWORD" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(f"ensure_admin: created superuser 'admin', password: {shown}")
