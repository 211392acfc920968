"""Regressions found by validating real responses against openapi.yaml.

openapi.yaml is what the code generates (tests/contract/test_openapi_drift.py),
so these read it rather than regenerate it.
"""

from pathlib import Path

import yaml
from openapi_schema_validator import OAS30ReadValidator

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
SCHEMAS = SPEC["components"]["schemas"]


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def _valid(schema, instance):
    validator = OAS30ReadValidator({**schema, "components": SPEC["components"]})
    return not list(validator.iter_errors(instance))


def test_nullable_references_accept_null_under_strict_openapi_30():
    # `allOf: [$ref]` + `nullable` rejects null for strict 3.0 validators.
    offenders = [
        path
        for path, node in _walk(SPEC)
        if node.get("nullable") is True and "allOf" in node and "type" not in node
    ]
    assert offenders == []
    listing_image = SCHEMAS["StandardPage"]["properties"]["listing_image"]
    assert _valid(listing_image, None)
    assert not _valid(listing_image, "not an image")


def test_award_how_to_apply_is_nullable_as_documented():
    how_to_apply = SCHEMAS["AwardPage"]["properties"]["how_to_apply"]
    assert how_to_apply["nullable"] is True
    assert _valid(how_to_apply, None)


def test_grant_questions_are_a_discriminated_union_by_kind():
    # A scheme's questions are its page's `QuestionsBlock` (one shape for a
    # scheme, whether read as a page or through grants/schemes/).
    union = SCHEMAS["QuestionsBlock"]["items"]
    mapping = union["discriminator"]["mapping"]
    assert set(mapping) == {
        "short_text",
        "long_text",
        "choice",
        "date",
        "number",
        "file",
    }
    for kind, ref in mapping.items():
        member = SCHEMAS[ref.rsplit("/", 1)[1]]
        assert member["properties"]["type"]["enum"] == [kind]
    question = {
        "type": "file",
        "id": "plan",
        "value": {"label": "Plan", "help_text": "", "required": False},
    }
    assert _valid({"$ref": "#/components/schemas/QuestionsBlock"}, [question])


def test_optional_query_parameters_document_that_empty_means_absent():
    # `?limit=` is served like no `limit` (DRF's form rules); schemathesis
    # flagged the undocumented acceptance.
    sitemap = SPEC["paths"]["/api/v1/sitemap/"]["get"]["parameters"]
    limit = next(p for p in sitemap if p["name"] == "limit")
    assert limit["allowEmptyValue"] is True
    resolve = SPEC["paths"]["/api/v1/pages/resolve/"]["get"]["parameters"]
    path = next(p for p in resolve if p["name"] == "path")
    assert "allowEmptyValue" not in path
