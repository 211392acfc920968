"""Recognise an uploaded document by its content, never by its name."""

import zipfile
from typing import IO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}

# DOCX and ODT are zip archives. Whoever opens one (staff, a converter, a
# virus scanner) inflates it, so an archive that claims to grow past these is
# refused: a 1 MB "document" of zeros inflates to 1 GB. Real documents of
# text and images compress about 2-10 times and hold a few dozen entries.
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5000


def unsafe_archive_reason(fileobj: IO[bytes]) -> str | None:
    """Why a zip-based upload is refused (too large inflated, too compressed)."""
    fileobj.seek(0)
    try:
        if fileobj.read(4) != b"PK\x03\x04":
            return None
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None  # not an archive at all: detect_document_type refuses it
    finally:
        fileobj.seek(0)
    if len(infos) > ZIP_MAX_ENTRIES:
        return f"The archive holds more than {ZIP_MAX_ENTRIES} files."
    inflated = sum(info.file_size for info in infos)
    if inflated > ZIP_MAX_UNCOMPRESSED_BYTES:
        return (
            f"The document inflates to {inflated} bytes; at most "
            f"{ZIP_MAX_UNCOMPRESSED_BYTES} are accepted."
        )
    for info in infos:
        if info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1024):
            return "The document is compressed suspiciously well (a zip bomb?)."
    return None


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
