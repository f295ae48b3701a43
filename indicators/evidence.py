"""Checks on uploaded evidence files: size, and type by content rather than by name."""

import zipfile

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# extension → (content type, how to recognise the content)
PDF = ("application/pdf", "pdf")
PNG = ("image/png", "png")
JPEG = ("image/jpeg", "jpeg")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
OLE = ("application/x-ole-storage", "ole")  # legacy .doc, .xls, .ppt

EXTENSIONS = {
    "pdf": {PDF},
    "png": {PNG},
    "jpg": {JPEG},
    "jpeg": {JPEG},
    "docx": {DOCX},
    "xlsx": {XLSX},
    "pptx": {PPTX},
    "doc": {OLE},
    "xls": {OLE},
    "ppt": {OLE},
}
LEGACY_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def max_bytes() -> int:
    return getattr(settings, "MARSAD_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def sniff(upload) -> tuple[str, str] | None:
    """What the file really is, from its first bytes (and, for Office files, its parts)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for prefix, kind in OOXML_PARTS.items():
            if any(name.startswith(prefix) for name in names):
                return kind
    return None


def check_upload(upload) -> tuple[str, str, str]:
    """Validate an upload; returns (safe original name, content type, extension)."""
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    name = upload.name or "evidence"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = EXTENSIONS.get(extension)
    if allowed is None:
        raise ValidationError(
            _("Only PDF, PNG, JPEG and Office files (Word, Excel, PowerPoint) are accepted."),
            code="type",
        )
    found = sniff(upload)
    if found not in allowed:
        raise ValidationError(
            _("The file's content is not what its name says (.%(ext)s); it was refused.")
            % {"ext": extension},
            code="content",
        )
    content_type = LEGACY_TYPES.get(extension, found[0])
    try:
        safe_name = get_valid_filename(name.replace("\\", "/").rsplit("/", 1)[-1])[:200]
    except SuspiciousFileOperation:
        safe_name = f"evidence.{extension}"
    return safe_name, content_type, extension
