"""Evidence is checked for what it holds, not only its first bytes: polyglots, PDFs that run
scripts or carry files, Office files with macros, and legacy OLE files are refused."""

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.evidence import check_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4 + b"IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def _office(*parts, content_types="<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<document/>")
        for part in parts:
            archive.writestr(part, b"data")
    return buffer.getvalue()


def _pdf_with_stream(dictionary: bytes) -> bytes:
    """A PDF whose dictionary hides in a compressed object stream."""
    packed = zlib.compress(dictionary)
    return (
        b"%PDF-1.5\n1 0 obj<</Type/ObjStm/Filter/FlateDecode/Length "
        + str(len(packed)).encode()
        + b">>stream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer<<>>\n%%EOF\n"
    )


def _check(name: str, content: bytes):
    return check_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", PDF),
        ("a.pdf", _pdf_with_stream(b"<</Type/Page/Contents 4 0 R>>")),
        ("a.png", PNG),
        ("a.jpg", JPEG),
        ("a.docx", _office("word/media/image1.png", "word/embeddings/Sheet1.xlsx")),
    ],
)
def test_ordinary_files_are_accepted(name, content):
    assert _check(name, content)[2] == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.pdf", PDF + b"<html><script>alert(1)</script></html>", "dangerous"),
        (
            "a.pdf",
            PDF.replace(b"<<>>endobj", b"<</OpenAction<</S/JavaScript/JS(x)>>>>"),
            "dangerous",
        ),
        ("a.pdf", PDF.replace(b"<<>>endobj", b"<</S/J#61vaScript>>"), "dangerous"),  # escaped
        ("a.pdf", PDF.replace(b"<<>>endobj", b"<</S/Launch/F(cmd.exe)>>"), "dangerous"),
        ("a.pdf", PDF.replace(b"<<>>endobj", b"<</Names<</EmbeddedFiles 2 0 R>>>>"), "dangerous"),
        ("a.pdf", _pdf_with_stream(b"<</S/JavaScript/JS(app.alert(1))>>"), "dangerous"),
        ("a.png", PNG + b"<!DOCTYPE html><body onload=x>", "dangerous"),
        ("a.jpg", JPEG + b"<svg onload=alert(1)>", "dangerous"),
        ("a.docx", _office("word/vbaProject.bin"), "dangerous"),
        ("a.docx", _office("word/activeX/activeX1.bin"), "dangerous"),
        ("a.docx", _office("word/embeddings/oleObject1.bin"), "dangerous"),
        (
            "a.docx",
            _office(content_types='<Types><Default ContentType="macroEnabled.12"/></Types>'),
            "dangerous",
        ),
        ("a.doc", OLE, "legacy"),
        ("a.xls", OLE, "legacy"),
        ("a.ppt", OLE, "legacy"),
        ("a.pdf", OLE, "content"),
    ],
)
def test_dangerous_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as caught:
        _check(name, content)
    assert caught.value.code == code
