import pytest
from django.contrib.auth import get_user_model
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from api.idempotency import idempotent
from core.models import Organisation


class CreateOrganisationView(APIView):
    @idempotent
    def post(self, request):
        organisation = Organisation.objects.create(name=request.data["name"])
        return Response({"id": organisation.pk, "name": organisation.name}, status=201)


def _post(user, body, key):
    request = APIRequestFactory().post(
        "/api/v1/things/", body, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    force_authenticate(request, user=user)
    return CreateOrganisationView.as_view()(request)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("applicant", "a@example.org", "pw")


def test_retry_with_same_key_replays_the_first_response(user):
    first = _post(user, {"name": "British Council"}, "key-1")
    second = _post(user, {"name": "British Council"}, "key-1")
    assert first.status_code == second.status_code == 201
    assert second.data == first.data
    assert second["Idempotent-Replayed"] == "true"
    assert Organisation.objects.count() == 1


def test_same_key_with_another_body_is_refused(user):
    _post(user, {"name": "British Library"}, "key-2")
    response = _post(user, {"name": "Libraries Connected"}, "key-2")
    assert response.status_code == 422
    assert response.data["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.data["errors"]
    assert Organisation.objects.count() == 1


def test_keys_are_scoped_to_the_user(user):
    other = get_user_model().objects.create_user("other", "o@example.org", "pw")
    _post(user, {"name": "IFLA"}, "shared-key")
    response = _post(other, {"name": "FAIFE"}, "shared-key")
    assert response.status_code == 201
    assert Organisation.objects.count() == 2
