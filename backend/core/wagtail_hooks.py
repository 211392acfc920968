"""Admin wiring shared by every app: the broken-links report, redirects on delete."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import BrokenLinksReportView
from .models import Organisation
from .visibility import document_hidden_by_pages

_DELETED_PATHS = "_core_deleted_page_paths"


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/broken-links/",
            BrokenLinksReportView.as_view(),
            name="core_broken_links",
        ),
        path(
            "reports/broken-links/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="core_broken_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return MenuItem(
        "Broken links",
        reverse("core_broken_links"),
        icon_name="warning",
        order=700,
    )


def _redirects_enabled() -> bool:
    return getattr(settings, "WAGTAILREDIRECTS_AUTO_CREATE", True)


@hooks.register("before_delete_page")
def remember_addresses_of_deleted_pages(request, page):
    """Note where the page and its descendants lived, to redirect to the parent.

    Wagtail creates redirects itself when a page is moved or its slug changes;
    for a delete it only warns, and links from other sites go dead.
    """
    if not _redirects_enabled():
        return None
    parent = page.get_parent()
    if request.method != "POST":
        messages.info(
            request,
            f"Deleting keeps its address working: it will redirect to "
            f"'{parent.get_admin_display_title()}' (change or remove that "
            "under Settings > Redirects).",
        )
        return None
    addresses = set()
    for item in [page, *page.get_descendants()]:
        site_id, _root_url, page_path = item.get_url_parts(request) or (None,) * 3
        if site_id is not None and page_path:
            addresses.add((site_id, page_path))
    setattr(request, _DELETED_PATHS, (parent.pk, sorted(addresses)))
    return None


@hooks.register("after_delete_page")
def redirect_deleted_pages_to_their_parent(request, page):
    remembered = getattr(request, _DELETED_PATHS, None)
    if not remembered:
        return None
    parent_pk, addresses = remembered
    parent = Page.objects.filter(pk=parent_pk).first()
    if parent is None:
        return None
    sites = Site.objects.in_bulk({site_id for site_id, _ in addresses})
    created = 0
    for site_id, page_path in addresses:
        old_path = Redirect.normalise_path(page_path)
        if Redirect.objects.filter(site_id=site_id, old_path=old_path).exists():
            continue
        Redirect.add_redirect(
            old_path,
            redirect_to=parent,
            site=sites.get(site_id),
            automatically_created=True,
        )
        created += 1
    if created:
        messages.success(
            request,
            f"{created} redirect(s) to '{parent.get_admin_display_title()}' "
            "keep the deleted addresses working.",
        )
    return None


class OrganisationChooserViewSet(SnippetChooserViewSet):
    # A "Create" tab in the chooser: a new partner or signatory is added from
    # the page being written, without leaving it.
    form_fields = ["name", "short_name", "url", "country", "org_identifier"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    chooser_viewset_class = OrganisationChooserViewSet


register_snippet(OrganisationViewSet)


@hooks.register("before_serve_document")
def refuse_documents_of_hidden_pages(document, request):
    """A document linked only from pages the reader may not see is not served.

    Wagtail's view has checked the collection's restrictions already; this
    adds the pages' (core.visibility). The answer is the same 404 as for a
    document that does not exist, so it confirms nothing.
    """
    if document_hidden_by_pages(document, request):
        raise Http404
