"""Assessments 考核 on the pages and the API (D1-2.1, D1-2.2, D1-2.3, D1-4.9): who sees
what, the filters and the pinyin search, the monthly summary and its xlsx, the home
cards, the menu, and a constant number of queries on the lists.

Personas (机加车间): 王芳 the clerk, 孙丽 the team leader, 赵刚 the workshop director,
周杰 the operator; 赵敏 the storekeeper of 成品库; 路人 an outsider.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gendan.shopfloor import assessment_services as services
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from gendan.shopfloor.demo_assessment import photo
from gendan.stock.models import StockMove

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def record(clerk, workshop, person, reason="other", **fields):
    values = {
        "actor": clerk,
        "workshop": workshop,
        "target": "person",
        "person": person,
        "reason": reason,
        "points": 1,
        "note": "标识卡未挂",
    } | fields
    return services.record_assessment(**values)


@pytest.fixture
def refused(lot, clerk, receiver):
    return services.refuse_chaotic_stack(
        actor=clerk, lot=lot, operation="车", note="散堆无法清点", photo=photo("stack.png")
    )


# ---------------------------------------------------------------- the clerk's phone page
def test_d1_4_9_the_refusal_page_takes_a_photo_with_the_camera(client, clerk, lot):
    client.force_login(clerk)
    page = client.get(reverse("shopfloor:assessment-refuse") + f"?lot={lot.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'capture="environment"' in html and 'name="photo"' in html
    assert lot.document.number in html


def test_d1_4_9_refusing_on_the_page_records_it_and_moves_nothing(client, clerk, lot, receiver):
    client.force_login(clerk)
    moves = StockMove.objects.count()
    answer = client.post(
        reverse("shopfloor:assessment-refuse"),
        {"lot": lot.pk, "operation": "车", "note": "散堆", "photo": photo("stack.png")},
    )
    found = Assessment.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("shopfloor:assessment-detail", args=[found.pk])
    assert (found.reason, found.person) == ("chaotic_stack", receiver)
    assert StockMove.objects.count() == moves
    detail = client.get(answer["Location"]).content.decode()
    assert "散堆" in detail and "core/attachments" not in detail


def test_d1_4_9_a_refusal_without_a_photo_on_the_page_changes_nothing(client, clerk, lot, receiver):
    client.force_login(clerk)
    answer = client.post(
        reverse("shopfloor:assessment-refuse"), {"lot": lot.pk, "operation": "车", "note": "散堆"}
    )
    assert answer.status_code == 302 and "?lot=" in answer["Location"]
    assert not Assessment.objects.exists()


# ---------------------------------------------------------------- who sees what
def test_d1_2_2_own_records_and_the_workshop_s_people(
    client, refused, machining, clerk, receiver, director, operator, outsider, storekeeper, store
):
    """孙丽 sees the record against her team; 赵刚 and 王芳 see their workshop's; 周杰 sees
    only what is held against him; 赵敏 her warehouse's; 路人 nothing (404)."""
    against_operator = record(clerk, machining, operator)
    against_store = record(
        clerk, machining, storekeeper, "late_receipt", target="warehouse", warehouse=store
    )
    seen = {}
    for person in (clerk, receiver, director, operator, storekeeper, outsider):
        client.force_login(person)
        rows = client.get("/api/v1/shopfloor/assessments").json()
        seen[person.username] = sorted(row["id"] for row in rows)
    everything = sorted([refused.pk, against_operator.pk, against_store.pk])
    assert seen["wangfang"] == everything and seen["zhaogang"] == everything
    assert seen["sunli"] == everything  # the team leader of 机加车间 sees the workshop's
    assert seen["zhoujie"] == [against_operator.pk]
    assert seen["zhaomin"] == [against_store.pk]
    assert seen["outsider"] == []
    client.force_login(outsider)
    url = reverse("shopfloor:assessment-detail", args=[refused.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/shopfloor/assessments/{refused.pk}").status_code == 404


def test_d1_2_2_the_photo_is_served_only_to_who_sees_the_record(
    client, refused, director, outsider
):
    from gendan.core import attachments

    kept = attachments.attachments_for(refused).get()
    url = reverse("core:attachment-file", args=[kept.pk])
    client.force_login(director)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- lists, filters, exports
def test_d1_2_2_list_filters_and_pinyin_search(client, refused, machining, clerk, operator):
    other = record(clerk, machining, operator)
    client.force_login(clerk)
    url = reverse("shopfloor:assessment-list")

    def ids(**query):
        page = client.get(url, query)
        return sorted(row.pk for row, _target in page.context["rows"])

    assert ids() == sorted([refused.pk, other.pk])
    assert ids(reason="chaotic_stack") == [refused.pk]
    assert ids(q="zj") == [other.pk]  # 周杰 by pinyin initials
    assert ids(q="sunli") == [refused.pk]  # 孙丽
    assert ids(state="confirmed") == []
    assert ids(month=timezone.localdate().strftime("%Y-%m")) == sorted([refused.pk, other.pk])
    assert ids(month="2020-01") == []
    assert ids(workshop=machining.pk, target="team") == [refused.pk]
    export = client.get(url, {"format": "xlsx"})
    assert export["Content-Type"] == XLSX


def test_d1_2_2_the_list_costs_the_same_queries_for_one_or_many(
    client, lot, machining, clerk, operator, receiver
):
    client.force_login(clerk)
    url = reverse("shopfloor:assessment-list")
    record(clerk, machining, operator)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _number in range(5):
        record(clerk, machining, operator, lot=lot, operation="车")
        record(clerk, machining, receiver, team=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as api_few:
        client.get("/api/v1/shopfloor/assessments?reason=chaotic_stack")
    with CaptureQueriesContext(connection) as api_many:
        client.get("/api/v1/shopfloor/assessments")
    assert len(api_many) == len(api_few)


def test_d1_2_2_monthly_summary_per_target_with_xlsx(
    client, refused, machining, clerk, operator, director
):
    confirmed = record(clerk, machining, operator, points=4)
    waived = record(clerk, machining, operator, points=2)
    services.confirm(actor=director, assessment=confirmed)
    services.waive(actor=director, assessment=waived, reason="情有可原")
    client.force_login(director)
    page = client.get(reverse("shopfloor:assessment-summary"))
    rows = {entry["target"]: (entry, counts) for entry, counts in page.context["summary"]}
    entry, counts = rows["周杰"]
    assert (entry["points"], entry["confirmed"], entry["waived"], entry["candidates"]) == (
        4,
        1,
        1,
        0,
    )
    assert [count for _label, count in counts] == [0, 0, 2]  # late receipt, chaotic stack, other
    team_entry, team_counts = next(value for key, value in rows.items() if "孙丽" in key)
    assert (team_entry["points"], team_entry["candidates"]) == (0, 1)
    assert [count for _label, count in team_counts] == [0, 1, 0]
    export = client.get(reverse("shopfloor:assessment-summary"), {"format": "xlsx"})
    assert export["Content-Type"] == XLSX
    api = client.get(
        "/api/v1/shopfloor/assessments/summary", {"month": timezone.localdate().strftime("%Y-%m")}
    ).json()
    assert {row["held_against"]: row["points"] for row in api}["周杰"] == 4


# ---------------------------------------------------------------- home cards and menu
def test_d1_2_2_home_cards_for_the_director_and_the_person_assessed(
    client, refused, director, receiver, clerk
):
    client.force_login(director)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="home-card-assessments-to-decide"' in html
    assert reverse("shopfloor:assessment-detail", args=[refused.pk]) in html
    client.force_login(receiver)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="home-card-assessments-to-answer"' in html
    assert 'data-testid="home-card-assessments-to-decide"' not in html
    services.respond(actor=receiver, assessment=refused, response="已整改")
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="home-card-assessments-to-answer"' not in html
    client.force_login(clerk)
    html = client.get(reverse("core:home")).content.decode()
    assert "home-card-assessments" not in html


def test_the_menu_shows_assessments_to_the_shop_floor_not_to_an_outsider(client, clerk, outsider):
    client.force_login(clerk)
    assert reverse("shopfloor:assessment-list") in client.get(reverse("core:home")).content.decode()
    client.force_login(outsider)
    assert (
        reverse("shopfloor:assessment-list")
        not in client.get(reverse("core:home")).content.decode()
    )


# ---------------------------------------------------------------- pages: answer and decide
def test_d1_2_2_answer_and_decision_on_the_page(client, refused, receiver, director, clerk):
    url = reverse("shopfloor:assessment-detail", args=[refused.pk])
    client.force_login(clerk)
    client.post(reverse("shopfloor:assessment-confirm", args=[refused.pk]))
    refused.refresh_from_db()
    assert refused.state == "candidate"  # refused: the clerk does not decide
    client.force_login(director)
    assert 'id="confirm-assessment"' in client.get(url).content.decode()
    client.post(reverse("shopfloor:assessment-confirm", args=[refused.pk]), {"note": "照章"})
    client.force_login(receiver)
    assert 'id="respond-form"' in client.get(url).content.decode()
    client.post(reverse("shopfloor:assessment-respond", args=[refused.pk]), {"response": "已整改"})
    refused.refresh_from_db()
    assert (refused.state, refused.response) == ("confirmed", "已整改")
    history = client.get(url).context["history"]
    assert [row["said"] for row in history][-2:] == ["照章", "已整改"]


# ---------------------------------------------------------------- API
def test_d1_4_9_api_refuse_respond_confirm_and_waive(client, lot, clerk, receiver, director):
    client.force_login(clerk)
    answer = client.post(
        "/api/v1/shopfloor/assessments/refusals",
        {"lot": lot.pk, "operation": "车", "note": "散堆", "photo": photo("stack.png")},
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["reason"], body["state"], body["person_id"]) == (
        "chaotic_stack",
        "candidate",
        receiver.pk,
    )
    number = body["id"]
    refused = client.post(f"/api/v1/shopfloor/assessments/{number}/confirm", {}, "application/json")
    assert refused.status_code == 403
    client.force_login(receiver)
    answered = client.post(
        f"/api/v1/shopfloor/assessments/{number}/respond",
        {"response": "已整改"},
        "application/json",
    )
    assert answered.json()["response_state"] == "answered"
    client.force_login(director)
    waived = client.post(
        f"/api/v1/shopfloor/assessments/{number}/waive", {"reason": ""}, "application/json"
    )
    assert waived.status_code == 400 and waived.json()["field"] == "reason"
    confirmed = client.post(
        f"/api/v1/shopfloor/assessments/{number}/confirm", {"note": "照章"}, "application/json"
    )
    assert confirmed.json()["state"] == "confirmed"


def test_d1_2_2_api_records_an_assessment(client, machining, clerk, operator):
    client.force_login(clerk)
    answer = client.post(
        "/api/v1/shopfloor/assessments",
        {
            "workshop": machining.pk,
            "target": "person",
            "person": operator.pk,
            "reason": "chaotic_stack",
            "note": "工序件乱堆",
        },
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["points"] == 3
    refused = client.post(
        "/api/v1/shopfloor/assessments",
        {
            "workshop": machining.pk,
            "target": "person",
            "person": clerk.pk,
            "reason": "other",
            "points": 1,
            "note": "x",
        },
    )
    assert refused.status_code == 400 and refused.json()["field"] == "person"
    assert Assessment.objects.count() == 1


def test_d1_2_3_suggestions_on_the_api_and_the_page(client, machining, clerk, director):
    client.force_login(clerk)
    answer = client.post(
        "/api/v1/shopfloor/suggestions", {"workshop": machining.pk, "text": "磨床旁加货架"}
    )
    assert answer.status_code == 201
    number = answer.json()["id"]
    client.force_login(director)
    page = client.get(reverse("shopfloor:suggestion-detail", args=[number])).content.decode()
    assert 'id="suggestion-answer-form"' in page
    accepted = client.post(
        f"/api/v1/shopfloor/suggestions/{number}/accept", {"answer": "同意"}, "application/json"
    )
    assert (accepted.json()["state"], accepted.json()["answer"]) == ("accepted", "同意")
    listed = client.get(reverse("shopfloor:suggestion-list"), {"state": "accepted"})
    assert [row.pk for row in listed.context["rows"]] == [number]
    assert PlacementSuggestion.objects.get().answered_by == director
