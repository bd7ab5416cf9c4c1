"""The sampling-plan API (issue 12 target: ≤ 5 ms of work per call): 200 calls through
Django's test client in-process, logged in by session as a merchandiser, CPU and wall
time per call, median of --runs runs of 200. SQLite under GENDAN_HOME.

    GENDAN_HOME=/tmp/gd-bench-aql python bench/bench_sampling_api.py
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-aql")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from gendan.org import services as org  # noqa: E402
from gendan.org.models import Role  # noqa: E402

URL = "/api/v1/quality/sampling-plan"
PARAMETERS = {"lot_size": 3200, "level": "II", "aql": "2.5"}


def merchandiser():
    User = get_user_model()
    user = User.objects.filter(username="bench-aql").first()
    if user is None:
        admin = User.objects.create_superuser("bench-aql-admin", "a@example.com", "bench-pass-1")
        user = User.objects.create_user("bench-aql", password="bench-pass-1")
        org.grant_role(actor=admin, user=user, role=Role.objects.get(code="merchandiser"))
    return user


def one_run(client, calls):
    wall, cpu = [], []
    for _ in range(calls):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(URL, PARAMETERS)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.content
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    arguments = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(merchandiser())
    client.get(URL, PARAMETERS)  # warm: imports, translations, first queries
    results = [one_run(client, arguments.calls) for _ in range(arguments.runs)]
    cpu = statistics.median(result[0] for result in results)
    wall = statistics.median(result[1] for result in results)
    print(
        f"sampling-plan API, {arguments.runs} runs of {arguments.calls} calls (load {os.getloadavg()[0]:.1f})"
    )
    print(f"CPU per call: median {cpu:.2f} ms (target ≤ 5 ms); wall per call: median {wall:.2f} ms")


if __name__ == "__main__":
    main()
