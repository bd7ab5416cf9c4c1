"""The one order page seen from the follow-up desk (issue 10 §8, D5-3.4, D5-7): the board
and the sales list lead to the same page; it shows the lines, the plan, every paper of
the order, the timeline and the notes; the old follow-up address leads there. Saved
board views keep the filters on screen (issue 10 §10).

Personas: 刘洋 the merchandiser, 陈敏 the statistician who owns 成品入库, 吴强 the
storekeeper."""

import re

from django.urls import reverse

from gendan.followup import services
from gendan.followup.models import Milestone, SavedBoardView
from gendan.stock.slips.models import SlipKind
from tests.factories import UserFactory, grant
from tests.followup.test_milestones_from_stock import machine, order, store
from tests.slips import factories
from tests.slips.conftest import statistician

__all__ = ["machine", "order", "statistician", "store"]  # fixtures of the seeder order

BOARD = reverse("followup:board")


def _order_links(html):
    return set(re.findall(r'href="(/[^"]*/orders/\d+/)"', html))


def test_d5_3_4_board_and_sales_list_open_the_same_order_page(client, planned_order, merchandiser):
    client.force_login(merchandiser)
    page = reverse("sales:order-detail", args=[planned_order.pk])
    assert _order_links(client.get(BOARD).content.decode()) == {page}
    assert _order_links(client.get(reverse("sales:order-list")).content.decode()) == {page}
    kanban = client.get(BOARD, {"view": "kanban"}).content.decode()
    assert _order_links(kanban) == {page}


def test_the_old_follow_up_address_leads_to_the_one_page(client, planned_order, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("followup:order-detail", args=[planned_order.pk]))
    assert response.status_code == 302
    assert response.url == reverse("sales:order-detail", args=[planned_order.pk])


def test_d5_3_4_one_page_shows_lines_plan_papers_timeline_and_notes(
    client, merchandiser, order, machine, store, statistician, machining
):
    """刘洋 opens the seeder order: its line, the 13-step plan with a milestone's note,
    陈敏's production receipt among the papers and in the timeline, the order note."""
    order.note = "客户要求木箱包装"
    order.save(update_fields=["note"])
    milestone = Milestone.objects.filter(order=order, status="open").order_by("position").first()
    services.complete_milestone(
        actor=merchandiser, milestone=milestone, evidence_url="/documents/5/", note="样品已寄出"
    )
    slip = factories.write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [factories.line(machine[0], 2)],
        workshop=machining,
        order=order,
    )
    client.force_login(merchandiser)
    body = client.get(reverse("sales:order-detail", args=[order.pk])).content.decode()
    for section in ("lines", "plan", "papers", "timeline", "notes"):
        assert f'data-testid="section-{section}"' in body
    assert body.count('data-testid="order-line"') == 1 and "旋耕机" in body
    assert body.count('data-testid="milestone"') == order.milestones.count()
    paper = body.split('id="other-papers"')[1].split("</section>")[0]
    assert slip.document.number in paper  # listed; linked only for who may open it
    timeline = body.split('data-testid="timeline"')[1].split("</ul>")[0]
    assert slip.document.number in timeline and statistician.first_name in timeline
    notes = body.split('data-testid="section-notes"')[1]
    assert "客户要求木箱包装" in notes and "样品已寄出" in notes and milestone.name in notes
    for raw in ("receipt.posted", "milestone.completed", "order.create", "{'", "+00:00"):
        assert raw not in body


def test_a_milestone_owner_sees_the_page_without_the_forms_she_may_not_use(client, planned_order):
    """陈敏 owns one milestone: she opens the order, but no sales form is offered."""
    statistician = UserFactory(username="chenmin", first_name="陈敏")
    grant(statistician, "statistician")
    page = reverse("sales:order-detail", args=[planned_order.pk])
    client.force_login(statistician)
    Milestone.objects.filter(pk=planned_order.milestones.first().pk).update(owner=statistician)
    body = client.get(page).content.decode()
    assert 'data-testid="section-plan"' in body
    assert reverse("sales:order-amend", args=[planned_order.pk]) not in body
    assert reverse("sales:payment-create", args=[planned_order.pk]) not in body


def test_an_outsider_gets_not_found_on_the_one_page(client, planned_order, outsider):
    client.force_login(outsider)
    assert client.get(reverse("sales:order-detail", args=[planned_order.pk])).status_code == 404


def test_saving_a_view_keeps_the_filters_on_screen_not_the_stale_page_address(
    client, planned_order, merchandiser
):
    """The filters were applied through htmx: the save form still carries the page's
    first (empty) address, and sends the filter form's fields along (hx-include)."""
    client.force_login(merchandiser)
    response = client.post(
        reverse("followup:board-view-save"),
        {"name": "迟了的", "querystring": "", "late": "1", "q": "", "sort": "delivery"},
        HTTP_HX_REQUEST="true",
    )
    view = SavedBoardView.objects.get(user=merchandiser)
    assert view.querystring == "sort=delivery&late=1"
    assert response.headers["HX-Redirect"] == f"{BOARD}?sort=delivery&late=1"


def test_a_view_without_any_filter_is_refused_and_nothing_is_saved(client, merchandiser):
    client.force_login(merchandiser)
    response = client.post(
        reverse("followup:board-view-save"), {"name": "全部", "querystring": ""}, follow=True
    )
    assert "alert-danger" in response.content.decode()
    assert not SavedBoardView.objects.exists()


def test_the_board_offers_only_merchandisers_in_its_merchandiser_filter(
    client, planned_order, merchandiser
):
    storekeeper_person = UserFactory(username="wuqiang", first_name="吴强")
    grant(storekeeper_person, "storekeeper")
    client.force_login(merchandiser)
    body = client.get(BOARD).content.decode()
    options = body.split('name="merchandiser"')[1].split("</select>")[0]
    assert "刘洋" in options and "吴强" not in options
