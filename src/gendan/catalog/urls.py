from django.urls import path

from gendan.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/variants/add/", views.variant_grid_add, name="variant-add"),
    path("variants/<int:pk>/", views.variant_change, name="variant-change"),
    path("items/<int:pk>/bom/", views.bom_edit, name="bom-edit"),
    path("items/<int:pk>/bom/<int:line_pk>/remove/", views.bom_line_remove, name="bom-line-remove"),
    path("items/<int:pk>/process-sheet/", views.process_sheet_edit, name="process-sheet-edit"),
    path("import/", views.item_import, name="item-import"),
    path("export/", views.item_export, name="item-export"),
]
