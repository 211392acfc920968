"""One visibility rule for every field, embedded object and search entry."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from content import models as m

MEMBERS_ONLY_EVENT_FIELDS = ("venue_address", "online_url", "registration_url")


def _members_only(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Members")[0])
    return restriction


def _member():
    user = get_user_model().objects.create_user("member", "", "pw")
    user.groups.add(Group.objects.get_or_create(name="Members")[0])
    return user


def _private_collection():
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_members_only_event_sends_where_and_how_to_join_to_members_only(anon):
    event = m.EventPage.objects.live().first()
    event.venue_address = "1 Library Square"
    event.online_url = "https://meet.example.org/secret"
    event.registration_url = "https://tickets.example.org/secret"
    event.save_revision().publish()
    _members_only(event)
    data = anon.get(f"/api/v1/pages/{event.pk}/").json()
    assert data["meta"]["has_access"] is False
    for field in MEMBERS_ONLY_EVENT_FIELDS:
        assert data[field] is None, field
    assert (
        "secret"
        not in anon.get(
            "/api/v1/pages/", {"type": "event", "fields": "*", "limit": 100}
        ).content.decode()
    )
    anon.force_login(_member())
    data = anon.get(f"/api/v1/pages/{event.pk}/").json()
    assert data["online_url"] == "https://meet.example.org/secret"
    assert data["venue_address"] == "1 Library Square"


def test_search_does_not_match_words_only_in_a_members_only_body(anon):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    page = m.StandardPage(
        title="Board briefing",
        slug="board-briefing",
        summary="For members",
        body=[{"type": "paragraph", "value": "<p>Zanzibarquorum figures</p>"}],
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    _members_only(page)

    def found(word):
        response = anon.get("/api/v1/pages/", {"search": word, "limit": 100})
        assert response.status_code == 200
        return [r["id"] for r in response.json()["results"]]

    assert page.pk not in found("Zanzibarquorum")
    assert page.pk in found("briefing")  # its title is shown to everyone
    anon.force_login(_member())
    assert page.pk in found("Zanzibarquorum")


def test_private_collection_image_leaves_payloads_media_and_cache(
    anon, django_capture_on_commit_callbacks
):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    image = get_image_model().objects.get(pk=hub.listing_image_id)
    # Served (and cached) while public.
    data = anon.get(f"/api/v1/pages/{hub.pk}/").json()
    url = data["listing_image"]["renditions"]["thumbnail"]["url"]
    path = url.removeprefix("https://cms.example")
    public = anon.get(path)
    assert public.status_code == 200
    assert public["Cache-Control"] == "public, max-age=31536000, immutable"
    assert public["Content-Type"].startswith("image/")
    original = anon.get(image.file.url)
    assert original.status_code == 200
    assert anon.get(f"/api/v1/images/{image.pk}/").status_code == 200

    collection = Collection.get_first_root_node().add_child(name="Board papers")
    with django_capture_on_commit_callbacks(execute=True):
        image.collection = collection
        image.save()
    assert anon.get(f"/api/v1/images/{image.pk}/").status_code == 200
    # Making the collection private is what must invalidate the cached answers.
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert anon.get(f"/api/v1/images/{image.pk}/").status_code == 404
    data = anon.get(f"/api/v1/pages/{hub.pk}/").json()
    assert data["listing_image"] is None
    assert (
        path
        not in anon.get(
            "/api/v1/pages/", {"fields": "*", "limit": 100}
        ).content.decode()
    )
    assert anon.get(path).status_code == 404
    assert anon.get(image.file.url).status_code == 404
    # A reader who passes the restriction gets the file, never for a shared cache.
    anon.force_login(get_user_model().objects.create_user("reader", "", "pw"))
    private = anon.get(path)
    assert private.status_code == 200
    assert private["Cache-Control"] == "private, no-store"
    anon.logout()
    # And public again: back in the payload.
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.filter(collection=collection).delete()
    assert anon.get(f"/api/v1/pages/{hub.pk}/").json()["listing_image"] is not None
    assert anon.get(f"/api/v1/images/{image.pk}/").status_code == 200


def test_documents_are_never_served_from_media(anon):
    from django.core.files.base import ContentFile

    Document = get_document_model()
    public = Document.objects.create(
        title="Annual report", file=ContentFile(b"public text", name="report.txt")
    )
    private = Document.objects.create(
        title="Board minutes",
        file=ContentFile(b"secret text", name="minutes.txt"),
        collection=_private_collection(),
    )
    for document in (public, private):
        assert anon.get("/media/" + document.file.name).status_code == 404
    served = anon.get(public.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"public text"
    refused = anon.get(private.url)
    assert refused.status_code in (302, 403, 404)
    assert b"secret" not in b"".join(
        getattr(refused, "streaming_content", [refused.content])
    )


def test_unknown_media_names_are_404(anon):
    assert anon.get("/media/anything.txt").status_code == 404
    assert anon.get("/media/images/../documents/x.pdf").status_code == 404


def _page_linking(document, *, title):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    page = hub.add_child(
        instance=m.StandardPage(
            title=title,
            body=[
                (
                    "paragraph",
                    f'<p><a linktype="document" id="{document.pk}">Minutes</a></p>',
                )
            ],
        )
    )
    page.save_revision().publish()
    return page


def test_document_linked_only_from_members_only_pages_is_not_served(anon):
    from django.core.files.base import ContentFile

    document = get_document_model().objects.create(
        title="Board minutes", file=ContentFile(b"members text", name="minutes.txt")
    )
    # Linked from no page: public, as its (public) collection says.
    assert anon.get(document.url).status_code == 200
    members_page = _page_linking(document, title="For members")
    _members_only(members_page)
    refused = anon.get(document.url)
    assert refused.status_code == 404
    assert b"members text" not in refused.content
    # A member who may read the page may download what it links.
    anon.force_login(_member())
    served = anon.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"members text"
    anon.logout()
    # Linked from a public page as well, it is public.
    _page_linking(document, title="Open minutes")
    assert anon.get(document.url).status_code == 200
