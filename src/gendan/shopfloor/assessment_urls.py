"""Pages of the shop floor's assessments 考核, chaotic-stack refusals, placement suggestions (D1-2.x, D1-4.9)."""

from django.urls import path

from gendan.shopfloor import assessment_views as views

urlpatterns = [
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/refuse/", views.assessment_refuse, name="assessment-refuse"),
    path("assessments/summary/", views.assessment_summary, name="assessment-summary"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/respond/", views.assessment_respond, name="assessment-respond"),
    path("assessments/<int:pk>/confirm/", views.assessment_confirm, name="assessment-confirm"),
    path("assessments/<int:pk>/waive/", views.assessment_waive, name="assessment-waive"),
    path("assessments/<int:pk>/photo/", views.assessment_photo, name="assessment-photo"),
    path("assessments/suggestions/", views.suggestion_list, name="suggestion-list"),
    path("assessments/suggestions/new/", views.suggestion_create, name="suggestion-create"),
    path("assessments/suggestions/<int:pk>/", views.suggestion_detail, name="suggestion-detail"),
    path(
        "assessments/suggestions/<int:pk>/accept/",
        views.suggestion_accept,
        name="suggestion-accept",
    ),
    path(
        "assessments/suggestions/<int:pk>/decline/",
        views.suggestion_decline,
        name="suggestion-decline",
    ),
]
