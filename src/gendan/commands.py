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

USAGE = """gendan — 跟单 order follow-up

  gendan serve [--host 127.0.0.1] [--port 8000] [--workers 2]   web server (granian) + worker
  gendan worker                     the Huey consumer alone
  gendan demo [--load-only]         create the database, load the demo factory, then serve
  gendan createadmin                create an administrator
  gendan token create USERNAME      print a new API token for USERNAME
  gendan check                      integrity checks (books, signature chains, audit)
  gendan backup [FILE] / gendan restore FILE
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
    children = [_spawn_web(args)]
    if not args.no_worker:
        children.append(subprocess.Popen([sys.executable, "-m", "gendan", "worker"]))
    print(f"Gendan 跟单: http://{args.host}:{args.port}/  (Ctrl+C 停止 / to stop)", flush=True)
    return _supervise(children)


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
        "--blocking-threads",
        "4",
        "--backpressure",
        "32",
        "--no-ws",
        "gendan.wsgi:application",
    ]
    return subprocess.Popen(command)


def _supervise(children):
    """Run until a child exits or we are told to stop; then stop the others."""
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    failed = [child.returncode for child in children if child.returncode not in (0, -2, -15, None)]
    return 0 if stopping or not failed else 1


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
    args = parser.parse_args(argv)
    from gendan import demo as demo_data

    call_command("migrate", interactive=False, verbosity=0)
    logins = demo_data.load()
    print(
        f"演示工厂已就绪 / demo factory ready. 登录 / logins (password for all: {demo_data.PASSWORD}):"
    )
    for username, name, role in logins:
        print(f"  {username:<14} {name:<6} {role}")
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

    username = args.username or input("用户名 / user name: ").strip()
    password = args.password or getpass.getpass("密码 / password: ")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        print(f"用户已存在 / user {username} already exists.", file=sys.stderr)
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
    from gendan.core import integrity

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
    if len(argv) != 1:
        print("用法 / usage: gendan restore FILE", file=sys.stderr)
        return 2
    from gendan import backups

    backups.restore(argv[0])
    print(f"已恢复 / restored from {argv[0]}")
    return 0


COMMANDS = {
    "serve": serve,
    "worker": worker,
    "demo": demo,
    "createadmin": createadmin,
    "token": token,
    "check": check,
    "backup": backup,
    "restore": restore,
}
assert settings  # settings are configured by cli.main before this module is used
