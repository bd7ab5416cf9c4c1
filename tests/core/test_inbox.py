"""待我签字: the inbox lists what the user may sign now, oldest first."""

from django.urls import reverse

from gendan.core import chains, numbering
from gendan.core.queries import inbox


def test_inbox_lists_documents_waiting_for_my_step_oldest_first(book, clerk, inspector):
    older = chains.submit(
        actor=clerk, document=numbering.open_document(actor=clerk, book=book, title="旧")
    )
    newer = chains.submit(
        actor=clerk, document=numbering.open_document(actor=clerk, book=book, title="新")
    )
    assert [d.pk for d in inbox(clerk)] == [older.pk, newer.pk]
    assert inbox(inspector) == []
    chains.sign(actor=clerk, document=older)
    assert [d.pk for d in inbox(inspector)] == [older.pk]
    assert [d.pk for d in inbox(clerk)] == [newer.pk]


def test_inbox_leaves_out_other_scopes_and_steps_i_cannot_sign(
    signed_by_clerk, welding_inspector, clerk
):
    assert inbox(welding_inspector) == []
    # the clerk holds the inspector role too, but signed step 1: separation of duties
    from tests.factories import grant

    grant(clerk, "inspector")
    assert inbox(clerk) == []


def test_inbox_page_shows_count_badge_and_documents(
    client, signed_by_clerk, inspector, django_assert_max_num_queries
):
    client.force_login(inspector)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("core:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert signed_by_clerk.number in body
    assert 'data-testid="inbox-badge">1<' in body


def test_inbox_query_count_does_not_grow_with_documents(
    client, book, clerk, inspector, django_assert_max_num_queries
):
    for _ in range(3):
        chains.sign(
            actor=clerk,
            document=chains.submit(
                actor=clerk, document=numbering.open_document(actor=clerk, book=book)
            ),
        )
    client.force_login(inspector)
    client.get(reverse("core:inbox"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:inbox"))
    for _ in range(20):
        chains.sign(
            actor=clerk,
            document=chains.submit(
                actor=clerk, document=numbering.open_document(actor=clerk, book=book)
            ),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("core:inbox"))
    assert response.content.decode().count("list-group-item") >= 23
    assert len(many) == len(few)


def test_rejected_back_to_my_step_returns_to_my_inbox_and_badge(
    client, signed_by_clerk, clerk, inspector
):
    from gendan.core.queries import inbox_count

    assert inbox(clerk) == [] and inbox_count(clerk) == 0
    chains.reject(actor=inspector, document=signed_by_clerk, reason="重填数量", return_to_step=1)
    assert [d.pk for d in inbox(clerk)] == [signed_by_clerk.pk]
    assert inbox_count(clerk) == 1
    assert inbox_count(inspector) == 0
