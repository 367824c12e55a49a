"""Labels in Wagtail's admin that its packages build from field names, in Norwegian.

A few of the admin's screens label a column or a filter with the field's name turned into
words («Site name», «Target locale»): text no catalog can translate. They get the model
field's own translated verbose name, or ours where the field has none. Called once from
``LanguagesConfig.ready``; tests/test_admin_language.py checks the screens.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail.sites.views import IndexView as SiteIndexView
from wagtail_localize.views.report import TranslationsReportFilterSet

TRANSLATION_REPORT_FILTERS = {
    "source_locale": _("Kildespråk"),
    "target_locale": _("Målspråk"),
}


def label_admin_columns() -> None:
    for column in SiteIndexView.columns:
        if column.name in ("site_name", "root_page", "port"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    for name, label in TRANSLATION_REPORT_FILTERS.items():
        TranslationsReportFilterSet.base_filters[name].label = label
