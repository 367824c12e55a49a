"""Template tags of the plan's pages."""

from django import template

from core.navigation import nearest_ancestor_of_type
from guidance import reader
from guidance.models import PlanPage

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_for(context, page):
    """The action plan ``page`` belongs to (a PlanPage, for ``routablepageurl``), or None."""
    return nearest_ancestor_of_type(context.get("request"), page, PlanPage)


@register.simple_tag(takes_context=True)
def reader_unit(context, page_id):
    """The reader's own unit on a decision-aid path (``guidance.reader``)."""
    return reader.reader_unit(context["request"], page_id)
