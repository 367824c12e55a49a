"""The base of our snippets' admin: Wagtail's, with choosers that speak the reader's language.

Wagtail's snippet chooser works out «Choose …», «Choose another …» and «Edit this …» once,
when a form first makes the widget, in whatever language is active at that moment; a form made
while an English page was being edited then says «Choose legal provision» to everybody. Here
the texts are lazy and follow the reader, in Wagtail's own words (its msgids, translated in its
catalogs and ours: docs/translation.md).
"""

from django.utils.functional import lazy
from django.utils.translation import gettext
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser


def _text(msgid: str, model) -> str:
    return gettext(msgid) % {"object": model._meta.verbose_name}


_lazy_text = lazy(_text, str)


class SnippetChooser(AdminSnippetChooser):
    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        self.choose_one_text = _lazy_text("Choose %(object)s", self.model)
        self.choose_another_text = _lazy_text("Choose another %(object)s", self.model)
        self.link_to_chosen_text = _lazy_text("Edit this %(object)s", self.model)


class ChooserViewSet(SnippetChooserViewSet):
    base_widget_class = SnippetChooser


class IntranetSnippetViewSet(SnippetViewSet):
    """Every snippet's admin (register with ``register_snippet``)."""

    chooser_viewset_class = ChooserViewSet
