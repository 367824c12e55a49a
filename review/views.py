"""«Endringer siden planen» on the intranet (review.changes)."""

from django.template.response import TemplateResponse

from .changes import changed_pages, services_added_or_to_check, superseded_provisions


def changes_since_plan(request):
    added, to_check = services_added_or_to_check(request)
    return TemplateResponse(
        request,
        "review/changes_since_plan.html",
        {
            "pages": changed_pages(request),
            "provisions": superseded_provisions(),
            "services_added": added,
            "services_to_check": to_check,
        },
    )
