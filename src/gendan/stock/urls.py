from django.urls import path

from gendan.stock import views

app_name = "stock"

urlpatterns = [
    path("", views.balance_list, name="balance-list"),
    path("items/<int:pk>/moves/", views.item_history, name="item-history"),
    path("near-expiry/", views.near_expiry_list, name="near-expiry"),
    path("locations/", views.location_list, name="location-list"),
    path("opening-stock/", views.opening_import, name="opening-import"),
    path(
        "opening-stock/template/",
        views.opening_import_template,
        name="opening-import-template",
    ),
    path("counts/<int:pk>/", views.count_sheet, name="count-sheet"),
    path("counts/<int:pk>/xlsx/", views.count_sheet_export, name="count-export"),
    path("counts/<int:pk>/phone/", views.count_phone, name="count-phone"),
    path("counts/<int:pk>/record/", views.count_record, name="count-record"),
    path("counts/<int:pk>/import/", views.count_import, name="count-import"),
]
