"""The `gendan` command. Its own commands are below; every other name is passed to
Django's management commands (`gendan migrate`, `gendan makemigrations`, …)."""

import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["aql"]:
        # A pure calculation: answered without Django's start-up (≤ 300 ms as a process).
        from gendan.quality.sampling.command import main as aql

        sys.exit(aql(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
    import django

    django.setup()
    from gendan import commands

    name = argv[0] if argv else "help"
    if name == "permissions":  # docs/permissions.md from the permission matrix
        from gendan.org.roles import permissions_command

        sys.exit(permissions_command(argv[1:]))
    handler = commands.COMMANDS.get(name)
    if handler is not None:
        sys.exit(handler(argv[1:]) or 0)
    from django.core.management import execute_from_command_line

    if name in ("help", "--help", "-h") and len(argv) <= 1:
        print(commands.USAGE)
        argv = ["help"]
    execute_from_command_line(["gendan", *argv])


if __name__ == "__main__":
    main()
