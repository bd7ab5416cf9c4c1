from django.urls import include, path

from gendan.quality import inspection_views as inspections
from gendan.quality import views

app_name = "quality"

urlpatterns = [
    path("sampling/", views.sampling_calculator, name="sampling-calculator"),
    path("inspections/", inspections.inspection_list, name="inspection-list"),
    path("inspections/new/", inspections.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/sign/", inspections.inspection_sign, name="inspection-sign"),
    path("inspections/<int:pk>/refuse/", inspections.inspection_refuse, name="inspection-refuse"),
    path("orders/<int:order_id>/", inspections.order_summary, name="order-summary"),
    path("daily-report/", inspections.daily_report, name="daily-report"),
    path("daily-report/<int:pk>/add/", inspections.daily_report_add, name="daily-report-add"),
    path("", include("gendan.quality.plan_urls")),
]
