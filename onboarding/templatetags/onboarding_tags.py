"""The reader's reading-list progress for the per-user parts of pages (``{% per_user %}``)."""

from django import template

from onboarding.reading import reading_progress as _reading_progress

register = template.Library()


@register.simple_tag
def reading_progress(user):
    """``{% reading_progress user as progress %}``: None when not logged in."""
    return _reading_progress(user)


@register.simple_tag
def reading_item(progress, page_id):
    """``{% reading_item progress page_id as item %}``: the item shown on this page, if any."""
    return progress.item_for(page_id) if progress is not None and page_id else None


@register.simple_tag
def reading_list_progress(progress, list_id):
    """``{% reading_list_progress progress page_id as list %}``: the user's progress on the
    reading list ``list_id``, or None when it is not one of their lists."""
    if progress is None:
        return None
    return next((rl for rl in progress.lists if rl.list_id == list_id), None)
