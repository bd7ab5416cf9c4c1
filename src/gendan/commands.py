"""Gendan's own commands: serve, worker, demo, createadmin, token, check, backup, restore."""

import argparse
import getpass
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils.translation import gettext as _

USAGE = """gendan — 跟单 order follow-up

  gendan serve [--host 127.0.0.1] [--port 8000] [--workers 2]   web server (granian) + worker
  gendan worker                     the Huey consumer alone
  gendan demo [--load-only] [--force-demo]   load the demo factory, then serve
  gendan createadmin                create an administrator
  gendan token create USERNAME      print a new API token for USERNAME
  gendan check [--deploy]           integrity checks (books, chains, audit chain, ledger, events)
  gendan audit rekey --old-key-file FILE   re-key the audit chain after SECRET_KEY changed
  gendan backup [FILE] / gendan restore FILE [--yes]
  gendan shopfloor archive [--date YYYY-MM-DD] [--workshop CODE]   archive a day's transfer slips
  gendan aql --lot-size N --level II --aql 2.5 [--json]   sampling plan (GB/T 2828.1)
  gendan tracking inspect FILE --json | carrier NUMBER…  read an express tracking sheet
  gendan migrate | makemigrations | shell | …   Django's management commands
"""


def serve(argv):
    parser = argparse.ArgumentParser(prog="gendan serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GENDAN_WEB_WORKERS", 2)))
    parser.add_argument("--no-worker", action="store_true", help="do not start the Huey consumer")
    args = parser.parse_args(argv)
    if _unapplied_migrations():
        print(
            "数据库尚未迁移 / the database is not migrated: run `gendan migrate` first.",
            file=sys.stderr,
        )
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    children = {_("web server"): lambda: _spawn_web(args)}
    if not args.no_worker:
        children[_("background worker")] = lambda: subprocess.Popen(
            [sys.executable, "-m", "gendan", "worker"]
        )
    print(f"Gendan 跟单: http://{args.host}:{args.port}/  (Ctrl+C 停止 / to stop)", flush=True)
    return Supervisor(children).run()


def _spawn_web(args):
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--respawn-failed-workers",
        "--respawn-interval",
        "1",
        "--blocking-threads",
        "4",
        "--backpressure",
        "32",
        "--no-ws",
        "gendan.wsgi:application",
    ]
    return subprocess.Popen(command)


class Supervisor:
    """Keeps the web server and the worker running: a child that dies is started again
    (after a pause that grows while it keeps dying, up to 30 s), and the supervisor
    exits only when it is told to stop (SIGTERM, SIGINT), stopping its children."""

    MAX_PAUSE = 30.0

    def __init__(self, starters, log=None):
        self.starters = starters  # name -> callable starting the process
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.children = {}
        self.restarts = {name: 0 for name in starters}
        self.stopping = []

    def run(self, poll=0.3):
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for name, start in self.starters.items():
            self.children[name] = start()
        try:
            while not self.stopping:
                self.check_once()
                time.sleep(poll)
        finally:
            self.stop_children()
        return 0

    def _stop(self, signum, frame):
        self.stopping.append(signum)

    def check_once(self):
        """Restart every child that has exited; return the names restarted."""
        restarted = []
        for name, child in self.children.items():
            code = child.poll()
            if code is None or self.stopping:
                continue
            self.restarts[name] += 1
            pause = min(self.MAX_PAUSE, 0.5 * 2 ** min(self.restarts[name] - 1, 6))
            self.log(
                _("%(name)s exited with code %(code)s; restart %(count)s in %(pause).1f s")
                % {"name": name, "code": code, "count": self.restarts[name], "pause": pause}
            )
            time.sleep(pause)
            self.children[name] = self.starters[name]()
            restarted.append(name)
        return restarted

    def stop_children(self):
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in self.children.values():
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def _unapplied_migrations():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def worker(argv):
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gendan", "run_huey", *argv])


def demo(argv):
    parser = argparse.ArgumentParser(prog="gendan demo")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--force-demo", action="store_true", help="load the demo into a database with real data"
    )
    args = parser.parse_args(argv)
    from gendan import demo as demo_data

    if settings.IS_PRODUCTION:
        print("生产环境不能载入演示数据 / no demo with GENDAN_ENV=production.", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    strangers = demo_data.real_users()
    if strangers and not args.force_demo:
        print(
            "数据库里已有真实数据，未载入演示 / this database has real users "
            f"({', '.join(strangers[:5])}); the demo was not loaded (use --force-demo).",
            file=sys.stderr,
        )
        return 2
    logins = demo_data.load()
    print(
        f"演示工厂已就绪 / demo factory ready. 登录 / logins (password for all: {demo_data.PASSWORD}):"
    )
    for username, name, role, shows in demo_data.logins_with_hints(logins):
        print(f"  {username:<14} {name:<6} {role:<10} {shows}")
    if args.load_only:
        return 0
    return serve(["--host", args.host, "--port", str(args.port)])


def createadmin(argv):
    parser = argparse.ArgumentParser(prog="gendan createadmin")
    parser.add_argument("--username", default=None)
    parser.add_argument("--email", default="")
    parser.add_argument("--password", default=os.environ.get("GENDAN_ADMIN_PASSWORD"))
    args = parser.parse_args(argv)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    username = args.username or input("用户名 / user name: ").strip()
    password = args.password or getpass.getpass("密码 / password: ")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        print(f"用户已存在 / user {username} already exists.", file=sys.stderr)
        return 2
    try:
        validate_password(password, User(username=username, email=args.email))
    except ValidationError as error:
        print("密码不合格 / password refused: " + " ".join(error.messages), file=sys.stderr)
        return 2
    User.objects.create_superuser(username=username, email=args.email, password=password)
    print(f"管理员已创建 / administrator {username} created.")
    return 0


def token(argv):
    parser = argparse.ArgumentParser(prog="gendan token")
    parser.add_argument("action", choices=["create"])
    parser.add_argument("username")
    parser.add_argument("--name", default="cli")
    args = parser.parse_args(argv)
    from django.contrib.auth import get_user_model

    from gendan.api.services import create_token

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"没有此用户 / no active user {args.username}.", file=sys.stderr)
        return 2
    _token, raw = create_token(actor=user, name=args.name)
    print(raw)
    return 0


def check(argv):
    parser = argparse.ArgumentParser(prog="gendan check")
    parser.add_argument("--deploy", action="store_true", help="also Django's deployment checks")
    args = parser.parse_args(argv)
    from gendan.core import integrity

    if args.deploy:
        try:
            call_command("check", deploy=True, fail_level="WARNING")
        except SystemCheckError as error:
            print(error, file=sys.stderr)
            return 1
    else:
        call_command("check", verbosity=0)
    if _unapplied_migrations():
        print(
            "数据库尚未迁移 / the database is not migrated: run `gendan migrate` first.",
            file=sys.stderr,
        )
        return 2
    failed = False
    for name, problems in integrity.run_all():
        print(f"{'ok  ' if not problems else 'FAIL'}  {name}")
        for problem in problems:
            print(f"      {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


def backup(argv):
    from gendan import backups

    target = backups.backup(argv[0] if argv else None)
    print(f"备份完成 / backup written: {target}")
    return 0


def restore(argv):
    parser = argparse.ArgumentParser(prog="gendan restore")
    parser.add_argument("file")
    parser.add_argument("--yes", action="store_true", help="do not ask before replacing")
    args = parser.parse_args(argv)
    from gendan import backups

    try:
        manifest = backups.describe(args.file)
    except backups.BackupRefused as refused:
        print(refused, file=sys.stderr)
        return 2
    print(f"备份时间 / made at: {manifest['created_at']}")
    now, then = backups.current_counts(), manifest.get("counts", {})
    for label in sorted(set(now) | set(then)):
        print(
            f"  {label:<12} 现在 / now {now.get(label, 0):>8}   备份 / backup {then.get(label, 0):>8}"
        )
    if not args.yes and not _confirmed(
        "用备份替换当前数据库和上传文件？/ replace the database and uploads?"
    ):
        print("未恢复 / nothing restored.", file=sys.stderr)
        return 2
    _manifest, kept = backups.restore(args.file)
    call_command("migrate", interactive=False, verbosity=0)
    print(f"已恢复 / restored from {args.file}; 原数据已另存 / the previous data is kept in {kept}")
    return 0


def _confirmed(question):
    if not sys.stdin.isatty():
        print("需要确认：请加 --yes / confirmation needed: add --yes", file=sys.stderr)
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "是")


def audit(argv):
    from gendan.core.audit_command import main

    return main(argv)


def shopfloor(argv):
    from gendan.shopfloor.archive_command import main

    return main(argv)


COMMANDS = {
    "audit": audit,
    "serve": serve,
    "worker": worker,
    "demo": demo,
    "createadmin": createadmin,
    "token": token,
    "check": check,
    "backup": backup,
    "restore": restore,
    "shopfloor": shopfloor,
}
assert settings  # settings are configured by cli.main before this module is used
