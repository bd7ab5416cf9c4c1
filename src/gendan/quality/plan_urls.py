"""Pages of the inspection plan per order (included by quality/urls.py, namespace
`quality:`). qa's order summary page links to `order-plan` and `order-summary-write`."""

from django.urls import path

from gendan.quality import plan_extra_views as extra
from gendan.quality import plan_views as views

urlpatterns = [
    path("plan-template/", views.plan_template, name="plan-template"),
    path("plan-template/<str:kind>/", views.plan_template_save, name="plan-template-save"),
    path("orders/<int:order_id>/plan/", views.order_plan, name="order-plan"),
    path("factory-orders/<int:factory_order_id>/plan/", views.plan_make, name="plan-make"),
    path("plans/<int:pk>/start/", views.plan_start, name="plan-start"),
    path("plans/<int:pk>/meeting/", views.plan_meeting, name="plan-meeting"),
    path("plans/<int:pk>/press/", views.plan_press, name="plan-press"),
    path("plans/<int:pk>/minutes/", views.plan_minutes, name="plan-minutes"),
    path("plans/<int:pk>/minutes/write/", views.plan_minutes_write, name="plan-minutes-write"),
    path("plans/<int:pk>/minutes/sign/", views.plan_minutes_sign, name="plan-minutes-sign"),
    path("plans/<int:pk>/minutes/refuse/", views.plan_minutes_refuse, name="plan-minutes-refuse"),
    path("plans/<int:pk>/steps/<int:step_id>/date/", extra.plan_step_date, name="plan-step-date"),
    path("plans/<int:pk>/minutes/print/", extra.plan_minutes_print, name="plan-minutes-print"),
    path("sample-reminders/", views.sample_reminders, name="sample-reminders"),
    path("orders/<int:order_id>/summary/", views.order_summary_write, name="order-summary-write"),
    path(
        "orders/<int:order_id>/summary/send/", views.order_summary_send, name="order-summary-send"
    ),  # fmt: skip
]
