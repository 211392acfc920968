"""Admin views of our own: plain answers where Wagtail is terse, and reports."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, ReferenceIndex


@require_admin_access
def create_page(
    request: HttpRequest,
    content_type_app_name: str,
    content_type_model_name: str,
    parent_page_id: int,
) -> HttpResponse:
    """Wagtail's page creation, except for a second copy of a one-off page.

    Wagtail refuses that with "Sorry, you do not have permission"; editors
    read it as a missing permission and ask for one. Say instead that there
    is only one, and open it.
    """
    try:
        model = apps.get_model(content_type_app_name, content_type_model_name)
    except LookupError:
        model = None
    if model is not None and issubclass(model, Page) and model.max_count:
        existing = model.objects.order_by("pk")
        if existing.count() >= model.max_count:
            name = model._meta.verbose_name
            messages.error(
                request,
                f"There can be only one {name}, and it exists already: edit it "
                "instead of adding another.",
            )
            return redirect("wagtailadmin_pages:edit", existing.first().pk)
    return CreateView.as_view()(
        request,
        content_type_app_name=content_type_app_name,
        content_type_model_name=content_type_model_name,
        parent_page_id=parent_page_id,
    )


@dataclass(frozen=True)
class BrokenLink:
    """One reference, found by Wagtail's reference index, to a page nobody can read."""

    source: str
    source_url: str | None
    field: str
    target: str
    target_url: str | None
    problem: str


def broken_links(*, user) -> list[BrokenLink]:
    """References (rich text links, page choosers, settings) to missing or draft pages.

    The reference index keeps a row for each link even after its target is
    deleted, so a dead link is a row whose target page is gone or not live.
    """
    page_type = ContentType.objects.get_for_model(Page)
    # Only the broken ones leave the database: links to live pages are most.
    live_ids = (
        Page.objects.live()
        .annotate(key=Cast("pk", output_field=CharField()))
        .values("key")
    )
    references = list(
        ReferenceIndex.objects.filter(to_content_type=page_type)
        .exclude(to_object_id__in=live_ids)
        .select_related("content_type")
        .order_by("content_type_id", "object_id", "model_path")
    )
    target_ids = {
        int(ref.to_object_id) for ref in references if ref.to_object_id.isdigit()
    }
    targets = Page.objects.filter(pk__in=target_ids).in_bulk()
    finder = AdminURLFinder(user)
    sources: dict[tuple[int, str], object] = {}
    found = []
    for ref in references:
        target = (
            targets.get(int(ref.to_object_id)) if ref.to_object_id.isdigit() else None
        )
        if target is not None and target.live:
            continue
        key = (ref.content_type_id, ref.object_id)
        if key not in sources:
            sources[key] = ref.content_type.get_all_objects_for_this_type(
                pk=ref.object_id
            ).first()
        source = sources[key]
        if source is None:
            continue
        found.append(
            BrokenLink(
                source=str(source),
                source_url=finder.get_edit_url(source),
                field=str(ref.describe_source_field()),
                target=target.title if target else f"Page {ref.to_object_id}",
                target_url=finder.get_edit_url(target) if target else None,
                problem="unpublished" if target else "deleted",
            )
        )
    return found


class BrokenLinksReportView(ReportView):
    """Admin > Reports > Broken links: what to fix after a delete or unpublish."""

    page_title = "Broken links"
    header_icon = "warning"
    index_url_name = "core_broken_links"
    index_results_url_name = "core_broken_links_results"
    paginate_by = 100
    columns = [
        TitleColumn(
            "source",
            label="Where",
            accessor="source",
            get_url=lambda link: link.source_url,
        ),
        Column("field", label="Field", accessor="field"),
        TitleColumn(
            "target",
            label="Links to",
            accessor="target",
            get_url=lambda link: link.target_url,
        ),
        Column("problem", label="Problem", accessor="problem"),
    ]
    list_export = ["source", "field", "target", "problem"]
    export_headings = {
        "source": "Where",
        "field": "Field",
        "target": "Links to",
        "problem": "Problem",
    }

    def get_queryset(self):
        return broken_links(user=self.request.user)
