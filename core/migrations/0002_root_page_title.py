"""The tree's root page is titled «Rot», not Wagtail's «Root»: editors meet it in the page
chooser and the explorer (issue 19)."""

from django.db import migrations

TITLES = {"Root": "Rot"}


def retitle(apps, schema_editor, titles=TITLES):
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in titles.items():
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def restore(apps, schema_editor):
    retitle(apps, schema_editor, {new: old for old, new in TITLES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_emergency_numbers"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(retitle, restore)]
