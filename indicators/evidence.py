"""Checks on uploaded evidence files: size, type by content rather than by name, and what
the content holds: no HTML hidden in a PDF or an image (a polyglot), no PDF with scripts,
launch actions or embedded files, no Office file with macros, ActiveX or embedded OLE
objects, and no legacy OLE file (.doc, .xls, .ppt) at all, whose macros cannot be checked."""

import re
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
}
LEGACY = {"doc", "xls", "ppt"}
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
    if extension in LEGACY:
        raise ValidationError(
            _(
                "Old Office files (.doc, .xls, .ppt) are not accepted: save the file as .docx, "
                ".xlsx, .pptx or PDF and attach that."
            ),
            code="legacy",
        )
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
    problem = _dangerous_content(upload, found)
    if problem is not None:
        raise ValidationError(problem, code="dangerous")
    content_type = LEGACY_TYPES.get(extension, found[0])
    try:
        safe_name = get_valid_filename(name.replace("\\", "/").rsplit("/", 1)[-1])[:200]
    except SuspiciousFileOperation:
        safe_name = f"evidence.{extension}"
    return safe_name, content_type, extension


# Markup a browser would run if it ever read the file as HTML (tags of five letters or more,
# so that compressed image data does not match them by chance).
_HTML = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b|javascript:",
    re.IGNORECASE,
)
# PDF names that run something or carry other files (after #xx escapes are decoded).
_PDF_ACTIVE = {
    b"/JavaScript": gettext_noop("JavaScript"),
    b"/JS": gettext_noop("JavaScript"),
    b"/Launch": gettext_noop("a launch action"),
    b"/EmbeddedFile": gettext_noop("embedded files"),
    b"/EmbeddedFiles": gettext_noop("embedded files"),
    b"/RichMedia": gettext_noop("embedded media"),
    b"/XFA": gettext_noop("an XFA form"),
    b"/SubmitForm": gettext_noop("a form that sends data"),
    b"/ImportData": gettext_noop("a form that imports data"),
}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Office parts that hold macros, ActiveX controls or embedded OLE objects (which may carry
# a program).
_OFFICE_ACTIVE = re.compile(
    r"(?:vbaProject\.bin|vbaData\.xml|/activeX/|/embeddings/.*\.bin$|\.(?:exe|dll|js|vbs|ps1)$)",
    re.IGNORECASE,
)
MAX_INFLATED = 50 * 1024 * 1024  # bytes of decompressed PDF streams read at most


def _pdf_texts(content: bytes):
    """The PDF as written, then each of its streams decompressed (object streams may hide
    dictionaries), up to ``MAX_INFLATED`` bytes in all."""
    yield content
    budget = MAX_INFLATED
    for match in _PDF_STREAM.finditer(content):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(match.group(1).strip(b"\r\n"), budget)
        except zlib.error:
            continue
        budget -= len(data)
        yield data


def _pdf_problem(content: bytes) -> str | None:
    for text in _pdf_texts(content):
        for name in _PDF_NAME.findall(text):
            plain = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
            if plain in _PDF_ACTIVE:
                return _PDF_ACTIVE[plain]
        if _HTML.search(text):
            return gettext_noop("web page code")
    return None


def holds_web_code(content: bytes) -> bool:
    """Whether bytes hold markup a browser would run (an image that is also a web page)."""
    return bool(_HTML.search(content))


def _dangerous_content(upload, kind) -> str | None:
    """Why a file of the right type is still refused (a translated message), or None."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if kind == PDF:
        found = _pdf_problem(content)
        if found is not None:
            return _("The PDF holds %(what)s, which is not accepted as evidence.") % {"what": found}
    elif kind in (PNG, JPEG):
        if _HTML.search(content):
            return _("The image also holds web page code, which is not accepted as evidence.")
    else:  # Office Open XML
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        upload.seek(0)
        if any(_OFFICE_ACTIVE.search(name) for name in names) or b"macroEnabled" in types:
            return _(
                "The Office file holds macros, ActiveX controls or embedded programs, which "
                "are not accepted as evidence."
            )
    return None
