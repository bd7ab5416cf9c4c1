"""schemathesis over every operation of /api/v1, on the demo factory (issue 8 item 8,
issue 9 "Bad input breaks it").

Each operation gets a bounded number of generated requests — valid ones (positive) and
invalid ones (negative: wrong types, out-of-range numbers, over-long text, NUL bytes) —
once with an administrator's API token and once with the outside factory's (工厂, the
demo login with the fewest permissions). Every answer must be below 500 and match the
schema the document declares for its status code. The figures are printed:
`pytest tests/api/test_fuzz.py -q -s`.
"""

import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import Failure, FailureGroup

from gendan import demo
from gendan.api.models import ApiToken
from gendan.api.services import create_token
from gendan.wsgi import application

EXAMPLES = int(os.environ.get("GENDAN_FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@dataclass
class Tally:
    operations: int = 0
    examples: int = 0
    server_errors: list = field(default_factory=list)
    schema_violations: list = field(default_factory=list)

    def record(self, operation, case, response, failures):
        """One entry per answer: a 5xx is a server error whatever else is wrong with it."""
        entry = (
            operation.label,
            response.status_code,
            sorted({failure.title for failure in failures}),
            _request_text(case),
        )
        if response.status_code >= 500:
            self.server_errors.append(entry)
        else:
            self.schema_violations.append(entry)

    def report(self, who):
        return (
            f"fuzz as {who}: {self.operations} operations, {self.examples} requests, "
            f"{len(self.server_errors)} server errors, "
            f"{len(self.schema_violations)} schema violations"
        )


def _request_text(case):
    return f"{case.method} {case.formatted_path} query={case.query} body={case.body!r:.300}"


@pytest.fixture
def api_schema(db):
    """The document as the app serves it; requests go in-process to the WSGI app.
    As Django's test client does, the connection is not closed after each request,
    so the test's transaction (and the demo data in it) stays."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def _token_for(username):
    user = get_user_model().objects.get(username=username)
    return create_token(actor=user, name="schemathesis")


def _call_in_savepoint(case, headers):
    """Each request's writes are undone after it, so every example starts from the demo
    (the fuzzer may revoke its own token or close an order), and a database error in one
    request (PostgreSQL aborts the transaction) does not spoil the next."""
    savepoint = transaction.savepoint()
    try:
        return case.call(headers=headers)
    finally:
        transaction.savepoint_rollback(savepoint)
        transaction.set_rollback(False)


def _existing_ids():
    """Ids of demo objects, so generated paths also reach real orders and documents."""
    from gendan.catalog.models import Item
    from gendan.core.models import Document
    from gendan.followup.models import Milestone
    from gendan.sales.models import Order

    models = {
        "document_id": Document,
        "token_id": ApiToken,
        "item_id": Item,
        "order_id": Order,
        "milestone_id": Milestone,
    }
    return {
        name: list(model.objects.values_list("pk", flat=True)) for name, model in models.items()
    }


def _strategy(operation, ids):
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    names = [p.name for p in operation.path_parameters]
    if len(names) == 1 and ids.get(names[0]):
        strategies.append(
            st.sampled_from(ids[names[0]]).flatmap(
                lambda pk: operation.as_strategy(
                    generation_mode=GenerationMode.POSITIVE, path_parameters={names[0]: pk}
                )
            )
        )
    return st.one_of(*strategies)


def _fuzz_operation(operation, headers, ids, tally):
    strategy = _strategy(operation, ids)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        tally.examples += 1
        response = _call_in_savepoint(case, headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            tally.record(operation, case, response, group.exceptions)
        except Failure as failure:
            tally.record(operation, case, response, [failure])

    run()


def _fuzz_all(api_schema, username):
    demo.load()
    raw = _token_for(username)[1]
    headers = {"Authorization": f"Bearer {raw}"}
    tally, ids = Tally(), _existing_ids()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        _fuzz_operation(operation, headers, ids, tally)
    print("\n" + tally.report(username))
    for entry in tally.server_errors + tally.schema_violations:
        print("   ", *entry)
    return tally


def test_no_operation_answers_a_server_error_or_contradicts_its_schema_as_admin(api_schema):
    tally = _fuzz_all(api_schema, "admin")
    assert tally.operations >= 40
    assert tally.server_errors == []
    assert tally.schema_violations == []


def test_no_operation_answers_a_server_error_or_contradicts_its_schema_as_outside_factory(
    api_schema,
):
    """dengfang (工厂): the demo login with the fewest permissions."""
    tally = _fuzz_all(api_schema, "dengfang")
    assert tally.server_errors == []
    assert tally.schema_violations == []
