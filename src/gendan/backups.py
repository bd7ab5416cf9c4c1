"""Backups: SQLite through its online backup API; PostgreSQL through pg_dump/pg_restore."""

import os
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections
from django.utils import timezone


def _is_sqlite():
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def default_path():
    settings.BACKUP_DIR.mkdir(parents=True, exist_ok=True)
    suffix = "sqlite3" if _is_sqlite() else "pgdump"
    return settings.BACKUP_DIR / f"gendan-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


def backup(path=None):
    target = Path(path) if path else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        connections.close_all()
        _sqlite_copy(settings.DATABASES["default"]["NAME"], target)
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(target), _pg_dsn()],
            check=True,
            env=_pg_env(),
        )
    return target


def restore(path):
    source_path = Path(path)
    if not source_path.exists():
        raise FileNotFoundError(f"备份文件不存在 / no such backup file: {source_path}")
    connections.close_all()
    if _is_sqlite():
        _sqlite_copy(source_path, settings.DATABASES["default"]["NAME"])
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
                str(source_path),
            ],
            check=True,
            env=_pg_env(),
        )


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
