from django.urls import path

from gendan.stock import setup_views, views

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
    path("counts/", views.count_list, name="count-list"),
    path("counts/new/", views.count_open, name="count-open"),
    path("counts/<int:pk>/", views.count_sheet, name="count-sheet"),
    path("counts/<int:pk>/submit/", views.count_submit, name="count-submit"),
    path("counts/<int:pk>/xlsx/", views.count_sheet_export, name="count-export"),
    path("counts/<int:pk>/phone/", views.count_phone, name="count-phone"),
    path("counts/<int:pk>/record/", views.count_record, name="count-record"),
    path("counts/<int:pk>/import/", views.count_import, name="count-import"),
    # warehouse setup (issue 10): items managed and storage places, without the admin
    path("setup/", setup_views.warehouse_list, name="setup-warehouse-list"),
    path("setup/<int:pk>/items/", setup_views.warehouse_items_page, name="setup-items"),
    path("setup/<int:pk>/items/add/", setup_views.assign_item, name="setup-item-add"),
    path("setup/<int:pk>/items/add-kind/", setup_views.assign_kind, name="setup-kind-add"),
    path("setup/<int:pk>/items/add-group/", setup_views.assign_group, name="setup-group-add"),
    path(
        "setup/<int:pk>/items/<int:item_pk>/remove/",
        setup_views.remove_item,
        name="setup-item-remove",
    ),
    path("setup/<int:pk>/items/import/", setup_views.import_items, name="setup-item-import"),
    path("setup/<int:pk>/places/", setup_views.places_page, name="setup-places"),
    path("setup/<int:pk>/places/add/", setup_views.place_add, name="setup-place-add"),
    path("setup/places/<int:pk>/rename/", setup_views.place_rename, name="setup-place-rename"),
    path(
        "setup/places/<int:pk>/deactivate/",
        setup_views.place_deactivate,
        name="setup-place-deactivate",
    ),
    path(
        "setup/places/<int:pk>/activate/", setup_views.place_activate, name="setup-place-activate"
    ),
]
