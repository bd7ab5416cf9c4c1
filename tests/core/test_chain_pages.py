"""Signature chains are changed on a page, not in the admin (issue 10; D1-3.2 names the
transfer slip's order of signers, which a factory may need to adapt): every paper's
chain by role name; a change saved and audited; a half-filled row or a chain with papers
awaiting signatures refused with the reason, the typed rows kept and nothing changed."""

import pytest
from django.test import Client

from gendan.core.models import AuditEvent, ChainDefinition
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _steps(slip_type):
    chain = ChainDefinition.objects.get(slip_type=slip_type)
    return [
        (step.name, step.role_code, step.is_required) for step in chain.steps.order_by("position")
    ]


def test_the_administrator_sees_every_chain_by_role_name(admin_user):
    page = _client(admin_user).get("/settings/chains/").content.decode()
    assert "检查员" in page and "转序员" in page
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert "workshop_director" not in main and "clerk" not in main


def test_d1_3_2_the_administrator_drops_the_optional_operator_step_of_the_transfer_slip(
    admin_user,
):
    before = _steps("transfer")
    rows = {"name": "转序单（本厂）", "rows": str(len(before))}
    kept = [step for step in before if step[1] != "operator"]
    for index, (name, role, required) in enumerate(kept, start=1):
        rows |= {
            f"step-{index}-name": name,
            f"step-{index}-role": role,
            f"step-{index}-mode": "single",
        }
        if required:
            rows[f"step-{index}-required"] = "on"
    response = _client(admin_user).post("/settings/chains/transfer/", rows)
    assert response.status_code == 302
    assert _steps("transfer") == kept
    assert AuditEvent.objects.filter(action="chain.define").exists()


def test_a_half_filled_step_is_refused_naming_its_row_and_the_chain_stays(admin_user):
    before = _steps("transfer")
    response = _client(admin_user).post(
        "/settings/chains/transfer/",
        {"rows": "2", "step-1-name": "转序员签字", "step-1-role": "clerk", "step-2-name": "质检"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "2" in body and 'value="质检"' in body  # the row is named and what was typed kept
    assert _steps("transfer") == before


def test_a_chain_with_papers_awaiting_signatures_is_not_changed(admin_user, submitted):
    slip_type = submitted.slip_type
    before = _steps(slip_type)
    response = _client(admin_user).post(
        f"/settings/chains/{slip_type}/",
        {"rows": "1", "step-1-name": "只签一步", "step-1-role": "clerk", "step-1-required": "on"},
    )
    assert response.status_code == 400
    assert 'id="chain-problem"' in response.content.decode()
    assert _steps(slip_type) == before


def test_someone_who_is_not_an_administrator_gets_403_and_nothing_changes(machining):
    director = UserFactory(username="zhaogang")
    grant(director, "workshop_director", workshop=machining)
    before = _steps("transfer")
    client = _client(director)
    assert client.get("/settings/chains/").status_code == 403
    response = client.post(
        "/settings/chains/transfer/",
        {"rows": "1", "step-1-name": "主任签字", "step-1-role": "workshop_director"},
    )
    assert response.status_code == 403
    assert _steps("transfer") == before
