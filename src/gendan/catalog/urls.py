from django.urls import path

from gendan.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("import/", views.item_import, name="item-import"),
    path("export/", views.item_export, name="item-export"),
]
