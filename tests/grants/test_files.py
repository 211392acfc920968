import io

import pytest

from grants.files import DOCX, ODT, PDF, detect_document_type
from tests.grants import documents


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (documents.pdf(), PDF),
        (documents.docx(), DOCX),
        (documents.odt(), ODT),
        (documents.ods(), None),
        (documents.plain_zip(), None),
        (b"PK\x03\x04 broken zip", None),
        (b"<html>%PDF-</html>", None),
        (b"", None),
    ],
)
def test_document_type_is_recognised_by_content(content, expected):
    assert detect_document_type(io.BytesIO(content)) == expected
