"""Uploaded documents: a file whose content does not match its extension is refused at upload
(in Vietnamese, nothing stored); documents go out as downloads with nosniff; a private
collection's documents are reachable only through Wagtail's view, never by /media/.

Run on SQLite and PostgreSQL. Each attack is a real upload through the admin's views.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from core.documents import content_matches_extension

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"/>')


def zipped(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def docx(thumbnail_first: bool = False) -> bytes:
    """A Word document's archive: its parts in Word's order, or a thumbnail first."""
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", b"<Relationships/>"),
             ("word/document.xml", b"<w:document/>")]
    if thumbnail_first:
        parts.insert(1, ("docProps/thumbnail.jpeg", bytes(range(256)) * 64))
    return zipped(parts)


def xlsx() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    return zipped([("mimetype", b"application/vnd.oasis.opendocument.text"),
                   ("content.xml", b"<office:document-content/>")], stored_first=True)


def ole2() -> bytes:
    """The smallest OLE2 compound file (the container of .doc and .xls): header, one FAT
    sector, a directory with its root entry."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    for index in range(109):
        struct.pack_into("<I", header, 0x4C + 4 * index, 0xFFFFFFFF)
    struct.pack_into("<I", header, 0x4C, 0)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    directory = bytearray(512)
    name = "Root Entry".encode("utf-16-le") + b"\0\0"
    directory[0:len(name)] = name
    struct.pack_into("<H", directory, 0x40, len(name))
    directory[0x42], directory[0x43] = 5, 1
    struct.pack_into("<III", directory, 0x44, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    struct.pack_into("<I", directory, 0x74, 0xFFFFFFFE)
    return bytes(header + fat + directory)


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
ATTACKS = {
    "HTML page renamed .pdf": ("cong-van.pdf", HTML),
    "script without a doctype renamed .pdf": ("cong-van.pdf", b"<script>alert(1)</script>"),
    "SVG with a script renamed .pdf": (
        "cong-van.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                        b"</svg>"),
    "Linux program renamed .pdf": ("cong-van.pdf", Path("/bin/ls").read_bytes()[:65536]),
    "Windows program renamed .doc": (
        "to-trinh.doc", b"MZ\x90\x00" + b"\x00" * 56 + b"\x40\x00\x00\x00PE\x00\x00"
                        + b"\x00" * 400),
    ".docx that is not a zip": ("bao-cao.docx", b"PK but not really a zip archive"),
    ".docx that is another zip": ("bao-cao.docx", zipped([("virus.exe", b"MZ")])),
    ".xlsx that is a Word document": ("bang-tinh.xlsx", docx()),
    ".doc that is a PDF": ("to-trinh.doc", PDF),
}
GENUINE = {
    "PDF": ("cong-van.pdf", PDF),
    "Word document": ("bao-cao.docx", docx()),
    "Word document with its thumbnail first": ("bao-cao.docx", docx(thumbnail_first=True)),
    "Excel workbook": ("bang-tinh.xlsx", xlsx()),
    "OpenDocument text": ("van-ban.odt", odt()),
    "Word 97-2003 document": ("to-trinh.doc", ole2()),
    "Excel 97-2003 workbook": ("bang-tinh.xls", ole2()),
    "zip archive": ("ho-so.zip", zipped([("a.txt", b"hello")])),
}


@pytest.fixture
def admin_client(db) -> Client:
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x-Pass-2026")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(media: Path) -> list[str]:
    folder = media / "documents"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def root_collection() -> Collection:
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_file_whose_content_is_not_its_extension_is_refused(admin_client, media, attack):
    name, data = ATTACKS[attack]
    before = Document.objects.count()
    response = admin_client.post("/admin/documents/add/", {
        "title": "Tệp giả", "file": SimpleUploadedFile(name, data),
        "collection": root_collection().pk})
    assert response.status_code == 200  # the form again, with its error
    page = response.content.decode()
    assert f"Nội dung của “{name}” không phải là tệp .{name.rsplit('.', 1)[1]}" in page
    assert "Hãy tải lên chính văn bản, không phải một tệp đã đổi tên." in page
    assert Document.objects.count() == before
    assert stored_files(media) == []


@pytest.mark.parametrize("attack", [".docx that is not a zip", "HTML page renamed .pdf"])
def test_the_multiple_uploader_refuses_it_too(admin_client, media, attack):
    name, data = ATTACKS[attack]
    response = admin_client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile(name, data), "collection": root_collection().pk})
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "không phải là tệp" in answer["error_message"]
    assert not Document.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("kind", GENUINE)
def test_genuine_documents_are_accepted(admin_client, media, kind):
    name, data = GENUINE[kind]
    response = admin_client.post("/admin/documents/add/", {
        "title": kind, "file": SimpleUploadedFile(name, data),
        "collection": root_collection().pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title=kind)
    assert document.file.read() == data


def test_replacing_a_file_is_checked_and_leaves_the_old_one(admin_client, media):
    document = Document(title="Công văn", collection=root_collection())
    document.file.save("cong-van.pdf", ContentFile(PDF), save=False)
    document.save()
    response = admin_client.post(f"/admin/documents/edit/{document.pk}/", {
        "title": "Công văn", "file": SimpleUploadedFile("cong-van.pdf", HTML),
        "collection": document.collection_id})
    assert response.status_code == 200 and "không phải là tệp .pdf" in response.content.decode()
    document.refresh_from_db()
    document.file.open()
    assert document.file.read() == PDF


def test_images_are_checked_by_wagtail(admin_client, media):
    """Images: Wagtail (Willow) reads the content and compares it with the extension, and
    takes no SVG (which could carry a script)."""
    from wagtail.images.models import Image

    for name, error in (("anh.png", "Không phải hình ảnh .png hợp lệ."),
                        ("anh.svg", "Định dạng hình ảnh không được hỗ trợ.")):
        response = admin_client.post("/admin/images/add/", {
            "title": "Ảnh giả", "file": SimpleUploadedFile(name, HTML),
            "collection": root_collection().pk})
        assert response.status_code == 200
        assert error in response.content.decode(), name
    assert not Image.objects.exists()


def test_content_checks_read_only_the_file():
    name, data = GENUINE["Word document"]
    upload = io.BytesIO(data)
    upload.read(10)
    assert content_matches_extension(upload, name)[0]
    assert upload.tell() == 0


# --- serving -----------------------------------------------------------------------------------


def make_document(name: str, data: bytes, collection: Collection | None = None) -> Document:
    document = Document(title=name, collection=collection or root_collection())
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def test_documents_download_with_nosniff_even_pdfs(client, media):
    for name, data in (("cong-van.pdf", PDF), ("bao-cao.docx", docx())):
        document = make_document(name, data)
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert f'filename="{document.filename}"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
        assert b"".join(response.streaming_content) == data


def test_pdfs_open_in_the_browser_only_when_chosen(client, media, settings):
    settings.WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]  # DOCUMENTS_INLINE_PDF=1
    pdf, word = make_document("cong-van.pdf", PDF), make_document("bao-cao.docx", docx())
    assert client.get(pdf.url)["Content-Disposition"].startswith("inline")
    assert client.get(word.url)["Content-Disposition"].startswith("attachment;")


def test_media_address_of_a_document_is_not_served(client, media, settings):
    """Before: /media/documents/<file> served any document, a private one included."""
    settings.SERVE_MEDIA = True
    document = make_document("cong-van.pdf", PDF)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/media/images/../{document.file.name}").status_code == 404
    (media / "images").mkdir()
    (media / "images" / "anh.png").write_bytes(b"\x89PNG\r\n")
    other = client.get("/media/images/anh.png")
    assert other.status_code == 200 and other["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def private(db) -> dict:
    root = root_collection()
    staff = root.add_child(name="Nội bộ")
    group = Group.objects.create(name="Ban biên tập")
    restriction = CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(group)
    signed = root.add_child(name="Cần đăng nhập")
    CollectionViewRestriction.objects.create(collection=signed,
                                             restriction_type=CollectionViewRestriction.LOGIN)
    secret = root.add_child(name="Có mật khẩu")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.PASSWORD,
        password="mat-khau")
    return {"group": group, "groups": make_document("noi-bo.pdf", PDF, staff),
            "login": make_document("dang-nhap.pdf", PDF, signed),
            "password": make_document("mat-khau.pdf", PDF, secret)}


def test_private_documents_ask_visitors_to_sign_in_instead_of_failing(client, media, private):
    """Before: 500 (Wagtail reversed a front-end login address the portal does not have)."""
    for kind in ("groups", "login"):
        response = client.get(private[kind].url, follow=True)
        assert response.redirect_chain[-1][0] == (
            f"/admin/login/?next={quote(private[kind].url, safe='')}")
        assert response.status_code == 200
    form = client.get(private["password"].url)
    assert form.status_code == 200 and b"%PDF" not in form.content


def test_signed_in_outsiders_get_403_and_members_the_file(media, private):
    """Before: a signed-in user outside the group went round between the document and the
    sign-in page."""
    users = get_user_model().objects
    outsider = Client(HTTP_ACCEPT_LANGUAGE="vi")
    outsider.force_login(users.create_user("phongvien", password="x-Pass-2026"))
    refused = outsider.get(private["groups"].url)
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()
    member = users.create_user("bientap", password="x-Pass-2026")
    member.groups.add(private["group"])
    insider = Client()
    insider.force_login(member)
    allowed = insider.get(private["groups"].url)
    assert allowed.status_code == 200 and b"".join(allowed.streaming_content) == PDF
    assert outsider.get(private["login"].url).status_code == 200


def test_behind_nginx_the_view_hands_the_file_over(client, media, settings):
    """Production: X-Accel-Redirect to nginx's internal location, with the headers."""
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(media / "documents")
    settings.SENDFILE_URL = "/media/documents"
    document = make_document("công văn số 5.pdf", PDF)
    response = client.get(document.url)
    assert response["X-Accel-Redirect"] == quote(f"/media/documents/{document.filename}")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == b""
