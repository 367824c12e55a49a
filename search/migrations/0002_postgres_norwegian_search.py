"""PostgreSQL only: a Norwegian text-search configuration and trigram matching of words.

* ``vnr_norwegian``: Norwegian Bokmål words go through the hunspell dictionary from Debian's
  ``hunspell-no`` (``nb_no`` in PostgreSQL's tsearch_data), which knows inflections and splits
  known compounds, and then through the ``norwegian`` snowball stemmer for words it does not
  know. Without the dictionary files the configuration is a plain copy of ``norwegian`` and a
  warning is logged; install the package and run ``python manage.py recreate_search_config``
  followed by ``update_index`` to upgrade.
* A GIN index on Wagtail's search index entries' ``title || body``, the expression its
  database backend matches: without it every search reads every entry.
* ``pg_trgm`` and a trigram index on the vocabulary, for spelling suggestions.

Idempotent; does nothing on other databases. Changing the configuration of existing index
entries needs ``python manage.py update_index``.
"""

from django.db import migrations

from search.services.pg_config import create_search_config, drop_search_config


def forwards(apps, schema_editor):
    create_search_config(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_search_config(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("intranet_search", "0001_search_models"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
