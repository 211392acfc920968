"""The one mapping from domain refusals to problem+json."""

import inspect
from http import HTTPStatus

import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from api.errors import DOMAIN_STATUS, domain_status
from core import errors
from core.errors import Conflict, DomainError, Invalid, NotFound
from tests.problems import assert_problem

KINDS = [
    cls
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, DomainError)
]


def test_every_kind_of_domain_error_has_its_own_status():
    assert set(KINDS) <= set(DOMAIN_STATUS)
    for cls in KINDS:
        assert 400 <= DOMAIN_STATUS[cls] < 500, HTTPStatus(DOMAIN_STATUS[cls])


def test_a_subclass_takes_its_nearest_parents_status():
    class RoundClosed(Conflict):
        code = "round_closed"

    assert domain_status(RoundClosed("closed")) == 409


def test_invalid_with_one_code_across_fields_takes_that_code():
    refused = Invalid(errors={"a": [("required", "x")], "b": [("required", "y")]})
    mixed = Invalid(errors={"a": [("required", "x")], "b": [("too_long", "y")]})
    assert (refused.code, mixed.code) == ("required", "validation_error")
    assert refused.message == "Invalid input: a, b"


class _Refuses(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    error: DomainError | None = None

    def get(self, request):
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "field"),
    [
        (
            Invalid("Bad country.", code="invalid_country", field="country"),
            400,
            "country",
        ),
        (Conflict("Decided already.", code="not_pending"), 409, None),
        (NotFound("No membership.", code="no_membership"), 404, None),
    ],
)
def test_a_domain_error_is_a_problem_with_its_code_and_field(error, status, field):
    view = _Refuses.as_view(error=error)
    response = view(APIRequestFactory().get("/api/v1/x/"))
    response.render()
    body = assert_problem(response, status, code=error.code, field=field)
    assert body["detail"] == error.message
    if field:
        assert body["errors"][field] == [{"code": error.code, "message": error.message}]
