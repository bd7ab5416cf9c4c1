"""The permission-matrix walk (issue 9): every URL pattern of the site and every
`/api/v1` GET operation, resolved with demo objects, asked by every demo person (and by
nobody logged in); each answer is compared with what the permission matrix
(gendan.core.permissions) expects: 200 where it allows, 403 or 404 where it refuses,
a redirect to the login page for the anonymous visitor.

Each URL name and API operation is classified ONCE in `PAGES` / `OPERATIONS` below as
(object type, action) of the matrix — or, for a page whose gate is a Django permission
outside the matrix, that permission. A page added without a line here fails
`test_every_url_and_operation_is_classified` with its name: add the line.

Writes (POST-only pages and POST operations) are classified too, but walked only as a
GET, which must never show anything (405, or 403/404 from a gate that runs first).
"""

import logging
import os
import time
import warnings
from dataclasses import dataclass, replace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from gendan import demo
from gendan.core import permissions
from gendan.core.access import can_see_document
from gendan.core.models import Document

pytestmark = pytest.mark.django_db  # the test database is set up for marked tests only

ANON = "(anonymous)"


# ---------------------------------------------------------------- classification
@dataclass(frozen=True)
class Page:
    """What a page is, for the matrix: `object_type`/`action`, or a Django `perm`
    (pages gated outside the matrix), or `public`/`login` (anyone / any login).
    `sample` names how to fill its URL with demo objects; `write` marks a POST-only
    page."""

    object_type: str = ""
    action: str = "view"
    sample: str = ""
    perm: str = ""
    public: bool = False
    login: bool = False
    write: bool = False
    outside: str = ""  # the gate is not (yet) the matrix's: judged only as "no 500"
    redirects: bool = False  # an allowed GET answers with a redirect to the page it is part of


def M(object_type, action="view", sample="", write=False):
    return Page(object_type=object_type, action=action, sample=sample, write=write)


def P(perm, sample="", write=False):
    return Page(perm=perm, sample=sample, write=write)


def X(outside, sample="", write=False):
    return Page(outside=outside, sample=sample, write=write)


LOGISTICS = "the follow-up desk's own role gate (logistics/access.py)"
SHOPFLOOR = "the shop floor's own gates (shopfloor/queries.py)"
QUALITY = "quality's own gates (quality/access.py)"
ORG = "the people directory's own gate (org/views.py)"
SETUP = "warehouse setup's own gate (stock/warehouse_items.py)"

LOGIN = Page(login=True)
PUBLIC = Page(public=True)


def W(object_type, action, sample=""):
    return M(object_type, action, sample, write=True)


def WP(perm, sample=""):
    return P(perm, sample, write=True)


PAGES = {
    "healthz": Page(public=True, outside="200, or 503 while the worker's heartbeat is missing"),
    "login": Page(public=True, redirects=True),
    "logout": Page(public=True, write=True),
    "password_change": LOGIN,
    "password_change_done": LOGIN,
    "set_language": Page(public=True, write=True),
    "api-pages:token-list": LOGIN,
    "api-pages:token-create": Page(login=True, write=True),
    "api-pages:token-revoke": Page(login=True, write=True, sample="token"),
    "org:employee-list": X(ORG),
    "org:employee-create": P("org.add_employee"),
    "org:employee-detail": X(ORG, "employee"),
    "org:employee-edit": P("org.change_employee", "employee"),
    "org:grant-add": WP("org.add_rolegrant", "employee"),
    "org:login-create": WP("org.add_rolegrant", "employee"),
    "org:grant-revoke": WP("org.add_rolegrant", "grant"),
    "catalog:item-list": LOGIN,
    "catalog:item-create": M("master", "create"),
    "catalog:item-detail": Page(login=True, sample="item"),
    "catalog:item-edit": M("master", "change", "item"),
    "catalog:variant-add": W("master", "change", "item"),
    "catalog:bom-edit": M("master", "change", "item"),
    "catalog:bom-line-remove": W("master", "change", "bom_line"),
    "catalog:process-sheet-edit": M("master", "change", "item"),
    "catalog:item-import": M("master", "create"),
    "catalog:item-export": LOGIN,
    "sales:todo": LOGIN,
    "sales:customer-list": M("customer"),
    "sales:customer-create": M("customer", "create"),
    "sales:customer-detail": M("customer", "view", "customer"),
    "sales:customer-update": M("customer", "change", "customer"),
    "sales:contact-create": W("customer", "change", "customer"),
    "sales:communication-create": W("customer", "log", "customer"),
    "sales:communication-feedback": W("customer", "log", "communication"),
    "sales:order-list": M("order"),
    "sales:order-create": M("order", "create"),
    "sales:order-line-row": M("order", "create"),
    "sales:order-detail": M("order", "view", "order"),
    "sales:order-print": M("order", "view", "order"),
    "sales:order-confirm": W("order", "change", "order"),
    "sales:order-amend": W("order", "change", "order"),
    "sales:order-cancel": W("order", "change", "order"),
    "sales:order-close": W("order", "change", "order"),
    "sales:order-reopen": W("order", "change", "order"),
    "sales:payment-create": W("order", "change", "order"),
    "sales:delivery-note-create": W("order", "change", "order"),
    "sales:factory-order-create": W("order", "change", "order"),
    "sales:factory-order-check": W("order", "change", "factory_order"),
    "sales:delivery-note-print": M("order", "view", "delivery_note"),
    "sales:delivery-note-new": M("order", "change", "order"),
    "sales:customer-return-create": W("order", "change", "order"),
    "sales:receivables": P("sales.view_prices"),
    "followup:board": M("order"),
    "followup:board-view-save": Page(login=True, write=True),
    "followup:board-view-delete": Page(login=True, write=True, sample="board_view"),
    "followup:order-detail": Page(object_type="order", sample="order", redirects=True),
    "followup:order-outlook": W("milestone", "complete", "order"),
    "followup:milestone-complete": W("milestone", "complete", "milestone"),
    "followup:milestone-reopen": W("milestone", "complete", "milestone"),
    "followup:expense-list": M("expense_claim"),
    "followup:expense-create": W("expense_claim", "create"),
    "followup:claim-submit": W("expense_claim", "create"),
    "followup:claim-approve": W("expense_claim", "approve", "claim"),
    "stock:balance-list": M("stock"),
    "stock:item-history": M("stock", "view", "item"),
    "stock:near-expiry": M("stock"),
    "stock:location-list": M("stock"),
    "stock:opening-import": P("stock.add_openingimport"),
    "stock:opening-import-template": P("stock.add_openingimport"),
    "stock:count-list": M("count"),
    "stock:count-open": W("count", "create"),
    "stock:count-sheet": M("count", "view", "count"),
    "stock:count-submit": W("count", "count", "count"),
    "stock:count-export": M("count", "view", "count"),
    "stock:count-phone": M("count", "view", "count"),
    "stock:count-record": W("count", "count", "count"),
    "stock:count-import": W("count", "count", "count"),
    "stock:setup-warehouse-list": X(SETUP),
    "stock:setup-items": X(SETUP, "warehouse"),
    "stock:setup-item-add": WP("stock.add_warehouseitem", "warehouse"),
    "stock:setup-kind-add": WP("stock.add_warehouseitem", "warehouse"),
    "stock:setup-group-add": WP("stock.add_warehouseitem", "warehouse"),
    "stock:setup-item-remove": WP("stock.delete_warehouseitem", "warehouse_item"),
    "stock:setup-item-import": WP("stock.add_warehouseitem", "warehouse"),
    "stock:setup-places": X(SETUP, "warehouse"),
    "stock:setup-place-add": WP("org.add_storageplace", "warehouse"),
    "stock:setup-place-rename": WP("org.change_storageplace", "place"),
    "stock:setup-place-deactivate": WP("org.change_storageplace", "place"),
    "stock:setup-place-activate": WP("org.change_storageplace", "place"),
    "slips:slip-list": M("slip"),
    "slips:slip-create": M("slip", "create", "slip_kind"),
    "slips:line-form": M("slip", "create", "slip_kind"),
    "slips:outsourcer-report": M("stock"),
    "slips:slip-detail": M("slip", "view", "slip"),
    "slips:slip-edit": M("slip", "create", "slip"),
    "slips:slip-print": M("slip", "view", "slip"),
    "slips:slip-submit": W("slip", "sign", "slip"),
    "slips:slip-sign": W("slip", "sign", "slip"),
    "slips:slip-reverse": W("slip", "reverse", "slip"),
    "logistics:queue": X(LOGISTICS),
    "logistics:waybill-follow-up": X(LOGISTICS, write=True),
    "logistics:waybill-urge": X(LOGISTICS, write=True),
    "logistics:waybill-move": X(LOGISTICS, write=True),
    "logistics:waybill-match": X(LOGISTICS, write=True),
    "logistics:sheets": X(LOGISTICS),
    "logistics:sheet-inspect": X(LOGISTICS, write=True),
    "logistics:sheet-import": X(LOGISTICS, write=True),
    "logistics:sheet-raw": X(LOGISTICS, "express_sheet"),
    "logistics:team": X(LOGISTICS),
    "logistics:team-distribute": X(LOGISTICS, write=True),
    "logistics:errors": X(LOGISTICS),
    "logistics:error-run": X(LOGISTICS, write=True),
    "logistics:error-confirm": X(LOGISTICS, write=True),
    "logistics:error-waive": X(LOGISTICS, write=True),
    "logistics:urging": X(LOGISTICS),
    "logistics:urge-answer": X(LOGISTICS, write=True),
    "logistics:report": X(LOGISTICS),
    "logistics:report-export": X(LOGISTICS),
    "shopfloor:lot-list": X(SHOPFLOOR),
    "shopfloor:lot-start": X(SHOPFLOOR),
    "shopfloor:lot-detail": X(SHOPFLOOR, "lot"),
    "shopfloor:lot-label": X(SHOPFLOOR, "lot"),
    "shopfloor:transfer-list": X(SHOPFLOOR),
    "shopfloor:transfer-create": X(SHOPFLOOR),
    "shopfloor:transfer-detail": X(SHOPFLOOR, "transfer"),
    "shopfloor:transfer-sign": X(SHOPFLOOR, "transfer", write=True),
    "shopfloor:waiting-area": X(SHOPFLOOR),
    "shopfloor:waiting-area-of": X(SHOPFLOOR, "workshop_pk"),
    "quality:sampling-calculator": LOGIN,
    "quality:inspection-list": X(QUALITY),
    "quality:inspection-new": X(QUALITY),
    "quality:inspection-detail": X(QUALITY, "inspection"),
    "quality:inspection-sign": X(QUALITY, "inspection", write=True),
    "quality:inspection-refuse": X(QUALITY, "inspection", write=True),
    "quality:order-summary": X(QUALITY, "order_id"),
    "quality:daily-report": X(QUALITY),
    "quality:daily-report-add": X(QUALITY, "daily_report", write=True),
    "core:home": LOGIN,
    "core:inbox": LOGIN,
    "core:search": LOGIN,
    "core:document-list": M("document"),
    "core:document-detail": M("document", "view", "document"),
    "core:document-submit": W("document", "sign", "document"),
    "core:document-sign": W("document", "sign", "document"),
    "core:document-reject": W("document", "sign", "document"),
    "core:document-withdraw": W("document", "sign", "document"),
    "core:document-void": W("document", "void", "document"),
    "core:book-list": LOGIN,
    "core:attachment-file": M("document", "view", "attachment"),
    "core:upload-file": M("document", "view", "upload"),
    "core:policy-list": P("core.change_policy"),
    "core:policy-change": P("core.change_policy", "policy"),
    "core:calendar-index": replace(P("core.change_calendarday"), redirects=True),
    "core:calendar-year": P("core.change_calendarday", "year"),
    "core:calendar-notice": WP("core.change_calendarday", "year"),
    "core:calendar-confirm": WP("core.change_calendarday", "year"),
    "core:calendar-day-toggle": WP("core.change_calendarday", "day"),
    "core:timeline": M("audit", "view", "timeline"),
    "core:failed-events": P("core.view_eventdelivery"),
    "core:event-delivery-retry": WP("core.retry_eventdelivery", "event_delivery"),
}

# /api/v1 operations by operationId; only GETs are walked (see the module docstring)
OPERATIONS = {
    "gendan_api_api_me": LOGIN,
    "gendan_api_api_inbox": LOGIN,
    "gendan_api_api_document_detail": M("document", "view", "document"),
    "gendan_api_api_sign": W("document", "sign"),
    "gendan_api_api_reject": W("document", "sign"),
    "gendan_api_api_submit": W("document", "sign"),
    "gendan_api_api_withdraw": W("document", "sign"),
    "gendan_api_api_list_tokens": LOGIN,
    "gendan_api_api_create_token": Page(login=True, write=True),
    "gendan_api_api_revoke_token": Page(login=True, write=True),
    "gendan_api_papers_list_paper_types": LOGIN,
    "gendan_api_papers_write_plain_paper": W("document", "create"),
    "gendan_catalog_api_list_items": LOGIN,
    "gendan_catalog_api_create_item": W("master", "create"),
    "gendan_catalog_api_import_items": W("master", "create"),
    "gendan_catalog_api_import_variants": W("master", "create"),
    "gendan_catalog_api_import_process_sheets": W("master", "create"),
    "gendan_catalog_api_item_detail": Page(login=True, sample="item"),
    "gendan_sales_api_list_customers": M("customer"),
    "gendan_sales_api_list_orders": M("order"),
    "gendan_sales_api_create_order": W("order", "create"),
    "gendan_sales_api_order_detail": M("order", "view", "order"),
    "gendan_sales_api_list_order_lines": M("order"),
    "gendan_sales_api_list_communications": M("customer"),
    "gendan_sales_api_log_communication": W("customer", "log"),
    "gendan_sales_api_confirm_order": W("order", "change"),
    "gendan_sales_api_cancel_order": W("order", "change"),
    "gendan_sales_api_close_order": W("order", "change"),
    "gendan_sales_api_reopen_order": W("order", "change"),
    "gendan_sales_api_amend_order": W("order", "change"),
    "gendan_sales_api_record_payment": W("order", "change"),
    "gendan_sales_api_create_delivery_note": W("order", "change"),
    "gendan_sales_api_give_feedback": W("customer", "log"),
    "gendan_sales_api_record_customer_return": W("order", "change"),
    "gendan_followup_api_board": M("order"),
    "gendan_followup_api_order_milestones": M("order", "view", "order"),
    "gendan_followup_api_complete_milestone": W("milestone", "complete"),
    "gendan_followup_api_reopen_milestone": W("milestone", "complete"),
    "gendan_followup_api_record_outlook": W("milestone", "complete"),
    "gendan_followup_api_expense_list": M("expense_claim"),
    "gendan_followup_api_expense_create": W("expense_claim", "create"),
    "gendan_followup_api_claim_submit": W("expense_claim", "create"),
    "gendan_followup_api_claim_approve": W("expense_claim", "approve"),
    "gendan_stock_api_list_balances": M("stock"),
    "gendan_stock_api_list_moves": M("stock"),
    "gendan_stock_api_import_opening": WP("stock.add_openingimport"),
    "gendan_stock_api_open_count": W("count", "create"),
    "gendan_stock_api_count_detail": M("count", "view", "count"),
    "gendan_stock_api_record_counted": W("count", "count"),
    "gendan_stock_api_submit_count": W("count", "count"),
    "gendan_stock_api_sign_count": W("count", "sign"),
    "gendan_stock_slips_api_list_slips": M("slip"),
    "gendan_stock_slips_api_create_slip": W("slip", "create"),
    "gendan_stock_slips_api_outsourcer_holdings": M("stock"),
    "gendan_stock_slips_api_slip_detail": M("slip", "view", "slip"),
    "gendan_stock_slips_api_submit_slip": W("slip", "sign"),
    "gendan_stock_slips_api_sign_slip": W("slip", "sign"),
    "gendan_stock_slips_api_post_slip": W("slip", "sign"),
    "gendan_stock_slips_api_reject_slip": W("slip", "sign"),
    "gendan_stock_slips_api_void_slip": W("slip", "void"),
    "gendan_stock_slips_api_reverse_slip": W("slip", "reverse"),
    "gendan_quality_api_get_sampling_plan": X(
        "a calculation for any login; 400 without its lot size"
    ),
    "gendan_logistics_api_answer_urge": X(LOGISTICS, write=True),
    "gendan_logistics_api_distribute": X(LOGISTICS, write=True),
    "gendan_logistics_api_follow_up": X(LOGISTICS, write=True),
    "gendan_logistics_api_get_waybill": X(LOGISTICS),
    "gendan_logistics_api_import_sheet": X(LOGISTICS, write=True),
    "gendan_logistics_api_list_errors": X(LOGISTICS),
    "gendan_logistics_api_list_waybills": X(LOGISTICS),
    "gendan_logistics_api_month_report": X(LOGISTICS),
    "gendan_logistics_api_run_audit": X(LOGISTICS, write=True),
    "gendan_logistics_api_urge": X(LOGISTICS, write=True),
    "gendan_logistics_api_urging_list": X(LOGISTICS),
    "gendan_shopfloor_api_list_lots": X(SHOPFLOOR),
    "gendan_shopfloor_api_lot_detail": X(SHOPFLOOR),
    "gendan_shopfloor_api_sign_transfer": X(SHOPFLOOR, write=True),
    "gendan_shopfloor_api_start_lot": X(SHOPFLOOR, write=True),
    "gendan_shopfloor_api_transfer_detail": X(SHOPFLOOR),
    "gendan_shopfloor_api_waiting_area": X(SHOPFLOOR),
    "gendan_shopfloor_api_write_transfer": X(SHOPFLOOR, write=True),
    "gendan_quality_api_daily_reports": X(QUALITY),
    "gendan_quality_api_inspection_detail": X(QUALITY),
    "gendan_quality_api_list_inspections": X(QUALITY),
    "gendan_quality_api_record_inspection": X(QUALITY, write=True),
    "gendan_quality_api_refuse_inspection": X(QUALITY, write=True),
    "gendan_quality_api_sign_inspection": X(QUALITY, write=True),
}

# Path parameters of the API, by name, to samples
API_SAMPLES = {
    "order_id": "order",
    "document_id": "document",
    "count_id": "count",
    "slip_id": "slip",
    "item_id": "item",
    "inspection_id": "inspection",
    "lot_id": "lot",
    "transfer_id": "transfer",
    "workshop_id": "workshop_pk",
    "waybill_id": "waybill",
}

# Object types and actions the matrix does not (yet) hold: classified, walked, but
# judged only as "never a server error" until the matrix names them.
OUTSIDE_MATRIX = {
    (object_type, action)
    for object_type in ("slip", "document", "expense_claim")
    for action in ("create", "void", "sign", "approve")
}


# ---------------------------------------------------------------- demo samples
def _pks(model_path, limit=3, **filters):
    from django.apps import apps

    model = apps.get_model(model_path)
    return list(model.objects.filter(**filters).order_by("pk")[:limit])


def _documents():
    """One paper of every type (and state) the demo has, up to 12."""
    seen, found = set(), []
    for document in Document.objects.order_by("pk"):
        key = (document.slip_type, document.status)
        if key not in seen:
            seen.add(key)
            found.append(document)
    return found[:4]


def _pk_rows(model_path, limit=1, judged=lambda row: row):
    return [({"pk": row.pk}, judged(row)) for row in _pks(model_path, limit)]


SAMPLES = {
    "order": lambda: _pk_rows("sales.Order", 4),
    "order_id": lambda: [({"order_id": o.pk}, o) for o in _pks("sales.Order", 4)],
    "customer": lambda: _pk_rows("sales.Customer", 2),
    "document": lambda: [({"pk": d.pk}, d) for d in _documents()],
    "count": lambda: _pk_rows("stock.CountSheet", 2),
    "slip": lambda: _pk_rows("slips.StockSlip", 2, lambda slip: slip.document),
    "slip_kind": lambda: [({"kind": kind}, None) for kind in ("production_receipt", "steel_issue")],
    "milestone": lambda: _pk_rows("followup.Milestone", 2, lambda milestone: milestone.order),
    "factory_order": lambda: _pk_rows("sales.FactoryOrder", 2, lambda row: row.order),
    "delivery_note": lambda: _pk_rows("sales.DeliveryNote", 2, lambda row: row.order),
    "communication": lambda: _pk_rows("sales.Communication", 2, lambda row: row.customer),
    "claim": lambda: _pk_rows("followup.ExpenseClaim"),
    "timeline": lambda: [
        ({"app_label": "sales", "model": "order", "pk": str(o.pk)}, o)
        for o in _pks("sales.Order", 1)
    ],
    "item": lambda: _pk_rows("catalog.Item"),
    "express_sheet": lambda: _pk_rows("logistics.TrackingImport"),
    "lot": lambda: _pk_rows("shopfloor.Lot"),
    "waybill": lambda: _pk_rows("logistics.Waybill"),
    "transfer": lambda: _pk_rows("shopfloor.TransferSlip"),
    "workshop_pk": lambda: [({"workshop_pk": w.pk}, w) for w in _pks("org.Workshop", 2)],
    "employee": lambda: _pk_rows("org.Employee"),
    "grant": lambda: _pk_rows("org.RoleGrant"),
    "token": lambda: _pk_rows("api.ApiToken"),
    "board_view": lambda: _pk_rows("followup.SavedBoardView"),
    "warehouse": lambda: _pk_rows("org.Warehouse"),
    "place": lambda: _pk_rows("org.StoragePlace"),
    "inspection": lambda: _pk_rows("quality.Inspection"),
    "daily_report": lambda: _pk_rows("quality.DailyReport"),
    "attachment": lambda: _pk_rows("core.Attachment"),
    "event_delivery": lambda: _pk_rows("core.EventDelivery"),
}


def _samples(name):
    """[(url kwargs, the object the matrix judges)] for a sample name."""
    if name in SAMPLES:
        return SAMPLES[name]()
    return _special_samples(name)


def _special_samples(name):
    if name == "bom_line":
        lines = _pks("catalog.BomLine", 1)
        return [({"pk": line.parent_id, "line_pk": line.pk}, None) for line in lines]
    if name == "warehouse_item":
        rows = _pks("stock.WarehouseItem", 1)
        return [({"pk": row.warehouse_id, "item_pk": row.item_id}, None) for row in rows]
    if name == "policy":
        return [({"key": row.key}, None) for row in _pks("core.Policy", 1)]
    if name == "year":
        return [({"year": 2027}, None)]
    if name == "day":
        return [({"day": "2027-01-04"}, None)]
    if name == "upload":
        return []  # a served upload is reached through its paper's page, not walked here
    raise KeyError(name)


# ---------------------------------------------------------------- expectations
def _own_order(user, order):
    """The matrix's "own order", computed here independently of the gates."""
    from gendan.followup.models import Milestone
    from gendan.sales.models import FactoryOrder

    if user.pk in (order.merchandiser_id, order.customer.merchandiser_id):
        return True
    if Milestone.objects.filter(order=order, owner=user).exists():
        return True
    return FactoryOrder.objects.filter(
        order=order, factory__kind="contracted_factory", factory__employees__user=user
    ).exists()


def _own_customer(user, customer):
    return customer.merchandiser_id == user.pk or customer.orders.filter(merchandiser=user).exists()


def _judge_object(user, page, obj):
    object_type, action = page.object_type, page.action
    reach = permissions.reach(user, object_type, action)
    if object_type == "order" and action == "change" and obj is not None:
        # writes on an order: its own merchandiser (sales.access.can_act_on_order)
        return reach.everywhere or (reach.own and obj.merchandiser_id == user.pk)
    if object_type in ("order", "milestone") and obj is not None:
        if object_type == "milestone":
            reach = permissions.reach(user, "order", "view")
        return reach.everywhere or (reach.own and _own_order(user, obj))
    if object_type == "customer" and obj is not None:
        return reach.everywhere or (reach.own and _own_customer(user, obj))
    if object_type == "count" and obj is not None:
        own = obj.document.author_id == user.pk
        if reach.covers(obj.document.scope_keys, is_own=own):
            return True
        return bool(reach) and can_see_document(user, obj.document)
    if object_type in ("document", "slip") and obj is not None:
        return can_see_document(user, obj)
    return bool(reach)


def expected(user, page, obj):
    """True (200), False (403/404), or None (not judged: the gate is outside the matrix)."""
    if page.outside:
        return None
    if page.public or page.login:
        return True
    if page.perm:
        return user.has_perm(page.perm)
    if (page.object_type, page.action) in OUTSIDE_MATRIX:
        return None
    if page.object_type == "audit":
        return permissions.allows(user, "audit", "view")
    return _judge_object(user, page, obj)


# Answers that differ from the matrix on pages owned elsewhere, found by this walk and
# left to their owners (each line: URL name, who, what the matrix expects). Remove a
# line when its page asks the matrix; a new difference fails the walk.
KNOWN_DIFFERENCES = {
    # a form shown to someone the write will refuse
    "followup:expense-list": "the expense form is shown to every login, not only claimants",
    # the matrix gives statisticians and purchasers item edits; catalog asks the Django
    # permission, which a role granted in one workshop does not carry
    "catalog:item-create": "asks catalog.add_item, not the matrix's master.create",
    "catalog:item-edit": "asks catalog.change_item, not the matrix's master.change",
    "catalog:bom-edit": "asks catalog.change_item, not the matrix's master.change",
    "catalog:process-sheet-edit": "asks catalog.change_item, not the matrix's master.change",
    "catalog:item-import": "asks catalog.add_item, not the matrix's master.create",
    "gendan_followup_api_expense_list": "every login reads its own expenses, not only claimants",
}


def _verdict(status, allowed, page, anonymous):
    """'' when the status fits what the matrix expects, else what was expected."""
    if status >= 500 and not (page.outside and page.public):
        return "no server error"
    if page.write:
        return "" if status in (302, 401, 403, 404, 405) else "no page for a GET of a write"
    if anonymous and not page.public:
        return "" if status in (302, 401) else "a redirect to the login page"
    if allowed is None:
        return ""
    if allowed:
        return "" if status == 200 or (page.redirects and status == 302) else "200"
    return "" if status in (403, 404) else "403 or 404"


# ---------------------------------------------------------------- enumeration
SKIPPED_URL_PREFIXES = ("admin/", "api/v1/")  # Django's admin; the API is walked by operation


def url_patterns(patterns=None, prefix="", namespace=""):
    """(URL name, pattern text) of every page of the site."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if text.startswith(SKIPPED_URL_PREFIXES):
                continue
            inner = pattern.namespace or ""
            spaced = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_patterns(pattern.url_patterns, text, spaced)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or text)
            yield name, text


def api_operations():
    """(operationId, method, path) of every /api/v1 operation, from the OpenAPI schema."""
    from gendan.api.api import api

    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            yield operation["operationId"], method.upper(), path


def test_every_url_and_operation_is_classified():
    """A page or an operation with no line in PAGES / OPERATIONS fails here, by name."""
    pages = {name for name, _text in url_patterns()}
    operations = {operation_id for operation_id, _m, _p in api_operations()}
    missing = sorted(pages - PAGES.keys()) + sorted(operations - OPERATIONS.keys())
    gone = sorted(PAGES.keys() - pages) + sorted(OPERATIONS.keys() - operations)
    assert not missing, (
        "Classify these in tests/test_permission_matrix.py (PAGES or OPERATIONS) as "
        "(object type, action) of gendan.core.permissions: " + ", ".join(missing)
    )
    assert not gone, "These lines name pages or operations that no longer exist: " + ", ".join(gone)


# ---------------------------------------------------------------- the walk
@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (and a count in progress, so the count
    pages have something to show); rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        logins = demo.load()
        _a_count_in_progress()
        names = [name for name, *_rest in logins]
        if os.environ.get("PERMISSION_WALK_USERS"):  # to look into a few people by hand
            names = [
                name for name in names if name in os.environ["PERMISSION_WALK_USERS"].split(",")
            ]
        users = [get_user_model().objects.get(username=name) for name in names]
        yield users
        transaction.set_rollback(True)


def _a_count_in_progress():
    from gendan.stock import counts
    from gendan.stock.models import CountSheet, Location

    if CountSheet.objects.exists():
        return
    storekeeper = get_user_model().objects.get(username="wuqiang")
    location = Location.objects.filter(kind="warehouse", warehouse__code="CP").first()
    if location is not None:
        counts.open_count(actor=storekeeper, location=location)


def _page_urls():
    """(name, page, url, object) of every page, filled with demo samples."""
    for name, _text in url_patterns():
        page = PAGES.get(name)  # unclassified: the classification test names it
        if page is None:
            continue
        samples = _samples(page.sample) if page.sample else [({}, None)]
        if not samples:
            yield name, page, None, None
        for kwargs, obj in samples:
            try:
                yield name, page, reverse(name, kwargs=kwargs), obj
            except NoReverseMatch:
                yield name, page, None, obj


def _api_urls():
    for operation_id, method, path in api_operations():
        page = OPERATIONS.get(operation_id)  # unclassified: the classification test names it
        if page is None or method != "GET":
            continue
        params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        if not params:
            yield operation_id, page, path, None
            continue
        samples = _samples(API_SAMPLES[params[0]])
        if not samples:
            yield operation_id, page, None, None
        for kwargs, obj in samples:
            value = next(iter(kwargs.values()))
            yield operation_id, page, path.replace("{" + params[0] + "}", str(value)), obj


def _walk(users, targets):
    """Ask every target as every user; return (mismatches, figures)."""
    targets = list(targets)
    unwalked = sorted({name for name, _page, url, _obj in targets if url is None})
    targets = [target for target in targets if target[2] is not None]
    mismatches, judged, asked, known = [], 0, 0, set()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 403/404 are expected
    people = [(ANON, None, Client())]
    for user in users:
        client = Client()
        client.force_login(user)
        people.append((user.username, user, client))
    progress = os.environ.get("PERMISSION_WALK_REPORT")
    for username, user, client in people:
        for name, page, url, obj in targets:
            began = time.monotonic()
            status = client.get(url).status_code
            asked += 1
            if progress and time.monotonic() - began > 0.5:
                with open(progress + ".slow", "a", encoding="utf-8") as slow:
                    slow.write(f"{username} {url} {time.monotonic() - began:.1f}s\n")
            allowed = None if user is None else expected(user, page, obj)
            judged += allowed is not None
            problem = _verdict(status, allowed, page, anonymous=user is None)
            if problem and name in KNOWN_DIFFERENCES:
                known.add(name)
            elif problem:
                mismatches.append(f"{username} GET {url} ({name}): {status}, expected {problem}")
    figures = {"targets": len(targets), "asked": asked, "judged": judged, "known": sorted(known)}
    return mismatches, figures, unwalked


def test_every_page_answers_every_person_as_the_matrix_says(demo_world, django_db_blocker):
    started = time.monotonic()
    with django_db_blocker.unblock():
        mismatches, figures, unwalked = _walk(demo_world, _page_urls())
    _report("pages", figures, unwalked, time.monotonic() - started, mismatches)
    assert not mismatches, f"{len(mismatches)} answers differ from the matrix:\n" + "\n".join(
        mismatches[:80]
    )


def test_every_api_operation_answers_every_person_as_the_matrix_says(demo_world, django_db_blocker):
    started = time.monotonic()
    with django_db_blocker.unblock():
        mismatches, figures, unwalked = _walk(demo_world, _api_urls())
    _report("API operations", figures, unwalked, time.monotonic() - started, mismatches)
    assert not mismatches, f"{len(mismatches)} answers differ from the matrix:\n" + "\n".join(
        mismatches[:80]
    )


def _report(what, figures, unwalked, seconds, mismatches=()):
    """Print the walk's figures (and write every mismatch to $PERMISSION_WALK_REPORT)."""
    if os.environ.get("PERMISSION_WALK_REPORT"):
        with open(os.environ["PERMISSION_WALK_REPORT"], "a", encoding="utf-8") as report:
            report.write("\n".join([what, *mismatches]) + "\n")
    message = (
        f"permission walk of {what}: {figures['targets']} URLs × people = "
        f"{figures['asked']} requests, {figures['judged']} judged against the matrix, "
        f"{seconds:.1f} s"
    )
    print(message)
    if figures["known"]:
        warnings.warn(
            f"{what} still differing from the matrix (KNOWN_DIFFERENCES): "
            + ", ".join(figures["known"]),
            stacklevel=2,
        )
    if unwalked:
        warnings.warn(f"{what} with no demo object to walk: {', '.join(unwalked)}", stacklevel=2)
