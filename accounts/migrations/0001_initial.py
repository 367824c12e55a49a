"""StaffProfile and UnitRoles move here from home, keeping their tables (home_staffprofile,
home_unitroles) and their rows: the state moves, the database does not. Their content types
move with them, so the groups keep the permission «coordinate_units»."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("staffprofile", "unitroles")


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="accounts", model=model).exists():
            content_type.objects.filter(app_label="home", model=model).update(
                app_label="accounts"
            )


def restore_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="accounts", model__in=MOVED).update(app_label="home")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidance", "0003_page_publish_on_website"),
        ("home", "0004_page_publish_on_website"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
        state_operations = [
            migrations.CreateModel(
                name='StaffProfile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='telefon på jobb')),
                    ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='staff_profiles', to='guidance.unitpage', verbose_name='enhet')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_profile', to=settings.AUTH_USER_MODEL, verbose_name='bruker')),
                ],
                options={
                    'db_table': 'home_staffprofile',
                    'verbose_name': 'ansattprofil',
                    'verbose_name_plural': 'ansattprofiler',
                },
            ),
            migrations.CreateModel(
                name='UnitRoles',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('approval_task', models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.groupapprovaltask', verbose_name='godkjenningssteg')),
                    ('leader_group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='leaders_of', to='auth.group', verbose_name='enhetsledere')),
                    ('resource_person_group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='resource_persons_of', to='auth.group', verbose_name='ressurspersoner')),
                    ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='unit_roles', to='guidance.unitpage', verbose_name='enhet')),
                    ('workflow', models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.workflow', verbose_name='godkjenning')),
                ],
                options={
                    'db_table': 'home_unitroles',
                    'verbose_name': 'enhetens roller',
                    'verbose_name_plural': 'enhetenes roller',
                    'permissions': [('coordinate_units', 'Kan følge opp alle enheter, rutiner og gjennomganger')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
