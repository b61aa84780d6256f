"""Back up a populated site, restore it into a fresh database and media folder, compare.

Every test runs on the suite's database: SQLite on the first pass, PostgreSQL (pg_dump,
pg_restore, psql) on the second. A bad archive or a target that is not empty must change
nothing. The site is committed (a dump reads it from another session), so these tests are
transactional; each builds the site once and tries several things on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from backup import archive, databases
from backup.archive import BackupError, create_backup, restore_backup
from backup.tests.conftest import media_checksums, source_rows, target_rows

pytestmark = pytest.mark.django_db(transaction=True)

SKIPPED_MEDIA = ("live", "episodes/7/.tmp-abc")
STATION_TABLES = ("news_article", "wagtailcore_revision", "newsroom_retainedrevision",
                  "newsroom_takedownrecord", "metrics_articledailyviews", "wagtailimages_image",
                  "wagtailimages_rendition", "wagtaildocs_document", "notices_announcement",
                  "notices_officialdocument", "auth_user")


def _assert_same_site(target: dict, media_root: Path) -> None:
    expected = source_rows()
    actual = target_rows(target["settings"])
    assert set(actual) == set(expected)
    for table in expected:
        assert actual[table] == expected[table], table
    for table in STATION_TABLES:
        assert actual[table][1], f"{table} is empty: the test site lacks it"
    files = media_checksums(media_root, skip=SKIPPED_MEDIA)
    assert any(name.startswith("images/") for name in files)  # the rendition
    assert any(name.startswith("original_images/") for name in files)
    assert any(name.startswith("documents/") for name in files)
    assert media_checksums(target["media"]) == files


def _snapshot(target: dict) -> tuple[dict, dict]:
    return target_rows(target["settings"]), media_checksums(target["media"])


def _restore(path: Path, target: dict, **options):
    return restore_backup(path, settings_dict=target["settings"], media_root=target["media"],
                          **options)


def test_a_restore_gives_back_every_row_and_every_file(populated_site, restore_target,
                                                       media_root, tmp_path):
    result = create_backup(tmp_path / "backups")
    assert result.path.name.startswith("toasoan-backup-") and result.path.suffix == ".tar"
    assert not list(result.path.parent.glob("*.partial"))

    restored = _restore(result.path, restore_target)
    _assert_same_site(restore_target, media_root)
    assert restored.media_files == len(media_checksums(media_root, skip=SKIPPED_MEDIA))
    # Regenerable or unfinished outputs stay out.
    assert not (restore_target["media"] / "live").exists()
    assert not (restore_target["media"] / "episodes" / "7").exists()

    # Now the target holds a site: without FORCE nothing is touched, with a clear message.
    (restore_target["media"] / "own.txt").write_text("giữ nguyên")
    before = _snapshot(restore_target)
    with pytest.raises(BackupError) as error, translation.override("vi"):
        _restore(result.path, restore_target)
    assert "không trống" in str(error.value) and "FORCE=1" in str(error.value)
    assert _snapshot(restore_target) == before

    # FORCE replaces the database and the media folder with the archive's.
    _restore(result.path, restore_target, replace=True)
    _assert_same_site(restore_target, media_root)


def _damage_byte_inside(path: Path, member: str) -> None:
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data
    with open(path, "r+b") as handle:
        handle.seek(offset + 100)
        byte = handle.read(1)
        handle.seek(offset + 100)
        handle.write(bytes([byte[0] ^ 0xFF]))


def _rewrite_member(source: Path, target: Path, member_name: str, data: bytes) -> None:
    """A copy of the archive whose member holds `data`, with a manifest that agrees: only the
    later checks can find out."""
    with tarfile.open(source) as tar:
        manifest = json.loads(tar.extractfile(archive.MANIFEST).read())
        if member_name != archive.MANIFEST:
            manifest["files"][member_name].update(size=len(data),
                                                  sha256=hashlib.sha256(data).hexdigest())
        with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
            for member in tar.getmembers():
                if member.name == member_name:
                    payload = data
                elif member.name == archive.MANIFEST:
                    payload = json.dumps(manifest).encode()
                else:
                    payload = tar.extractfile(member).read()
                member.size = len(payload)
                out.addfile(member, archive._BytesReader(payload))


def _bad_archives(good: Path) -> dict[str, Path]:
    """One damaged copy of `good` per way an archive goes bad."""
    database_member = databases.engine_for(connection.settings_dict).member
    with tarfile.open(good) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(archive.MANIFEST).read())
    bad = {}

    def copy(kind: str) -> Path:
        path = good.with_name(f"bad-{kind.replace(' ', '-')}.tar")
        shutil.copy(good, path)
        bad[kind] = path
        return path

    with open(copy("truncated"), "r+b") as handle:
        handle.truncate(good.stat().st_size // 2)
    with open(copy("cut before the manifest"), "r+b") as handle:
        with tarfile.open(good) as tar:
            handle.truncate(tar.getmember(archive.MANIFEST).offset)
    _damage_byte_inside(copy("media byte"),
                        next(name for name in names if name.startswith("media/original")))
    _damage_byte_inside(copy("database byte"), database_member)
    copy("not a tar").write_bytes(b"PK\x03\x04 not an archive at all")
    copy("empty").write_bytes(b"")
    with tarfile.open(good) as source, tarfile.open(copy("no manifest"), "w") as target:
        for member in source.getmembers():
            if member.name != archive.MANIFEST:
                target.addfile(member, source.extractfile(member))
    _rewrite_member(good, copy("database that is not one"), database_member,
                    b"SQLite format 3\x00" + b"\x07" * 8192)
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite_member(good, copy("other engine"), archive.MANIFEST, json.dumps(manifest).encode())
    with tarfile.open(copy("escaping name"), "w") as tar:
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 1
        tar.addfile(info, archive._BytesReader(b"x"))
    return bad


def test_a_bad_archive_is_refused_and_the_target_stays_as_it_was(populated_site,
                                                                 restore_target, tmp_path):
    good = create_backup(tmp_path / "backups").path
    _restore(good, restore_target)
    (restore_target["media"] / "own.txt").write_text("giữ nguyên")
    before = _snapshot(restore_target)
    for kind, path in _bad_archives(good).items():
        with pytest.raises(BackupError) as error, translation.override("vi"):
            _restore(path, restore_target, replace=True)
        if kind not in {"database that is not one", "other engine", "escaping name"}:
            assert "hỏng" in str(error.value), kind
        assert _snapshot(restore_target) == before, kind
        assert not list(restore_target["media"].parent.glob(".restore-*")), kind
    assert not (tmp_path / "escaped.txt").exists()
    assert not (restore_target["media"].parent / "escaped.txt").exists()


@pytest.mark.postgres
def test_a_load_that_fails_half_way_rolls_everything_back(populated_site, restore_target,
                                                          monkeypatch, tmp_path):
    """psql runs the emptying of the schema and the whole dump in one transaction: a failure
    after the last statement still leaves the old site in place."""
    good = create_backup(tmp_path / "backups").path
    _restore(good, restore_target)
    real_psql = shutil.which("psql")
    wrapper = tmp_path / "psql"
    wrapper.write_text(f'#!/bin/sh\nexec {real_psql} "$@" --command="SELECT 1/0"\n')
    wrapper.chmod(0o755)
    real_which = shutil.which
    monkeypatch.setattr(databases.shutil, "which",
                        lambda name: str(wrapper) if name == "psql" else real_which(name))
    before = _snapshot(restore_target)
    with pytest.raises(BackupError) as error:
        _restore(good, restore_target, replace=True)
    assert "division by zero" in str(error.value)
    assert _snapshot(restore_target) == before


def test_an_empty_database_with_media_files_is_refused_too(media_root, restore_target,
                                                           tmp_path):
    good = create_backup(tmp_path / "backups").path
    restore_target["media"].mkdir(parents=True)
    (restore_target["media"] / "anh.jpg").write_bytes(b"x")
    before = media_checksums(restore_target["media"])
    with pytest.raises(BackupError, match="FORCE=1"):
        _restore(good, restore_target)
    settings_dict = restore_target["settings"]
    assert databases.engine_for(settings_dict).table_count(settings_dict) == 0
    assert media_checksums(restore_target["media"]) == before


def test_secret_files_travel_with_the_data(media_root, settings, tmp_path, restore_target):
    secret_key = tmp_path / "etc" / "secret_key"
    env_file = tmp_path / "etc" / "toasoan.env"
    secret_key.parent.mkdir()
    secret_key.write_text("khoá-bí-mật\n")
    secret_key.chmod(0o600)
    env_file.write_text("SECRET_KEY=khoá-bí-mật\nDATABASE_URL=postgres://toasoan@db/toasoan\n")
    settings.BACKUP_SECRET_FILES = (str(secret_key), str(tmp_path / "etc" / "missing"))
    result = create_backup(tmp_path / "backups", env_files=[str(env_file)])
    assert result.secrets == [str(secret_key), str(env_file)]

    secret_key.unlink()
    env_file.write_text("DATABASE_URL=postgres://toasoan@new-server/toasoan\n")
    restored = _restore(result.path, restore_target)
    assert secret_key.read_text() == "khoá-bí-mật\n"
    assert oct(secret_key.stat().st_mode & 0o777) == "0o600"
    # An existing, different file is never overwritten: the archive's copy goes beside it.
    assert env_file.read_text() == "DATABASE_URL=postgres://toasoan@new-server/toasoan\n"
    assert Path(f"{env_file}.restored").read_text().startswith("SECRET_KEY=khoá-bí-mật")
    assert restored.secrets_kept == [str(env_file)]


def test_the_commands_write_private_archives_and_refuse_clearly(media_root, tmp_path, settings,
                                                                monkeypatch):
    settings.BACKUP_DIR = str(tmp_path / "nightly" / "backups")
    out = StringIO()
    call_command("backup", stdout=out)
    written = list((tmp_path / "nightly" / "backups").glob("toasoan-backup-*.tar"))
    assert len(written) == 1 and written[0].name in out.getvalue()
    # Archives hold the secrets: only their owner reads them.
    assert oct((tmp_path / "nightly" / "backups").stat().st_mode & 0o777) == "0o700"
    assert os.stat(written[0]).st_mode & 0o077 == 0
    # The suite's database is not empty: the command refuses and names FORCE=1.
    with pytest.raises(CommandError, match="FORCE=1"):
        call_command("restore", str(written[0]))
    (tmp_path / "empty.tar").write_bytes(b"")
    with pytest.raises(CommandError, match="hỏng"), translation.override("vi"):
        call_command("restore", str(tmp_path / "empty.tar"), "--force")

    # A backup that fails half way leaves no archive behind, not even a partial one.
    def broken_dump(self, connection, destination):
        destination.write_bytes(b"half")
        raise BackupError("pg_dump failed: disk full")

    monkeypatch.setattr(type(databases.engine_for(connection.settings_dict)), "dump",
                        broken_dump)
    with pytest.raises(CommandError, match="disk full"):
        call_command("backup", stdout=StringIO())
    assert list((tmp_path / "nightly" / "backups").iterdir()) == written
