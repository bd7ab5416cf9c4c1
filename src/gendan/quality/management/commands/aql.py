"""`aql` as a Django management command (call_command("aql", "--lot-size", "3200")).

`gendan aql` itself is answered by gendan/cli.py before Django starts; both run the same
`gendan.quality.sampling.command.main`, so messages and exit status 2 are the same.
"""

import sys

from django.core.management.base import BaseCommand

from gendan.quality.sampling.command import main

OPTIONS = ("lot_size", "level", "aql", "severity", "standard")


class Command(BaseCommand):
    help = "GB/T 2828.1 / ANSI/ASQ Z1.4 single sampling plan for a lot"

    def add_arguments(self, parser):
        for name in OPTIONS:
            parser.add_argument("--" + name.replace("_", "-"), dest=name)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        argv = []
        for name in OPTIONS:
            if options.get(name) is not None:
                argv += ["--" + name.replace("_", "-"), str(options[name])]
        if options.get("json"):
            argv.append("--json")
        status = main(argv, out=self.stdout, err=self.stderr)
        if status:
            sys.exit(status)
