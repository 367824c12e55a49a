from wagtail.snippets.models import register_snippet

from core.snippets import IntranetSnippetViewSet

from .models import LegalProvision, ResponsibleRole


class ResponsibleRoleViewSet(IntranetSnippetViewSet):
    model = ResponsibleRole
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LegalProvisionViewSet(IntranetSnippetViewSet):
    model = LegalProvision
    icon = "doc-full"
    list_display = ["citation", "section_title", "superseded_by", "verified", "last_verified"]
    list_filter = ["verified", "law_short_title"]


register_snippet(ResponsibleRoleViewSet)
register_snippet(LegalProvisionViewSet)
