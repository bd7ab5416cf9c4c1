"""Pages of the shop floor's cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8)."""

from django.urls import path

from gendan.shopfloor import equipment_views as views

urlpatterns = [
    path("equipment/", views.equipment_list, name="equipment-list"),
    path("equipment/overdue/", views.equipment_overdue, name="equipment-overdue"),
    path(
        "equipment/workshop/<int:workshop_pk>/",
        views.equipment_list,
        name="equipment-of-workshop",
    ),
    path("equipment/new/", views.equipment_create, name="equipment-create"),
    path("equipment/<int:pk>/", views.equipment_detail, name="equipment-detail"),
    path("equipment/<int:pk>/inspect/", views.equipment_inspect, name="equipment-inspect"),
    path("equipment/<int:pk>/change/", views.equipment_change, name="equipment-change"),
    path("equipment/<int:pk>/status/", views.equipment_status, name="equipment-status"),
    path("equipment/<int:pk>/label/", views.equipment_label, name="equipment-label"),
]
