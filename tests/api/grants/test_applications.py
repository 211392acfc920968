from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Application, ApplicationAttachment
from tests.factories.grants import (
    VALID_ANSWERS,
    make_application,
    make_round,
    make_scheme,
)
from tests.factories.users import UserFactory
from tests.grants import documents
from tests.problems import assert_problem

pytestmark = pytest.mark.django_db

URL = "/api/v1/grants/applications/"


@pytest.fixture
def scheme(home):
    return make_scheme(home)


@pytest.fixture
def open_round(scheme):
    return make_round(scheme, status="open")


@pytest.fixture
def applicant(api_client):
    user = UserFactory(username="ama")
    api_client.force_authenticate(user)
    return user


def draft_body(round_, **overrides):
    body = {
        "round": round_.pk,
        "organisation": {
            "name": "Norwich Millennium Library",
            "type": "public_library",
            "country": "GB",
            "identifier": "GB-LAE-NRW",
        },
        "project_title": "Stories across the sea",
        "summary": "Storytellers from Norwich and Accra swap residencies.",
        "partners": [{"name": "Accra Central Library", "country": "GH"}],
        "amount_requested": "2500.00",
        "answers": dict(VALID_ANSWERS),
    }
    body.update(overrides)
    return body


def test_anonymous_users_cannot_apply(api_client, open_round):
    response = api_client.post(URL, draft_body(open_round), format="json")
    assert_problem(response, 401)


def test_create_draft_returns_the_application(api_client, applicant, open_round):
    response = api_client.post(URL, draft_body(open_round), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["round"] == open_round.pk
    assert body["organisation"] == {
        "name": "Norwich Millennium Library",
        "type": "public_library",
        "country": "GB",
        "identifier": "GB-LAE-NRW",
    }
    assert body["amount_requested"] == "2500.00"
    assert body["currency"] == "GBP"
    assert body["partners"] == [{"name": "Accra Central Library", "country": "GH"}]
    assert body["answers"] == VALID_ANSWERS
    assert body["decision"] is None
    assert Application.objects.get().applicant == applicant


def test_create_with_the_same_idempotency_key_creates_one_draft(
    api_client, applicant, open_round
):
    first = api_client.post(
        URL, draft_body(open_round), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    second = api_client.post(
        URL, draft_body(open_round), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_draft_on_a_closed_round_is_refused(api_client, applicant, scheme):
    closed = make_round(scheme, status="closed")
    response = api_client.post(URL, draft_body(closed), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "round_closed"
    assert response.json()["errors"]["round"][0]["code"] == "round_closed"
    assert not Application.objects.exists()


def test_draft_answers_are_checked_against_the_questions(
    api_client, applicant, open_round
):
    answers = {"q-region": "Mars", "q-aims": "word " * 51, "q-unknown": "x"}
    response = api_client.post(
        URL, draft_body(open_round, answers=answers), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"answers.q-region", "answers.q-aims", "answers.q-unknown"}
    assert not Application.objects.exists()


def test_bad_fields_are_400_with_field_errors(api_client, applicant, open_round):
    body = draft_body(
        open_round, amount_requested="lots", partners=[{"name": "X", "country": "ZZ"}]
    )
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "amount_requested" in response.json()["errors"]
    assert "partners.0.country" in response.json()["errors"]


def test_applicants_see_only_their_own_applications(api_client, applicant, open_round):
    mine = make_application(open_round, applicant=applicant)
    theirs = make_application(open_round)

    listing = api_client.get(URL).json()
    assert [a["id"] for a in listing["results"]] == [mine.pk]
    assert api_client.get(f"{URL}{theirs.pk}/").status_code == 404
    patch = api_client.patch(f"{URL}{theirs.pk}/", {"summary": "x"}, format="json")
    assert patch.status_code == 404
    assert api_client.post(f"{URL}{theirs.pk}/submit/").status_code == 404
    assert api_client.post(f"{URL}{theirs.pk}/withdraw/").status_code == 404


def test_patch_edits_a_draft(api_client, applicant, open_round):
    draft = make_application(open_round, applicant=applicant)
    response = api_client.patch(
        f"{URL}{draft.pk}/",
        {"project_title": "New title", "organisation": {"country": "IE"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["project_title"] == "New title"
    assert response.json()["organisation"]["country"] == "IE"
    assert response.json()["organisation"]["name"] == "Norwich Public Library"


def test_patch_after_submitting_is_refused(api_client, applicant, open_round):
    submitted = make_application(open_round, applicant=applicant, status="submitted")
    response = api_client.patch(
        f"{URL}{submitted.pk}/", {"summary": "changed"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    submitted.refresh_from_db()
    assert submitted.summary != "changed"


def test_submit_moves_to_submitted_and_emails_the_applicant(
    api_client, applicant, open_round, django_capture_on_commit_callbacks
):
    draft = make_application(open_round, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitted_at"]
    assert [h["status"] for h in body["history"]] == ["submitted"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ama@example.org"]
    assert "Reading without borders" in mail.outbox[0].subject


def test_submit_without_required_answers_lists_each_missing_one(
    api_client, applicant, open_round
):
    draft = make_application(open_round, applicant=applicant, answers={})
    response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "missing_answer"
    assert set(body["errors"]) == {"answers.q-aims", "answers.q-region"}
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not draft.events.exists()
    assert mail.outbox == []


def test_submit_with_amount_outside_the_scheme_range(api_client, applicant, open_round):
    draft = make_application(
        open_round, applicant=applicant, amount_requested=Decimal("5000.01")
    )
    response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "amount_out_of_range"
    assert "amount_requested" in response.json()["errors"]


def test_submit_after_the_deadline_is_refused(api_client, applicant, scheme):
    round_ = make_round(scheme, status="open")
    draft = make_application(round_, applicant=applicant)
    round_.closes_at = timezone.now() - timedelta(seconds=1)
    round_.save()
    response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "round_closed"
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submit_to_a_paused_round_is_refused(api_client, applicant, scheme):
    round_ = make_round(scheme, status="open", status_override="paused")
    draft = make_application(round_, applicant=applicant)
    response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["errors"]["round"][0]["code"] == "round_closed"


def test_submitting_twice_is_an_invalid_transition(api_client, applicant, open_round):
    draft = make_application(open_round, applicant=applicant)
    api_client.post(f"{URL}{draft.pk}/submit/")
    response = api_client.post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_withdraw_then_withdraw_again(api_client, applicant, open_round):
    draft = make_application(open_round, applicant=applicant, status="submitted")
    response = api_client.post(f"{URL}{draft.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api_client.post(f"{URL}{draft.pk}/withdraw/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_decided_application_shows_its_decision(api_client, applicant, open_round):
    application = make_application(
        open_round,
        applicant=applicant,
        status="awarded",
        amount_awarded=Decimal("2000"),
        decided_at=timezone.now(),
        decision_reason="Strong partnership.",
    )
    body = api_client.get(f"{URL}{application.pk}/").json()
    assert body["decision"]["amount_awarded"] == "2000.00"
    assert body["decision"]["reason"] == "Strong partnership."
    withdraw = api_client.post(f"{URL}{application.pk}/withdraw/")
    assert withdraw.status_code == 409


def _upload(client, application, name, content):
    return client.post(
        f"{URL}{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", documents.pdf(), "application/pdf"),
        (
            "plan.docx",
            documents.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plan.odt", documents.odt(), "application/vnd.oasis.opendocument.text"),
        ("plan.bin", documents.pdf(), "application/pdf"),
    ],
)
def test_upload_accepts_documents_by_content(
    api_client, applicant, open_round, name, content, content_type
):
    draft = make_application(open_round, applicant=applicant)
    response = _upload(api_client, draft, name, content)
    assert response.status_code == 201, response.json()
    assert response.json()["content_type"] == content_type
    assert response.json()["name"] == name
    stored = ApplicationAttachment.objects.get()
    assert stored.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.file.path.startswith(settings.MEDIA_ROOT)


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 not a pdf", documents.ods(), documents.plain_zip(), b""],
)
def test_upload_refuses_other_files_even_when_named_pdf(
    api_client, applicant, open_round, content
):
    draft = make_application(open_round, applicant=applicant)
    response = _upload(api_client, draft, "plan.pdf", content)
    assert response.status_code in (400, 415)
    assert not ApplicationAttachment.objects.exists()


def test_upload_refuses_files_over_the_size_limit(
    api_client, applicant, open_round, settings
):
    settings.GRANTS_ATTACHMENT_MAX_BYTES = 100
    draft = make_application(open_round, applicant=applicant)
    response = _upload(api_client, draft, "big.pdf", documents.pdf() + b" " * 100)
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert not ApplicationAttachment.objects.exists()


def test_attachment_downloads_for_the_applicant_and_grants_staff_only(
    api_client, applicant, open_round
):
    draft = make_application(open_round, applicant=applicant)
    attachment_id = _upload(api_client, draft, "plan.pdf", documents.pdf()).json()["id"]
    url = f"{URL}{draft.pk}/attachments/{attachment_id}/"

    own = api_client.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == documents.pdf()
    assert "attachment" in own["Content-Disposition"]

    api_client.force_authenticate(UserFactory(username="stranger"))
    assert api_client.get(url).status_code == 404

    staff = UserFactory(username="reviewer", is_staff=True)
    staff.groups.add(Group.objects.get(name="Grants staff"))
    api_client.force_authenticate(staff)
    assert api_client.get(url).status_code == 200

    api_client.force_authenticate(None)
    assert api_client.get(url).status_code == 401
    assert api_client.get(f"/media/grants/applications/{draft.pk}/").status_code == 404


def test_file_answer_must_point_at_an_attachment_of_the_application(
    api_client, applicant, open_round
):
    draft = make_application(open_round, applicant=applicant)
    bad = api_client.patch(
        f"{URL}{draft.pk}/",
        {"answers": {**VALID_ANSWERS, "q-plan": 999}},
        format="json",
    )
    assert bad.status_code == 400
    attachment_id = _upload(api_client, draft, "plan.pdf", documents.pdf()).json()["id"]
    good = api_client.patch(
        f"{URL}{draft.pk}/",
        {"answers": {**VALID_ANSWERS, "q-plan": attachment_id}},
        format="json",
    )
    assert good.status_code == 200
    assert good.json()["attachments"][0]["id"] == attachment_id

    deleted = api_client.delete(f"{URL}{draft.pk}/attachments/{attachment_id}/")
    assert deleted.status_code == 204
    draft.refresh_from_db()
    assert "q-plan" not in draft.answers
    assert not ApplicationAttachment.objects.exists()


def test_no_attachments_after_submitting(api_client, applicant, open_round):
    submitted = make_application(open_round, applicant=applicant, status="submitted")
    response = _upload(api_client, submitted, "plan.pdf", documents.pdf())
    assert response.status_code == 409


def test_own_list_costs_the_same_queries_for_1_and_n(api_client, applicant, open_round):
    def count():
        api_client.get(URL)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(URL).status_code == 200
        return len(queries.captured_queries)

    make_application(open_round, applicant=applicant)
    one = count()
    for _ in range(5):
        application = make_application(open_round, applicant=applicant)
        application.events.create(
            transition="submit", from_status="draft", to_status="submitted"
        )
    assert count() == one


def test_patch_with_an_incomplete_partner_is_a_400_not_a_500(
    api_client, applicant, open_round
):
    # Found by schemathesis: partial=True made the partner's country optional
    # and the serializer then failed with a KeyError.
    draft = api_client.post(URL, draft_body(open_round), format="json").json()
    response = api_client.patch(
        f"{URL}{draft['id']}/", {"partners": [{"name": "0"}]}, format="json"
    )
    assert_problem(response, 400, field="partners[0].country")
