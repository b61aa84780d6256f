"""A populated site to back up, and what to compare after a restore: every table's rows and
every media file's checksum, read straight from the databases and the disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from backup import databases

DUMMY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _jpeg(colour: str) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "site" / "media"
    root.mkdir(parents=True)
    settings.MEDIA_ROOT = str(root)
    settings.BACKUP_SECRET_FILES = ()
    return root


@pytest.fixture
def populated_site(transactional_db, media_root, sections, make_article):
    """Articles with revisions, images with a rendition, documents, view counts, the
    takedown log, announcements and official documents; committed (a dump runs in another
    session). Also a regenerable demo stream and an unfinished transcode, both left out."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from metrics.models import ArticleDailyViews
    from newsroom import services
    from notices.models import Announcement, AnnouncementAttachment, OfficialDocument

    if not Collection.objects.filter(depth=1).exists():  # flushed by an earlier test
        Collection.add_root(name="Root")
    admin = get_user_model().objects.create_superuser("quantri", password="Mật-khẩu-thử-2026")
    image = get_image_model().objects.create(
        title="Cầu nông thôn", file=ContentFile(_jpeg("#2a6"), name="cầu-nông-thôn.jpg"))
    image.get_rendition("fill-160x100")
    pdf = get_document_model().objects.create(
        title="Công văn 245", file=ContentFile(DUMMY_PDF, name="công-văn-245.pdf"))
    articles = []
    for number in range(3):
        article = make_article(title=f"Bài số {number}: Sóc Trăng khánh thành cầu",
                               primary_section=sections["local"], featured_image=image,
                               live=False, published_at=None)
        article.save_revision(user=admin).publish(user=admin)
        article.title += " (cập nhật)"
        article.save_revision(user=admin).publish(user=admin)
        articles.append(article)
    for offset, article in enumerate(articles):
        ArticleDailyViews.objects.create(article=article, day=date.today() - timedelta(offset),
                                         count=1136 + offset)
        type(article).objects.filter(pk=article.pk).update(view_count=1136 + offset)
    services.withdraw(articles[0], admin, "Sai thông tin, gỡ theo yêu cầu của Sở TT&TT")
    announcement = Announcement.objects.create(title="Thông báo tuyển cộng tác viên",
                                               published_at=timezone.now(), live=True)
    AnnouncementAttachment.objects.create(announcement=announcement, document=pdf,
                                          label="Mẫu đơn")
    announcement.save_revision(user=admin)
    OfficialDocument.objects.create(number="245-CV/ĐPTTH", issuer="Đài PT-TH Sóc Trăng",
                                    issued_on=date(2024, 5, 1), subject="Lịch phát sóng",
                                    file=pdf, live=True)
    (media_root / "live" / "stv1").mkdir(parents=True)
    (media_root / "live" / "stv1" / "loop.m3u8").write_text("#EXTM3U\n")
    (media_root / "episodes" / "7" / ".tmp-abc").mkdir(parents=True)
    (media_root / "episodes" / "7" / ".tmp-abc" / "part.ts").write_bytes(b"\0" * 188)
    return {"articles": articles, "image": image, "document": pdf}


def media_checksums(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every file under `root` by relative path, without the `skip` folders."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not any(relative.startswith(f"{prefix}/") for prefix in skip):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _plain(value):
    """One spelling per value: aware datetimes in UTC (connections differ in time zone)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    return value


def _sorted_rows(rows) -> list[tuple]:
    return sorted((tuple(_plain(value) for value in row) for row in rows), key=repr)


def _read_tables(cursor, tables: list[str]) -> dict[str, list[tuple]]:
    contents = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        columns = [column[0] for column in cursor.description]
        contents[table] = [columns, _sorted_rows(cursor.fetchall())]
    return contents


def source_rows() -> dict[str, list]:
    """Every table of the test database (and SQLite's sequences, PostgreSQL's sequences)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            tables = [row[0] for row in cursor.fetchall()]
            return _read_tables(cursor, tables)
        return _postgres_rows(cursor)


def _postgres_rows(cursor) -> dict[str, list]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    contents = _read_tables(cursor, [row[0] for row in cursor.fetchall()])
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                   "WHERE schemaname = 'public' ORDER BY 1")
    contents["<sequences>"] = cursor.fetchall()
    return contents


def target_rows(settings_dict: dict) -> dict[str, list]:
    """The same, read from a restored database that Django is not connected to."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        # The converters Django registered for its declared types apply here too.
        target = sqlite3.connect(settings_dict["NAME"],
                                 detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        try:
            cursor = target.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return _read_tables(cursor, [row[0] for row in cursor.fetchall()])
        finally:
            target.close()
    from psycopg.types.string import TextLoader

    with postgres_connection(settings_dict, settings_dict["NAME"]) as target:
        # As Django reads them: JSON as text (Django decodes it itself).
        for name in ("json", "jsonb"):
            target.adapters.register_loader(name, TextLoader)
        with target.cursor() as cursor:
            return _postgres_rows(cursor)


def postgres_connection(settings_dict: dict, database: str):
    import psycopg

    env = databases.PostgreSQL.environment(settings_dict, database)
    return psycopg.connect(host=env.get("PGHOST"), port=env.get("PGPORT"),
                           user=env.get("PGUSER"), password=env.get("PGPASSWORD"),
                           dbname=database, autocommit=True)


@pytest.fixture
def restore_target(tmp_path):
    """A fresh database of the test database's engine, and a fresh media folder."""
    settings_dict = dict(connection.settings_dict)
    created = None
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored" / "db.sqlite3")
    else:
        created = f"{connection.settings_dict['NAME']}_restore"
        settings_dict["NAME"] = created
        _drop_database(settings_dict, created)
    yield {"settings": settings_dict, "media": tmp_path / "restored" / "media"}
    if created:
        _drop_database(settings_dict, created)


def _drop_database(settings_dict: dict, name: str) -> None:
    with postgres_connection(settings_dict, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
