from django.urls import path

from gendan.stock.slips import views

app_name = "slips"

urlpatterns = [
    path("", views.slip_list, name="slip-list"),
    path("new/<str:kind>/", views.slip_create, name="slip-create"),
    path("new/<str:kind>/line/", views.line_form, name="line-form"),
    path("outsourcers/", views.outsourcer_report, name="outsourcer-report"),
    path("<int:pk>/", views.slip_detail, name="slip-detail"),
    path("<int:pk>/edit/", views.slip_edit, name="slip-edit"),
    path("<int:pk>/print/", views.slip_print, name="slip-print"),
    path("<int:pk>/submit/", views.slip_submit, name="slip-submit"),
    path("<int:pk>/sign/", views.slip_sign, name="slip-sign"),
    path("<int:pk>/reverse/", views.slip_reverse, name="slip-reverse"),
]
