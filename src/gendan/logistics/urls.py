from django.urls import path

from gendan.logistics import call_views, desk_views, lead_views, report_pdf_views, views

app_name = "logistics"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("waybills/<int:pk>/follow-up/", views.follow_up, name="waybill-follow-up"),
    path("waybills/<int:pk>/urge/", views.urge, name="waybill-urge"),
    path("waybills/<int:pk>/move/", views.move, name="waybill-move"),
    path("waybills/<int:pk>/match/", views.match, name="waybill-match"),
    path("sheets/", views.sheets, name="sheets"),
    path("sheets/inspect/", views.sheet_inspect, name="sheet-inspect"),
    path("sheets/import/", views.sheet_import, name="sheet-import"),
    path("sheets/<int:pk>/raw/", views.sheet_raw, name="sheet-raw"),
    path("team/", views.team, name="team"),
    path("team/distribute/", views.distribute, name="team-distribute"),
    path("errors/", views.errors, name="errors"),
    path("errors/export/", views.error_export, name="error-export"),
    path("errors/run/", views.run_audit, name="error-run"),
    path("errors/<int:pk>/confirm/", views.confirm_error, name="error-confirm"),
    path("errors/<int:pk>/waive/", views.waive_error, name="error-waive"),
    path("urging/", views.urging, name="urging"),
    path("urging/<int:pk>/answer/", views.answer_urge, name="urge-answer"),
    path("report/", views.report, name="report"),
    path("report/export/", views.report_export, name="report-export"),
]

urlpatterns += [
    path("waybills/<int:pk>/problem/", desk_views.record_problem, name="waybill-problem"),
    path("waybills/<int:pk>/order/", desk_views.take_order, name="waybill-order"),
    path("problems/", desk_views.problem_list, name="problems"),
    path("problems/export/", desk_views.problem_export, name="problem-export"),
    path("problems/<int:pk>/close/", desk_views.close_problem, name="problem-close"),
    path("problems/week/", desk_views.problem_week, name="problem-week"),
    path("problems/week/export/", desk_views.problem_week_export, name="problem-week-export"),
    path("report/week/", desk_views.week_report, name="week-report"),
    path("report/week/export/", desk_views.week_report_export, name="week-report-export"),
    path("report/week/meeting/", desk_views.save_meeting, name="meeting-save"),
    path("waybills/<int:pk>/merge/", desk_views.merge, name="waybill-merge"),
    path(
        "disagreements/<int:pk>/take/", desk_views.take_sheet_value, name="disagreement-take"
    ),  # fmt: skip
    path(
        "disagreements/<int:pk>/dismiss/",
        desk_views.dismiss_disagreement,
        name="disagreement-dismiss",
    ),  # fmt: skip
]

# The reports as PDF (issue 13, D3-7): gated like report-export and week-report-export.

urlpatterns += [
    path("report/pdf/", report_pdf_views.report_pdf_download, name="report-pdf"),
    path("report/week/pdf/", report_pdf_views.week_report_pdf_download, name="week-report-pdf"),
]

# Retention leads forwarded to the order taker (issue 13, D3-9).

urlpatterns += [
    path("leads/", lead_views.lead_list, name="leads"),
    path("leads/export/", lead_views.lead_export, name="lead-export"),
    path("leads/<int:pk>/close/", lead_views.lead_close, name="lead-close"),
]

# A large sheet imported in the background, its progress polled by the upload page
# (issue 13, D3-1): gated like sheet-import (who may import sheets).
urlpatterns += [
    path("sheets/jobs/<int:pk>/", views.sheet_job, name="sheet-job"),
    path("sheets/jobs/<int:pk>/status/", views.sheet_job_status, name="sheet-job-status"),
]

# The call log, and the day's followed-up data for the auditor (D3-1, D3-5).
urlpatterns += [
    path("calls/", call_views.call_log, name="calls"),
    path("calls/export/", call_views.call_export, name="call-export"),
]
