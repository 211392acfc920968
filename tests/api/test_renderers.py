"""The API's JSON is orjson's, and byte for byte what DRF's renderer writes."""

import datetime
import decimal
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from api.renderers import JSONRenderer, dumps, loads

VALUES = [
    {
        "title": "Bibliothèques — \u2018solidarité\u2019",
        "n": 3,
        "ok": True,
        "none": None,
    },
    {"at": datetime.datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=datetime.UTC)},
    {
        "at": datetime.datetime(
            2026, 6, 1, 18, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki")
        )
    },
    {"naive": datetime.datetime(2026, 1, 2, 3, 4, 5)},
    {"day": datetime.date(2026, 3, 1), "time": datetime.time(9, 5, 0, 250000)},
    {"amount": decimal.Decimal("1250.50"), "id": uuid.UUID(int=7)},
    {"lazy": gettext_lazy("Open"), "nested": [[1, 2.5], {"a": (1, 2)}]},
    {"separators": "line\u2028paragraph\u2029end", "float": 0.1 + 0.2},
    {"ints as keys": {1: "one", 2: "two"}},
    {"beyond 64 bits": 2**70},
    [],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_the_bytes_are_drfs(value):
    assert dumps(value) == DRFJSONRenderer().render(value)
    assert JSONRenderer().render(value) == DRFJSONRenderer().render(value)


def test_what_is_read_back_is_what_the_standard_library_reads():
    import json

    body = dumps(VALUES[0] | VALUES[7])
    assert loads(body) == json.loads(body)


def test_indent_asked_for_in_accept_still_indents():
    body = JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert body == b'{\n  "a": [\n    1\n  ]\n}'


def test_the_api_answers_with_this_renderer(anon):
    response = anon.get("/api/v1/site/")
    assert response.status_code == 200
    assert response.content == DRFJSONRenderer().render(response.json())
