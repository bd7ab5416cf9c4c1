from django.urls import include, path

from gendan.quality import followup_views as followups
from gendan.quality import inspection_views as inspections
from gendan.quality import switching_views as switching
from gendan.quality import views

app_name = "quality"

urlpatterns = [
    path("sampling/", views.sampling_calculator, name="sampling-calculator"),
    path("inspections/", inspections.inspection_list, name="inspection-list"),
    path("inspections/new/", inspections.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/sign/", inspections.inspection_sign, name="inspection-sign"),
    path("inspections/<int:pk>/refuse/", inspections.inspection_refuse, name="inspection-refuse"),
    path("inspections/<int:pk>/print/", inspections.inspection_print, name="inspection-print"),
    path(
        "inspections/<int:pk>/defects/<int:defect_id>/photo/",
        inspections.inspection_add_photo,
        name="inspection-add-photo",
    ),
    path("switching/", switching.switching_list, name="switching-list"),
    path("switching/<int:pk>/", switching.switching_detail, name="switching-detail"),
    path(
        "switching/<int:pk>/approve-reduced/",
        switching.switching_approve_reduced,
        name="switching-approve-reduced",
    ),
    path("switching/<int:pk>/resume/", switching.switching_resume, name="switching-resume"),
    path("orders/<int:order_id>/", inspections.order_summary, name="order-summary"),
    path("daily-report/", inspections.daily_report, name="daily-report"),
    path("daily-report/<int:pk>/add/", inspections.daily_report_add, name="daily-report-add"),
    path("inspections/<int:pk>/packing-list/", followups.packing_list, name="packing-list"),
    path(
        "inspections/<int:pk>/packing-list/save/",
        followups.packing_list_save,
        name="packing-list-save",
    ),
    path(
        "inspections/<int:pk>/packing-list/import/",
        followups.packing_list_import,
        name="packing-list-import",
    ),
    path(
        "inspections/<int:pk>/packing-list/count/",
        followups.packing_list_count,
        name="packing-list-count",
    ),
    path(
        "inspections/<int:pk>/packing-list/confirm/",
        followups.packing_list_confirm,
        name="packing-list-confirm",
    ),
    path("problems/", followups.problem_list, name="problem-list"),
    path("problems/new/", followups.problem_new, name="problem-new"),
    path("problems/<int:pk>/", followups.problem_detail, name="problem-detail"),
    path("problems/<int:pk>/resolve/", followups.problem_resolve, name="problem-resolve"),
    path("problems/<int:pk>/close/", followups.problem_close, name="problem-close"),
    path("problems/<int:pk>/reopen/", followups.problem_reopen, name="problem-reopen"),
    path("orders/<int:order_id>/complaints/new/", followups.complaint_new, name="complaint-new"),
    path("", include("gendan.quality.plan_urls")),
]
