"""Snippets of the content app, with a "Create" tab in their choosers."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person


class PersonChooserViewSet(SnippetChooserViewSet):
    # Signatories and representatives are often new: add them from the chooser.
    form_fields = ["name", "role", "institution"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    chooser_viewset_class = PersonChooserViewSet


register_snippet(PersonViewSet)
