"""Posting Wagtail's page editor as a browser would: the form's own fields from the rendered
HTML, and the StreamFields (which the editor builds with JavaScript) from the page's value."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.test import Client
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

EDIT_FORM_ID = "page-edit-form"


def _block_data(block, value):
    if isinstance(block, blocks.StructBlock):
        return {name: _block_data(child, value[name]) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "", features=block.features)
    if isinstance(block, blocks.ChooserBlock):
        return value.pk if value else ""
    return "" if value is None else value


def stream_data(stream_value) -> dict:
    return streamfield(
        [(child.block_type, _block_data(child.block, child.value)) for child in stream_value]
    )


def form_data(html: str, page, form_id: str = EDIT_FORM_ID) -> dict:
    """What the browser posts from the page editor in ``html`` unchanged, for ``page``."""
    form = WagtailTestUtils.get_soup(html).find("form", attrs={"id": form_id})
    assert form is not None, f"no form #{form_id}"
    data: dict = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if field.name == "textarea":
            # The browser drops the newline Django writes after <textarea>.
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = [
                o.attrs.get("value", o.get_text()) for o in field.find_all("option", selected=True)
            ]
            if "multiple" in field.attrs:
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.attrs.get("type") in ("checkbox", "radio"):
            if "checked" in field.attrs:
                data.setdefault(name, []).append(field.attrs.get("value", "on"))
        elif field.attrs.get("type") not in ("submit", "button"):
            data[name] = field.attrs.get("value", "")
    streams = {
        f.name: stream_data(getattr(page, f.name))
        for f in type(page)._meta.get_fields()
        if isinstance(f, StreamField)
    }
    data.update(nested_form_data(streams))
    return data


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def editor_data(client: Client, page) -> dict:
    """The page editor's form as ``client`` (who may edit ``page``) would post it unchanged."""
    response = client.get(edit_url(page))
    assert response.status_code == 200, response.status_code
    return form_data(response.content.decode(), page.get_latest_revision_as_object())


def post_edit(client: Client, page, action: str = "action-publish", data=None, **changes):
    """Post ``page``'s editor with ``changes`` and the button ``action`` pressed (publish, submit
    to the workflow, or "" to save a draft). ``data`` is the unchanged form; by default what
    ``client`` itself gets."""
    data = dict(editor_data(client, page) if data is None else data, **changes)
    if action:
        data[action] = action
    return client.post(edit_url(page), data)


def assert_refused(response) -> None:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and an
    error message."""
    assert response.status_code == 302, response.status_code
    assert response.url == "/admin/"
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert errors, "no error message"
