from wagtail.snippets.models import register_snippet

from core.snippets import IntranetSnippetViewSet

from .models import TargetGroup


class TargetGroupViewSet(IntranetSnippetViewSet):
    model = TargetGroup
    icon = "group"
    list_display = ["name", "slug", "sort_order"]


register_snippet(TargetGroupViewSet)
