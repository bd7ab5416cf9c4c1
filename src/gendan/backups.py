"""Backups: one archive with the database and the uploaded files.

A backup is a gzipped tar readable only by its owner (0600) holding `manifest.json`
(what this is, which database engine, the applied migrations, row counts), the database
(SQLite through its online backup API, PostgreSQL through pg_dump) and `uploads/`.
Restoring checks that the file is a Gendan backup of this engine and of a schema this
Gendan knows, says what it will replace, keeps the current data as a backup of its own
first, and only then replaces the database and the uploads.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "gendan-backup"
VERSION = 1
COUNTED_TABLES = {
    "users": "auth_user",
    "orders": "sales_order",
    "documents": "core_document",
    "stock_moves": "stock_stockmove",
}


class BackupRefused(Exception):
    """The file cannot be restored here; the message says why (Chinese / English)."""


def _is_sqlite():
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _engine():
    return "sqlite" if _is_sqlite() else "postgresql"


def default_path(prefix="gendan"):
    settings.BACKUP_DIR.mkdir(parents=True, exist_ok=True)
    settings.BACKUP_DIR.chmod(0o700)
    return settings.BACKUP_DIR / f"{prefix}-{timezone.now():%Y%m%d-%H%M%S-%f}.tar.gz"


def backup(path=None):
    """Write one archive (database + uploads + manifest), readable only by its owner."""
    target = Path(path) if path else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    manifest = _manifest()
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / _database_name()
        _dump_database(database)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            tar.add(database, arcname=database.name)
            if Path(settings.MEDIA_ROOT).is_dir():
                tar.add(settings.MEDIA_ROOT, arcname="uploads")
    target.chmod(0o600)
    return target


def describe(path):
    """The manifest of a backup archive; refused with the reason when it is not one
    this Gendan can restore."""
    source = Path(path)
    if not source.is_file():
        raise BackupRefused(f"备份文件不存在 / no such backup file: {source}")
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, ValueError, OSError):
        raise BackupRefused(
            f"这不是 Gendan 备份文件 / {source} is not a Gendan backup "
            "(a .tar.gz written by `gendan backup`)."
        ) from None
    _require_compatible(manifest)
    return manifest


def _require_compatible(manifest):
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupRefused("这不是 Gendan 备份文件 / not a Gendan backup (unknown format).")
    if manifest.get("engine") != _engine():
        raise BackupRefused(
            f"备份来自 {manifest.get('engine')} 数据库，当前是 {_engine()} / the backup is of a "
            f"{manifest.get('engine')} database, this Gendan runs on {_engine()}."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupRefused(
            "备份来自更新版本的 Gendan，请先升级 / the backup was made by a newer Gendan "
            f"(unknown migrations: {', '.join(unknown[:5])}); upgrade first."
        )


def current_counts():
    return _counts()


def restore(path):
    """Replace the database and uploads with the backup's, after keeping the current
    ones in a backup of their own (returned)."""
    manifest = describe(path)
    kept = backup(default_path(prefix="before-restore"))
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, mode="r:gz") as tar:
        tar.extractall(work, filter="data")
        connections.close_all()
        _load_database(Path(work) / _database_name())
        _replace_uploads(Path(work) / "uploads")
    return manifest, kept


def _manifest():
    return {
        "format": FORMAT,
        "version": VERSION,
        "engine": _engine(),
        "created_at": timezone.now().isoformat(),
        "migrations": sorted(
            f"{app}.{name}" for app, name in MigrationLoader(connection).applied_migrations
        ),
        "counts": _counts(),
    }


def _counts():
    tables = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label, table in COUNTED_TABLES.items():
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[label] = cursor.fetchone()[0]
    return counts


def _database_name():
    return "database.sqlite3" if _is_sqlite() else "database.pgdump"


def _add_bytes(tar, name, text):
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _dump_database(target):
    if _is_sqlite():
        connections.close_all()
        _sqlite_copy(settings.DATABASES["default"]["NAME"], target)
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(target), _pg_dsn()],
            check=True,
            env=_pg_env(),
        )


def _load_database(source):
    if _is_sqlite():
        _sqlite_copy(source, settings.DATABASES["default"]["NAME"])
    else:
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _pg_dsn(),
                str(source),
            ],
            check=True,
            env=_pg_env(),
        )


def _replace_uploads(source):
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if source.is_dir():
        shutil.copytree(source, media)
    else:
        media.mkdir(parents=True, exist_ok=True)


def _pg_dsn():
    """The database Django is connected to now (the test database, under tests)."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "")
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgresql://{user}@{host}:{port}/{quote(db['NAME'])}"


def _pg_env():
    env = {**os.environ}
    if settings.DATABASES["default"].get("PASSWORD"):
        env["PGPASSWORD"] = settings.DATABASES["default"]["PASSWORD"]
    return env


def _sqlite_copy(source_path, target_path):
    """Copy a live SQLite database page by page (safe while others read and write)."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
