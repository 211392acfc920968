"""Every recorded example in frontend-contract/examples/ matches openapi.yaml.

The examples are what frontend teams build against before they have a
server; each one must be a response the contract allows: the operation
exists, the status and content type are documented, and the body validates
against the response schema (OpenAPI 3.0 semantics, formats checked).
"""

import json
from functools import cache
from pathlib import Path

import pytest
import yaml
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "frontend-contract" / "examples"
OPENAPI = ROOT / "openapi.yaml"

# GET operations that have no JSON example: the schema documents, a file
# download, and allauth's own endpoints (documented by allauth).
NO_EXAMPLE = {"grants_applications_attachments_retrieve"}


@cache
def spec() -> dict:
    return yaml.safe_load(OPENAPI.read_text())


@cache
def operations() -> dict[str, tuple[str, str, dict]]:
    found = {}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (path, method, operation)
    return found


def example_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.json"))


def _validate(schema: dict, instance: object, *, request: bool = False) -> list[str]:
    # Refs are "#/components/...": give the schema the document's components.
    # A response must carry its required readOnly fields; a request need not.
    validator_class = OAS30WriteValidator if request else OAS30ReadValidator
    validator = validator_class(
        {**schema, "components": spec()["components"]},
        format_checker=oas30_format_checker,
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}"
        for error in sorted(validator.iter_errors(instance), key=str)
    ][:20]


def test_there_are_examples():
    assert len(example_files()) > 30, "run `make examples`"


@pytest.mark.parametrize(
    "example", example_files(), ids=lambda p: str(p.relative_to(EXAMPLES))
)
def test_example_matches_its_operation_response_schema(example):
    record = json.loads(example.read_text())
    operation_id = record["operationId"]
    assert operation_id in operations(), f"unknown operation {operation_id}"
    _path, method, operation = operations()[operation_id]
    assert record["request"]["method"].lower() == method
    if "body" in record["request"]:
        body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        errors = _validate(body_schema, record["request"]["body"], request=True)
        # A 400 example shows what the server refuses, so its request may not fit.
        assert not errors or record["response"]["status"] == 400, errors
    response = record["response"]
    status = str(response["status"])
    documented = operation["responses"]
    assert status in documented, f"{operation_id}: status {status} is not documented"
    content = documented[status].get("content", {})
    if "body" not in response:
        assert not content or status == "204"
        return
    assert response["contentType"] in content, (
        f"{operation_id}: {response['contentType']} not documented for {status} "
        f"(documented: {sorted(content)})"
    )
    schema = content[response["contentType"]]["schema"]
    errors = _validate(schema, response["body"])
    assert not errors, f"{example.name} does not match {operation_id}:\n" + "\n".join(
        errors
    )


def test_every_page_type_has_an_example():
    mapping = spec()["components"]["schemas"]["Page"]["discriminator"]["mapping"]
    recorded = {p.stem for p in (EXAMPLES / "pages").glob("*.json")}
    assert set(mapping) - recorded == set()


def test_every_get_operation_of_ours_has_an_example():
    recorded = {json.loads(p.read_text())["operationId"] for p in example_files()}
    ours = {
        operation_id
        for operation_id, (path, method, _) in operations().items()
        if method == "get" and not path.startswith("/api/v1/auth/")
    }
    assert ours - recorded - NO_EXAMPLE == set()


def test_a_broken_example_is_caught():
    """The validator really checks: a page without `meta` is refused."""
    page = json.loads((EXAMPLES / "pages" / "standard.json").read_text())
    body = dict(page["response"]["body"])
    del body["meta"]
    schema = operations()["pages_retrieve"][2]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    assert _validate(schema, body)
