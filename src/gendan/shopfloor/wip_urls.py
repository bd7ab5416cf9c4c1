"""Pages of the shop floor's counts of work in progress (D1-1.5)."""

from django.urls import path

from gendan.shopfloor import wip_views

urlpatterns = [
    path("wip-counts/", wip_views.wip_count_list, name="wip-count-list"),
    path("wip-counts/open/", wip_views.wip_count_open, name="wip-count-open"),
    path("wip-counts/now/", wip_views.wip_summary, name="wip-summary"),
    path("wip-counts/<int:pk>/", wip_views.wip_count_detail, name="wip-count-detail"),
    path("wip-counts/<int:pk>/phone/", wip_views.wip_count_phone, name="wip-count-phone"),
    path("wip-counts/<int:pk>/record/", wip_views.wip_count_record, name="wip-count-record"),
    path("wip-counts/<int:pk>/sign/", wip_views.wip_count_sign, name="wip-count-sign"),
    path("wip-counts/<int:pk>/xlsx/", wip_views.wip_count_export, name="wip-count-export"),
    path("wip-counts/<int:pk>/import/", wip_views.wip_count_import, name="wip-count-import"),
]
