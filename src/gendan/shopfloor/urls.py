from django.urls import include, path

from gendan.shopfloor import views

app_name = "shopfloor"

urlpatterns = [
    path("lots/", views.lot_list, name="lot-list"),
    path("lots/start/", views.lot_start, name="lot-start"),
    path("lots/<int:pk>/", views.lot_detail, name="lot-detail"),
    path("lots/<int:pk>/label/", views.lot_label, name="lot-label"),
    path("transfers/", views.transfer_list, name="transfer-list"),
    path("transfers/new/", views.transfer_create, name="transfer-create"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer-detail"),
    path("transfers/<int:pk>/sign/", views.transfer_sign, name="transfer-sign"),
    path("waiting/", views.waiting_area, name="waiting-area"),
    path("waiting/<int:workshop_pk>/", views.waiting_area, name="waiting-area-of"),
    path("", include("gendan.shopfloor.equipment_urls")),
    path("", include("gendan.shopfloor.assessment_urls")),
    path("", include("gendan.shopfloor.archive_urls")),
    path("", include("gendan.shopfloor.wip_urls")),
    path("", include("gendan.shopfloor.flow_urls")),
]
