"""StaffProfile and UnitRoles now live in accounts (accounts/0001), in the same tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("home", "0004_page_publish_on_website"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StaffProfile"),
                migrations.DeleteModel(name="UnitRoles"),
            ],
            database_operations=[],
        ),
    ]
