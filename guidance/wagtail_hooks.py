from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import LegalProvision, ResponsibleRole


class ResponsibleRoleViewSet(SnippetViewSet):
    model = ResponsibleRole
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LegalProvisionViewSet(SnippetViewSet):
    model = LegalProvision
    icon = "doc-full"
    list_display = ["citation", "section_title", "superseded_by", "verified", "last_verified"]
    list_filter = ["verified", "law_short_title"]


register_snippet(ResponsibleRoleViewSet)
register_snippet(LegalProvisionViewSet)
