"""One assertion for a problem+json response (RFC 9457, as api/errors.py builds it)."""

import json
from http import HTTPStatus
from typing import Any

PROBLEM = "application/problem+json"


def assert_problem(
    response: Any,
    status: int,
    *,
    code: str | None = None,
    field: str | None = None,
) -> dict[str, Any]:
    """Assert `response` is the problem the API promises, and return its body.

    `field`, if given, must be named in `errors`; `code`, the problem's code.
    """
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] == HTTPStatus(status).phrase
    assert body["code"]
    assert body["type"] == "about:blank" or body["type"].endswith(body["code"])
    assert isinstance(body["detail"], str)
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert field in body.get("errors", {}), body
    return body
