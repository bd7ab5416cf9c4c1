"""Property: whatever people do to a slip, in any order, the stored chain state equals the
replay of its signature log, and a slip is in someone's inbox exactly when that person's
signature would be accepted."""

import contextlib

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gendan.core import chains, integrity, numbering
from gendan.core.errors import DomainError
from gendan.core.queries import inbox, inbox_count

ACTIONS = ["sign", "reject_to_author", "reject_to_step", "withdraw", "submit"]


class Rollback(Exception):
    pass


def _act(action, person, document, step):
    if action == "sign":
        chains.sign(actor=person, document=document)
    elif action == "reject_to_author":
        chains.reject(actor=person, document=document, reason="不合格")
    elif action == "reject_to_step":
        chains.reject(actor=person, document=document, reason="退回", return_to_step=step)
    elif action == "withdraw":
        chains.withdraw(actor=person, document=document)
    else:
        chains.submit(actor=person, document=document)


def _sign_would_succeed(person, document):
    try:
        with transaction.atomic():
            chains.sign(actor=person, document=document)
            raise Rollback
    except Rollback:
        return True
    except DomainError:
        return False


@pytest.mark.slow_property
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, 4), st.integers(1, 4)), max_size=14
    )
)
def test_stored_state_matches_replay_and_inbox_matches_authority(
    book, clerk, inspector, operator, receiver, moves
):
    people = [clerk, inspector, operator, receiver, clerk]
    try:
        with transaction.atomic():
            document = chains.submit(
                actor=clerk, document=numbering.open_document(actor=clerk, book=book)
            )
            for action, who, step in moves:
                with contextlib.suppress(DomainError):
                    _act(action, people[who], document, step)
                assert list(integrity.chain_consistency()) == []
                document.refresh_from_db()
                for person in people[:4]:
                    listed = document.pk in [d.pk for d in inbox(person)]
                    assert listed == _sign_would_succeed(person, document), (person, moves)
                    assert inbox_count(person) == len(inbox(person))
            raise Rollback
    except Rollback:
        pass
