"""Operator safety and a service that survives (issue 9, "Operations"): supervised
serving, /healthz, backups that keep uploads and are private, restores that check and
ask, a demo that stays out of real data, passwords checked on every path, deploy checks,
trusted proxies only, a Content-Security-Policy and no secrets on debug pages."""

import io
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from gendan import backups
from gendan.cli import main
from gendan.commands import Supervisor
from gendan.core import health
from gendan.core.audit import client_address
from gendan.core.middleware import SecretHidingReporterFilter

PACKAGE = Path(settings.PACKAGE_DIR)


def run(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


# ------------------------------------------------------------------ supervision
def _children_of(pid):
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [int(line) for line in result.stdout.split()]


def test_the_supervisor_restarts_a_child_that_dies():
    started = []

    def start():
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]))
        return started[-1]

    logged = []
    supervisor = Supervisor({"网页服务": start}, log=logged.append)
    supervisor.children = {"网页服务": start()}
    try:
        os.kill(started[0].pid, signal.SIGKILL)
        started[0].wait(timeout=10)
        assert supervisor.check_once() == ["网页服务"]
        assert len(started) == 2 and started[1].poll() is None
        assert "网页服务" in logged[0] and "-9" in logged[0]
        assert supervisor.check_once() == []  # a live child is left alone
    finally:
        supervisor.stop_children()
    assert all(child.poll() is not None for child in started)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url, seconds=40):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if time.monotonic() > deadline:
                return error.code, error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_serve_survives_a_killed_web_worker_and_a_killed_consumer(tmp_path):
    """kill -9 of a granian worker and of the Huey consumer: both come back, `gendan
    serve` keeps running and /healthz answers ok again."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["GENDAN_HOME"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "gendan", "migrate", "-v0"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gendan", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    health_url = f"http://127.0.0.1:{port}/healthz"
    try:
        assert _get(health_url)[0] == 200
        granian, consumer = sorted(_children_of(server.pid), key=_is_consumer)
        for worker in _children_of(granian):
            os.kill(worker, signal.SIGKILL)
        os.kill(consumer, signal.SIGKILL)
        (tmp_path / "worker.heartbeat").unlink()
        deadline = time.monotonic() + 90
        status, body = _get(health_url)
        while status != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            status, body = _get(health_url)
        assert status == 200, body
        assert server.poll() is None
        assert consumer not in _children_of(server.pid)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "-9" in output  # the supervisor logged the killed child before restarting it
    assert server.returncode == 0


def _is_consumer(pid):
    return "worker" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")


# ------------------------------------------------------------------ health
def test_health_is_ok_only_with_a_recent_worker_heartbeat(db, client, tmp_path):
    with override_settings(GENDAN_HOME=tmp_path, REDIS_URL=""):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"database": "ok", "cache": "ok", "worker": "no heartbeat"}
        health.beat(now=time.time() - 600)
        assert client.get("/healthz").json()["worker"].startswith("stale")
        health.beat()
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"


# ------------------------------------------------------------------ backups
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_private_and_holds_the_database_and_the_uploads(tmp_path):
    upload = Path(settings.MEDIA_ROOT) / "evidence" / "photo.jpg"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"\xff\xd8 a photo")
    target = backups.backup(tmp_path / "nightly.tar.gz")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with tarfile.open(target) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert "uploads/evidence/photo.jpg" in names
    assert manifest["format"] == "gendan-backup" and "core.0001_initial" in manifest["migrations"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_gendan_backup_and_changes_nothing(
    db, tmp_path, capsys
):
    stranger = tmp_path / "other.sqlite3"
    stranger.write_bytes(b"SQLite format 3\x00 not ours")
    get_user_model().objects.create_user("keeper", password="a-long-pass-123")
    assert run(["restore", str(stranger), "--yes"]) == 2
    assert "不是 Gendan 备份" in capsys.readouterr().err
    assert get_user_model().objects.filter(username="keeper").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_and_without_an_answer_restores_nothing(tmp_path, capsys):
    target = backups.backup(tmp_path / "before.tar.gz")
    get_user_model().objects.create_user("after_backup", password="a-long-pass-123")
    assert run(["restore", str(target)]) == 2  # no terminal to answer, no --yes
    assert "--yes" in capsys.readouterr().err
    assert get_user_model().objects.filter(username="after_backup").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_a_newer_schema(tmp_path, capsys):
    target = backups.backup(tmp_path / "future.tar.gz")
    with tarfile.open(target) as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}
    manifest = json.loads(members["manifest.json"])
    manifest["migrations"].append("core.9999_from_the_future")
    members["manifest.json"] = json.dumps(manifest).encode()
    future = tmp_path / "edited.tar.gz"
    with tarfile.open(future, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    assert run(["restore", str(future), "--yes"]) == 2
    assert "9999_from_the_future" in capsys.readouterr().err


# ------------------------------------------------------------------ demo and passwords
def test_the_demo_stays_out_of_a_database_with_real_users(db, capsys):
    get_user_model().objects.create_user("real_person", password="a-long-pass-123")
    assert run(["demo", "--load-only"]) == 2
    assert "real_person" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_demo_never_runs_in_production(db, capsys):
    with override_settings(IS_PRODUCTION=True):
        assert run(["demo", "--load-only", "--force-demo"]) == 2
    assert "GENDAN_ENV=production" in capsys.readouterr().err
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("password", ["1", "12345678901", "password123", "short"])
def test_createadmin_refuses_a_weak_password_and_creates_nobody(db, capsys, password):
    assert run(["createadmin", "--username", "boss", "--password", password]) == 2
    assert "密码不合格" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username="boss").exists()


# ------------------------------------------------------------------ deploy checks
def test_check_deploy_runs_the_deployment_checks(db, capsys):
    assert run(["check", "--deploy"]) == 1
    assert "SECURE_HSTS_SECONDS" in capsys.readouterr().err


HTTPS = {
    "DEBUG": False,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECRET_KEY": "k" * 20 + "-Q7v9xZ2pL4mN8bR6tY1wE3uI5oP0aS-" + "z" * 20,
}


def test_check_deploy_passes_with_the_https_settings(db, capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set by the browser tests
    with override_settings(**HTTPS):
        assert run(["check", "--deploy"]) == 0


# ------------------------------------------------------------------ proxies, CSP, debug
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "6.6.6.6", "203.0.113.9"),  # not a trusted proxy: header ignored
        ("10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the proxy's own entry
        ("10.0.0.2", "not-an-address", "10.0.0.2"),  # malformed: ignored, never a 500
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_trusts_forwarded_for_only_from_our_proxies(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(GENDAN_TRUSTED_PROXIES=["10.0.0.2"]):
        assert client_address(request) == expected


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )


def test_no_template_has_inline_script_or_an_event_handler_attribute():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=\"", re.IGNORECASE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("templates/**/*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []


def test_debug_pages_hide_connection_urls_with_passwords():
    hidden = SecretHidingReporterFilter().cleanse_setting(
        "DATABASE_URL", "postgres://gendan:secret@db/gendan"
    )
    assert "secret" not in str(hidden)
    assert "secret" not in str(
        SecretHidingReporterFilter().cleanse_setting("REDIS_URL", "redis://:secret@cache:6379")
    )
