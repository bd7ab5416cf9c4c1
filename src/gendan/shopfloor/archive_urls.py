"""Pages of the daily archive (D1-4.6), the statistician's daily list (D1-1.7) and the
timeliness figures (D1-1.1, D1-4.1)."""

from django.urls import path

from gendan.shopfloor import archive_views as views

urlpatterns = [
    path("archive/", views.archive_list, name="archive-list"),
    path("archive/<int:pk>/xlsx/", views.archive_file, {"kind": "xlsx"}, name="archive-xlsx"),
    path("archive/<int:pk>/pdf/", views.archive_file, {"kind": "pdf"}, name="archive-pdf"),
    path("archive/daily/", views.daily_list, name="daily-list"),
    path("archive/daily/print/", views.daily_print, name="daily-print"),
    path("archive/daily/export/", views.daily_export, name="daily-export"),
    path("timeliness/", views.timeliness_page, name="timeliness"),
    path("timeliness/<int:workshop_pk>/", views.timeliness_page, name="timeliness-of"),
    path(
        "timeliness/<int:workshop_pk>/export/",
        views.timeliness_export,
        name="timeliness-export",
    ),
]
