"""One archive holds what a station would lose: the database, the media files, the secrets.

`toasoan-backup-<YYYYmmdd-HHMMSS>.tar` is a plain tar (the dump, photos, PDFs and video are
compressed already) holding

* `database/db.sqlite3` (SQLite's online backup) or `database/postgresql.dump` (pg_dump -Fc);
* `media/<path>`: every file of MEDIA_ROOT but the folders of BACKUP_MEDIA_EXCLUDE;
* `secrets/<n>-<name>`: the environment file, the stack's secret key, the admin password;
* `manifest.json`, written last: the engine, and the size and SHA-256 of every other member.

An archive is written as `<name>.partial` and renamed when complete, so a failed backup never
looks like a good one. A restore reads the whole archive into a staging folder and checks it
against its manifest before it touches anything: a truncated or damaged archive, or a target
that is not empty (unless `replace`), changes nothing. The database is then loaded in one
transaction, and only after that does the staged media folder take MEDIA_ROOT's place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tarfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from backup.conf import conf
from backup.databases import BackupError, engine_for, engine_name

FORMAT = "toasoan-backup"
VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "toasoan-backup-"
NAME_PATTERN = re.compile(r"^toasoan-backup-(\d{8}-\d{6})(?:-\d+)?\.tar$")
CHUNK = 1024 * 1024

__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup_dir", "create_backup",
           "prune", "restore_backup", "secret_files"]


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    media_files: int
    secrets: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    engine: str
    media_files: int
    secrets_written: list[str] = field(default_factory=list)
    secrets_kept: list[str] = field(default_factory=list)


def backup_dir() -> Path:
    configured = conf.BACKUP_DIR
    if configured:
        return Path(configured)
    return Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "backups"


def secret_files(env_files: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """The secret files that exist: BACKUP_SECRET_FILES and the given environment files."""
    found = []
    for name in [*conf.BACKUP_SECRET_FILES, *env_files]:
        path = Path(name)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        if path.is_file() and path not in found:
            found.append(path)
    return found


def _stored_path(path: Path) -> str:
    """A secret's place: relative to the project when inside it, so it follows the code."""
    base = Path(settings.BASE_DIR).resolve()
    resolved = path.resolve()
    return str(resolved.relative_to(base)) if resolved.is_relative_to(base) else str(resolved)


def _excluded(relative: PurePosixPath, excluded: tuple[str, ...]) -> bool:
    return any(relative == PurePosixPath(item) or PurePosixPath(item) in relative.parents
               for item in excluded)


def _media_files(media_root: Path, excluded: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Regular files under MEDIA_ROOT (symlinks not followed), less the excluded folders and
    the unfinished transcodes (`.tmp-…` folders), in a stable order."""
    found = []
    if not media_root.is_dir():
        return found
    for directory, folders, files in os.walk(media_root):
        relative_dir = PurePosixPath(Path(directory).relative_to(media_root).as_posix())
        folders[:] = sorted(name for name in folders if not name.startswith(".tmp-")
                            and not _excluded(relative_dir / name, excluded))
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            found.append((path, str(relative_dir / name).removeprefix("./")))
    return found


class _Hashing:
    """A file reader that hashes what tarfile copies out of it."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, member: str, files: dict[str, dict]) -> bool:
    """Add one file; False when it vanished meanwhile (a media file deleted mid-backup)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return False
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(member)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o600 if member.startswith("secrets/") else 0o644
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    files[member] = {"size": reader.size, "sha256": reader.digest.hexdigest(),
                     "mtime": stat.st_mtime}
    return True


def _archive_path(directory: Path, now: dt.datetime) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    path = directory / f"{PREFIX}{stamp}.tar"
    number = 2
    while path.exists() or path.with_name(path.name + ".partial").exists():
        path = directory / f"{PREFIX}{stamp}-{number}.tar"
        number += 1
    return path


def create_backup(directory: Path | None = None, *, using: str = "default",
                  media_root: str | Path | None = None,
                  env_files: list[str] | tuple[str, ...] = ()) -> BackupResult:
    """Write one archive of the database of `using`, MEDIA_ROOT and the secret files."""
    from django.db import connections

    started = time.monotonic()
    connection = connections[using]
    engine = engine_for(connection.settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory = Path(directory or backup_dir())
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True)  # archives hold the secrets
    now = timezone.now()
    path = _archive_path(directory, now)
    partial = path.with_name(path.name + ".partial")
    work = directory / f".work-{uuid.uuid4().hex}"
    work.mkdir(mode=0o700)
    excluded = tuple(conf.BACKUP_MEDIA_EXCLUDE)
    files: dict[str, dict] = {}
    secrets = []
    media_count = 0
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w",
                                                      format=tarfile.PAX_FORMAT) as archive:
            # The database first: files uploaded during the backup are then extra, never
            # missing for a row the dump holds.
            dump = work / Path(engine.member).name
            engine.dump(connection, dump)
            _add(archive, dump, engine.member, files)
            dump.unlink()
            for number, secret in enumerate(secret_files(env_files)):
                member = f"secrets/{number}-{secret.name}"
                if _add(archive, secret, member, files):
                    files[member]["path"] = _stored_path(secret)
                    files[member]["mode"] = secret.stat().st_mode & 0o777
                    secrets.append(files[member]["path"])
            for file_path, relative in _media_files(media_root, excluded):
                if _add(archive, file_path, f"media/{relative}", files):
                    media_count += 1
            manifest = json.dumps({
                "format": FORMAT, "version": VERSION, "created_at": now.isoformat(),
                "engine": engine.name, "database": engine.member,
                "media_excluded": list(excluded), "files": files,
            }, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(manifest)
            info.mtime = int(time.time())
            info.mode = 0o600
            archive.addfile(info, _BytesReader(manifest))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupResult(path=path, size=path.stat().st_size,
                        seconds=time.monotonic() - started, media_files=media_count,
                        secrets=secrets)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset:end]
        self.offset += len(chunk)
        return chunk


def _safe_member(name: str) -> PurePosixPath:
    """Archive names are relative, under one of the known folders, with no `..`."""
    path = PurePosixPath(name)
    if (path.is_absolute() or ".." in path.parts or not path.parts
            or (path.parts[0] not in {"database", "media", "secrets"} and name != MANIFEST)):
        raise BackupError(_("The archive holds an unexpected entry: %(name)s") % {"name": name})
    return path


def _damaged(error: Exception | str) -> BackupError:
    return BackupError(_("The archive is damaged or incomplete and was not restored; nothing "
                         "was changed (%(error)s).") % {"error": error})


def read_archive(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Extract the archive into `staging` and check every member against the manifest."""
    seen: dict[str, dict] = {}
    manifest = None
    try:
        with tarfile.open(archive_path, mode="r|") as archive:
            for member in archive:
                path = _safe_member(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(_("The archive holds an unexpected entry: %(name)s")
                                      % {"name": member.name})
                source = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read().decode())
                    continue
                target = staging.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if size != member.size:
                    raise _damaged(_("%(name)s is cut short") % {"name": member.name})
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except BackupError:
        raise
    except FileNotFoundError as error:
        raise BackupError(_("No such archive: %(path)s") % {"path": archive_path}) from error
    except (tarfile.TarError, EOFError, OSError, ValueError, UnicodeDecodeError) as error:
        raise _damaged(error) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(_("its manifest is missing"))
    if manifest.get("version") != VERSION:
        raise BackupError(_("This archive's format (version %(version)s) is not one this "
                            "version of toasoan restores.") % {"version": manifest.get("version")})
    expected = manifest.get("files", {})
    if set(expected) != set(seen):
        missing = sorted(set(expected) - set(seen)) or sorted(set(seen) - set(expected))
        raise _damaged(_("entries missing or unlisted: %(names)s")
                       % {"names": ", ".join(missing[:5])})
    for name, facts in expected.items():
        if (facts.get("size"), facts.get("sha256")) != (seen[name]["size"],
                                                         seen[name]["sha256"]):
            raise _damaged(_("%(name)s does not match its checksum") % {"name": name})
    return manifest


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(media_root.iterdir())


def restore_backup(archive_path: str | Path, *, settings_dict: dict[str, Any] | None = None,
                   media_root: str | Path | None = None, replace: bool = False,
                   restore_secrets: bool = True) -> RestoreResult:
    """Restore an archive into an empty database and media folder (or over them: `replace`).

    `settings_dict` is the target database's Django settings (the default database's when
    omitted); the target's engine must be the archive's.
    """
    from django.db import connections

    archive_path = Path(archive_path)
    if settings_dict is None:
        connections["default"].close()
        settings_dict = connections["default"].settings_dict
    engine = engine_for(settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not archive_path.is_file():
        raise BackupError(_("No such archive: %(path)s") % {"path": archive_path})
    tables = engine.table_count(settings_dict)
    if not replace and (tables or not _media_is_empty(media_root)):
        raise BackupError(_(
            "The target is not empty (%(tables)s tables in the database, media folder "
            "%(media)s): a restore goes into an empty install. To replace everything there "
            "with the archive, run it again with FORCE=1 (manage.py restore --force).")
            % {"tables": tables, "media": media_root})
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = media_root.parent / f".restore-{uuid.uuid4().hex}"
    staging.mkdir(mode=0o700)
    try:
        manifest = read_archive(archive_path, staging)
        if manifest["engine"] != engine.name:
            raise BackupError(_("This archive holds a %(archive)s database; the target is "
                                "%(target)s.") % {"archive": manifest["engine"],
                                                  "target": engine_name(settings_dict)})
        dump = staging / manifest["database"]
        engine.check(dump)
        for name, facts in manifest["files"].items():
            if name.startswith("media/") and "mtime" in facts:
                os.utime(staging / name, (facts["mtime"], facts["mtime"]))
        engine.load(dump, settings_dict, replace=bool(tables))
        media_count = sum(1 for name in manifest["files"] if name.startswith("media/"))
        _swap_media(staging / "media", media_root, staging)
        result = RestoreResult(engine=engine.name, media_files=media_count)
        if restore_secrets:
            _restore_secrets(manifest, staging, result)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_media(staged: Path, media_root: Path, staging: Path) -> None:
    """Put the staged media folder in MEDIA_ROOT's place (two renames on one file system);
    the replaced folder is deleted only once the new one is in place."""
    staged.mkdir(exist_ok=True)
    old = staging / "replaced-media"
    try:
        if media_root.exists():
            os.rename(media_root, old)
        os.rename(staged, media_root)
        return
    except OSError:
        # MEDIA_ROOT is a mount point, or on another file system: move the entries instead.
        if old.exists() and not media_root.exists():
            os.rename(old, media_root)
    for entry in list(media_root.iterdir()):
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in staged.iterdir():
        shutil.move(entry, media_root / entry.name)


def _restore_secrets(manifest: dict, staging: Path, result: RestoreResult) -> None:
    """Put each secret file back where it was, never over a different file of the same name
    (that one is kept, and the archive's copy is written beside it as `<name>.restored`)."""
    for name, facts in manifest["files"].items():
        if not name.startswith("secrets/"):
            continue
        target = Path(facts["path"])
        if not target.is_absolute():
            target = Path(settings.BASE_DIR) / target
        data = (staging / name).read_bytes()
        try:
            if target.exists() and target.read_bytes() == data:
                continue
            if target.exists():
                result.secrets_kept.append(str(target))
                target = target.with_name(target.name + ".restored")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, facts.get("mode", 0o600))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            result.secrets_written.append(str(target))
        except OSError as error:
            raise BackupError(_("The data was restored, but the secret file %(path)s could not "
                                "be written (%(error)s): take it from the archive's %(member)s.")
                              % {"path": target, "error": error.strerror, "member": name}
                              ) from error


def archive_times(directory: Path) -> list[tuple[dt.datetime, Path]]:
    """The archives in `directory` with the time in their name, newest first."""
    found = []
    for path in directory.iterdir() if directory.is_dir() else []:
        match = NAME_PATTERN.match(path.name)
        if match and path.is_file():
            found.append((dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), path))
    return sorted(found, reverse=True)


def prune_plan(archives: list[tuple[dt.datetime, Path]], keep_daily: int,
               keep_monthly: int) -> tuple[list[Path], list[Path]]:
    """(kept, deleted): the newest archive of each of the last `keep_daily` days that have
    one and of each of the last `keep_monthly` months; the newest archive is always kept."""
    kept: list[Path] = []
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for index, (moment, path) in enumerate(sorted(archives, reverse=True)):
        day, month = moment.date(), (moment.year, moment.month)
        keep = index == 0
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep = True
        if month not in months and len(months) < keep_monthly:
            months.add(month)
            keep = True
        if keep:
            kept.append(path)
    deleted = [path for _moment, path in archives if path not in kept]
    return kept, deleted


def prune(directory: Path | None = None, keep_daily: int | None = None,
          keep_monthly: int | None = None, dry_run: bool = False) -> tuple[list[Path],
                                                                          list[Path]]:
    """Delete the archives the retention rule does not keep (only files named like ours)."""
    directory = Path(directory or backup_dir())
    keep_daily = conf.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily
    keep_monthly = conf.BACKUP_KEEP_MONTHLY if keep_monthly is None else keep_monthly
    kept, deleted = prune_plan(archive_times(directory), int(keep_daily), int(keep_monthly))
    if not dry_run:
        for path in deleted:
            path.unlink(missing_ok=True)
    return kept, deleted
