"""openapi.yaml is a valid OpenAPI 3.0 document that reads well in any tool."""

from pathlib import Path

import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator

CONTRACT = Path(__file__).resolve().parents[2] / "openapi.yaml"
OUR_TAGS = [
    "meta",
    "pages",
    "images",
    "site",
    "syndication",
    "grants",
    "membership",
    "me",
]


def _spec() -> dict:
    return yaml.safe_load(CONTRACT.read_text())


def _operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def test_openapi_yaml_validates():
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in OpenAPIV30SpecValidator(_spec()).iter_errors()
    ]
    assert not errors, "\n".join(errors[:20])


def test_every_operation_has_a_summary():
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(_spec())
        if not operation.get("summary")
    ]
    assert not missing


def test_our_tags_come_before_the_account_tags():
    names = [tag["name"] for tag in _spec()["tags"]]
    assert names[: len(OUR_TAGS)] == OUR_TAGS
    used = {tag for _, _, op in _operations(_spec()) for tag in op.get("tags", [])}
    assert set(OUR_TAGS) <= used


def test_resolve_documents_a_real_page_path_and_a_redirect():
    operation = _spec()["paths"]["/api/v1/pages/resolve/"]["get"]
    path = next(p for p in operation["parameters"] if p["name"] == "path")
    assert {e["value"] for e in path["examples"].values()} == {
        "/international/",
        "/old-international/",
    }
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    assert any("redirect" in example["value"] for example in examples.values())
