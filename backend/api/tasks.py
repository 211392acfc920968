from collections import defaultdict

from django.conf import settings
from django_tasks import task

from core.models import ContentChange

from .idempotency import prune_expired

# Pages rendered in one snapshot by the background rebuild.
BUILD_BATCH = 50


@task()
def prune_idempotency_records() -> int:
    """Forget idempotency keys older than their retention window."""
    return prune_expired()


@task()
def prune_rate_counters() -> int:
    """Delete throttle windows that have ended."""
    from django.utils import timezone

    from api.models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


@task()
def refresh_stored_pages(*, change_id: int) -> int:
    """Rebuild the stored representations a change made stale.

    Those are the rows that showed any key the change bumped (their recorded
    deps are exact: the page itself, its breadcrumbs, children, images,
    snippets and linked pages) and, for a publish, the page itself. A
    request never waits for this: it renders what is stale itself.
    """
    from api.content.pages import build_stored_pages
    from api.models import StoredPage

    change = ContentChange.objects.filter(pk=change_id).first()
    if change is None or not settings.API_STORED_PAGES:
        return 0
    wanted: dict[str, set[int]] = defaultdict(set)
    for page_id, renditions in StoredPage.objects.filter(
        deps__has_any_keys=change.deps
    ).values_list("page_id", "renditions"):
        wanted[renditions].add(page_id)
    if change.kind in ("page.published", "page.moved"):
        default = ",".join(sorted(settings.API_DEFAULT_RENDITIONS))
        wanted[default].update(change.page_ids)
    built = 0
    for renditions, page_ids in wanted.items():
        ordered = sorted(page_ids)
        for start in range(0, len(ordered), BUILD_BATCH):
            built += build_stored_pages(
                page_ids=ordered[start : start + BUILD_BATCH],
                renditions=renditions.split(","),
            )
    return built
