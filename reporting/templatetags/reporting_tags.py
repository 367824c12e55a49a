"""The plan's pages show what the units have reported: ``{% plan_status as status %}``, then
``status.for_action`` per action (measure pages) or ``status.focus_areas`` (the plan page)."""

from django import template

from reporting.status import plan_status as current_plan_status

register = template.Library()


@register.simple_tag
def plan_status():
    return current_plan_status()


@register.simple_tag
def action_status(status, action):
    return status.for_action(action)
