"""The `gendan` command: check, token, createadmin, backup/restore, serve, the real queue."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from gendan.api.services import user_for_token
from gendan.cli import main
from gendan.core import numbering
from gendan.core.models import Document


def run(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


def test_check_passes_on_consistent_data(signed_by_clerk, capsys):
    assert run(["check"]) == 0
    out = capsys.readouterr().out
    assert "ok    document books are gap-free" in out
    assert "ok    signature chains are consistent" in out
    assert "ok    audit rows are intact" in out


def test_check_reports_a_gap_and_exits_non_zero(book, clerk, capsys):
    for _ in range(3):
        numbering.open_document(actor=clerk, book=book)
    Document.objects.filter(sequence=2).delete()
    assert run(["check"]) == 1
    assert "missing: [2]" in capsys.readouterr().out


def test_check_reports_a_tampered_chain(signed_by_clerk, capsys):
    Document.objects.filter(pk=signed_by_clerk.pk).update(current_step=4)
    assert run(["check"]) == 1
    assert "signatures say 2" in capsys.readouterr().out


def test_token_create_prints_a_working_token(clerk, capsys):
    assert run(["token", "create", "wangfang", "--name", "MES"]) == 0
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("gd_") and user_for_token(raw) == clerk


def test_token_for_an_unknown_user_is_refused(db, capsys):
    assert run(["token", "create", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err


def test_createadmin_creates_a_superuser_once(db, capsys):
    assert run(["createadmin", "--username", "boss", "--password", "a-long-pass-123"]) == 0
    assert get_user_model().objects.get(username="boss").is_superuser
    assert run(["createadmin", "--username", "boss", "--password", "x"]) == 2


def test_django_management_commands_pass_through(db, capsys):
    main(["showmigrations", "core"])
    assert "0002_audit_append_only_trigger" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_the_data(tmp_path, admin_user, capsys):
    from gendan.core import chains

    chains.define_chain(
        actor=admin_user, slip_type="t", name="t", steps=[{"name": "a", "role_code": "clerk"}]
    )
    book = numbering.create_book(actor=admin_user, code="BK", name="备份测试", slip_type="t")
    numbering.open_document(actor=admin_user, book=book, title="备份前")
    target = tmp_path / "backup.tar.gz"
    assert run(["backup", str(target)]) == 0
    assert target.stat().st_size > 0
    numbering.open_document(actor=admin_user, book=book, title="备份后")
    assert run(["restore", str(target), "--yes"]) == 0
    connection.close()
    assert list(Document.objects.values_list("title", flat=True)) == ["备份前"]
    assert run(["check"]) == 0


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_the_web_server_and_the_worker(tmp_path):
    """`gendan serve` starts granian and the Huey consumer; stopping it stops both."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["GENDAN_HOME"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "gendan", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gendan", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/login/")
        assert "csrfmiddlewaretoken" in body
        css = _wait_for(f"http://127.0.0.1:{port}/static/vendor/bootstrap/bootstrap.min.css")
        assert "Bootstrap" in css[:200]
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "granian" in output.lower()
    assert "Huey consumer started" in output
    assert server.returncode == 0


def _wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_notification_goes_through_the_real_queue(huey_immediate, mailoutbox, admin_user):
    """With immediate mode off the task is stored in the real Huey storage (SQLite, or
    Redis when REDIS_URL is set), then a consumer step executes it."""
    from gendan.core.models import NotificationChannel, NotificationMessage
    from gendan.core.notify import send_notification

    huey_immediate.immediate = False
    huey_immediate.flush()
    channel = NotificationChannel.objects.create(
        name="跟单组邮箱", kind="email", recipients="team@example.com"
    )
    message = send_notification(
        channel=channel, subject="每日 9:30 报告", body="进度正常", actor=admin_user
    )
    assert huey_immediate.pending_count() == 1
    task = huey_immediate.dequeue()
    huey_immediate.execute(task)
    message.refresh_from_db()
    assert message.status == NotificationMessage.Status.SENT
    assert [m.subject for m in mailoutbox] == ["每日 9:30 报告"]
