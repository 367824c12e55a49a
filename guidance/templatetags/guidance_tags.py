"""Template tags of the plan's pages."""

from django import template

from core.navigation import nearest_ancestor_of_type
from guidance.models import PlanPage

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_for(context, page):
    """The action plan ``page`` belongs to (a PlanPage, for ``routablepageurl``), or None."""
    return nearest_ancestor_of_type(context.get("request"), page, PlanPage)
