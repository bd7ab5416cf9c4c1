"""/api/v1: tokens, the inbox and the sign/reject/withdraw actions."""

import pytest
from django.test import Client

from gendan.api.models import ApiToken
from gendan.api.services import create_token, revoke_token
from gendan.core.models import AuditEvent, Signature


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def inspector_token(inspector):
    return create_token(actor=inspector, name="扫码枪")[1]


def test_call_without_token_is_refused(db):
    response = Client().get("/api/v1/inbox")
    assert response.status_code == 401


def test_revoked_token_is_refused_and_changes_nothing(signed_by_clerk, inspector):
    token, raw = create_token(actor=inspector, name="旧手机")
    revoke_token(actor=inspector, token=token)
    response = Client().post(
        f"/api/v1/documents/{signed_by_clerk.pk}/sign",
        {"note": "x"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 401
    assert not Signature.objects.filter(document=signed_by_clerk, step_position=2).exists()


def test_inbox_over_api_lists_my_documents(signed_by_clerk, inspector_token):
    response = Client().get("/api/v1/inbox", **_bearer(inspector_token))
    assert response.status_code == 200
    assert [row["number"] for row in response.json()] == [signed_by_clerk.number]
    assert response.json()[0]["next_step"] == 2


def test_token_also_works_in_the_x_api_token_header(signed_by_clerk, inspector_token):
    response = Client().get("/api/v1/me", HTTP_X_API_TOKEN=inspector_token)
    assert response.json()["username"] == "lijun"


def test_sign_over_api_records_the_signature(signed_by_clerk, inspector_token):
    response = Client().post(
        f"/api/v1/documents/{signed_by_clerk.pk}/sign",
        {"note": "API 签字"},
        content_type="application/json",
        **_bearer(inspector_token),
    )
    assert response.status_code == 200
    assert response.json()["next_step"] == 3
    assert response.json()["signatures"][-1]["note"] == "API 签字"


def test_sign_out_of_order_over_api_gets_a_clear_message_and_changes_nothing(
    submitted, inspector_token
):
    before = AuditEvent.objects.count()
    response = Client().post(
        f"/api/v1/documents/{submitted.pk}/sign",
        {},
        content_type="application/json",
        **_bearer(inspector_token),
    )
    assert response.status_code == 403
    assert "转序员" in response.json()["detail"]
    assert AuditEvent.objects.count() == before


def test_reject_without_reason_names_the_field(signed_by_clerk, inspector_token):
    response = Client().post(
        f"/api/v1/documents/{signed_by_clerk.pk}/reject",
        {"reason": ""},
        content_type="application/json",
        **_bearer(inspector_token),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"


def test_reject_and_withdraw_over_api(signed_by_clerk, book, inspector_token, clerk):
    response = Client().post(
        f"/api/v1/documents/{signed_by_clerk.pk}/reject",
        {"reason": "数量不符"},
        content_type="application/json",
        **_bearer(inspector_token),
    )
    assert response.json()["status"] == "draft"
    from gendan.core import chains, numbering

    submitted = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    _token, clerk_raw = create_token(actor=clerk, name="clerk")
    response = Client().post(
        f"/api/v1/documents/{submitted.pk}/withdraw",
        content_type="application/json",
        **_bearer(clerk_raw),
    )
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_withdraw_after_the_next_step_signed_is_refused_over_api(signed_by_clerk, clerk):
    _token, raw = create_token(actor=clerk, name="clerk")
    response = Client().post(
        f"/api/v1/documents/{signed_by_clerk.pk}/withdraw",
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 409
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.status == "pending"


def test_a_document_outside_my_scope_is_not_found(signed_by_clerk, welding_inspector):
    _token, raw = create_token(actor=welding_inspector, name="t")
    assert (
        Client().get(f"/api/v1/documents/{signed_by_clerk.pk}", **_bearer(raw)).status_code == 404
    )


def test_tokens_are_created_listed_and_revoked_over_api(inspector, inspector_token):
    client = Client()
    created = client.post(
        "/api/v1/tokens",
        {"name": "MES 接口"},
        content_type="application/json",
        **_bearer(inspector_token),
    )
    assert created.status_code == 201 and created.json()["token"].startswith("gd_")
    listed = client.get("/api/v1/tokens", **_bearer(inspector_token)).json()
    assert {row["name"] for row in listed} == {"扫码枪", "MES 接口"}
    assert all("token" not in row for row in listed)
    revoked = client.post(
        f"/api/v1/tokens/{created.json()['id']}/revoke", **_bearer(inspector_token)
    )
    assert revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/me", **_bearer(created.json()["token"])).status_code == 401


def test_only_the_hash_of_a_token_is_stored(inspector, inspector_token):
    stored = ApiToken.objects.get(user=inspector)
    assert inspector_token not in (stored.key_hash, stored.key_hint)


def test_session_auth_needs_csrf_for_writes(signed_by_clerk, inspector):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    assert client.get("/api/v1/inbox").status_code == 200
    response = client.post(
        f"/api/v1/documents/{signed_by_clerk.pk}/sign", {}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Signature.objects.filter(document=signed_by_clerk, step_position=2).exists()


def test_openapi_schema_lists_the_actions(db):
    schema = Client().get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/inbox",
        "/api/v1/documents/{document_id}/sign",
        "/api/v1/documents/{document_id}/reject",
        "/api/v1/documents/{document_id}/withdraw",
        "/api/v1/tokens",
    ):
        assert path in schema["paths"]


def test_token_pages_create_and_revoke(client, clerk):
    client.force_login(clerk)
    body = client.post("/tokens/new/", {"name": "手机扫码"}).content.decode()
    assert 'id="new-token"' in body
    token = ApiToken.objects.get(user=clerk)
    client.post(f"/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(client, clerk, inspector):
    token, _raw = create_token(actor=inspector, name="李军的")
    client.force_login(clerk)
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
