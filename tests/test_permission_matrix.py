"""The permission-matrix walk (issue 9): every URL pattern of the site and every
`/api/v1` GET operation, resolved with demo objects, asked by every demo person (and by
nobody logged in); each answer is compared with what the permission matrix
(gendan.core.permissions) expects: 200 where it allows, 403 or 404 where it refuses,
a redirect to the login page for the anonymous visitor.

Each URL name and API operation is classified ONCE in `PAGES` / `OPERATIONS` below as
(object type, action) of the matrix — or, for a page whose gate is a Django permission
outside the matrix, that permission. A page added without a line here fails
`test_every_url_and_operation_is_classified` with its name: add the line.

Writes (POST-only pages and POST operations) are classified too and walked as a GET,
which must never show anything (405, or 403/404 from a gate that runs first). Every
POST-only page is also posted with an empty body by every person, in a savepoint rolled
back afterwards (`test_every_write_page_answers_a_post_as_the_matrix_says`): nothing may
change for a person the matrix refuses, nobody may get a server error. The fixture makes
what the demo lacks (a token, a BOM line, a claim, a call, waybills …) so those pages
have an object to walk.
"""

import logging
import os
import time
import warnings
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from gendan import demo
from gendan.core import permissions
from gendan.core.access import can_see_document
from gendan.core.models import Document
from gendan.org.models import Workshop

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
    everywhere: bool = False  # only a reach everywhere opens it (a page of everyone's objects)


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
    "favicon.ico": Page(public=True, redirects=True),
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
    "org:leave-add": X(ORG, "employee", write=True),
    "org:leave-cancel": X(ORG, "leave", write=True),
    "org:delegation-list": X(ORG),
    "org:structure": P("org.add_rolegrant"),
    "org:structure-edit": P("org.add_rolegrant", "structure"),
    "org:delegation-revoke": X(ORG, "delegation", write=True),
    "catalog:item-list": LOGIN,
    "catalog:item-create": M("master", "create"),
    "catalog:item-detail": Page(login=True, sample="item"),
    "catalog:item-edit": M("master", "change", "item"),
    "catalog:variant-add": W("master", "change", "item"),
    "catalog:variant-change": W("master", "change", "variant"),
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
    "stock:setup-item-add": X(SETUP, "warehouse", write=True),
    "stock:setup-kind-add": X(SETUP, "warehouse", write=True),
    "stock:setup-group-add": X(SETUP, "warehouse", write=True),
    "stock:setup-item-remove": X(SETUP, "warehouse_item", write=True),
    "stock:setup-item-import": X(SETUP, "warehouse", write=True),
    "stock:setup-places": X(SETUP, "warehouse"),
    "stock:setup-place-add": X(SETUP, "warehouse", write=True),
    "stock:setup-place-rename": X(SETUP, "place", write=True),
    "stock:setup-place-deactivate": X(SETUP, "place", write=True),
    "stock:setup-place-activate": X(SETUP, "place", write=True),
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
    "logistics:queue": M("waybill"),
    "logistics:waybill-follow-up": W("waybill", "follow", "waybill"),
    "logistics:waybill-urge": W("waybill", "follow", "waybill"),
    "logistics:waybill-move": W("waybill", "assign", "waybill"),
    "logistics:waybill-match": W("waybill", "create", "waybill"),
    "logistics:sheets": M("waybill"),
    "logistics:sheet-inspect": W("waybill", "create"),
    "logistics:sheet-import": W("waybill", "create"),
    "logistics:sheet-raw": replace(M("waybill", "view", "express_sheet"), everywhere=True),
    "logistics:team": replace(M("waybill"), everywhere=True),
    "logistics:team-distribute": W("waybill", "assign"),
    "logistics:errors": M("tracking_error"),
    "logistics:error-export": M("tracking_error"),
    "logistics:calls": M("waybill"),  # the call log: everyone's for readers, one's own for staff
    "logistics:call-export": M("waybill"),
    "logistics:error-run": W("tracking_error", "audit"),
    "logistics:error-confirm": W("tracking_error", "rule", "tracking_error"),
    "logistics:error-waive": W("tracking_error", "rule", "tracking_error"),
    "logistics:urging": M("waybill"),
    "logistics:urge-answer": W("waybill", "answer", "urge"),
    # the monthly report is the team lead's and readers' (views.lead_or_reader), like the week's
    "logistics:report": replace(M("waybill"), everywhere=True),
    "logistics:report-export": replace(M("waybill"), everywhere=True),
    "shopfloor:lot-list": M("lot"),
    "shopfloor:lot-start": W("lot", "create"),
    "shopfloor:lot-detail": M("lot", "view", "lot"),
    "shopfloor:lot-label": M("lot", "view", "lot"),
    "shopfloor:transfer-list": M("transfer"),
    "shopfloor:transfer-create": M("transfer", "create"),
    "shopfloor:transfer-detail": M("transfer", "view", "transfer"),
    "shopfloor:transfer-sign": W("transfer", "sign", "transfer"),
    "shopfloor:waiting-area": X(SHOPFLOOR),
    # the shop floor's equipment (D1-1.6, D1-4.8)
    "shopfloor:equipment-list": M("equipment"),
    "shopfloor:equipment-overdue": M("equipment"),
    "shopfloor:equipment-of-workshop": M("equipment", "view", "equipment_workshop"),
    "shopfloor:equipment-create": W("equipment", "create"),
    "shopfloor:equipment-detail": M("equipment", "view", "equipment"),
    "shopfloor:equipment-label": M("equipment", "view", "equipment"),
    "shopfloor:equipment-inspect": W("equipment", "inspect", "equipment"),
    "shopfloor:equipment-change": W("equipment", "change", "equipment"),
    "shopfloor:equipment-status": W("equipment", "change", "equipment"),
    # assessments and placement suggestions (D1-2.x, D1-4.9)
    "shopfloor:assessment-list": M("assessment"),
    "shopfloor:assessment-summary": M("assessment"),
    "shopfloor:suggestion-list": M("assessment"),
    "shopfloor:assessment-create": M("assessment", "create"),
    "shopfloor:assessment-refuse": M("assessment", "create"),
    "shopfloor:assessment-detail": M("assessment", "view", "assessment"),
    "shopfloor:assessment-respond": W("assessment", "respond", "assessment"),
    "shopfloor:assessment-confirm": W("assessment", "approve", "assessment"),
    "shopfloor:assessment-waive": W("assessment", "approve", "assessment"),
    "shopfloor:assessment-photo": W("assessment", "create", "assessment"),
    "shopfloor:suggestion-create": W("assessment", "create"),
    "shopfloor:suggestion-detail": M("assessment", "view", "suggestion"),
    "shopfloor:suggestion-accept": W("assessment", "approve", "suggestion"),
    "shopfloor:suggestion-decline": W("assessment", "approve", "suggestion"),
    # the daily archive, the daily list and timeliness (D1-4.6, D1-1.7, D1-4.1)
    "shopfloor:archive-list": M("transfer_archive"),
    "shopfloor:archive-xlsx": X(SHOPFLOOR, "archive"),
    "shopfloor:archive-pdf": X(SHOPFLOOR, "archive"),
    "shopfloor:daily-list": X(SHOPFLOOR),
    "shopfloor:daily-print": X(SHOPFLOOR),
    "shopfloor:daily-export": X(SHOPFLOOR),
    "shopfloor:timeliness": X(SHOPFLOOR),
    "shopfloor:timeliness-of": X(SHOPFLOOR, "workshop_pk"),
    "shopfloor:timeliness-export": X(SHOPFLOOR, "workshop_pk"),
    # lots from the BOM, label sheets and the process flow (D1-6, D1-1.4)
    "shopfloor:order-explode": X(SHOPFLOOR, "order"),
    "shopfloor:order-explode-start": X(SHOPFLOOR, "order", write=True),
    "shopfloor:flow": X(SHOPFLOOR),
    "shopfloor:flow-order": X(SHOPFLOOR, "order"),
    "shopfloor:flow-item": X(SHOPFLOOR, "item"),
    "shopfloor:labels-choose": M("lot"),
    "shopfloor:labels-sheet": X(SHOPFLOOR),
    "shopfloor:labels-containers": M("lot", "view", "lot"),
    # counts of work in progress (D1-1.5)
    "shopfloor:wip-count-list": M("wip_count"),
    "shopfloor:wip-summary": M("wip_count"),
    "shopfloor:wip-count-open": W("wip_count", "create"),
    "shopfloor:wip-count-detail": M("wip_count", "view", "wip_count"),
    "shopfloor:wip-count-phone": M("wip_count", "view", "wip_count"),
    "shopfloor:wip-count-export": M("wip_count", "export", "wip_count"),
    "shopfloor:wip-count-record": W("wip_count", "count", "wip_count"),
    "shopfloor:wip-count-import": W("wip_count", "count", "wip_count"),
    "shopfloor:wip-count-sign": W("document", "sign", "wip_count"),
    # the follow-up desk's problems, week, meeting, disagreements, merging (D3-3..D3-11)
    "logistics:waybill-problem": W("waybill", "follow", "waybill"),
    "logistics:waybill-order": M("waybill", "follow", "waybill"),
    "logistics:waybill-merge": W("waybill", "assign", "waybill"),
    "logistics:problems": M("waybill"),
    "logistics:problem-export": M("waybill"),
    "logistics:problem-close": W("waybill", "assign", "problem"),
    "logistics:problem-week": replace(M("waybill"), everywhere=True),
    "logistics:problem-week-export": replace(M("waybill"), everywhere=True),
    "logistics:week-report": replace(M("waybill"), everywhere=True),
    "logistics:week-report-export": replace(M("waybill"), everywhere=True),
    "logistics:meeting-save": W("waybill", "assign"),
    "logistics:disagreement-take": W("waybill", "assign", "disagreement"),
    "logistics:disagreement-dismiss": W("waybill", "assign", "disagreement"),
    "logistics:report-pdf": replace(M("waybill"), everywhere=True),  # like report
    "logistics:week-report-pdf": replace(M("waybill"), everywhere=True),  # like week-report
    # D3-9: retention leads: every login's own (those forwarded to them), every lead for
    # the team lead, the auditor and the sales manager
    "logistics:leads": M("retention_lead"),
    "logistics:lead-export": M("retention_lead", "export"),
    "logistics:lead-close": W("retention_lead", "change", "retention_lead"),
    # a sheet imported in the background (issue 13, D3-1): gated like sheet-import
    "logistics:sheet-job": M("waybill", "create", "import_job"),
    "logistics:sheet-job-status": M("waybill", "create", "import_job"),
    "shopfloor:waiting-area-of": X(SHOPFLOOR, "workshop_pk"),
    "quality:sampling-calculator": LOGIN,
    "quality:inspection-list": M("inspection"),
    "quality:inspection-new": M("inspection", "create"),
    "quality:inspection-detail": M("inspection", "view", "inspection"),
    "quality:inspection-print": M("inspection", "view", "inspection"),
    "quality:inspection-sign": W("inspection", "sign", "inspection"),
    "quality:inspection-refuse": W("inspection", "sign", "inspection"),
    "quality:inspection-add-photo": W("inspection", "create", "defect"),
    "quality:packing-list": X(QUALITY, "inspection"),
    "quality:packing-list-save": X(QUALITY, "inspection", write=True),
    "quality:packing-list-import": X(QUALITY, "inspection", write=True),
    "quality:packing-list-count": X(QUALITY, "inspection", write=True),
    "quality:packing-list-confirm": X(QUALITY, "inspection", write=True),
    "quality:problem-list": X(QUALITY),
    "quality:problem-new": X(QUALITY),
    "quality:problem-detail": X(QUALITY, "production_problem"),
    "quality:problem-resolve": X(QUALITY, "production_problem", write=True),
    "quality:problem-close": X(QUALITY, "production_problem", write=True),
    "quality:problem-reopen": X(QUALITY, "production_problem", write=True),
    "quality:complaint-new": X(QUALITY, "order_id"),
    "quality:plan-minutes-print": X(QUALITY, "plan"),
    "quality:plan-step-date": X(QUALITY, "plan_step", write=True),
    "quality:switching-list": X(QUALITY),
    "quality:switching-detail": X(QUALITY, "switching"),
    "quality:switching-approve-reduced": X(QUALITY, "switching", write=True),
    "quality:switching-resume": X(QUALITY, "switching", write=True),
    "quality:plan-template": X(QUALITY),
    "quality:plan-template-save": X(QUALITY, "plan_kind", write=True),
    "quality:order-plan": X(QUALITY, "order_id"),
    "quality:plan-make": X(QUALITY, "factory_order_id", write=True),
    "quality:plan-start": X(QUALITY, "plan", write=True),
    "quality:plan-meeting": X(QUALITY, "plan", write=True),
    "quality:plan-press": X(QUALITY, "plan", write=True),
    "quality:plan-minutes": X(QUALITY, "plan"),
    "quality:plan-minutes-write": X(QUALITY, "plan", write=True),
    "quality:plan-minutes-sign": X(QUALITY, "plan", write=True),
    "quality:plan-minutes-refuse": X(QUALITY, "plan", write=True),
    "quality:sample-reminders": X(QUALITY),
    "quality:order-summary-write": X(QUALITY, "order_id"),
    "quality:order-summary-send": X(QUALITY, "order_id", write=True),
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
    "core:policy-change": WP("core.change_policy", "policy"),
    "core:calendar-index": replace(P("core.change_calendarday"), redirects=True),
    "core:calendar-year": P("core.change_calendarday", "year"),
    "core:calendar-notice": WP("core.change_calendarday", "year"),
    "core:calendar-confirm": WP("core.change_calendarday", "year"),
    "core:calendar-day-toggle": WP("core.change_calendarday", "day"),
    "core:timeline": M("audit", "view", "timeline"),
    "core:chain-list": P("core.change_chaindefinition"),
    "core:book-pad": P("core.change_documentbook", "book"),
    "core:book-close": WP("core.change_documentbook", "book"),
    "core:chain-edit": P("core.change_chaindefinition", "chain"),
    "core:channel-list": P("core.change_notificationchannel"),
    "core:channel-detail": P("core.change_notificationchannel", "channel"),
    "core:channel-test": WP("core.change_notificationchannel", "channel"),
    "core:failed-events": P("core.view_eventdelivery"),
    "core:event-delivery-retry": WP("core.retry_eventdelivery", "event_delivery"),
}

# /api/v1 operations by operationId; only GETs are walked (see the module docstring)
OPERATIONS = {
    "gendan_api_api_me": LOGIN,
    "gendan_shopfloor_api_equipment_list_equipment": M("equipment"),
    "gendan_shopfloor_api_equipment_equipment_detail": M("equipment", "view", "equipment"),
    "gendan_shopfloor_api_equipment_register_equipment": W("equipment", "create"),
    "gendan_shopfloor_api_equipment_record_inspection": W("equipment", "inspect", "equipment"),
    "gendan_shopfloor_api_assessment_assessment_list": M("assessment"),
    "gendan_shopfloor_api_assessment_assessment_summary": M("assessment"),
    "gendan_shopfloor_api_assessment_suggestion_list": M("assessment"),
    "gendan_shopfloor_api_assessment_assessment_detail": M("assessment", "view", "assessment"),
    "gendan_shopfloor_api_assessment_assessment_create": W("assessment", "create"),
    "gendan_shopfloor_api_assessment_refuse_chaotic_stack": W("assessment", "create"),
    "gendan_shopfloor_api_assessment_suggestion_create": W("assessment", "create"),
    "gendan_shopfloor_api_assessment_assessment_respond": W("assessment", "respond"),
    "gendan_shopfloor_api_assessment_assessment_confirm": W("assessment", "approve"),
    "gendan_shopfloor_api_assessment_assessment_waive": W("assessment", "approve"),
    "gendan_shopfloor_api_assessment_suggestion_accept": W("assessment", "approve"),
    "gendan_shopfloor_api_assessment_suggestion_decline": W("assessment", "approve"),
    "gendan_shopfloor_api_archive_list_archives": X(SHOPFLOOR),
    "gendan_shopfloor_api_archive_archive_detail": X(SHOPFLOOR, "archive"),
    "gendan_shopfloor_api_archive_timeliness_figures": X(SHOPFLOOR),
    "gendan_logistics_api_list_problems": M("waybill"),
    "gendan_quality_followup_api_get_packing_list": X(QUALITY),
    "gendan_quality_followup_api_put_packing_list": X(QUALITY, write=True),
    "gendan_quality_followup_api_post_count": X(QUALITY, write=True),
    "gendan_quality_followup_api_post_confirm": X(QUALITY, write=True),
    "gendan_quality_followup_api_list_problems": X(QUALITY),
    "gendan_quality_followup_api_get_problem": X(QUALITY),
    "gendan_quality_followup_api_open_problem": X(QUALITY, write=True),
    "gendan_quality_followup_api_resolve_problem": X(QUALITY, write=True),
    "gendan_quality_followup_api_close_problem": X(QUALITY, write=True),
    "gendan_quality_followup_api_reopen_problem": X(QUALITY, write=True),
    "gendan_quality_followup_api_list_complaints": X(QUALITY),
    "gendan_quality_followup_api_record_complaint": X(QUALITY, write=True),
    "gendan_shopfloor_api_flow_explode_order": X(SHOPFLOOR, write=True),
    "gendan_shopfloor_api_flow_item_flow": X(SHOPFLOOR),
    "gendan_shopfloor_api_flow_order_flow": X(SHOPFLOOR),
    "gendan_shopfloor_api_wip_list_wip_counts": M("wip_count"),
    "gendan_shopfloor_api_wip_open_wip_count": W("wip_count", "create"),
    "gendan_shopfloor_api_wip_wip_count_detail": M("wip_count", "view", "wip_count"),
    "gendan_shopfloor_api_wip_record_counts": W("wip_count", "count", "wip_count"),
    "gendan_shopfloor_api_wip_sign_wip_count": W("document", "sign", "wip_count"),
    "gendan_logistics_api_record_problem": W("waybill", "follow"),
    "gendan_logistics_api_week_report": replace(M("waybill"), everywhere=True),
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
    "gendan_logistics_api_answer_urge": W("waybill", "answer"),
    "gendan_logistics_api_distribute": W("waybill", "assign"),
    "gendan_logistics_api_follow_up": W("waybill", "follow"),
    "gendan_logistics_api_get_waybill": M("waybill", "view", "waybill"),
    "gendan_logistics_api_import_sheet": W("waybill", "create"),
    "gendan_logistics_api_list_errors": M("tracking_error"),
    "gendan_logistics_api_list_waybills": M("waybill"),
    "gendan_logistics_api_month_report": replace(M("waybill"), everywhere=True),
    "gendan_logistics_api_run_audit": W("tracking_error", "audit"),
    "gendan_logistics_api_urge": W("waybill", "follow"),
    "gendan_logistics_api_urging_list": M("waybill"),
    "gendan_logistics_api_desk_week_meeting": replace(M("waybill"), everywhere=True),
    "gendan_logistics_api_desk_save_meeting": W("waybill", "assign"),
    "gendan_logistics_api_desk_list_disagreements": replace(M("waybill"), everywhere=True),
    "gendan_logistics_api_desk_take_sheet_value": W("waybill", "assign"),
    "gendan_logistics_api_desk_dismiss_disagreement": W("waybill", "assign"),
    "gendan_logistics_api_desk_merge_pairs": M("waybill", "assign"),
    "gendan_logistics_api_desk_merge": W("waybill", "assign"),
    "gendan_logistics_api_desk_take_order": W("waybill", "follow"),
    "gendan_shopfloor_api_list_lots": M("lot"),
    "gendan_shopfloor_api_lot_detail": M("lot", "view", "lot"),
    "gendan_shopfloor_api_sign_transfer": W("transfer", "sign"),
    "gendan_shopfloor_api_start_lot": W("lot", "create"),
    "gendan_shopfloor_api_transfer_detail": M("transfer", "view", "transfer"),
    "gendan_shopfloor_api_waiting_area": X(SHOPFLOOR),
    "gendan_shopfloor_api_write_transfer": W("transfer", "create"),
    "gendan_quality_api_daily_reports": X(QUALITY),
    "gendan_quality_plan_api_list_plans": X(QUALITY),
    "gendan_quality_plan_api_plan_detail": X(QUALITY),
    "gendan_quality_plan_api_summary": X(QUALITY),
    "gendan_quality_plan_api_make_plan": X(QUALITY, write=True),
    "gendan_quality_plan_api_press_for_sample": X(QUALITY, write=True),
    "gendan_quality_plan_api_write_minutes": X(QUALITY, write=True),
    "gendan_quality_plan_api_sign_minutes": X(QUALITY, write=True),
    "gendan_quality_plan_api_refuse_minutes": X(QUALITY, write=True),
    "gendan_quality_plan_api_save_summary": X(QUALITY, write=True),
    "gendan_quality_plan_api_send_summary": X(QUALITY, write=True),
    "gendan_quality_api_inspection_detail": M("inspection", "view", "inspection"),
    "gendan_quality_api_list_inspections": M("inspection"),
    "gendan_quality_api_record_inspection": W("inspection", "create"),
    "gendan_quality_api_refuse_inspection": W("inspection", "sign"),
    "gendan_quality_api_sign_inspection": W("inspection", "sign"),
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
    "plan_id": "plan",
    "waybill_id": "waybill",
    "disagreement_id": "disagreement",
    "equipment_id": "equipment",
    "assessment_id": "assessment",
    "wip_count_id": "wip_count",
    "problem_id": "production_problem",
    "archive_id": "archive",
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
    "variant": lambda: _pk_rows("catalog.ItemVariant"),
    "express_sheet": lambda: _pk_rows("logistics.TrackingImport"),
    "lot": lambda: _pk_rows("shopfloor.Lot"),
    "equipment": lambda: _pk_rows("shopfloor.Equipment", 2),
    "equipment_workshop": lambda: [({"workshop_pk": w.pk}, w) for w in _pks("org.Workshop", 2)],
    "assessment": lambda: _pk_rows("shopfloor.Assessment", 2),
    "suggestion": lambda: _pk_rows("shopfloor.PlacementSuggestion"),
    "archive": lambda: _pk_rows("shopfloor.DailyArchive"),
    "wip_count": lambda: _pk_rows("shopfloor.WipCount", 2, lambda row: row.document),
    "production_problem": lambda: _pk_rows("quality.ProductionProblem"),
    "book": lambda: _pk_rows("core.DocumentBook"),
    "plan_step": lambda: [
        ({"pk": step.plan_id, "step_id": step.pk}, step.plan)
        for step in _pks("quality.PlanStep", 1)
    ],
    "problem": lambda: _pk_rows("logistics.Problem"),
    "disagreement": lambda: _pk_rows("logistics.SheetDisagreement"),
    "waybill": lambda: _pk_rows("logistics.Waybill"),
    "transfer": lambda: _pk_rows("shopfloor.TransferSlip"),
    "workshop_pk": lambda: [({"workshop_pk": w.pk}, w) for w in _pks("org.Workshop", 2)],
    "employee": lambda: _pk_rows("org.Employee"),
    "grant": lambda: _pk_rows("org.RoleGrant"),
    "leave": lambda: _pk_rows("org.Leave"),
    "delegation": lambda: _pk_rows("org.Delegation"),
    "token": lambda: _pk_rows("api.ApiToken"),
    "board_view": lambda: _pk_rows("followup.SavedBoardView"),
    "warehouse": lambda: _pk_rows("org.Warehouse"),
    "place": lambda: _pk_rows("org.StoragePlace"),
    "inspection": lambda: _pk_rows("quality.Inspection", 2),
    "tracking_error": lambda: _pk_rows("logistics.AuditError"),
    "urge": lambda: _pk_rows("logistics.UrgeRequest"),
    "import_job": lambda: _pk_rows("logistics.SheetImportJob"),
    "retention_lead": lambda: _pk_rows("logistics.RetentionLead", 2),
    "switching": lambda: _pk_rows("quality.SwitchingState"),
    "plan": lambda: _pk_rows("quality.OrderPlan"),
    "factory_order_id": lambda: [
        ({"factory_order_id": row.pk}, row) for row in _pks("sales.FactoryOrder", 1)
    ],
    "plan_kind": lambda: [({"kind": "garment"}, None)],
    "channel": lambda: _pk_rows("core.NotificationChannel"),
    "structure": lambda: [
        ({"kind": "workshop", "pk": w.pk}, None) for w in _pks("org.Workshop", 1)
    ],
    "chain": lambda: [({"slip_type": c.slip_type}, None) for c in _pks("core.ChainDefinition", 1)],
    "daily_report": lambda: _pk_rows("quality.DailyReport"),
    "attachment": lambda: [
        ({"pk": row.pk}, Document.objects.filter(pk=row.object_id).first())
        for row in _pks("core.Attachment", 1, object_type__model="document")
    ],
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
        from gendan.core import policies

        return [({"key": key}, None) for key in sorted(policies.declared())[:1]]
    if name == "year":
        return [({"year": 2027}, None)]
    if name == "day":
        return [({"day": "2027-01-04"}, None)]
    if name == "defect":
        rows = _pks("quality.InspectionDefect", 1)
        return [({"pk": row.inspection_id, "defect_id": row.pk}, row.inspection) for row in rows]
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
    return _judge_module_object(user, page, reach, obj)


def _judge_module_object(user, page, reach, obj):
    """Lots, transfer slips, inspections, waybills and audit errors (issue 9, part 3)."""
    object_type = page.object_type
    if object_type == "equipment" and obj is not None:
        return reach.covers(obj.scope_key if isinstance(obj, Workshop) else obj.workshop.scope_key)
    if object_type == "wip_count" and obj is not None:  # its paper
        return reach.covers(obj.scope_keys, is_own=obj.author_id == user.pk)
    if object_type == "assessment" and obj is not None:
        mine = user.pk in (getattr(obj, "person_id", None), obj.written_by_id)
        return reach.covers(obj.workshop.scope_key, is_own=mine)
    if object_type in ("lot", "transfer") and obj is not None:
        return _judge_shop_floor(user, reach, obj)
    if object_type == "inspection":
        if obj is None:  # a factory login tied to no factory owns no inspection
            return reach.everywhere or (reach.own and _factory_keys(user))
        return reach.everywhere or (reach.own and _own_inspection(user, obj))
    if object_type == "retention_lead" and obj is not None:
        return reach.everywhere or (reach.own and obj.order_taker_id == user.pk)
    if object_type == "waybill" and obj is not None and hasattr(obj, "assignee_id"):
        return reach.everywhere or (reach.own and obj.assignee_id == user.pk)
    if page.everywhere or (obj is not None and object_type in ("waybill", "tracking_error")):
        return reach.everywhere  # a page of everyone's waybills (a sheet, the team, errors)
    return bool(reach)


def _judge_shop_floor(user, reach, obj):
    """A lot or a transfer slip: the people of the workshops it passes (its paper's
    scopes, and for a lot every workshop of its steps)."""
    keys = set(obj.document.scope_keys)
    if hasattr(obj, "steps"):
        keys |= {step.workshop.scope_key for step in obj.steps.select_related("workshop")}
    own = obj.document.author_id == user.pk
    return reach.covers(keys, is_own=own) or can_see_document(user, obj.document)


def _factory_keys(user):
    """The scope keys of the contracted factories the user's factory login is for."""
    return {
        grant.scope_key
        for grant in permissions.grants_of(user)
        if grant.role_code == "factory" and grant.scope_key.startswith("supplier:")
    }


def _own_inspection(user, inspection):
    """An inspection at the contracted factory the user's factory login is for."""
    from gendan.core import scopes

    return scopes.Scope.supplier(inspection.factory).key in _factory_keys(user)


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
KNOWN_DIFFERENCES = {}


# Pages whose own gate (owned by another module, not edited here) answers otherwise than
# the matrix row declared for it: reported, not failed (each line: URL name, why). A
# new difference on any other page fails the walk.
GATES_THAT_DISAGREE = {
    "gendan_logistics_api_list_waybills": "answers an empty list (200) to a role with no "
    "waybill reach, where the page answers 403",
    "gendan_logistics_api_list_errors": "answers an empty list (200) to a role with no reach",
    "gendan_logistics_api_urging_list": "answers an empty list (200) to a role with no reach",
    "gendan_quality_api_list_inspections": "answers an empty list (200) to a role with no "
    "inspection reach, where the page answers 403/404",
    "gendan_logistics_api_list_problems": "answers an empty list (200) to a role with no reach",
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
        return "" if status == 200 or (page.redirects and status in (301, 302)) else "200"
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
    pages have something to show); rolled back at the end. By hand,
    PERMISSION_WALK_SKIP_DEMOS=shopfloor,quality leaves out those modules' demos."""
    skipped = [name for name in os.environ.get("PERMISSION_WALK_SKIP_DEMOS", "").split(",") if name]
    kept = [name for name in demo.MODULE_DEMOS if name.rsplit(".", 2)[-2] not in skipped]
    with django_db_blocker.unblock(), transaction.atomic():
        demo.MODULE_DEMOS[:], every_demo = kept, list(demo.MODULE_DEMOS)  # by hand only
        try:
            logins = demo.load()
        finally:
            demo.MODULE_DEMOS[:] = every_demo
        _a_count_in_progress()
        _objects_the_demo_lacks()
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


def _objects_the_demo_lacks():
    """One object for each page the demo leaves with nothing to walk (issue 9, part 2):
    an API token, a BOM line, a saved board view, a trip-expense claim, a logged call,
    an attachment, a day's tracking sheet handed out (waybills, an urge, audit errors)
    and a daily report. Each made by the role whose job it is, through its service."""
    for make in (
        _a_token,
        _a_bom_line,
        _a_board_view,
        _an_expense_claim,
        _a_call,
        _an_attachment,
        _a_tracking_day,
        _a_daily_report,
    ):
        try:
            with transaction.atomic():
                make()
        except Exception as error:  # reported as a warning; the walk goes on without it
            warnings.warn(f"the walk could not make {make.__name__}: {error!r}", stacklevel=1)


def _user(username):
    return get_user_model().objects.get(username=username)


def _a_token():
    from gendan.api import services

    services.create_token(actor=_user("zhangwei"), name="permission walk")


def _a_bom_line():
    from gendan.catalog import services
    from gendan.catalog.models import Item

    parent, component = Item.objects.order_by("pk")[:2]
    services.set_bom_lines(actor=_user("admin"), parent=parent, lines=[(component, Decimal("2"))])


def _a_board_view():
    from gendan.followup.models import SavedBoardView

    SavedBoardView.objects.create(user=_user("zhangwei"), name="walk", querystring="q=1")


def _an_expense_claim():
    from django.utils import timezone

    from gendan.followup import expenses
    from gendan.org.models import Site

    factory = Site.objects.filter(kind=Site.Kind.CONTRACTED_FACTORY).first()
    merchandiser = _user("zhangwei")
    expenses.record_expense(
        actor=merchandiser,
        spent_on=timezone.localdate(),
        category="lunch",
        amount="25.00",
        factory=factory,
    )
    expenses.submit_claim(actor=merchandiser)


def _a_call():
    from datetime import timedelta

    from django.utils import timezone

    from gendan.sales.models import Customer
    from gendan.sales.services.customers import log_communication

    customer = Customer.objects.order_by("pk").first()
    log_communication(
        actor=_user("zhangwei"),
        customer=customer,
        kind="call",
        summary="确认交期",
        feedback_promised="明天回电",
        feedback_due_date=timezone.localdate() + timedelta(days=1),
    )


def _an_attachment():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gendan.core import attachments

    document = Document.objects.order_by("pk").first()
    upload = SimpleUploadedFile("walk.pdf", b"%PDF-1.4 permission walk", "application/pdf")
    attachments.attach(actor=_user("admin"), obj=document, upload=upload)


def _a_tracking_day():
    from django.utils import timezone

    from gendan.logistics import distribution, importing, problems, services
    from gendan.logistics.models import SheetImportJob, Waybill
    from tests.logistics.desk import day_rows, sheet

    lead, today = _user("tangwei"), timezone.localdate()
    importing.import_sheet(
        actor=lead, file_bytes=sheet(day_rows()), file_name="walk.csv", sheet_date=today
    )
    distribution.distribute(actor=lead, day=today)
    SheetImportJob.objects.create(token="0" * 64, file_name="walk.csv", requested_by=lead)
    services.request_urge(actor=lead, waybill=Waybill.objects.order_by("pk").first(), note="催")
    services.run_audit(actor=lead, day=today)
    problems.record_problem(
        actor=lead, waybill=Waybill.objects.order_by("pk").first(), kind="lost", note="查无此件"
    )
    row = (
        "",
        "陈小红",
        "",
        "浙江省杭州市西湖区文三路 1 号",
        "SF1234567890123",
        "中通快递",
        "派送中",
    )
    importing.import_sheet(
        actor=lead, file_bytes=sheet([row]), file_name="walk-2.csv", sheet_date=today
    )


def _a_daily_report():
    from django.utils import timezone

    from gendan.quality.models import DailyReport

    today = timezone.localdate()
    DailyReport.objects.create(report_date=today, send_on=today, author=_user("zhangwei"))


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
                unnamed = ":" not in name and not kwargs and "<" not in name
                yield name, page, ("/" + name if unnamed else None), obj


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
            if problem and (name in KNOWN_DIFFERENCES or name in GATES_THAT_DISAGREE):
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


# ---------------------------------------------------------------- the POST walk
def _snapshot(obj):
    """What a refused write must leave as it was: the number of audit rows and papers,
    the rows of the object's table and the object's own row."""
    from gendan.core.models import AuditEvent

    state = [AuditEvent.objects.count(), Document.objects.count()]
    if obj is not None and getattr(obj, "pk", None) is not None:
        model = type(obj)
        state += [model.objects.count(), model.objects.filter(pk=obj.pk).values().first()]
    return state


def _post_verdict(status, allowed, changed, anonymous):
    """(problem, soft) for a POST with an empty body. `problem` fails the walk: a server
    error, or a write the matrix refuses that changed something (or any answer but the
    login redirect for the anonymous visitor). `soft` is a refusal that changed nothing
    but was answered with a redirect and a message (the pages' `act` convention) or a
    form error, not the 403/404 the matrix names: counted and reported per page."""
    if status >= 500:
        return "no server error", ""
    if anonymous:
        if changed:
            return "nothing changed for the anonymous visitor", ""
        return ("" if status in (302, 401, 403) else "a redirect to the login page"), ""
    if allowed is False:
        if changed:
            return "nothing changed (refused by the matrix)", ""
        return "", ("" if status in (403, 404) else f"refused with {status}, not 403/404")
    if allowed is None and status in (403, 404) and changed:
        return "nothing changed when refused", ""
    return "", ""


def _post_walk(users, targets):
    """POST an empty body to every write page as every person, each in a savepoint
    rolled back afterwards; return (mismatches, figures)."""
    targets = [target for target in targets if target[2] is not None]
    mismatches, soft, asked, refused, judged = [], {}, 0, 0, 0
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    people = [(ANON, None, Client(raise_request_exception=False))]
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        people.append((user.username, user, client))
    for username, user, client in people:
        for name, page, url, obj in targets:
            allowed = None if user is None else expected(user, page, obj)
            before = _snapshot(obj)
            with transaction.atomic():
                status = client.post(url, {}).status_code
                changed = _snapshot(obj) != before
                transaction.set_rollback(True)
            asked += 1
            judged += allowed is not None
            refused += status in (401, 403, 404) or (status == 302 and user is None)
            problem, softly = _post_verdict(status, allowed, changed, anonymous=user is None)
            if problem:
                mismatches.append(f"{username} POST {url} ({name}): {status}, expected {problem}")
            if softly:
                soft[name] = soft.get(name, 0) + 1
    figures = {"targets": len(targets), "asked": asked, "judged": judged, "known": []}
    figures.update(refused=refused, soft=soft)
    return mismatches, figures


def _write_pages():
    for name, page, url, obj in _page_urls():
        if page.write and not page.public and url is not None:
            yield name, page, url, obj


def test_every_write_page_answers_a_post_as_the_matrix_says(demo_world, django_db_blocker):
    """Issue 9, part 2: each POST-only page, posted with an empty body by every person:
    a person the matrix refuses gets 403 or 404 and nothing changes in the database
    (audit rows, papers, the object's table and row); a person it allows gets a form
    error or a redirect; nobody gets a server error."""
    started = time.monotonic()
    with django_db_blocker.unblock():
        mismatches, figures = _post_walk(demo_world, _write_pages())
    _report("POSTs to write pages", figures, [], time.monotonic() - started, mismatches)
    soft = figures["soft"]
    print(f"POST walk: {figures['refused']} answered 401/403/404")
    if soft:
        warnings.warn(
            f"{sum(soft.values())} POSTs the matrix refuses changed nothing but were answered "
            "with a redirect or a form error, not 403/404: "
            + ", ".join(f"{name} ×{count}" for name, count in sorted(soft.items())),
            stacklevel=1,
        )
    assert not mismatches, f"{len(mismatches)} POST answers differ:\n" + "\n".join(mismatches[:80])


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
            f"{what} still differing from the matrix (GATES_THAT_DISAGREE): "
            + ", ".join(figures["known"]),
            stacklevel=2,
        )
    if unwalked:
        warnings.warn(f"{what} with no demo object to walk: {', '.join(unwalked)}", stacklevel=2)
