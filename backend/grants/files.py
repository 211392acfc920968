"""Recognise an uploaded document by its content, never by its name."""

import zipfile
from typing import IO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}


def detect_document_type(fileobj: IO[bytes]) -> str | None:
    """PDF, DOCX or ODT by magic bytes and zip structure; None for anything else."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                # The OpenDocument mimetype entry is tiny; refuse to inflate more.
                if info.file_size <= 100 and archive.read("mimetype").strip() == (
                    ODT.encode()
                ):
                    return ODT
                return None
            if "[Content_Types].xml" in names and any(
                name.startswith("word/") for name in names
            ):
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        fileobj.seek(0)
    return None
