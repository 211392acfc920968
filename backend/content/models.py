"""Editorial page types and snippets of the association's international work."""

from core.models import BasePage


class HomePage(BasePage):
    """The root of the site; the international hub and other sections sit under it."""

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
