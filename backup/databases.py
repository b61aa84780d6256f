"""The database part of a backup: SQLite's online backup API, or pg_dump's custom format.

Each engine dumps from a live Django connection (a consistent snapshot while the site keeps
running), checks a dumped file before anything is touched, tells whether a target database is
empty, and loads a checked file into a target in one transaction: a failed load leaves the
target as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


class BackupError(Exception):
    """A clear, translated reason why a backup or a restore cannot go on."""


def engine_name(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(_("Backups support SQLite and PostgreSQL, not %(engine)s.")
                      % {"engine": engine})


class SQLite:
    """The embedded default: one file, copied page by page by SQLite's online backup API."""

    name = "sqlite"
    member = "database/db.sqlite3"

    def dump(self, connection, destination: Path) -> None:
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            # One step (pages=-1): a consistent snapshot even while others write.
            connection.connection.backup(target)
        finally:
            target.close()

    def check(self, path: Path) -> None:
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                result = source.execute("PRAGMA integrity_check").fetchone()[0]
                migrations = source.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone()
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(_("The database in the archive is damaged: %(error)s")
                              % {"error": error}) from error
        if result != "ok" or migrations is None:
            raise BackupError(_("The database in the archive is damaged: %(error)s")
                              % {"error": result if result != "ok" else "django_migrations"})

    @staticmethod
    def _open(name: str) -> sqlite3.Connection:
        """The target as Django opens it: a `file:` name is a URI (an in-memory test database)."""
        return sqlite3.connect(name, timeout=20, uri=str(name).startswith("file:"))

    def table_count(self, settings_dict: dict[str, Any]) -> int:
        name = str(settings_dict["NAME"])
        if not name.startswith("file:") and (not Path(name).exists()
                                             or Path(name).stat().st_size == 0):
            return 0
        target = self._open(name)
        try:
            return target.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite_%'").fetchone()[0]
        finally:
            target.close()

    def load(self, path: Path, settings_dict: dict[str, Any], replace: bool) -> None:
        """Copy the checked file into the target with the backup API: one write transaction,
        so the target either becomes the archive's database or stays as it was."""
        name = str(settings_dict["NAME"])
        if not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        target = self._open(name)
        try:
            source.backup(target)
        except sqlite3.Error as error:
            raise BackupError(_("The database could not be restored: %(error)s")
                              % {"error": error}) from error
        finally:
            target.close()
            source.close()


class PostgreSQL:
    """pg_dump's custom format, restored with pg_restore's SQL through one psql transaction."""

    name = "postgresql"
    member = "database/postgresql.dump"

    @staticmethod
    def _tool(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            raise BackupError(_("%(tool)s was not found: install PostgreSQL's client programs "
                                "(apt-get install postgresql-client).") % {"tool": name})
        return path

    @staticmethod
    def environment(settings_dict: dict[str, Any], database: str | None = None) -> dict:
        """libpq's variables for the database of `settings_dict` (Django's own mapping)."""
        from django.db.backends.postgresql.client import DatabaseClient

        _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env.update(extra or {})
        for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
            if settings_dict.get(key):
                env[variable] = str(settings_dict[key])
        env["PGDATABASE"] = database or settings_dict["NAME"]
        env["PGCONNECT_TIMEOUT"] = "10"
        return env

    def _run(self, command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)

    def dump(self, connection, destination: Path) -> None:
        result = self._run([self._tool("pg_dump"), "--format=custom", "--no-password",
                            f"--file={destination}"], self.environment(connection.settings_dict))
        if result.returncode != 0:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})

    def check(self, path: Path) -> None:
        result = self._run([self._tool("pg_restore"), "--list", str(path)], dict(os.environ))
        if result.returncode != 0:
            raise BackupError(_("The database in the archive is damaged: %(error)s")
                              % {"error": result.stderr.strip()})

    def _connect(self, settings_dict: dict[str, Any], database: str):
        import psycopg

        env = self.environment(settings_dict, database)
        return psycopg.connect(
            host=env.get("PGHOST"), port=env.get("PGPORT"), user=env.get("PGUSER"),
            password=env.get("PGPASSWORD"), dbname=database, autocommit=True,
            connect_timeout=10)

    def table_count(self, settings_dict: dict[str, Any]) -> int:
        """User tables in the target (0 when the database does not exist yet)."""
        import psycopg

        try:
            with self._connect(settings_dict, settings_dict["NAME"]) as connection:
                return connection.execute(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN "
                    "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                ).fetchone()[0]
        except psycopg.OperationalError as error:
            if f'database "{settings_dict["NAME"]}" does not exist' in str(error):
                return 0
            raise BackupError(_("PostgreSQL is not reachable: %(error)s")
                              % {"error": str(error).strip()}) from error

    def _create_if_missing(self, settings_dict: dict[str, Any]) -> None:
        import psycopg

        name = settings_dict["NAME"]
        try:
            with self._connect(settings_dict, "postgres") as connection:
                if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                      (name,)).fetchone() is None:
                    connection.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as error:
            raise BackupError(_("The database %(name)s does not exist and could not be created:"
                                " %(error)s") % {"name": name, "error": str(error).strip()}
                              ) from error

    def load(self, path: Path, settings_dict: dict[str, Any], replace: bool) -> None:
        """pg_restore writes the dump as SQL; psql runs it, after emptying the schema when
        `replace`, in a single transaction that stops at the first error."""
        self._create_if_missing(settings_dict)
        env = {**self.environment(settings_dict), "PGOPTIONS": "-c client_min_messages=warning"}
        errors = tempfile.TemporaryFile()
        restore = subprocess.Popen(
            [self._tool("pg_restore"), "--no-owner", "--no-privileges", "--no-comments",
             "--file=-", str(path)], stdout=subprocess.PIPE, stderr=errors, env=env)
        command = [self._tool("psql"), "--no-psqlrc", "--quiet", "--no-password",
                   "--single-transaction", "--set=ON_ERROR_STOP=1"]
        if replace:
            command += ["--command=DROP SCHEMA IF EXISTS public CASCADE",
                        "--command=CREATE SCHEMA public"]
        command += ["--file=-"]
        psql = subprocess.run(command, stdin=restore.stdout, capture_output=True, text=True,
                              env=env)
        restore.stdout.close()
        restore.wait()
        errors.seek(0)
        restore_error = errors.read().decode(errors="replace").strip()
        errors.close()
        if restore.returncode != 0 or psql.returncode != 0:
            detail = "\n".join(part for part in (restore_error, psql.stderr.strip()) if part)
            raise BackupError(_("The database could not be restored; it was left as it was: "
                                "%(error)s") % {"error": detail[-2000:]})


def engine_for(settings_dict: dict[str, Any]) -> SQLite | PostgreSQL:
    return {"sqlite": SQLite, "postgresql": PostgreSQL}[engine_name(settings_dict)]()
