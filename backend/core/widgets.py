"""Admin widgets of our own."""

from django import forms


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a search box above them, for long lists such as countries.

    About 250 countries in a Ctrl-click list lost selections to a stray click;
    ticked boxes stay ticked while the editor types to filter the rest. Plain
    HTML with a small script: no CDN, and it still works without the script.
    """

    template_name = "core/widgets/searchable_checkboxes.html"

    def __init__(self, attrs=None, choices=(), *, search_label: str = "Find") -> None:
        super().__init__(attrs, choices)
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        return context

    class Media:
        js = ["core/searchable-checkboxes.js"]
        css = {"all": ["core/searchable-checkboxes.css"]}
