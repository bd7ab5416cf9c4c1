"""One action helper for pages and API (core.actions): a page says what the action did —
"signed step 2 of 4", "rejected", "posted" — never a bare "done"; a refusal is an error
message and changes nothing; an HTMX request is sent to the page with HX-Redirect."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from gendan.core import chains
from gendan.core.models import Document, Signature


def _client(user):
    """In English, so the assertions read the source text of the messages."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_signing_step_2_of_4_says_so_and_not_done(signed_by_clerk, inspector):
    """D1-3.2: after the inspector's step the slip still waits for two more."""
    response = _client(inspector).post(
        reverse("core:document-sign", args=[signed_by_clerk.pk]), {"note": "合格"}
    )
    assert response.status_code == 302
    assert _messages(response) == [("success", f"Signed step 2 of 4 of {signed_by_clerk.number}.")]


def test_the_last_signature_says_the_document_is_posted(
    signed_by_clerk, inspector, operator, receiver
):
    chains.sign(actor=inspector, document=signed_by_clerk)
    chains.sign(actor=operator, document=signed_by_clerk)
    response = _client(receiver).post(reverse("core:document-sign", args=[signed_by_clerk.pk]))
    assert _messages(response) == [
        ("success", f"Signed step 4 of 4; {signed_by_clerk.number} is posted.")
    ]
    assert Document.objects.get(pk=signed_by_clerk.pk).status == Document.Status.POSTED


def test_a_rejection_says_rejected_and_to_which_step(signed_by_clerk, inspector):
    response = _client(inspector).post(
        reverse("core:document-reject", args=[signed_by_clerk.pk]),
        {"reason": "数量不符", "return_to_step": "1"},
    )
    assert _messages(response) == [
        ("success", f"{signed_by_clerk.number} is rejected back to step 1.")
    ]


def test_a_refused_signature_is_an_error_message_and_nothing_changes(submitted, inspector):
    before = Signature.objects.filter(document=submitted).count()
    response = _client(inspector).post(reverse("core:document-sign", args=[submitted.pk]))
    assert response.status_code == 302
    [(level, text)] = _messages(response)
    assert level == "error" and "Done" not in text
    assert Signature.objects.filter(document=submitted).count() == before


def test_an_htmx_action_is_sent_to_the_document_page(signed_by_clerk, inspector):
    response = _client(inspector).post(
        reverse("core:document-sign", args=[signed_by_clerk.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("core:document-detail", args=[signed_by_clerk.pk])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_api_answers_a_refusal_with_its_status_and_field(signed_by_clerk, inspector, language):
    client = _client(inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        f"/api/v1/documents/{signed_by_clerk.pk}/reject",
        {"reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert Signature.objects.filter(document=signed_by_clerk).count() == 2
