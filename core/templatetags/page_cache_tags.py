"""``{% per_user "includes/….html" %}``: a part of the page that differs from user to user.

Rendered in place normally; when the page is being rendered for the shared page cache it leaves
a marker that every response fills for its own user (home/page_cache.py). The part sees
``page_cache.per_user_context`` (request, user, messages, CSRF token, page_id), nothing else.
"""

from django import template
from django.utils.safestring import mark_safe

from core import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def per_user(context, template_name):
    request = context.get("request")
    page_id = getattr(context.get("page"), "pk", None)
    if request is not None and page_cache.is_filling(request):
        return page_cache.per_user_marker(template_name, page_id)
    context = page_cache.per_user_context(request, page_id)
    return mark_safe(page_cache.render_per_user(template_name, context))
