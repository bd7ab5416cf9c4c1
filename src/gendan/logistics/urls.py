from django.urls import path

from gendan.logistics import views

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
    path("errors/run/", views.run_audit, name="error-run"),
    path("errors/<int:pk>/confirm/", views.confirm_error, name="error-confirm"),
    path("errors/<int:pk>/waive/", views.waive_error, name="error-waive"),
    path("urging/", views.urging, name="urging"),
    path("urging/<int:pk>/answer/", views.answer_urge, name="urge-answer"),
    path("report/", views.report, name="report"),
    path("report/export/", views.report_export, name="report-export"),
]
